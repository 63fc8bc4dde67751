"""Re-rostering after sickness: a published 28-day roster, three people fall sick; the
new roster covers what can be covered and changes no more shifts than needed — checked
against a bound computed by hand from the published roster, and against a fresh solve.
Budgets are deterministic (CP-SAT work units), so results do not depend on the load."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from sterkte.roster.check import check_roster
from sterkte.roster.model import Cover, Employee, ForbiddenSuccession, RosterProblem, ShiftType
from sterkte.roster.reroster import Reroster, changed, reroster, with_days_off
from sterkte.roster.search import SearchSettings, solve_roster

DAYS = 28
SHIFTS = (ShiftType("D", 480), ShiftType("N", 480))
SICK = {"A": range(3, 10), "B": range(10, 17), "C": range(0, DAYS)}


def team() -> RosterProblem:
    """Eight people, two on the day shift and one on the night every day; no day shift
    straight after a night; at most 16 shifts and 5 in a row each. Over-cover costs, so
    a roster with full cover has exactly the people needed on each shift."""
    emps = tuple(Employee(x, max_minutes=16 * 480, max_consecutive=5) for x in "ABCDEFGH")
    cover = tuple(Cover(((d, s),), need, 100, 10, label=f"day {d} {s}", day=d)
                  for d in range(DAYS) for s, need in (("D", 2), ("N", 1)))
    return RosterProblem(DAYS, SHIFTS, emps, cover,
                         constraints=(ForbiddenSuccession("rotation", "N", "D"),))


@pytest.fixture(scope="module")
def published() -> dict[tuple[str, int], str]:
    p = team()
    sol = solve_roster(p, 10.0, SearchSettings(work=10.0, seed=1))
    rep = check_roster(p, sol.assignment)
    assert rep.valid and rep.cover_short == 0, rep.lines()
    return sol.assignment


@pytest.fixture(scope="module")
def rerostered(published: dict[tuple[str, int], str]) -> Reroster:
    return reroster(team(), published, SICK, settings=SearchSettings(work=20.0, seed=2))


def test_three_sick_people_cost_only_the_shifts_that_must_change(
        published: dict[tuple[str, int], str], rerostered: Reroster) -> None:
    result = rerostered
    report = check_roster(result.problem, result.roster)
    assert report.valid, report.lines()
    for person, days in SICK.items():  # nobody works a day they are sick
        assert not {d for (e, d) in result.roster if e == person} & set(days)
    # the bound, by hand: every published shift on a sick day must go, and each cover
    # slot that loss leaves open needs one new shift to fill it again
    lost = {k for k in published if k[1] in SICK.get(k[0], ())}
    forced = len(lost)
    remaining = {k: s for k, s in published.items() if k not in lost}
    open_slots = check_roster(result.problem, remaining).cover_short
    assert forced == result.forced and forced >= 10 and 0 < open_slots <= forced
    refilled = open_slots - result.cover_short
    assert result.cover_short == 0  # five healthy people and two part-time have room
    assert len(result.changes) == forced + refilled  # nothing changed that did not have to
    assert result.proved
    assert result.published_short == open_slots


def test_a_fresh_roster_covers_no_better_and_changes_more(
        published: dict[tuple[str, int], str], rerostered: Reroster) -> None:
    p = team()
    result = rerostered
    fresh = solve_roster(with_days_off(p, SICK), 20.0, SearchSettings(work=20.0, seed=2))
    fresh_report = check_roster(with_days_off(p, SICK), fresh.assignment)
    assert fresh_report.valid
    assert result.cover_short <= fresh_report.cover_short
    assert len(result.changes) <= len(changed(published, fresh.assignment))


def test_days_already_worked_stay_as_they_were(published: dict[tuple[str, int], str]) -> None:
    p = team()
    result = reroster(p, published, {"D": range(12, 20)}, frozen_before=14,
                      settings=SearchSettings(work=10.0))
    assert all(c.day >= 14 for c in result.changes)
    assert {k: s for k, s in result.roster.items() if k[1] < 14} == \
        {k: s for k, s in published.items() if k[1] < 14 and not (k[0] == "D" and k[1] >= 12)}
    lost = sum(1 for (e, d) in published if e == "D" and d >= 14 and d < 20)
    assert result.forced == lost
    assert len(result.changes) >= lost


def test_an_unknown_person_is_named() -> None:
    from sterkte.errors import InputError

    with pytest.raises(InputError) as err:
        with_days_off(team(), {"Z": [1]})
    assert "unknown person 'Z'" in str(err.value)
    assert err.value.render("nl") == "--sick, kolom 'person': onbekende persoon 'Z' in dit rooster"


def test_the_command_re_plans_a_written_roster(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from sterkte.cli.roster import app, write_roster
    from sterkte.synth.team import example_team

    monday = dt.date(2026, 1, 5)
    p = example_team(monday)
    sol = solve_roster(p, 2.0, SearchSettings(work=2.0))
    pub, new = tmp_path / "pub.csv", tmp_path / "new.csv"
    write_roster(p, sol.assignment, check_roster(p, sol.assignment), pub, monday)
    t01 = {d for (e, d) in sol.assignment if e == "T01"}
    assert t01 & set(range(2, 9)), "T01 has shifts in the week they fall sick"
    r = CliRunner().invoke(app, ["reroster", "--published", str(pub), "--out", str(new),
                                 "--sick", "T01:2026-01-07:2026-01-13", "--work", "2",
                                 "--start", "2026-01-05", "--lang", "en"])
    assert r.exit_code == 0, r.output
    assert "New roster:" in r.stdout and "shifts changed" in r.stdout
    rows = list(csv.DictReader(new.open(encoding="utf-8")))
    sick = {monday + dt.timedelta(days=i) for i in range(2, 9)}
    assert rows and not [x for x in rows if x["employee"] == "T01"
                         and dt.date.fromisoformat(x["date"]) in sick]
    dutch = CliRunner().invoke(app, ["reroster", "--published", str(pub), "--out", str(new),
                                     "--sick", "T01:2026-01-07:2026-01-13", "--work", "2",
                                     "--start", "2026-01-05"])
    assert dutch.exit_code == 0, dutch.output  # Dutch by default, the same shifts changed
    assert "Nieuw rooster:" in dutch.stdout and "diensten gewijzigd" in dutch.stdout
    assert dutch.stdout.count(" → ") == r.stdout.count(" → ") > 0
    bad = CliRunner().invoke(app, ["reroster", "--published", str(pub), "--out", str(new),
                                   "--sick", "T01:7 januari", "--start", "2026-01-05"])
    assert bad.exit_code == 2 and "--sick" in bad.stderr and "Traceback" not in bad.output
    assert "verwacht datums JJJJ-MM-DD in 'T01:7 januari'" in bad.stderr  # Dutch by default
    assert "expected" not in bad.stderr


def test_a_person_id_like_a_formula_is_written_as_text_and_read_back(tmp_path: Path) -> None:
    # person ids come from imported HR files: '=1+1' would run in a spreadsheet opening the
    # published roster; it is written with an apostrophe and read back as the id
    from dataclasses import replace

    from sterkte.cli.roster import write_roster
    from sterkte.roster.reroster import parse_published

    monday = dt.date(2026, 1, 5)
    p = team()
    odd = "=1+1"
    p = replace(p, employees=(replace(p.employees[0], id=odd), *p.employees[1:]))
    roster = {(odd, 0): p.shifts[0].id, (p.employees[1].id, 1): p.shifts[0].id}
    out = tmp_path / "pub.csv"
    write_roster(p, roster, check_roster(p, roster), out, monday)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["employee"] for r in rows] == ["'=1+1", p.employees[1].id]
    assert parse_published(out.read_text(encoding="utf-8"), str(out), p, monday) == roster


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A published roster of the example team, as `sterkte roster team` writes it."""
    from sterkte.cli.roster import write_roster
    from sterkte.synth.team import example_team

    monday = dt.date(2026, 1, 5)
    p = example_team(monday)
    sol = solve_roster(p, 2.0, SearchSettings(work=2.0))
    pub = tmp_path_factory.mktemp("published") / "pub.csv"
    write_roster(p, sol.assignment, check_roster(p, sol.assignment), pub, monday)
    return pub


def _reroster(pub: Path, out: Path) -> tuple[int, str, str]:
    from typer.testing import CliRunner

    from sterkte.cli.roster import app

    r = CliRunner().invoke(app, ["reroster", "--published", str(pub), "--out", str(out),
                                 "--sick", "T01:2026-01-07", "--work", "1",
                                 "--start", "2026-01-05"])
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    return r.exit_code, r.stdout, r.stderr


def test_a_published_roster_saved_again_by_excel_with_its_bom_is_read(
        written: Path, tmp_path: Path) -> None:
    # Excel's "CSV UTF-8" starts the file with a byte-order mark: it was "expected the
    # columns employee, date and shift"
    pub = tmp_path / "pub.csv"
    pub.write_bytes(b"\xef\xbb\xbf" + written.read_bytes())
    code, _, err = _reroster(pub, tmp_path / "new.csv")
    assert code == 0, err


@pytest.mark.parametrize(("damage", "said"), [
    (lambda t: t.encode("utf-8") + "Tï,2026-01-09,4,D\n".encode("latin-1"),
     "geen UTF-8-tekst (byte 0xef is onleesbaar)"),  # was a UnicodeDecodeError
    # a quote never closed: one cell to the end, no shift (None.strip())
    (lambda t: (t + '"T01,2026-01-09,4,D\n').encode(), "kolom 'date': de rij heeft te weinig"),
    (lambda t: (t + "T01,2026-01-09,4," + "D" * 1_000_000 + "\n").encode(),
     "een cel is langer dan 131.072 tekens"),  # was a csv.Error
])
def test_a_damaged_published_roster_names_file_and_line(
        written: Path, tmp_path: Path, damage: object, said: str) -> None:
    pub = tmp_path / "pub.csv"
    assert callable(damage)
    pub.write_bytes(damage(written.read_text(encoding="utf-8")))
    code, _, err = _reroster(pub, tmp_path / "new.csv")
    assert code == 2 and f"{pub}, rij " in err and said in err, err
