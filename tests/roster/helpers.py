"""Helpers for roster tests: small police teams, cover from spans, the shared NRP instances."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from benchmarks.nrp_gen import planted

from sterkte.roster.check import CheckReport, check_roster
from sterkte.roster.large import first_assignment
from sterkte.roster.model import Assignment, RosterProblem, ShiftType
from sterkte.roster.nrp import to_problem
from sterkte.roster.police import Officer, Weights, police_problem
from sterkte.roster.search import SearchSettings, solve_roster
from sterkte.sources.nrp import NrpInstance, parse_nrp

NRP = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "nrp"
MONDAY = dt.date(2026, 1, 5)


def cover(days: int, spans: Sequence[tuple[int, int, int, int]]) -> list[list[int]]:
    """Persons needed per hour: spans of (day, from hour, to hour (may pass 24), persons)."""
    grid = [[0] * 24 for _ in range(days)]
    for day, lo, hi, n in spans:
        for h in range(lo, hi):
            d, hh = day + h // 24, h % 24
            if d < days:
                grid[d][hh] += n
    return grid


def roster(officers: Sequence[Officer], days: int, spans: Sequence[tuple[int, int, int, int]],
           shifts: Sequence[ShiftType], enabled: Mapping[str, bool] | None = None,
           seconds: float = 20.0) -> tuple[RosterProblem, Assignment, CheckReport]:
    """Solve a small police roster (fairness off) and check it independently."""
    p = police_problem(officers, cover(days, spans), MONDAY, shifts=shifts, enabled=enabled,
                       weights=Weights(fair_nights=0, fair_weekends=0))
    # a deterministic budget (CP-SAT work units): the result does not depend on the load
    sol = solve_roster(p, seconds, SearchSettings(workers=1, work=seconds))
    assert sol.objective is not None, sol.status
    assert sol.optimal, "small test rosters must be solved to proved optimality"
    rep = check_roster(p, sol.assignment)
    assert rep.valid, rep.lines()
    assert rep.cost == sol.objective  # the checker recomputes the solver's cost
    return p, sol.assignment, rep


def planted_start(persons: int, days: int, types: int, seed: int, first_seed: int
                  ) -> tuple[NrpInstance, RosterProblem, Assignment]:
    """A planted instance, its problem and the large search's first roster on it."""
    text, _, _ = planted(persons, days, types, seed=seed)
    inst = parse_nrp(text, "planted", "planted")
    problem = to_problem(inst)
    first = first_assignment(problem, seed=first_seed)
    assert first is not None
    return inst, problem, first
