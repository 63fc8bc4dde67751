"""Anticipation models: baselines and learned models, one shape for all."""

from __future__ import annotations

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

__all__ = [
    "Ensemble",
    "KernelDensity",
    "LastPeriod",
    "LastYear",
    "Memo",
    "Model",
    "PlaceCount",
    "PoissonBoosting",
    "PoissonGLM",
    "Prospective",
    "Retrospective",
    "SelfExciting",
]
