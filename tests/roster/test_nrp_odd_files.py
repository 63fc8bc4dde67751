"""Curtois–Qu files with what instances 1–12 do not hold (the held-back 13–24 may):
a byte-order mark and Windows line ends, a shift of 0 minutes, a shift line without
its trailing comma, an employee with no limit per shift type (empty field) or no line
of days off, a trailing comma, requests on days that must be off and for shifts the
employee may not work, cover of 0, weights of 0 and of a million. Each parses, and
both searches (the CP-SAT path, and the windowed one for large rosters) return a
roster the independent checker accepts at the objective it reports."""

from __future__ import annotations

from sterkte.roster.large import large_search
from sterkte.roster.lns import Clock
from sterkte.roster.nrp import check_nrp, rows_of, to_problem
from sterkte.roster.search import SearchSettings, solve_roster
from sterkte.sources.nrp import parse_nrp

ODD = """# edge cases
SECTION_HORIZON
14

SECTION_SHIFTS
E,480
Z,0,
L,480,E
N,600,E|L

SECTION_STAFF
A,E=14|L=14|N=3,4800,2400,5,1,1,1
B,E=14|Z=2,4800,1920,5,2,2,2
C,,5760,0,14,1,1,0
D,E=0|L=0|N=0|Z=0,0,0,1,1,1,0

SECTION_DAYS_OFF
A
B,3,4,

SECTION_SHIFT_ON_REQUESTS
B,3,E,5
A,0,N,1000000
D,2,E,3
C,5,E,2

SECTION_SHIFT_OFF_REQUESTS
A,1,E,0
B,4,E,2
C,6,L,7

SECTION_COVER
0,E,2,100,1
0,E,1,100,1
1,L,0,0,0
2,N,1,1000000,5
3,Z,1,10,10
5,E,3,0,1
"""


def test_an_instance_with_odd_but_lawful_fields_parses_and_solves() -> None:
    inst = parse_nrp("\ufeff" + ODD.replace("\n", "\r\n"), "odd", "odd")
    assert [(s.id, s.minutes) for s in inst.shifts] == [("E", 480), ("Z", 0), ("L", 480),
                                                       ("N", 600)]
    assert inst.staff[2].max_shifts == {}  # no limit per shift type
    assert inst.days_off == {"B": frozenset({3, 4})}  # A: a line without days
    problem = to_problem(inst)
    for sol in (solve_roster(problem, 60, SearchSettings(workers=1, work=3)),
                large_search(problem, Clock(3600.0), seed=1, moves=40)):
        assert sol.objective is not None
        check = check_nrp(inst, rows_of(sol.assignment))
        assert check.valid and check.objective == sol.objective
        # B must be off on day 3 (a day off): the request for E there is never met
        assert ("B", 3) not in sol.assignment
        # the cover of a million on day 2's night: A or C could work it, and C has no
        # limits at all, so it is met
        assert sum(1 for (e, d), s in sol.assignment.items() if d == 2 and s == "N") >= 1
