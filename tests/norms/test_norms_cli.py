"""`sterkte norms`, `norms import`, `teams` and `commitments` on real store files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli


def dutch_number(cell: str) -> float:
    """A number as the Dutch CSV writes it: unrounded, decimal comma, no thousands mark."""
    return float(cell.replace(",", "."))


def test_norms_status_per_unit_from_the_hr_store(hr_store: Path) -> None:
    cli = Cli(hr_store)
    code, out, err = cli("norms", "--unit", "LB", "--date", "2021-12-31", "--format", "md")
    assert code == 0, err
    line = next(ln for ln in out.splitlines() if ln.startswith("| Wijkagenten: ten minste"))
    # 222: Limburg's estimated inhabitants on 31-12-2021 / 5,000 (its 2024 share of the
    # letter's 17,591,394 for that date; was 227 from the 2024 file itself)
    assert "| Limburg | 1 | 222 | niet voldaan |" in line
    assert "| Politievrijwilligers: 10 % van de operationele sterkte | Limburg | 133,3 % |" in out


def test_time_registrations_give_the_80_percent_norm(hr_store: Path, tmp_path: Path) -> None:
    path = tmp_path / "time.csv"
    path.write_text("person_id,date,hours,neighbourhood_hours\n"
                    "p1,2021-11-01,8,7\np1,2021-11-02,8,6\np3,2021-03-01,8,2\n")
    cli = Cli(hr_store)
    code, out, _ = cli("norms", "import", "time", path, "--lang", "en")
    assert code == 0 and "3 rows of time imported" in out
    code, out, _ = cli("norms", "import", "time", path)  # Dutch by default; replaces it
    assert code == 0 and "3 rijen time ingelezen (vervangen de eerdere)" in out
    code, out, _ = cli("norms", "--unit", "LB", "--date", "2021-12-31", "--format", "csv")
    (row,) = [ln for ln in out.splitlines() if ln.startswith("Wijkagenten: 80 %")]
    # The 12 months to 31-12-2021: 7 + 6 + 2 of 8 + 8 + 8 hours. The CSV holds the
    # number unrounded, in percent (the terminal and Markdown show '62,5 %').
    assert dutch_number(row.split(";")[2]) == 62.5 and "niet voldaan" in row


def test_a_bad_time_registration_names_row_and_column(hr_store: Path, tmp_path: Path) -> None:
    path = tmp_path / "time.csv"
    path.write_text("person_id,date,hours,neighbourhood_hours\np1,2021-11-01,8,9\n"
                    "p1,2021-31-11,8,6\n")
    code, _, err = Cli(hr_store)("norms", "import", "time", path)
    assert code == 2
    assert "rij 2, kolom 'neighbourhood_hours': verwacht 0 tot de gewerkte uren" in err
    assert "rij 3, kolom 'date': verwacht een datum als JJJJ-MM-DD" in err
    code, _, err = Cli(hr_store)("norms", "import", "time", path, "--lang", "en")
    assert code == 2
    assert "row 2, column 'neighbourhood_hours': expected 0 up to the hours worked" in err
    assert "row 3, column 'date': expected a date as YYYY-MM-DD" in err


def test_teams_hide_small_groups(hr_store: Path) -> None:
    code, out, _ = Cli(hr_store)("teams", "--date", "2021-12-31", "--format", "csv")
    assert code == 0
    # Two officers and two volunteers: every figure about them is about fewer than 10
    # people; zeros ("nobody") are shown; a district of 4 people shows nothing at all.
    # No figure at all (no formatie, no survey) is an empty cell in the CSV ('–' on screen).
    assert out.splitlines()[1:] == ["LB;LB-D1;LB-T1;×;0;0;×;×;×;;;×;×;;",
                                    "LB;LB-D1;Totaal district;×;×;×;×;×;×;;;×;×;;"]


def test_team_staffing_against_an_imported_formatie(tmp_path: Path) -> None:
    from sterkte.norms.teams import TeamFigures, protect_teams

    teams = [TeamFigures("LB", "D1", t, n, {"OS": n}, fte, 5.0, formatie_fte=f)
             for t, n, fte, f in (("T1", 40, 36.0, 40.0), ("T2", 60, 50.0, 50.0))]
    # k and the protection width as the bundled parameters
    rows = {r.team: r.values for r in protect_teams(teams, 10, 2)}
    assert rows["T1"]["staffing_percent"] == 90.0
    assert rows["T2"]["staffing_percent"] == 100.0
    assert rows["D1"]["staffing_percent"] == 100 * 86 / 90


def test_commitments_filtered_by_status(tmp_path: Path) -> None:
    code, out, _ = Cli(tmp_path / "none.duckdb")("commitments", "--status", "Deels voldaan",
                                                 "--format", "csv")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 2 and lines[1].startswith("M-2021-BIKKER;motie;")


def test_absence_per_month_per_unit_and_the_nation(hr_store: Path) -> None:
    code, out, _ = Cli(hr_store)("norms", "absence", "--date", "2021-12-31", "--months", "2",
                                 "--format", "csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Eenheid;2021-11;2021-12;")
    # 15 of 728.5 fte-days over the 12 months to December (see test_norms.py), in percent
    # and unrounded (shown as 2,1 %); the long spell's 2021 days are all past its two-year
    # point and do not count; on 31-12-2021 nobody is sick longer than two years (p3 left
    # on 1 July): a zero, which is shown.
    assert lines[1].split(";")[0] == "Nationaal"
    december, long_sick = lines[1].split(";")[2:]
    assert dutch_number(december) == pytest.approx(100 * 15 / 728.5) and long_sick == "0"
    assert lines[2].startswith("Limburg;")
    assert dutch_number(lines[2].split(";")[2]) == pytest.approx(100 * 15 / 728.5)
    # on 30 June p3 is sick past the two-year point: one person, a small group, hidden
    code, out, _ = Cli(hr_store)("norms", "absence", "--date", "2021-06-30", "--months", "1",
                                 "--format", "csv")
    assert code == 0
    header, national = out.splitlines()[:2]
    assert header.endswith(";Langer dan 2 jaar ziek (personen, apart gemeld)")
    june, long_sick = national.split(";")[1:]
    assert dutch_number(june) == pytest.approx(100 * 15 / 912.5) and long_sick == "×"


def test_absence_per_team_hides_teams_of_fewer_than_k(hr_store: Path) -> None:
    code, out, _ = Cli(hr_store)("norms", "absence", "--by", "team", "--date", "2021-12-31",
                                 "--months", "1", "--format", "csv")
    assert code == 0
    # three professionals: the rate is hidden; nobody is sick past two years on 31-12-2021,
    # and "nobody" is not a figure about a small group (p3's spell ended in June)
    assert out.splitlines()[1] == "LB-T1;×;0"


def test_volunteers_over_the_cap_by_pseudonym(hr_store: Path) -> None:
    code, out, _ = Cli(hr_store)("norms", "over-cap", "--year", "2021", "--format", "csv")
    assert code == 0
    assert out.splitlines()[:2] == ["Persoon;Uren", "v1;600"]  # unrounded: 600 hours
