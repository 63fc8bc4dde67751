"""`sterkte capacity --anticipation`: a saved anticipation run's preventive presence is
planned work in the CM-tafel view, hour for hour, on the days of the run's forecast
period only; without a saved run, or with a run for other weeks, a clear error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from sterkte.cli.anticipate import app as anticipate_app
from sterkte.cli.capacity import capacity_command
from sterkte.store.anticipation import AnticipationRun, latest_run
from sterkte.store.db import connect
from tests.report.store_builder import build_store

runner = CliRunner()
capacity = typer.Typer()
capacity.command()(capacity_command)
TEAM = "syn-AM-D1-T02"
FROM = "2023-01-02"  # the run forecasts 2023-01-02 … 2023-01-15: the first two weeks


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("cm")
    plain = build_store(folder)
    # the store's planning weeks start on 2023-01-02 (the Monday after its HR records)
    demo = runner.invoke(anticipate_app, ["demo", "--out", str(folder), "--start",
                                          "2022-01-01", "--days", "400"])
    assert demo.exit_code == 0, demo.output
    with_run = folder / "with-run.duckdb"
    with_run.write_bytes(plain.read_bytes())
    saved = runner.invoke(anticipate_app, [
        "forecast", "--events", str(folder / "synthetic-events.csv"), "--source-crs",
        "EPSG:28992", "--at", FROM, "--days", "14", "--model", "kde", "--areas",
        str(folder / "synthetic-areas.geojson"), "--save", "--db", str(with_run)])
    assert saved.exit_code == 0, saved.output
    return plain, with_run


def _latest_run(db: Path) -> AnticipationRun:
    con = connect(db, read_only=True)
    try:
        run = latest_run(con)
    finally:
        con.close()
    assert run is not None
    return run


def _demand(output: str) -> list[int]:
    return [int(m.group(1).replace(".", "")) for m in
            re.finditer(r"^\s+\d{4}-W\d\d\s+([\d.]+)", output, flags=re.M)]


def test_preventive_presence_is_added_to_each_weeks_response_demand(
        stores: tuple[Path, Path]) -> None:
    _, with_run = stores
    args = ["--team", TEAM, "--weeks", "2", "--db", str(with_run), "--lang", "en"]
    plain = runner.invoke(capacity, args, terminal_width=200)
    added = runner.invoke(capacity, [*args, "--anticipation"], terminal_width=200)
    assert plain.exit_code == 0 and added.exit_code == 0, added.output
    run = _latest_run(with_run)
    hours = {a.area: a.hours_per_week for a in run.plan.areas}[TEAM]
    assert hours > 0
    assert "preventive presence" in added.output and "preventive" not in plain.output
    before, after = _demand(plain.output), _demand(added.output)
    assert len(before) == len(after) == 2
    for b, a in zip(before, after, strict=True):
        assert abs((a - b) - hours) <= 1  # printed rounded to whole hours
    assert "on all 14 days." in " ".join(added.output.split())


def _run_hours(db: Path) -> float:
    run = _latest_run(db)
    assert run.origin.isoformat() == FROM and run.days == 14
    return {a.area: a.hours_per_week for a in run.plan.areas}[TEAM]


def test_weeks_after_the_runs_period_get_no_presence_and_the_line_says_which_days(
        stores: tuple[Path, Path]) -> None:
    _, with_run = stores
    args = ["--team", TEAM, "--weeks", "4", "--db", str(with_run), "--lang", "en"]
    plain = runner.invoke(capacity, args, terminal_width=200)
    added = runner.invoke(capacity, [*args, "--anticipation"], terminal_width=200)
    assert plain.exit_code == 0 and added.exit_code == 0, added.output
    hours = _run_hours(with_run)
    assert hours > 1
    before, after = _demand(plain.output), _demand(added.output)
    assert len(before) == len(after) == 4
    assert [abs((a - b) - hours) <= 1 for b, a in zip(before[:2], after[:2], strict=True)] \
        == [True, True]
    assert after[2:] == before[2:]  # 2023-W03 and W04 lie after the run's period
    line = " ".join(added.output.split())  # the console wraps long lines
    assert "run 1 (kde, 2023-01-02 … 2023-01-15," in line
    assert "on 14 of the 28 days: 2023-01-02 … 2023-01-15, the run's period." in line


def test_weeks_the_run_does_not_forecast_are_an_error_saying_what_to_do(
        stores: tuple[Path, Path]) -> None:
    _, with_run = stores
    result = runner.invoke(capacity, ["--team", TEAM, "--weeks", "2", "--start", "2023-03-06",
                                      "--db", str(with_run), "--anticipation"],
                           terminal_width=300)
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert "anticipatierun 1 voorspelt 2023-01-02 … 2023-01-15" in text
    assert "capaciteitsweken 2023-03-06 … 2023-03-19 (2023-W10 … 2023-W11)" in text
    result = runner.invoke(capacity, ["--team", TEAM, "--weeks", "2", "--start", "2023-03-06",
                                      "--db", str(with_run), "--anticipation", "--lang", "en"],
                           terminal_width=300)
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert "Traceback" not in text
    assert "anticipation run 1 forecasts 2023-01-02 … 2023-01-15" in text
    assert "capacity weeks 2023-03-06 … 2023-03-19 (2023-W10 … 2023-W11)" in text
    assert "sterkte anticipate forecast --events … --at 2023-03-06 --days 14" in text
    assert "--start 2023-01-02" in text


def test_without_a_saved_run_it_says_what_to_run(stores: tuple[Path, Path]) -> None:
    plain, _ = stores
    result = runner.invoke(capacity, ["--team", TEAM, "--db", str(plain), "--anticipation"],
                           terminal_width=200)
    assert result.exit_code == 2
    assert "anticipate forecast" in result.output and "Traceback" not in result.output
