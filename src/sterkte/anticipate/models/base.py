"""What every anticipation model is: configure in the constructor, then forecast.

``forecast(history, origin, horizon)`` returns the expected number of events
per study-area cell in days ``[origin, origin + horizon)``, using only events
before ``origin``. Models are deterministic: the same history gives the same
forecast.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np

from sterkte.anticipate.grid import FloatArray
from sterkte.anticipate.history import EventHistory


class Model(ABC):
    """A forecaster of expected events per cell and period."""

    #: Short name used on the command line and in reports.
    name: str = "model"
    #: Whether the model learns its weights from data (vs. a fixed rule).
    learned: bool = False

    @abstractmethod
    def forecast(self, history: EventHistory, origin: int, horizon: int) -> FloatArray:
        """Expected events per study cell in ``[origin, origin + horizon)`` (events)."""

    def describe(self) -> str:
        """One line for the model card."""
        return self.name


def recent_level(history: EventHistory, origin: int, horizon: int, window: int) -> float:
    """Expected events in the study area over the horizon, from the last ``window`` days."""
    return history.total_in_area(origin - window, origin) * horizon / window


def scale_to_level(score: FloatArray, level: float) -> FloatArray:
    """Turn relative scores into expected counts that sum to ``level`` events."""
    total = float(score.sum())
    if total <= 0:
        return np.full(score.shape, level / max(score.size, 1))
    return np.asarray(score * (level / total), dtype=np.float64)
