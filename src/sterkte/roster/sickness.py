"""Reported sickness (verzuim) over a roster's horizon: which days a person cannot be
rostered, and how many of their contract hours are left.

The rules, for the days ``[first, first + days)`` of a roster period:

- A spell covers the horizon days from its ``start`` to its ``end`` (inclusive). An
  *open* spell (no ``end`` yet) is taken to run to the end of the horizon: a team chief
  does not plan someone on sick leave until they report back. The HR records only know
  that it lasts at least until their latest date; rostering them anyway would put
  shifts on the roster that are known not to be worked.
- A day's *sick share* is the spell's percentage / 100; on a day two spells cover, the
  larger share counts (a share of the working time cannot be sick twice).
- A day with a sick share of 1 (100 %) is a day away, like leave: no shift on it.
- Every sick day, partial or whole, takes its share of the contract hours off the
  horizon's hour budget: contract hours × (1 − mean sick share over the horizon).
  The model's hours rule (``max_minutes``) is one budget per horizon, not per day,
  so someone partly sick (e.g. 50 % while working therapeutically) stays available
  on every day but works correspondingly fewer hours in the period. Sick hours count
  as hours of the contract, so someone sick for a week does not make those hours up
  in the other weeks either.

Nothing here forecasts sickness: only spells in the HR records count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from sterkte.records.staff import SickSpell


@dataclass(frozen=True)
class Sickness:
    """One person's sickness over a horizon: ``days_off`` (day indices, 100 % sick),
    ``hours_share`` the share of their contract hours left for the horizon (0–1), and
    ``partly`` when on some day they are sick for only part of the working time."""

    days_off: frozenset[int]
    hours_share: float
    partly: bool = False
    shares: tuple[float, ...] = ()  # the sick share (0–1) of each day of the horizon


def sick_shares(spells: Iterable[SickSpell], first: dt.date, days: int
                ) -> dict[str, list[float]]:
    """Per person with a spell in the horizon, the sick share (0–1) of each day of it.

    An open spell runs to the end of the horizon; where spells overlap the larger share
    counts. Persons whose spells all lie outside the horizon are left out."""
    out: dict[str, list[float]] = {}
    for sp in spells:
        lo = max(0, (sp.start - first).days)
        hi = days if sp.end is None else min(days, (sp.end - first).days + 1)
        if lo >= hi:
            continue
        share = min(max(sp.percentage, 0.0), 100.0) / 100.0
        row = out.setdefault(sp.person_id, [0.0] * days)
        for d in range(lo, hi):
            row[d] = max(row[d], share)
    return {p: row for p, row in out.items() if any(row)}


def sickness_by_person(spells: Iterable[SickSpell], first: dt.date, days: int
                       ) -> dict[str, Sickness]:
    """Per person with a spell in the horizon: days away and the hours left (see the
    module's rules)."""
    out = {}
    for pid, row in sick_shares(spells, first, days).items():
        off = frozenset(d for d, s in enumerate(row) if s >= 1.0)
        out[pid] = Sickness(off, 1.0 - sum(row) / days, any(0.0 < s < 1.0 for s in row),
                            tuple(row))
    return out


@dataclass(frozen=True)
class SicknessSummary:
    """Reported sickness of the rostered persons: ``persons`` with a spell in the
    horizon, ``person_days`` not rostered (days 100 % sick), and ``partly`` the persons
    who are sick only part of the working time on some day (fewer hours, still rostered)."""

    persons: int
    person_days: int
    partly: int

    def line(self, known_until: dt.date) -> str:
        text = (f"Reported sick: {_n(self.persons, 'person')}, "
                f"{_n(self.person_days, 'person-day')} not rostered")
        if self.partly:
            text += f", {self.partly} partly sick with fewer hours"
        return f"{text} (HR records up to {known_until.isoformat()})"


def summarise(sickness: Mapping[str, Sickness], persons: Collection[str]
              ) -> SicknessSummary:
    """The summary of :func:`sickness_by_person` over ``persons`` (the rostered ones)."""
    mine = [s for p, s in sickness.items() if p in persons]
    return SicknessSummary(len(mine), sum(len(s.days_off) for s in mine),
                           sum(1 for s in mine if s.partly))


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
