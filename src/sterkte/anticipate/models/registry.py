"""All models by name, configured from the dated model parameters."""

from __future__ import annotations

from datetime import date

from sterkte.anticipate.models.base import Model
from sterkte.anticipate.models.baselines import (
    KernelDensity,
    LastPeriod,
    LastYear,
    Prospective,
    Retrospective,
)
from sterkte.anticipate.models.ensemble import Ensemble, Memo
from sterkte.anticipate.models.learned import PoissonBoosting, PoissonGLM
from sterkte.anticipate.models.places import PlaceCount
from sterkte.anticipate.models.selfexciting import SelfExciting
from sterkte.errors import InputError, Msg
from sterkte.parameters import ParameterSet

#: Model names in the order reports show them: baselines first.
MODEL_NAMES = ("last_period", "retrospective", "last_year", "prospective", "kde",
               "poisson_glm", "poisson_gbm", "place_count", "hawkes", "ensemble")
#: Models the ensemble may pool (a weight of 0 leaves one out).
ENSEMBLE_CANDIDATES = ("hawkes", "retrospective", "last_year", "kde", "poisson_gbm",
                       "place_count")


def _single(name: str, params: ParameterSet, on: date) -> Model:
    def n(name: str, when: date) -> float:
        return params[name].number(when)

    if name == "last_period":
        return LastPeriod()
    if name == "retrospective":
        return Retrospective(window_days=int(n("retrospective.window_days", on)))
    if name == "last_year":
        return LastYear(window_days=int(n("last_year.window_days", on)))
    if name == "prospective":
        return Prospective(window_days=int(n("prospective.window_days", on)),
                           radius_m=n("prospective.radius_m", on))
    if name == "kde":
        return KernelDensity(window_days=int(n("kde.window_days", on)),
                             bandwidth_m=n("kde.bandwidth_m", on))
    if name == "place_count":
        return PlaceCount(window_days=int(n("place_count.window_days", on)),
                          facility_weight=n("place_count.facility_weight", on))
    if name == "hawkes":
        return SelfExciting(window_days=int(n("hawkes.window_days", on)),
                            background_bandwidth_m=n("hawkes.background_bandwidth_m", on),
                            trigger_radius_m=n("hawkes.trigger_radius_m", on),
                            tol=n("hawkes.tolerance", on),
                            max_iter=int(n("hawkes.max_iterations", on)))
    origins = int(n("learned.training_origins", on))
    step = int(n("learned.training_step_days", on))
    if name == "poisson_gbm":
        return PoissonBoosting(training_origins=origins, training_step_days=step,
                               seed=int(n("learned.seed", on)))
    if name == "poisson_glm":
        return PoissonGLM(training_origins=origins, training_step_days=step)
    known = ", ".join(MODEL_NAMES)
    raise InputError.at("--model", Msg(f"onbekend model {name!r}; verwacht een van {known}",
                                       f"unknown model {name!r}; expected one of {known}"))


def ensemble_weights(params: ParameterSet, on: date) -> dict[str, float]:
    """The ensemble's members and their weights (weights of 0 left out)."""
    weights = {m: params[f"ensemble.weight.{m}"].number(on) for m in ENSEMBLE_CANDIDATES}
    return {m: w for m, w in weights.items() if w > 0}


def build_ensemble(params: ParameterSet, on: date, shared: dict[str, Model] | None = None
                   ) -> Ensemble:
    """The ensemble, reusing (and filling) ``shared`` models so that no member is fitted twice."""
    shared = {} if shared is None else shared
    weights = ensemble_weights(params, on)
    for m in [*weights, "hawkes"]:
        if m not in shared:
            shared[m] = Memo(_single(m, params, on))
    return Ensemble({m: shared[m] for m in weights}, weights, level=shared["hawkes"])


def build_model(name: str, params: ParameterSet, on: date) -> Model:
    """The model called ``name`` with the parameters in force on ``on``."""
    if name == "ensemble":
        return build_ensemble(params, on)
    return _single(name, params, on)


def build_models(names: list[str] | None, params: ParameterSet, on: date) -> list[Model]:
    """Several models (all when ``names`` is empty), in report order.

    The ensemble's members that also run on their own share their forecasts
    with it (:class:`~sterkte.anticipate.models.ensemble.Memo`).
    """
    chosen = names or list(MODEL_NAMES)
    for m in chosen:
        if m not in MODEL_NAMES:
            _single(m, params, on)  # the same message for every unknown name
    shared: dict[str, Model] = {}
    if "ensemble" in chosen:
        pooled = {*ensemble_weights(params, on), "hawkes"}
        shared = {m: Memo(_single(m, params, on)) for m in chosen if m in pooled}
    out: list[Model] = []
    for m in chosen:
        if m == "ensemble":
            out.append(build_ensemble(params, on, shared))
        else:
            out.append(shared.get(m) or _single(m, params, on))
    return out
