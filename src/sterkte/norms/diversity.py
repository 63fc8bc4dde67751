"""The diversity monitor (*Politie voor Iedereen*): persons of a population by group, per
unit and nationally, against the targets per unit, every figure under the small-cell rule.

A population (academy intake, leadership, outflow, the whole staff) in a year is counted
per unit by three dimensions: gender and age band (from the HR records) and cultural
background (aggregate counts from a statistical source; never per person). Each
dimension is a table units × groups with its margins. The tables of one population and
year that count the same persons — gender and age always, background when its unit
totals are the same numbers — share their unit totals and national total, so they are
protected as one system (:func:`sterkte.norms.suppression.protect_linked`): no entry about
1 to k−1 people is shown, and none can be worked out from everything shown together.

Derived figures are equations too: a share printed beside its count and total adds
nothing, but a share beside a hidden count (or total) would give it away. So a share is
hidden whenever its count or its total is, and so is everything computed from the share
(the difference from the target, met / not met). Hidden values are NaN.

Persons are counted, not fte: diversity is about people. Units without anybody in the
population are rows of zeros (zeros are shown).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from sterkte.norms.status import Met, judge
from sterkte.norms.suppression import Protected, protect_linked

NATIONAL = "NP"
UNKNOWN = "onbekend"  # gender not recorded
HIDDEN = math.nan
POPULATIONS = ("intake", "leadership", "outflow", "staff")
DIMENSIONS = ("gender", "age", "background")
HR_DIMENSIONS = ("gender", "age")

Counts = Mapping[str, Mapping[str, float]]  # scope → group → persons


@dataclass(frozen=True)
class GroupTable:
    """One population in one year by one dimension, per unit, protected.

    ``targets``: group → scope → percent, those in force for the year (only for
    populations and dimensions that have targets)."""

    population: str
    year: int
    dimension: str
    scopes: tuple[str, ...]  # the units (rows); the national total is NATIONAL
    groups: tuple[str, ...]
    protected: Protected
    targets: Mapping[str, Mapping[str, float]] = field(default_factory=dict)

    def _row(self, scope: str) -> int:
        return self.scopes.index(scope)

    def count(self, scope: str, group: str) -> float:
        """Persons of ``group`` in ``scope`` (NaN when hidden)."""
        j = self.groups.index(group)
        p = self.protected
        if scope == NATIONAL:
            return HIDDEN if p.col_hidden[j] else float(p.col_totals[j])
        i = self._row(scope)
        return HIDDEN if p.cell_hidden[i, j] else float(p.cells[i, j])

    def total(self, scope: str) -> float:
        """Persons of the population in ``scope`` (NaN when hidden)."""
        p = self.protected
        if scope == NATIONAL:
            return HIDDEN if p.grand_hidden else p.grand_total
        i = self._row(scope)
        return HIDDEN if p.row_hidden[i] else float(p.row_totals[i])

    def share(self, scope: str, group: str) -> float | None:
        """Percent of the scope's persons in ``group``: NaN when its count or total is
        hidden, None when nobody is in the scope."""
        n, total = self.count(scope, group), self.total(scope)
        if math.isnan(n) or math.isnan(total):
            return HIDDEN
        return 100.0 * n / total if total > 0 else None

    def target(self, scope: str, group: str) -> float | None:
        return self.targets.get(group, {}).get(scope)

    def gap(self, scope: str, group: str) -> float | None:
        """Share minus target, percentage points (NaN when the share is hidden)."""
        s, t = self.share(scope, group), self.target(scope, group)
        if s is None or t is None:
            return None
        return HIDDEN if math.isnan(s) else s - t

    def met(self, scope: str, group: str) -> Met | None:
        """Whether the share reaches the target: None when hidden (a verdict beside a
        hidden share narrows it down); UNKNOWN without a share or target."""
        s, t = self.share(scope, group), self.target(scope, group)
        if s is not None and math.isnan(s):
            return None
        return judge(s, t)

    @property
    def target_groups(self) -> tuple[str, ...]:
        return tuple(g for g in self.groups if g in self.targets)


def age_band(age: int, bands: Mapping[str, float]) -> str:
    """The label of the band ``age`` falls in (bands by their lowest age)."""
    found = min(bands, key=lambda b: bands[b])
    for label, low in sorted(bands.items(), key=lambda x: x[1]):
        if age >= low:
            found = label
    return found


def band_order(bands: Mapping[str, float]) -> tuple[str, ...]:
    return tuple(label for label, _ in sorted(bands.items(), key=lambda x: x[1]))


def _matrix(counts: Counts, scopes: Sequence[str], groups: Sequence[str]
            ) -> npt.NDArray[np.float64]:
    return np.array([[float(counts.get(s, {}).get(g, 0)) for g in groups] for s in scopes],
                    dtype=float).reshape(len(scopes), len(groups))


def protect_population(population: str, year: int, scopes: Sequence[str],
                       dimensions: Mapping[str, tuple[Sequence[str], Counts]], k: int,
                       targets: Mapping[str, Mapping[str, Mapping[str, float]]] | None = None,
                       focus: Mapping[str, Collection[str]] | None = None,
                       ) -> dict[str, GroupTable]:
    """The tables of one population and year, protected together.

    ``dimensions``: dimension → (its groups in order, counts per scope and group).
    The dimensions whose unit totals are equal count the same persons and are linked;
    the others (a background source with other totals) are protected on their own.
    ``targets``: dimension → group → scope → percent. ``focus``: dimension → the groups
    the monitor is about (default: those with a target), kept in sight where the
    small-cell rule allows another complement.
    """
    mats = {d: _matrix(counts, scopes, groups) for d, (groups, counts) in dimensions.items()}
    order = sorted(mats, key=lambda d: (DIMENSIONS.index(d) if d in DIMENSIONS else 99, d))
    systems: list[list[str]] = []
    for d in order:
        for system in systems:
            if np.array_equal(mats[system[0]].sum(axis=1), mats[d].sum(axis=1)):
                system.append(d)
                break
        else:
            systems.append([d])
    out: dict[str, GroupTable] = {}
    wanted = focus if focus is not None else {d: set(t) for d, t in (targets or {}).items()}
    for system in systems:
        # keep the groups in focus in sight: hide other groups as complements first
        keep = [[g in wanted.get(d, ()) for g in dimensions[d][0]] for d in system]
        done = protect_linked([mats[d] for d in system], k, keep)
        for d, p in zip(system, done, strict=True):
            out[d] = GroupTable(population, year, d, tuple(scopes),
                                tuple(dimensions[d][0]), p, (targets or {}).get(d, {}))
    return out


def trend(tables: Sequence[GroupTable], scope: str, group: str
          ) -> list[tuple[int, float | None]]:
    """(year, share) of ``group`` in ``scope`` over the years of ``tables`` (NaN hidden)."""
    return [(t.year, t.share(scope, group) if group in t.groups and
             (scope == NATIONAL or scope in t.scopes) else None)
            for t in sorted(tables, key=lambda t: t.year)]


__all__ = ["DIMENSIONS", "HIDDEN", "HR_DIMENSIONS", "NATIONAL", "POPULATIONS", "UNKNOWN",
           "GroupTable", "age_band", "band_order", "protect_population", "trend"]
