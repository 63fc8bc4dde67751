"""The forecast engine's modes by name: the interchangeable ways of running one model.

``exact``: expected values, one trajectory (the prognosis). ``sampled``: the Monte Carlo
ensemble in seeded blocks of whole persons (the bands and balance probabilities; on a
Dask cluster the same blocks give the same numbers, :mod:`.distributed`). Every mode
takes the resolved inputs, the reporting period of each month, a number of samples and
a seed, and returns a :class:`~sterkte.forecast.engine.Trajectory` in fte. A new mode is
added here, so that the contract tests (``tests/contracts``) check it as the others:
the ledger identities, nothing negative, the same seed the same result.
"""

from __future__ import annotations

from collections.abc import Callable

from sterkte.forecast.engine import Trajectory, simulate
from sterkte.forecast.inputs import I64, ModelInputs
from sterkte.forecast.montecarlo import run_ensemble

#: (inputs, period of each month, samples, seed) → trajectory
Mode = Callable[[ModelInputs, I64, int, int], Trajectory]


def exact(inputs: ModelInputs, period_of_month: I64, samples: int, seed: int) -> Trajectory:
    """The expected-value model: one trajectory whatever ``samples`` and ``seed``."""
    return simulate(inputs, period_of_month=period_of_month)


def sampled(inputs: ModelInputs, period_of_month: I64, samples: int, seed: int) -> Trajectory:
    """``samples`` sampled trajectories from ``seed`` (whole persons, seeded blocks)."""
    return run_ensemble(inputs, period_of_month, samples, seed, workers=1)


MODES: dict[str, Mode] = {"exact": exact, "sampled": sampled}
