"""Earmarked capacity: the bundled earmarks with their sources, bezetting against them (HR
functions or an import), and the understaffing of tasks as the letters published it."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from sterkte.app.earmarks import gather_earmarks
from sterkte.cli import app
from sterkte.norms.earmarks import earmarks_on, judge_earmarks, understaffing_series
from sterkte.norms.status import Met
from sterkte.parameters import ParameterSet
from sterkte.records.hr import FUNCTIONS

SRC = Path(__file__).resolve().parents[2] / "src" / "sterkte"
D = dt.date


def run(*args: str) -> tuple[int, str, str]:
    got = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    return got.exit_code, got.stdout, got.stderr


def test_the_mit_avim_and_tim_are_bundled_with_their_sources() -> None:
    params = ParameterSet.bundled(engine="norms")
    on = {(e.programme, e.scope): e for e in earmarks_on(params, D(2021, 12, 31), FUNCTIONS)}
    # DOMAIN.md: MIT about 400 fte at the LE; AVIM about 12 fte investigation and 6 fte
    # identification by the end of 2020; the TIM 32 fte fixed formatie; 3,567 fte formatie
    # of wijkagenten at the end of 2021.
    assert {k: e.fte for k, e in on.items()} == {
        ("mit", "LE"): 400, ("avim_opsporing", "NP"): 12, ("avim_identificatie", "NP"): 6,
        ("tim", "NP"): 32, ("wijkagent", "NP"): 3567}
    assert "circa 400 fte" in on[("mit", "LE")].reference
    assert "circa 12 fte opsporing" in on[("avim_opsporing", "NP")].reference
    assert "32 fte vaste formatie" in on[("tim", "NP")].reference
    assert on[("wijkagent", "NP")].from_hr and not on[("mit", "LE")].from_hr
    before = {e.programme for e in earmarks_on(params, D(2020, 6, 30), FUNCTIONS)}
    assert before == {"mit", "tim"}  # AVIM from the end of 2020, wijkagenten from 2021


def test_an_earmark_ends_on_the_date_of_an_empty_mapping(tmp_path: Path) -> None:
    (tmp_path / "earmark_pilot.yaml").write_text("""description: A pilot programme.
unit: fte
reference: Project example, no published source (a test).
values:
  2020-01-01: {NN: 10, AM: 4}
  2022-01-01: {}
""", encoding="utf-8")
    params = ParameterSet.from_directory(tmp_path)
    (nn, am) = sorted(earmarks_on(params, D(2021, 6, 1)), key=lambda e: e.scope,
                      reverse=True)
    assert (nn.scope, nn.fte, nn.start, nn.end) == ("NN", 10, D(2020, 1, 1), D(2022, 1, 1))
    assert earmarks_on(params, D(2022, 1, 1)) == []
    got = judge_earmarks([nn, am], {("pilot", "NN"): [(D(2021, 3, 1), 9.0, "x"),
                                                        (D(2021, 5, 1), 10.5, "y")]},
                         D(2021, 6, 1))
    assert (got[0].bezetting, got[0].source, got[0].met) == (10.5, "y", Met.MET)
    assert got[0].understaffing_percent == pytest.approx(-5.0)  # (10 − 10.5) / 10
    assert got[1].bezetting is None and got[1].met is Met.UNKNOWN
    early = judge_earmarks([nn], {("pilot", "NN"): [(D(2021, 3, 1), 9.0, "x")]},
                           D(2021, 4, 1))
    assert early[0].met is Met.NOT_MET and early[0].understaffing_percent == pytest.approx(10)


def test_traffic_understaffing_is_reproduced_from_an_import_of_the_published_figures(
        tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    code, out, err = run("earmarks", "import", "understaffing",
                         str(SRC / "data" / "traffic-understaffing.csv"), "--db", db)
    assert code == 0, err
    code, out, err = run("earmarks", "--db", db, "--format", "csv")
    assert code == 0, err
    tables = out.strip().split("\n\n") if "\n\n" in out else [out]
    text = next(t for t in tables if "Onderbezetting" in t.splitlines()[0]
                and "Taak" in t.splitlines()[0]) if len(tables) > 1 else out
    rows = [r for r in csv.reader(io.StringIO(text), delimiter=";") if r]
    header = rows[0]
    body = [r for r in rows[1:] if r[header.index("Taak")] == "Verkeershandhaving"]
    # DOMAIN.md: 14,4 % (2017) → 12,7 % (April 2019) → 14,6 % (September 2019)
    got = [(r[header.index("Peildatum")], float(r[header.index("Onderbezetting")]
                                                .replace(",", "."))) for r in body]
    assert got == [("2017", 14.4), ("2019-04", 12.7), ("2019-09", 14.6)]
    changes = [r[header.index("Verandering (%-punt)")] for r in body]
    assert changes[0] == ""
    assert float(changes[1].replace(",", ".")) == pytest.approx(-1.7)
    assert float(changes[2].replace(",", ".")) == pytest.approx(1.9)


def test_understaffing_follows_from_formatie_and_bezetting_when_given() -> None:
    series = understaffing_series([("x", "2021", None, 250.0, 214.0, "s"),
                                   ("x", "2020", 10.0, None, None, "s")])
    assert [(u.period, u.percent, u.from_figures) for u in series] == [
        ("2020", 10.0, False), ("2021", pytest.approx(14.4), True)]
    assert series[1].change == pytest.approx(4.4)


def test_imported_bezetting_is_judged_and_an_unknown_earmark_refused(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    f = tmp_path / "bezetting.csv"
    f.write_text("earmark,unit,date,bezetting_fte\navim_opsporing,NP,2021-06-30,\"12,5\"\n"
                 "avim_identificatie,NP,2021-06-30,5\nmit,LE,2021-06-30,380\n",
                 encoding="utf-8")
    assert run("earmarks", "import", "bezetting", str(f), "--db", db)[0] == 0
    con = duckdb.connect(db, read_only=True)
    report = gather_earmarks(con, ParameterSet.bundled(engine="norms"), D(2021, 12, 31))
    con.close()
    by = {s.earmark.programme: s for s in report.statuses}
    assert (by["avim_opsporing"].bezetting, by["avim_opsporing"].met) == (12.5, Met.MET)
    assert by["avim_identificatie"].met is Met.NOT_MET
    assert by["avim_identificatie"].difference == -1.0
    assert by["mit"].understaffing_percent == pytest.approx(5.0)  # (400 − 380) / 400
    assert by["tim"].met is Met.UNKNOWN  # nothing imported
    bad = tmp_path / "bad.csv"
    bad.write_text("earmark,unit,date,bezetting_fte\nswat,NP,2021-06-30,3\n",
                   encoding="utf-8")
    code, _, err = run("earmarks", "import", "bezetting", str(bad), "--db", db)
    assert code == 2 and "onbekende geoormerkte capaciteit 'swat'" in err and "rij 2" in err
    code, _, err = run("earmarks", "import", "bezetting", str(bad), "--db", db, "--lang", "en")
    assert code == 2 and "unknown earmark 'swat'" in err and "row 2" in err


def test_bezetting_of_an_hr_function_comes_from_the_hr_records(hr_store: Path) -> None:
    # the small history of tests/norms/conftest.py: community officers p1 (1.0 fte) and
    # p3 (1.0 fte, leaves on 1 July 2021)
    con = duckdb.connect(str(hr_store), read_only=True)
    params = ParameterSet.bundled(engine="norms")
    end = gather_earmarks(con, params, D(2021, 12, 31))
    con.close()
    (wijk,) = [s for s in end.statuses if s.earmark.programme == "wijkagent"]
    assert (wijk.bezetting, wijk.source) == (1.0, "HR")
    assert wijk.difference == 1.0 - 3567
