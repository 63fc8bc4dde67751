"""The norm parameters shipped with sterkte (``data/parameters/norms/*.yaml``)."""

from __future__ import annotations

from sterkte.parameters import ParameterSet


def bundled_norm_parameters() -> ParameterSet:
    return ParameterSet.bundled(engine="norms")
