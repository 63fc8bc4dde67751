"""`sterkte forecast`: the published layout as CSV, scenarios compared, runs stored with
their parameters (and reproducible from them), bad input as a message, never a traceback."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from sterkte.cli.forecast import app
from sterkte.forecast import run_forecast, start_from_published
from sterkte.parameters import ParameterSet
from sterkte.parameters.scenario import ScenarioStart
from sterkte.sources.published import read_published_table
from sterkte.store.forecasts import list_runs, load_run_ledger
from sterkte.store.ledgers import bundled_dataset, import_published_tables

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def dutch_csv(text: str) -> list[list[str]]:
    """The report's Dutch CSV: ``;``-separated, numbers unrounded with a decimal comma."""
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def dutch(cells: list[str]) -> list[float]:
    return [float(c.replace(",", ".")) for c in cells]


def test_hjb2022_csv_is_the_national_yearly_table_from_the_2021_opening(tmp_path: Path
                                                                       ) -> None:
    """hjb2022 starts where the police's prognosis table starts: the published stocks of
    31-12-2020 (46,174 OS, 4,454 aspirants), 2021 first, as `Prognose 2021 | 2022 … 2026`."""
    code, out, _ = invoke("--scenario", "hjb2022", "--years", "6", "--format", "csv",
                          "--db", str(tmp_path / "none.duckdb"))
    assert code == 0, out
    # The report's CSV convention (Dutch by default): ';', decimal comma, unrounded.
    rows = dutch_csv(out)
    assert rows[0] == ["Tabel", "Rij", "Stroom", "2021", "2022", "2023", "2024", "2025", "2026"]
    body = {r[2]: r for r in rows[1:]}
    assert rows[1][1] == "Bezetting OS aanvang boekjaar"
    assert [r[0] for r in rows[1:]][:17] == ["Tabel 3"] * 10 + ["Tabel 4"] * 7
    assert dutch([rows[1][3], rows[11][3]]) == [46174, 4454]
    assert dutch(body["intake"][3:]) == pytest.approx([2388, 2501, 2401, 2101, 1601, 1301])
    assert dutch(body["lateral_entry"][3:]) == pytest.approx([1058] * 6)
    # the trained formatie per unit of 2023 (46,638 over the units), +700 (Hermans) from 2024
    assert dutch(body["formatie"][3:]) == pytest.approx([46638] * 3 + [47338] * 3)
    os_closing = dutch(rows[10][3:])  # Bezetting OS einde boekjaar
    gap = [f - c for f, c in zip(dutch(body["formatie"][3:]), os_closing, strict=True)]
    assert dutch(body["gap"][3:]) == pytest.approx(gap, abs=1e-6)
    # each year's OS column adds up: unrounded, so exactly (to float precision)
    os_rows = rows[1:11]
    for col in range(3, 9):
        values = dutch([r[col] for r in os_rows])
        assert values[0] + sum(values[1:-1]) == pytest.approx(values[-1], abs=1e-6)
    assert not (tmp_path / "none.duckdb").exists()  # no store: nothing written


def test_two_scenarios_are_compared_and_stored_reproducibly(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    con = duckdb.connect(str(db))
    import_published_tables(con, [read_published_table(p) for p in bundled_dataset()])
    con.close()
    code, out, err = invoke("--scenario", "hjb2022", "--scenario", "short-training",
                            "--years", "6", "--db", str(db), "--chart",
                            str(tmp_path / "chart.html"))
    assert code == 0, out + err
    assert "hjb2022" in out and "short-training" in out and "Balans" in out
    assert (tmp_path / "chart.html").read_text().count("plotly") > 10  # works offline
    con = duckdb.connect(str(db))
    runs = list_runs(con)
    assert [r.scenario for r in runs] == ["hjb2022", "short-training"]
    stored = runs[1]
    assert stored.parameters["training_length"]["values"]["2024-01-01"] == 18
    assert stored.scenarios[0]["overrides"]["training_length"] == {"2024-01-01": 18}
    ledger = load_run_ledger(con, stored.run_id)
    con.close()
    # rerun from the stored parameters alone: the same ledger
    params = ParameterSet.from_dict(stored.parameters)
    published = _published()
    start = ScenarioStart(**stored.scenarios[0]["start"])  # stored with the scenario
    assert (start.at, start.year) == ("opening", 2021)
    again = run_forecast(params, start_from_published(published, params, start), 6)
    for key, value in again.ledger:
        assert ledger.get(*key) == pytest.approx(value, abs=1e-9)


def _published():  # type: ignore[no-untyped-def]
    from sterkte.ledger import Ledger

    out = Ledger()
    for path in bundled_dataset():
        for key, value in read_published_table(path).ledger:
            out.set(*key, value)
    return out


def test_samples_and_required_intake_from_the_command_line(tmp_path: Path) -> None:
    db = str(tmp_path / "none.duckdb")
    code, out, _ = invoke("--scenario", "hjb2022", "--years", "3", "--samples", "50",
                          "--seed", "3", "--db", db)
    assert code == 0 and "P5" in out and "P95" in out
    code, out, _ = invoke("--scenario", "hjb2022", "--years", "2", "--samples", "20",
                          "--format", "csv", "--db", db)
    bands = {r[2]: dutch(r[3:]) for r in dutch_csv(out) if r[2].startswith("closing_p")}
    assert list(bands) == ["closing_p5", "closing_p50", "closing_p95"]
    assert all(a <= b <= c for a, b, c in zip(*bands.values(), strict=True))
    p_row = next(r for r in dutch_csv(out) if r[2] == "p_balance")
    assert all(0.0 <= x <= 1.0 for x in dutch(p_row[3:]))
    code, out, _ = invoke("--scenario", "hjb2022", "--required-intake", "--target-date",
                          "2026-12-31", "--db", db, "--lang", "en")
    assert code == 0 and "Feasible" in out
    # from the 2021 opening, the first 2-year cohort (January 2021) graduates in February 2023
    code, out, _ = invoke("--scenario", "hjb2022", "--required-intake", "--target-date",
                          "2022-12-31", "--db", db, "--lang", "en")
    assert code == 0 and "Not feasible" in out and "24 months" in out
    code, out, _ = invoke("--scenario", "hjb2022", "--required-intake", "--target-date",
                          "2022-12-31", "--db", db)  # Dutch by default
    assert code == 0 and "Niet haalbaar:" in out and "benodigde instroom per jaar" in out


def test_variance_command_prints_realisation_beside_prognosis(tmp_path: Path) -> None:
    code, out, _ = invoke("variance", "--year", "2021", "--unit", "NP",
                          "--db", str(tmp_path / "none.duckdb"))
    assert code == 0, out
    assert "Realisatie 2021" in out and "Uitstroom" in out and "-2.541" in out


@pytest.mark.parametrize(("args", "expected"), [
    (["--target-date", "2026-02-30", "--required-intake"], "--target-date: verwacht een datum"),
    (["--unit", "XX"], "--unit: onbekende eenheid 'XX'"),
    (["variance", "--year", "1999"], "geen realisatie over 1999"),
    (["--from-hr", "--start-date", "2021-12-15"], "--start-date: verwacht de laatste dag"),
    (["--from-hr"], "geen opslag in"),
])
def test_bad_options_are_messages(tmp_path: Path, args: list[str], expected: str) -> None:
    code, out, err = invoke(*args, "--db", str(tmp_path / "none.duckdb"))
    assert code == 2
    assert expected in err
    assert "Traceback" not in out + err


def test_a_malformed_scenario_names_file_and_field(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text("overrides:\n  dropout:\n    2024-01-01: {'1': 1.5}\n")
    code, out, err = invoke("--scenario", str(f), "--db", str(tmp_path / "none.duckdb"))
    assert code == 2
    assert "bad.yaml" in err and "values.2024-01-01.1" in err and "[0, 1]" in err
    assert "Traceback" not in out + err
