"""Rolling-origin cross-validation on training years: choose a model's settings, or the grid offset.

Tuning sees only the origins it is given — all of them, with their periods,
must lie before the first origin that will be reported (the held-back
periods); the caller passes training origins and nothing else. Each
candidate is backtested exactly as in :mod:`sterkte.anticipate.backtest`
(forecast from the events before each origin, scored on the period after
it) and the candidate with the highest mean PAI at ``coverage`` wins; ties
go to the earlier candidate, so list the simplest first.

The grid offset shifts every cell by a fraction of its side. It changes
which events share a cell, so it changes every model's PAI — baselines as
much as anything — and is tuned, if at all, once for the whole backtest.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from sterkte.anticipate.backtest import run_backtest
from sterkte.anticipate.grid import FloatArray
from sterkte.anticipate.history import EventHistory
from sterkte.anticipate.models.base import Model
from sterkte.anticipate.predict import build_history
from sterkte.errors import Msg

Setting = dict[str, float]


NO_ORIGIN = Msg("afstemmen vraagt ten minste één trainingsstartpunt",
                "tuning needs at least one training origin")


@dataclass(frozen=True)
class Trial:
    """One candidate's cross-validated score: mean PAI at the coverage over the origins."""

    setting: Setting
    pai: float
    per_origin: list[float]


@dataclass(frozen=True)
class Tuning:
    """All trials in the order tried, and the best."""

    trials: list[Trial]
    origins: list[date]
    coverage: float

    @property
    def best(self) -> Trial:
        return max(self.trials, key=lambda t: t.pai)  # max keeps the first of equals


def settings_grid(grid: Mapping[str, Sequence[float]]) -> list[Setting]:
    """Every combination of the values, in the order given (first key slowest)."""
    keys = list(grid)
    return [dict(zip(keys, combo, strict=True))
            for combo in itertools.product(*(grid[k] for k in keys))]


def tune_model(
    history: EventHistory,
    build: Callable[[Setting], Model],
    candidates: Sequence[Setting],
    origins: Sequence[date],
    horizon_days: int,
    coverage: float = 0.03,
) -> Tuning:
    """Cross-validate ``build(setting)`` for every candidate on ``origins``."""
    if not origins:
        raise ValueError(NO_ORIGIN)
    trials = []
    for setting in candidates:
        result = run_backtest(history, [build(setting)], origins, horizon_days, (coverage,))
        name = result.models[0]
        per = [s.pai[coverage] for s in result.scores[name]]
        trials.append(Trial(dict(setting), result.mean(name, "pai", coverage), per))
    return Tuning(trials, list(origins), coverage)


def tune_grid_offset(
    times: npt.NDArray[np.datetime64],
    x: FloatArray,
    y: FloatArray,
    cell_size: float,
    offsets: Sequence[tuple[float, float]],
    model: Callable[[], Model],
    origins: Sequence[date],
    horizon_days: int,
    coverage: float = 0.03,
) -> Tuning:
    """Cross-validate grid offsets (shares of a cell, east and north) for one model.

    The study area is rebuilt for each offset from the events before the
    first training origin.
    """
    if not origins:
        raise ValueError(NO_ORIGIN)
    trials = []
    for fx, fy in offsets:
        history = build_history(times, x, y, cell_size, origins[0], grid_offset=(fx, fy))
        result = run_backtest(history, [model()], origins, horizon_days, (coverage,))
        name = result.models[0]
        per = [s.pai[coverage] for s in result.scores[name]]
        trials.append(Trial({"offset_x": fx, "offset_y": fy},
                            result.mean(name, "pai", coverage), per))
    return Tuning(trials, list(origins), coverage)


def one_se_choice(
    per_origin: Sequence[Sequence[float] | FloatArray],
    reference: Sequence[float] | FloatArray,
    sizes: Sequence[int],
) -> int:
    """The candidate the one-standard-error rule chooses (its index).

    ``per_origin[i]`` is candidate ``i``'s PAI at each training origin,
    ``reference`` the reference's (the two-year count) at the same origins, and
    ``sizes[i]`` how many parts the candidate has (an ensemble's members). A
    candidate's gain is its mean PAI over the reference's mean PAI, minus one; the
    best candidate's standard error is that of its per-origin gains
    (``PAI / reference − 1``), the "±" of the docs' tables. Every candidate whose
    gain is at least the best's gain minus that standard error is as good as the
    best within the origins' noise; of those, the one with the fewest parts is
    chosen, and among equally small ones the highest gain (then the earlier).

    Why: choosing the highest of many noisy scores flatters the winner (on NYC,
    the best of 31 ensemble pools scored +9.2 % on 2015 and +2.6 % on 2016); a
    smaller pool has fewer chances to fit the training year's noise. The rule
    was fixed on 2026-12-06 before the pools were scored again.
    """
    if not per_origin or len(per_origin) != len(sizes):
        raise ValueError(Msg("elke kandidaat vraagt scores en een omvang",
                             "every candidate needs scores and a size"))
    ref = np.asarray(reference, dtype=np.float64)
    scores = [np.asarray(p, dtype=np.float64) for p in per_origin]
    if any(s.shape != ref.shape for s in scores) or ref.size < 2:
        raise ValueError(Msg("de kandidaten vragen dezelfde, ten minste twee startpunten",
                             "the candidates need the same origins, at least two"))
    gain = [float(s.mean() / ref.mean() - 1) for s in scores]
    best = max(range(len(scores)), key=lambda i: gain[i])
    per = scores[best] / ref - 1
    se = float(per.std(ddof=1) / np.sqrt(per.size))
    eligible = [i for i in range(len(scores)) if gain[i] >= gain[best] - se]
    return min(eligible, key=lambda i: (sizes[i], -gain[i], i))
