"""Every model: expected counts per cell, no peeking, reproducible."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from sterkte.anticipate.history import EventHistory
from sterkte.anticipate.models import (
    Ensemble,
    KernelDensity,
    LastPeriod,
    LastYear,
    Memo,
    Model,
    PoissonBoosting,
    PoissonGLM,
    Prospective,
    Retrospective,
    SelfExciting,
)
from sterkte.anticipate.predict import build_history, forecast_cells
from sterkte.sources.crime_events import CrimeEvents, read_crime_events

AT = date(2025, 6, 2)


def all_models() -> list[Model]:
    hawkes = Memo(SelfExciting())
    pooled = {"hawkes": hawkes, "retrospective": Retrospective(), "kde": KernelDensity()}
    return [LastPeriod(), Retrospective(), LastYear(), Prospective(), KernelDensity(),
            PoissonGLM(training_origins=6), PoissonBoosting(training_origins=6, max_iter=30),
            SelfExciting(), Ensemble(pooled, {"hawkes": 2, "retrospective": 1, "kde": 1}, hawkes)]


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory, town_rows: list[dict[str, str]]) -> CrimeEvents:
    from .conftest import write_csv

    path = write_csv(tmp_path_factory.mktemp("town") / "town.csv", town_rows)
    return read_crime_events(path, source_crs="EPSG:28992").events.for_training()


def _history(ev: CrimeEvents) -> EventHistory:
    return build_history(ev.time, ev.x, ev.y, 125.0, AT)


@pytest.mark.parametrize("model", all_models(), ids=lambda m: m.name)
def test_forecast_is_a_non_negative_count_per_study_cell(model: Model,
                                                         town: CrimeEvents) -> None:
    h = _history(town)
    fc = forecast_cells(h, model, AT, 14)
    assert fc.score.shape == (h.area.n_cells,)
    assert np.isfinite(fc.score).all() and (fc.score >= 0).all()
    # About the town's fortnightly level (≈ 0.75 events a day in the study area).
    assert 3 < fc.score.sum() < 20


@pytest.mark.parametrize("model", all_models(), ids=lambda m: m.name)
def test_forecast_ignores_events_on_or_after_the_origin(model: Model,
                                                        town: CrimeEvents) -> None:
    before = town.select(town.time < np.datetime64(AT))
    full = forecast_cells(_history(town), model, AT, 14).score
    only_past = forecast_cells(_history(before), _fresh(model), AT, 14).score
    np.testing.assert_allclose(full, only_past, rtol=1e-9, atol=1e-12)


def _fresh(model: Model) -> Model:
    return {m.name: m for m in all_models()}[model.name]


@pytest.mark.parametrize("model", all_models(), ids=lambda m: m.name)
def test_same_events_give_the_same_forecast(model: Model, town: CrimeEvents) -> None:
    a = forecast_cells(_history(town), model, AT, 14).score
    b = forecast_cells(_history(town), _fresh(model), AT, 14).score
    assert np.array_equal(a, b)


def test_hot_cells_come_out_on_top(town: CrimeEvents) -> None:
    fc = forecast_cells(_history(town), PoissonBoosting(training_origins=6, max_iter=30), AT, 14)
    top3 = set(zip(fc.x_min[np.argsort(-fc.score)[:3]], fc.y_min[np.argsort(-fc.score)[:3]],
                   strict=True))
    hot = {(155_000 + cx * 125.0, 463_000 + cy * 125.0) for cx, cy in [(3, 4), (10, 12), (16, 5)]}
    assert top3 == hot


def test_police_initiated_cell_is_not_in_the_forecast_by_default(town: CrimeEvents,
                                                                  town_csv: Path) -> None:
    watched = (155_000 + 15 * 125.0, 463_000 + 15 * 125.0)
    fc = forecast_cells(_history(town), Retrospective(), AT, 14)
    at_watched = (fc.x_min == watched[0]) & (fc.y_min == watched[1])
    assert not at_watched.any()
    everything = read_crime_events(town_csv, source_crs="EPSG:28992").events
    fc_all = forecast_cells(_history(everything), Retrospective(), AT, 14)
    top = np.argmax(fc_all.score)
    assert (fc_all.x_min[top], fc_all.y_min[top]) == watched


def test_subsampling_cells_without_events_keeps_the_level(town: CrimeEvents) -> None:
    full = PoissonBoosting(training_origins=6, max_iter=30)
    thin = PoissonBoosting(training_origins=6, max_iter=30)
    thin.max_training_rows = 250  # far fewer rows than the 6 periods hold
    h = _history(town)
    a = forecast_cells(h, full, AT, 14).score
    b = forecast_cells(h, thin, AT, 14).score
    x, _ = thin.training_set(h, h.day_of(AT), 14)
    assert x.shape[0] > 2 * thin.max_training_rows
    assert b.sum() == pytest.approx(a.sum(), rel=0.2)
    assert set(np.argsort(-b)[:3]) == set(np.argsort(-a)[:3])
