"""The compiled inner loop of the sampled engine: its binomial draws are numpy's own, and
thinning takes whole persons, never more than a cell holds, with the binomial law for a
group's total and shares in proportion to the cells' stocks."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from sterkte.forecast.thinning import (
    COMPILED,
    ThinKernel,
    binomials,
    thin_groups,
    thin_groups_numpy,
)

# the compiled kernel, and the plain-numpy one used where numba is not available
KERNELS = pytest.mark.parametrize("thin", [thin_groups, thin_groups_numpy],
                                  ids=["compiled", "numpy"])


def test_the_compiled_kernel_is_in_use_here() -> None:
    """numba is a dependency on the Python versions it supports (this one): the tests of
    the compiled kernel must not silently run the numpy one."""
    assert COMPILED and thin_groups is not thin_groups_numpy


@pytest.mark.parametrize(("n_mid", "p"), [
    (10, 0.3), (60, 0.5), (3600, 0.00427), (7600, 0.0034), (12000, 0.0034),  # inversion
    (100_000, 0.02), (5_000, 0.4),  # n·p > 30: BTPE
])
def test_binomial_draws_are_numpys_draws_from_the_same_generator(n_mid: int, p: float
                                                                  ) -> None:
    n = np.random.default_rng(0).integers(max(0, n_mid - 100), n_mid + 100, 20_000)
    ours, theirs = np.random.default_rng(7), np.random.default_rng(7)
    out = np.empty_like(n)
    binomials(ours, n, p, out)
    np.testing.assert_array_equal(out, theirs.binomial(n, p))
    # and the generators are left in the same state: the same uniforms were used
    assert ours.random() == theirs.random()


def _cells(rows: int, cols: int, seed: int) -> np.ndarray:
    cells = np.random.default_rng(seed).integers(0, 60, (rows, cols)).astype(np.float64)
    cells[3] = 0.0  # an empty cell row
    return cells


@KERNELS
def test_thinning_takes_whole_persons_never_more_than_a_cell_holds(thin: ThinKernel) -> None:
    cells = _cells(12, 500, 1)
    before = cells.copy()
    hazard = np.array([[0.3, 0.05], [0.9, 0.2]])  # group g, column j: hazard[g, j % 2]
    spans = np.array([[0, 5], [5, 12]], dtype=np.int64)
    out = np.zeros_like(cells)
    total = np.zeros(cells.shape[1])
    thin(cells, hazard, spans, out, total, True, np.random.default_rng(3))
    assert np.array_equal(out, np.round(out)) and (out >= 0).all()
    assert (out <= before).all()
    np.testing.assert_array_equal(cells + out, before)  # taken out, not lost
    np.testing.assert_array_equal(total, out.sum(0))
    assert (out[3] == 0).all()


@KERNELS
def test_the_number_leaving_a_group_is_binomial_and_shared_by_stock(thin: ThinKernel) -> None:
    rows, cols = 6, 40_000
    stock = np.array([5.0, 0.0, 20.0, 40.0, 15.0, 20.0])  # 100 persons in the group
    cells = np.repeat(stock[:, None], cols, axis=1)
    h = 0.07
    out = np.zeros_like(cells)
    total = np.zeros(cols)
    thin(cells, np.array([[h]]), np.array([[0, rows]], dtype=np.int64), out, total,
                False, np.random.default_rng(11))
    np.testing.assert_array_equal(cells, np.repeat(stock[:, None], cols, axis=1))  # kept
    k = out.sum(0)
    # Binomial(100, 0.07): mean 7, variance 6.51; the sample mean within 5 standard errors
    assert abs(k.mean() - 7.0) < 5 * np.sqrt(6.51 / cols)
    assert abs(k.var() - 6.51) < 0.25
    assert np.mean(k == 0) == pytest.approx(0.93 ** 100, abs=0.002)
    # each cell's share of the leavers is its share of the stock
    share = out.sum(1) / k.sum()
    np.testing.assert_allclose(share, stock / stock.sum(), atol=0.01)
    assert out[1].sum() == 0


@KERNELS
def test_certain_and_impossible_hazards(thin: ThinKernel) -> None:
    cells = _cells(4, 300, 2)
    before = cells.copy()
    out = np.zeros_like(cells)
    total = np.zeros(cells.shape[1])
    rng = np.random.default_rng(5)
    state = rng.bit_generator.state
    spans = np.array([[0, 4]], dtype=np.int64)
    thin(cells, np.array([[0.0]]), spans, out, total, True, rng)
    assert (out == 0).all() and np.array_equal(cells, before)
    assert rng.bit_generator.state == state  # nobody can leave: nothing drawn
    thin(cells, np.array([[1.0]]), spans, out, total, True, rng)
    np.testing.assert_array_equal(out, before)
    assert (cells == 0).all()


@KERNELS
def test_hazards_above_one_half_draw_those_who_stay(thin: ThinKernel) -> None:
    cols = 20_000
    cells = np.full((2, cols), 50.0)
    out = np.zeros((0, cols))  # leavers per cell not kept, only their number
    total = np.zeros(cols)
    thin(cells, np.array([[0.8]]), np.array([[0, 2]], dtype=np.int64), out, total,
                True, np.random.default_rng(13))
    # Binomial(100, 0.8): mean 80, variance 16
    assert abs(total.mean() - 80.0) < 5 * np.sqrt(16 / cols)
    assert abs(total.var() - 16.0) < 0.8
    np.testing.assert_array_equal(cells.sum(0), 100.0 - total)


def test_a_sampled_forecast_without_numba_keeps_every_identity() -> None:
    """The whole engine on the numpy kernel (a fresh process with STERKTE_NUMBA=0): every
    sample a ledger whose identities hold, nobody negative, centred on the exact run."""
    code = """
import os
import subprocess
import sys

import numpy as np
from sterkte.forecast import thinning, resolve, simulate, start_from_stocks
from sterkte.forecast.inputs import forecast_parameters
from sterkte.forecast.result import to_ledger
from sterkte.ledger import Period
assert not thinning.COMPILED
params = forecast_parameters()
state = start_from_stocks({"NN": 3000.0, "ON": 800.0}, {"NN": 300.0}, {"NN": 400.0},
                          params, 2022 * 12, "test")
inputs = resolve(params, state, 24)
traj = simulate(inputs, samples=200, rng=np.random.default_rng(1))
periods = [Period.month(2022 + t // 12, t % 12 + 1) for t in range(24)]
for s in range(0, 200, 20):
    assert to_ledger(traj, periods, sample=s).check_identities(tolerance=1e-6) == []
assert (traj.monthly >= 0).all()
exact = simulate(inputs).monthly[0, :, 0, -1]
mean, se = traj.monthly[:, :, 0, -1].mean(0), traj.monthly[:, :, 0, -1].std(0) / np.sqrt(200)
assert np.all(np.abs(mean - exact) < 5 * se + 1.0), (mean, exact)
print("OK")
"""
    env = {**os.environ, "STERKTE_NUMBA": "0"}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "OK"
