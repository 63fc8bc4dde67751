"""The self-exciting point process: its likelihood, its fit and its forecast.

The fit is checked against worlds simulated with a known self-exciting structure
(:mod:`tests.anticipate.hawkes_world`, built by the branching construction, not from
the fit's intensity), against a brute-force evaluation of the likelihood, and the
forecast against expected counts worked out by hand.
"""

from __future__ import annotations

import numpy as np
import pytest

from sterkte.anticipate.grid import Grid
from sterkte.anticipate.pointprocess import (
    Component,
    HawkesFit,
    expected_counts,
    fit_hawkes,
)

from .hawkes_world import RING, Trigger, simulate

PAD = 3


def _inner(fit: HawkesFit, shape: tuple[int, int]) -> np.ndarray:
    """The fitted background of the cells that had one (the raster minus its pad)."""
    return fit.background.reshape(fit.grid.ny, fit.grid.nx)[PAD:PAD + shape[0],
                                                            PAD:PAD + shape[1]]


def test_near_repeats_are_recovered_from_a_simulated_world() -> None:
    # 16 cells with background rates 0.05-0.15 events a day; each event adds on average
    # 0.3 events (mean lag 5 days), 40 % of them in the eight cells around it.
    rng = np.random.default_rng(11)
    background = rng.uniform(0.05, 0.15, size=(4, 4))
    grid, day, cell = simulate(background, [Trigger(0.3, 5.0, 0.4)], 6000, seed=2, pad=PAD)
    fit = fit_hawkes(day, cell, grid, 0, 6000, [Component(7.0, 1.0, 30.0)], radius=1,
                     tol=1e-8, max_iter=2000)
    assert fit.converged
    # Tolerances: about two standard deviations of the estimates over seeds (the
    # maximum-likelihood estimate of θ is a little low in finite windows).
    assert fit.branching[0] == pytest.approx(0.3, abs=0.04)
    assert fit.mean_lag_days[0] == pytest.approx(5.0, rel=0.15)
    assert fit.spread[0] == pytest.approx(0.4, abs=0.05)
    est = _inner(fit, background.shape)
    assert est.sum() == pytest.approx(background.sum(), rel=0.08)
    assert np.corrcoef(est.ravel(), background.ravel())[0, 1] > 0.9
    assert fit.background_share == pytest.approx(0.7, abs=0.05)  # 1 - θ


def test_fast_and_slow_triggering_are_told_apart() -> None:
    # Near-repeats (θ 0.2, 3 days, half in the ring) and a slow own-cell component
    # (θ 0.3, 60 days), as hot spots that flare up for months.
    background = np.full((3, 3), 0.08)
    grid, day, cell = simulate(background, [Trigger(0.2, 3.0, 0.5), Trigger(0.3, 60.0, 0.0)],
                               5000, seed=0, pad=PAD)
    fit = fit_hawkes(day, cell, grid, 0, 5000,
                     [Component(7.0, 1.0, 20.0), Component(100.0, 20.0, 150.0, spreads=False)],
                     radius=1, tol=1e-8, max_iter=3000)
    fast, slow = 0, 1
    assert fit.branching[fast] == pytest.approx(0.2, abs=0.05)
    assert fit.mean_lag_days[fast] == pytest.approx(3.0, rel=0.25)
    assert fit.spread[fast] == pytest.approx(0.5, abs=0.1)
    assert fit.branching[slow] == pytest.approx(0.3, abs=0.07)
    assert fit.mean_lag_days[slow] == pytest.approx(60.0, rel=0.25)
    assert fit.spread[slow] == 0.0
    assert _inner(fit, background.shape).mean() == pytest.approx(0.08, rel=0.15)


def test_without_self_excitation_the_fit_finds_almost_none() -> None:
    background = np.full((4, 4), 0.1)
    grid, day, cell = simulate(background, [Trigger(0.0, 5.0, 0.0)], 2000, seed=4, pad=PAD)
    fit = fit_hawkes(day, cell, grid, 0, 2000,
                     [Component(7.0, 1.0, 30.0), Component(180.0, 30.0, 730.0, spreads=False)],
                     radius=1)
    assert sum(fit.branching) < 0.03
    assert _inner(fit, background.shape).mean() == pytest.approx(0.1, rel=0.05)


def _brute_loglik(fit: HawkesFit, day: np.ndarray, cell: np.ndarray) -> float:
    """Σ over every cell and day of n log λ - λ, λ summed event by event (independent)."""
    g, span = fit.grid, fit.end - fit.start
    lam = np.tile(fit.background, (span, 1))
    lags = np.arange(1, span + 1)
    for theta, mean_lag, nu in zip(fit.branching, fit.mean_lag_days, fit.spread, strict=True):
        a = 1 - 1 / mean_lag
        kernel = theta * (1 - a) * a ** (lags - 1)
        for d, c in zip(day, cell, strict=True):
            row, col = divmod(int(c), g.nx)
            for (dx, dy), share in [((0, 0), 1 - nu), *[(o, nu / 8) for o in RING]]:
                later = slice(int(d) + 1, span)
                lam[later, (row + dy) * g.nx + col + dx] += share * kernel[:span - int(d) - 1]
    counts = np.zeros_like(lam)
    np.add.at(counts, (day, cell), 1.0)
    return float((counts * np.log(np.maximum(lam, 1e-300))).sum() - lam.sum()) / day.size


def test_the_likelihood_the_fit_reports_is_the_likelihood_of_the_daily_counts() -> None:
    # The near-repeat component is summed over explicit pairs, the slow own-cell one by
    # prefix sums per cell: both against a sum over every cell and day.
    background = np.full((2, 2), 0.2)
    grid, day, cell = simulate(background, [Trigger(0.3, 4.0, 0.5), Trigger(0.2, 40.0, 0.0)],
                               300, seed=1, pad=PAD)
    fit = fit_hawkes(day, cell, grid, 0, 300,
                     [Component(7.0, 1.0, 30.0), Component(60.0, 30.0, 200.0, spreads=False)],
                     radius=1, tol=1e-10, max_iter=300)
    assert min(fit.branching) > 0  # both components in play
    assert fit.loglik == pytest.approx(_brute_loglik(fit, day, cell), abs=1e-9)


def _fit(branching: float, mean_lag: float, spread: float, background: float = 0.0
         ) -> HawkesFit:
    grid = Grid(cell_size=100.0, ix0=0, iy0=0, nx=5, ny=5)
    return HawkesFit(grid, 0, 10, 1, np.full(grid.size, background), (branching,),
                     (mean_lag,), (spread,), 0.0, 1, True, 1)


def test_one_events_offspring_over_two_days_by_hand() -> None:
    # θ = 0.5, mean lag 4 days: a = 0.75, g(1) = 0.25, g(2) = 0.1875. One event on day 0
    # in the middle cell; forecast for days 1 and 2 (origin 1):
    #   day 1: θ g(1) = 0.125;  day 2: θ g(2) + (θ g(1))² = 0.09375 + 0.015625.
    fit = _fit(0.5, 4.0, 0.0)
    got = expected_counts(fit, np.array([0]), np.array([12]), 1, 2)
    assert got[12] == pytest.approx(0.125 + 0.09375 + 0.015625)
    assert got.sum() == pytest.approx(got[12])


def test_near_repeats_land_in_the_ring_in_the_fitted_share() -> None:
    # With ν = 0.8 a day-1 child lands in each ring cell with 0.8 / 8 of θ g(1).
    fit = _fit(0.5, 4.0, 0.8)
    got = expected_counts(fit, np.array([0]), np.array([12]), 1, 1)
    assert got[12] == pytest.approx(0.125 * 0.2)
    for dx, dy in RING:
        assert got[12 + dy * 5 + dx] == pytest.approx(0.125 * 0.1)
    assert got.sum() == pytest.approx(0.125)


def test_background_alone_gives_rate_times_days() -> None:
    got = expected_counts(_fit(0.0, 4.0, 0.0, background=0.03), np.zeros(0, dtype=np.int64),
                          np.zeros(0, dtype=np.int64), 5, 14)
    assert got == pytest.approx(np.full(25, 0.42))


def test_the_forecast_matches_simulated_futures() -> None:
    # Expected counts against the mean of many simulated continuations of one history.
    fit = _fit(0.6, 3.0, 0.5, background=0.02)
    history_day, history_cell = np.array([0, 2, 2, 3]), np.array([12, 12, 13, 7])
    got = expected_counts(fit, history_day, history_cell, 4, 7)
    rng = np.random.default_rng(0)
    a = 1 - 1 / 3.0
    runs, total = 4000, np.zeros(25)
    for _ in range(runs):
        parents = list(zip(history_day.tolist(), history_cell.tolist(), strict=True))
        for d in range(4, 11):  # immigrants in the horizon
            counts = rng.poisson(0.02, 25)
            parents += [(d, c) for c in range(25) for _ in range(int(counts[c]))]
        queue = list(parents)
        while queue:
            d, c = queue.pop()
            if d >= 4:
                total[c] += 1
            for _ in range(rng.poisson(0.6)):
                child = d + int(rng.geometric(1 - a))
                row, col = divmod(c, 5)
                if rng.random() < 0.5:
                    dx, dy = RING[rng.integers(0, 8)]
                    row, col = row + dy, col + dx
                # Children before the origin did not happen: the history is what it is.
                if 4 <= child < 11 and 0 <= row < 5 and 0 <= col < 5:
                    queue.append((child, row * 5 + col))
    # Bounds of about three standard errors of the simulated means (clusters make them
    # wide: each event brings 1 / (1 - 0.6) = 2.5 on average).
    assert total / runs == pytest.approx(got, abs=0.035)
    assert (total / runs).sum() == pytest.approx(got.sum(), rel=0.04)
