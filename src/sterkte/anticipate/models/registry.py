"""All models by name, configured from the dated model parameters."""

from __future__ import annotations

from datetime import date

from sterkte.anticipate.models.base import Model
from sterkte.anticipate.models.baselines import (
    KernelDensity,
    LastPeriod,
    Prospective,
    Retrospective,
)
from sterkte.anticipate.models.learned import PoissonBoosting, PoissonGLM
from sterkte.anticipate.parameters import ParameterSet
from sterkte.errors import InputError

#: Model names in the order reports show them: baselines first.
MODEL_NAMES = ("last_period", "retrospective", "prospective", "kde", "poisson_glm", "poisson_gbm")


def build_model(name: str, params: ParameterSet, on: date) -> Model:
    """The model called ``name`` with the parameters in force on ``on``."""
    n = params.number
    if name == "last_period":
        return LastPeriod()
    if name == "retrospective":
        return Retrospective(window_days=int(n("retrospective.window_days", on)))
    if name == "prospective":
        return Prospective(window_days=int(n("prospective.window_days", on)),
                           radius_m=n("prospective.radius_m", on))
    if name == "kde":
        return KernelDensity(window_days=int(n("kde.window_days", on)),
                             bandwidth_m=n("kde.bandwidth_m", on))
    origins = int(n("learned.training_origins", on))
    step = int(n("learned.training_step_days", on))
    if name == "poisson_gbm":
        return PoissonBoosting(training_origins=origins, training_step_days=step,
                               seed=int(n("learned.seed", on)))
    if name == "poisson_glm":
        return PoissonGLM(training_origins=origins, training_step_days=step)
    raise InputError.at("--model", f"unknown model {name!r}; expected one of "
                        + ", ".join(MODEL_NAMES))


def build_models(names: list[str] | None, params: ParameterSet, on: date) -> list[Model]:
    """Several models (all when ``names`` is empty), in report order."""
    chosen = names or list(MODEL_NAMES)
    return [build_model(m, params, on) for m in chosen]
