"""One roster period (parameter roster_period_days) for one team on the dashboard, run in
the background.

Why a background run and not a stored roster: CP-SAT needs seconds to minutes for
a team, too slow for a request, and a stored roster goes stale whenever the HR
records change; the scenario page already runs long work in the background with
progress, so the roster page does the same (the store stays read-only; the run
lives in memory). The problem is built as `sterkte roster team --team CODE` builds
it: staff on the latest HR date, their reported sickness (days 100 % sick are days
away, partial sickness means fewer hours), cover from synthetic demand (seed 1), the
police working-time rules; the result is re-checked by the independent checker.
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel, ConfigDict, Field

from sterkte.app.roster import RosterResult
from sterkte.report.grid import Column, Grid, Value
from sterkte.report.words import tr
from sterkte.web.views import View

_LABEL = re.compile(r"^day (\d+) (\d\d):00$")
WEEKDAYS = {"nl": ("ma", "di", "wo", "do", "vr", "za", "zo"),
            "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}


class RosterForm(BaseModel):
    """What the user chooses: the team and the solver's time budget."""

    model_config = ConfigDict(extra="forbid")

    team: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_-]+$",
                      description="Basisteam code")
    seconds: float = Field(30.0, ge=2.0, le=300.0,
                           description="Time budget, seconds (as `sterkte roster team`: 30)")


def _day_header(first: dt.date, d: int, lang: str) -> str:
    day = first + dt.timedelta(days=d)
    return f"{WEEKDAYS[lang][day.weekday()]} {day:%d-%m}"


def roster_view(result: RosterResult, lang: str) -> View:
    p, first = result.problem, result.first
    team = p.name
    title = tr(lang, f"Rooster {team}, {p.days} dagen vanaf {first:%d-%m-%Y}",
               f"Roster {team}, {p.days} days from {first.isoformat()}")
    if result.report is None:
        return View(title, [], values={"team": team, "valid": None, "status": result.status},
                    intro=tr(lang, f"Geen rooster gevonden dat aan alle harde regels voldoet "
                                   f"binnen {result.seconds:g} s ({result.status}).",
                             f"No roster meeting every hard rule found within "
                             f"{result.seconds:g} s ({result.status})."))
    rep = result.report
    a = result.assignment
    cols = [Column("employee", tr(lang, "Medewerker", "Employee"), "text")]
    cols += [Column(f"d{d}", _day_header(first, d, lang), "text") for d in range(p.days)]
    rows: list[list[Value]] = [[e.id, *[a.get((e.id, d), "") for d in range(p.days)]]
                               for e in p.employees]
    roster = Grid(f"rooster-{team}", tr(lang, "Diensten per medewerker en dag",
                                        "Shifts per employee and day"), cols, rows,
                  [e.id for e in p.employees], lang,
                  notes=[tr(lang, "Diensten: " + ", ".join(
                      f"{s.id} {(s.start or 0) // 60:02d}:{(s.start or 0) % 60:02d} "
                      f"({s.length / 60:g} u)" for s in p.shifts),
                      "Shifts: " + ", ".join(
                      f"{s.id} {(s.start or 0) // 60:02d}:{(s.start or 0) % 60:02d} "
                      f"({s.length / 60:g} h)" for s in p.shifts)),
                      tr(lang, "Medewerkers zijn pseudonieme HR-nummers van de synthetische "
                               "politie.", "Employees are pseudonymous HR ids of the "
                               "synthetic police.")])
    # cover per slot as a day × hour matrix of achieved/required
    matrix: dict[tuple[int, int], tuple[int, int]] = {}
    for c in rep.cover:
        m = _LABEL.match(c.label)
        if m:
            matrix[(int(m.group(1)), int(m.group(2)))] = (c.achieved, c.required)
    hcols = [Column("day", tr(lang, "Dag", "Day"), "text")]
    hcols += [Column(f"h{h:02d}", f"{h:02d}", "text") for h in range(24)]
    hrows: list[list[Value]] = []
    for d in range(p.days):
        cells: list[Value] = [_day_header(first, d, lang)]
        for h in range(24):
            got = matrix.get((d, h))
            cells.append("" if got is None else f"{got[0]}/{got[1]}")
        hrows.append(cells)
    cover = Grid(f"dekking-{team}", tr(lang, "Dekking per uur: ingeroosterd/nodig (personen "
                                             "noodhulp)",
                                       "Cover per hour: rostered/needed (response persons)"),
                 hcols, hrows, [f"d{d}" for d in range(p.days)], lang)
    # where cover falls short, per day (the hour-by-hour detail is the matrix above)
    per_day: dict[int, list[int]] = {}
    for c in rep.cover:
        m = _LABEL.match(c.label)
        if m and c.short:
            per_day.setdefault(int(m.group(1)), []).append(c.short)
    shortg = Grid(f"tekort-{team}", tr(lang, "Dagen met te weinig dekking",
                                       "Days with too little cover"),
                  [Column("day", tr(lang, "Dag", "Day"), "text"),
                   Column("hours", tr(lang, "Uren met tekort", "Hours short")),
                   Column("short", tr(lang, "Tekort, persoonsuren", "Short, person-hours")),
                   Column("peak", tr(lang, "Grootste tekort, personen",
                                     "Largest shortfall, persons"))],
                  [[_day_header(first, d, lang), float(len(v)), float(sum(v)), float(max(v))]
                   for d, v in sorted(per_day.items())], [f"d{d}" for d in sorted(per_day)],
                  lang, explanation=tr(lang, "Elk uur voldoende gedekt.", "Every hour covered.")
                  if not per_day else "")
    missed = Grid(f"zachte-doelen-{team}", tr(lang, "Gemiste zachte doelen en hun kosten",
                                              "Soft goals missed and their cost"),
                  [Column("goal", tr(lang, "Doel", "Goal"), "text"),
                   Column("cost", tr(lang, "Kosten", "Cost"))],
                  [[g, float(c)] for g, c in rep.missed],
                  [g for g, _ in rep.missed], lang, totals=set(),
                  notes=[tr(lang, f"Totaal: {rep.cost}", f"Total: {rep.cost}")])
    sources = {k: v.reference for k, v in p.rules.items()}
    rules = Grid(f"harde-regels-{team}", tr(lang, "Harde regels, opnieuw gecontroleerd op het "
                                                  "rooster zelf",
                                            "Hard rules, re-checked on the roster itself"),
                 [Column("rule", tr(lang, "Regel", "Rule"), "text"),
                  Column("checked", tr(lang, "Controles", "Checks")),
                  Column("broken", tr(lang, "Geschonden", "Broken")),
                  Column("verdict", tr(lang, "Oordeel", "Verdict"), "text"),
                  Column("source", tr(lang, "Bron", "Source"), "text")],
                 [[k, float(rc.checked), float(len(rc.violations)),
                   ("✓" if not rc.violations else "✗ " + "; ".join(rc.violations[:3])),
                   sources.get(k, "")] for k, rc in sorted(rep.rules.items())],
                 sorted(rep.rules), lang)
    values = {"team": team, "valid": rep.valid, "cost": rep.cost,
              "cover_short": rep.cover_short, "status": result.status,
              "first": first.isoformat(), "persons": len(p.employees),
              "sick_persons": result.sick.persons, "sick_person_days": result.sick.person_days,
              "partly_sick": result.sick.partly}
    headline = [
        ("valid", tr(lang, "Harde regels", "Hard rules"),
         tr(lang, "alle gehouden", "all hold") if rep.valid
         else tr(lang, "GESCHONDEN", "BROKEN")),
        ("cover_short", tr(lang, "Dekking tekort, persoonsuren", "Cover short, person-hours"),
         str(rep.cover_short)),
        ("cost", tr(lang, "Kosten zachte doelen", "Soft-goal cost"), str(rep.cost)),
        ("persons", tr(lang, "Medewerkers", "Employees"), str(len(p.employees))),
    ]
    intro = tr(lang, f"Opgelost in {result.seconds:g} s ({result.status}); vraag uit "
                     "synthetische meldingen (seed 1), regels: politie-arbeidstijden.",
               f"Solved in {result.seconds:g} s ({result.status}); demand from synthetic "
               "incidents (seed 1), rules: police working time.")
    sk = result.sick
    if sk.persons:
        intro += tr(lang, f" Ziekgemeld (HR-gegevens): {sk.persons} medewerker(s), "
                          f"{sk.person_days} persoonsdagen niet ingeroosterd"
                          + (f", {sk.partly} gedeeltelijk ziek met minder uren"
                             if sk.partly else "") + ".",
                    f" Reported sick (HR records): {sk.persons} employee(s), "
                    f"{sk.person_days} person-days not rostered"
                    + (f", {sk.partly} partly sick with fewer hours" if sk.partly else "")
                    + ".")
    if not a:
        # the empty roster breaks no hard rule, so a search stopped early can return it
        intro += tr(lang, " Binnen deze rekentijd is geen enkele dienst ingeroosterd: geef "
                          "meer seconden.",
                    " No shift was rostered within this time budget: give more seconds.")
    return View(title, [rules, missed, roster, cover, shortg], [], headline, values, intro)
