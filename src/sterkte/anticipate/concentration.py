"""Concentration and stability of forecasts, and the gap to an external rate.

For the audit: does the forecast pile attention on a few cells, does the set
of top cells churn or freeze from period to period, and do recorded events
per area track an external measure of crime (e.g. a victimisation survey)?
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from sterkte.anticipate.grid import FloatArray, IntArray
from sterkte.anticipate.metrics import flagged_cells


def top_positions(score: FloatArray, coverage: float) -> IntArray:
    """Positions of the ``coverage`` share of cells with the highest score (stable on ties)."""
    n = flagged_cells(score.size, coverage)
    return np.sort(np.argsort(-score, kind="stable")[:n]).astype(np.int64)


def gini(values: FloatArray) -> float:
    """Gini coefficient of non-negative values (0 = even, → 1 = all in one cell)."""
    v = np.sort(np.clip(values, 0, None))
    n = v.size
    total = float(v.sum())
    if n == 0 or total <= 0:
        return 0.0
    ranks = np.arange(1, n + 1)
    return float((2 * (ranks * v).sum()) / (n * total) - (n + 1) / n)


def jaccard(a: IntArray, b: IntArray) -> float:
    """Overlap of two cell sets: |a ∩ b| / |a ∪ b|."""
    union = np.union1d(a, b).size
    return np.intersect1d(a, b).size / union if union else 1.0


def consecutive_overlap(top_sets: Sequence[IntArray]) -> list[float]:
    """Jaccard overlap of the top cells of each origin with the previous origin's."""
    return [jaccard(a, b) for a, b in itertools.pairwise(top_sets)]


def always_top_share(top_sets: Sequence[IntArray]) -> float:
    """Share of the first origin's top cells that are top at every origin (frozen attention)."""
    if not top_sets or top_sets[0].size == 0:
        return 0.0
    common = top_sets[0]
    for s in top_sets[1:]:
        common = np.intersect1d(common, s)
    return common.size / top_sets[0].size


@dataclass(frozen=True)
class AreaGap:
    """Recorded vs external crime in one area.

    Shares are of the areas' totals; ``ratio`` = recorded share / external
    share (1 = in line; above 1 = more recorded than the external measure
    suggests, e.g. more police attention; below 1 = under-recorded).
    """

    area: str
    recorded_events: float
    recorded_share: float
    external_rate: float
    external_share: float

    @property
    def ratio(self) -> float:
        return self.recorded_share / self.external_share if self.external_share > 0 else np.inf


def rate_gap(
    area_of_cell: Sequence[str], recorded: FloatArray, external: Mapping[str, float]
) -> list[AreaGap]:
    """Per area with an external rate: recorded events vs the external rate, as shares.

    ``recorded`` is events per study cell; ``external`` any per-area rate
    (its unit cancels out in the shares).
    """
    sums: dict[str, float] = {}
    for name, value in zip(area_of_cell, recorded, strict=True):
        if name in external:
            sums[name] = sums.get(name, 0.0) + float(value)
    areas = [a for a in external if a in sums or external[a] > 0]
    rec_total = sum(sums.get(a, 0.0) for a in areas)
    ext_total = sum(external[a] for a in areas)
    out = [
        AreaGap(
            area=a,
            recorded_events=sums.get(a, 0.0),
            recorded_share=sums.get(a, 0.0) / rec_total if rec_total > 0 else 0.0,
            external_rate=external[a],
            external_share=external[a] / ext_total if ext_total > 0 else 0.0,
        )
        for a in areas
    ]
    return sorted(out, key=lambda g: -g.ratio if np.isfinite(g.ratio) else -1e300)
