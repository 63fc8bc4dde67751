"""The self-exciting point-process model (grid Hawkes, Mohler et al.) as an anticipation model.

At each origin the process (:mod:`sterkte.anticipate.pointprocess`) is fitted
by likelihood to the events of the last ``window_days`` before the origin,
and the forecast is the expected number of events per study cell over the
horizon: background, plus what the known events still trigger, plus what the
events expected in the horizon trigger in turn.

Two triggering components: a fast one (mean lag 1-30 days, offspring in the
cell or its ring within ``trigger_radius_m``: near-repeats) and a slow one
(30-730 days, in the cell itself: hot spots that wax and wane). The background is the declustered
events smoothed by a Gaussian of ``background_bandwidth_m``; bandwidth and
radius are tuned by rolling-origin cross-validation on training years only
(:mod:`sterkte.anticipate.tuning`, values in ``models.yaml``).
"""

from __future__ import annotations

from sterkte.anticipate.grid import FloatArray
from sterkte.anticipate.history import EventHistory
from sterkte.anticipate.models.base import Model
from sterkte.anticipate.pointprocess import Component, HawkesFit, expected_counts, fit_hawkes
from sterkte.errors import InputError, message_of

#: Fast (near-repeat) and slow (waxing and waning hot spot) components: start and range (days).
FAST = Component(mean_lag_days=7.0, min_lag_days=1.0, max_lag_days=30.0)
SLOW = Component(mean_lag_days=180.0, min_lag_days=30.0, max_lag_days=730.0, spreads=False)


class SelfExciting(Model):
    """Grid Hawkes process fitted by EM at every origin (expected events per cell)."""

    name = "hawkes"
    learned = True

    def __init__(
        self,
        window_days: int = 728,
        background_bandwidth_m: float = 750.0,
        trigger_radius_m: float = 0.0,
        tol: float = 1e-6,
        max_iter: int = 200,
    ) -> None:
        self.window_days = window_days
        self.background_bandwidth_m = background_bandwidth_m
        self.trigger_radius_m = trigger_radius_m
        self.tol = tol
        self.max_iter = max_iter
        #: The fit of the latest forecast (for the model card and tests).
        self.last_fit: HawkesFit | None = None

    def fit(self, history: EventHistory, origin: int) -> HawkesFit:
        """The process fitted to the ``window_days`` before ``origin``."""
        size = history.area.grid.cell_size
        first = int(history.day[0]) if history.day.size else origin
        try:
            return fit_hawkes(
                history.day, history.cell, history.area.grid,
                start=max(origin - self.window_days, first), end=origin,
                components=(FAST, SLOW),
                radius=round(self.trigger_radius_m / size),
                background_bandwidth_cells=self.background_bandwidth_m / size,
                max_iter=self.max_iter, tol=self.tol,
            )
        except ValueError as exc:
            raise InputError.at(f"model {self.name}", message_of(exc)) from None

    def forecast(self, history: EventHistory, origin: int, horizon: int) -> FloatArray:
        fit = self.fit(history, origin)
        self.last_fit = fit
        expected = expected_counts(fit, history.day, history.cell, origin, horizon)
        return expected[history.area.cells]

    def describe(self) -> str:
        reach = (f"within {self.trigger_radius_m:g} m" if self.trigger_radius_m > 0
                 else "in the cell itself")
        return (f"self-exciting point process (grid Hawkes, Mohler et al.): background smoothed "
                f"at {self.background_bandwidth_m:g} m, near-repeats {reach}, fast and slow "
                f"triggering fitted by likelihood on the last {self.window_days} days")
