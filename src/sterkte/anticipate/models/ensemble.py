"""A calibrated ensemble: a weighted pool of the models' rankings at one model's level.

Each member's forecast is turned into shares of the study area's events
(its forecast / its total); the ensemble's shares are the weighted mean of
the members' shares (a linear opinion pool), and its level — the events
expected in the whole study area — is that of the ``level`` member, the
self-exciting model, whose level is fitted by likelihood (the smoothed
baselines take theirs from the last 91 days, the counts from none). The
weights are dated parameters chosen by rolling-origin cross-validation on
training years only (``models.yaml``); the pooled calibration is one of the
success criteria, checked on every backtest.

:class:`Memo` lets the ensemble share its members' forecasts with the same
models run on their own in a backtest, so nothing is fitted twice.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from sterkte.anticipate.grid import FloatArray
from sterkte.anticipate.history import EventHistory
from sterkte.anticipate.models.base import Model
from sterkte.errors import Msg


class Memo(Model):
    """A model whose forecasts are kept per (origin, horizon) for one event history."""

    def __init__(self, inner: Model) -> None:
        self.inner = inner
        self.name = inner.name
        self.learned = inner.learned
        self._history: EventHistory | None = None
        self._kept: dict[tuple[int, int], FloatArray] = {}

    def forecast(self, history: EventHistory, origin: int, horizon: int) -> FloatArray:
        if self._history is not history:
            self._history, self._kept = history, {}
        key = (origin, horizon)
        if key not in self._kept:
            self._kept[key] = self.inner.forecast(history, origin, horizon)
        return self._kept[key].copy()

    def describe(self) -> str:
        return self.inner.describe()


def _shares(forecast: FloatArray) -> FloatArray:
    total = float(forecast.sum())
    if total <= 0:
        return np.full(forecast.shape, 1.0 / max(forecast.size, 1))
    return np.asarray(forecast / total, dtype=np.float64)


class Ensemble(Model):
    """Weighted pool of the members' shares, scaled to the ``level`` member's expected total."""

    name = "ensemble"
    learned = True

    def __init__(self, members: Mapping[str, Model], weights: Mapping[str, float],
                 level: Model) -> None:
        if set(weights) != set(members):
            raise ValueError(Msg("elk lid vraagt een gewicht en elk gewicht een lid",
                                 "every member needs a weight and every weight a member"))
        if any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
            raise ValueError(Msg("de gewichten mogen niet negatief en niet alle nul zijn",
                                 "weights must be non-negative and not all zero"))
        total = sum(weights.values())
        self.members = dict(members)
        self.weights = {m: w / total for m, w in weights.items()}
        self.level = level

    def forecast(self, history: EventHistory, origin: int, horizon: int) -> FloatArray:
        pooled = np.zeros(history.area.n_cells)
        for name, model in self.members.items():
            pooled += self.weights[name] * _shares(model.forecast(history, origin, horizon))
        expected = float(self.level.forecast(history, origin, horizon).sum())
        return np.asarray(pooled * expected, dtype=np.float64)

    def describe(self) -> str:
        parts = ", ".join(f"{m} {w:.0%}" for m, w in self.weights.items())
        return (f"calibrated ensemble: weighted pool of the rankings of {parts}, at the "
                f"expected level of {self.level.name}")
