"""Rosters in the team chief's words: the independent check of a roster, a re-rostering
and why cover is short, as lines for the terminal. Every word comes from the catalogue
(:mod:`sterkte.report.labels`, terms ``roster_cli.*`` and ``roster_text.*``), Dutch by
default and English with ``lang="en"``; the engines hand over plain results.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from sterkte.ledger import format_number, format_percent
from sterkte.report.labels import CATALOGUE, goal_label, rule_label, term, weekday
from sterkte.roster.check import CheckReport
from sterkte.roster.model import RuleInfo

# Re-rostering and the shortage search run CP-SAT; their results are only read here, so
# printing a roster does not load the solver (the cause names are read when one is shown).
if TYPE_CHECKING:
    from sterkte.roster.coverbound import CoverBound
    from sterkte.roster.reroster import Replan, Reroster
    from sterkte.roster.shortage import Cause, Shortage

_CELL = re.compile(r"^day (\d+) (\d\d:\d\d)$")
_SHARE = re.compile(r"^(\w+) share (.+)$")  # the checker's measure 'neighbourhood share P1'


def _cell(label: str, lang: str) -> str:
    """A cover cell's label ('day 3 14:00') in ``lang``."""
    m = _CELL.match(label)
    return term("roster_cli.cell", lang, day=m.group(1), time=m.group(2)) if m else label


def measure_label(key: str, lang: str) -> str:
    """A measure of the checker ('neighbourhood share P1') in ``lang``: 'Aandeel wijkwerk
    P1'; an unknown one as it is."""
    m = _SHARE.match(key)
    if m and f"roster_text.share.{m.group(1)}" in CATALOGUE:
        return term(f"roster_text.share.{m.group(1)}", lang, person=m.group(2))
    return key


def check_lines(report: CheckReport, sources: dict[str, str], lang: str) -> list[str]:
    """The independent check of a roster, rule by rule, then cover and soft goals: what
    `sterkte roster team` prints (the violations are the checker's own words)."""
    def n(x: float) -> str:
        return format_number(x, lang)

    def count(x: float, word: str) -> str:  # singular for exactly one
        return term(f"roster_cli.{word}" + ("" if x == 1 else "s"), lang, n=n(x))

    out = [term("roster_cli.rules", lang)]
    for key, rc in sorted(report.rules.items()):
        src = f" [{sources[key]}]" if key in sources else ""
        name = rule_label(key, lang)
        if rc.violations:
            out.append("  ✗ " + term("roster_cli.rule_fails", lang, rule=name,
                                      n=n(len(rc.violations)), of=n(rc.checked)) + src)
            out += [f"      {v}" for v in rc.violations[:5]]
        else:
            out.append("  ✓ " + term("roster_cli.rule_holds", lang, rule=name, of=n(rc.checked))
                       + src)
    short = [c for c in report.cover if c.short]
    out.append(term("roster_cli.cover", lang, met=n(len(report.cover) - len(short)),
                    of=n(len(report.cover)), short=count(report.cover_short, "slot")))
    out += ["  " + term("roster_cli.cover_short", lang, short=n(c.short), cell=_cell(c.label, lang),
                        required=n(c.required), achieved=n(c.achieved)) for c in short[:10]]
    if len(short) > 10:
        out.append("  " + count(len(short) - 10, "more_cell"))
    out.append(term("roster_cli.soft", lang, cost=n(report.cost)))
    out += ["  " + term("roster_cli.goal_cost", lang, goal=goal_label(g, lang), cost=n(c))
            for g, c in report.missed if c]
    if report.measures:  # e.g. each community officer's share of neighbourhood work
        out.append(term("roster_cli.measured", lang))
        out += [f"  {measure_label(k, lang)}: {format_percent(100 * v, lang, 1)}"
                for k, v in report.measures.items()]
    return out


def bound_lines(report: CheckReport, bound: CoverBound, lang: str) -> list[str]:
    """The roster's cover cost against the least any roster of the team could reach
    (:func:`sterkte.roster.coverbound.cover_bound`), and what of it cannot be avoided."""
    cost = report.cover_cost
    out = [term("roster_cli.bound", lang, cost=format_number(cost, lang),
                bound=format_number(bound.bound, lang))]
    if bound.proved and bound.short + bound.over:
        out.append(term("roster_cli.bound_parts", lang, over=format_number(bound.over, lang),
                        short=format_number(bound.short, lang)))
    if 0 < cost <= bound.bound:
        out.append(term("roster_cli.bound_at", lang))
    return out


def rule_phrase(key: str, info: RuleInfo | None, lang: str) -> str:
    """A rule in plain words with its limit from the dated parameter ('minstens 11 uur rust
    tussen twee diensten'); without a limit, or for a rule without a phrase, its name."""
    name = f"roster_text.rule.{key}"
    if name in CATALOGUE and ((info is not None and info.value is not None)
                              or "{v" not in CATALOGUE[name][0]):
        return term(name, lang, v=info.value if info is not None else None)
    return rule_label(key, lang)


def day_name(day: int, first: dt.date | None, lang: str) -> str:
    """Day ``day`` of the roster: 'ma 12 jan' from the first day's date, else 'dag 8 (ma)'
    (day 0 is a Monday)."""
    wd = weekday(day % 7, lang)
    if first is None:
        return term("roster_text.day", lang, day=day, weekday=wd)
    date = first + dt.timedelta(days=day)
    return f"{wd} {date.day} {term(f'roster_text.month.{date.month}', lang)}"


def day_span(days: list[int], first: dt.date | None, lang: str) -> str:
    """Days as runs: 'ma 12 jan – wo 14 jan, za 17 jan'."""
    runs: list[tuple[int, int]] = []
    for d in sorted(set(days)):
        if runs and d == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], d)
        else:
            runs.append((d, d))
    return ", ".join(day_name(a, first, lang) if a == b
                     else f"{day_name(a, first, lang)} – {day_name(b, first, lang)}"
                     for a, b in runs)


def names(items: list[str], lang: str) -> str:
    """'A', 'A en B', 'A, B en C' (English: 'and')."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + term("roster_text.and", lang) + items[-1]


def _count(n: int, unit: str, lang: str) -> str:
    return term(f"roster_text.{unit}" + ("" if n == 1 else "s"), lang, n=n)


def reroster_lines(r: Reroster, first: dt.date | None, lang: str) -> list[str]:
    """A re-rostering in the team chief's words: how many shifts changed (how many of them
    had to), the cover short before and after, and every change."""
    out = [term("roster_text.new_roster", lang, changes=_count(len(r.changes), "shift", lang),
                forced=r.forced, short=r.cover_short, was=r.published_short)]
    if not r.proved:
        out.append("  " + term("roster_text.not_proved", lang))
    off = term("roster_text.off", lang)
    out += [f"  {c.person} {day_name(c.day, first, lang)}: {c.before or off} → {c.after or off}"
            for c in r.changes]
    return out


def shortage_lines(s: Shortage, first: dt.date | None, lang: str) -> list[str]:
    """Why cover is short: the days and hours short, then each cause, most cover filled
    first."""
    unit = "person_hour" if s.hourly else "shift"
    if not s.total:
        return [term("roster_text.cover_met", lang)]
    out = [term("roster_text.cover_short", lang, n=_count(s.total, unit, lang))]
    for day in sorted(s.short):
        slots = ", ".join(term("roster_text.slot_short", lang, hours=_hours(hs), n=k).strip()
                          for hs, k in _runs(s.short[day]))
        out.append(f"  {day_name(day, first, lang)}: {slots}")
    out += [_cause(s, c, first, lang, _count(c.filled, unit, lang)) for c in s.causes]
    return out


def _cause(s: Shortage, c: Cause, first: dt.date | None, lang: str, fill: str) -> str:
    from sterkte.roster.shortage import ALL, LEAVE, NOBODY, SICK

    who = names(list(c.persons), lang)
    when = day_span(list(c.days), first, lang)
    if c.rule in (SICK, LEAVE):
        days = sorted({d for p in c.persons for d in s.away[c.rule].get(p, ())})
        key = "roster_text.cause_away" + ("_one" if len(c.persons) == 1 else "_many")
        return term(key, lang, what=term(f"roster_text.{c.rule}", lang), who=who,
                    days=day_span(days, first, lang), fill=fill, when=when)
    if c.rule == NOBODY:
        return term("roster_text.cause_nobody", lang)
    if c.rule == ALL:
        rules = names([f"‘{rule_phrase(r, s.problem.rules.get(r), lang)}’" for r in c.rules],
                      lang)
        return term("roster_text.cause_together", lang, rules=rules, who=who, when=when,
                    fill=fill)
    info = s.problem.rules.get(c.rule)
    ref = f" ({info.reference})" if info and info.reference else ""
    return term("roster_text.cause_rule", lang, rule=rule_phrase(c.rule, info, lang), ref=ref,
                who=who, when=when, fill=fill)


def replan_lines(plan: Replan, lang: str) -> list[str]:
    """A re-rostering and, when cover is short, why."""
    out = reroster_lines(plan.result, plan.first, lang)
    if plan.why is not None:
        out += shortage_lines(plan.why, plan.first, lang)
    return out


def _runs(slots: list[tuple[int | None, int]]) -> list[tuple[list[int | None], int]]:
    """Consecutive hours with the same shortfall, as one run."""
    out: list[tuple[list[int | None], int]] = []
    for h, k in sorted(slots, key=lambda t: (t[0] is None, t[0] or 0)):
        if out and h is not None and out[-1][1] == k and out[-1][0][-1] == h - 1:
            out[-1][0].append(h)
        else:
            out.append(([h], k))
    return out


def _hours(hs: list[int | None]) -> str:
    if hs[0] is None or hs[-1] is None:
        return ""
    return f"{hs[0]:02d}:00–{(hs[-1] + 1) % 24:02d}:00"
