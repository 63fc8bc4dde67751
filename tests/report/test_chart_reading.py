"""Charts that read at a glance (issue 17): the bars and marks are the table's own numbers,
a value axis that does not start at zero says where it starts, and labels wrap instead of
running off the chart."""

from __future__ import annotations

from sterkte.ledger.layouts import LAYOUTS
from sterkte.report.charts import COLOURS, WRAP, stock_flow_waterfall, wrap_label
from sterkte.report.table import Column, Table
from sterkte.report.table_charts import table_bars


def _units() -> Table:
    t = Table("formatie-bezetting", "Formatie en bezetting", [
        Column("unit", "Eenheid", "text"), Column("formatie", "Formatie"),
        Column("realised", "Bezetting")], lang="nl")
    t.add("NN", ["Noord-Nederland", 3622.0, 3819.6])
    t.add("ZWB", ["Zeeland-West-Brabant", 3072.0, 3130.4])
    t.add("NP", ["Totaal", 6694.0, 6950.0], total=True)
    return t


def test_bezetting_is_bars_and_formatie_a_mark_with_the_tables_numbers() -> None:
    fig = table_bars(_units(), ["realised"], "t", references=["formatie"])
    bars, marks = fig.data
    assert bars.type == "bar" and bars.orientation == "h"
    assert list(bars.y) == ["Noord-Nederland", "Zeeland-West-Brabant"]  # no total row
    assert list(bars.x) == [3819.6, 3130.4]
    assert marks.type == "scatter" and marks.mode == "markers"
    assert list(marks.x) == [3622.0, 3072.0] and marks.marker.symbol == "line-ns"
    assert fig.layout.yaxis.autorange == "reversed"  # the table's first row on top


def test_the_palette_is_okabe_and_itos() -> None:
    # Okabe & Ito (2008), "Color Universal Design": blue, orange, bluish green, vermillion
    assert COLOURS[:4] == ("#0072B2", "#E69F00", "#009E73", "#D55E00")


def test_a_waterfall_that_does_not_start_at_zero_says_where_it_starts() -> None:
    layout = LAYOUTS["os"]
    cols = [Column("unit", "Eenheid", "text")] + [Column(c.key, c.key) for c in layout.columns]
    t = Table("os", "OS", cols, lang="nl")
    # opening 46.174, flows as published for 2021 (Tabel 1, national), closing 46.189
    values = {"opening": 46174.0, "lateral_entry": 1178.0, "graduated_in": 1708.0,
              "transfer_other": -277.0, "outflow": -2541.0, "working_time": -54.0,
              "net": 15.0, "closing": 46189.0}
    t.add("NP", ["Totaal", *[values.get(c.key, 0.0) for c in layout.columns]])
    fig = stock_flow_waterfall(t, "NP", layout)
    low, high = fig.layout.yaxis.range
    # the lowest level the stock passes through is 46.174 - 277 - 2.541 + … ≈ 46.190-ish;
    # the axis starts below every level, on a round thousand, and its title says so
    assert low % 1000 == 0 and low < 46000 and high > 49060
    assert f"begint bij {low / 1000:.0f}.000" in fig.layout.yaxis.title.text
    assert len(fig.layout.shapes) == 2  # the break mark's two strokes


def test_long_labels_wrap_at_spaces_and_hyphens_and_lose_nothing() -> None:
    for text in ("Zeeland-West-Brabant", "Afgestudeerd + instroom in oper. functie",
                 "Politiedienstencentrum", "Noord-Nederland", "31-12-2021"):
        lines = wrap_label(text).split("<br>")
        # no line longer than WRAP unless it is one word that cannot be broken
        assert all(len(line) <= WRAP or (" " not in line and "-" not in line[:-1])
                   for line in lines), lines
        # put back together (a line ending in a hyphen joins without a space): the label
        joined = lines[0]
        for line in lines[1:]:
            joined += line if joined.endswith("-") else " " + line
        assert joined == text
    assert wrap_label("Zeeland-West-Brabant").count("<br>") == 1
    assert wrap_label("31-12-2021") == "31-12-2021"
