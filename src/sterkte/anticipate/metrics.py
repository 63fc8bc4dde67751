"""How good a forecast was: hit rate, PAI, PEI, Poisson log-likelihood, calibration.

For a coverage ``c`` (share of the study area, e.g. 0.03) the flagged cells
are the ``n = ceil(c · N)`` cells with the highest forecast. Cells tied with
the n-th score share the remaining places pro rata, so a tie never helps or
hurts by the order in which cells happen to be stored.

* hit rate = events in flagged cells / all events in the period, where "all
  events" includes events outside the study area (they could not be caught);
* PAI (predictive accuracy index, Chainey et al. 2008) = hit rate / (n / N);
* PEI (predictive efficiency index, Hunt 2016) = events in flagged cells /
  the most events any ``n`` cells held — 1.0 is a perfect forecast.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sterkte.anticipate.grid import FloatArray
from sterkte.errors import Msg

#: Coverages the issue asks for (share of the study area).
COVERAGES: tuple[float, ...] = (0.01, 0.03, 0.05, 0.10)
#: Rank bands (shares of the area, by forecast) for calibration.
CALIBRATION_BANDS: tuple[float, ...] = (0.01, 0.03, 0.05, 0.10, 0.25, 0.5, 1.0)
#: Forecasts below this (events) count as this in the log-likelihood.
MIN_EXPECTED = 1e-3


def flagged_cells(n_cells: int, coverage: float) -> int:
    """Number of cells flagged at ``coverage`` of ``n_cells`` (at least one)."""
    return max(1, math.ceil(coverage * n_cells - 1e-9))


def captured(score: FloatArray, observed: FloatArray, n: int) -> float:
    """Events in the ``n`` highest-scoring cells, ties at the cut shared pro rata."""
    if n >= score.size:
        return float(observed.sum())
    cut = np.partition(score, score.size - n)[score.size - n]
    above = score > cut
    tied = score == cut
    places = n - int(above.sum())
    share = places / int(tied.sum())
    return float(observed[above].sum() + share * observed[tied].sum())


def best_possible(observed: FloatArray, n: int) -> float:
    """The most events any ``n`` cells held."""
    if n >= observed.size:
        return float(observed.sum())
    return float(np.sort(observed)[::-1][:n].sum())


def poisson_loglik(expected: FloatArray, observed: FloatArray) -> float:
    """Mean Poisson log-likelihood per cell (nats); forecasts floored at MIN_EXPECTED."""
    mu = np.maximum(expected, MIN_EXPECTED)
    ll = observed * np.log(mu) - mu - _log_factorial(observed)
    return float(ll.mean())


def _log_factorial(k: FloatArray) -> FloatArray:
    """``log(k!)`` for non-negative whole counts."""
    ki = np.rint(k).astype(np.int64)
    table = np.concatenate([[0.0], np.cumsum(np.log(np.arange(1, int(ki.max(initial=0)) + 1)))])
    return np.asarray(table[ki], dtype=np.float64)


@dataclass(frozen=True)
class Scores:
    """The measures of one forecast against one period's events.

    ``hit_rate``, ``pai`` and ``pei`` are keyed by coverage. ``calibration``
    holds per rank band (``CALIBRATION_BANDS``) the forecast and observed
    events in that band.
    """

    n_cells: int
    events: float
    events_outside: float
    expected: float
    hit_rate: dict[float, float]
    pai: dict[float, float]
    pei: dict[float, float]
    loglik: float
    calibration: list[tuple[float, float, float]]

    @property
    def calibration_ratio(self) -> float:
        """Observed events in the study area / forecast events (1.0 = calibrated)."""
        return self.events / self.expected if self.expected > 0 else math.nan


def score_forecast(
    expected: FloatArray,
    observed: FloatArray,
    events_outside: float = 0.0,
    coverages: Sequence[float] = COVERAGES,
) -> Scores:
    """Measure a forecast (expected events per study cell) against observed events."""
    if expected.shape != observed.shape:
        raise ValueError(Msg("voorspelling en waarneming moeten dezelfde cellen beslaan",
                             "forecast and observation must cover the same cells"))
    n_cells = int(expected.size)
    inside = float(observed.sum())
    total = inside + events_outside
    hit, pai, pei = {}, {}, {}
    for c in coverages:
        n = flagged_cells(n_cells, c)
        got = captured(expected, observed, n)
        hit[c] = got / total if total > 0 else math.nan
        pai[c] = hit[c] / (n / n_cells) if total > 0 else math.nan
        best = best_possible(observed, n)
        pei[c] = got / best if best > 0 else math.nan
    order = np.argsort(-expected, kind="stable")
    calib: list[tuple[float, float, float]] = []
    lo = 0
    for band in CALIBRATION_BANDS:
        hi = min(n_cells, flagged_cells(n_cells, band))
        idx = order[lo:hi]
        calib.append((band, float(expected[idx].sum()), float(observed[idx].sum())))
        lo = hi
    return Scores(
        n_cells=n_cells,
        events=inside,
        events_outside=events_outside,
        expected=float(expected.sum()),
        hit_rate=hit,
        pai=pai,
        pei=pei,
        loglik=poisson_loglik(expected, observed),
        calibration=calib,
    )
