"""Synthetic incidents for the synthetic police's teams (for ``make run`` and tests).

Per team, calls arrive as a Poisson process whose rate per hour is

    rate = base × team factor × hour-of-week profile × month factor

with ``base`` proportional to the team's operational strength (fte), a lognormal
team factor (busy city teams, quiet rural ones), a profile with quiet early
mornings, busy evenings and weekend nights, and a mild summer peak. Priority,
type, units sent and minutes on scene are drawn per call. All figures are
assumptions of sterkte, chosen to look plausible; none is real data. Same seed,
same incidents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping

import numpy as np

from sterkte.demand.model import SLOTS, Incident, PlannedBlock

# calls per operational fte of the team per year (assumption, chosen so that the
# synthetic teams are near their capacity, some above it, as the letters describe)
CALLS_PER_FTE_YEAR = 120.0
# relative rate by hour of day (0–23), then by weekday (Mon–Sun) (assumption)
HOUR_SHAPE = np.array([0.9, 0.7, 0.55, 0.45, 0.35, 0.35, 0.45, 0.65, 0.85, 0.95, 1.0, 1.05,
                       1.1, 1.1, 1.15, 1.25, 1.35, 1.4, 1.4, 1.35, 1.3, 1.25, 1.15, 1.05])
DAY_SHAPE = np.array([0.95, 0.93, 0.95, 0.98, 1.08, 1.12, 0.99])
WEEKEND_NIGHT = 1.5  # Friday and Saturday 22:00–04:00
MONTH_FACTOR = np.array([0.92, 0.9, 0.96, 1.0, 1.04, 1.06, 1.1, 1.08, 1.02, 1.0, 0.96, 0.96])
PRIORITY_SHARE = np.array([0.18, 0.42, 0.33, 0.07])
TYPES = ("disturbance", "violence", "theft", "burglary", "traffic accident", "assistance",
         "domestic", "other")
TYPE_SHARE = np.array([0.2, 0.1, 0.14, 0.06, 0.12, 0.18, 0.08, 0.12])
# mean minutes on scene per unit and mean units sent, by priority (assumption)
MINUTES = {1: 75.0, 2: 60.0, 3: 45.0, 4: 0.0}
UNITS = {1: 1.7, 2: 1.2, 3: 1.0, 4: 0.0}


def hour_of_week_profile() -> np.ndarray:
    """Relative call rate per hour-of-week slot (mean 1)."""
    prof = np.outer(DAY_SHAPE, HOUR_SHAPE).ravel()
    for day in (4, 5):  # Friday and Saturday nights run into the next morning
        for h in range(22, 28):
            s = (day * 24 + h) % SLOTS
            prof[s] *= WEEKEND_NIGHT
    return np.asarray(prof / prof.mean())


def team_factors(teams: Collection[str], seed: int) -> dict[str, float]:
    """A lognormal busy-ness factor per team (mean about 1), stable for the seed."""
    rng = np.random.default_rng([seed, 7])
    return {t: float(rng.lognormal(-0.045, 0.3)) for t in sorted(teams)}


def generate_incidents(teams: Mapping[str, float], first_monday: dt.date, weeks: int,
                       seed: int, universe: Collection[str] = ()) -> list[Incident]:
    """Incidents for ``teams`` (team code → operational fte) over ``weeks`` weeks.
    ``universe``: every team of the police the teams belong to, so that a team's
    busy-ness factor is drawn in its place among all of them: drawn among ``teams``
    alone, a team's demand depended on which other teams were asked for with it (a
    roster of syn-AM-D1-T02 needed 12,331 person-hours alone and 13,742 beside T01). (A
    stream per team would do as well, but would change every figure measured on the
    synthetic police; drawn among all teams, the first district's and the whole police's
    stay as they were.)"""
    if first_monday.weekday() != 0:
        raise ValueError("the period starts on a Monday")
    profile = hour_of_week_profile()
    factors = team_factors({*teams, *universe}, seed)
    out: list[Incident] = []
    start = dt.datetime.combine(first_monday, dt.time())
    for t in sorted(teams):
        rng = np.random.default_rng([seed, abs(hash_team(t))])
        per_hour = teams[t] * CALLS_PER_FTE_YEAR / (365.0 * 24.0) * factors[t]
        for w in range(weeks):
            for s in range(SLOTS):
                when = start + dt.timedelta(weeks=w, hours=s)
                lam = per_hour * profile[s] * MONTH_FACTOR[when.month - 1]
                for _ in range(int(rng.poisson(lam))):
                    pr = int(rng.choice(4, p=PRIORITY_SHARE)) + 1
                    typ = TYPES[int(rng.choice(len(TYPES), p=TYPE_SHARE))]
                    units = 0 if pr == 4 else 1 + int(rng.poisson(UNITS[pr] - 1.0))
                    minutes = 0.0 if pr == 4 else round(float(rng.gamma(2.0, MINUTES[pr] / 2)))
                    at = when + dt.timedelta(minutes=int(rng.integers(0, 60)))
                    out.append(Incident(at, t, pr, typ, units, max(minutes, 0.0 if pr == 4
                                                                    else 5.0)))
    out.sort(key=lambda i: (i.time, i.team))
    return out


def hash_team(code: str) -> int:
    """A stable (not Python's salted) hash of a team code, for seeding."""
    h = 0
    for ch in code.encode("utf-8"):
        h = (h * 131 + ch) % 2_147_483_647
    return h


EVENT_KINDS = (("event", 6.0, 8), ("demonstration", 4.0, 6), ("enforcement", 4.0, 4))


def generate_blocks(teams: Mapping[str, float], first_monday: dt.date, weeks: int,
                    seed: int) -> list[PlannedBlock]:
    """Planned work: a few events, demonstrations and enforcement actions per team and
    week (more in bigger teams), mostly on Friday and Saturday afternoons and evenings."""
    out: list[PlannedBlock] = []
    start = dt.datetime.combine(first_monday, dt.time())
    for t in sorted(teams):
        rng = np.random.default_rng([seed, abs(hash_team(t)), 11])
        for w in range(weeks):
            for kind, hours, persons in EVENT_KINDS:
                for _ in range(int(rng.poisson(teams[t] / 150.0))):
                    day = int(rng.choice(7, p=[0.08, 0.08, 0.1, 0.12, 0.2, 0.3, 0.12]))
                    hour = int(rng.integers(10, 20))
                    when = start + dt.timedelta(weeks=w, days=day, hours=hour)
                    n = max(2, int(rng.poisson(persons)))
                    out.append(PlannedBlock(t, when, hours, float(n), kind))
    return out
