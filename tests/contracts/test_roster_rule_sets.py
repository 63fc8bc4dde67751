"""The contract every roster rule set keeps: the police's working-time rules
(:data:`sterkte.roster.police.RULE_PARAMETERS`, each switchable, limits from dated
parameters) and the public benchmark's rules (:data:`sterkte.roster.nrp.RULES`). For
each: every rule says what it is and where it comes from; a roster the solver returns
passes the rule set's independent checker at the solver's own cost (the identity of a
roster: what the solver optimised is what the checker recomputes); no cover or hours
below zero; the same seed gives a roster of the same cost; a missing or bad parameter or input is
a clear error naming it.

The roster package has no registry of rule sets of its own (and this work does not
touch roster code); :data:`RULE_SETS` below lists the two, so a third must be added
here to be checked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from sterkte.errors import InputError
from sterkte.parameters import ParameterSet
from sterkte.roster.check import check_roster
from sterkte.roster.model import Assignment, RosterProblem, RuleInfo
from sterkte.roster.nrp import RULES as NRP_RULES
from sterkte.roster.nrp import check_nrp, rows_of, to_problem
from sterkte.roster.police import (
    RULE_PARAMETERS,
    STANDARD_SHIFTS,
    Officer,
    Weights,
    police_problem,
    working_time_rules,
)
from sterkte.roster.search import SearchSettings, solve_roster
from sterkte.sources.nrp import parse_nrp, read_nrp

MONDAY = dt.date(2026, 1, 5)
NRP = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "nrp"
PARAMS = ParameterSet.bundled()


def _cover(days: int) -> list[list[int]]:
    """One person on response duty 07–23 every day, two on weekday afternoons."""
    return [[(2 if 12 <= h < 17 and d % 7 < 5 else 1) if 7 <= h < 23 else 0
             for h in range(24)] for d in range(days)]


def _police() -> tuple[RosterProblem, Callable[[Assignment], tuple[bool, int]]]:
    officers = [Officer("A", 36.0), Officer("B", 36.0), Officer("C", 32.0),
                Officer("D", 24.0, frozenset({"trained", "community_officer"}))]
    p = police_problem(officers, _cover(7), MONDAY, PARAMS, shifts=STANDARD_SHIFTS,
                       weights=Weights(fair_nights=0, fair_weekends=0))

    def check(a: Assignment) -> tuple[bool, int]:
        rep = check_roster(p, a)
        assert all(c.required >= 0 and c.achieved >= 0 and c.short >= 0 for c in rep.cover)
        return rep.valid, rep.cost

    return p, check


def _nrp() -> tuple[RosterProblem, Callable[[Assignment], tuple[bool, int]]]:
    if not NRP.is_dir():
        pytest.fail("../shared/benchmarks/nrp is not beside the repository (CI has it)")
    inst = read_nrp(NRP / "Instance1.txt")

    def check(a: Assignment) -> tuple[bool, int]:
        got = check_nrp(inst, rows_of(a))
        assert got.cover >= 0 and got.requests >= 0
        return got.valid, got.objective

    return to_problem(inst), check


# A deterministic budget (CP-SAT deterministic seconds, one thread): the result does not
# depend on the machine's load. The wall-clock limit is only a guard against a hang.
DETERMINISTIC = SearchSettings(workers=1, seed=3, work=10.0)
HANG_GUARD = 900.0


@dataclass(frozen=True)
class RuleSet:
    rules: Callable[[], dict[str, RuleInfo]]
    problem: Callable[[], tuple[RosterProblem, Callable[[Assignment], tuple[bool, int]]]]


RULE_SETS = {
    "police": RuleSet(lambda: {k: r.info for k, r in
                               working_time_rules(PARAMS, MONDAY).items()}, _police),
    "nrp": RuleSet(lambda: dict(NRP_RULES), _nrp),
}


@pytest.mark.parametrize("name", sorted(RULE_SETS))
def test_every_rule_says_what_it_is_and_where_it_comes_from(name: str) -> None:
    rules = RULE_SETS[name].rules()
    assert rules
    for key, info in rules.items():
        assert info.description.strip() and info.reference.strip(), key


@pytest.mark.parametrize("name", sorted(RULE_SETS))
def test_the_checker_agrees_with_the_solver_and_nothing_is_negative(name: str) -> None:
    problem, check = RULE_SETS[name].problem()
    sol = solve_roster(problem, HANG_GUARD, DETERMINISTIC)
    assert sol.objective is not None, sol.status
    assert sol.objective >= 0 and sol.bound >= 0
    valid, cost = check(sol.assignment)
    assert valid
    assert cost == sol.objective
    shifts = {s.id for s in problem.shifts}
    people = {e.id for e in problem.employees}
    for (person, day), shift in sol.assignment.items():
        assert person in people and 0 <= day < problem.days and shift in shifts


@pytest.mark.parametrize("name", sorted(RULE_SETS))
def test_the_same_seed_gives_a_roster_of_the_same_cost(name: str) -> None:
    """On a deterministic work budget (CP-SAT's deterministic time, one thread, no wall
    clock anywhere) the same seed gives the same roster, whatever the machine's load;
    each passes the checker at its cost."""
    problem, check = RULE_SETS[name].problem()
    a = solve_roster(problem, HANG_GUARD, DETERMINISTIC)
    b = solve_roster(problem, HANG_GUARD, DETERMINISTIC)
    assert a.objective is not None and a.objective == b.objective
    assert dict(a.assignment) == dict(b.assignment)
    assert check(a.assignment) == check(b.assignment) == (True, a.objective)


@pytest.mark.parametrize("rule, pname", [(k, v) for k, v in RULE_PARAMETERS.items() if v])
def test_a_missing_police_rule_parameter_is_named(rule: str, pname: str) -> None:
    without = ParameterSet({n: p for n, p in PARAMS.items() if n != pname})
    with pytest.raises(InputError, match=f"unknown parameter {pname!r}"):
        police_problem([Officer("A", 36.0)], _cover(7), MONDAY, without)


@pytest.mark.parametrize("pname", sorted({v for v in RULE_PARAMETERS.values() if v}))
def test_a_police_rule_limit_outside_its_range_is_refused_naming_it(pname: str) -> None:
    p = PARAMS[pname]
    assert p.range is not None, f"{pname} has no range"
    with pytest.raises(InputError) as err:
        p.with_values({dt.date(2026, 1, 1): p.range[1] + 1}, f"override ({pname})")
    assert pname in str(err.value) and "expected a number in" in str(err.value)


def test_a_bad_benchmark_instance_names_file_row_and_field() -> None:
    with pytest.raises(InputError) as err:
        parse_nrp("SECTION_HORIZON\nfourteen\n", "bad.txt", "bad")
    problem = err.value.problems[0]
    assert problem.file == "bad.txt" and problem.row == 2
