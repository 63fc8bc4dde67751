"""The public benchmark in the roster model: instances 1–3 reach their proved optima,
the independent checker agrees with the solver, and bad input is reported, not raised."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from sterkte.cli.roster import app
from sterkte.errors import InputError
from sterkte.roster.nrp import check_nrp, rows_of, to_problem
from sterkte.roster.search import SearchSettings, solve_roster
from sterkte.sources.nrp import parse_nrp, read_nrp

PROVED = {1: 607, 2: 828, 3: 1001}


@pytest.mark.parametrize("number", [1, 2, 3])
def test_small_instances_reach_their_proved_optimum(nrp_dir: Path, number: int) -> None:
    inst = read_nrp(nrp_dir / f"Instance{number}.txt")
    # a deterministic budget: the proof does not depend on the machine's load
    sol = solve_roster(to_problem(inst), 30.0, SearchSettings(workers=1, work=30.0))
    check = check_nrp(inst, rows_of(sol.assignment))
    assert check.valid, check.violations
    assert check.objective == sol.objective == PROVED[number]
    assert sol.optimal  # and the solver proves it


def test_the_checker_finds_broken_hard_constraints(nrp_dir: Path) -> None:
    inst = read_nrp(nrp_dir / "Instance1.txt")
    sol = solve_roster(to_problem(inst), 2.0, SearchSettings(workers=1, work=2.0))
    rows = rows_of(sol.assignment)
    # A must have day 0 off (SECTION_DAYS_OFF): rostering it there is caught
    broken = [r for r in rows if not (r[0] == "A" and r[1] == 0)] + [("A", 0, "D")]
    check = check_nrp(inst, broken)
    assert any("day 0, a day that must be off" in v for v in check.violations)
    # dropping every shift of B breaks B's minimum minutes
    assert any(v.startswith("B works 0 minutes")
               for v in check_nrp(inst, [r for r in rows if r[0] != "B"]).violations)


def test_the_checker_recomputes_cover_and_request_costs(nrp_dir: Path) -> None:
    inst = read_nrp(nrp_dir / "Instance1.txt")
    empty = check_nrp(inst, [])
    assert empty.cover == 100 * sum(c.required for c in inst.cover)
    assert empty.requests == sum(r.weight for r in inst.on_requests)


def test_bad_instance_names_file_row_and_field() -> None:
    text = "SECTION_HORIZON\n14\nSECTION_SHIFTS\nD,eight hours,\n"
    with pytest.raises(InputError) as err:
        parse_nrp(text, "bad.txt", "bad")
    problem = err.value.problems[0]
    assert (problem.file, problem.row, problem.field) == ("bad.txt", 4, "minutes")
    assert "whole number" in str(problem.message)


def test_cli_solves_writes_and_checks(nrp_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "sol.csv"
    # a deterministic budget (CP-SAT work units): the same result however loaded the machine
    result = CliRunner().invoke(app, ["nrp", str(nrp_dir / "Instance1.txt"), "--work", "30",
                                      "--out", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "objective 607" in result.stdout
    lines = out.read_text().splitlines()
    assert lines[0] == "employee,day,shift"
    again = CliRunner().invoke(app, ["nrp-check", str(nrp_dir / "Instance1.txt"), str(out),
                                     "--lang", "en"])
    assert again.exit_code == 0 and "objective 607" in again.stdout
    dutch = CliRunner().invoke(app, ["nrp-check", str(nrp_dir / "Instance1.txt"), str(out)])
    assert dutch.exit_code == 0 and "doelwaarde 607" in dutch.stdout
    assert "geldig" in dutch.stdout


def test_cli_reports_a_missing_file_without_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["nrp", str(tmp_path / "nope.txt"), "--out",
                                      str(tmp_path / "x.csv")])
    assert result.exit_code == 2
    assert "kan niet worden gelezen: bestand of map niet gevonden" in result.stderr
    assert "Traceback" not in result.output


def test_a_year_of_a_real_instance_keeps_its_rules_and_its_weekend_bound(nrp_dir: Path) -> None:
    from benchmarks.nrp import best_known, tiled, weekend_bound

    best = best_known(nrp_dir / "best-known.csv")
    for n in range(1, 13):  # a lower bound is never above a published best-known value
        assert weekend_bound(read_nrp(nrp_dir / f"Instance{n}.txt")) <= best[f"Instance{n}"][0]
    inst = read_nrp(nrp_dir / "Instance11.txt")
    year = tiled(inst, 13)
    assert year.days == 364 and len(year.staff) == len(inst.staff)
    assert [st.max_weekends for st in year.staff] == [13 * st.max_weekends for st in inst.staff]
    assert sum(c.required for c in year.cover) == 13 * sum(c.required for c in inst.cover)
    assert len(year.on_requests) == 13 * len(inst.on_requests)
    assert {(c.day - 28 * 12, c.shift) for c in year.cover if c.day >= 28 * 12} == {
        (c.day, c.shift) for c in inst.cover}
    # weekend cover 234 against two shifts for each of 50 persons' 2 weekends: 34 short
    # at 100, 41 below the best known 3,443; over the year 13 times that
    assert weekend_bound(inst) == 3_400 and weekend_bound(year) == 44_200
