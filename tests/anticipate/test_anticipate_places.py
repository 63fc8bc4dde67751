"""Place types: the gate keeps one flag (a facility or not); the place count weighs it.

The place count's one setting, the facility weight, is chosen by rolling-origin
cross-validation. Simulated worlds with known structure check that the
cross-validation finds it: where facilities hold the lasting hot spots and
street events are transient, a weight above 1 wins; where the flag is a coin
flip, the plain count (weight 1) is not beaten.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from sterkte.anticipate.backtest import rolling_origins
from sterkte.anticipate.history import EventHistory
from sterkte.anticipate.models import PlaceCount, Retrospective
from sterkte.anticipate.predict import build_history
from sterkte.anticipate.tuning import tune_model
from sterkte.sources.crime_events import read_crime_events
from sterkte.sources.place_types import is_facility

from .conftest import CELL, X0, Y0, write_csv

START = date(2023, 1, 1)
ORIGINS = rolling_origins(date(2024, 1, 1), date(2024, 12, 31), 14, 14)


def _world(facility_signal: bool, seed: int = 0) -> EventHistory:
    """Two years of events on 40 × 40 cells (rates in events per day).

    160 cells are facilities with a lasting rate of 0.02; every cell also has
    street events at a rate redrawn every 91 days (mean 0.01, gamma shape 0.3),
    so old street events say little about the next period. With
    ``facility_signal`` the facilities' events carry the flag; without it the
    flag is a coin flip (p = share of facility events) on every event.
    """
    rng = np.random.default_rng(seed)
    days = (date(2025, 1, 1) - START).days
    side = 40
    fac_cells = rng.choice(side * side, 160, replace=False)
    cells: list[np.ndarray] = []
    day: list[np.ndarray] = []
    flag: list[np.ndarray] = []
    for d0 in range(0, days, 91):
        span = min(91, days - d0)
        street = rng.gamma(0.3, 0.01 / 0.3, side * side)
        n = rng.poisson(street * span)
        c = np.repeat(np.arange(side * side), n)
        cells.append(c)
        day.append(d0 + rng.integers(0, span, c.size))
        flag.append(np.zeros(c.size, dtype=bool))
        nf = rng.poisson(0.02 * span, fac_cells.size)
        cf = np.repeat(fac_cells, nf)
        cells.append(cf)
        day.append(d0 + rng.integers(0, span, cf.size))
        flag.append(np.ones(cf.size, dtype=bool))
    cell, when, facility = np.concatenate(cells), np.concatenate(day), np.concatenate(flag)
    if not facility_signal:
        facility = rng.random(cell.size) < facility.mean()
    times = (np.datetime64(START, "s") + when.astype("timedelta64[D]")).astype("datetime64[s]")
    x = X0 + (cell % side + 0.5) * CELL
    y = Y0 + (cell // side + 0.5) * CELL
    return build_history(times, x, y, CELL, START + timedelta(days=365), facility=facility)


def _tuned_weight(history: EventHistory) -> tuple[float, dict[float, float]]:
    weights = [1.0, 2.0, 4.0]
    tuning = tune_model(history, lambda s: PlaceCount(facility_weight=s["w"]),
                        [{"w": w} for w in weights], ORIGINS, 14)
    return tuning.best.setting["w"], {t.setting["w"]: t.pai for t in tuning.trials}


SEEDS = (0, 1, 2, 3)


def test_cross_validation_finds_the_facilities_when_they_hold_the_hot_spots() -> None:
    runs = [_tuned_weight(_world(facility_signal=True, seed=s)) for s in SEEDS]
    assert all(best > 1.0 for best, _ in runs)
    gain = np.mean([pai[best] / pai[1.0] - 1 for best, pai in runs])
    assert gain > 0.08


def test_a_coin_flip_flag_does_not_beat_the_plain_count() -> None:
    runs = [_tuned_weight(_world(facility_signal=False, seed=s)) for s in SEEDS]
    # The best of three weights beats weight 1 only by noise, and the
    # strongest weight loses on average.
    gain = np.mean([pai[best] / pai[1.0] - 1 for best, pai in runs])
    assert 0.0 <= gain < 0.03
    assert np.mean([pai[4.0] for _, pai in runs]) < np.mean([pai[1.0] for _, pai in runs])


def test_weight_one_or_no_place_type_is_the_two_year_count() -> None:
    history = _world(facility_signal=True)
    t = history.day_of(ORIGINS[0])
    plain = Retrospective(728).forecast(history, t, 14)
    assert np.allclose(PlaceCount(728, 1.0).forecast(history, t, 14), plain)
    blind = EventHistory(history.area, history.epoch, history.day, history.cell)
    assert np.allclose(PlaceCount(728, 2.0).forecast(blind, t, 14), plain)


def test_facility_events_weigh_more_and_the_level_stays_the_counts() -> None:
    history = _world(facility_signal=True)
    t = history.day_of(ORIGINS[0])
    counts = history.cell_counts(t - 728, t)
    at_facility = history.facility_counts(t - 728, t)
    got = PlaceCount(728, 3.0).forecast(history, t, 14)
    assert got.sum() == pytest.approx(counts.sum() * 14 / 728)
    # By hand: shares of (street events + 3 × facility events).
    weighted = counts + 2.0 * at_facility
    assert np.allclose(got, weighted / weighted.sum() * counts.sum() * 14 / 728)


@pytest.mark.parametrize(("value", "facility"), [
    ("street", False), ("Residence", False), ("", False), ("unknown", False),
    ("openbare weg", False), ("woning", False), ("vehicle parking", True), ("office", True),
    ("Parkeergarage", True), ("gas station", True),
])
def test_place_type_values(value: str, facility: bool) -> None:
    assert is_facility(value) is facility


def test_gate_keeps_only_whether_the_place_is_a_facility(tmp_path: Path) -> None:
    rows = [{"time": f"2024-01-0{i + 1} 10:00", "x": "155100", "y": "463100",
             "location_type": kind} for i, kind in
            enumerate(["street", "vehicle parking", "residence", "office", ""])]
    gate = read_crime_events(write_csv(tmp_path / "places.csv", rows),
                             source_crs="EPSG:28992")
    assert gate.events.facility.tolist() == [False, True, False, True, False]
    assert gate.report.column_map["place_type"] == "location_type"
    assert gate.report.dropped_columns == []
    # The category itself is not held: only the flag.
    assert not any(isinstance(v, np.ndarray) and v.dtype.kind == "U" and "office" in v
                   for v in vars(gate.events).values())


def test_without_a_place_type_no_event_is_a_facility(tmp_path: Path,
                                                     town_rows: list[dict[str, str]]) -> None:
    gate = read_crime_events(write_csv(tmp_path / "t.csv", town_rows[:20]),
                             source_crs="EPSG:28992")
    assert not gate.events.facility.any()
    assert len(gate.events.select(np.arange(20) < 5).facility) == 5


def test_the_audit_says_the_place_type_is_kept_only_as_a_flag(
        tmp_path: Path, town_rows: list[dict[str, str]]) -> None:
    from typer.testing import CliRunner

    from sterkte.cli.anticipate import app

    # Events in the first hot cell happen in a parking garage, the rest on the street.
    rows = [{**r, "location_type": "vehicle parking" if float(r["x"]) < X0 + 4 * CELL
             and float(r["y"]) < Y0 + 5 * CELL and float(r["y"]) >= Y0 + 4 * CELL
             else "street"} for r in town_rows]
    out = tmp_path / "audit.html"
    result = CliRunner().invoke(app, [
        "audit", "--events", str(write_csv(tmp_path / "t.csv", rows)), "--start", "2025-09-01",
        "--end", "2025-12-31", "--source-crs", "EPSG:28992", "--model", "retrospective",
        "--model", "place_count", "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text()
    assert "place_type ← <code>location_type</code>" in page
    assert "kept only as one flag per event" in page
    assert "place count: events over 728 days" in page


def test_parquet_place_type_is_read_as_the_flag(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "events.parquet"
    pq.write_table(pa.table({
        "time": ["2024-01-01 10:00", "2024-01-02 10:00"], "longitude": [5.38, 5.39],
        "latitude": [52.15, 52.16], "premises_type": ["Parking Lot", "Street"],
        "uid": ["1", "2"]}), path)
    gate = read_crime_events(path)
    assert gate.events.facility.tolist() == [True, False]
    assert gate.report.dropped_columns == ["uid"]
