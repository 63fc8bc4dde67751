"""Hit rate, PAI and PEI against cases worked out by hand."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sterkte.anticipate.metrics import captured, flagged_cells, poisson_loglik, score_forecast


def test_hit_rate_and_pai_on_ten_cells_by_hand() -> None:
    # Ten cells; the forecast ranks cell 0 first, then 1, ...
    forecast = np.array([9, 8, 7, 6, 5, 4, 3, 2, 1, 0], dtype=float)
    observed = np.array([3, 0, 1, 0, 0, 0, 0, 0, 0, 6], dtype=float)
    s = score_forecast(forecast, observed, events_outside=0, coverages=(0.1, 0.3))
    # 10 % = 1 cell (cell 0): 3 of 10 events → hit rate 0.3, PAI 0.3 / 0.1 = 3.
    assert s.hit_rate[0.1] == pytest.approx(0.3)
    assert s.pai[0.1] == pytest.approx(3.0)
    # 30 % = 3 cells (0, 1, 2): 4 of 10 → hit 0.4, PAI 0.4 / 0.3.
    assert s.hit_rate[0.3] == pytest.approx(0.4)
    assert s.pai[0.3] == pytest.approx(0.4 / 0.3)
    # PEI: the best single cell held 6, the best three 6 + 3 + 1 = 10.
    assert s.pei[0.1] == pytest.approx(3 / 6)
    assert s.pei[0.3] == pytest.approx(4 / 10)


def test_events_outside_the_study_area_count_as_misses() -> None:
    s = score_forecast(np.array([1.0, 0.0]), np.array([2.0, 0.0]), events_outside=2,
                       coverages=(0.5,))
    assert s.hit_rate[0.5] == pytest.approx(0.5)
    assert s.pai[0.5] == pytest.approx(1.0)


def test_ties_at_the_cut_share_the_places_pro_rata() -> None:
    # Four cells tied; flag 1 of 4 → each tied cell counts for a quarter.
    forecast = np.zeros(4)
    observed = np.array([4.0, 0.0, 0.0, 0.0])
    assert captured(forecast, observed, 1) == pytest.approx(1.0)
    # One clear top cell and three tied for the second place.
    forecast = np.array([5.0, 1.0, 1.0, 1.0])
    observed = np.array([1.0, 3.0, 0.0, 0.0])
    assert captured(forecast, observed, 2) == pytest.approx(1 + 3 / 3)


def test_flagged_cells_round_up() -> None:
    assert flagged_cells(100, 0.03) == 3
    assert flagged_cells(101, 0.03) == 4
    assert flagged_cells(10, 0.01) == 1


def test_poisson_log_likelihood_by_hand() -> None:
    # y = 2, mu = 1: 2·log 1 − 1 − log 2! = −1 − log 2
    assert poisson_loglik(np.array([1.0]), np.array([2.0])) == pytest.approx(-1 - math.log(2))
    # A zero forecast is floored, so a surprise costs a lot but stays finite.
    assert math.isfinite(poisson_loglik(np.array([0.0]), np.array([1.0])))


def test_calibration_bands_add_up_to_the_totals() -> None:
    rng = np.random.default_rng(0)
    forecast = rng.random(500)
    observed = rng.poisson(forecast).astype(float)
    s = score_forecast(forecast, observed)
    assert sum(e for _, e, _ in s.calibration) == pytest.approx(forecast.sum())
    assert sum(o for _, _, o in s.calibration) == pytest.approx(observed.sum())
    assert s.calibration_ratio == pytest.approx(observed.sum() / forecast.sum())


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0, 5, allow_nan=False), st.integers(0, 4)),
             min_size=1, max_size=60),
    st.integers(0, 5),
)
def test_measures_stay_in_their_ranges(cells: list[tuple[float, int]], outside: int) -> None:
    forecast = np.array([f for f, _ in cells])
    observed = np.array([float(o) for _, o in cells])
    s = score_forecast(forecast, observed, float(outside))
    hits = [s.hit_rate[c] for c in (0.01, 0.03, 0.05, 0.10)]
    if observed.sum() + outside == 0:
        assert all(math.isnan(h) for h in hits)
        return
    assert all(0.0 <= h <= 1.0 + 1e-12 for h in hits)
    # Flagging more of the area never catches fewer events.
    assert all(a <= b + 1e-12 for a, b in itertools.pairwise(hits))
    assert all(math.isnan(p) or 0.0 <= p <= 1.0 + 1e-12 for p in s.pei.values())
