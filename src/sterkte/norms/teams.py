"""Team indicators with small-cell protection.

Per team: persons by category (OS, ASP, NOS, volunteers), fte, staffing against the
team's formatie (when imported), sickness absence, volunteer share and — when an
employee survey is imported — its social-safety and workload scores. The district
totals are published too.

Protection (k persons, a dated parameter, default 10):
- the counts of each district form a table (teams × categories, with totals); it
  is protected by :func:`sterkte.norms.suppression.protect`;
- a team's fte and rates (staffing, absence, volunteer share) are figures about its
  people: hidden
  when the team has fewer than k persons, and when its total is hidden; the volunteer
  share (volunteers per OS officer) also when either count is hidden, as it would give
  the hidden one away;
- survey scores are hidden when fewer than k people answered;
- a published district figure would reveal a single hidden team's rate, so in a
  district with exactly one team hidden for a rate, the next smallest team is
  hidden for that rate too.
Hidden values are NaN here; reports print them as ``×``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from sterkte.norms.suppression import protect
from sterkte.records.staff import TeamRow

CATEGORIES = ("OS", "ASP", "NOS", "VOL")
_OS, _VOL = CATEGORIES.index("OS"), CATEGORIES.index("VOL")
HIDDEN = math.nan


@dataclass(frozen=True)
class TeamFigures:
    unit: str
    district: str
    team: str
    persons: int  # all categories
    counts: dict[str, int]
    fte: float
    absence_percent: float | None
    survey_respondents: int = 0
    social_safety: float | None = None
    workload: float | None = None
    formatie_fte: float | None = None


@dataclass(frozen=True)
class TeamIndicators:
    unit: str
    district: str
    team: str  # a team code, or the district code on a district total row
    is_total: bool
    values: dict[str, float | None]  # NaN = hidden; None = no data


COLUMNS = ("OS", "ASP", "NOS", "VOL", "persons", "fte", "formatie_fte", "staffing_percent",
           "absence_percent", "volunteer_share", "social_safety", "workload")


def _staffing(t: TeamFigures) -> float | None:
    return 100.0 * t.fte / t.formatie_fte if t.formatie_fte else None


def _volunteer_share(t: TeamFigures) -> float | None:
    os = t.counts.get("OS", 0)
    return 100.0 * t.counts.get("VOL", 0) / os if os else None


def protect_teams(teams: Sequence[TeamFigures], k: int) -> list[TeamIndicators]:
    """The team table of each district, protected, with a total row per district."""
    by_district: dict[tuple[str, str], list[TeamFigures]] = {}
    for t in teams:
        by_district.setdefault((t.unit, t.district), []).append(t)
    out: list[TeamIndicators] = []
    for (unit, district), members in sorted(by_district.items()):
        members = sorted(members, key=lambda t: t.team)
        table = [[t.counts.get(c, 0) for c in CATEGORIES] for t in members]
        p = protect(table, k)
        rates = {
            "fte": _hide_rates(members, k, p.row_hidden.tolist(), lambda t: t.fte,
                               lambda t: t.persons),
            "staffing_percent": _hide_rates(members, k, p.row_hidden.tolist(), _staffing,
                                            lambda t: t.persons),
            "absence_percent": _hide_rates(members, k, p.row_hidden.tolist(),
                                           lambda t: t.absence_percent, lambda t: t.persons),
            # volunteers per OS officer beside a shown OS count gives the volunteer
            # count away: hidden wherever either count is
            "volunteer_share": _hide_rates(members, k, [
                bool(p.row_hidden[i] or p.cell_hidden[i, _VOL] or p.cell_hidden[i, _OS])
                for i in range(len(members))], _volunteer_share, lambda t: t.persons),
            "social_safety": _hide_rates(members, k, [False] * len(members),
                                         lambda t: t.social_safety,
                                         lambda t: t.survey_respondents),
            "workload": _hide_rates(members, k, [False] * len(members),
                                    lambda t: t.workload, lambda t: t.survey_respondents),
        }
        for i, t in enumerate(members):
            values: dict[str, float | None] = {}
            for j, c in enumerate(CATEGORIES):
                values[c] = HIDDEN if p.cell_hidden[i, j] else float(table[i][j])
            values["persons"] = HIDDEN if p.row_hidden[i] else float(p.row_totals[i])
            values["formatie_fte"] = t.formatie_fte  # a post count, not about people
            for name, column in rates.items():
                values[name] = column[i]
            out.append(TeamIndicators(unit, district, t.team, False, values))
        total: dict[str, float | None] = {}
        for j, c in enumerate(CATEGORIES):
            total[c] = HIDDEN if p.col_hidden[j] else float(p.col_totals[j])
        total["persons"] = HIDDEN if p.grand_hidden else p.grand_total
        fte = sum(t.fte for t in members)
        formaties = [t.formatie_fte for t in members if t.formatie_fte is not None]
        formatie = sum(formaties) if len(formaties) == len(members) else None
        total["fte"] = fte
        total["formatie_fte"] = formatie
        total["staffing_percent"] = 100.0 * fte / formatie if formatie else None
        total["absence_percent"] = _weighted(members, lambda t: t.absence_percent,
                                             lambda t: t.fte)
        vol = sum(t.counts.get("VOL", 0) for t in members)
        os = sum(t.counts.get("OS", 0) for t in members)
        total["volunteer_share"] = (HIDDEN if p.col_hidden[_VOL] or p.col_hidden[_OS]
                                    else 100.0 * vol / os if os else None)
        total["social_safety"] = _weighted(members, lambda t: t.social_safety,
                                           lambda t: t.survey_respondents)
        total["workload"] = _weighted(members, lambda t: t.workload,
                                      lambda t: t.survey_respondents)
        # A district total about fewer than k people is itself hidden.
        if sum(t.persons for t in members) < k:
            total = {c: (HIDDEN if v is not None else None) for c, v in total.items()}
        out.append(TeamIndicators(unit, district, district, True, total))
    return out


Value = Callable[[TeamFigures], float | None]
Count = Callable[[TeamFigures], float]


def _weighted(members: Sequence[TeamFigures], value: Value, weight: Count) -> float | None:
    pairs = [(v, w) for t in members if (v := value(t)) is not None and (w := weight(t))]
    total = sum(w for _, w in pairs)
    return sum(v * w for v, w in pairs) / total if total else None


def _hide_rates(members: Sequence[TeamFigures], k: int, row_hidden: list[bool],
                value: Value, people: Count) -> list[float | None]:
    vals = [value(t) for t in members]
    ns = [people(t) for t in members]
    hidden = [vals[i] is not None and (ns[i] < k or row_hidden[i]) for i in range(len(vals))]
    if sum(hidden) == 1:
        # One hidden team next to a published district figure: hide the next smallest.
        others = [i for i in range(len(vals)) if not hidden[i] and vals[i] is not None]
        if others:
            hidden[min(others, key=lambda i: (ns[i], i))] = True
    return [HIDDEN if hidden[i] else vals[i] for i in range(len(vals))]


def protect_rates(rates: Mapping[str, float | None], persons: Mapping[str, int],
                  district_of: Mapping[str, str], k: int) -> dict[str, float | None]:
    """One rate per team (e.g. a month's absence) with the rule above: hidden (NaN)
    for teams of fewer than k people, plus the next smallest team of a district where
    exactly one would be hidden. Teams of unknown size are hidden."""
    by_district: dict[str, list[str]] = {}
    for team in rates:
        by_district.setdefault(district_of.get(team, "?"), []).append(team)
    out: dict[str, float | None] = {}
    for teams in by_district.values():
        teams.sort()
        figures = [TeamFigures("", "", t, persons.get(t, 0), {}, 0.0, rates[t]) for t in teams]
        hidden = _hide_rates(figures, k, [False] * len(teams), lambda t: t.absence_percent,
                             lambda t: t.persons)
        out.update(zip(teams, hidden, strict=True))
    return out


def team_figures(rows: Sequence[TeamRow], absence: Mapping[str, float],
                 survey: Mapping[str, tuple[int, float | None, float | None]],
                 formatie: Mapping[str, float] | None = None) -> list[TeamFigures]:
    """Combine the store's team rows with absence per team and survey scores."""
    out = []
    for r in rows:
        n, safety, workload = survey.get(r.team, (0, None, None))
        out.append(TeamFigures(
            unit=r.unit, district=r.district, team=r.team, persons=sum(r.counts.values()),
            counts=dict(r.counts), fte=r.fte, absence_percent=absence.get(r.team),
            survey_respondents=n, social_safety=safety, workload=workload,
            formatie_fte=(formatie or {}).get(r.team)))
    return out
