"""Rolling-origin backtest and the success criteria."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from sterkte.anticipate.backtest import BacktestResult, rolling_origins, run_backtest
from sterkte.anticipate.criteria import check_criteria, choose_model
from sterkte.anticipate.metrics import score_forecast
from sterkte.anticipate.models import LastPeriod, PoissonBoosting, Retrospective
from sterkte.anticipate.predict import build_history
from sterkte.parameters import ParameterSet
from sterkte.sources.crime_events import read_crime_events

from .conftest import write_csv


def test_origins_step_through_the_year_and_stay_inside_the_data() -> None:
    origins = rolling_origins(date(2016, 1, 1), date(2016, 12, 31), 14, 14)
    assert len(origins) == 26
    assert origins[0] == date(2016, 1, 1) and origins[-1] == date(2016, 12, 16)


def test_backtest_scores_every_model_at_every_origin(tmp_path, town_rows) -> None:  # type: ignore[no-untyped-def]
    ev = read_crime_events(write_csv(tmp_path / "t.csv", town_rows),
                           source_crs="EPSG:28992").events.for_training()
    origins = rolling_origins(date(2025, 7, 1), date(2025, 9, 30), 14, 14)
    h = build_history(ev.time, ev.x, ev.y, 125.0, origins[0])
    models = [LastPeriod(), Retrospective(), PoissonBoosting(training_origins=6, max_iter=30)]
    r = run_backtest(h, models, origins, 14)
    assert r.models == ["last_period", "retrospective", "poisson_gbm"]
    assert all(len(r.scores[m]) == len(origins) for m in r.models)
    # Stable hot spots: a long count beats last fortnight's count.
    assert r.mean("retrospective", "pai", 0.03) > r.mean("last_period", "pai", 0.03)
    assert r.mean("poisson_gbm", "pai", 0.03) > r.mean("last_period", "pai", 0.03)


CRITERIA = ParameterSet.from_dict({
    name: {"description": name, "unit": "-", "reference": "test", "values": {"2020-01-01": v}}
    for name, v in {
        "evaluation_origins": 2, "pai_3pct_min": 2.0,
        "pai_3pct_gain_over_best_baseline_min": 0.05,
        "calibration_ratio_min": 0.8, "calibration_ratio_max": 1.25,
    }.items()
}, "test criteria")


def _result(pai_by_model: dict[str, tuple[float, float]], learned: set[str]) -> BacktestResult:
    """A backtest on 100 cells where each model's PAI at 3 % is set by hand."""
    r = BacktestResult(origins=[date(2024, 1, 1), date(2024, 1, 15), date(2024, 1, 29)],
                       horizon_days=14, n_cells=100, cell_size=125.0,
                       models=list(pai_by_model), learned={m: m in learned for m in pai_by_model},
                       descriptions={m: m for m in pai_by_model})
    for m, (calib, pai) in pai_by_model.items():
        scores = []
        for _ in r.origins:
            # 3 flagged cells hold pai * 3 of 100 events; the forecast totals 100 / calib.
            observed = np.zeros(100)
            observed[:3] = pai * 3 / 3
            observed[3:] = (100 - pai * 3) / 97
            forecast = np.full(100, 1.0 / calib)
            forecast[:3] += 1.0
            forecast *= 100 / calib / forecast.sum()
            scores.append(score_forecast(forecast, observed, coverages=(0.01, 0.03, 0.05, 0.1)))
        r.scores[m] = scores
    return r


def test_a_model_that_beats_the_best_baseline_enough_is_fit_for_use() -> None:
    r = _result({"retrospective": (1.0, 3.0), "poisson_gbm": (1.0, 3.3)}, {"poisson_gbm"})
    fit = {f.model: f for f in check_criteria(r, CRITERIA, date(2026, 1, 1))}
    assert fit["poisson_gbm"].fit
    gain = next(c for c in fit["poisson_gbm"].criteria if c.name == "gain_over_best_baseline")
    assert gain.measured == pytest.approx(0.1)
    assert choose_model(list(fit.values()), r) == ("poisson_gbm", True)


def test_a_model_that_barely_beats_the_baseline_is_not_fit_for_use() -> None:
    r = _result({"retrospective": (1.0, 3.0), "poisson_gbm": (1.0, 3.06)}, {"poisson_gbm"})
    fit = {f.model: f for f in check_criteria(r, CRITERIA, date(2026, 1, 1))}
    assert not fit["poisson_gbm"].fit


def test_too_few_origins_is_too_little_evidence() -> None:
    r = _result({"retrospective": (1.0, 3.0), "poisson_gbm": (1.0, 3.3)}, {"poisson_gbm"})
    r.origins, r.scores = r.origins[:1], {m: s[:1] for m, s in r.scores.items()}
    fit = {f.model: f for f in check_criteria(r, CRITERIA, date(2026, 1, 1))}
    failed = [c.name for c in fit["poisson_gbm"].criteria if not c.passed]
    assert failed == ["evidence"]


def test_a_badly_calibrated_model_is_not_fit_for_use() -> None:
    r = _result({"retrospective": (1.0, 3.0), "poisson_gbm": (0.5, 4.0)}, {"poisson_gbm"})
    fit = {f.model: f for f in check_criteria(r, CRITERIA, date(2026, 1, 1))}
    calib = next(c for c in fit["poisson_gbm"].criteria if c.name == "calibration")
    assert calib.measured == pytest.approx(0.5)
    assert not calib.passed and not fit["poisson_gbm"].fit
    _name, ok = choose_model(list(fit.values()), r)
    assert not ok
