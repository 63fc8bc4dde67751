"""The capacity annex: every number in its HTML and XLSX equals the engines' own results.

The store is real (bundled 2021 tables + a small synthetic police); the expected
values are computed here by calling the ledger store, the forecast engine and the
norms engine directly, then compared with what `sterkte report` wrote.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

from sterkte.app.norms import gather_inputs
from sterkte.forecast import ForecastRun, run_forecast, start_from_ledger
from sterkte.forecast.tables import prognosis_table
from sterkte.ledger import (
    CLOSING,
    NET,
    OPENING,
    Category,
    Ledger,
    Period,
    PeriodKind,
    format_number,
)
from sterkte.ledger.display import format_percent
from sterkte.ledger.layouts import LAYOUTS
from sterkte.norms.evaluate import evaluate
from sterkte.norms.status import NormStatus
from sterkte.org import NATIONAL, REPORTING_UNIT_CODES
from sterkte.parameters import ParameterSet, load_scenario
from sterkte.sources.commitments import load_register
from sterkte.sources.norm_parameters import bundled_norm_parameters
from sterkte.store.db import connect
from sterkte.store.hr import derived_ledger
from sterkte.store.ledgers import load_ledger
from tests.conftest import Cli
from tests.report.store_builder import build_store

Cells = dict[str, dict[str, dict[str, str]]]  # table → row key → column key → text


class _Tables(HTMLParser):
    """Every <table data-table> as row key → column key → shown text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: Cells = {}
        self.columns: dict[str, list[str]] = {}
        self._table: str | None = None
        self._row: str | None = None
        self._col: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table" and a.get("data-table"):
            self._table = str(a["data-table"])
            self.tables[self._table] = {}
            self.columns[self._table] = []
        elif self._table and tag == "th" and a.get("data-col"):
            self.columns[self._table].append(str(a["data-col"]))
        elif self._table and tag == "tr" and a.get("data-key") is not None:
            self._row = str(a["data-key"])
            self.tables[self._table][self._row] = {}
        elif self._row is not None and tag == "td":
            self._col, self._text = str(a.get("data-col")), ""

    def handle_data(self, data: str) -> None:
        if self._col is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._col is not None and self._table and self._row is not None:
            self.tables[self._table][self._row][self._col] = self._text
            self._col = None
        elif tag == "table":
            self._table, self._row = None, None


def parse_html(path: Path) -> tuple[Cells, dict[str, list[str]]]:
    p = _Tables()
    p.feed(path.read_text(encoding="utf-8"))
    return p.tables, p.columns


def parse_xlsx(path: Path, columns: dict[str, list[str]], html: Cells
               ) -> dict[str, dict[str, dict[str, object]]]:
    """Each sheet back as row key → column key → cell value (rows in the HTML's order)."""
    wb = load_workbook(path)
    out: dict[str, dict[str, dict[str, object]]] = {}
    for name, cols in columns.items():
        ws = wb[name[:31]]
        rows = list(ws.iter_rows(min_row=4, max_row=3 + len(html[name]), values_only=True))
        out[name] = {key: dict(zip(cols, row, strict=False))
                     for key, row in zip(html[name], rows, strict=True)}
    return out


@dataclass
class Annex:
    db: Path
    out: Path
    html: Cells
    columns: dict[str, list[str]]
    xlsx: dict[str, dict[str, dict[str, object]]]
    page: str


@dataclass
class Engines:
    realised: Ledger
    run: ForecastRun
    norms: list[NormStatus]


@pytest.fixture(scope="module")
def annex(tmp_path_factory: pytest.TempPathFactory) -> Annex:
    folder = tmp_path_factory.mktemp("annex")
    db = build_store(folder)
    out = folder / "out"
    code, _, stderr = Cli(db)("report", "--period", "2021", "--out", out)
    assert code == 0, stderr
    html, columns = parse_html(out / "report-2021.html")
    return Annex(db, out, html, columns, parse_xlsx(out / "report-2021.xlsx", columns, html),
                 (out / "report-2021.html").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def engines(annex: Annex) -> Engines:
    """The figures as the engines compute them, without the report code."""
    con = connect(annex.db, read_only=True)
    try:
        realised = load_ledger(con)
        norm_params = bundled_norm_parameters()
        statuses = evaluate(gather_inputs(con, dt.date(2021, 12, 31), norm_params),
                            norm_params)
    finally:
        con.close()
    params = load_scenario("hjb2022").apply(ParameterSet.bundled())
    state = start_from_ledger(realised, params, period=Period.of_year(2021), stock="opening")
    run = run_forecast(params, state, 6, scenario="hjb2022")
    return Engines(realised, run, statuses)


Expected = dict[tuple[str, str], float | None]  # (row key, column key) → value


def check(annex: Annex, table: str, expected: Expected, percent: frozenset[str] | set[str]
          = frozenset(), signed: frozenset[str] | set[str] = frozenset(),
          every: bool = True) -> None:
    """Shown text = the value formatted; XLSX cell = the value; and (``every``) no
    number in the table is left unchecked."""
    html = annex.html
    xlsx = annex.xlsx[table]
    rows = html[table]
    for (row, col), value in expected.items():
        shown = rows[row][col]
        if value is None:
            assert shown == "–", (table, row, col, shown)
            assert xlsx[row][col] is None
            continue
        # percentages show at least one decimal, more where a value and its norm would
        # otherwise look alike (issue 13): compare at the decimals shown
        decimals = max(1, len(shown.split(",")[1].rstrip(" %")) if "," in shown else 0)
        want = (format_percent(value, "nl", decimals) if col in percent
                else format_number(value, "nl", 0, signed=col in signed))
        assert shown == want, (table, row, col, shown, want)
        assert xlsx[row][col] == pytest.approx(value, abs=1e-6), (table, row, col)
    if every:
        numeric = {(r, c) for r, cells in rows.items() for c, t in cells.items()
                   if any(ch.isdigit() for ch in t) and not _is_text(t)}
        assert numeric <= set(expected), sorted(numeric - set(expected))[:5]


def _is_text(text: str) -> bool:
    """Words and dates (checked on their own), not numbers."""
    return any(ch.isalpha() for ch in text.replace("%", "")) or bool(
        re.fullmatch(r"\d\d-\d\d-\d{4}", text))


def test_published_tables_show_the_stored_ledger_in_the_published_layout(
        annex: Annex, engines: Engines) -> None:
    led = engines.realised
    p = Period.of_year(2021)
    for name in ("os", "asp"):
        layout = LAYOUTS[name]
        cat = layout.category
        expected: Expected = {}
        for unit in [*REPORTING_UNIT_CODES, NATIONAL]:
            for i, col in enumerate(layout.columns, start=1):
                value = (led.opening(p, unit, cat) if col.key == OPENING else
                         led.closing(p, unit, cat) if col.key == CLOSING else
                         led.net(p, unit, cat) if col.key == NET else
                         led.get(p, unit, cat, col.key))
                expected[(unit, f"c{i}")] = value
        check(annex, f"{name}-2021", expected)


def test_flows_realised_beside_the_prognosis_of_the_engine(
        annex: Annex, engines: Engines) -> None:
    led = engines.realised
    run = engines.run
    p = Period.of_year(2021)
    rolled = run.ledger.select(periods=[p]).roll_up_flows()
    for name in ("os", "asp"):
        layout = LAYOUTS[name]
        cat = layout.category
        expected: Expected = {}
        for key in (OPENING, *layout.flow_keys, CLOSING):
            real, prog = led.get(p, NATIONAL, cat, key), rolled.get(p, NATIONAL, cat, key)
            expected[(key, "realised")] = real
            expected[(key, "prognosis")] = prog
            expected[(key, "difference")] = real - prog
        check(annex, f"{name}-2021-prognose", expected, signed={"difference"})


def test_multi_year_prognosis_equals_the_forecast_run(
        annex: Annex, engines: Engines) -> None:
    run = engines.run
    led = engines.realised
    p21 = Period.of_year(2021)
    # sterkte's own run is the "model sterkte" table (issue 13: the police's prognosis,
    # when stored, is prognose-politie-tabelN beside it, never replaced by the model)
    tables = {"Tabel 3": "model-tabel3", "Tabel 4": "model-tabel4",
              "Tabel 5": "model-tabel5"}
    expected: dict[str, Expected] = {t: {} for t in tables.values()}
    for row, values in prognosis_table(run.ledger, NATIONAL, run.periods):
        table = tables[row.table.split(":")[0]]
        for period, v in zip(run.periods, values, strict=True):
            expected[table][(row.name, f"p{period.year}")] = v
        cats = [row.category] if row.category else [Category.OS, Category.ASP]
        if all(led.has(p21, NATIONAL, c, row.name) for c in cats):
            expected[table][(row.name, "realised")] = sum(led.get(p21, NATIONAL, c, row.name)
                                                          for c in cats)
        else:
            expected[table][(row.name, "realised")] = None
    assert annex.html["model-tabel3"]["closing"]["p2026"]
    for table, exp in expected.items():
        check(annex, table, exp, every=False)  # the published flow totals are checked below
    rolled = [run.ledger.select(periods=[p]).roll_up_flows()
              for p in run.periods]
    for table, cat, flow in (("model-tabel3", Category.OS, "outflow"),
                             ("model-tabel3", Category.OS, "transfer_other"),
                             ("model-tabel4", Category.ASP, "graduated_or_transfer_out")):
        exp = {(f"total_{flow}", f"p{p.year}"): r.get(p, NATIONAL, cat, flow)
               for r, p in zip(rolled, run.periods, strict=True)}
        exp[(f"total_{flow}", "realised")] = led.get(p21, NATIONAL, cat, flow)
        check(annex, table, exp, every=False)
    for table, exp in expected.items():  # and nothing else is in these tables
        extra = {k for k in annex.html[table] if not k.startswith("total_")}
        assert extra == {r for r, _ in exp}


def test_formatie_and_bezetting_with_the_balance_date_of_the_run(
        annex: Annex, engines: Engines) -> None:
    run = engines.run
    led = engines.realised
    p = Period.of_year(2021)
    formatie = run.formatie_at_year_end()
    units = [u for u in REPORTING_UNIT_CODES if (u, 2021) in formatie]
    assert len(units) == 11
    expected: Expected = {}
    for u in [*units, NATIONAL]:
        members = units if u == NATIONAL else [u]
        real = sum(led.closing(p, m, Category.OS) for m in members)
        prog = sum(run.ledger.closing(p, m, Category.OS) for m in members)
        expected.update({(u, "formatie"): formatie[(u, 2021)], (u, "realised"): real,
                         (u, "gap"): real - formatie[(u, 2021)], (u, "prognosis"): prog,
                         (u, "difference"): real - prog})
    check(annex, "formatie-bezetting-2021", expected, signed={"gap", "difference"})
    shown = annex.html["formatie-bezetting-2021"]
    for b in run.balance:
        text = ("niet binnen horizon" if b.date is None else "al in balans"
                if b.month == run.start else b.date.strftime("%d-%m-%Y"))
        assert shown[b.unit]["balance"] == text


def test_academy_intake_and_graduation_beside_the_prognosis(
        annex: Annex, engines: Engines) -> None:
    run = engines.run
    led = engines.realised
    p = Period.of_year(2021)
    rolled = run.ledger.select(periods=[p]).roll_up_flows()
    expected: Expected = {}
    for u in [*REPORTING_UNIT_CODES, NATIONAL]:
        for key, cat in (("intake", Category.ASP), ("graduated_in", Category.OS),
                         ("dropout", Category.ASP)):
            real, prog = led.get(p, u, cat, key), rolled.get(p, u, cat, key)
            expected.update({(u, f"{key}_realised"): real, (u, f"{key}_prognosis"): prog,
                             (u, f"{key}_difference"): real - prog})
    check(annex, "politieonderwijs-2021", expected,
          signed={f"{k}_difference" for k in ("intake", "graduated_in", "dropout")})


@pytest.mark.parametrize(("table", "norm", "extra"), [
    ("vrijwilligers", "volunteers", ("volunteers", "os_fte")),
    ("wijkagenten", "wijkagent", ("inhabitants",)),
    ("verzuim", "absence", ()),
])
def test_norm_tables_equal_the_norms_engine_on_the_last_day_of_the_year(
        annex: Annex, engines: Engines, table: str, norm: str,
        extra: tuple[str, ...]) -> None:
    statuses: list[NormStatus] = [s for s in engines.norms
                                  if s.norm == norm]
    assert statuses
    percent = {"value", "target", "difference"} if statuses[0].measure == "%" else set()
    expected: Expected = {}
    for s in statuses:
        expected[(s.scope, "value")] = s.value
        expected[(s.scope, "target")] = s.target
        expected[(s.scope, "difference")] = (None if s.value is None or s.target is None
                                             else s.value - s.target)
        for k in extra:
            d = s.detail.get(k)
            expected[(s.scope, k)] = float(d) if isinstance(d, int | float) else None
    html = annex.html
    if percent:  # signed percentages: '+0,3 %', with as many decimals as the table shows
        for s in statuses:
            v = expected[(s.scope, "difference")]
            if v is not None:
                shown = html[table][s.scope]["difference"]
                decimals = len(shown.split(",")[1].rstrip(" %")) if "," in shown else 0
                sign = "+" if round(v, decimals) > 0 else ""
                assert shown == sign + format_percent(v, "nl", decimals)
                del expected[(s.scope, "difference")]
        # the verdict can be read from the figures: a value and its norm that differ are
        # never shown alike (issue 13: 'Rotterdam 5,9 % vs 5,9 % niet voldaan')
        for s in statuses:
            if s.value is not None and s.target is not None and s.value != s.target:
                assert html[table][s.scope]["value"] != html[table][s.scope]["target"], s
        check(annex, table, expected, percent=percent, every=False)
    else:
        check(annex, table, expected, signed={"difference"})
    from sterkte.norms.status import MET_LABELS
    for s in statuses:
        assert html[table][s.scope]["status"] == MET_LABELS[s.met][0]
        words = {None: "–", "already met": "al voldaan",
                 "not within horizon": "niet binnen horizon"}
        want = words.get(s.projected) or dt.date.fromisoformat(str(s.projected)).strftime(
            "%d-%m-%Y")
        assert html[table][s.scope]["projected"] == want


def test_norms_overview_and_commitments_register(
        annex: Annex, engines: Engines) -> None:
    html = annex.html
    national = [s for s in engines.norms if s.scope == NATIONAL]
    assert set(html["normen"]) == {s.norm for s in national}
    for s in national:
        xl = annex.xlsx["normen"][s.norm]
        for col, v in (("value", s.value), ("target", s.target)):
            if v is None or math.isnan(v):
                assert xl[col] is None
            else:
                assert xl[col] == pytest.approx(v)
                assert html["normen"][s.norm][col] == format_number(v, "nl", 1)
    assert list(html["toezeggingen"]) == [c.id for c in load_register()]


def test_every_table_has_an_explanation_csv_markdown_and_the_sources_named(
        annex: Annex) -> None:
    page = annex.page
    out = annex.out
    tables = annex.html
    assert page.count('class="explanation"') == len(tables)
    for name in tables:
        assert (out / f"{name}.csv").exists()
    md = (out / "report-2021.md").read_text(encoding="utf-8")
    assert "| Totaal | 46.174 |" in md.replace("**", "")
    footer = page[page.index('id="provenance"'):]
    for name in ("os-2021-by-unit.csv", "asp-2021-by-unit.csv", "persons.csv", "events.csv",
                 "sickness.csv", "volunteer_hours.csv", "hjb2022", "sterkte/data/parameters",
                 "sterkte/data/parameters/norms", "commitments.yaml", "CBS"):
        assert name in footer, name
    assert "<script src=" not in page  # plotly inline: opens with no network


def test_english_annex_and_clear_errors(annex: Annex, tmp_path: Path) -> None:
    cli = Cli(annex.db)
    code, _, _ = cli("report", "--period", "2021", "--lang", "en", "--out", tmp_path)
    assert code == 0
    html, _ = parse_html(tmp_path / "report-2021.html")
    assert html["os-2021"][NATIONAL]["c1"] == "46,174"
    # the prognosis names its scenario in the report's language
    scenario = load_scenario("hjb2022")
    assert scenario.description and scenario.description_nl
    english = unescape((tmp_path / "report-2021.html").read_text(encoding="utf-8"))
    dutch = unescape(annex.page)
    assert f"Scenario hjb2022: {scenario.description}" in english
    assert f"Scenario hjb2022: {scenario.description_nl}" in dutch
    assert scenario.description not in dutch
    # the commitments in the report's language: our Dutch summaries, the register's English
    for c in load_register():
        assert c.text_nl in dutch and c.text not in dutch, c.id
        assert c.text in english and c.text_nl not in english, c.id
    # the norms' notes and the sources' kinds too
    # the inhabitants of the norm's date (issue 13): the letter's figure, the split estimated
    assert "inwoners: 17.591.394 op 31-12-2021" in dutch and "per eenheid geschat" in dutch
    assert "inhabitants: 17,591,394 on 31-12-2021" not in dutch
    assert "<b>gepubliceerde tabel</b>" in dutch and "<b>published table</b>" in english
    code, _, err = cli("report", "--period", "1999", "--out", tmp_path)
    assert code == 2 and "geen tabellen voor 1999" in err
    code, _, err = cli("report", "--period", "1999", "--out", tmp_path, "--lang", "en")
    assert code == 2 and "no tables for 1999" in err
    code, _, err = cli("report", "--scenario", "no-such", "--out", tmp_path)
    assert code == 2 and "ingebouwd" in err
    code, _, err = cli("report", "--scenario", "no-such", "--out", tmp_path, "--lang", "en")
    assert code == 2 and "built-in" in err


def test_volunteer_flows_equal_the_ledger_derived_from_the_hr_records(
        annex: Annex, engines: Engines) -> None:
    con = connect(annex.db, read_only=True)
    try:
        monthly = derived_ledger(con)
    finally:
        con.close()
    cat = Category.VOLUNTEER
    months = [Period.month(2021, m) for m in range(1, 13)]
    flows = ("intake", "from_professional", "to_professional", "outflow")
    needed = {s.scope: s.detail.get("needed_per_year") for s in engines.norms
              if s.norm == "volunteers"}
    expected: Expected = {}
    totals = dict.fromkeys(("opening", "closing", *flows), 0.0)
    for u in REPORTING_UNIT_CODES:
        values = {"opening": monthly.opening(months[0], u, cat),
                  "closing": monthly.closing(months[-1], u, cat)}
        for f in flows:  # outflow is published as one flow: planned + unplanned
            values[f] = sum(v for m in months for name, v in monthly.flows(m, u, cat).items()
                            if name == f or name.startswith(f + "_"))
        for k, v in values.items():
            expected[(u, k)] = v
            totals[k] += v
        expected[(u, "net")] = sum(values[f] for f in flows)
        n = needed.get(u)
        expected[(u, "needed")] = float(n) if isinstance(n, int | float) else None
    for k, v in totals.items():
        expected[(NATIONAL, k)] = v
    expected[(NATIONAL, "net")] = sum(totals[f] for f in flows)
    n = needed.get(NATIONAL)
    expected[(NATIONAL, "needed")] = float(n) if isinstance(n, int | float) else None
    assert totals["closing"] - totals["opening"] == pytest.approx(expected[(NATIONAL, "net")])
    check(annex, "vrijwilligers-stromen-2021", expected, signed={"net"})


def test_published_tables_beside_the_ledger_derived_from_hr(annex: Annex,
                                                            engines: Engines) -> None:
    con = connect(annex.db, read_only=True)
    try:
        derived = derived_ledger(con, period_kind=PeriodKind.YEAR).roll_up_flows()
    finally:
        con.close()
    p = Period.of_year(2021)
    published = engines.realised
    for name in ("os", "asp"):
        layout = LAYOUTS[name]
        cat = layout.category
        keys = (OPENING, *layout.flow_keys, CLOSING)
        expected: Expected = {}
        hr_total = dict.fromkeys((*keys, NET), 0.0)
        for unit in REPORTING_UNIT_CODES:
            expected[(unit, "closing_published")] = published.closing(p, unit, cat)
            expected[(unit, "closing_hr")] = derived.closing(p, unit, cat)
            expected[(unit, "net_published")] = published.net(p, unit, cat)
            expected[(unit, "net_hr")] = derived.net(p, unit, cat)
            for k in keys:
                hr_total[k] += derived.get(p, unit, cat, k)
            hr_total[NET] += derived.net(p, unit, cat)
        expected[(NATIONAL, "closing_published")] = published.closing(p, NATIONAL, cat)
        expected[(NATIONAL, "closing_hr")] = hr_total[CLOSING]
        expected[(NATIONAL, "net_published")] = published.net(p, NATIONAL, cat)
        expected[(NATIONAL, "net_hr")] = hr_total[NET]
        check(annex, f"{name}-2021-hr", expected, every=False)
        # The one-decimal and two-decimal columns, from the same two ledgers.
        rows, xlsx = annex.html[f"{name}-2021-hr"], annex.xlsx[f"{name}-2021-hr"]
        for unit in REPORTING_UNIT_CODES:
            diff = derived.closing(p, unit, cat) - published.closing(p, unit, cat)
            largest = max(abs(published.get(p, unit, cat, k) - derived.get(p, unit, cat, k))
                          for k in keys)
            assert rows[unit]["closing_difference"] == format_number(diff, "nl", 1,
                                                                     signed=True)
            assert xlsx[unit]["largest_flow_difference"] == pytest.approx(largest)
        flows: Expected = {}
        for k in keys:
            flows[(k, "published")] = published.get(p, NATIONAL, cat, k)
            flows[(k, "hr")] = hr_total[k]
        check(annex, f"{name}-2021-hr-nationaal", flows, every=False)
