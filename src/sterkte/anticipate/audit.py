"""The content of a bias audit, computed (the HTML lives in ``sterkte.report``).

Gathers for one backtest: the verdict on the success criteria, the
feedback-loop simulation on the study area's own cells, concentration and
stability of the top cells, the recorded-vs-external gap per area when an
external rate is given, and the facts of the model card.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from sterkte.anticipate.backtest import AUDIT_COVERAGE, BacktestResult
from sterkte.anticipate.concentration import (
    AreaGap,
    always_top_share,
    consecutive_overlap,
    rate_gap,
)
from sterkte.anticipate.criteria import Fitness
from sterkte.anticipate.feedback import RECORDINGS, FeedbackRun, simulate_feedback
from sterkte.anticipate.history import EventHistory
from sterkte.anticipate.metrics import flagged_cells
from sterkte.anticipate.models.base import Model
from sterkte.anticipate.models.ensemble import Memo
from sterkte.anticipate.models.selfexciting import SelfExciting

#: Known limits that hold for every model here; the model card lists them.
KNOWN_LIMITS = (
    "Recorded crime is not crime: the models learn where events were recorded, which "
    "depends on reporting by citizens and on where the police looked.",
    "Expected counts per cell are small (mostly well below one event per period); a "
    "single cell's forecast is uncertain, rankings over many cells are what is measured.",
    "The study area is fixed before the first evaluated period; events in cells without "
    "earlier activity count as misses for every model.",
    "Forecasts are about places and periods, never about persons; they say nothing about "
    "who commits or suffers crime.",
    "A model fit on one city or offence type must be backtested again before use on another.",
)


@dataclass(frozen=True)
class Stability:
    """How the top cells (3 % of the area) of one model move over the origins."""

    model: str
    overlap: list[float]
    always_top: float
    gini: list[float]

    @property
    def mean_overlap(self) -> float:
        return float(np.mean(self.overlap)) if self.overlap else float("nan")


@dataclass(frozen=True)
class Audit:
    """Everything the audit report shows (numbers, no presentation)."""

    backtest: BacktestResult
    fitness: list[Fitness]
    chosen_model: str
    chosen_fit: bool
    data_first_day: date
    data_last_day: date
    training_events: int
    features: list[str]
    stability: list[Stability]
    feedback_real: list[FeedbackRun]
    feedback_toy: list[FeedbackRun]
    feedback_settings: dict[str, float]
    gaps: list[AreaGap] | None
    known_limits: list[str] = field(default_factory=lambda: list(KNOWN_LIMITS))


def toy_world() -> tuple[np.ndarray, np.ndarray]:
    """Ten areas with rates 1…3 incidents per step; the record starts ahead in the quietest."""
    rates = np.linspace(1.0, 3.0, 10)
    initial = np.zeros(10)
    initial[0] = 5.0
    return rates, initial


def feedback_on_study_area(
    history: EventHistory, first_origin: int, steps: int, seed: int, block_m: float = 1000.0,
    self_exciting: SelfExciting | None = None,
) -> tuple[list[FeedbackRun], dict[str, float]]:
    """The loop on the study area, in square blocks of about ``block_m`` metres.

    Blocks, not cells: at 125 m a cell sees a few events a year, too few for
    any record to move within the run. True rates: each block's events per
    14 days over the two years before the first origin (plus a small floor);
    starting record: the last 14 days' events — a system started on a short,
    noisy history. Patrols cover 3 % of the blocks each step (14 days).

    With ``self_exciting`` the three recordings run a second time with patrols
    that follow that model: fitted on the events before the first origin, its
    total branching ratio and mean lag (weighted by branching, in steps of 14
    days) set how much recent records count (:func:`simulate_feedback`).
    """
    g = history.area.grid
    side = max(1, round(block_m / g.cell_size))
    col = (history.area.cells % g.nx) // side
    row = (history.area.cells // g.nx) // side
    _, block = np.unique(row * (g.nx // side + 1) + col, return_inverse=True)
    long = np.bincount(block, history.cell_counts(first_origin - 728, first_origin))
    rates = long * 14 / 728 + 1e-3
    initial = np.bincount(block, history.cell_counts(first_origin - 14, first_origin))
    k = flagged_cells(rates.size, AUDIT_COVERAGE)
    settings = {"steps": float(steps), "blocks": float(rates.size), "patrolled": float(k),
                "block_m": side * g.cell_size, "report_prob": 0.05, "discovery_prob": 0.8,
                "explore": 0.1}
    runs = [
        simulate_feedback(rates, initial.astype(np.float64), rec, steps=steps, patrolled=k,
                          seed=seed)
        for rec in RECORDINGS
    ]
    if self_exciting is not None:
        fit = self_exciting.fit(history, first_origin)
        theta = float(sum(fit.branching))
        lag = (sum(b * m for b, m in zip(fit.branching, fit.mean_lag_days, strict=True))
               / theta / 14.0) if theta > 0 else 1.0
        settings |= {"policy_branching": theta, "policy_mean_lag_steps": lag}
        runs += [
            simulate_feedback(rates, initial.astype(np.float64), rec, steps=steps,
                              patrolled=k, seed=seed, policy_branching=theta,
                              policy_mean_lag=lag)
            for rec in RECORDINGS
        ]
    return runs, settings


def build_audit(
    history: EventHistory,
    backtest: BacktestResult,
    fitness: list[Fitness],
    chosen: tuple[str, bool],
    features: list[str],
    area_of_cell: Sequence[str] | None = None,
    external: Mapping[str, float] | None = None,
    feedback_steps: int = 104,
    seed: int = 0,
    models: Sequence[Model] = (),
) -> Audit:
    """Compute the audit for a backtest on ``history``.

    When ``models`` holds the self-exciting model, the feedback loop also runs
    with patrols that follow it.
    """
    first = history.day_of(backtest.origins[0])
    last = history.day_of(backtest.origins[-1]) + backtest.horizon_days
    stability = [
        Stability(
            model=m,
            overlap=consecutive_overlap(backtest.top_cells[m]),
            always_top=always_top_share(backtest.top_cells[m]),
            gini=backtest.gini[m],
        )
        for m in backtest.models
    ]
    inner = [m.inner if isinstance(m, Memo) else m for m in models]
    hawkes = next((m for m in inner if isinstance(m, SelfExciting)), None)
    real, settings = feedback_on_study_area(history, first, feedback_steps, seed,
                                            self_exciting=hawkes)
    rates, initial = toy_world()
    toy = [simulate_feedback(rates, initial, rec, steps=200, seed=seed) for rec in RECORDINGS]
    gaps = None
    if area_of_cell is not None and external:
        gaps = rate_gap(area_of_cell, history.cell_counts(first - 364, first), external)
    return Audit(
        backtest=backtest,
        fitness=fitness,
        chosen_model=chosen[0],
        chosen_fit=chosen[1],
        data_first_day=history.date_of(int(history.day[0])),
        data_last_day=history.date_of(last - 1),
        training_events=int(((history.day < last) & (history.cell >= 0)).sum()),
        features=features,
        stability=stability,
        feedback_real=real,
        feedback_toy=toy,
        feedback_settings=settings,
        gaps=gaps,
    )
