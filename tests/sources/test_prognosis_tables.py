"""The police's prognosis tables (Tabel 3, 4, 5) in: as copied from the letter, checked,
stored as a vintage — on real files and real store files."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from sterkte.ledger import CLOSING, OPENING
from sterkte.sources.prognosis import (
    REALISED_OPENING,
    ROW_IDENTITY,
    TOTAL,
    YEAR_CHAIN,
    read_prognosis_tables,
)
from sterkte.store.prognoses import list_vintages, load_prognosis, vintage_for_year
from tests.conftest import Cli, snapshot

DATA = Path(__file__).resolve().parents[2] / "src" / "sterkte" / "data"
T3 = "Tabel 3: Prognose operationele bezetting exclusief aspiranten in fte"
T4 = "Tabel 4: Prognose bezetting aspiranten in fte"
T5 = "Tabel 5: Prognose totale operationele bezetting in fte"

# The 2021 columns as the June 2022 letter prints them, then two prognosis years made up
# by hand so that every column adds up and each year opens with the previous closing.
ROWS_3 = [
    ("Bezetting OS aanvang boekjaar", "46.174", "46.174", "46.279", "46.900"),
    ("Instroom uit opleiding", "1.708", "1.786", "1.900", "2.000"),
    ("Zijinstroom", "1.178", "1.058", "1.000", "1.000"),
    ("Werktijdwijziging", "-54", "-58", "-50", "-50"),
    ("Doorstroom NOS -> OS", "139", "109", "100", "100"),
    ("Doorstroom OS -> NOS", "-316", "-363", "-300", "-300"),
    ("Doorstroom naar opleiding", "-99", "0", "0", "0"),
    ("Voorziene uitstroom", "-1.701", "-1.624", "-1.700", "-1.700"),
    ("Onvoorziene uitstroom", "-840", "-804", "-329", "-850"),
    ("Bezetting OS einde boekjaar", "46.189", "46.279", "46.900", "47.100"),
]
ROWS_4 = [
    ("Bezetting ASP aanvang boekjaar", "4.454", "4.454", "4.778", "4.878"),
    ("Instroom in opleiding", "2.148", "2.388", "2.300", "2.200"),
    ("Inkomende doorstroom", "119", "0", "0", "0"),
    ("Werktijdwijziging", "8", "0", "0", "0"),
    ("Uitval", "-236", "-278", "-300", "-300"),
    ("Uitstroom uit opleiding", "-1.712", "-1.786", "-1.900", "-2.000"),
    ("Bezetting ASP einde boekjaar", "4.781", "4.778", "4.878", "4.778"),
]
ROWS_5 = [
    ("Bezetting aanvang boekjaar", "50.628", "50.628", "51.057", "51.778"),
    ("Bezetting einde boekjaar", "50.970", "51.057", "51.778", "51.878"),
]


def _block(title: str, rows: list[tuple[str, ...]], total: bool = False) -> list[list[str]]:
    second = "2021" if total else "Prognose 2021"  # Tabel 5 prints a plain year
    return [[title], ["", "Realisatie 2021", second, "2022", "2023"], *map(list, rows)]


def _write(path: Path, blocks: list[list[list[str]]], delimiter: str = ";") -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=delimiter)
        for i, b in enumerate(blocks):
            if i:
                w.writerow([])
            w.writerows(b)
    return path


def _letter(tmp: Path, delimiter: str = ";") -> Path:
    return _write(tmp / "prognose-hjb2022.csv", [_block(T3, ROWS_3), _block(T4, ROWS_4),
                                                  _block(T5, ROWS_5, total=True)], delimiter)


def _dutch(text: str) -> float:
    return float(text.replace(".", ""))


def test_the_bundled_2021_column_is_read_as_the_reference_file_prints_it() -> None:
    with (DATA / "prognosis-2021-june-2022.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    tables = {t.number: t for t in read_prognosis_tables(DATA / "prognosis-2021-june-2022.csv")}
    assert sorted(tables) == ["3", "4", "5"]
    names = {"planned_outflow": "outflow_planned", "unplanned_outflow": "outflow_unplanned"}
    for r in rows:
        t = tables[r["table"].split()[-1]]
        key = names.get(r["row"], r["row"])
        assert t.realised[key] == float(r["realisation_2021"]), r
        assert t.prognosis[2021][key] == float(r["prognosis_2021"]), r
    # The letter's own prognosis column does not add up by 1 fte (rounding); nothing else.
    findings = [i for t in tables.values() for i in t.inconsistencies]
    assert [(i.unit, i.column, i.check, i.expected, i.found) for i in findings] == [
        ("Tabel 3", "Prognose 2021", ROW_IDENTITY, 46278.0, 46279.0)]
    assert findings[0].is_rounding


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_three_tables_copied_from_the_letter_into_one_sheet(tmp_path: Path,
                                                            delimiter: str) -> None:
    tables = read_prognosis_tables(_letter(tmp_path, delimiter))
    assert [(t.number, t.realised_year, t.years) for t in tables] == [
        ("3", 2021, [2021, 2022, 2023]), ("4", 2021, [2021, 2022, 2023]),
        ("5", 2021, [2021, 2022, 2023])]
    t3, t4, t5 = tables
    assert t3.prognosis[2021]["graduated_in"] == 1786 and t3.realised["graduated_in"] == 1708
    assert t3.prognosis[2021]["outflow_planned"] == -1624
    assert t4.prognosis[2021]["intake"] == 2388 and t4.realised["intake"] == 2148
    assert t5.prognosis[2023][CLOSING] == 51878 and t5.realised[OPENING] == 50628
    # the letter's 1-fte rounding in the 2021 prognosis column is the only finding
    assert [(i.check, i.column) for t in tables for i in t.inconsistencies] == [
        (ROW_IDENTITY, "Prognose 2021")]


def test_an_xlsx_sheet_with_numbers_as_numbers(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    title, header, *rows = _block(T4, ROWS_4)
    ws.append(title)
    ws.append(header)
    for label, *values in rows:
        ws.append([label, *map(_dutch, values)])
    wb.save(tmp_path / "tabel4.xlsx")
    (t4,) = read_prognosis_tables(tmp_path / "tabel4.xlsx")
    assert t4.number == "4" and t4.prognosis[2022] == {
        OPENING: 4778, "intake": 2300, "transfer_in": 0, "working_time": 0, "dropout": -300,
        "graduated_out": -1900, CLOSING: 4878}


def test_every_check_is_listed_never_fixed(tmp_path: Path) -> None:
    rows_3 = [list(r) for r in ROWS_3]
    rows_3[0][4] = "46.910"  # 2023 opens 10 fte above 2022's prognosed closing
    rows_3[0][1] = "46.170"  # the realised opening 4 fte below the prognosed one
    rows_5 = [list(r) for r in ROWS_5]
    rows_5[1][3] = "51.700"  # Tabel 5 ≠ Tabel 3 + Tabel 4 at the end of 2022
    tables = read_prognosis_tables(_write(tmp_path / "p.csv", [
        _block(T3, [tuple(r) for r in rows_3]), _block(T4, ROWS_4),
        _block(T5, [tuple(r) for r in rows_5], total=True)]))
    found = {(i.check, i.column, i.expected, i.found) for t in tables for i in t.inconsistencies}
    assert (YEAR_CHAIN, "Prognose 2023", 46900.0, 46910.0) in found
    assert (REALISED_OPENING, "Realisatie 2021", 46174.0, 46170.0) in found
    assert (ROW_IDENTITY, "Prognose 2023", 46910.0 + 200, 47100.0) in found
    assert (TOTAL, "Prognose 2022", 46900.0 + 4878.0, 51700.0) in found
    assert not next(i for t in tables for i in t.inconsistencies
                    if i.check == YEAR_CHAIN).is_rounding


def test_outflows_copied_without_minus_are_read_as_outflows(tmp_path: Path) -> None:
    rows = [tuple(c.lstrip("-") for c in r) for r in ROWS_4]
    (t4,) = read_prognosis_tables(_write(tmp_path / "t4.csv", [_block(T4, rows)]))
    assert t4.prognosis[2021]["dropout"] == -278 and t4.realised["graduated_out"] == -1712
    assert t4.inconsistencies == [] and "without a minus sign" in t4.notes[0]


def test_validate_lists_prognosis_findings_and_their_kind(cli: Cli, tmp_path: Path) -> None:
    assert cli("validate", DATA / "prognosis-2021-june-2022.csv")[0] == 0
    rows = [list(r) for r in ROWS_3]
    rows[0][4] = "46.910"
    path = _write(tmp_path / "broken.csv", [_block(T3, [tuple(r) for r in rows])])
    code, out, _ = cli("validate", path, "--lang", "en")
    assert code == 1
    assert "opening = previous year's prognosed closing" in out and "beyond rounding" in out
    code, out, _ = cli("validate", path)
    flat = " ".join(out.split())
    assert code == 1 and "begin = geprognosticeerd eind van het jaar ervoor" in flat


def test_a_row_that_is_no_row_of_the_table_is_named(cli: Cli, tmp_path: Path) -> None:
    rows = [list(r) for r in ROWS_4]
    rows[2][0] = "Instroom van buiten"
    path = _write(tmp_path / "t4.csv", [_block(T4, [tuple(r) for r in rows])])
    code, _, err = cli("import", path)
    assert code == 2 and "Traceback" not in err
    flat = " ".join(err.split())
    assert str(path) in flat and "rij 5" in flat and "Instroom van buiten" in flat
    assert "geen rij van Tabel 4; verwacht een van" in flat
    assert "'Inkomende doorstroom'" in flat and "er is niets geïmporteerd" in flat


def test_vintages_stand_side_by_side_and_a_later_import_supersedes(cli: Cli,
                                                                   tmp_path: Path) -> None:
    code, out, _ = cli("import", "--lang", "en")
    assert code == 0 and "prognosis hjb2022-1, tabel 3, 4, 5, 2021" in " ".join(out.split())
    code, out, _ = cli("import", _letter(tmp_path), "--vintage", "hjb2022-full",
                       "--description", "Eerste halfjaarbericht politie 2022, tabellen 3-5")
    assert code == 0, out
    con = duckdb.connect(str(cli.db), read_only=True)
    try:
        assert [(v.name, v.first_year) for v in list_vintages(con)] == [
            ("hjb2022-1", 2021), ("hjb2022-full", 2021)]
        latest = vintage_for_year(con, 2021)
        assert latest is not None and latest.name == "hjb2022-full"
        assert vintage_for_year(con, 2022) is None
        first = {t.number: t for t in load_prognosis(con, "hjb2022-1")}
        assert first["4"].prognosis == {2021: {
            OPENING: 4454, "intake": 2388, "transfer_in": 0, "working_time": 0,
            "dropout": -278, "graduated_out": -1786, CLOSING: 4778}}
        full = {t.number: t for t in load_prognosis(con, "hjb2022-full")}
        assert full["3"].years == [2021, 2022, 2023]
    finally:
        con.close()
    # a corrected Tabel 4 for the same vintage supersedes the first; both stay on record
    rows = [list(r) for r in ROWS_4]
    rows[1][3] = "2.301"
    rows[6][3] = "4.879"
    rows[0][4] = "4.879"
    rows[6][4] = "4.779"
    code, out, _ = cli("import", _write(tmp_path / "t4-correctie.csv",
                                        [_block(T4, [tuple(r) for r in rows])]),
                       "--vintage", "hjb2022-full")
    assert code == 0, out
    con = duckdb.connect(str(cli.db), read_only=True)
    try:
        full = {t.number: t for t in load_prognosis(con, "hjb2022-full")}
        assert full["4"].prognosis[2022]["intake"] == 2301
        assert full["3"].prognosis[2022]["graduated_in"] == 1900  # Tabel 3 unchanged
        n = con.execute("SELECT COUNT(DISTINCT import_id) FROM prognosis_entries "
                        "WHERE vintage = 'hjb2022-full'").fetchone()
        assert n == (2,)
    finally:
        con.close()


@st.composite
def damaged(draw: st.DrawFn, lines: list[str]) -> str:
    """The letter's three tables with one kind of damage that makes them unreadable."""
    lines = list(lines)
    body = [i for i, ln in enumerate(lines) if ln and ln.split(";")[0] and
            ";" in ln and not ln.startswith(";")]
    r = draw(st.sampled_from(body))
    cells = lines[r].split(";")
    kind = draw(st.sampled_from(["letter", "unknown_row", "duplicate_row", "bad_year",
                                 "year_gap", "missing_row", "bad_byte", "no_rows"]))
    headers = [i for i, ln in enumerate(lines) if ln.startswith(";Realisatie")]
    h = draw(st.sampled_from(headers))
    if kind == "letter":
        c = draw(st.integers(min_value=1, max_value=len(cells) - 1))
        cells[c] += draw(st.sampled_from(["x", "o", ",5,5", "e3x"]))
        lines[r] = ";".join(cells)
    elif kind == "unknown_row":
        cells[0] = draw(st.sampled_from(["Instroom overig", "Bezetting", "Totaal"]))
        lines[r] = ";".join(cells)
    elif kind == "duplicate_row":
        lines.insert(r, lines[r])
    elif kind == "bad_year":
        lines[h] = lines[h].replace("2022", "twintig22")
    elif kind == "year_gap":
        lines[h] = lines[h].replace("2023", "2024")
    elif kind == "missing_row":
        del lines[r]
    elif kind == "bad_byte":
        return "\x00".join(lines)
    else:
        lines = [ln for i, ln in enumerate(lines) if i <= h or not ln or i in headers
                 or ln.startswith("Tabel")][:h + 1]
    return "\n".join(lines) + "\n"


def _letter_lines() -> list[str]:
    out: list[str] = []
    for i, b in enumerate([_block(T3, ROWS_3), _block(T4, ROWS_4),
                           _block(T5, ROWS_5, total=True)]):
        if i:
            out.append("")
        out += [";".join(r) for r in b]
    return out


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=damaged(_letter_lines()))
def test_random_damage_gives_exit_2_and_an_unchanged_store(tmp_path: Path, text: str) -> None:
    db = tmp_path / "damage.duckdb"
    cli = Cli(db)
    if not db.exists():
        assert cli("import")[0] == 0
    before = snapshot(db)
    path = tmp_path / "prognose-damaged.csv"
    path.write_bytes(text.encode("utf-8"))
    code, out, err = cli("import", path, "--vintage", "damaged")
    assert code == 2, (out, err)
    assert str(path) in " ".join(err.split()) and "Traceback" not in err
    assert snapshot(db) == before
