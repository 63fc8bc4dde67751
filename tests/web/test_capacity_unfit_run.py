"""The dashboard's CM-tafel plans a stored anticipation run NOT FIT FOR USE only under a
logged override, as `sterkte capacity --anticipation` does (one decision, in
``app.capacity.plan_use``), and shows the override's reason; without an override the run
adds nothing and the page says why. Real store, real server."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest
import uvicorn

from sterkte.anticipate.criteria import RunVerdict
from sterkte.anticipate.presence import preventive_presence
from sterkte.app.capacity import plan_use
from sterkte.parameters import ParameterSet
from sterkte.store.anticipation import latest_run, save_run
from sterkte.store.db import connect
from sterkte.synth import town
from sterkte.web import create_app
from tests.report.store_builder import build_store
from tests.web.conftest import _free_port

TEAM = "syn-AM-D1-T02"
REASON = "pilot agreed by the district chief, 2023-01"
ORIGIN = dt.date(2023, 1, 2)  # the store's first planning Monday


def _store(folder: Path, name: str, override: str | None) -> Path:
    db = folder / name
    shutil.copyfile(folder / "sterkte.duckdb", db)
    # one flagged cell in the team's square of the synthetic town, expecting 7 events in
    # 14 days: 0.5 a day × 210 minutes = 105 minutes a day = 12.25 hours a week
    x, y = np.array([town.X0 + 12 * town.CELL]), np.array([town.Y0])
    plan = preventive_presence(x, y, np.array([7.0]), 14,
                               ParameterSet.bundled(engine="anticipate"),
                               dt.date(2026, 1, 1), [TEAM])
    con = connect(db)
    try:
        save_run(con, model="kde", fit=False, verdict=RunVerdict(False).text, origin=ORIGIN,
                 days=14, cell_size=125.0, crs="EPSG:28992", source="noise.csv",
                 x_min=[float(x[0])], y_min=[float(y[0])], score=[7.0], area=[TEAM],
                 plan=plan, override=override)
    finally:
        con.close()
    return db


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("unfit-web")
    build_store(folder)
    return _store(folder, "refused.duckdb", None), _store(folder, "overridden.duckdb", REASON)


def _client(db: Path) -> Iterator[httpx.Client]:
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not srv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as c:
        yield c
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def refused(stores: tuple[Path, Path]) -> Iterator[httpx.Client]:
    yield from _client(stores[0])


@pytest.fixture(scope="module")
def overridden(stores: tuple[Path, Path]) -> Iterator[httpx.Client]:
    yield from _client(stores[1])


def _capacity(c: httpx.Client, lang: str = "en") -> dict[str, object]:
    r = c.get("/api/capacity", params={"team": TEAM, "weeks": 2, "anticipation": True,
                                       "lang": lang})
    assert r.status_code == 200, r.text
    return dict(r.json())


def test_the_decision_is_one_function(stores: tuple[Path, Path]) -> None:
    runs = []
    for db in stores:
        con = connect(db, read_only=True)
        try:
            runs.append(latest_run(con))
        finally:
            con.close()
    no, yes = runs
    assert no is not None and yes is not None
    assert not plan_use(no).may_plan and plan_use(no).override is None
    assert plan_use(yes).may_plan and plan_use(yes).override == REASON


def test_an_unfit_run_without_override_is_not_planned_and_the_page_says_so(
        refused: httpx.Client) -> None:
    got = _capacity(refused)
    values = got["parameters"]
    assert isinstance(values, dict)
    assert values["anticipation_refused"] is True and values["anticipation"] is False
    assert values["anticipation_days_applied"] == 0
    assert values["preventive_hours_total"] == {TEAM: 0.0}
    assert "NOT FIT FOR USE and was saved without an override" in str(got["intro"])
    page = refused.get("/capacity", params={"team": TEAM, "weeks": 2, "anticipation": "true",
                                            "lang": "nl"})
    assert page.status_code == 200
    assert "NIET GESCHIKT VOOR GEBRUIK en is opgeslagen zonder override" in page.text


def test_an_overridden_run_is_planned_and_the_reason_shown(overridden: httpx.Client) -> None:
    got = _capacity(overridden)
    values = got["parameters"]
    assert isinstance(values, dict)
    assert values["anticipation_refused"] is False and values["anticipation"] is True
    assert values["anticipation_override"] == REASON
    assert values["anticipation_days_applied"] == 14
    # 105 minutes a day on the 14 days of the run: 24.5 hours in the two weeks
    assert values["preventive_hours_total"] == {TEAM: pytest.approx(24.5)}
    assert f"OVERRIDE: this run is NOT FIT FOR USE and is planned anyway; reason given when " \
           f"it was saved: {REASON}." in str(got["intro"])
    page = overridden.get("/capacity", params={"team": TEAM, "weeks": 2,
                                               "anticipation": "true", "lang": "nl"})
    assert page.status_code == 200 and REASON in page.text
