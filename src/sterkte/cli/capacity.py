"""`sterkte capacity`: demand against supply per team and week, for the CM-tafel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from sterkte.app.capacity import cm_tafel, load_inputs, parse_monday, planning_weeks, presence
from sterkte.cli.common import DbOption, console, show, user_errors
from sterkte.demand.gap import WeekGap, describe
from sterkte.demand.model import PlannedBlock
from sterkte.errors import InputError
from sterkte.parameters import ParameterSet
from sterkte.report.labels import term
from sterkte.report.table import Column, Table
from sterkte.sources.incidents import read_incidents
from sterkte.store.anticipation import AnticipationRun
from sterkte.store.db import resolve_db_path


def _hours(x: float) -> str:
    return f"{round(x) + 0:,}".replace(",", ".")  # + 0: no "-0"


# The command prints English (it has no --lang); its numbers are in the Dutch format.
WORDS = "en"


def _weeks_table(team: str, district: str, weeks: list[WeekGap], first: dt.date,
                 share: float) -> Table:
    """Person-hours per ISO week: response demand and supply, the gap, the neighbourhood
    hours and their share if the gap were filled from them."""
    w = WORDS
    table = Table(f"capaciteit-{team}", term("capacity.cli_title", w, team=team,
                                             district=district), [
        Column("week", term("capacity.cli_week", w), "text"),
        Column("demand", term("capacity.cli_demand", w)),
        Column("supply", term("capacity.cli_supply", w)),
        Column("gap", term("capacity.cli_gap", w)),
        Column("wijk", term("capacity.cli_wijk", w)),
        Column("wijk_share", term("capacity.cli_wijk_share", w), "percent", 0)], lang="nl")
    for wk in weeks:
        sh = wk.neighbourhood_share_if_filled(share)
        monday = first + dt.timedelta(weeks=wk.week)
        table.add(f"{monday:%G-W%V}", [f"{monday:%G-W%V}", wk.demand, wk.supply, wk.gap,
                                       wk.neighbourhood_supply,
                                       None if sh is None else 100 * sh])
    return table


@user_errors
def capacity_command(
    team: Annotated[list[str], typer.Option("--team", help="Basisteam code (repeatable).")],
    weeks: Annotated[int | None, typer.Option(
        "--weeks", min=1, max=52, help="Planning weeks from --start (default: the parameter "
                                       "demand_planning_weeks).")] = None,
    start: Annotated[str | None, typer.Option(
        "--start", help="First planning day, a Monday (default: the Monday after the latest "
                        "HR record).")] = None,
    incidents: Annotated[Path | None, typer.Option(
        "--incidents", help="Incident records (CSV, see docs/demand.md); default: synthetic "
                            "incidents for the teams (seeded).")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the synthetic incidents.")] = 1,
    history_weeks: Annotated[int | None, typer.Option(
        "--history-weeks", min=1, max=104, help="Weeks of incidents the profile is estimated "
                                                "on (default: the parameter "
                                                "demand_history_weeks).")] = None,
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
    first = parse_monday(start) if start is not None else None
    params = ParameterSet.bundled()
    inputs = load_inputs(resolve_db_path(db), first, params=params)
    inputs.check_teams(team)
    first, staff_day, known = inputs.first, inputs.staff_day, set(inputs.teams)
    weeks = weeks if weeks is not None else planning_weeks(params, first)
    records = None
    source = f"synthetic incidents (seed {seed})"
    if incidents is not None:
        imp = read_incidents(incidents, teams=known)
        records = imp.incidents
        source = f"{incidents} ({len(records)} accepted, {len(imp.rejected)} rejected)"
    extra = _presence(inputs.run, first, weeks, known) if anticipation else []
    cm = cm_tafel(inputs.staff, inputs.absence, team, first, weeks, params, incidents=records,
                  seed=seed,
                  history_weeks=history_weeks, extra_blocks=extra)
    settings, share, gaps = cm.settings, cm.neighbourhood_share, cm.gaps
    console.print(f"Capacity from {first} for {weeks} week(s); demand from {source}, "
                  f"{settings.history_weeks} weeks of history; staff on {staff_day}.",
                  highlight=False)
    for t, g in gaps.items():
        show(_weeks_table(t, g.district, g.weeks, first, share))
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
            what = (f"solidarity shifts from {o.source}: {o.shifts} × {o.shift_hours:g} h"
                    if o.kind == "solidarity"
                    else f"planning across district {o.source}: {_hours(o.hours)} h")
            console.print(f"  option week {o.week + 1}: {what} → gap after "
                          f"{_hours(o.gap_after)} h", highlight=False)


def _presence(run: AnticipationRun | None, first: dt.date, weeks: int,
              known: set[str]) -> list[PlannedBlock]:
    """The saved run's preventive presence as planned blocks per team and week, on the
    capacity days inside the run's forecast period only (a plan says nothing about other
    weeks); no such day at all is a user error saying what to do."""
    if run is None:
        raise InputError.at("--anticipation", "no anticipation run in the store: run `sterkte "
                            "anticipate forecast … --areas teams.geojson --save` first")
    pres = presence(run, first, weeks, sorted(known))
    last = pres.period[1] - dt.timedelta(days=1)
    until = first + dt.timedelta(weeks=weeks, days=-1)
    days = pres.days
    if not days:
        raise InputError.at("--anticipation", (
            f"anticipation run {run.run_id} forecasts {run.origin} … {last}, which has no "
            f"day in the capacity weeks {first} … {until} ({first:%G-W%V} … {until:%G-W%V}); "
            "its plan says nothing about these weeks. Make an anticipation forecast for them "
            f"(`sterkte anticipate forecast --events … --at {first} --days {7 * weeks} "
            f"--areas teams.geojson --save`) or choose --start for weeks inside the run's "
            f"period (e.g. --start {run.origin - dt.timedelta(days=run.origin.weekday())}, "
            "the Monday of its first week)"))
    if pres.unknown_areas:
        raise InputError.at("--anticipation", f"run {run.run_id}: areas that are not known "
                            f"teams: {', '.join(pres.unknown_areas)} (save it with --areas "
                            "whose property names basisteams)")
    console.print(f"Preventive presence from anticipation run {run.run_id} ({run.model}, "
                  f"{run.origin} … {last}, {run.verdict}): "
                  f"{run.plan.hours_per_week:.1f} h a week, spread evenly over the days "
                  "10:00–22:00 as planned work, on "
                  + (f"all {len(days)} days" if len(days) == 7 * weeks else
                     f"{len(days)} of the {7 * weeks} days: {days[0]} … {days[-1]}, "
                     "the run's period") + ".", highlight=False)
    return pres.blocks
