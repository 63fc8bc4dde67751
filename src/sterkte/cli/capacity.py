"""`sterkte capacity`: demand against supply per team and week, for the CM-tafel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from sterkte.cli.common import DbOption, console, user_errors
from sterkte.demand.gap import describe
from sterkte.demand.model import PlannedBlock
from sterkte.demand.view import cm_tafel
from sterkte.errors import InputError
from sterkte.parameters import ParameterSet
from sterkte.sources.incidents import read_incidents
from sterkte.store.anticipation import AnticipationRun, latest_run
from sterkte.store.db import connect, resolve_db_path
from sterkte.store.demand import latest_hr_date, staff_on, team_absence


def _monday_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7 or 7)


def _hours(x: float) -> str:
    return f"{round(x) + 0:,}".replace(",", ".")  # + 0: no "-0"


@user_errors
def capacity_command(
    team: Annotated[list[str], typer.Option("--team", help="Basisteam code (repeatable).")],
    weeks: Annotated[int, typer.Option("--weeks", min=1, max=52,
                                       help="Planning weeks from --start.")] = 4,
    start: Annotated[str | None, typer.Option(
        "--start", help="First planning day, a Monday (default: the Monday after the latest "
                        "HR record).")] = None,
    incidents: Annotated[Path | None, typer.Option(
        "--incidents", help="Incident records (CSV, see docs/demand.md); default: synthetic "
                            "incidents for the teams (seeded).")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the synthetic incidents.")] = 1,
    history_weeks: Annotated[int, typer.Option("--history-weeks", min=1, max=104,
                                               help="Weeks of incidents the profile is "
                                                    "estimated on.")] = 13,
    anticipation: Annotated[bool, typer.Option(
        "--anticipation", help="Add the preventive presence of the latest anticipation run "
                               "in the store (`sterkte anticipate forecast … --areas … "
                               "--save`) as planned work.")] = False,
    db: DbOption = None,
) -> None:
    """Demand vs supply per team and week, for the CM-tafel.

    Person-hours per week, the hours of the week that fall short, Erlang C for
    priority-1 calls, and the options from the district (solidarity shifts,
    planning across teams) with their effect."""
    con = connect(resolve_db_path(db), read_only=True)
    try:
        latest = latest_hr_date(con)
        if start is None:
            first = _monday_after(latest)
        else:
            try:
                first = dt.date.fromisoformat(start)
            except ValueError:
                raise InputError.at("--start", f"expected a date YYYY-MM-DD, found {start!r}"
                                    ) from None
            if first.weekday() != 0:
                raise InputError.at("--start", f"{first} is not a Monday")
        staff_day = min(latest, first)
        params = ParameterSet.bundled()
        staff = staff_on(con, staff_day)
        known = {s.team for s in staff}
        unknown = [t for t in team if t not in known]
        if unknown:
            raise InputError.at("--team", f"unknown team {', '.join(unknown)}; teams look like "
                                          f"{sorted(known)[0]}")
        absence = team_absence(con, staff_day,
                               int(params["absence_long_spell_days"].number(staff_day))
                               if "absence_long_spell_days" in params else 730)
        run = latest_run(con) if anticipation else None
    finally:
        con.close()
    records = None
    source = f"synthetic incidents (seed {seed})"
    if incidents is not None:
        imp = read_incidents(incidents, teams=known)
        records = imp.incidents
        source = f"{incidents} ({len(records)} accepted, {len(imp.rejected)} rejected)"
    extra = _presence(run, first, weeks, known) if anticipation else []
    cm = cm_tafel(staff, absence, team, first, weeks, params, incidents=records, seed=seed,
                  history_weeks=history_weeks, extra_blocks=extra)
    settings, share, gaps = cm.settings, cm.neighbourhood_share, cm.gaps
    console.print(f"Capacity from {first} for {weeks} week(s); demand from {source}, "
                  f"{history_weeks} weeks of history; staff on {staff_day}.", highlight=False)
    for t, g in gaps.items():
        tab = Table(title=f"{t} (district {g.district})", box=box.SIMPLE_HEAD)
        for col in ("week", "response demand h", "response supply h", "gap h",
                    "wijk hours h", "wijk share if gap filled from wijk"):
            tab.add_column(col, justify="right")
        for wk in g.weeks:
            gap = f"[red]{_hours(wk.gap)}[/]" if wk.gap < 0 else _hours(wk.gap)
            sh = wk.neighbourhood_share_if_filled(share)
            monday = first + dt.timedelta(weeks=wk.week)
            tab.add_row(f"{monday:%G-W%V}", _hours(wk.demand), _hours(wk.supply), gap,
                        _hours(wk.neighbourhood_supply),
                        "—" if sh is None else f"{100 * sh:.0f} %".replace(".", ","))
        console.print(tab)
        if anticipation:
            console.print(f"  preventive presence (anticipation): "
                          f"{cm.extra_hours.get(t, 0.0):.1f} h in the {weeks} week(s), in the "
                          "response demand above", highlight=False)
        console.print(f"  Erlang C: up to {g.erlang_officers_peak:.0f} officers on duty for "
                      f"priority-1 calls (p = {settings.p_free:g} of a free unit); shift relief "
                      f"factor {g.relief_factor:.2f}", highlight=False)
        if g.short_hours:
            console.print("  Short (demand above the average on duty): "
                          + "; ".join(describe(g.short_hours[:6]))
                          + (" …" if len(g.short_hours) > 6 else ""), highlight=False)
        for o in g.options:
            what = (f"solidarity shifts from {o.source}: {o.shifts} × 8 h"
                    if o.kind == "solidarity"
                    else f"planning across district {o.source}: {_hours(o.hours)} h")
            console.print(f"  option week {o.week + 1}: {what} → gap after "
                          f"{_hours(o.gap_after)} h", highlight=False)


def _presence(run: AnticipationRun | None, first: dt.date, weeks: int,
              known: set[str]) -> list[PlannedBlock]:
    """The saved run's preventive presence as planned blocks per team and week, on the
    capacity days inside the run's forecast period only (a plan says nothing about other
    weeks); no such day at all is a user error saying what to do."""
    from sterkte.anticipate.criteria import RunVerdict
    from sterkte.anticipate.demand_blocks import covered_days, presence_blocks

    if run is None:
        raise InputError.at("--anticipation", "no anticipation run in the store: run `sterkte "
                            "anticipate forecast … --areas teams.geojson --save` first")
    if not RunVerdict(run.fit, run.override).may_plan:
        raise InputError.at("--anticipation", (
            f"anticipation run {run.run_id} ({run.model}, saved {run.saved_at}) is NOT FIT FOR "
            f"USE ({run.verdict}) and was saved without an override, so its presence is not "
            "planned. Save a run that meets the success criteria, or one with "
            "`--override-unfit \"REASON\"` if it must be used anyway"))
    if run.fit is False:
        console.print(f"[red]OVERRIDE[/red]: anticipation run {run.run_id} is NOT FIT FOR USE; "
                      f"planned anyway for the reason given when it was saved: {run.override}",
                      highlight=False)
    period = run.period
    last = period[1] - dt.timedelta(days=1)
    until = first + dt.timedelta(weeks=weeks, days=-1)
    days = covered_days(first, weeks, period)
    if not days:
        raise InputError.at("--anticipation", (
            f"anticipation run {run.run_id} forecasts {run.origin} … {last}, which has no "
            f"day in the capacity weeks {first} … {until} ({first:%G-W%V} … {until:%G-W%V}); "
            "its plan says nothing about these weeks. Make an anticipation forecast for them "
            f"(`sterkte anticipate forecast --events … --at {first} --days {7 * weeks} "
            f"--areas teams.geojson --save`) or choose --start for weeks inside the run's "
            f"period (e.g. --start {run.origin - dt.timedelta(days=run.origin.weekday())}, "
            "the Monday of its first week)"))
    try:
        blocks = presence_blocks(run.plan, first, weeks, teams=known, period=period)
    except ValueError as exc:
        raise InputError.at("--anticipation", f"run {run.run_id}: {exc} (save it with "
                            "--areas whose property names basisteams)") from None
    console.print(f"Preventive presence from anticipation run {run.run_id} ({run.model}, "
                  f"{run.origin} … {last}, {run.verdict}): "
                  f"{run.plan.hours_per_week:.1f} h a week, spread evenly over the days "
                  "10:00–22:00 as planned work, on "
                  + (f"all {len(days)} days" if len(days) == 7 * weeks else
                     f"{len(days)} of the {7 * weeks} days: {days[0]} … {days[-1]}, "
                     "the run's period") + ".", highlight=False)
    return blocks
