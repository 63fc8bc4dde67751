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
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from sterkte.app.roster import RosterResult
from sterkte.ledger import format_number
from sterkte.report.labels import budget_text, day_text, goal_label, rule_label, term, weekday
from sterkte.report.table import Column, Table, Value
from sterkte.roster.model import RosterProblem
from sterkte.web.views import View

_LABEL = re.compile(r"^day (\d+) (\d\d):00$")


class RosterForm(BaseModel):
    """What the user chooses: the team and the solver's time budget."""

    model_config = ConfigDict(extra="forbid")

    team: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_-]+$",
                      description="Basisteam code")
    seconds: float = Field(30.0, ge=2.0, le=300.0,
                           description="Time budget, seconds (as `sterkte roster team`: 30)")

    @field_validator("seconds", mode="before")
    @classmethod
    def _no_booleans(cls, value: Any) -> Any:
        # true/false is no number: pydantic would read it as 1/0, the schema says number
        if isinstance(value, bool):
            raise ValueError("expected a number, not true or false")
        return value


def _day_header(first: dt.date, d: int, lang: str) -> str:
    day = first + dt.timedelta(days=d)
    return f"{weekday(day.weekday(), lang)} {day:%d-%m}"


def _shift_list(p: RosterProblem, lang: str) -> str:
    return ", ".join(f"{s.id} {(s.start or 0) // 60:02d}:{(s.start or 0) % 60:02d} "
                     f"({s.length / 60:g} {term('hours_short', lang)})" for s in p.shifts)


def roster_view(result: RosterResult, lang: str) -> View:
    p, first = result.problem, result.first
    team = p.name
    title = term("roster.title", lang, team=team, days=p.days, first=day_text(first, lang))
    if result.report is None:
        return View(title, [], values={"team": team, "valid": None, "usable": False,
                                         "status": result.status},
                    intro=term("roster.none_found", lang, seconds=budget_text(result.seconds, lang),
                               status=result.status), lang=lang,
                    extra_synthetic=result.synthetic)
    rep = result.report
    a = result.assignment
    cols = [Column("employee", term("roster.employee", lang), "text")]
    cols += [Column(f"d{d}", _day_header(first, d, lang), "text") for d in range(p.days)]
    roster = Table(f"rooster-{team}", term("roster.shifts_title", lang), cols, lang=lang,
                   notes=[term("roster.shifts_note", lang, shifts=_shift_list(p, lang)),
                          term("roster.pseudonymous", lang)])
    for e in p.employees:
        roster.add(e.id, [e.id, *[a.get((e.id, d), "") for d in range(p.days)]])
    # cover per slot as a day × hour matrix of achieved/required
    matrix: dict[tuple[int, int], tuple[int, int]] = {}
    for c in rep.cover:
        m = _LABEL.match(c.label)
        if m:
            matrix[(int(m.group(1)), int(m.group(2)))] = (c.achieved, c.required)
    hcols = [Column("day", term("day", lang), "text")]
    hcols += [Column(f"h{h:02d}", f"{h:02d}", "text") for h in range(24)]
    cover = Table(f"dekking-{team}", term("roster.cover_title", lang), hcols, lang=lang)
    for d in range(p.days):
        cells: list[Value] = [_day_header(first, d, lang)]
        for h in range(24):
            got = matrix.get((d, h))
            cells.append("" if got is None else f"{got[0]}/{got[1]}")
        cover.add(f"d{d}", cells)
    # where cover falls short, per day (the hour-by-hour detail is the matrix above)
    per_day: dict[int, list[int]] = {}
    for c in rep.cover:
        m = _LABEL.match(c.label)
        if m and c.short:
            per_day.setdefault(int(m.group(1)), []).append(c.short)
    short = Table(f"tekort-{team}", term("roster.short_title", lang),
                  [Column("day", term("day", lang), "text"),
                   Column("hours", term("roster.hours_short", lang)),
                   Column("short", term("roster.short_person_hours", lang)),
                   Column("peak", term("roster.largest_shortfall", lang))], lang=lang,
                  explanation=term("roster.every_hour_covered", lang) if not per_day else "")
    for d, v in sorted(per_day.items()):
        short.add(f"d{d}", [_day_header(first, d, lang), float(len(v)), float(sum(v)),
                            float(max(v))])
    missed = Table(f"zachte-doelen-{team}", term("roster.missed_title", lang),
                   [Column("goal", term("roster.goal", lang), "text"),
                    Column("cost", term("roster.cost", lang))], lang=lang,
                   notes=[term("roster.total_cost", lang, cost=format_number(rep.cost, lang))])
    for goal, cost in rep.missed:
        missed.add(goal, [goal_label(goal, lang), float(cost)])
    sources = {k: v.reference for k, v in p.rules.items()}
    rules = Table(f"harde-regels-{team}", term("roster.rules_title", lang),
                  [Column("rule", term("roster.rule", lang), "text"),
                   Column("checked", term("roster.checks", lang)),
                   Column("broken", term("roster.broken", lang)),
                   Column("verdict", term("roster.verdict", lang), "text"),
                   Column("source", term("source", lang), "text")], lang=lang)
    # An empty roster breaks no hard rule, and a search stopped early can return it:
    # that is no roster, so it is never shown as success (no ✓, no "all hold").
    usable = bool(a)
    for k, rc in sorted(rep.rules.items()):
        verdict = ("✗ " + "; ".join(rc.violations[:3]) if rc.violations
                   else "✓" if usable else term("roster.not_checked", lang))
        rules.add(k, [rule_label(k, lang), float(rc.checked), float(len(rc.violations)), verdict,
                      sources.get(k, "")])
    values = {"team": team, "valid": rep.valid and usable, "usable": usable, "cost": rep.cost,
              "cover_short": rep.cover_short, "status": result.status,
              "first": first.isoformat(), "persons": len(p.employees),
              "sick_persons": result.sick.persons, "sick_person_days": result.sick.person_days,
              "partly_sick": result.sick.partly, "cover_cost": rep.cover_cost,
              "cover_bound": result.cover_bound}
    headline = [
        ("valid", term("roster.hard_rules", lang),
         term("roster.empty_headline" if not usable else
              "roster.all_hold" if rep.valid else "roster.broken_upper", lang)),
        ("cover_short", term("roster.cover_short", lang), format_number(rep.cover_short, lang)),
        ("cost", term("roster.soft_cost", lang), format_number(rep.cost, lang)),
        *([("cover_bound", term("roster.cover_bound", lang),
            term("roster.cover_bound_value", lang,
                 cost=format_number(rep.cover_cost, lang),
                 bound=format_number(result.cover_bound, lang)))]
          if usable and result.cover_bound is not None else []),
        ("persons", term("roster.employees", lang), format_number(len(p.employees), lang)),
    ]
    intro = term("roster.intro", lang, seconds=budget_text(result.seconds, lang),
                 status=result.status)
    sk = result.sick
    if sk.persons:
        intro += term("roster.sick", lang, persons=format_number(sk.persons, lang),
                      days=format_number(sk.person_days, lang),
                      partly=term("roster.partly", lang, n=format_number(sk.partly, lang))
                      if sk.partly else "")
    if not usable:
        intro = (term("roster.empty_next", lang, seconds=budget_text(result.seconds, lang))
                 + " " + intro)
    tables = [rules, missed, roster, cover, short]
    for t in tables:
        t.mark_synthetic(result.synthetic)
    return View(title, tables, [], headline, values, intro, lang=lang,
                extra_synthetic=result.synthetic)
