"""`sterkte capacity`: demand against supply per team and week, for the CM-tafel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from sterkte.app.capacity import cm_tafel, load_inputs, parse_monday, planning_weeks, presence
from sterkte.cli.common import DbOption, LangOption, check_lang, console, show, user_errors
from sterkte.demand.gap import ShortHours, WeekGap
from sterkte.demand.model import PlannedBlock
from sterkte.errors import InputError, Msg
from sterkte.ledger import format_number
from sterkte.parameters import ParameterSet
from sterkte.report.labels import day_text, term, weekday
from sterkte.report.table import Column, Table
from sterkte.sources.incidents import read_incidents
from sterkte.store.anticipation import AnticipationRun
from sterkte.store.db import resolve_db_path


def _hours(x: float, lang: str) -> str:
    return format_number(round(x) + 0, lang)  # + 0: no "-0"


def _short(short: Sequence[ShortHours], lang: str) -> list[str]:
    """'ma 14:00–16:00 (tot 1,5 personen te weinig)': the hours of the week short."""
    return [f"{weekday(s.first_slot // 24, lang)} {s.first_slot % 24:02d}:00–"
            f"{(s.last_slot + 1) % 24:02d}:00 ("
            + term("capacity.cli_short_by", lang, n=format_number(s.peak_short, lang, 1)) + ")"
            for s in short]


def _weeks_table(team: str, district: str, weeks: list[WeekGap], first: dt.date,
                 share: float, lang: str) -> Table:
    """Person-hours per ISO week: response demand and supply, the gap, the neighbourhood
    hours and their share if the gap were filled from them."""
    w = lang
    table = Table(f"capaciteit-{team}", term("capacity.cli_title", w, team=team,
                                             district=district), [
        Column("week", term("capacity.cli_week", w), "text"),
        Column("demand", term("capacity.cli_demand", w)),
        Column("supply", term("capacity.cli_supply", w)),
        Column("gap", term("capacity.cli_gap", w)),
        Column("wijk", term("capacity.cli_wijk", w)),
        Column("wijk_share", term("capacity.cli_wijk_share", w), "percent", 0)], lang=lang)
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
    lang: LangOption = "nl",
) -> None:
    """Demand vs supply per team and week, for the CM-tafel.

    Person-hours per week, the hours of the week that fall short, Erlang C for
    priority-1 calls, and the options from the district (solidarity shifts,
    planning across teams) with their effect."""
    check_lang(lang)
    first = parse_monday(start) if start is not None else None
    params = ParameterSet.bundled()
    inputs = load_inputs(resolve_db_path(db), first, params=params)
    inputs.check_teams(team)
    first, staff_day, known = inputs.first, inputs.staff_day, set(inputs.teams)
    weeks = weeks if weeks is not None else planning_weeks(params, first)
    records = None
    source = term("capacity.cli_synthetic_source", lang, seed=seed)
    if incidents is not None:
        imp = read_incidents(incidents, teams=known)
        records = imp.incidents
        source = term("capacity.cli_file_source", lang, file=incidents, n=len(records),
                      rejected=len(imp.rejected))
    extra = _presence(inputs.run, first, weeks, known, lang) if anticipation else []
    cm = cm_tafel(inputs.staff, inputs.absence, team, first, weeks, params, incidents=records,
                  seed=seed,
                  history_weeks=history_weeks, extra_blocks=extra)
    settings, share, gaps = cm.settings, cm.neighbourhood_share, cm.gaps
    synthetic = inputs.synthetic(incidents_given=incidents is not None)
    console.print(term("capacity.cli_header", lang, first=day_text(first, lang), weeks=weeks,
                       source=source, history=settings.history_weeks,
                       staff_day=day_text(staff_day, lang)), highlight=False)
    for t, g in gaps.items():
        show(_weeks_table(t, g.district, g.weeks, first, share, lang).mark_synthetic(synthetic))
        if anticipation:
            console.print(term("capacity.cli_presence", lang,
                               hours=format_number(cm.extra_hours.get(t, 0.0), lang, 1),
                               weeks=weeks), highlight=False)
        console.print(term("capacity.cli_erlang", lang, officers=f"{g.erlang_officers_peak:.0f}",
                           p=format_number(settings.p_free, lang, 2),
                           relief=format_number(g.relief_factor, lang, 2)), highlight=False)
        if g.short_hours:
            console.print(term("capacity.cli_short", lang)
                          + "; ".join(_short(g.short_hours[:6], lang))
                          + (" …" if len(g.short_hours) > 6 else ""), highlight=False)
        for o in g.options:
            what = (term("capacity.cli_solidarity", lang, source=o.source, shifts=o.shifts,
                         hours=format_number(o.shift_hours, lang, 0 if float(
                             o.shift_hours).is_integer() else 1))
                    if o.kind == "solidarity"
                    else term("capacity.cli_across", lang, source=o.source,
                              hours=_hours(o.hours, lang)))
            console.print(term("capacity.cli_option", lang, week=o.week + 1, what=what,
                               after=_hours(o.gap_after, lang)), highlight=False)


def _presence(run: AnticipationRun | None, first: dt.date, weeks: int,
              known: set[str], lang: str) -> list[PlannedBlock]:
    """The saved run's preventive presence as planned blocks per team and week, on the
    capacity days inside the run's forecast period only (a plan says nothing about other
    weeks); no such day at all is a user error saying what to do."""
    if run is None:
        raise InputError.at("--anticipation", Msg(
            "geen anticipatierun in de opslag: voer eerst `sterkte anticipate forecast … "
            "--areas teams.geojson --save` uit",
            "no anticipation run in the store: run `sterkte "
            "anticipate forecast … --areas teams.geojson --save` first"))
    pres = presence(run, first, weeks, sorted(known))
    if not pres.use.may_plan:
        raise InputError.at("--anticipation", Msg(*(term(
            "capacity.run_unfit_refused", lng, run=run.run_id, model=run.model,
            saved=run.saved_at, verdict=run.verdict) for lng in ("nl", "en"))))
    if pres.use.override is not None:
        console.print("[red]OVERRIDE[/red]: " + escape(term(
            "capacity.run_override", lang, run=run.run_id, reason=pres.use.override)),
            highlight=False)
    last = pres.period[1] - dt.timedelta(days=1)
    until = first + dt.timedelta(weeks=weeks, days=-1)
    days = pres.days
    if not days:
        monday = run.origin - dt.timedelta(days=run.origin.weekday())
        command = (f"`sterkte anticipate forecast --events … --at {first} --days {7 * weeks} "
                   "--areas teams.geojson --save`")
        raise InputError.at("--anticipation", Msg(
            f"anticipatierun {run.run_id} voorspelt {run.origin} … {last}, zonder dag in de "
            f"capaciteitsweken {first} … {until} ({first:%G-W%V} … {until:%G-W%V}); haar "
            f"plan zegt niets over deze weken. Maak er een anticipatievoorspelling voor "
            f"({command}) of kies --start voor weken binnen de periode van de run (bijv. "
            f"--start {monday}, de maandag van haar eerste week)",
            f"anticipation run {run.run_id} forecasts {run.origin} … {last}, which has no "
            f"day in the capacity weeks {first} … {until} ({first:%G-W%V} … {until:%G-W%V}); "
            "its plan says nothing about these weeks. Make an anticipation forecast for them "
            f"({command}) or choose --start for weeks inside the run's "
            f"period (e.g. --start {monday}, the Monday of its first week)"))
    if pres.unknown_areas:
        listed = ", ".join(pres.unknown_areas)
        raise InputError.at("--anticipation", Msg(
            f"run {run.run_id}: gebieden die geen bekende teams zijn: {listed} (sla haar op met "
            "--areas waarvan de naameigenschap basisteams noemt)",
            f"run {run.run_id}: areas that are not known "
            f"teams: {listed} (save it with --areas "
            "whose property names basisteams)"))
    on = (term("capacity.cli_on_all", lang, n=len(days)) if len(days) == 7 * weeks else
          term("capacity.cli_on_some", lang, n=len(days), total=7 * weeks,
               a=day_text(days[0], lang), b=day_text(days[-1], lang)))
    console.print(term("capacity.cli_run", lang, run=run.run_id, model=run.model,
                       a=day_text(run.origin, lang), b=day_text(last, lang),
                       verdict=run.verdict,
                       hours=format_number(run.plan.hours_per_week, lang, 1), on=on),
                  highlight=False)
    return pres.blocks
