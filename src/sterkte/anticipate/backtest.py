"""Rolling-origin backtest: forecast at each origin, score against what happened.

Origins are calendar dates (00:00); at each origin every model forecasts the
next ``horizon`` days from the events before it, and the forecast is scored
(:mod:`sterkte.anticipate.metrics`) against the events recorded in those days.
The study area is fixed before the first origin, so nothing about the
evaluated periods leaks into it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from sterkte.anticipate.concentration import gini, top_positions
from sterkte.anticipate.grid import IntArray
from sterkte.anticipate.history import EventHistory
from sterkte.anticipate.metrics import COVERAGES, Scores, score_forecast
from sterkte.anticipate.models.base import Model
from sterkte.errors import Msg

#: Share of the area whose flagged cells are kept for the audit's stability check.
AUDIT_COVERAGE = 0.03
#: Called after each (model, origin) with the model name and the origin.
Progress = Callable[[str, date], None]


def rolling_origins(first: date, last: date, step_days: int, horizon_days: int) -> list[date]:
    """Origins ``first, first + step, …`` whose period ends on or before ``last + 1 day``.

    ``last`` is the last day with data; a period ``[origin, origin + horizon)``
    must lie within the data.
    """
    out = []
    d = first
    while d + timedelta(days=horizon_days) <= last + timedelta(days=1):
        out.append(d)
        d += timedelta(days=step_days)
    return out


@dataclass(frozen=True)
class EvaluationYears:
    """The held-back calendar year of a benchmark and the training year before it."""

    test: int
    train: int

    def origins(self, year: int, step_days: int = 14, horizon_days: int = 14,
                count: int = 26) -> list[date]:
        """The first ``count`` origins of ``year`` (:func:`year_origins`)."""
        return year_origins(year, step_days, horizon_days, count)


def year_origins(year: int, step_days: int = 14, horizon_days: int = 14,
                 count: int = 26) -> list[date]:
    """The first ``count`` origins of ``year`` from 1 January (26 fortnights fill a year)."""
    return rolling_origins(date(year, 1, 1), date(year, 12, 31), step_days,
                           horizon_days)[:count]


def evaluation_years(first_day: date, last_day: date, step_days: int = 14,
                     horizon_days: int = 14, count: int = 26,
                     year: int | None = None, training: bool = True) -> EvaluationYears:
    """The held-back year (the last calendar year whose ``count`` periods from 1 January lie
    within the data, or ``year``) and the training year before it.

    The held-back year's study area is the cells active before it, so the data must start
    before it; the training year's cross-validation (``training``) needs events before
    the training year in the same way. Raises ``ValueError`` naming the dates when they
    do not allow this.
    """
    def fits(y: int) -> bool:
        first = date(y, 1, 1)
        origins = rolling_origins(first, last_day, step_days, horizon_days)
        return len(origins) >= count and origins[count - 1] < date(y + 1, 1, 1)

    test = year if year is not None else last_day.year
    if year is None:
        while test > first_day.year and not fits(test):
            test -= 1
    before = date(test - 1 if training else test, 1, 1)
    if not fits(test) or first_day >= before:
        also = (f" en een trainingsjaar {test - 1} met gebeurtenissen ervóór" if training
                else " met gebeurtenissen ervóór")
        also_en = (f" and a training year {test - 1} with events before it" if training
                   else " with events before it")
        raise ValueError(Msg(
            f"de gebeurtenissen ({first_day} … {last_day}) bevatten geen jaar {test} met "
            f"{count} perioden{also}",
            f"the events ({first_day} … {last_day}) hold no year {test} with {count} periods"
            f"{also_en}"))
    return EvaluationYears(test, test - 1)


@dataclass
class BacktestResult:
    """Scores per model and origin (same order as ``origins``)."""

    origins: list[date]
    horizon_days: int
    n_cells: int
    cell_size: float
    models: list[str]
    learned: dict[str, bool]
    descriptions: dict[str, str]
    scores: dict[str, list[Scores]] = field(default_factory=dict)
    #: Per model and origin, the study-cell positions flagged at 3 % (for the audit).
    top_cells: dict[str, list[IntArray]] = field(default_factory=dict)
    #: Per model and origin, the Gini coefficient of the forecast over cells.
    gini: dict[str, list[float]] = field(default_factory=dict)

    def mean(
        self, model: str, metric: str, coverage: float | None = None, last: int | None = None
    ) -> float:
        """Mean of a metric over the (last ``last``) origins.

        ``metric`` is one of ``hit_rate``, ``pai``, ``pei`` (with a coverage),
        ``loglik``, ``calibration_ratio``.
        """
        rows = self.scores[model][-last:] if last else self.scores[model]
        values = []
        for s in rows:
            if metric in {"hit_rate", "pai", "pei"}:
                if coverage is None:
                    raise ValueError(Msg(f"{metric} vraagt een dekking",
                                         f"{metric} needs a coverage"))
                values.append(getattr(s, metric)[coverage])
            elif metric == "calibration_ratio":
                values.append(s.calibration_ratio)
            else:
                values.append(float(getattr(s, metric)))
        arr = np.asarray(values, dtype=np.float64)
        arr = arr[np.isfinite(arr)]
        return float(arr.mean()) if arr.size else math.nan

    def pooled_calibration_ratio(self, model: str, last: int | None = None) -> float:
        """All observed / all forecast events in the study area over the origins."""
        rows = self.scores[model][-last:] if last else self.scores[model]
        exp = sum(s.expected for s in rows)
        return sum(s.events for s in rows) / exp if exp > 0 else math.nan

    def calibration_table(self, model: str) -> list[tuple[float, float, float]]:
        """Per rank band: (band, forecast events, observed events), summed over origins."""
        rows = self.scores[model]
        bands = [b for b, _, _ in rows[0].calibration]
        out = []
        for i, band in enumerate(bands):
            out.append((band, sum(s.calibration[i][1] for s in rows),
                        sum(s.calibration[i][2] for s in rows)))
        return out

    def best_baseline(self, coverage: float = 0.03, last: int | None = None,
                      exclude: str | None = None) -> str | None:
        """The baseline with the highest mean PAI at ``coverage``."""
        cands = [m for m in self.models if not self.learned[m] and m != exclude]
        if not cands:
            return None
        return max(cands, key=lambda m: self.mean(m, "pai", coverage, last))


def run_backtest(
    history: EventHistory,
    models: Sequence[Model],
    origins: Sequence[date],
    horizon_days: int,
    coverages: Sequence[float] = COVERAGES,
    progress: Progress | None = None,
) -> BacktestResult:
    """Forecast at every origin with every model and score each forecast."""
    result = BacktestResult(
        origins=list(origins),
        horizon_days=horizon_days,
        n_cells=history.area.n_cells,
        cell_size=history.area.grid.cell_size,
        models=[m.name for m in models],
        learned={m.name: m.learned for m in models},
        descriptions={m.name: m.describe() for m in models},
    )
    for model in models:
        result.scores[model.name] = []
        result.top_cells[model.name] = []
        result.gini[model.name] = []
    for origin in origins:
        t = history.day_of(origin)
        observed = history.cell_counts(t, t + horizon_days)
        outside = history.total(t, t + horizon_days) - float(observed.sum())
        for model in models:
            expected = model.forecast(history, t, horizon_days)
            result.scores[model.name].append(
                score_forecast(expected, observed, outside, coverages)
            )
            result.top_cells[model.name].append(top_positions(expected, AUDIT_COVERAGE))
            result.gini[model.name].append(gini(expected))
            if progress is not None:
                progress(model.name, origin)
    return result
