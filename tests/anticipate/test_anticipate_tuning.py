"""Tuning by rolling-origin cross-validation sees only the origins it is given."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from sterkte.anticipate.backtest import rolling_origins
from sterkte.anticipate.grid import Grid
from sterkte.anticipate.history import EventHistory
from sterkte.anticipate.models import KernelDensity, Retrospective
from sterkte.anticipate.models.base import Model
from sterkte.anticipate.predict import build_history
from sterkte.anticipate.tuning import Setting, settings_grid, tune_grid_offset, tune_model
from sterkte.sources.crime_events import read_crime_events

from .conftest import write_csv

TRAIN = rolling_origins(date(2025, 3, 1), date(2025, 6, 30), 14, 14)


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory,
         town_rows: list[dict[str, str]]) -> EventHistory:
    path = write_csv(tmp_path_factory.mktemp("tune") / "t.csv", town_rows)
    ev = read_crime_events(path, source_crs="EPSG:28992").events.for_training()
    return build_history(ev.time, ev.x, ev.y, 125.0, TRAIN[0])


def test_the_grid_lists_every_combination_in_order() -> None:
    assert settings_grid({"a": [1, 2], "b": [10, 20]}) == [
        {"a": 1, "b": 10}, {"a": 1, "b": 20}, {"a": 2, "b": 10}, {"a": 2, "b": 20}]


class _Peeking(Model):
    """Records every origin it is asked about."""

    name = "peeking"

    def __init__(self, seen: list[int]) -> None:
        self.seen = seen

    def forecast(self, history: EventHistory, origin: int, horizon: int) -> np.ndarray:
        self.seen.append(origin)
        return history.cell_counts(origin - 365, origin)


def test_tuning_forecasts_only_at_the_training_origins(town: EventHistory) -> None:
    seen: list[int] = []
    tune_model(town, lambda s: _Peeking(seen), [{"x": 1.0}, {"x": 2.0}], TRAIN, 14)
    assert sorted(set(seen)) == [town.day_of(o) for o in TRAIN]
    assert max(seen) + 14 <= town.day_of(date(2025, 7, 1))


def test_a_smoothing_that_blurs_the_hot_cells_loses(town: EventHistory) -> None:
    # The town's hot spots are single cells: a 1 km Gaussian smears them over ~200 cells.
    def build(s: Setting) -> Model:
        return KernelDensity(bandwidth_m=s["bandwidth_m"])

    result = tune_model(town, build, settings_grid({"bandwidth_m": [1000.0, 60.0]}), TRAIN, 14)
    assert result.best.setting == {"bandwidth_m": 60.0}
    assert [len(t.per_origin) for t in result.trials] == [len(TRAIN)] * 2
    assert result.trials[0].pai < result.trials[1].pai


def test_a_grid_offset_moves_every_cell_edge(town_rows: list[dict[str, str]],
                                             tmp_path_factory: pytest.TempPathFactory) -> None:
    path = write_csv(tmp_path_factory.mktemp("off") / "t.csv", town_rows)
    ev = read_crime_events(path, source_crs="EPSG:28992").events.for_training()
    shifted = build_history(ev.time, ev.x, ev.y, 125.0, TRAIN[0], grid_offset=(0.5, 0.25))
    assert set(shifted.area.x_min() % 125.0) == {62.5}
    assert set(shifted.area.y_min() % 125.0) == {31.25}
    # The town's hot cells sit on the unshifted grid: halving them lowers the hit rate.
    result = tune_grid_offset(ev.time, ev.x, ev.y, 125.0, [(0.0, 0.0), (0.5, 0.5)],
                              Retrospective, TRAIN, 14)
    assert result.best.setting == {"offset_x": 0.0, "offset_y": 0.0}


def test_every_point_lies_in_its_cell_on_a_shifted_grid() -> None:
    x = np.array([10.0, 61.9, 62.6, 300.0])
    grid = Grid.covering(x, np.zeros(4), 125.0, 1, offset=(62.5, 0.0))
    flat = grid.locate(x, np.zeros(4))
    x0 = grid.x_min(flat)
    assert np.all((x0 <= x) & (x < x0 + 125.0))
    assert list(x0) == [-62.5, -62.5, 62.5, 187.5]
