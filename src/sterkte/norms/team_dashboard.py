"""The team dashboard: one team's employee-survey results over the waves, beside its
staffing, absence, overtime pressure and the CM-tafel gap, with the small-cell rule.

Survey (MedewerkersMonitor): a score per wave and dimension with its respondents. A
score about fewer than k respondents is hidden, and so is its respondent count (a count
of 1 to k−1 people). A district figure could give a single hidden team away, so per wave
and dimension the district's teams follow :func:`sterkte.norms.teams.protect_rates`: in a
district where exactly one team is hidden, the next smallest is hidden too. The change
from the previous wave is hidden when either score is. Dimensions are a dated parameter
(``survey_dimensions``: dimension → highest score), so a new survey edition fits; a
result outside the dimensions in force on its wave's date is left out and listed.

Overtime pressure: the extra hours a year each of the team's professionals would work
if the CM-tafel's average weekly shortfall were closed by overtime,
``max(0, demand − supply) per week × 52.18 weeks / professionals``, beside the most extra
hours a year the police's rules allow (``roster_max_extra_hours_per_year``, Barp art. 12).
It adds up people's hours, so it is hidden with the team's other figures about its people.
Hidden values are NaN.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from sterkte.norms.teams import protect_rates

HIDDEN = math.nan
WEEKS_PER_YEAR = 365.25 / 7  # calendar weeks in an average year


@dataclass(frozen=True)
class SurveyScore:
    team: str
    wave: dt.date
    dimension: str
    respondents: int
    score: float


@dataclass(frozen=True)
class SurveyCell:
    score: float  # NaN when hidden
    respondents: float  # NaN when hidden
    change: float | None  # since the previous wave with a score (NaN when hidden)


@dataclass(frozen=True)
class SurveyTrend:
    """One team's scores: ``cells[(wave, dimension)]``; waves and dimensions in order."""

    team: str
    waves: tuple[dt.date, ...]
    dimensions: tuple[str, ...]
    cells: dict[tuple[dt.date, str], SurveyCell]
    left_out: tuple[str, ...] = ()  # results with a dimension not in force on their wave


def protect_survey(results: Sequence[SurveyScore], team: str, district_of: Mapping[str, str],
                   dimensions_on: Mapping[dt.date, Mapping[str, float]], k: int
                   ) -> SurveyTrend:
    """``team``'s results, protected with its district mates (``results`` holds the
    district's teams). ``dimensions_on``: per wave, the dimensions in force with their
    highest score."""
    left_out = []
    valid: list[SurveyScore] = []
    for r in results:
        scale = dimensions_on.get(r.wave, {})
        if r.dimension not in scale or not 0 <= r.score <= scale[r.dimension]:
            if r.team == team:
                left_out.append(f"{r.wave.isoformat()} {r.dimension}")
            continue
        valid.append(r)
    mine = [r for r in valid if r.team == team]
    waves = tuple(sorted({r.wave for r in mine}))
    dims: list[str] = []
    for w in waves:
        for d in dimensions_on.get(w, {}):
            if d not in dims and any(r.dimension == d for r in mine):
                dims.append(d)
    shown: dict[tuple[dt.date, str], tuple[float, float]] = {}
    for w in waves:
        for d in dims:
            group = [r for r in valid if r.wave == w and r.dimension == d]
            own = next((r for r in group if r.team == team), None)
            if own is None:
                continue
            rates: dict[str, float | None] = {r.team: r.score for r in group}
            persons = {r.team: r.respondents for r in group}
            safe = protect_rates(rates, persons, district_of, k)[team]
            hidden = safe is None or math.isnan(safe)
            shown[(w, d)] = (HIDDEN if hidden else own.score,
                             HIDDEN if 0 < own.respondents < k else float(own.respondents))
    cells: dict[tuple[dt.date, str], SurveyCell] = {}
    for d in dims:
        previous: float | None = None
        for w in waves:
            if (w, d) not in shown:
                continue
            score, n = shown[(w, d)]
            # to ten decimals: scores are given to one or two, and the float difference of
            # 6.54 and 6.75 is -0.20999999999999996, which the unrounded CSV printed
            change = None if previous is None else (
                HIDDEN if math.isnan(previous) or math.isnan(score)
                else round(score - previous, 10))
            cells[(w, d)] = SurveyCell(score, n, change)
            previous = score
    return SurveyTrend(team, waves, tuple(dims), cells, tuple(left_out))


@dataclass(frozen=True)
class Pressure:
    """The CM-tafel for one team over its planning weeks (person-hours per week), and the
    overtime it would take to close the gap. NaN where hidden."""

    weeks: int
    demand: float  # average per week (workload, not about persons: always shown)
    supply: float
    gap: float  # supply − demand
    professionals: float  # persons with contract hours in the team
    overtime_per_person: float  # extra hours a year each
    overtime_cap: float  # hours a year (Barp art. 12)

    @property
    def over_cap(self) -> bool | None:
        if math.isnan(self.overtime_per_person):
            return None
        return self.overtime_per_person > self.overtime_cap


def pressure(demand: Sequence[float], supply: Sequence[float], professionals: int,
             cap: float, hidden: bool) -> Pressure:
    """From the CM-tafel's weekly demand and supply (person-hours) of one team."""
    n = len(demand)
    d = sum(demand) / n if n else 0.0
    s = sum(supply) / n if n else 0.0
    if hidden:
        return Pressure(n, d, HIDDEN, HIDDEN, HIDDEN, HIDDEN, cap)
    short = max(0.0, d - s)
    per_person = short * WEEKS_PER_YEAR / professionals if professionals else HIDDEN
    return Pressure(n, d, s, s - d, float(professionals), per_person, cap)


@dataclass(frozen=True)
class TeamDashboard:
    team: str
    unit: str
    district: str
    on: dt.date  # the HR date the staffing is counted on
    k: int
    indicators: dict[str, float | None]  # the team's row of sterkte teams (NaN hidden)
    survey: SurveyTrend
    pressure: Pressure | None
    planning_first: dt.date | None = None  # the CM-tafel's first planning day
    survey_sources: tuple[str, ...] = ()


PROFESSIONALS = ("OS", "ASP", "NOS")  # the staff with contract hours


def protect_staff(d: TeamDashboard) -> TeamDashboard:
    """The CM-tafel's staff with contract hours are the team's OS + ASP + NOS: beside a
    staffing that hides one of those, they gave it away by subtraction (and VOL from the
    persons), and so did the overtime per person (shortfall × weeks / staff) where there
    is a shortfall. Hidden then, as the staffing's cells (an overtime of 0 tells nothing
    and stays)."""
    p = d.pressure
    if p is None or not any((v := d.indicators.get(c)) is not None and math.isnan(v)
                            for c in PROFESSIONALS):
        return d
    overtime = p.overtime_per_person if p.overtime_per_person == 0 else HIDDEN
    return replace(d, pressure=replace(p, professionals=HIDDEN, overtime_per_person=overtime))


__all__ = ["HIDDEN", "PROFESSIONALS", "Pressure", "SurveyCell", "SurveyScore", "SurveyTrend",
           "TeamDashboard", "pressure", "protect_staff", "protect_survey"]
