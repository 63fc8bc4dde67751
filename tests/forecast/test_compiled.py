"""The sampled engine compiled as one kernel (sterkte.forecast.compiled): in use where
numba is, its binomials follow the binomial law (checked against the probability mass
function, an independent closed form), and its samples are ledgers of whole persons
centred on the exact model (test_montecarlo, test_conservation and test_distributed run
on it too)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sterkte.forecast import resolve, simulate, start_from_stocks
from sterkte.forecast.borrow import borrowed
from sterkte.forecast.compiled import run_kernel
from sterkte.forecast.draws import _binom_modal, _hazard, log_factorials
from sterkte.forecast.inputs import forecast_parameters
from sterkte.forecast.thinning import COMPILED

# Deliberate: numba is installed only on the Python versions it supports (pyproject), and
# without it the numpy engine runs; this file tests the compiled one.
numba = pytest.importorskip("numba")


def test_the_compiled_engine_runs_samples_where_numba_is() -> None:
    assert COMPILED and run_kernel is not None


@numba.njit
def _draws(gen: np.random.Generator, n: float, h: float, size: int,
           table: np.ndarray) -> np.ndarray:  # pragma: no cover - compiled
    p, log_q, odds, slack, log_p = _hazard(h)
    out = np.empty(size)
    for i in range(size):
        out[i] = _binom_modal(gen, n, h, p, log_q, odds, slack, log_p, table)
    return out


@pytest.mark.parametrize(("n", "h"), [(3300, 0.0043), (9500, 0.0034), (60, 0.4), (200, 0.7),
                                      (40, 0.05)])
def test_binomial_draws_follow_the_binomial_law(n: int, h: float) -> None:
    """Means from 2 to 140, by inversion from 0 and from the mode, flipped above 1/2:
    the frequencies of 200,000 draws against n! / (k! (n−k)!) h^k (1−h)^(n−k) (by
    math.lgamma), by a
    chi-square statistic over the cells with an expected count of at least 20."""
    draws = _draws(np.random.default_rng(7), float(n), h, 200_000, log_factorials())
    assert np.all(draws == np.round(draws)) and draws.min() >= 0 and draws.max() <= n
    counts = np.bincount(draws.astype(np.int64), minlength=n + 1)
    pmf = np.array([math.exp(math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
                             + k * math.log(h) + (n - k) * math.log1p(-h))
                    for k in range(n + 1)])
    expected = 200_000 * pmf
    cells = expected >= 20
    chi2 = float(((counts[cells] - expected[cells]) ** 2 / expected[cells]).sum())
    dof = int(cells.sum()) - 1
    # the 99.99th percentile of chi-square with dof degrees of freedom is below this
    assert chi2 < dof + 8.5 * math.sqrt(2 * dof) + 20, (chi2, dof)
    assert abs(draws.mean() - n * h) < 5 * math.sqrt(n * h * (1 - h) / 200_000)


def test_large_groups_keep_every_identity_and_whole_persons() -> None:
    """A model whose groups have large means (so inversion from the mode is used):
    every sample adds up and holds whole persons; the mean is the exact model's."""
    params = forecast_parameters()
    state = start_from_stocks({"NN": 20000.0}, {"NN": 6000.0}, {"NN": 3000.0}, params,
                              2022 * 12, "test")
    inputs = resolve(params, state, 36)
    traj = simulate(inputs, samples=300, rng=np.random.default_rng(5))
    assert (traj.monthly >= 0).all()
    flows = traj.flows.sum(-1)  # over months
    for c, idx in ((0, range(0, 8)), (1, range(8, 13)), (2, range(13, 19))):
        np.testing.assert_allclose(traj.opening[:, :, c, 0] + flows[:, :, list(idx)].sum(-1),
                                   traj.closing[:, :, c, -1], atol=1e-6)
    exact = simulate(inputs).monthly[0, 0, :, -1]
    mean = traj.monthly[:, 0, :, -1].mean(0)
    se = traj.monthly[:, 0, :, -1].std(0) / math.sqrt(300)
    assert np.all(np.abs(mean - exact) < 5 * se + 2.0), (mean, exact)


def test_the_same_seed_gives_the_numbers_it_gave_before_the_kernel_was_sped_up() -> None:
    """A regression guard only (the model's own output, not an independent truth): the
    ensemble of the contract tests' model — 400 samples in two blocks of 250 and 150, on
    two threads — gives the figures the kernel gave before its speed-up (commit f2849b3):
    the speed-up reordered no draw and changed no arithmetic. Pinned: OS at the end of the
    last period, summed over the samples per unit, and in samples at the blocks' edges;
    OS planned and unplanned outflow summed (fte)."""
    from sterkte.forecast.montecarlo import run_ensemble
    from sterkte.forecast.result import reporting_periods
    from sterkte.org.units import REPORTING_UNIT_CODES

    params = forecast_parameters()
    units = REPORTING_UNIT_CODES[:3]
    state = start_from_stocks({u: 1500.0 for u in units}, {u: 300.0 for u in units},
                              {u: 400.0 for u in units}, params, 2022 * 12, "contract")
    inputs = resolve(params, state, 24)
    pom, _ = reporting_periods(2022 * 12, 24)
    ens = run_ensemble(inputs, pom, 400, seed=5, workers=2)
    os_end = ens.closing[:, :3, 0, -1]
    np.testing.assert_allclose(os_end.sum(0), [731714.46408322, 731400.19445936,
                                               746659.73064031], rtol=1e-12)
    np.testing.assert_allclose(os_end[[0, 249, 250, 399], 0],
                               [1870.652523, 1822.76381841, 1863.66875358, 1814.78236765],
                               rtol=1e-10)
    np.testing.assert_allclose([ens.flows[:, :3, 6].sum(), ens.flows[:, :3, 7].sum()],
                               [-124245.64161792643, -79701.23238297537], rtol=1e-12)


@numba.njit
def _add_to_block(a: np.ndarray, first: int, n: int) -> None:  # pragma: no cover - compiled
    from_first = borrowed(a, first)
    for i in range(a.shape[0]):
        for s in range(n):
            from_first[i, s] += 100.0


def test_a_borrowed_array_is_the_callers_memory_from_the_blocks_first_sample() -> None:
    """borrow.borrowed(a, first), compiled, reads and writes a[..., first + s] — the
    kernel's results of one block among the ensemble's — and nothing else."""
    a = np.arange(12.0).reshape(2, 6)
    _add_to_block(a, 2, 3)
    expected = np.arange(12.0).reshape(2, 6)
    expected[:, 2:5] += 100.0
    assert np.array_equal(a, expected)
