"""`sterkte anticipate forecast | backtest | audit` on a synthetic town."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sterkte.cli.anticipate import app

from .conftest import write_csv

runner = CliRunner()


def test_forecast_writes_one_row_per_study_cell(town_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "cells.csv"
    result = runner.invoke(app, [
        "forecast", "--events", str(town_csv), "--at", "2025-06-02", "--days", "14",
        "--cell-size", "125", "--crs", "EPSG:28992", "--source-crs", "EPSG:28992",
        "--model", "kde", "--out", str(out)])
    assert result.exit_code == 0, result.output
    with out.open() as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["x_min", "y_min", "cell_size", "score"]
    corners = {(float(r["x_min"]), float(r["y_min"])) for r in rows}
    assert len(corners) == len(rows)
    assert all(float(r["x_min"]) % 125 == 0 and float(r["y_min"]) % 125 == 0 for r in rows)
    assert all(r["cell_size"] == "125" and float(r["score"]) >= 0 for r in rows)


def test_forecast_twice_gives_the_same_file(town_csv: Path, tmp_path: Path) -> None:
    outs = []
    for i in range(2):
        out = tmp_path / f"cells{i}.csv"
        result = runner.invoke(app, [
            "forecast", "--events", str(town_csv), "--at", "2025-06-02",
            "--source-crs", "EPSG:28992", "--model", "poisson_gbm", "--out", str(out)])
        assert result.exit_code == 0, result.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_forecast_without_model_picks_one_by_the_criteria(town_csv: Path,
                                                          tmp_path: Path) -> None:
    out = tmp_path / "cells.csv"
    result = runner.invoke(app, [
        "forecast", "--events", str(town_csv), "--at", "2025-10-01",
        "--source-crs", "EPSG:28992", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "model: " in result.output
    assert out.exists()


def test_extra_columns_are_dropped_with_a_notice(town_rows: list[dict[str, str]],
                                                 tmp_path: Path) -> None:
    src = write_csv(tmp_path / "extra.csv", town_rows, extra={"census_block": "1"})
    result = runner.invoke(app, [
        "forecast", "--events", str(src), "--at", "2025-06-02", "--source-crs", "EPSG:28992",
        "--model", "retrospective", "--out", str(tmp_path / "c.csv")])
    assert result.exit_code == 0, result.output
    assert "ongelezen weggelaten: census_block" in result.output


@pytest.mark.parametrize("args, message", [
    (["--at", "next week"], "is geen datum"),
    (["--at", "2025-06-02", "--model", "crystal_ball"], "onbekend model"),
    (["--at", "2025-06-02", "--crs", "EPSG:4326"], "niet geprojecteerd"),
])
def test_bad_input_exits_2_without_traceback(town_csv: Path, tmp_path: Path,
                                             args: list[str], message: str) -> None:
    out = tmp_path / "c.csv"
    result = runner.invoke(app, ["forecast", "--events", str(town_csv), "--source-crs",
                                 "EPSG:28992", "--out", str(out), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_backtest_reports_every_model_and_its_verdict(town_csv: Path, tmp_path: Path) -> None:
    scores = tmp_path / "scores.csv"
    result = runner.invoke(app, [
        "backtest", "--events", str(town_csv), "--start", "2025-09-01", "--end", "2025-12-31",
        "--source-crs", "EPSG:28992", "--model", "last_period", "--model", "retrospective",
        "--model", "poisson_gbm", "--out", str(scores), "--lang", "en"], terminal_width=200)
    assert result.exit_code == 0, result.output
    for name in ("last_period", "retrospective", "poisson_gbm"):
        assert name in result.output
    assert "best model by the success criteria" in result.output
    with scores.open() as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 3 * 8
    assert {"pai_3pct", "hit_rate_10pct", "loglik"} <= set(rows[0])
    dutch = runner.invoke(app, [  # Dutch by default: the same models, in Dutch words
        "backtest", "--events", str(town_csv), "--start", "2025-09-01", "--end", "2025-12-31",
        "--source-crs", "EPSG:28992", "--model", "last_period"], terminal_width=200)
    assert dutch.exit_code == 0, dutch.output
    assert "beste model volgens de succescriteria: last_period" in dutch.output
    assert "startdata" in dutch.output and "treffers 10%" in dutch.output


def test_audit_writes_a_self_contained_report(town_csv: Path, tmp_path: Path) -> None:
    areas = tmp_path / "areas.geojson"
    square = [[5.35, 52.13], [5.45, 52.13], [5.45, 52.18], [5.35, 52.18], [5.35, 52.13]]
    areas.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Amersfoort-Zuid"},
         "geometry": {"type": "Polygon", "coordinates": [square]}}]}))
    external = tmp_path / "survey.csv"
    external.write_text("area,rate\nAmersfoort-Zuid,12.5\n")
    out = tmp_path / "audit.html"
    result = runner.invoke(app, [
        "audit", "--events", str(town_csv), "--start", "2025-09-01", "--end", "2025-12-31",
        "--source-crs", "EPSG:28992", "--model", "retrospective", "--model", "poisson_gbm",
        "--areas", str(areas), "--external", str(external), "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text()
    for section in ("1. Governance", "2. Model and data", "3. Privacy", "4. IT controls",
                    "5. Ethics", "Feedback loop", "Amersfoort-Zuid", "Known limits"):
        assert section in page
    # plotly.js is inline, once; nothing is fetched from elsewhere.
    assert "<script src=" not in page and 'src="http' not in page
    assert page.count("plotly.js v") == 1
    assert page.count("Plotly.newPlot") >= 4


def test_cells_too_small_for_the_extent_are_refused_with_advice(tmp_path: Path) -> None:
    # Two events 20 km apart: 1 m cells would need 400 million raster cells.
    src = write_csv(tmp_path / "wide.csv", [
        {"time": "2025-01-01 10:00", "x": "140000", "y": "450000"},
        {"time": "2025-01-02 10:00", "x": "160000", "y": "470000"}])
    result = runner.invoke(app, [
        "forecast", "--events", str(src), "--at", "2025-01-10", "--cell-size", "1",
        "--source-crs", "EPSG:28992", "--model", "kde", "--out", str(tmp_path / "c.csv")])
    assert result.exit_code == 2
    assert "kies grotere cellen" in result.output
