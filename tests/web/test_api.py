"""The JSON API on a real server over a real store: numbers, validation, safety."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import httpx
import pytest

from sterkte.forecast import run_forecast, start_from_ledger
from sterkte.ledger import Category, Period
from sterkte.org import NATIONAL
from sterkte.parameters import ParameterSet, load_scenario
from sterkte.store.db import connect
from sterkte.store.ledgers import load_ledger
from tests.conftest import snapshot
from tests.web.conftest import Server


def _rows(table: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["key"]: r["values"] for r in table["rows"]}


def _table(payload: dict[str, Any], name: str) -> dict[str, Any]:
    return next(t for t in payload["tables"] if t["name"] == name)


def wait(http: httpx.Client, url: str) -> dict[str, Any]:
    for _ in range(600):
        job: dict[str, Any] = http.get(url).json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError("the scenario run did not finish")


def test_overview_figures_equal_the_stored_ledger_and_the_forecast(
        http: httpx.Client, server: Server) -> None:
    data = http.get("/api/overview").json()
    con = connect(server.db, read_only=True)
    try:
        ledger = load_ledger(con)
    finally:
        con.close()
    p = Period.of_year(2021)
    params = load_scenario("hjb2022").apply(ParameterSet.bundled())
    run = run_forecast(params, start_from_ledger(ledger, params, period=p, stock="opening"), 6)
    formatie = run.formatie_at_year_end()
    rows = _rows(_table(data, "formatie-bezetting-2021"))
    for unit, values in rows.items():
        if unit == NATIONAL:
            continue
        assert values["formatie"] == pytest.approx(formatie[(unit, 2021)])
        assert values["realised"] == pytest.approx(ledger.closing(p, unit, Category.OS))
        assert values["prognosis"] == pytest.approx(run.ledger.closing(p, unit, Category.OS))
    units = [u for u in rows if u != NATIONAL]
    head = {h["key"]: h for h in data["headline"]}
    assert head["bezetting"]["value"] == pytest.approx(
        sum(ledger.closing(p, u, Category.OS) for u in units))
    assert head["formatie"]["value"] == pytest.approx(formatie[(NATIONAL, 2021)])
    assert data["charts"] and data["charts"][0]["data"]
    # English stock headers are dates: the waterfall must still show every flow
    english = http.get("/api/overview", params={"lang": "en"}).json()
    waterfall = next(c for c in english["charts"] if c["data"][0]["type"] == "waterfall")
    assert waterfall["layout"]["xaxis"]["type"] == "category"
    assert len(waterfall["data"][0]["x"]) == 7  # opening, five flows, closing


def test_ledger_route_returns_the_stored_entries(http: httpx.Client, server: Server) -> None:
    got = http.get("/api/ledger", params={"period": "2021", "unit": "NN",
                                          "category": "OS"}).json()["entries"]
    con = connect(server.db, read_only=True)
    try:
        want = load_ledger(con).select(units=["NN"], categories=[Category.OS]).to_records()
    finally:
        con.close()
    assert got == want and len(got) > 5


@pytest.mark.parametrize(("url", "status", "words"), [
    ("/api/overview?lang=fr", 422, "lang"),
    ("/api/ledger?period=21", 422, "verwacht een jaar"),
    ("/api/ledger?period=21&lang=en", 422, "expected a year"),
    ("/api/ledger?category=XYZ", 422, "category"),
    ("/api/units/ZZ", 404, "onbekende eenheid"),
    ("/api/units/ZZ?lang=en", 404, "unknown unit"),
    # the client folds the dots away: /etc is no page, answered with the HTML error page
    ("/api/units/../../etc", 404, "Er is geen pagina op /etc"),
    ("/api/tables/os-2021?format=exe", 422, "format"),
    ("/api/tables/..%2F..%2Fetc%2Fpasswd", 404, "geen pagina of route"),
    ("/api/tables/passwd", 404, "geen tabel"),
    ("/api/tables/passwd?lang=en", 404, "no table"),
    ("/static/..%2Fapp.py", 404, "Er is geen pagina op /static/../app.py"),
    ("/static/app.py", 404, "no static file"),
    ("/api/scenarios/runs/nope", 422, "job_id"),  # not a run id at all (16 hex digits)
    ("/api/scenarios/runs/0123456789abcdef", 404, "geen scenariorun"),
    ("/api/overview?period=1900", 404, "geen tabellen voor 1900; wel voor 2021"),
    ("/api/overview?period=1900&lang=en", 404, "holds no tables for 1900; it has 2021"),
    ("/units/ZZ", 404, "onbekende eenheid"),
    ("/?lang=de", 422, "lang"),
])
def test_bad_parameters_get_a_clear_4xx_never_a_500(
        http: httpx.Client, url: str, status: int, words: str) -> None:
    r = http.get(url)
    assert r.status_code == status, r.text
    assert words in r.text


def test_bad_scenario_parameters_are_422_naming_the_field(http: httpx.Client) -> None:
    r = http.post("/api/scenarios/runs", json={"training_length": 200})
    assert r.status_code == 422 and "training_length" in r.json()["detail"]
    r = http.post("/api/scenarios/runs", json={"intake": "lots"})
    assert r.status_code == 422 and "intake" in r.json()["detail"]
    r = http.post("/api/scenarios/runs", json={"path": "/etc/passwd"})
    assert r.status_code == 422 and "path" in r.json()["detail"]
    r = http.post("/api/scenarios/runs", json={"from_year": 2040})
    assert r.status_code == 422 and "from_year" in r.json()["detail"]
    r = http.post("/scenario", data={"years": "abc"})
    assert r.status_code == 422 and "years" in r.text


def test_scenario_run_equals_the_engine_with_the_same_overrides_and_changes_no_data(
        http: httpx.Client, server: Server) -> None:
    before = snapshot(server.db)
    form = http.get("/api/scenarios").json()["defaults"]
    form.update(training_length=18, intake=2600, from_year=2023)
    r = http.post("/api/scenarios/runs", json=form)
    assert r.status_code == 202
    job = wait(http, r.json()["url"])
    assert job["status"] == "done", job
    got = _rows(_table(job, "scenario-bezetting"))

    base = load_scenario("hjb2022")
    overrides = {k: dict(v) for k, v in base.overrides.items()}
    for y in range(2023, 2027):
        overrides["academy_intake"][dt.date(y, 1, 1)] = 2600
        overrides["training_length"][dt.date(y, 1, 1)] = 18
    text = "overrides:\n" + "".join(
        f"  {name}:\n" + "".join(f"    {d.isoformat()}: {v}\n" for d, v in values.items())
        for name, values in overrides.items())
    sc = load_scenario("variant.yaml", text=text)
    params = sc.apply(ParameterSet.bundled())
    con = connect(server.db, read_only=True)
    try:
        ledger = load_ledger(con)
    finally:
        con.close()
    p = Period.of_year(2021)
    run = run_forecast(params, start_from_ledger(ledger, params, period=p, stock="opening"), 6)
    units = [u for u in run.units if (u, 2021) in run.formatie_at_year_end()]
    for period in run.periods:
        want = sum(run.ledger.closing(period, u, Category.OS) for u in units)
        assert got[str(period.year)]["variant_os"] == pytest.approx(want)
    assert snapshot(server.db) == before  # the run is kept as bookkeeping, not as data
    con = connect(server.db, read_only=True)
    try:
        assert con.execute("SELECT status FROM jobs WHERE id = ?", [job["id"]]).fetchall() \
            == [("done",)]
    finally:
        con.close()


def test_a_long_run_reports_progress_and_does_not_block_other_requests(
        http: httpx.Client) -> None:
    form = http.get("/api/scenarios").json()["defaults"]
    # the largest run the form allows (2,000 samples × 12 years: seconds of CPU even on a
    # quiet machine, where the forecast is fast enough to end a smaller one before a page
    # has been rendered)
    form.update(samples=2000, years=12)
    job_url = http.post("/api/scenarios/runs", json=form).json()["url"]
    assert http.get("/api/overview").status_code == 200
    # answered while the run was still going: the run does not hold up other requests
    assert http.get(job_url).json()["status"] in ("queued", "running")
    assert http.get("/").status_code == 200
    job = wait(http, job_url)
    assert job["status"] == "done" and job["total"] == 2000 and job["percent"] == 100


def test_openapi_documents_every_api_route(http: httpx.Client) -> None:
    paths = http.get("/openapi.json").json()["paths"]
    for route in ("/api/overview", "/api/units", "/api/units/{code}", "/api/ledger",
                  "/api/forecast", "/api/scenarios", "/api/scenarios/runs",
                  "/api/scenarios/runs/{job_id}", "/api/norms", "/api/commitments",
                  "/api/tables/{name}"):
        assert route in paths
    assert not any(p.startswith("/units") for p in paths)  # pages are not API


def test_downloads_csv_and_xlsx_of_a_table(http: httpx.Client) -> None:
    r = http.get("/api/tables/os-2021-prognose", params={"format": "csv"})
    assert r.status_code == 200 and r.text.startswith("Stroom;Realisatie 2021")
    r = http.get("/api/tables/os-2021-NN", params={"format": "xlsx", "unit": "NN"})
    assert r.status_code == 200 and r.content[:2] == b"PK"


def test_serve_binds_to_localhost_by_default_and_refuses_a_missing_store(tmp_path: Any
                                                                        ) -> None:
    import inspect

    import typer
    from typer.testing import CliRunner

    from sterkte.cli.serve import serve_command

    assert inspect.signature(serve_command).parameters["host"].default == "127.0.0.1"
    app = typer.Typer()
    app.command("serve")(serve_command)
    app.command("other")(lambda: None)  # two commands: typer keeps the sub-command name
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2 and "geen opslag in" in result.stderr
