"""The same commands on a DuckDB file and on a PostgreSQL database give the same answers.

One small synthetic police (seed 1, 5 % scale) and the bundled 2021 tables are
imported into both stores through the CLI; then every command that reads the store
prints the same thing on both: the published tables, the tables derived from the HR
records, the ledger, the norms, a forecast stored with its parameters, the annex's
CSV files and the dashboard's JSON. DuckDB is the reference the rest of the suite
checks against published figures; here PostgreSQL must match it character for
character (only the line naming the store and the import's timing may differ).
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from sterkte.store.db import connect
from sterkte.store.forecasts import list_runs, load_run_ledger
from sterkte.synth.police import generate
from sterkte.web import create_app
from tests.conftest import Cli, new_pg_store

SCALE = 0.05
BACKENDS = ("duckdb", "postgres")


def _comparable(text: str) -> str:
    """Output without what names the store or depends on the clock."""
    text = re.sub(r"(?m)^store: .*$", "", text)
    text = re.sub(r"record\(s\) (stored|opgeslagen) in [0-9.,]+ s", "record(s) stored", text)
    return re.sub(r"(?m)^.*(saved as|opgeslagen als) run.*$", "", text)


@dataclass
class Stores:
    cli: dict[str, Cli]
    imports: dict[str, list[str]]  # the import commands' output
    folder: Path


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory, pg_database: str) -> Stores:
    folder = tmp_path_factory.mktemp("both")
    files = generate(1, folder / "synth", scale=SCALE).files
    clis = {"duckdb": Cli(folder / "store.duckdb"), "postgres": Cli(new_pg_store(pg_database))}
    imports: dict[str, list[str]] = {}
    for name, cli in clis.items():
        outputs = []
        for args in (["import"], ["hr", "import", *files]):
            code, out, err = cli(*args)
            assert code == 0, (name, args, err)
            outputs.append(_comparable(out))
        imports[name] = outputs
    return Stores(clis, imports, folder)


def test_imports_report_the_same_on_both(stores: Stores) -> None:
    assert stores.imports["postgres"] == stores.imports["duckdb"]
    assert "ingelezen als #1" in stores.imports["duckdb"][0]


@pytest.mark.parametrize("args", [
    ["table", "os", "--year", "2021"],
    ["table", "asp", "--year", "2021"],
    ["table", "os", "--year", "2021", "--from-hr"],
    ["table", "asp", "--year", "2021", "--from-hr"],
    ["table", "os", "--year", "2021", "--from-hr", "--format", "csv"],
    ["ledger", "--from-hr", "--period", "year"],
    ["norms", "--format", "csv"],
    ["norms", "absence", "--by", "unit"],
    ["teams", "--unit", "NN"],
], ids=lambda a: " ".join(a))
def test_every_reading_command_prints_the_same_on_both(stores: Stores, args: list[str]) -> None:
    printed = {}
    for name in BACKENDS:
        code, out, err = stores.cli[name](*args)
        assert code == 0, (name, err)
        printed[name] = _comparable(out)
    assert printed["postgres"] == printed["duckdb"]
    assert len(printed["duckdb"].splitlines()) > 3


# Values at the edge of what the gate accepts: both engines must read them alike.
TRICKY_PERSONS = """person_id,birth_year,unit,district,team,function,category,fte,hours
p01,1990,NN,,,noodhulp,OS,"1,0",36
p02,1990.0,NN,,,noodhulp,OS,1,36
p03,1990,NN,,,noodhulp,OS,2.0,36
p04,1990,NN,,,noodhulp,OS,1e0,36
p05,1990,NN,,,noodhulp,OS,nan,36
p06,1990,NN,,,noodhulp,OS,inf,36
p07,1990,NN,,,noodhulp,OS,.5,18
p08,1990,Noord-Nederland,,,noodhulp,OS, 0.75 ,27
p09,19x0,NN,,,noodhulp,OS,1,36
p10,1990,NN,,,noodhulp,OS,0,36
111222333,1990,NN,,,noodhulp,OS,1,36
p12,1990,nn,,,Noodhulp,os,1,72
p13,1990,XX,,,noodhulp,OS,1,36
"""
TRICKY_EVENTS = """event_id,person_id,date,type,unit,team,category,fte,reason
e01,p01,2020-02-29,hire,NN,,OS,1,
e02,p07,2021-02-29,hire,NN,,OS,0.5,
e03,p08,2021-1-5,hire,NN,,OS,0.75,
e04,p04,2021/01/05,hire,NN,,OS,1,
e05,p12,2021-01-05 10:00,hire,NN,,OS,1,
e06,p02,0000-01-01,hire,NN,,OS,1,
e07,p01,2021-04-31,leave,,,,,planned
e08,p01,2021-04-30,leave,,,,,someday
e09,p01,2021-03-01,transfer_unit,NN,,,,
"""


def test_the_gate_accepts_and_refuses_the_same_values_on_both(tmp_path: Path,
                                                              pg_database: str) -> None:
    persons = tmp_path / "persons.csv"
    persons.write_text(TRICKY_PERSONS)
    events = tmp_path / "events.csv"
    events.write_text(TRICKY_EVENTS)
    printed = {}
    for name, where in (("duckdb", tmp_path / "s.duckdb"), ("postgres", new_pg_store(pg_database))):
        cli = Cli(where)
        code, out, _ = cli("hr", "import", persons, events)
        assert code == 2  # rows were rejected
        code, rejects, err = cli("hr", "rejects", "--lang", "en")  # the stored words
        assert code == 0, err
        printed[name] = (_comparable(out), rejects)
    assert printed["postgres"] == printed["duckdb"]
    rejects = printed["duckdb"][1]
    # read by hand: the values the gate must refuse, each with its reason
    for expected in ("fte 2.0 is outside", "'nan' is not a number", "'inf' is not a number",
                     "'19x0' is not a number", "fte 0 is",
                     "'1990.0' is not a number", "'2021-02-29' is not a date",
                     "'2021-1-5' is not a date", "'2021/01/05' is not a date",
                     "'0000-01-01' is not a date", "'2021-04-31' is not a date",
                     "looks_like_bsn", "'XX' is not one of the 15", "hours 72 is outside"):
        assert expected in rejects, expected


def test_a_forecast_stored_on_both_reads_back_the_same(stores: Stores) -> None:
    printed, ledgers = {}, {}
    for name in BACKENDS:
        code, out, err = stores.cli[name]("forecast", "--from-hr", "--years", "3",
                                          "--format", "csv", "--save")
        assert code == 0, (name, err)
        printed[name] = _comparable(out)
        con = connect(stores.cli[name].db, read_only=True)
        try:
            runs = list_runs(con)
            ledgers[name] = load_run_ledger(con, runs[-1].run_id)
            params = runs[-1].parameters
        finally:
            con.close()
        assert params, "the run is stored with its parameters"
    assert printed["postgres"] == printed["duckdb"]
    duck, pg = dict(ledgers["duckdb"]), dict(ledgers["postgres"])
    assert pg.keys() == duck.keys() and len(duck) > 100
    assert all(abs(pg[k] - duck[k]) <= 1e-9 for k in duck)


def test_the_annex_csv_files_are_the_same_on_both(stores: Stores) -> None:
    written = {}
    for name in BACKENDS:
        out = stores.folder / f"report-{name}"
        code, _, err = stores.cli[name]("report", "--period", "2021", "--out", out)
        assert code == 0, (name, err)
        written[name] = {p.name: p.read_text(encoding="utf-8")
                         for p in sorted(out.glob("*.csv"))}
    assert written["postgres"] == written["duckdb"]
    assert len(written["duckdb"]) >= 8


def _serve(db: object) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port,  # type: ignore[arg-type]
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_the_dashboard_answers_the_same_on_both(stores: Stores) -> None:
    routes = ["/api/overview", "/api/units/NN", "/api/norms", "/api/forecast",
              "/api/commitments", "/api/capacity/teams"]
    answers: dict[str, dict[str, object]] = {}
    for name in BACKENDS:
        for url in _serve(stores.cli[name].db):
            with httpx.Client(base_url=url, timeout=120) as http:
                got = {}
                for route in routes:
                    r = http.get(route)
                    assert r.status_code == 200, (name, route, r.text[:300])
                    got[route] = r.json()
                answers[name] = got
    assert answers["postgres"] == answers["duckdb"]
