"""Police rosters: the working-time rules, officers and cover as a :class:`RosterProblem`.

The working-time rules of the Arbeidstijdenwet and the police's own arrangement
(Barp art. 12) are dated parameters (``sterkte/data/parameters/roster/*.yaml``,
each with its legal source); :func:`working_time_rules` reads them for a date and
:func:`police_problem` compiles them into the constraints of the roster model.
``roster_rules_enabled`` switches each rule on or off (a scenario can switch one
off from a date to see what it costs); ``enabled=`` does the same per call.

Cover comes per hour of each day of the period (persons on response duty,
from the demand model); a shift covers the hours it spans, a night shift also
the first hours of the next day. Neighbourhood shifts (task ``neighbourhood``,
community officers only) do not count for response cover: they are the hours
that make the 80 % norm, a soft goal measured on every roster.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sterkte.parameters import ParameterSet
from sterkte.roster.model import (
    MINUTES_PER_DAY,
    Constraint,
    Cover,
    Employee,
    Fairness,
    ForbiddenShift,
    ForbiddenSuccession,
    MinFreeWeekday,
    MinTaskShare,
    Request,
    RestAfterSeries,
    RosterProblem,
    RuleInfo,
    ShiftType,
    SoftGoal,
    Supervision,
    TaskShare,
    WeeklyRest,
    WindowCount,
    WindowMinutes,
)

NEIGHBOURHOOD = "neighbourhood"

# The police's usual three response shifts and a community officer's day shift
# (start and length in minutes).
STANDARD_SHIFTS = (
    ShiftType("E", 480, 7 * 60),    # early 07:00–15:00
    ShiftType("L", 480, 15 * 60),   # late 15:00–23:00
    ShiftType("N", 480, 23 * 60),   # night 23:00–07:00
    ShiftType("W", 480, 9 * 60, task=NEIGHBOURHOOD),  # neighbourhood 09:00–17:00
)

# rule key → parameter holding its limit ("" when the rule has no number)
RULE_PARAMETERS = {
    "max_shift_length": "roster_max_shift_hours",
    "max_week_hours": "roster_max_week_hours",
    "avg_week_hours_4w": "roster_avg_week_hours_4w",
    "avg_week_hours_16w": "roster_avg_week_hours_16w",
    "min_rest": "roster_min_rest_hours",
    "weekly_rest": "roster_weekly_rest_hours",
    "night_max_length": "roster_night_max_hours",
    "rest_after_night": "roster_rest_after_night_hours",
    "rest_after_night_series": "roster_rest_after_night_series_hours",
    "max_nights": "roster_max_nights_16w",
    "free_sundays": "roster_free_sundays_per_year",
    "max_minutes": "roster_police_week_hours",
    "volunteer_cap": "volunteer_hours_cap",
    "neighbourhood_norm": "neighbourhood_share",
    "aspirant_with_trained": "",
    "days_off": "",
}


@dataclass(frozen=True)
class Officer:
    """A team member to roster. ``contract_hours`` per week (36 = full time);
    ``skills`` from ``trained``, ``aspirant``, ``community_officer``, ``volunteer``,
    ``specialist``; ``days_off`` are days of the period on leave, training or known
    absence; ``volunteer_hours_used`` hours already deployed this calendar year."""

    id: str
    contract_hours: float
    skills: frozenset[str] = frozenset({"trained"})
    days_off: frozenset[int] = frozenset()
    volunteer_hours_used: float = 0.0


@dataclass(frozen=True)
class Rule:
    key: str
    value: float  # in the parameter's unit (hours, counts)
    info: RuleInfo


def working_time_rules(params: ParameterSet, when: dt.date,
                       enabled: Mapping[str, bool] | None = None) -> dict[str, Rule]:
    """The rules in force on ``when`` with their values and sources."""
    switches = params["roster_rules_enabled"].mapping(when)
    out: dict[str, Rule] = {}
    for key, pname in RULE_PARAMETERS.items():
        on = bool(switches.get(key, 1.0))
        if enabled and key in enabled:
            on = enabled[key]
        if pname:
            par = params[pname]
            value = par.number(when)
            out[key] = Rule(key, value, RuleInfo(par.description, par.reference, on, value))
        elif key == "aspirant_with_trained":
            out[key] = Rule(key, 0.0, RuleInfo(
                "An aspirant works only on a shift with a trained colleague",
                "Politieacademie, werkend leren: aspiranten werken onder begeleiding", on))
        else:
            out[key] = Rule(key, 0.0, RuleInfo(
                "Days of leave, training or known absence are free",
                "HR records (verlof, opleiding, verzuim)", on))
    return out


def covering(shifts: Sequence[ShiftType], day: int, hour: int, days: int
             ) -> tuple[tuple[int, str], ...]:
    """The (day, shift) cells whose shift is on duty during ``hour`` of ``day``."""
    t = day * MINUTES_PER_DAY + hour * 60
    cells = []
    for d in (day - 1, day):
        if not 0 <= d < days:
            continue
        for s in shifts:
            if s.start is None or s.task:
                continue
            lo = d * MINUTES_PER_DAY + s.start
            if lo <= t < lo + s.length:
                cells.append((d, s.id))
    return tuple(cells)


@dataclass(frozen=True)
class Weights:
    """Costs of the soft goals: per person-hour of response cover short, per person-hour
    over, per hour a community officer is short of the neighbourhood share, per night or
    weekend day between the most and least loaded officer."""

    cover_under: int = 100
    cover_over: int = 1
    neighbourhood: int = 20
    fair_nights: int = 5
    fair_weekends: int = 5


def police_problem(
    officers: Sequence[Officer],
    cover_hours: Sequence[Sequence[int]],
    start: dt.date,
    params: ParameterSet | None = None,
    *,
    shifts: Sequence[ShiftType] = STANDARD_SHIFTS,
    requests: Sequence[Request] = (),
    enabled: Mapping[str, bool] | None = None,
    weights: Weights = Weights(),
    name: str = "",
) -> RosterProblem:
    """A roster problem for one team from ``start`` (a Monday) over ``len(cover_hours)``
    days; ``cover_hours[d][h]`` = persons needed on response duty in hour ``h`` of day ``d``.
    """
    if start.weekday() != 0:
        raise ValueError("a roster period starts on a Monday")
    params = params or ParameterSet.bundled()
    days = len(cover_hours)
    rules = working_time_rules(params, start, enabled)
    cons: list[Constraint] = []
    mins = 60

    for s in shifts:
        if s.length > rules["max_shift_length"].value * mins:
            cons.append(ForbiddenShift("max_shift_length", s.id))
        if s.night and s.length > rules["night_max_length"].value * mins:
            cons.append(ForbiddenShift("night_max_length", s.id))
    for a in shifts:
        for b in shifts:
            if a.end is None or b.start is None:
                continue
            rest = MINUTES_PER_DAY + b.start - a.end
            if rest < rules["min_rest"].value * mins:
                cons.append(ForbiddenSuccession("min_rest", a.id, b.id))
            late_night = a.night and a.end > MINUTES_PER_DAY + 120
            if late_night and rest < rules["rest_after_night"].value * mins:
                cons.append(ForbiddenSuccession("rest_after_night", a.id, b.id))
    cons.append(WindowMinutes("max_week_hours", 7, round(rules["max_week_hours"].value * mins)))
    cons.append(WindowMinutes("avg_week_hours_4w", 28,
                              round(rules["avg_week_hours_4w"].value * 4 * mins)))
    weeks16 = min(days, 112) / 7
    cons.append(WindowMinutes("avg_week_hours_16w", 112,
                              math.floor(rules["avg_week_hours_16w"].value * weeks16 * mins)))
    cons.append(WeeklyRest("weekly_rest", round(rules["weekly_rest"].value * mins)))
    nights = frozenset(s.id for s in shifts if s.night)
    if nights:
        cons.append(RestAfterSeries("rest_after_night_series", nights, 3,
                                    round(rules["rest_after_night_series"].value * mins)))
        cons.append(WindowCount("max_nights", nights,
                                math.floor(rules["max_nights"].value * days / 112)))
    cons.append(MinFreeWeekday("free_sundays", 6,
                               round(rules["free_sundays"].value * days / 364)))
    cons.append(Supervision("aspirant_with_trained", "aspirant", "trained"))
    if any(s.task == NEIGHBOURHOOD for s in shifts):
        cons.append(MinTaskShare("neighbourhood_norm", "community_officer", NEIGHBOURHOOD,
                                 rules["neighbourhood_norm"].value))

    params_extra = params["roster_max_extra_hours_per_year"].number(start)
    cap = rules["volunteer_cap"].value
    employees = []
    task_shifts = {s.id for s in shifts if s.task == NEIGHBOURHOOD}
    for o in officers:
        contract = o.contract_hours / rules["max_minutes"].value  # share of full time
        max_minutes = (contract * rules["max_minutes"].value * days / 7
                       + params_extra * days / 365) * mins
        if "volunteer" in o.skills:
            left = max(0.0, cap - o.volunteer_hours_used)
            cons.append(WindowMinutes("volunteer_cap", max(days, 1), math.floor(left * mins),
                                      employees=frozenset({o.id})))
        never = {} if "community_officer" in o.skills else dict.fromkeys(task_shifts, 0)
        employees.append(Employee(id=o.id, max_shifts=never, max_minutes=math.floor(max_minutes),
                                  days_off=o.days_off, skills=o.skills))

    cover = []
    for d in range(days):
        for h in range(24):
            need = int(cover_hours[d][h])
            cells = covering(shifts, d, h, days)
            # hours no shift of this period can reach (day 0 before the first shift)
            # belong to the previous period's roster
            if cells:
                cover.append(Cover(cells, need, weights.cover_under, weights.cover_over,
                                   label=f"day {d} {h:02d}:00", day=d, hour=h))
    goals: list[SoftGoal] = []
    share = params["neighbourhood_share"].number(start)
    if task_shifts:
        goals.append(TaskShare("neighbourhood share", "community_officer", NEIGHBOURHOOD,
                               share, weights.neighbourhood))
    responders = frozenset(o.id for o in officers if "volunteer" not in o.skills)
    if nights:
        goals.append(Fairness("nights spread evenly", weights.fair_nights, nights,
                              employees=responders))
    goals.append(Fairness("weekends spread evenly", weights.fair_weekends, weekend=True,
                          employees=responders))
    info = {k: r.info for k, r in rules.items()}
    return RosterProblem(days=days, shifts=tuple(shifts), employees=tuple(employees),
                         cover=tuple(cover), requests=tuple(requests), constraints=tuple(cons),
                         goals=tuple(goals), rules=info, name=name)


def rule_limits(problem: RosterProblem) -> dict[str, str]:
    """Rule key → its source, for reports."""
    return {k: v.reference for k, v in problem.rules.items()}


def flat_cover(days: int, night: int = 2, day: int = 3, evening: int = 4) -> list[list[int]]:
    """A simple response-cover profile: persons per hour (night 23–07, day 07–15,
    evening 15–23), one more on Friday and Saturday evenings and nights."""
    out = []
    for d in range(days):
        weekend = d % 7 in (4, 5)
        row = []
        for h in range(24):
            if h < 7 or h >= 23:
                row.append(night + (1 if weekend and h >= 23 else 0))
            elif h < 15:
                row.append(day)
            else:
                row.append(evening + (1 if weekend else 0))
        out.append(row)
    return out
