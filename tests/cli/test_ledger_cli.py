"""The commands a user runs: import, validate, table, report — on real store files."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from sterkte.ledger import format_number
from tests.conftest import Cli, reference_rows, snapshot

OS_COLUMNS = ["opening", "lateral_entry", "graduated_in", "transfer_other", "outflow",
              "working_time", "net", "closing"]
ASP_COLUMNS = ["opening", "intake", "transfer_in", "graduated_or_transfer_out", "dropout",
               "working_time", "net", "closing"]


def _row_numbers(line: str) -> list[str]:
    return re.findall(r"-?\d[\d.]*", line.split("  ", 2)[-1])


def test_import_then_table_prints_every_published_number(cli: Cli) -> None:
    code, out, _ = cli("import", "--lang", "en")
    assert code == 0
    assert "imported as #1" in out and "imported as #2" in out
    for name, cols in (("os", OS_COLUMNS), ("asp", ASP_COLUMNS)):
        code, out, _ = cli("table", name, "--year", "2021")
        assert code == 0
        lines = out.splitlines()
        for row in reference_rows(f"{name}-2021-by-unit.csv"):
            (line,) = [ln for ln in lines if ln.strip().startswith(row["unit"] + " ")
                       or ln.strip() == row["unit"]]
            expected = [format_number(float(row[c])) for c in cols]
            assert line.split()[-len(cols):] == expected, row["unit"]


def test_table_in_english_and_for_one_unit(cli: Cli) -> None:
    cli("import")
    code, out, _ = cli("table", "os", "--year", "2021", "--lang", "en", "--unit", "Den Haag")
    assert code == 0
    assert "The Hague" in out and "5,465" in out and "5,483" in out
    assert "Amsterdam" not in out and "Total" not in out


def test_table_formats_csv_markdown_xlsx_html(cli: Cli, tmp_path: Path) -> None:
    cli("import")
    code, out, _ = cli("table", "asp", "--year", "2021", "--format", "csv")
    assert code == 0
    assert out.splitlines()[-1] == "Totaal;4454;2148;119;-1712;-236;8;327;4781"
    code, out, _ = cli("table", "os", "--year", "2021", "--format", "md")
    assert "| **Totaal** | **46.174** | **1.178** |" in out
    xlsx = tmp_path / "os.xlsx"
    code, _, _ = cli("table", "os", "--year", "2021", "--format", "xlsx", "--out", xlsx)
    ws = load_workbook(xlsx).active
    assert ws["A1"].value.startswith("TABEL 1")
    assert [c.value for c in ws[3]][:3] == ["Eenheid", "31-12-2020", "Zij-instroom"]
    assert ws["B19"].value == 46174 and ws["B19"].number_format == "#,##0"
    html = tmp_path / "os.html"
    code, _, _ = cli("table", "os", "--year", "2021", "--format", "html", "--out", html)
    assert code == 0 and "46.174" in html.read_text()


def test_validate_on_the_bundled_tables_lists_their_rounding_differences(cli: Cli) -> None:
    code, out, _ = cli("validate", "--lang", "en")
    assert code == 0
    assert ("os-2021-by-unit.csv: 15 inconsistencies, 15 within rounding (at most 0.5 per "
            "rounded cell), 0 beyond") in out
    assert "asp-2021-by-unit.csv: 11 inconsistencies, 11 within rounding" in out
    assert not (cli.db).exists()  # validate never writes
    code, out, _ = cli("validate")  # Dutch by default: words, checks and numbers
    assert code == 0
    flat = " ".join(out.split())
    assert ("os-2021-by-unit.csv: 15 inconsistenties, 15 binnen de afronding (ten hoogste 0,5 "
            "per afgeronde cel), 0 daarbuiten") in flat
    assert "eenheden = totaal" in flat and "afronding" in flat and "rounding" not in flat


def test_validate_exits_1_on_a_difference_beyond_rounding(cli: Cli, tmp_path: Path,
                                                          bundled: dict[str, Path]) -> None:
    path = tmp_path / "os-2021.csv"
    path.write_text(bundled["os"].read_text().replace(",46189", ",47189"))
    code, out, _ = cli("validate", path, "--lang", "en")
    assert code == 1
    # the total row no longer adds up, and neither does the closing column
    assert "beyond rounding" in out and "16 inconsistencies, 14 within rounding" in out
    code, out, _ = cli("validate", path)
    assert code == 1 and "16 inconsistenties, 14 binnen de afronding" in out
    assert "meer dan afronding" in out


def test_a_bad_file_among_good_ones_imports_nothing(cli: Cli, tmp_path: Path,
                                                    bundled: dict[str, Path]) -> None:
    bad = tmp_path / "asp-2021.csv"
    bad.write_text(bundled["asp"].read_text().replace("Limburg,243", "Limburg,24x3"))
    code, _, err = cli("import", bundled["os"], bad)
    assert code == 2
    assert f"{bad}, rij 11, kolom 'opening': '24x3' is geen getal" in err
    assert "er is niets geïmporteerd" in err
    assert not cli.db.exists() or snapshot(cli.db).get("ledger_entries", []) == []


def test_a_missing_store_is_explained(cli: Cli) -> None:
    code, _, err = cli("table", "os", "--year", "2021")
    assert code == 2 and "voer eerst `sterkte import` uit" in err


def test_a_year_not_in_the_store_is_explained(cli: Cli) -> None:
    cli("import")
    code, _, err = cli("table", "os", "--year", "2019")
    assert code == 2 and "geen OS-cijfers voor 2019" in err
    code, _, err = cli("table", "os", "--year", "2019", "--lang", "en")
    assert code == 2 and "no OS figures for 2019" in err


@st.composite
def damaged(draw: st.DrawFn, text: str) -> str:
    """A valid table with one kind of damage that makes it invalid."""
    lines = text.splitlines()
    kind = draw(st.sampled_from(["letter", "drop_column", "unknown_unit", "duplicate",
                                 "truncate_header", "bad_byte", "extra_cell", "no_rows"]))
    r = draw(st.integers(min_value=1, max_value=len(lines) - 1))
    cells = lines[r].split(",")
    c = draw(st.integers(min_value=1, max_value=len(cells) - 1))
    if kind == "letter":
        cells[c] = cells[c] + draw(st.sampled_from(["x", "a", "o", "e5x"]))
        lines[r] = ",".join(cells)
    elif kind == "drop_column":
        header = lines[0].split(",")
        if header[c] == "net":  # the saldo is optional, so dropping it is not damage
            c = 1
        lines = [",".join(x for i, x in enumerate(ln.split(",")) if i != c) for ln in lines]
    elif kind == "unknown_unit":
        cells[0] = draw(st.sampled_from(["Friesland", "Utrecht-Zuid", "Eenheid X"]))
        lines[r] = ",".join(cells)
    elif kind == "duplicate":
        lines.insert(r, lines[draw(st.integers(min_value=1, max_value=len(lines) - 1))])
    elif kind == "truncate_header":
        lines[0] = ",".join(lines[0].split(",")[: draw(st.integers(min_value=2, max_value=6))])
    elif kind == "bad_byte":
        return "\x00".join(lines)
    elif kind == "extra_cell":
        lines[r] = lines[r] + ",17"
    else:
        lines = lines[:1]
    return "\n".join(lines) + "\n"


def _os_text() -> str:
    return (Path(__file__).resolve().parents[2] / "src/sterkte/data/os-2021-by-unit.csv"
            ).read_text()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=damaged(_os_text()))
def test_random_damage_gives_exit_2_and_an_unchanged_store(tmp_path: Path, text: str) -> None:
    db = tmp_path / "damage.duckdb"
    cli = Cli(db)
    if not db.exists():
        assert cli("import", (Path(__file__).resolve().parents[2]
                              / "src/sterkte/data/asp-2021-by-unit.csv"))[0] == 0
    before = snapshot(db)
    path = tmp_path / "os-2021-damaged.csv"
    path.write_bytes(text.encode("utf-8"))
    code, out, err = cli("import", path)
    assert code == 2, (out, err)
    assert str(path) in err and "Traceback" not in err
    assert snapshot(db) == before
    con = duckdb.connect(str(db), read_only=True)
    try:  # the attempt is in the audit trail, with what went wrong
        last = con.execute("SELECT action, target, outcome FROM audit_log ORDER BY id DESC "
                           "LIMIT 1").fetchone()
    finally:
        con.close()
    assert last is not None and last[:2] == ("import", path.name)
    assert last[2].startswith("failed: ")


def test_report_writes_a_self_contained_html_page_and_the_other_formats(
        cli: Cli, tmp_path: Path) -> None:
    cli("import")
    out_dir = tmp_path / "out"
    code, out, _ = cli("report", "--out", out_dir)
    assert code == 0
    html_path = out_dir / "report-2021.html"
    assert str(html_path.resolve()) in out.replace("\n", "")
    html = html_path.read_text()
    assert "TABEL 1: OPERATIONELE STERKTE" in html and "TABEL 2: ASPIRANTEN" in html
    assert '<td data-col="c1" class="number">46.174</td>' in html
    assert '<td data-col="c8" class="number">4.781</td>' in html
    assert not re.search(r"<script[^>]+src=", html)  # plotly.js is inline: works offline
    assert html.count('class="plotly-graph-div"') >= 6  # the annex: charts per section
    assert "os-2021-by-unit.csv (sha256" in html
    assert "Noord-Nederland · closing · opening + saldo = closing: 3.820 ≠ 3.821" in html
    wb = load_workbook(out_dir / "report-2021.xlsx")
    assert wb.sheetnames[:2] == ["os-2021", "os-2021-prognose"]
    assert "asp-2021" in wb.sheetnames
    assert (out_dir / "os-2021.csv").read_text().splitlines()[-1].startswith("Totaal;46174;")
