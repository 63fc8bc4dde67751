"""Preventive presence as planned work for the demand model: a PresencePlan → PlannedBlocks.

A :class:`~sterkte.anticipate.presence.PresencePlan` whose areas are basisteams
says how many hours of preventive presence each team should give per week. The
demand model (:mod:`sterkte.demand`) counts planned work as
:class:`~sterkte.demand.model.PlannedBlock` records (persons × hours from a
start time), so the CM-tafel view shows these hours beside events and
enforcement.

Rule (why): the forecast is per cell per *period* (expected events in N days),
with no time of day, so there is no evidence for putting the hours in one hour
of the week rather than another. The hours are therefore spread **evenly over
the seven days of each week, in a daily window of 10:00–22:00** (day and late
shift; the police's own preventive visits are short stops spread over the
hours people are out, and a night window would only move the cost into the
scarcest hours). Each day gets one block of ``window_hours`` with
``persons = hours per week / 7 / window_hours`` (a fraction of a person is
fine: the demand model works in person-hours per slot). So per team and week,
Σ persons × hours = the plan's recommended hours per week, exactly.

Only the forecast's own days (why): a plan is made from the expected events in
the run's period [origin, origin + days) and says nothing about other weeks
(the hot cells move; a plan for two weeks of March 2016 is no plan for 2022).
With ``period`` = that window, only days whose date lies in it get a block. So a
whole week inside the period keeps the exact hours above; a week partly inside
gets hours per week / 7 for each of its days inside (4 days in → 4/7 of the
hours); weeks outside get nothing. ``period=None`` applies the plan to every day
(for callers that have no period).

Blocks have ``kind = "preventive presence"``: the demand model counts them as
planned response-side work (they are not community officers' neighbourhood
hours, which the model keeps apart and meets from the 80 % norm). Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from sterkte.demand.model import PlannedBlock
from sterkte.errors import Msg
from sterkte.records.presence import PresencePlan

PREVENTIVE = "preventive presence"
DAY_START = 10  # 10:00
WINDOW_HOURS = 12.0  # 10:00–22:00


def covered_days(first_monday: dt.date, weeks: int,
                 period: tuple[dt.date, dt.date] | None = None) -> list[dt.date]:
    """The days of ``weeks`` weeks from ``first_monday`` whose date lies in ``period``
    = [from, until) (a forecast run's [origin, origin + days)); every day when None."""
    if period is not None and not period[0] < period[1]:
        raise ValueError(Msg(
            f"een voorspellingsperiode [van, tot) vraagt 'tot' na 'van', gevonden "
            f"{period[0]} … {period[1]}",
            f"a forecast period [from, until) needs until after from, found "
            f"{period[0]} … {period[1]}"))
    days = [first_monday + dt.timedelta(days=i) for i in range(7 * weeks)]
    if period is None:
        return days
    return [d for d in days if period[0] <= d < period[1]]


def presence_blocks(plan: PresencePlan, first_monday: dt.date, weeks: int, *,
                    teams: Collection[str] | None = None,
                    period: tuple[dt.date, dt.date] | None = None, day_start: int = DAY_START,
                    window_hours: float = WINDOW_HOURS) -> list[PlannedBlock]:
    """Planned blocks for each area (a team code) of ``plan`` in each of ``weeks`` weeks
    from ``first_monday``: per day one block ``day_start`` + ``window_hours`` hours with
    persons = hours per week / 7 / ``window_hours``.

    ``period`` = [from, until), the forecast run's days: only days whose date lies in
    it get a block (a whole week inside: the weekly hours exactly; a partial week:
    hours per week / 7 per day inside; outside: nothing). None: every day.

    ``teams``, when given, are the known team codes: an area not among them is a
    ``ValueError`` naming it (a plan whose areas are not basisteams cannot become
    planned work). Areas with no hours give no blocks.
    """
    if first_monday.weekday() != 0:
        raise ValueError(Msg("een planperiode begint op een maandag",
                             "a planning period starts on a Monday"))
    if weeks < 0:
        raise ValueError(Msg("het aantal weken moet ≥ 0 zijn", "weeks must be ≥ 0"))
    if not 0 <= day_start <= 23 or not 0 < window_hours <= 24:
        raise ValueError(Msg("het dagvenster moet om 0–23 uur beginnen en (0, 24] uur duren",
                             "the daily window must start at 0–23 h and last (0, 24] hours"))
    if teams is not None:
        unknown = sorted({a.area for a in plan.areas} - set(teams))
        if unknown:
            listed = ", ".join(unknown)
            raise ValueError(Msg(f"gebieden die geen bekende teams zijn: {listed}",
                                 f"areas that are not known teams: {listed}"))
    days = covered_days(first_monday, weeks, period)
    out: list[PlannedBlock] = []
    for area in sorted(plan.areas, key=lambda a: a.area):
        if area.hours_per_week <= 0:
            continue
        persons = area.hours_per_week / 7.0 / window_hours
        for day in days:
            out.append(PlannedBlock(area.area, dt.datetime.combine(day, dt.time(day_start)),
                                    window_hours, persons, PREVENTIVE))
    return out


def block_hours(blocks: Collection[PlannedBlock]) -> dict[str, float]:
    """Person-hours of ``blocks`` per team (Σ persons × hours)."""
    out: dict[str, float] = {}
    for b in blocks:
        out[b.team] = out.get(b.team, 0.0) + b.persons * b.hours
    return out


def weekly_block_hours(blocks: Collection[PlannedBlock], first_monday: dt.date,
                       weeks: int) -> dict[str, list[float]]:
    """Person-hours of ``blocks`` per team and week from ``first_monday`` (a block counts
    in the week of its start; blocks outside the weeks are left out)."""
    out: dict[str, list[float]] = {}
    begin = dt.datetime.combine(first_monday, dt.time())
    for b in blocks:
        w = (b.start - begin).days // 7
        if 0 <= w < weeks:
            out.setdefault(b.team, [0.0] * weeks)[w] += b.persons * b.hours
    return out
