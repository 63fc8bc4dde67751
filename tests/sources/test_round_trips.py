"""CSV → ledger → CSV and XLSX → ledger → XLSX are lossless, for any values."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from sterkte.ledger import Category, Ledger, Period
from sterkte.ledger.layouts import ASP_TABLE, OS_TABLE, TableLayout
from sterkte.org import REPORTING_UNIT_CODES
from sterkte.report.csv_out import to_csv
from sterkte.report.published import published_table
from sterkte.report.xlsx import write_xlsx
from sterkte.sources.published import read_published_table

values = st.floats(min_value=-1e7, max_value=1e7, allow_nan=False, allow_infinity=False)


@st.composite
def printed_tables(draw: st.DrawFn) -> tuple[TableLayout, Period, Ledger]:
    """A table as a letter might print it: any values, a printed total, any year."""
    layout = draw(st.sampled_from([OS_TABLE, ASP_TABLE]))
    period = Period.of_year(draw(st.integers(min_value=2000, max_value=2040)))
    units = draw(st.lists(st.sampled_from(REPORTING_UNIT_CODES), min_size=1, max_size=15,
                          unique=True))
    ledger = Ledger()
    for unit in [*units, "NP"]:
        for col in layout.columns:
            ledger.set(period, unit, layout.category, col.key, draw(values))
    return layout, period, ledger


def _same(a: Ledger, b: Ledger) -> bool:
    return dict(iter(a)) == dict(iter(b))


@settings(max_examples=60, deadline=None)
@given(printed_tables(), st.sampled_from(["nl", "en"]))
def test_csv_to_ledger_to_csv_is_lossless(case: tuple[TableLayout, Period, Ledger],
                                          lang: str) -> None:
    layout, period, ledger = case
    text = to_csv(published_table(ledger, layout, period, lang))
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "table.csv"
        path.write_text(text, encoding="utf-8")
        back = read_published_table(path)
    assert back.category is layout.category and back.period == period
    assert _same(back.ledger, ledger)
    assert to_csv(published_table(back.ledger, layout, period, lang)) == text


@settings(max_examples=25, deadline=None)
@given(printed_tables(), st.sampled_from(["nl", "en"]))
def test_xlsx_to_ledger_to_xlsx_is_lossless(case: tuple[TableLayout, Period, Ledger],
                                            lang: str) -> None:
    # XLSX holds 16 significant digits (openpyxl; Excel itself shows 15), so the round
    # trip starts from a workbook: workbook → ledger → workbook → ledger.
    layout, period, ledger = case
    with tempfile.TemporaryDirectory() as d:
        start = write_xlsx([published_table(ledger, layout, period, lang)], Path(d) / "a.xlsx")
        first = read_published_table(start)
        again = write_xlsx([published_table(first.ledger, layout, period, lang)],
                           Path(d) / "b.xlsx")
        second = read_published_table(again)
        cells = [[[c.value for c in row] for row in load_workbook(p).active.iter_rows()]
                 for p in (start, again)]
    assert _same(first.ledger, second.ledger)
    assert cells[0] == cells[1]
    for (key, value), (_, original) in zip(first.ledger, ledger, strict=True):
        assert abs(value - original) <= 1e-15 * abs(original), key


def test_csv_in_dutch_uses_semicolons_and_decimal_commas() -> None:
    period = Period.of_year(2021)
    ledger = Ledger()
    for col in OS_TABLE.columns:
        ledger.set(period, "NN", Category.OS, col.key, 1234.5)
        ledger.set(period, "NP", Category.OS, col.key, 12.345)
    lines = to_csv(published_table(ledger, OS_TABLE, period, "nl")).splitlines()
    assert lines[0].startswith("Eenheid;31-12-2020;Zij-instroom;")
    assert lines[1] == "Noord-Nederland;" + ";".join(["1234,5"] * 8)
    assert lines[2] == "Totaal;" + ";".join(["12,3450"] * 8)
