"""Reading published capacity tables: values as printed, every inconsistency, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from sterkte.errors import InputError
from sterkte.ledger import Category, Period
from sterkte.sources.numbers import NumberFormat
from sterkte.sources.published import (
    COLUMN_TOTAL,
    ROW_FLOWS,
    ROW_STOCKS,
    read_published_table,
)
from tests.conftest import reference_rows

YEAR = Period.of_year(2021)
OS_COLUMNS = ["opening", "lateral_entry", "graduated_in", "transfer_other", "outflow",
              "working_time", "net", "closing"]
ASP_COLUMNS = ["opening", "intake", "transfer_in", "graduated_or_transfer_out", "dropout",
               "working_time", "net", "closing"]


@pytest.mark.parametrize(("name", "columns"), [("os", OS_COLUMNS), ("asp", ASP_COLUMNS)])
def test_every_published_2021_cell_is_read_as_printed(bundled: dict[str, Path], name: str,
                                                      columns: list[str]) -> None:
    table = read_published_table(bundled[name])
    assert table.period == YEAR
    assert table.category == (Category.OS if name == "os" else Category.ASP)
    rows = reference_rows(f"{name}-2021-by-unit.csv")
    assert len(table.units) == len(rows) == 16
    for code, row in zip(table.units, rows, strict=True):
        for col in columns:
            assert table.ledger.get(YEAR, code, table.category, col) == float(row[col]), (
                row["unit"], col)


def _found(table_path: Path) -> set[tuple[str, str, str, float, float]]:
    t = read_published_table(table_path)
    return {(i.unit, i.column, i.check, i.expected, i.found) for i in t.inconsistencies}


def test_os_2021_table_has_exactly_its_fifteen_rounding_inconsistencies(
        bundled: dict[str, Path]) -> None:
    # Written from the published table (tabel 1, 20 June 2022) by adding up its rows
    # and columns by hand.
    assert _found(bundled["os"]) == {
        ("Noord-Nederland", "closing", ROW_STOCKS, 3794 + 27, 3820),
        ("Oost-Nederland", "net", ROW_FLOWS, 116 + 206 - 18 - 358 - 7, -62),
        ("Amsterdam", "closing", ROW_STOCKS, 4716 + 43, 4758),
        ("Rotterdam", "net", ROW_FLOWS, 138 + 274 - 49 - 308 - 9, 47),
        ("Zeeland-West-Brabant", "net", ROW_FLOWS, 66 + 135 + 12 - 179 - 1, 32),
        ("Oost-Brabant", "net", ROW_FLOWS, 62 + 100 - 41 - 179 - 5, -62),
        ("Limburg", "net", ROW_FLOWS, 48 + 95 + 7 - 186 - 3, -40),
        ("Staf (Korpsleiding)", "net", ROW_FLOWS, 7 + 0 + 15 - 3 + 0, 20),
        ("LMS / RST", "closing", ROW_STOCKS, 7 + 1, 9),
        ("Totaal", "net", ROW_FLOWS, 1178 + 1708 - 277 - 2541 - 54, 15),
        ("Totaal", "graduated_in", COLUMN_TOTAL, 1709, 1708),
        ("Totaal", "transfer_other", COLUMN_TOTAL, -276, -277),
        ("Totaal", "outflow", COLUMN_TOTAL, -2540, -2541),
        ("Totaal", "working_time", COLUMN_TOTAL, -56, -54),
        ("Totaal", "closing", COLUMN_TOTAL, 46188, 46189),
    }


def test_asp_2021_table_has_exactly_its_eleven_rounding_inconsistencies(
        bundled: dict[str, Path]) -> None:
    assert _found(bundled["asp"]) == {
        ("Midden-Nederland", "net", ROW_FLOWS, 276 + 12 - 202 - 19 + 1, 67),
        ("Noord-Holland", "net", ROW_FLOWS, 153 + 9 - 90 - 22 + 0, 51),
        ("Amsterdam", "closing", ROW_STOCKS, 498 + 82, 581),
        ("Rotterdam", "closing", ROW_STOCKS, 765 - 31, 735),
        ("Landelijke Eenheid", "net", ROW_FLOWS, 49 + 3 - 60 - 1 + 0, -10),
        ("Landelijke Eenheid", "closing", ROW_STOCKS, 178 - 10, 169),
        ("Totaal", "intake", COLUMN_TOTAL, 2149, 2148),
        ("Totaal", "graduated_or_transfer_out", COLUMN_TOTAL, -1713, -1712),
        ("Totaal", "working_time", COLUMN_TOTAL, 7, 8),
        ("Totaal", "net", COLUMN_TOTAL, 325, 327),
        ("Totaal", "closing", COLUMN_TOTAL, 4782, 4781),
    }


def test_all_2021_inconsistencies_are_within_rounding(bundled: dict[str, Path]) -> None:
    for path in bundled.values():
        assert all(i.is_rounding for i in read_published_table(path).inconsistencies)


def test_a_difference_beyond_rounding_is_told_apart(tmp_path: Path,
                                                    bundled: dict[str, Path]) -> None:
    text = bundled["os"].read_text().replace("Limburg,2594,48,95,7,-186,-3,-40,2554",
                                             "Limburg,2594,48,95,7,-186,-3,-40,2654")
    path = tmp_path / "os-2021.csv"
    path.write_text(text)
    (bad,) = [i for i in read_published_table(path).inconsistencies
              if i.unit == "Limburg" and i.check == ROW_STOCKS]
    assert bad.difference == 100 and not bad.is_rounding


DUTCH_OS = """TABEL 1: OPERATIONELE STERKTE (EXCL. ASP) in Fte's
Eenheid;31-12-2020;Zij-instroom;Afgestudeerd. + instroom in oper. functie;Doorstroom Overig;Uitstroom;Werktijd- effect;Saldo;31-12-2021
Noord-Nederland;3.794;116;108;5;-201;-1;27;3.820
Oost-Nederland;6.355,5;116;206;-18;-358;–;-62;6.293
Totaal;10.149,5;232;314;-13;-559;-0;-35;10.113
"""


def test_dutch_number_format_semicolons_and_dated_columns(tmp_path: Path) -> None:
    path = tmp_path / "tabel1.csv"
    path.write_text(DUTCH_OS, encoding="utf-8")
    t = read_published_table(path)
    assert t.number_format is NumberFormat.DUTCH
    assert t.period == YEAR  # from the 31-12-2020 / 31-12-2021 headers, not the file name
    assert t.ledger.get(YEAR, "ON", Category.OS, "opening") == 6355.5
    assert t.ledger.get(YEAR, "ON", Category.OS, "working_time") == 0.0
    assert t.ledger.get(YEAR, "NP", Category.OS, "opening") == 10149.5
    assert t.ledger.get(YEAR, "NN", Category.OS, "closing") == 3820


def test_half_year_tables_get_a_half_year_period(tmp_path: Path) -> None:
    path = tmp_path / "asp.csv"
    path.write_text("Eenheid,31-12-2021,Instroom in opleiding,Inkomende doorstroom,"
                    "Afgestudeerd. + uitgaande doorstroom,Uitval,Werktijd-effect,30-06-2022\n"
                    "Limburg,308,80,1,-50,-6,0,333\n")
    t = read_published_table(path)
    assert str(t.period) == "2022-H1"
    assert t.ledger.check_identities() == []


def test_english_column_names_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "asp-2021.csv"
    path.write_text("unit,opening,intake,transfer_in,graduated_or_transfer_out,dropout,"
                    "working_time,closing\nLimburg,243,168,5,-96,-12,0,308\n")
    t = read_published_table(path)
    assert t.category is Category.ASP
    assert t.ledger.get(YEAR, "LB", Category.ASP, "intake") == 168


def _xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = Workbook()
    for ws in list(wb.worksheets):
        wb.remove(ws)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def test_xlsx_with_a_title_row_and_numbers_as_numbers(tmp_path: Path) -> None:
    rows = [r for r in reference_rows("os-2021-by-unit.csv")]
    header = ["Eenheid", "31-12-2020", "Zij-instroom", "Afgestudeerd. + instroom in oper. functie",
              "Doorstroom Overig", "Uitstroom", "Werktijd- effect", "Saldo", "31-12-2021"]
    body = [[r["unit"], *(float(r[c]) for c in OS_COLUMNS)] for r in rows]
    path = _xlsx(tmp_path / "t.xlsx", {"Tabel 1": [["TABEL 1: ..."], [], header, *body]})
    t = read_published_table(path)
    assert t.ledger.get(YEAR, "NP", Category.OS, "closing") == 46189
    assert len(t.inconsistencies) == 15


def test_xlsx_with_the_table_on_another_sheet_names_that_sheet(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "t.xlsx", {
        "Toelichting": [["Zie tabblad Tabel 2"]],
        "Tabel 2": [["Eenheid", "opening", "intake", "transfer_in", "graduated_or_transfer_out",
                     "dropout", "working_time", "closing"], ["Limburg", 1, 1, 0, 0, 0, 0, 2]],
    })
    with pytest.raises(InputError, match="sheet 'Toelichting' has no table, but sheet 'Tabel 2'"):
        read_published_table(path, year=2021)
    t = read_published_table(path, year=2021, sheet="Tabel 2")
    assert t.ledger.get(YEAR, "LB", Category.ASP, "closing") == 2


HEADER = ("unit,opening,lateral_entry,graduated_in,transfer_other,outflow,working_time,net,"
          "closing\n")


@pytest.mark.parametrize(("content", "row", "field", "message"), [
    (HEADER + "Limburg,2594,48,9x5,7,-186,-3,-40,2554\n", 2, "graduated_in", "not a number"),
    (HEADER.replace(",working_time", "") + "Limburg,2594,48,95,7,-186,-40,2554\n", 1, None,
     "missing column 'working_time'"),
    (HEADER.replace("outflow", "uitstroom2") + "Limburg,2594,48,95,7,-186,-3,-40,2554\n", 1,
     "uitstroom2", "unknown column"),
    (HEADER + "Limbourg,2594,48,95,7,-186,-3,-40,2554\n", 2, "unit", "unknown unit 'Limbourg'"),
    (HEADER + "Limburg,1,0,0,0,0,0,0,1\nlimburg,1,0,0,0,0,0,0,1\n", 3, "unit", "appears twice"),
    ("", None, None, "the file is empty"),
    ("just some words\nand more words\n", 1, None, "not a table: no line has columns"),
    ("a,b,c\n1,2,3\n", None, None, "no header row whose first column is 'Eenheid'"),
    (HEADER, 1, None, "no rows of units"),
])
def test_bad_tables_give_one_clear_message(tmp_path: Path, content: str, row: int | None,
                                           field: str | None, message: str) -> None:
    path = tmp_path / "os-2021.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_published_table(path)
    problem = err.value.problems[0]
    assert problem.file == str(path)
    assert message in str(problem.message)
    assert problem.render("nl") != problem.render("en")  # said in Dutch too
    assert problem.row == row
    assert problem.field == field


def test_wrong_encoding_names_the_line_and_what_to_do(tmp_path: Path,
                                                      bundled: dict[str, Path]) -> None:
    path = tmp_path / "os-2021.csv"
    path.write_bytes(bundled["os"].read_text().replace("Totaal", "Totaal – landelijk")
                     .encode("cp1252"))
    with pytest.raises(InputError, match=r"not UTF-8 text .* 'CSV UTF-8'") as err:
        read_published_table(path)
    assert err.value.problems[0].row == 17


def test_utf16_excel_export_is_read(tmp_path: Path, bundled: dict[str, Path]) -> None:
    path = tmp_path / "os-2021.csv"
    path.write_bytes(bundled["os"].read_text().encode("utf-16"))
    assert len(read_published_table(path).inconsistencies) == 15


def test_mixed_number_formats_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "os-2021.csv"
    path.write_text(HEADER.replace(",", ";") + "Limburg;2594,5;48;95;7;-186;-3;-40;2554.25\n")
    with pytest.raises(InputError, match="mixes number formats") as err:
        read_published_table(path)
    assert err.value.problems[0].field == "closing"
