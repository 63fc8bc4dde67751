"""A small example team for rosters, when no HR records are at hand (``sterkte roster team``
without a store). Synthetic: ids T01…, W01…, A01…, V01…"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sterkte.roster.model import RosterProblem
from sterkte.roster.police import Officer, flat_cover, police_problem


@dataclass(frozen=True)
class TeamSpec:
    """A small example team: how many of each kind of officer."""

    trained: int = 14
    community_officers: int = 3
    aspirants: int = 2
    volunteers: int = 2
    skills: Mapping[str, frozenset[str]] = field(default_factory=dict)


def example_officers(spec: TeamSpec = TeamSpec()) -> list[Officer]:
    """Officers of an example team (ids T01…, W01…, A01…, V01…)."""
    out = [Officer(f"T{i + 1:02d}", 36.0 if i % 4 else 32.0) for i in range(spec.trained)]
    out += [Officer(f"W{i + 1:02d}", 36.0, frozenset({"trained", "community_officer"}))
            for i in range(spec.community_officers)]
    out += [Officer(f"A{i + 1:02d}", 36.0, frozenset({"aspirant"}))
            for i in range(spec.aspirants)]
    out += [Officer(f"V{i + 1:02d}", 8.0, frozenset({"volunteer", "trained"}),
                    volunteer_hours_used=400.0 + 100 * i) for i in range(spec.volunteers)]
    return out


def example_team(start: dt.date, days: int = 28,
                 cover_hours: Sequence[Sequence[int]] | None = None) -> RosterProblem:
    """The example team over one period, for ``sterkte roster team`` and ``make run``."""
    return police_problem(example_officers(), cover_hours or flat_cover(days), start,
                          name="example team")
