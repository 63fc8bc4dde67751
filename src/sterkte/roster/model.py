"""The roster model: who works which shift on which day, under which rules.

One model serves the police teams and the public benchmark instances: a
:class:`RosterProblem` holds employees, days, shift types, cover requirements,
personal requests and the hard rules, each hard constraint tagged with the
*rule* it comes from (a key of :attr:`RosterProblem.rules`, which carries the
rule's description, its legal or documentary source and whether it is on).

Conventions
-----------
- Days are counted from 0 over the horizon; day 0 is a Monday, so day ``d`` is
  a Saturday when ``d % 7 == 5`` and a Sunday when ``d % 7 == 6``.
- A shift belongs to the day it starts. Start and length are in minutes;
  a shift may run past midnight into the next day.
- An employee works at most one shift a day.
- Hard rules never bend. Cover is soft: when the rules leave too few people,
  the cover is left short and reported with its cost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

MINUTES_PER_DAY = 1440


@dataclass(frozen=True)
class ShiftType:
    """A kind of shift. ``start`` in minutes after midnight (``None`` when the source
    gives no clock times, as in the benchmark instances), ``length`` in minutes.
    ``task`` names what the shift is for (``"neighbourhood"`` for a community officer's
    hours in the neighbourhood); ``night`` marks a night shift in the sense of the
    working-time rules (any work between 00:00 and 06:00)."""

    id: str
    length: int
    start: int | None = None
    task: str = ""

    @property
    def end(self) -> int | None:
        """End in minutes after midnight of the shift's own day (may exceed 1440)."""
        return None if self.start is None else self.start + self.length

    @property
    def night(self) -> bool:
        """Working-time act art. 1:7: a shift with more than one hour between 00:00 and
        06:00 counts as a night shift."""
        if self.start is None:
            return False
        worked = 0
        for day_offset in (0, MINUTES_PER_DAY):
            lo, hi = day_offset, day_offset + 360
            worked += max(0, min(self.start + self.length, hi) - max(self.start, lo))
        return worked > 60


@dataclass(frozen=True)
class Employee:
    """One person to roster and their personal hard limits (``None`` = no limit).

    Minutes are minutes of work over the whole horizon. ``max_shifts`` limits the
    number of shifts of each type (a type missing from it is unlimited; 0 = never).
    ``skills`` holds e.g. ``"trained"``, ``"aspirant"``, ``"community_officer"``,
    ``"volunteer"``, ``"specialist"``. ``days_off`` are days that must be free."""

    id: str
    max_shifts: Mapping[str, int] = field(default_factory=dict)
    max_minutes: int | None = None
    min_minutes: int | None = None
    max_consecutive: int | None = None
    min_consecutive: int | None = None
    min_consecutive_off: int | None = None
    max_weekends: int | None = None
    days_off: frozenset[int] = frozenset()
    skills: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Cover:
    """A soft cover requirement: at least (and ideally exactly) ``required`` persons on
    any of the ``cells`` (pairs of day and shift type) — one cell for a per-shift
    requirement, several for "on duty during this hour". ``skill`` counts only people
    with that skill. Weights are cost per person under or over."""

    cells: tuple[tuple[int, str], ...]
    required: int
    weight_under: int
    weight_over: int = 0
    skill: str | None = None
    label: str = ""
    day: int | None = None  # the day and hour (0–23) the requirement is for, if known
    hour: int | None = None


@dataclass(frozen=True)
class Request:
    """A personal wish: to work shift ``shift`` on ``day`` (``on``) or not to (off).
    ``shift=None`` on an off-request means the whole day. ``weight`` is the cost of
    not honouring it."""

    employee: str
    day: int
    shift: str | None
    weight: int
    on: bool


@dataclass(frozen=True)
class RuleInfo:
    """What a hard rule is, where it comes from, and whether it applies; ``value`` is
    its limit in the unit of its parameter (hours, counts; None when it has none)."""

    description: str
    reference: str
    enabled: bool = True
    value: float | None = None


# --- hard constraints, each tagged with its rule key -----------------------------------


@dataclass(frozen=True)
class ForbiddenSuccession:
    """Shift ``second`` may not be worked the day after shift ``first``."""

    rule: str
    first: str
    second: str


@dataclass(frozen=True)
class ForbiddenShift:
    """Shift type ``shift`` may not be worked at all (e.g. longer than the legal maximum)."""

    rule: str
    shift: str


@dataclass(frozen=True)
class WindowMinutes:
    """At most ``max_minutes`` of work in every block of ``days`` days from day 0
    (``sliding``: in every run of ``days`` consecutive days). ``employees`` limits the
    rule to those ids (empty = everybody)."""

    rule: str
    days: int
    max_minutes: int
    sliding: bool = False
    employees: frozenset[str] = frozenset()


@dataclass(frozen=True)
class WindowCount:
    """At most ``max_count`` shifts of the types ``shifts`` over the horizon."""

    rule: str
    shifts: frozenset[str]
    max_count: int


@dataclass(frozen=True)
class MinFreeWeekday:
    """At least ``min_free`` free days that fall on ``weekday`` (0 = Monday … 6 = Sunday)."""

    rule: str
    weekday: int
    min_free: int


@dataclass(frozen=True)
class WeeklyRest:
    """In every calendar week of the horizon, one uninterrupted rest of at least
    ``min_minutes`` (needs shift clock times)."""

    rule: str
    min_minutes: int


@dataclass(frozen=True)
class RestAfterSeries:
    """After ``series`` or more consecutive days on shifts of the types ``shifts``,
    at least ``min_minutes`` of rest before the next shift (needs clock times)."""

    rule: str
    shifts: frozenset[str]
    series: int
    min_minutes: int


@dataclass(frozen=True)
class Supervision:
    """Someone with skill ``skill`` works only on a shift on which someone with skill
    ``colleague`` also works (an aspirant never alone)."""

    rule: str
    skill: str
    colleague: str


@dataclass(frozen=True)
class MinTaskShare:
    """Someone with skill ``skill`` spends at least ``share`` of their worked minutes on
    shifts with task ``task`` (the 80 % neighbourhood norm of community officers)."""

    rule: str
    skill: str
    task: str
    share: float


Constraint = (
    ForbiddenSuccession | ForbiddenShift | WindowMinutes | WindowCount | MinFreeWeekday
    | WeeklyRest | RestAfterSeries | Supervision | MinTaskShare
)

# Keys of the personal limits on :class:`Employee`, as rule keys.
EMPLOYEE_RULES = (
    "days_off", "max_shifts", "max_minutes", "min_minutes", "max_consecutive",
    "min_consecutive", "min_consecutive_off", "max_weekends",
)


# --- soft goals ------------------------------------------------------------------------


@dataclass(frozen=True)
class Fairness:
    """Spread shifts of the types ``shifts`` (or, with ``weekend``, worked weekend days)
    evenly: cost ``weight`` per shift between the most and the least loaded of
    ``employees`` (empty = everybody)."""

    label: str
    weight: int
    shifts: frozenset[str] = frozenset()
    weekend: bool = False
    employees: frozenset[str] = frozenset()


@dataclass(frozen=True)
class TaskShare:
    """Employees with ``skill`` should spend at least ``share`` of their worked minutes
    on shifts with task ``task`` (the 80 % neighbourhood norm for community officers);
    cost ``weight`` per hour short."""

    label: str
    skill: str
    task: str
    share: float
    weight: int


SoftGoal = Fairness | TaskShare


@dataclass(frozen=True)
class RosterProblem:
    """Everything a roster must respect and aims for, for one team and horizon."""

    days: int
    shifts: tuple[ShiftType, ...]
    employees: tuple[Employee, ...]
    cover: tuple[Cover, ...] = ()
    requests: tuple[Request, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    goals: tuple[SoftGoal, ...] = ()
    rules: Mapping[str, RuleInfo] = field(default_factory=dict)
    name: str = ""

    def shift(self, sid: str) -> ShiftType:
        for s in self.shifts:
            if s.id == sid:
                return s
        raise KeyError(sid)

    def enabled(self, rule: str) -> bool:
        """A rule applies unless the problem lists it as switched off."""
        info = self.rules.get(rule)
        return info is None or info.enabled

    def with_rules(self, **enabled: bool) -> RosterProblem:
        """A copy with the named rules switched on or off."""
        rules = dict(self.rules)
        for key, on in enabled.items():
            old = rules.get(key, RuleInfo(key, ""))
            rules[key] = RuleInfo(old.description, old.reference, on, old.value)
        return RosterProblem(self.days, self.shifts, self.employees, self.cover, self.requests,
                             self.constraints, self.goals, rules, self.name)


Assignment = dict[tuple[str, int], str]
"""A roster: (employee id, day) → shift type id, for every worked shift."""
