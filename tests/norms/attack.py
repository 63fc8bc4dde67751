"""An intruder's linear programmes, written apart from the code under test: given what a
set of tables publishes and the equations that link its figures, which hidden figure can
take only one value?

Every published figure is an equation: a cell, a total, and a share (count − share/100 ×
total = 0, linear in the hidden ones). Figures are named by the caller; equations are
lists of (name, coefficient) summing to zero.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from scipy.optimize import linprog

Equation = Sequence[tuple[str, float]]


def pinned(equations: Sequence[Equation], known: Mapping[str, float],
           hidden: Sequence[str], tol: float = 1e-6) -> list[tuple[str, float]]:
    """The hidden figures whose least and greatest value (given every known figure, the
    equations and non-negativity) coincide, with that value."""
    names = list(dict.fromkeys(hidden))
    var = {n: i for i, n in enumerate(names)}
    if not names:
        return []
    a_eq, b_eq = [], []
    for eq in equations:
        row = np.zeros(len(names))
        rhs = 0.0
        for name, coef in eq:
            if name in var:
                row[var[name]] += coef
            else:
                rhs -= coef * known[name]
        if row.any():
            a_eq.append(row)
            b_eq.append(rhs)
        else:
            assert abs(rhs) < 1e-6, f"the published figures contradict an equation: {eq}"
    out = []
    for n, i in var.items():
        obj = np.zeros(len(names))
        obj[i] = 1.0
        kw = {"A_eq": np.array(a_eq), "b_eq": b_eq} if a_eq else {}
        lo = linprog(obj, bounds=(0, None), method="highs", **kw)
        hi = linprog(-obj, bounds=(0, None), method="highs", **kw)
        assert lo.status == 0, "the published table is inconsistent"
        if hi.status == 3:  # unbounded: nothing pins it down
            continue
        assert hi.status == 0
        if -hi.fun - lo.fun < tol:
            out.append((n, lo.fun))
    return out


def table_equations(prefix: str, rows: Sequence[str], cols: Sequence[str],
                    total: str = "total") -> list[list[tuple[str, float]]]:
    """The additivity of one table named ``prefix``: cells ``prefix:r:c``, row totals
    ``{total}:r``, column totals ``prefix:*:c`` and the grand total ``{total}:*`` (row
    and grand totals named without the prefix, so tables over the same persons share
    them)."""
    eqs = []
    for r in rows:
        eqs.append([*((f"{prefix}:{r}:{c}", 1.0) for c in cols), (f"{total}:{r}", -1.0)])
    for c in cols:
        eqs.append([*((f"{prefix}:{r}:{c}", 1.0) for r in rows), (f"{prefix}:*:{c}", -1.0)])
    eqs.append([*((f"{prefix}:*:{c}", 1.0) for c in cols), (f"{total}:*", -1.0)])
    eqs.append([*((f"{total}:{r}", 1.0) for r in rows), (f"{total}:*", -1.0)])
    return eqs


def attack_published(tables: Sequence[object], k: int) -> tuple[list[str], list[str]]:
    """Attack the diversity monitor's tables of one population and year as published
    (their ``count``, ``total`` and ``share`` figures only, NaN where hidden). Tables
    whose unit totals are equal count the same persons, and an intruder knows it: they
    share their totals. Returns (figures about 1 to k−1 people that are shown, hidden
    figures pinned to one value)."""
    import math

    from sterkte.norms.diversity import NATIONAL

    eqs: list[list[tuple[str, float]]] = []
    known: dict[str, float] = {}
    hidden: list[str] = []
    small: list[str] = []
    groups_of: dict[str, list[str]] = {}
    for t in tables:
        true = [float(x) for x in t.protected.row_totals]  # type: ignore[attr-defined]
        label = next((n for n, tr in groups_of.items() if tr == [str(x) for x in true]), None)
        if label is None:
            label = f"total{len(groups_of)}"
            groups_of[label] = [str(x) for x in true]
        scopes = list(t.scopes)  # type: ignore[attr-defined]
        eqs += table_equations(t.dimension, scopes, list(t.groups), label)  # type: ignore[attr-defined]

        def see(name: str, value: float) -> None:
            if math.isnan(value):
                hidden.append(name)
            else:
                known[name] = value
                if 0 < value < k:
                    small.append(name)

        for s in [*scopes, NATIONAL]:
            key = "*" if s == NATIONAL else s
            see(f"{label}:{key}", t.total(s))  # type: ignore[attr-defined]
            for g in t.groups:  # type: ignore[attr-defined]
                see(f"{t.dimension}:{key}:{g}", t.count(s, g))  # type: ignore[attr-defined]
                share = t.share(s, g)  # type: ignore[attr-defined]
                if share is not None and not math.isnan(share):
                    eqs.append([(f"{t.dimension}:{key}:{g}", 1.0),
                                (f"{label}:{key}", -share / 100.0)])
    return small, [n for n, _ in pinned(eqs, known, hidden)]
