"""The annex says what is synthetic (issue 13 §6), both ways.

Two real stores: the bundled published tables only, and the same tables with a small
synthetic police. Which tables use the synthetic police is found here without asking
sterkte: a table uses the HR records when it is missing from the published-only annex or
its rows differ from it. Every such table carries the notice in every file (HTML, XLSX,
Markdown, CSV); every other table carries none; the annex of published data carries none
anywhere.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import Cli
from tests.report.store_builder import build_published_store, build_store

PHRASE = re.compile("synthetische gegevens", re.IGNORECASE)
NOTICE = "Synthetische gegevens:"


@dataclass
class Annexes:
    published: Path  # the folder `sterkte report` wrote for the published-only store
    synthetic: Path  # the same, for the store with the synthetic police
    published_db: Path
    synthetic_db: Path


@pytest.fixture(scope="module")
def annexes(tmp_path_factory: pytest.TempPathFactory) -> Annexes:
    folder = tmp_path_factory.mktemp("synthetic-annex")
    out, dbs = {}, {}
    for key, db in (("published", build_published_store(folder)),
                    ("synthetic", build_store(folder))):
        out[key], dbs[key] = folder / f"out-{key}", db
        code, _, err = Cli(db)("report", "--period", "2021", "--out", out[key])
        assert code == 0, err
        assert (NOTICE in err) is (key == "synthetic")  # the command says so too
    return Annexes(out["published"], out["synthetic"], dbs["published"], dbs["synthetic"])


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8")), delimiter=";"))


def _xlsx_text(path: Path) -> str:
    wb = load_workbook(path)
    return "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
                     for v in row if v is not None)


def _uses_hr(annexes: Annexes) -> dict[str, bool]:
    """Per table of the synthetic annex: whether it differs from the published-only one
    (read from the CSV files, the marker column taken off)."""
    out = {}
    for path in sorted(annexes.synthetic.glob("*.csv")):
        rows = _rows(path)
        if rows[0][-1] == "Synthetische gegevens":
            rows = [r[:-1] for r in rows]
        twin = annexes.published / path.name
        out[path.stem] = not twin.exists() or _rows(twin) != rows
    return out


def test_an_annex_of_published_data_only_carries_no_notice_anywhere(annexes: Annexes) -> None:
    files = sorted(annexes.published.iterdir())
    assert {f.suffix for f in files} == {".html", ".xlsx", ".md", ".csv"}
    for f in files:
        text = _xlsx_text(f) if f.suffix == ".xlsx" else f.read_text(encoding="utf-8")
        assert not PHRASE.search(text), f.name


def test_every_csv_of_a_table_that_uses_the_synthetic_police_says_so(annexes: Annexes) -> None:
    uses = _uses_hr(annexes)
    # what the annex is about, as a reader of the letter knows it: these sections come
    # from the HR records (the register too: the figures decide statuses where they can,
    # issue 16), these from published tables
    assert {"vrijwilligers", "verzuim", "wijkagenten", "normen", "toezeggingen"} <= {
        n for n, u in uses.items() if u}
    assert not any(uses[n] for n in ("os-2021", "asp-2021", "formatie-bezetting-2021",
                                     "politieonderwijs-2021"))
    for name, used in uses.items():
        rows = _rows(annexes.synthetic / f"{name}.csv")
        marked = rows[0][-1] == "Synthetische gegevens"
        assert marked == used, name
        if marked:  # in every row, and the rest of the file is the table's data
            assert {r[-1] for r in rows[1:]} == {"synthetisch"}, name


def test_every_table_that_uses_it_carries_the_notice_in_html_xlsx_and_markdown(
        annexes: Annexes) -> None:
    uses = _uses_hr(annexes)
    html = (annexes.synthetic / "report-2021.html").read_text(encoding="utf-8")
    for name, used in uses.items():
        start = html.index(f'<div class="grid" id="grid-{name}">')
        grid = html[start:html.index("</table>", start)]
        assert ('<p class="synthetic-notice" role="note">' + NOTICE in grid) == used, name
    # the head of the page, and its foot beside the sources
    head = html[html.index("<h1>"):html.index("<nav>")]
    assert 'id="synthetic-notice"' in head and NOTICE in head
    foot = html[html.index('<footer id="provenance">'):]
    assert NOTICE in foot and "synthetische HR-gegevens" in foot
    wb = load_workbook(annexes.synthetic / "report-2021.xlsx")
    for name, used in uses.items():
        ws = wb[name[:31]]
        assert str(ws["A2"].value or "").startswith(NOTICE) == used, name
        assert (ws.sheet_properties.tabColor is not None) == used, name
    md = (annexes.synthetic / "report-2021.md").read_text(encoding="utf-8")
    assert md.index(f"> **{NOTICE}") < md.index("## 1.")  # at the head of the document
    assert md.count(f"> **{NOTICE}") == sum(uses.values()) + 2  # each table, head and foot


def test_commands_on_the_synthetic_police_say_so_and_on_published_data_do_not(
        annexes: Annexes) -> None:
    synthetic, published = Cli(annexes.synthetic_db), Cli(annexes.published_db)
    # tables on the terminal: the notice under the title, once per table
    code, out, _ = synthetic("norms", "--unit", "NP", "--date", "2021-12-31")
    assert code == 0 and out.count(NOTICE) == 1
    code, out, _ = published("norms", "--unit", "NP")
    assert code == 0 and not PHRASE.search(out)
    # CSV: the last column, in every row
    code, out, _ = synthetic("table", "os", "--year", "2021", "--from-hr", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out), delimiter=";"))
    assert code == 0 and rows[0][-1] == "Synthetische gegevens"
    assert {r[-1] for r in rows[1:]} == {"synthetisch"}
    code, out, _ = synthetic("table", "os", "--year", "2021", "--format", "csv")
    assert code == 0 and not PHRASE.search(out)  # the published table is no HR figure
    code, out, _ = synthetic("ledger", "--from-hr", "--unit", "NN", "--lang", "en")
    assert code == 0 and out.count("Synthetic data: HR records of sterkte's synthetic "
                                   "police") == out.count("from HR records") >= 1
    code, out, _ = synthetic("teams", "--unit", "AM", "--format", "md")
    assert code == 0 and f"> **{NOTICE}" in out
