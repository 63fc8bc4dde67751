"""Learned models: Poisson regressions on multi-scale lagged counts and season.

For a forecast at origin ``t`` a model is trained on past periods
``[o, o + h)`` with ``o = t - h - k·step`` (``k = 0 … training_origins - 1``):
features from :mod:`sterkte.anticipate.features` (events before ``o``, and
long-run rates over the two years before ``t`` with the period left out),
target the events in the period. The loss is the Poisson deviance, so the
output is an expected count per cell.

The models learn a *correction* to each cell's long-run rate: the long-run
rate (plus a small prior ``prior_rate``) is an offset, ``μ = offset · exp(f(x))``,
fitted as a Poisson regression of ``y / offset`` weighted by ``offset``. On the
NYC data a free model ranked the top cells worse than the plain two-year
count; with the offset it starts from that ranking and moves away from it
only where recent, seasonal or area-wide signals say so.

* :class:`PoissonBoosting` — gradient-boosted trees (scikit-learn's
  ``HistGradientBoostingRegressor(loss="poisson")``), monotone in past
  counts, fixed seed.
* :class:`PoissonGLM` — a Poisson GLM (``PoissonRegressor``) on ``log1p``
  of the features.

Training uses one thread by default so that results and timings do not depend
on the machine.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from sterkte.anticipate.features import FeatureBuilder, feature_names
from sterkte.anticipate.grid import FloatArray
from sterkte.anticipate.history import EventHistory
from sterkte.anticipate.models.base import Model

_NAMES = feature_names()
#: Training rows above which rows without events are subsampled (and weighted up).
MAX_TRAINING_ROWS = 250_000
_OWN_LONG_RUN = _NAMES.index("own_long_run_rate")


class _LearnedModel(Model):
    learned = True

    def __init__(
        self,
        training_origins: int,
        training_step_days: int,
        prior_rate: float,
        use_neighbourhood: bool,
        n_threads: int,
    ) -> None:
        self.training_origins = training_origins
        self.training_step_days = training_step_days
        self.prior_rate = prior_rate
        self.use_neighbourhood = use_neighbourhood
        self.n_threads = n_threads
        self.max_training_rows = MAX_TRAINING_ROWS
        self._builder: FeatureBuilder | None = None

    def columns(self) -> list[int]:
        """Indices of the features the model uses."""
        return [
            i for i, n in enumerate(_NAMES) if self.use_neighbourhood or not n.startswith("nbr")
        ]

    def _features(
        self, history: EventHistory, origin: int, horizon: int, as_of: int
    ) -> FloatArray:
        # Rolling backtests ask for the same training periods again and again.
        if self._builder is None or self._builder.history is not history:
            self._builder = FeatureBuilder(history)
        return self._builder.features(origin, horizon, as_of)

    def offset(self, features: FloatArray, horizon: int) -> FloatArray:
        """Expected events from the long-run rate alone (events per period)."""
        return (features[:, _OWN_LONG_RUN] + self.prior_rate) * (horizon / 364.0)

    def training_set(
        self, history: EventHistory, origin: int, horizon: int
    ) -> tuple[FloatArray, FloatArray]:
        """Stacked features and targets (events) of the training periods before ``origin``."""
        step = self.training_step_days or horizon
        xs, ys = [], []
        for k in range(self.training_origins):
            o = origin - horizon - k * step
            xs.append(self._features(history, o, horizon, origin))
            ys.append(history.cell_counts(o, o + horizon))
        return np.vstack(xs), np.concatenate(ys)

    def forecast(self, history: EventHistory, origin: int, horizon: int) -> FloatArray:
        x, y = self.training_set(history, origin, horizon)
        x_new = self._features(history, origin, horizon, origin)
        base, base_new = self.offset(x, horizon), self.offset(x_new, horizon)
        if y.sum() <= 0:
            return np.zeros(x_new.shape[0])
        cols = self.columns()
        keep, weight = self._subsample(y, base, origin)
        # scikit-learn is imported here, when a learned model is fitted: importing it
        # costs about two seconds, which every other sterkte command would pay.
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=self.n_threads):
            factor = self._fit_predict(x[keep][:, cols], (y / base)[keep], weight, x_new[:, cols])
        return np.clip(np.asarray(factor * base_new, dtype=np.float64), 0.0, None)

    def _subsample(
        self, y: FloatArray, base: FloatArray, origin: int
    ) -> tuple[npt.NDArray[np.bool_], FloatArray]:
        """Rows to train on and their weights.

        Above ``max_training_rows`` a seeded random share of the rows without
        events is kept and weighted up by its inverse, so the Poisson fit stays
        unbiased while large areas train in bounded time.
        """
        n = y.size
        if n <= self.max_training_rows:
            return np.ones(n, dtype=bool), base
        zero = y == 0
        room = max(self.max_training_rows - int((~zero).sum()), 1)
        share = min(1.0, room / max(int(zero.sum()), 1))
        rng = np.random.default_rng(origin)
        keep = ~zero | (rng.random(n) < share)
        weight = np.where(zero, base / share, base)
        return keep, weight[keep]

    def _fit_predict(
        self, x: FloatArray, ratio: FloatArray, weight: FloatArray, x_new: FloatArray
    ) -> FloatArray:
        raise NotImplementedError


def _monotone_constraints(names: list[str]) -> list[int]:
    """More past events in or around a cell never lower its forecast."""
    out = []
    for name in names:
        if name == "days_since_last_event":
            out.append(-1)
        elif name.startswith(("own_", "nbr")):
            out.append(1)
        else:
            out.append(0)
    return out


class PoissonBoosting(_LearnedModel):
    """Gradient-boosted trees with Poisson loss on the long-run offset."""

    name = "poisson_gbm"

    def __init__(
        self,
        training_origins: int = 13,
        training_step_days: int = 28,
        prior_rate: float = 0.1,
        use_neighbourhood: bool = False,
        max_iter: int = 100,
        learning_rate: float = 0.05,
        max_leaf_nodes: int = 15,
        min_samples_leaf: int = 200,
        seed: int = 0,
        n_threads: int = 1,
    ) -> None:
        super().__init__(
            training_origins, training_step_days, prior_rate, use_neighbourhood, n_threads
        )
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.min_samples_leaf = min_samples_leaf
        self.seed = seed

    def _fit_predict(
        self, x: FloatArray, ratio: FloatArray, weight: FloatArray, x_new: FloatArray
    ) -> FloatArray:
        from sklearn.ensemble import HistGradientBoostingRegressor

        model = HistGradientBoostingRegressor(
            loss="poisson",
            max_iter=self.max_iter,
            learning_rate=self.learning_rate,
            max_leaf_nodes=self.max_leaf_nodes,
            min_samples_leaf=self.min_samples_leaf,
            l2_regularization=1.0,
            early_stopping=False,
            random_state=self.seed,
            monotonic_cst=_monotone_constraints([_NAMES[i] for i in self.columns()]),
        )
        model.fit(x, ratio, sample_weight=weight)
        return np.asarray(model.predict(x_new), dtype=np.float64)

    def describe(self) -> str:
        return (f"gradient-boosted trees (Poisson loss, {self.max_iter} trees of at most "
                f"{self.max_leaf_nodes} leaves) correcting each cell's two-year rate; "
                f"trained on {self.training_origins} past periods")


class PoissonGLM(_LearnedModel):
    """Poisson GLM on log1p features (standardised), on the long-run offset."""

    name = "poisson_glm"

    def __init__(
        self,
        training_origins: int = 13,
        training_step_days: int = 28,
        prior_rate: float = 0.1,
        use_neighbourhood: bool = False,
        alpha: float = 1e-3,
        n_threads: int = 1,
    ) -> None:
        super().__init__(
            training_origins, training_step_days, prior_rate, use_neighbourhood, n_threads
        )
        self.alpha = alpha

    def _fit_predict(
        self, x: FloatArray, ratio: FloatArray, weight: FloatArray, x_new: FloatArray
    ) -> FloatArray:
        lx, lnew = np.log1p(np.maximum(x, 0)), np.log1p(np.maximum(x_new, 0))
        # The season columns (last two) may be negative; keep them as they are.
        lx[:, -2:], lnew[:, -2:] = x[:, -2:], x_new[:, -2:]
        mu, sd = lx.mean(axis=0), lx.std(axis=0)
        sd[sd == 0] = 1.0
        from sklearn.linear_model import PoissonRegressor

        model = PoissonRegressor(alpha=self.alpha, max_iter=300)
        model.fit((lx - mu) / sd, ratio, sample_weight=weight)
        return np.asarray(model.predict((lnew - mu) / sd), dtype=np.float64)

    def describe(self) -> str:
        return (f"Poisson GLM on log1p lagged counts and season, correcting each cell's "
                f"two-year rate; trained on {self.training_origins} past periods")
