"""`sterkte anticipate forecast … --save`: the run round-trips through a real DuckDB file."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from sterkte.anticipate.presence import preventive_presence
from sterkte.cli.anticipate import app
from sterkte.parameters import ParameterSet
from sterkte.store.anticipation import latest_run
from sterkte.store.db import connect

runner = CliRunner()
TEAMS = ["syn-AM-D1-T01", "syn-AM-D1-T02", "syn-AM-D1-T03"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    result = runner.invoke(app, ["demo", "--out", str(folder), "--days", "400"])
    assert result.exit_code == 0, result.output
    return folder


def _forecast(demo: Path, db: Path, *extra: str) -> None:
    result = runner.invoke(app, [
        "forecast", "--events", str(demo / "synthetic-events.csv"), "--source-crs",
        "EPSG:28992", "--at", "2025-01-06", "--days", "14", "--model", "kde",
        "--areas", str(demo / "synthetic-areas.geojson"), "--save", "--db", str(db), *extra])
    assert result.exit_code == 0, result.output


def test_saved_run_reads_back_with_cells_teams_and_the_presence_plan(
        demo: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    out = tmp_path / "cells.csv"
    _forecast(demo, db, "--out", str(out))
    con = connect(db, read_only=True)
    try:
        run = latest_run(con)
    finally:
        con.close()
    assert run is not None
    assert (run.model, run.fit, run.days, run.cell_size, run.crs) == (
        "kde", None, 14, 125.0, "EPSG:28992")
    assert "not checked" in run.verdict
    with out.open() as fh:
        rows = list(csv.DictReader(fh))
    saved = {(x, y): s for x, y, s in zip(run.x_min, run.y_min, run.score, strict=True)}
    assert len(saved) == len(rows)
    for r in rows:
        assert saved[(float(r["x_min"]), float(r["y_min"]))] == pytest.approx(
            float(r["score"]), rel=1e-5)
    assert set(run.area) <= set(TEAMS)
    # the stored plan is the engine's plan for the same cells and areas
    x, y, s = (np.asarray(v) for v in (run.x_min, run.y_min, run.score))
    plan = preventive_presence(x, y, s, 14, ParameterSet.bundled(engine="anticipate"), run.plan.parameters_on,
                               [str(a) for a in run.area])
    assert {a.area: a.hours_per_week for a in run.plan.areas} == pytest.approx(
        {a.area: a.hours_per_week for a in plan.areas})
    assert run.plan.hours_per_week == pytest.approx(plan.hours_per_week)
    assert len(run.plan.cells) == len(plan.cells)


def test_a_second_save_is_the_latest_and_no_save_without_output_is_refused(
        demo: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    _forecast(demo, db)
    _forecast(demo, db)
    con = connect(db, read_only=True)
    try:
        run = latest_run(con)
    finally:
        con.close()
    assert run is not None and run.run_id == 2
    result = runner.invoke(app, [
        "forecast", "--events", str(demo / "synthetic-events.csv"), "--source-crs",
        "EPSG:28992", "--at", "2025-01-06", "--model", "kde"])
    assert result.exit_code == 2 and "--out" in result.output
