"""Reported sickness keeps people off the roster: a small HR history (persons, hires,
sickness spells) written as CSV files, imported through the HR gate into a real DuckDB
store, read back by the store's own queries, and rostered and re-checked.

The horizon is the 28 days from Monday 5 January 2026; the HR records run to
20 January 2026 (a period already under way is being re-planned).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from sterkte.app.capacity import with_contract_hours
from sterkte.cli.roster import app as roster_app
from sterkte.parameters import ParameterSet
from sterkte.records.staff import SickSpell, StaffMember
from sterkte.roster.check import check_roster
from sterkte.roster.model import Assignment, RosterProblem
from sterkte.roster.police import flat_cover
from sterkte.roster.search import SearchSettings, solve_roster
from sterkte.roster.sickness import sickness_by_person
from sterkte.roster.teams import team_problem
from sterkte.store.db import connect
from sterkte.store.demand import sickness_during, staff_on
from sterkte.store.hr import ingest
from sterkte.store.norm_data import latest_event_date

FIRST = dt.date(2026, 1, 5)  # a Monday
DAYS = 28
SHORT = 14  # the horizon of the rosters solved in-process
TEAM = "t1"

PERSONS = [(f"p{i:02d}", 1985, "NN", "d1", TEAM, "noodhulp", "OS", "1.0", "36")
           for i in range(1, 9)]
PERSONS += [("q01", 1990, "NN", "d1", "t2", "noodhulp", "OS", "1.0", "36"),
            ("q02", 1995, "NN", "d1", "t2", "noodhulp", "OS", "1.0", "36")]
EVENTS = [(f"e{pid}", pid, "2015-01-01" if pid != "q02" else "2026-01-20", "hire", "NN",
           team, "OS", "1.0", "") for pid, _, _, _, team, *_ in PERSONS]
SICKNESS = [
    ("p01", "2026-01-08", "2026-01-14", "100"),  # days 3–9 of the horizon
    ("p02", "2026-01-15", "", "100"),            # open since day 10
    ("p03", "2025-11-01", "2026-01-04", "100"),  # ended the day before the horizon
    ("p04", "2026-01-05", "2026-01-18", "50"),   # half of the working time, days 0–13
    ("q01", "2026-01-06", "2026-01-07", "100"),  # another team
]


def write(path: Path, header: list[str], rows: list[tuple[str, ...]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def make_store(folder: Path, sickness: list[tuple[str, ...]]) -> Path:
    """A DuckDB store with the persons, their hires and ``sickness``, imported through
    the HR gate (nothing rejected)."""
    files = [
        write(folder / "persons.csv", ["person_id", "birth_year", "unit", "district", "team",
                                       "function", "category", "fte", "hours"], PERSONS),
        write(folder / "events.csv", ["event_id", "person_id", "date", "type", "unit", "team",
                                      "category", "fte", "reason"], EVENTS),
        write(folder / "sickness.csv", ["person_id", "start", "end", "percentage"], sickness),
    ]
    db = folder / "sterkte.duckdb"
    con = connect(db)
    try:
        summary = ingest(con, files)
        assert summary.rejected == 0
    finally:
        con.close()
    return db


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_store(tmp_path_factory.mktemp("sick"), SICKNESS)


def read_store(db: Path, teams: list[str] | None, days: int = DAYS
               ) -> tuple[list[SickSpell], dt.date, list[StaffMember]]:
    con = connect(db, read_only=True)
    try:
        # the store gives fte; contract hours are fte × the full-time week, as the app
        # layer turns them (sterkte.app.capacity.load_inputs)
        week = ParameterSet.bundled()["roster_police_week_hours"].number(FIRST)
        return (sickness_during(con, FIRST, days, teams), latest_event_date(con),
                with_contract_hours(staff_on(con, FIRST), week))
    finally:
        con.close()


def shifts_on(assignment: Assignment, person: str) -> set[int]:
    return {d for (e, d) in assignment if e == person}


def employee(problem: RosterProblem, person: str) -> tuple[frozenset[int], int]:
    emp = next(e for e in problem.employees if e.id == person)
    assert emp.max_minutes is not None
    return emp.days_off, emp.max_minutes


@pytest.fixture(scope="module")
def solved(store: Path) -> tuple[RosterProblem, RosterProblem, Assignment]:
    """The team rostered over the first two weeks (small enough to solve to optimality
    in well under a second), with and without its sickness; two response officers
    needed every hour, more than eight officers can give, so everyone available is used."""
    spells, _, staff = read_store(store, [TEAM], SHORT)
    params = ParameterSet.bundled()
    cover = flat_cover(SHORT, 2, 2, 2)
    plain = team_problem(staff, TEAM, cover, FIRST, params)
    sick = team_problem(staff, TEAM, cover, FIRST, params, spells)
    sol = solve_roster(sick, 5.0, SearchSettings(workers=1, work=5.0))
    assert sol.objective is not None, sol.status
    return plain, sick, sol.assignment


def test_the_store_returns_the_spells_that_overlap_the_horizon(store: Path) -> None:
    spells, latest, _ = read_store(store, [TEAM])
    assert latest == dt.date(2026, 1, 20)
    assert spells == [
        SickSpell("p01", dt.date(2026, 1, 8), dt.date(2026, 1, 14), 100.0),
        SickSpell("p02", dt.date(2026, 1, 15), None, 100.0),
        SickSpell("p04", dt.date(2026, 1, 5), dt.date(2026, 1, 18), 50.0),
    ]
    every_team, _, _ = read_store(store, None)
    assert [s.person_id for s in every_team] == ["p01", "p02", "p04", "q01"]
    assert read_store(store, [])[0] == []


def test_a_spell_without_a_percentage_is_a_whole_one(tmp_path: Path) -> None:
    db = make_store(tmp_path, [("p05", "2026-01-10", "2026-01-11", "")])
    assert read_store(db, [TEAM])[0] == [
        SickSpell("p05", dt.date(2026, 1, 10), dt.date(2026, 1, 11), 100.0)]


def test_a_week_of_sickness_has_no_shift_and_shifts_around_it(solved: tuple[
        RosterProblem, RosterProblem, Assignment]) -> None:
    plain, sick, roster = solved
    report = check_roster(sick, roster)
    assert report.valid, report.lines()
    assert employee(sick, "p01")[0] == employee(plain, "p01")[0] | set(range(3, 10))
    worked = shifts_on(roster, "p01")
    assert not worked & set(range(3, 10))
    assert worked - set(range(3, 10)), "p01 works outside the sick week"
    # the independent checker sees the sick days: a shift on one breaks the days_off rule
    broken = check_roster(sick, {**roster, ("p01", 5): "E"})
    assert broken.rules["days_off"].violations == ["p01 works on day 5, which must be free"]


def test_an_open_spell_keeps_the_person_off_to_the_end_of_the_horizon(solved: tuple[
        RosterProblem, RosterProblem, Assignment]) -> None:
    plain, sick, roster = solved
    assert employee(sick, "p02")[0] == employee(plain, "p02")[0] | set(range(10, SHORT))
    assert not shifts_on(roster, "p02") & set(range(10, SHORT))
    assert shifts_on(roster, "p02"), "p02 works before falling sick"


def test_a_spell_that_ended_before_the_horizon_blocks_nothing(solved: tuple[
        RosterProblem, RosterProblem, Assignment]) -> None:
    plain, sick, roster = solved
    assert employee(sick, "p03") == employee(plain, "p03")
    assert shifts_on(roster, "p03")


def test_half_sick_for_two_weeks_stays_available_with_half_the_hours_of_those_days(
        solved: tuple[RosterProblem, RosterProblem, Assignment]) -> None:
    plain, sick, roster = solved
    days_off, budget = employee(sick, "p04")
    plain_off, plain_budget = employee(plain, "p04")
    assert days_off == plain_off  # no day away for a partial spell
    assert plain_off, "p04 has days of leave and training in this horizon"
    # a day's contract hours (36/7 h) are spent once: on the days of leave and training
    # by those, on the other days half by the sickness
    per_day = 36 / 7 * 60
    assert plain_budget - budget == pytest.approx(0.5 * per_day * (SHORT - len(plain_off)),
                                                  abs=1)
    worked = sum(sick.shift(s).length for (e, _), s in roster.items() if e == "p04")
    assert 0 < worked <= budget


def test_days_of_leave_and_training_take_their_hours_off_the_budget(solved: tuple[
        RosterProblem, RosterProblem, Assignment]) -> None:
    """Leave and training hours are not available for the roster (as their parameters
    say, and as the CM-tafel's supply counts them): full-time budget × days left."""
    plain, _, _ = solved
    params = ParameterSet.bundled()
    away = round(SHORT * (params["supply_leave_share"].number(FIRST)
                          + params["supply_training_share"].number(FIRST)))
    extra = params["roster_max_extra_hours_per_year"].number(FIRST) * SHORT / 365
    assert away > 0
    for e in plain.employees:  # eight full-time officers, nobody sick in `plain`
        assert len(e.days_off) == away
        assert e.max_minutes == math.floor((36 * (SHORT - away) / 7 + extra) * 60)


def test_overlapping_spells_count_the_larger_share_and_open_ones_run_to_the_end() -> None:
    def day(n: int) -> dt.date:
        return FIRST + dt.timedelta(days=n)

    spells = [SickSpell("a", day(-30), None, 30.0),           # open since before the horizon
              SickSpell("b", day(2), day(8), 50.0),
              SickSpell("b", day(5), day(6), 100.0),          # worse on two of those days
              SickSpell("c", day(-9), day(-1), 100.0)]        # over before the horizon
    got = sickness_by_person(spells, FIRST, 14)
    assert set(got) == {"a", "b"}
    assert got["a"].days_off == frozenset() and got["a"].partly
    assert got["a"].hours_share == pytest.approx(0.7)
    assert got["b"].days_off == {5, 6}
    assert got["b"].hours_share == pytest.approx(1 - (5 * 0.5 + 2 * 1.0) / 14)


def cli() -> typer.Typer:
    app = typer.Typer()
    app.command("noop")(lambda: None)
    app.add_typer(roster_app, name="roster")
    return app


def run(db: Path, *args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli(), list(args), env={"STERKTE_DB": str(db), "COLUMNS": "200"})
    return r.exit_code, r.stdout, r.stderr


def test_roster_team_reports_the_sick_and_rosters_none_of_their_sick_days(
        store: Path, tmp_path: Path) -> None:
    out = tmp_path / "t1.csv"
    code, text, err = run(store, "roster", "team", "--team", TEAM, "--start", "2026-01-05",
                          "--out", str(out), "--work", "2", "--lang", "en")
    assert code == 0, err
    assert ("Reported sick: 3 persons, 25 person-days not rostered, 1 partly sick with "
            "fewer hours (HR records up to 2026-01-20)") in text
    # A deterministic budget, so the same roster on any machine; a small one, which the
    # greedy first roster fills (the search kept the empty roster here before it): the
    # sick get no shift on their sick days, the others do get shifts.
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["employee"] for r in rows} >= {"p01", "p02"}
    assert len(rows) > 40
    days = {(r["employee"], dt.date.fromisoformat(r["date"])) for r in rows}
    assert not {d for p, d in days if p == "p01"} & {
        dt.date(2026, 1, 8) + dt.timedelta(days=i) for i in range(7)}
    assert not [d for p, d in days if p == "p02" and d >= dt.date(2026, 1, 15)]


def test_roster_teams_counts_only_the_teams_rostered(store: Path, tmp_path: Path) -> None:
    code, text, err = run(store, "roster", "teams", "--team", "t2", "--start", "2026-01-05",
                          "--out", str(tmp_path), "--seconds", "1", "--lang", "en")
    assert code == 0, err
    # q02 is hired after the start: q01 alone, sick on 6 and 7 January
    assert "Reported sick: 1 person, 2 person-days not rostered (HR records up to " \
           "2026-01-20)" in text
    code, text, err = run(store, "roster", "teams", "--team", "t2", "--start", "2026-01-05",
                          "--out", str(tmp_path), "--seconds", "1")
    assert code == 0, err
    assert "Ziekgemeld: 1 persoon, 2 persoonsdagen niet ingeroosterd (HR-gegevens tot en " \
           "met 20-01-2026)" in " ".join(text.split())
    rows = list(csv.DictReader((tmp_path / "t2.csv").open(encoding="utf-8")))
    assert not [r for r in rows if r["employee"] == "q01"
                and r["date"] in ("2026-01-06", "2026-01-07")]


def test_an_unknown_team_is_a_message_not_a_traceback(store: Path, tmp_path: Path) -> None:
    code, _, err = run(store, "roster", "team", "--team", "nope", "--out",
                       str(tmp_path / "x.csv"), "--start", "2026-01-05")
    assert code == 2 and "onbekend team nope" in err and "Traceback" not in err
    # before anyone was hired there are no teams at all to suggest
    code, _, err = run(store, "roster", "teams", "--team", TEAM, "--out", str(tmp_path),
                       "--start", "2010-01-04")
    assert code == 2 and "de HR-gegevens hebben op 2010-01-04 niemand in een team" in err
