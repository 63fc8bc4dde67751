"""Every command writes tables one way: the same CSV convention for `sterkte table` and
`sterkte forecast` (checked against the published tables and the forecast engine),
and on a narrow terminal or in a pipe every number of a table is printed whole."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sterkte.forecast import run_forecast, start_from_ledger
from sterkte.forecast.inputs import forecast_parameters
from sterkte.forecast.tables import prognosis_table
from sterkte.ledger import Period, format_number
from sterkte.org import NATIONAL
from sterkte.parameters import load_scenario
from sterkte.store.db import connect
from sterkte.store.ledgers import load_ledger
from tests.conftest import Cli, reference_rows

SEPARATOR = {"nl": ";", "en": ","}
NUMBER = {"nl": re.compile(r"-?\d+(,\d+)?"), "en": re.compile(r"-?\d+(\.\d+)?")}
# hjb2022 starts where the police's table starts, the 2021 opening (issue 13): 10 years
YEARS = [str(y) for y in range(2021, 2031)]


def read(text: str, lang: str) -> list[list[str]]:
    """The convention, read without sterkte: Dutch ';' and a decimal comma, English ','
    and a point; no thousands separator; numbers unrounded."""
    rows = list(csv.reader(io.StringIO(text), delimiter=SEPARATOR[lang]))
    assert len({len(r) for r in rows}) == 1, "every row has every column"
    return rows


def number(cell: str, lang: str) -> float:
    assert NUMBER[lang].fullmatch(cell), cell
    return float(cell.replace(",", "."))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("conventions") / "store.duckdb"
    code, _, err = Cli(db)("import")
    assert code == 0, err
    return db


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_table_csv_holds_the_published_numbers_in_the_convention(store: Path,
                                                                 lang: str) -> None:
    code, out, _ = Cli(store)("table", "os", "--year", "2021", "--format", "csv",
                              "--lang", lang)
    assert code == 0
    rows = read(out, lang)
    assert rows[0][0] == ("Eenheid" if lang == "nl" else "Unit")
    published = reference_rows("os-2021-by-unit.csv")  # the bundled file, read plainly
    columns = ["opening", "lateral_entry", "graduated_in", "transfer_other", "outflow",
               "working_time", "net", "closing"]
    assert len(rows) == 1 + len(published)
    for row, ref in zip(rows[1:], published, strict=True):
        assert [number(c, lang) for c in row[1:]] == [float(ref[c]) for c in columns]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_forecast_csv_holds_the_engines_numbers_in_the_same_convention(store: Path,
                                                                       lang: str) -> None:
    code, out, err = Cli(store)("forecast", "--scenario", "hjb2022", "--format", "csv",
                                "--lang", lang, "--no-save")
    assert code == 0, err
    rows = read(out, lang)
    assert rows[0][3:] == YEARS
    # The engine run the command makes: from the store's 2021 ledger at the opening of 2021,
    # where scenario hjb2022 says it starts.
    con = connect(store, read_only=True)
    try:
        ledger = load_ledger(con)
    finally:
        con.close()
    params = load_scenario("hjb2022").apply(forecast_parameters())
    run = run_forecast(params, start_from_ledger(ledger, params, period=Period.of_year(2021),
                                                 stock="opening"), 10, scenario="hjb2022")
    expected = prognosis_table(run.ledger, NATIONAL, run.periods)
    assert len(rows) > len(expected)  # Tabel 3, 4, 5, then the formatie rows
    for row, (layout_row, values) in zip(rows[1:], expected, strict=False):
        assert row[1] == layout_row.label(lang)
        assert row[2] in (layout_row.name, f"total_{layout_row.name}")
        assert [number(c, lang) for c in row[3:]] == values  # unrounded: exactly


def _pipe(*args: str) -> str:
    """The command's standard output through a real pipe, as `… | cat` gives it."""
    sterkte = Path(sys.executable).with_name("sterkte")
    env = {**os.environ, "COLUMNS": "80"}
    done = subprocess.run([str(sterkte), *args], env=env, capture_output=True, text=True,
                          check=False)  # stdout is a pipe, not a terminal
    assert done.returncode == 0, done.stderr
    return done.stdout


def _blocks(text: str) -> list[tuple[list[str], list[list[str]]]]:
    """Each block of columns of the first table: its year headers and, per data row, the
    numbers shown (a row's label may wrap; the numbers sit on its first line)."""
    lines = text.splitlines()
    rules = [i for i, ln in enumerate(lines) if set(ln.strip()) == {"─"}]
    out = []
    for k, r in enumerate(rules):
        years = lines[r - 1].split()[1:]
        if not all(re.fullmatch(r"\d{4}", y) for y in years):
            break  # the next table (balance dates)
        end = rules[k + 1] - 2 if k + 1 < len(rules) else len(lines)
        rows = []
        for ln in lines[r + 1:end]:
            tokens = ln.split()
            tail = tokens[-len(years):]
            if len(tokens) > len(years) and all(re.fullmatch(r"-?[\d.]+|–", t) for t in tail):
                rows.append(tail)
        out.append((years, rows))
    return out


def test_forecast_in_an_80_column_pipe_prints_every_number_of_the_table(
        tmp_path: Path) -> None:
    none = str(tmp_path / "none.duckdb")  # no store: the bundled 2021 tables, nothing saved
    shown = _pipe("forecast", "--scenario", "hjb2022", "--db", none)
    data = read(_pipe("forecast", "--scenario", "hjb2022", "--db", none, "--format", "csv"),
                "nl")
    assert all(len(line) <= 80 for line in shown.splitlines()) and "…" not in shown
    blocks = _blocks(shown)
    assert [y for years, _ in blocks for y in years] == YEARS  # every year, once, in order
    for years, rows in blocks:
        assert len(rows) == len(data) - 1
        for csv_row, cells in zip(data[1:], rows, strict=True):
            values = [number(csv_row[3 + YEARS.index(y)], "nl") for y in years]
            assert cells == [format_number(v, "nl") for v in values], csv_row[1]
