"""Success criteria, measured on a backtest: is a model fit for use?

The criteria (``sterkte/data/parameters/anticipate/criteria.yaml``) are stated before
any forecast is used and measured over the last ``evaluation_origins``
origins of every backtest:

* mean PAI at 3 % of the area at least ``pai_3pct_min``;
* that mean at least ``pai_3pct_gain_over_best_baseline_min`` above the best
  baseline other than the model itself;
* pooled calibration (observed / forecast events) within
  ``[calibration_ratio_min, calibration_ratio_max]``;
* at least ``evaluation_origins`` origins evaluated — fewer is too little
  evidence, however good the numbers.

A model that fails any of them is *not fit for use*. A saved forecast run
carries its :class:`RunVerdict`: a run of a model found not fit for use is
planned as work at the CM-tafel only under an explicit override, whose
reason is stored with the run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from sterkte.anticipate.backtest import BacktestResult
from sterkte.parameters import ParameterSet

COVERAGE = 0.03


@dataclass(frozen=True)
class Criterion:
    """One criterion for one model: what was required and what was measured."""

    name: str
    requirement: str
    measured: float
    passed: bool


@dataclass(frozen=True)
class Fitness:
    """A model's verdict: fit for use only when every criterion passed."""

    model: str
    learned: bool
    criteria: list[Criterion]
    origins_evaluated: int

    @property
    def fit(self) -> bool:
        return all(c.passed for c in self.criteria)


def check_criteria(result: BacktestResult, params: ParameterSet, on: date) -> list[Fitness]:
    """The verdict for every model in the backtest, with the criteria in force on ``on``."""
    n_eval = int(params["evaluation_origins"].number(on))
    last = min(n_eval, len(result.origins))
    pai_min = params["pai_3pct_min"].number(on)
    gain_min = params["pai_3pct_gain_over_best_baseline_min"].number(on)
    cal_lo = params["calibration_ratio_min"].number(on)
    cal_hi = params["calibration_ratio_max"].number(on)
    out = []
    for m in result.models:
        pai = result.mean(m, "pai", COVERAGE, last)
        crits = [Criterion("pai_3pct", f"mean PAI at 3 % ≥ {pai_min:g}", pai,
                           bool(pai >= pai_min))]
        ref = result.best_baseline(COVERAGE, last, exclude=m)
        if ref is not None:
            ref_pai = result.mean(ref, "pai", COVERAGE, last)
            gain = pai / ref_pai - 1 if ref_pai > 0 else math.inf
            crits.append(Criterion(
                "gain_over_best_baseline",
                f"PAI at 3 % ≥ {gain_min:.0%} above the best other baseline ({ref})",
                gain, bool(gain >= gain_min)))
        cal = result.pooled_calibration_ratio(m, last)
        crits.append(Criterion("calibration", f"observed / forecast in [{cal_lo:g}, {cal_hi:g}]",
                               cal, bool(cal_lo <= cal <= cal_hi)))
        crits.append(Criterion("evidence", f"at least {n_eval} origins evaluated",
                               float(last), bool(last >= n_eval)))
        out.append(Fitness(m, result.learned[m], crits, last))
    return out


@dataclass(frozen=True)
class RunVerdict:
    """The fitness of the model behind one forecast run, and any override of it.

    ``fit`` is None when the model was named by the user and not checked
    against the criteria. ``override`` is the reason given for using a run
    that is not fit for use (``--override-unfit``); it is stored with the run.
    """

    fit: bool | None
    override: str | None = None

    @property
    def text(self) -> str:
        if self.fit is None:
            return "model named with --model; not checked against the success criteria"
        if self.fit:
            return "meets the success criteria"
        return "NOT FIT FOR USE: no model meets the success criteria"

    @property
    def may_plan(self) -> bool:
        """Whether the run's presence may count as planned work: fit (or not checked), or
        not fit with an override on record."""
        return self.fit is not False or bool(self.override and self.override.strip())


def choose_model(fitness: list[Fitness], result: BacktestResult) -> tuple[str, bool]:
    """The model that best meets the criteria, and whether it is fit for use.

    Among fit models the highest mean PAI at 3 % wins; when none is fit, the
    one passing most criteria (then highest PAI) is returned with ``False``.
    """
    last = fitness[0].origins_evaluated if fitness else None

    def key(f: Fitness) -> tuple[int, float]:
        return (sum(c.passed for c in f.criteria), result.mean(f.model, "pai", COVERAGE, last))

    best = max(fitness, key=key)
    return best.model, best.fit
