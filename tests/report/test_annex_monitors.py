"""The annex's new sections: volunteers by appointment type against the 5,000 target,
earmarked capacity and task understaffing, the diversity monitor with small cells hidden,
and the commitments register pointing at the sections that answer it. A real store (the
bundled tables, a small synthetic police and its synthetic aggregates), `sterkte report`,
and the written HTML read back; expected values computed here without the report code."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from sterkte.app.synth_aggregates import synthetic_aggregates
from sterkte.sources.commitments import load_register
from tests.conftest import Cli
from tests.report.store_builder import build_store
from tests.report.test_annex import Cells, parse_html


@dataclass
class Annex:
    db: Path
    html: Cells
    page: str
    aggregates: Path


@pytest.fixture(scope="module")
def annex(tmp_path_factory: pytest.TempPathFactory) -> Annex:
    folder = tmp_path_factory.mktemp("annex-monitors")
    db = build_store(folder)
    w = synthetic_aggregates(db, folder / "agg", seed=1)
    cli = Cli(db)
    for args in (("diversity", "import", w.background, "--definition", w.definition),
                 ("teams", "import-survey", w.survey),
                 ("earmarks", "import", "bezetting", w.earmarks)):
        code, _, err = cli(*args)
        assert code == 0, err
    out = folder / "out"
    code, _, err = cli("report", "--period", "2021", "--out", out)
    assert code == 0, err
    html, _ = parse_html(out / "report-2021.html")
    return Annex(db, html, (out / "report-2021.html").read_text(encoding="utf-8"),
                 folder / "agg")


def _number(text: str) -> float:
    return float(text.replace(".", "").replace(",", ".").replace("\u2212", "-"))


def test_volunteers_by_type_stand_against_the_5000_target(annex: Annex) -> None:
    # volunteers on 31-12-2021 by type, counted here from the raw HR tables: a person
    # recorded as volunteer whose last event up to that day is not a leave
    con = duckdb.connect(str(annex.db), read_only=True)
    rows = dict(con.execute("""
        WITH t AS (SELECT person_id, MAX(date) AS d FROM hr_events
                   WHERE date <= DATE '2021-12-31' GROUP BY person_id)
        SELECT p.appointment_type, COUNT(*) FROM hr_persons p JOIN t USING (person_id)
        JOIN hr_events e ON e.person_id = p.person_id AND e.date = t.d
        WHERE p.category = 'VOL' AND e.type <> 'leave' GROUP BY p.appointment_type"""
                            ).fetchall())
    con.close()
    table = annex.html["vrijwilligers-doel-2021"]
    for kind in ("executief", "esi", "ath"):
        assert _number(table[kind]["count"]) == rows[kind]
    total = sum(rows.values())
    assert _number(table["total"]["count"]) == total
    assert table["target"]["count"] == "5.000"
    assert _number(table["gap"]["count"]) == 5000 - total
    # the published split of 31-12-2021 beside it, and the letter's inconsistency noted
    assert [table[k]["published"] for k in ("executief", "esi", "ath", "total")] == [
        "1.244", "103", "1.325", "2.619"]
    assert "1.244 + 103 + 1.325 = 2.672, niet 2.619" in annex.page


def test_earmarks_and_traffic_understaffing_are_in_the_annex(annex: Annex) -> None:
    t = annex.html["geoormerkte-capaciteit"]
    assert {k: t[k]["earmarked"] for k in ("mit/LE", "avim_opsporing/NP",
                                           "avim_identificatie/NP", "tim/NP")} == {
        "mit/LE": "400,0", "avim_opsporing/NP": "12,0", "avim_identificatie/NP": "6,0",
        "tim/NP": "32,0"}
    # bezetting: the imported figure of the latest date on or before the norms' date
    with (annex.aggregates / "earmark-bezetting.csv").open(encoding="utf-8") as f:
        imported = [r for r in csv.DictReader(f) if r["earmark"] == "mit"
                    and r["date"] <= "2021-12-31"]
    latest = max(imported, key=lambda r: r["date"])
    assert t["mit/LE"]["bezetting"] == latest["bezetting_fte"]
    u = annex.html["onderbezetting-taken"]
    assert [u[k]["percent"] for k in ("verkeershandhaving/2017", "verkeershandhaving/2019-04",
                                      "verkeershandhaving/2019-09")] == [
        "14,4 %", "12,7 %", "14,6 %"]


def test_the_diversity_section_hides_every_small_cell(annex: Annex) -> None:
    tables = {k: v for k, v in annex.html.items() if k.startswith("diversiteit-")}
    assert "diversiteit-intake-gender-2021" in tables
    assert "diversiteit-intake-background-2021" in tables
    hidden = 0
    for name, rows in tables.items():
        for row in rows.values():
            for col, text in row.items():
                if text == "×":
                    hidden += 1
                elif col.startswith("n_") or col == "total":
                    assert text == "0" or _number(text) >= 10, (name, col, text)
    assert hidden > 0
    con = duckdb.connect(str(annex.db), read_only=True)
    intake = con.execute("""SELECT COUNT(*) FROM hr_events WHERE date BETWEEN
        DATE '2021-01-01' AND DATE '2021-12-31' AND ((type = 'hire' AND category = 'ASP')
        OR type = 'academy_start')""").fetchone()
    con.close()
    assert intake is not None
    assert _number(tables["diversiteit-intake-gender-2021"]["NP"]["total"]) == intake[0]


def test_every_section_a_commitment_names_is_in_the_annex(annex: Annex) -> None:
    register = load_register()
    assert len(annex.html["toezeggingen"]) == len(register) >= 15
    for c in register:
        for target in c.answered_by:
            if target.startswith("report:"):
                section = target.removeprefix("report:")
                assert f'<section id="{section}"' in annex.page, (c.id, section)
    assert annex.html["toezeggingen"]["T-AVIM"]["decided_by"].startswith("gegevens: ")
