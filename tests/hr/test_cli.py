"""The HR commands as a user runs them: messages, exit codes, no tracebacks."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.testing import CliRunner

from sterkte.cli.hr import app as hr_app
from sterkte.cli.hr import ledger_command, synth_command

from .conftest import EVENT_COLUMNS, PERSON_COLUMNS, write_csv

cli = typer.Typer()
cli.add_typer(hr_app, name="hr")
cli.command("synth")(synth_command)
cli.command("ledger")(ledger_command)
runner = CliRunner()


def _files(tmp_path: Path) -> list[str]:
    p = write_csv(tmp_path / "persons.csv", PERSON_COLUMNS, [
        ("p1", 1980, "Noord-Nederland", None, None, "wijkagent", "OS", "1", "36"),
        ("p2", 1980, "NN", None, None, "wijkagent", "OS", "1.5", "36"),
        ("p3", 1990, "NN", None, None, "noodhulp", "OS", "1", "36")])
    e = write_csv(tmp_path / "events.csv", EVENT_COLUMNS, [
        ("e1", "p1", "2015-03-01", "hire", "NN", None, "OS", "1", None),
        ("e2", "p1", "2021-01-01", "fte_change", None, None, None, "0.8", None),
        ("e3", "p1", "2021-07-01", "leave", None, None, None, None, "planned"),
        ("e4", "p3", "2021-12-01", "hire", "NN", None, "OS", "1", None)])
    return [str(p), str(e)]


def test_import_prints_a_summary_and_exits_2_when_rows_are_rejected(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    result = runner.invoke(cli, ["hr", "import", *_files(tmp_path), "--db", db,
                                 "--lang", "en"])
    assert result.exit_code == 2
    assert "fte_out_of_range: 1" in result.output
    assert "row 3, column 'fte': fte 1.5 is outside (0, 1.2]" in result.output
    again = runner.invoke(cli, ["hr", "import", str(tmp_path / "events.csv"), "--db", db,
                                "--lang", "en"])
    assert again.exit_code == 0 and "already imported" in again.output
    listed = runner.invoke(cli, ["hr", "rejects", "--db", db, "--lang", "en"])
    assert listed.exit_code == 0 and "fte_out_of_range: 1" in listed.output


def test_the_hr_commands_speak_dutch_by_default(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    result = runner.invoke(cli, ["hr", "import", *_files(tmp_path), "--db", db],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert "1 rij(en) geweigerd" in result.output
    assert "fte_out_of_range: 1 — fte buiten (0, 1,2]" in result.output
    assert "rij 3, kolom 'fte': fte 1.5 ligt buiten (0, 1.2]" in result.output
    assert "record(s) opgeslagen" in result.output and "aanvaard" in result.output
    again = runner.invoke(cli, ["hr", "import", str(tmp_path / "events.csv"), "--db", db])
    assert again.exit_code == 0 and "al eerder ingelezen" in again.output
    listed = runner.invoke(cli, ["hr", "rejects", "--db", db])
    assert listed.exit_code == 0 and "1 geweigerde rij(en)" in listed.output


def test_a_refused_column_is_an_error_message_not_a_traceback(tmp_path: Path) -> None:
    f = write_csv(tmp_path / "persons.csv", [*PERSON_COLUMNS, "BSN"],
                  [("p1", 1980, "NN", None, None, "noodhulp", "OS", "1", "36", "123456782")])
    result = runner.invoke(cli, ["hr", "import", str(f), "--db", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 2
    assert "burgerservicenummers (BSN) worden nooit opgeslagen" in result.output
    assert "Traceback" not in result.output and "123456782" not in result.output
    result = runner.invoke(cli, ["hr", "import", str(f), "--db", str(tmp_path / "s.duckdb"),
                                 "--lang", "en"])
    assert result.exit_code == 2
    assert "national ID numbers (BSN) are never stored" in result.output


def test_a_short_row_is_named_by_its_row_alone(tmp_path: Path) -> None:
    # it was "rij 2, kolom 'None': …" (the row has no column to blame)
    f = tmp_path / "persons.csv"
    f.write_text(",".join(PERSON_COLUMNS) + "\np1,1980,NN,,,noodhulp,OS,1\n", encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    result = runner.invoke(cli, ["hr", "import", str(f), "--db", db], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert f"{f}, rij 2: verwacht 9 velden, gevonden 8" in result.output
    assert "None" not in result.output


def test_ledger_from_hr_shows_the_derived_ledger(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    runner.invoke(cli, ["hr", "import", *_files(tmp_path), "--db", db])
    result = runner.invoke(cli, ["ledger", "--from-hr", "--period", "half", "--unit", "NN",
                                 "--db", db, "--lang", "en"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.output.splitlines() if "2021-H" in line]
    # period, unit, opening, lateral entry, outflow, working time, closing (rounded fte)
    assert lines == [["2021-H1", "Noord-Nederland", "1", "0", "0", "0", "1"],
                     ["2021-H2", "Noord-Nederland", "1", "1", "-1", "0", "1"]]
    no_store = runner.invoke(cli, ["ledger", "--from-hr", "--db", str(tmp_path / "none.db")])
    assert no_store.exit_code == 2 and "geen opslag" in no_store.output


def test_synth_writes_the_four_files(tmp_path: Path) -> None:
    result = runner.invoke(cli, ["synth", "--seed", "2", "--out", str(tmp_path / "o"),
                                 "--scale", "0.02"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == [
        "events.csv", "persons.csv", "sickness.csv", "volunteer_hours.csv"]
