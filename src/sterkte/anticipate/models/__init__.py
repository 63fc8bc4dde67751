"""Anticipation models: baselines and learned models, one shape for all."""

from __future__ import annotations

from sterkte.anticipate.models.base import Model
from sterkte.anticipate.models.baselines import (
    KernelDensity,
    LastPeriod,
    Prospective,
    Retrospective,
)
from sterkte.anticipate.models.learned import PoissonBoosting, PoissonGLM

__all__ = [
    "KernelDensity",
    "LastPeriod",
    "Model",
    "PoissonBoosting",
    "PoissonGLM",
    "Prospective",
    "Retrospective",
]
