"""Demand against supply per team and week, and the options a CM-tafel can take.

The gap of a team in a week is supply − demand in person-hours (negative = short),
for response and for neighbourhood hours apart. *When* it falls short is read
from the hour-of-week profile: the hours in which demand exceeds the persons the
team's supply keeps on duty on average (supply / 168).

Options for a short team, with their effect on its gap:
- **solidarity shifts** from teams of the same district that have room that week
  (shifts of ``solidarity_shift_hours``, at most their surplus);
- **planning across the district's teams**: one roster over the district's pooled
  supply; closes the gap when the district as a whole has room.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from sterkte.demand.supply import TeamSupply


@dataclass(frozen=True)
class WeekGap:
    """One team, one week (person-hours)."""

    week: int
    demand: float
    supply: float
    neighbourhood_demand: float
    neighbourhood_supply: float

    @property
    def gap(self) -> float:
        return self.supply - self.demand

    @property
    def neighbourhood_gap(self) -> float:
        return self.neighbourhood_supply - self.neighbourhood_demand

    def neighbourhood_share_if_filled(self, share: float) -> float | None:
        """The community officers' neighbourhood share if the response gap were filled
        from their neighbourhood hours (None without community officers)."""
        if self.neighbourhood_supply <= 0:
            return None
        total = self.neighbourhood_supply / share
        taken = min(self.neighbourhood_supply, max(0.0, -self.gap))
        return (self.neighbourhood_supply - taken) / total


@dataclass(frozen=True)
class Option:
    """A measure with its effect: ``hours`` moved, and the team's gap after it;
    solidarity hours come as shifts of ``shift_hours``."""

    kind: str  # "solidarity" or "cross-team"
    source: str  # the team giving hours, or the district
    week: int
    hours: float
    gap_after: float
    shift_hours: float

    @property
    def shifts(self) -> int:
        return math.ceil(self.hours / self.shift_hours - 1e-9)


@dataclass(frozen=True)
class ShortHours:
    """A run of hour-of-week slots in which demand exceeds the average on duty."""

    first_slot: int
    last_slot: int
    peak_short: float  # persons


@dataclass
class TeamGap:
    team: str
    district: str
    weeks: list[WeekGap]
    short_hours: list[ShortHours] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)
    erlang_officers_peak: float = 0.0
    relief_factor: float = 0.0


def week_gaps(response_demand: np.ndarray, neighbourhood_demand: np.ndarray,
              supply: TeamSupply) -> list[WeekGap]:
    """Per week: demand (sum over its 168 slots) beside the team's weekly supply."""
    return [WeekGap(w, float(response_demand[w].sum()), supply.response,
                    float(neighbourhood_demand[w].sum()), supply.neighbourhood)
            for w in range(response_demand.shape[0])]


def short_hours(profile: np.ndarray, supply: TeamSupply) -> list[ShortHours]:
    """Runs of slots where the demand profile exceeds the average persons on duty."""
    on_duty = supply.response / 168.0
    out: list[ShortHours] = []
    run: list[int] = []
    for s in range(len(profile) + 1):
        short = s < len(profile) and profile[s] > on_duty + 1e-9
        if short:
            run.append(s)
        elif run:
            out.append(ShortHours(run[0], run[-1],
                                  float(max(profile[r] for r in run) - on_duty)))
            run = []
    return out


def options(gaps: Mapping[str, TeamGap], shift_hours: float) -> None:
    """Fill each short team's options from the other teams of its district (in place);
    solidarity hours as shifts of ``shift_hours``."""
    by_district: dict[str, list[TeamGap]] = {}
    for g in gaps.values():
        by_district.setdefault(g.district, []).append(g)
    for g in gaps.values():
        mates = [m for m in by_district[g.district] if m.team != g.team]
        for wk in g.weeks:
            if wk.gap >= 0:
                continue
            short = -wk.gap
            for m in sorted(mates, key=lambda m: -m.weeks[wk.week].gap):
                room = m.weeks[wk.week].gap
                if room <= 0 or short <= 0:
                    break
                moved = min(room, short)
                short -= moved
                g.options.append(Option("solidarity", m.team, wk.week, moved, -short,
                                        shift_hours))
            pooled = sum(m.weeks[wk.week].gap for m in by_district[g.district])
            g.options.append(Option("cross-team", g.district, wk.week,
                                    min(-wk.gap, max(0.0, pooled - wk.gap)),
                                    min(0.0, pooled), shift_hours))


def slot_label(slot: int) -> str:
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    return f"{days[slot // 24]} {slot % 24:02d}:00"


def describe(short: Sequence[ShortHours]) -> list[str]:
    return [f"{slot_label(s.first_slot)}–{(s.last_slot + 1) % 24:02d}:00 "
            f"(up to {s.peak_short:.1f} persons short)" for s in short]
