"""A run found NOT FIT FOR USE is neither saved nor planned at the CM-tafel without an
explicit override, and the override's reason is stored with the run and shown where it
is used."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from sterkte.anticipate.criteria import RunVerdict
from sterkte.anticipate.presence import preventive_presence
from sterkte.cli.anticipate import app
from sterkte.cli.capacity import capacity_command
from sterkte.parameters import ParameterSet
from sterkte.store.anticipation import latest_run, save_run
from sterkte.store.db import connect
from sterkte.synth import town
from tests.report.store_builder import build_store

from .conftest import write_csv

runner = CliRunner()
capacity = typer.Typer()
capacity.command()(capacity_command)
TEAMS = ["syn-AM-D1-T01", "syn-AM-D1-T02", "syn-AM-D1-T03"]
TEAM = "syn-AM-D1-T02"
AT = "2023-01-02"  # the store's first planning Monday
REASON = "pilot agreed by the district chief, 2023-01"


def _noise(days: int = 400, seed: int = 5) -> list[dict[str, str]]:
    """Events spread evenly at random over the teams' squares: no place is hotter than
    another, so no forecast can flag 3 % of the area holding 9 % of the events."""
    rng = np.random.default_rng(seed)
    side = 12 * town.CELL
    rows = []
    for d in range(days):
        day = dt.datetime(2022, 1, 1) + dt.timedelta(days=d)
        for _ in range(int(rng.poisson(2.0))):
            rows.append({"time": (day + dt.timedelta(minutes=int(rng.integers(0, 1440))))
                         .strftime("%Y-%m-%d %H:%M"),
                         "x": f"{town.X0 + rng.random() * 3 * side:.1f}",
                         "y": f"{town.Y0 + rng.random() * side:.1f}"})
    return rows


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("unfit")
    build_store(folder)
    write_csv(folder / "noise.csv", _noise())
    (folder / "areas.geojson").write_text(json.dumps(town.areas_geojson(TEAMS)))
    return folder


def _forecast(world: Path, db: Path, *extra: str) -> str:
    result = runner.invoke(app, [
        "forecast", "--events", str(world / "noise.csv"), "--source-crs", "EPSG:28992",
        "--at", AT, "--days", "14", "--areas", str(world / "areas.geojson"), "--save",
        "--db", str(db), *extra], terminal_width=300)
    return f"{result.exit_code}\n{result.output}"


@pytest.fixture(scope="module")
def refused(world: Path) -> tuple[str, Path]:
    db = world / "refused.duckdb"
    shutil.copyfile(world / "sterkte.duckdb", db)
    return _forecast(world, db, "--out", str(world / "refused.csv")), db


@pytest.fixture(scope="module")
def overridden(world: Path) -> tuple[str, Path]:
    db = world / "overridden.duckdb"
    shutil.copyfile(world / "sterkte.duckdb", db)
    return _forecast(world, db, "--override-unfit", REASON), db


def test_an_unfit_run_is_not_saved_and_nothing_is_written(
        world: Path, refused: tuple[str, Path]) -> None:
    output, db = refused
    text = " ".join(output.split())
    assert text.startswith("2 ") and "Traceback" not in text
    assert "NIET GESCHIKT VOOR GEBRUIK" in text and "--override-unfit" in text
    con = connect(db, read_only=True)
    try:
        assert latest_run(con) is None
    finally:
        con.close()
    assert not (world / "refused.csv").exists()


def test_with_an_override_the_run_is_saved_with_its_reason(
        overridden: tuple[str, Path]) -> None:
    output, db = overridden
    assert output.startswith("0\n"), output
    assert "OVERRIDE" in output and REASON in " ".join(output.split())
    con = connect(db, read_only=True)
    try:
        run = latest_run(con)
    finally:
        con.close()
    assert run is not None
    assert run.fit is False and run.override == REASON
    assert "NOT FIT FOR USE" in run.verdict


def test_the_cm_tafel_plans_an_overridden_run_and_says_so(
        overridden: tuple[str, Path]) -> None:
    _, db = overridden
    args = ["--team", TEAM, "--weeks", "2", "--db", str(db)]
    plain = runner.invoke(capacity, args, terminal_width=300)
    added = runner.invoke(capacity, [*args, "--anticipation", "--lang", "en"], terminal_width=300)
    assert plain.exit_code == 0 and added.exit_code == 0, added.output
    text = " ".join(added.output.split())
    assert "OVERRIDE" in text and REASON in text and "NOT FIT FOR USE" in text
    assert "preventive presence" in text


def test_the_cm_tafel_refuses_an_unfit_run_stored_without_override(world: Path) -> None:
    # A store written before this rule (or by another writer) may hold such a run.
    db = world / "old-unfit.duckdb"
    shutil.copyfile(world / "sterkte.duckdb", db)
    x, y = np.array([town.X0 + 12 * town.CELL]), np.array([town.Y0])
    plan = preventive_presence(x, y, np.array([0.5]), 14, ParameterSet.bundled(engine="anticipate"),
                               dt.date(2026, 1, 1), [TEAM])
    con = connect(db)
    try:
        save_run(con, model="kde", fit=False, verdict=RunVerdict(False).text,
                 origin=dt.date(2023, 1, 2), days=14, cell_size=125.0, crs="EPSG:28992",
                 source="old.csv", x_min=[float(x[0])], y_min=[float(y[0])], score=[0.5],
                 area=[TEAM], plan=plan)
    finally:
        con.close()
    result = runner.invoke(capacity, ["--team", TEAM, "--weeks", "2", "--db", str(db),
                                      "--anticipation"], terminal_width=300)
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert "NIET GESCHIKT VOOR GEBRUIK" in text and "--override-unfit" in text
    assert "Traceback" not in text


def test_a_run_may_be_planned_only_when_fit_unchecked_or_overridden() -> None:
    assert RunVerdict(True).may_plan
    assert RunVerdict(None).may_plan  # named with --model: the user's choice, on record
    assert not RunVerdict(False).may_plan
    assert not RunVerdict(False, "   ").may_plan
    assert RunVerdict(False, REASON).may_plan


def test_a_store_from_before_overrides_reads_and_gains_the_column(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute("""CREATE TABLE anticipation_runs (
        run_id INTEGER PRIMARY KEY, saved_at TIMESTAMP NOT NULL, model VARCHAR NOT NULL,
        fit BOOLEAN, verdict VARCHAR NOT NULL, origin DATE NOT NULL, days INTEGER NOT NULL,
        cell_size DOUBLE NOT NULL, crs VARCHAR NOT NULL, parameters_on DATE NOT NULL,
        source VARCHAR NOT NULL)""")
    con.execute("""CREATE TABLE anticipation_cells (run_id INTEGER NOT NULL, x_min DOUBLE
        NOT NULL, y_min DOUBLE NOT NULL, score DOUBLE NOT NULL, area VARCHAR,
        minutes_per_day DOUBLE)""")
    con.execute("""CREATE TABLE anticipation_areas (run_id INTEGER NOT NULL, area VARCHAR NOT
        NULL, flagged_cells INTEGER NOT NULL, expected_events DOUBLE NOT NULL,
        hours_per_week DOUBLE NOT NULL)""")
    con.execute("INSERT INTO anticipation_runs VALUES (1, '2026-01-05 10:00', 'kde', NULL, "
                "'not checked', '2023-01-02', 14, 125, 'EPSG:28992', '2026-01-01', 'a.csv')")
    con.close()
    con = connect(db)
    try:
        old = latest_run(con)
        assert old is not None and old.override is None and old.run_id == 1
        plan = preventive_presence(np.array([0.0]), np.array([0.0]), np.array([1.0]), 14,
                                   ParameterSet.bundled(engine="anticipate"), dt.date(2026, 1, 1))
        save_run(con, model="kde", fit=False, verdict="NOT FIT FOR USE", origin=dt.date(
            2023, 1, 2), days=14, cell_size=125.0, crs="EPSG:28992", source="b.csv",
            x_min=[0.0], y_min=[0.0], score=[1.0], area=[None], plan=plan, override=REASON)
        new = latest_run(con)
    finally:
        con.close()
    assert new is not None and new.run_id == 2 and new.override == REASON
