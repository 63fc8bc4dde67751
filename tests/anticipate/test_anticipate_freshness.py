"""Stale events are refused: a forecast or backtest may not start long after the data end."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from sterkte.anticipate.freshness import check_data_age, last_event_before
from sterkte.anticipate.models import KernelDensity
from sterkte.anticipate.predict import build_history, forecast_cells
from sterkte.cli.anticipate import app
from sterkte.errors import InputError
from sterkte.sources.crime_events import read_crime_events

runner = CliRunner()
# The town's citizen reports run from 2024-01-01 to 2025-12-27 (the last of 730 days
# happen to have none).
LAST = "2025-12-27"


def test_the_town_ends_where_the_tests_assume(town_csv: Path) -> None:
    ev = read_crime_events(town_csv, source_crs="EPSG:28992").events.for_training()
    assert last_event_before(ev.time, date(2030, 1, 1)) == date(2025, 12, 27)
    assert last_event_before(ev.time, date(2024, 1, 1)) is None


def test_without_the_check_stale_data_give_a_silent_all_zero_map(town_csv: Path) -> None:
    # Why the check exists: months after the last event every recent window is empty.
    ev = read_crime_events(town_csv, source_crs="EPSG:28992").events.for_training()
    at = date(2026, 6, 1)
    fc = forecast_cells(build_history(ev.time, ev.x, ev.y, 125.0, at), KernelDensity(), at, 14)
    assert fc.score.size > 100 and np.all(fc.score == 0)


@pytest.mark.parametrize("last, origin, refused", [
    (date(2025, 12, 30), date(2026, 1, 13), False),  # 14 days: the limit itself
    (date(2025, 12, 30), date(2026, 1, 14), True),   # 15 days
    (date(2025, 12, 30), date(2025, 6, 1), False),   # data beyond the origin
])
def test_the_limit_is_days_between_last_event_and_origin(
        last: date, origin: date, refused: bool) -> None:
    if refused:
        with pytest.raises(InputError, match="15 days before the forecast origin 2026-01-14"):
            check_data_age("events.csv", last, origin, 14)
    else:
        check_data_age("events.csv", last, origin, 14)


def test_a_forecast_months_after_the_data_is_refused_naming_file_date_and_origin(
        town_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "cells.csv"
    result = runner.invoke(app, [
        "forecast", "--events", str(town_csv), "--at", "2026-04-01", "--source-crs",
        "EPSG:28992", "--model", "kde", "--out", str(out)], terminal_width=400)
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert str(town_csv) in text
    assert f"de gebeurtenissen eindigen op {LAST}, 95 dagen vóór het startpunt van de " \
           "voorspelling 2026-04-01" in text
    assert "hoogstens 14 dagen oud" in text and "Traceback" not in text
    assert not out.exists()


def test_a_forecast_within_the_limit_goes_ahead(town_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "cells.csv"
    result = runner.invoke(app, [
        "forecast", "--events", str(town_csv), "--at", "2026-01-05", "--source-crs",
        "EPSG:28992", "--model", "kde", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists()


def test_a_backtest_ending_long_after_the_data_is_refused(town_csv: Path) -> None:
    result = runner.invoke(app, [
        "backtest", "--events", str(town_csv), "--start", "2025-09-01", "--end", "2026-06-30",
        "--source-crs", "EPSG:28992", "--model", "retrospective"], terminal_width=400)
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert f"de gebeurtenissen eindigen op {LAST}, 185 dagen vóór de laatste dag om te " \
           "evalueren (--end) 2026-06-30" in text
