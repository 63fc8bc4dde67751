"""Monte Carlo: integer flows, seeded and reproducible, centred on the exact model."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from sterkte.forecast import ForecastRun, StartState, run_forecast
from sterkte.forecast.engine import CATEGORIES
from sterkte.forecast.montecarlo import BLOCK, block_size, blocks, run_ensemble
from sterkte.forecast.result import reporting_periods
from sterkte.ledger import Category
from sterkte.org.units import NATIONAL
from sterkte.parameters import ParameterSet

OS = CATEGORIES.index(Category.OS)


@pytest.fixture(scope="module")
def sampled(hjb2022: ParameterSet, end_2021: StartState) -> ForecastRun:
    return run_forecast(hjb2022, end_2021, 5, samples=400, seed=11)


def test_same_seed_same_samples_whatever_the_threads(sampled: ForecastRun) -> None:
    pom, _ = reporting_periods(sampled.start, sampled.months)
    one_thread = run_ensemble(sampled.inputs, pom, 400, 11, workers=1)
    assert sampled.ensemble is not None
    assert np.array_equal(one_thread.flows, sampled.ensemble.flows)
    assert np.array_equal(one_thread.monthly, sampled.ensemble.monthly)
    other = run_ensemble(sampled.inputs, pom, 400, 12, workers=2)
    assert not np.array_equal(other.flows, sampled.ensemble.flows)


def test_samples_come_in_fixed_blocks(sampled: ForecastRun) -> None:
    assert blocks(1) == [(0, 1)]
    assert blocks(2 * BLOCK + 3) == [(0, BLOCK), (1, BLOCK), (2, 3)]
    assert block_size(sampled.inputs) == BLOCK  # the national model: 15 units


def test_each_sample_is_a_ledger_of_whole_persons(sampled: ForecastRun) -> None:
    ens = sampled.ensemble
    assert ens is not None
    # every sample: opening + flows = closing per unit, category and year
    from sterkte.forecast.engine import FLOW_KEYS

    for c, cat in enumerate(CATEGORIES):
        idx = [f for f, (fc, _) in enumerate(FLOW_KEYS) if fc == cat]
        lhs = ens.opening[:, :, c, :] + ens.flows[:, :, idx, :].sum(2)
        np.testing.assert_allclose(lhs, ens.closing[:, :, c, :], atol=1e-6)
    assert (ens.monthly >= 0).all()
    # intake is the plan in whole persons: 2,501 fte is 2,501 or 2,500 persons × fte factor
    intake = ens.flows[:, :, FLOW_KEYS.index((Category.ASP, "intake")), 0].sum(1)
    assert np.all(np.abs(intake - 2501) < 20)


def test_the_sample_mean_is_the_exact_forecast_within_sampling_error(sampled: ForecastRun
                                                                     ) -> None:
    ens = sampled.ensemble
    assert ens is not None
    nat = ens.closing[:, :, OS, :].sum(1)  # [S, years]
    exact = [sampled.ledger.closing(p, NATIONAL, Category.OS) for p in sampled.periods]
    se = nat.std(0, ddof=1) / np.sqrt(nat.shape[0])
    # 5 standard errors, plus 0.05 % for rounding the start stocks to whole persons per age
    assert np.all(np.abs(nat.mean(0) - exact) < 5 * se + 5e-4 * np.asarray(exact))
    assert np.all(nat.std(0) > 0)  # it is random


def test_bands_are_ordered_and_probabilities_are_shares(sampled: ForecastRun) -> None:
    band = sampled.bands(Category.OS)[NATIONAL]
    assert band.shape == (3, 5)
    assert np.all(band[0] <= band[1]) and np.all(band[1] <= band[2])
    for b in sampled.ensemble_balance:
        probs = list(b.probability_by.values())
        assert all(0.0 <= p <= 1.0 for p in probs)
        assert probs == sorted(probs)  # reaching formatie by a later date is no less likely
        assert list(b.probability_by) == [dt.date(y, 12, 31) for y in range(2022, 2027)]
