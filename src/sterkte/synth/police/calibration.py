"""Calibration targets: unrounded 2021 figures consistent with the rounded published tables.

The published cells are rounded and rows do not always add up (e.g. OS
Noord-Nederland: 3794 + 27 = 3821, printed closing 3820), so the generator
cannot aim at the printed figures themselves. It aims at the unrounded values
``x`` closest in least squares to *every* printed figure — each unit's cells,
the ``Totaal`` row and the saldo column — subject to each unit's identity
``opening + Σ flows = closing``. Printed zeros stay exactly zero (no such
flow). For the 2021 tables this puts every unit cell within 0.42 fte of print,
and every total and saldo within 0.5, so all printed cells are reproduced by
rounding: no row had to be given up.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from io import StringIO

import numpy as np

from sterkte.ledger import Category
from sterkte.org import national_police

# Every target stays this close to its printed figure, so that it rounds back to it
# without depending on the fourth decimal.
MARGIN = 0.45

TABLE_FILES: dict[Category, str] = {Category.OS: "os-2021-by-unit.csv",
                                    Category.ASP: "asp-2021-by-unit.csv"}


@dataclass(frozen=True)
class PublishedTable:
    """A bundled 2021 table: per unit code, the printed figures by column name (fte)."""

    category: Category
    columns: tuple[str, ...]  # opening, flows…, net, closing
    rows: dict[str, dict[str, float]]  # unit code → column → printed value
    total: dict[str, float]  # the Totaal row

    @property
    def flows(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c not in ("opening", "net", "closing"))


def published_table(category: Category) -> PublishedTable:
    """The bundled published table of ``category`` (OS or ASP), rows keyed by unit code."""
    text = resources.files("sterkte.data").joinpath(TABLE_FILES[category]).read_text("utf-8")
    reader = csv.DictReader(StringIO(text))
    cols = tuple(c for c in (reader.fieldnames or []) if c != "unit")
    tree = national_police()
    rows: dict[str, dict[str, float]] = {}
    total: dict[str, float] = {}
    for r in reader:
        values = {c: float(r[c]) for c in cols}
        if r["unit"].strip().lower() == "totaal":
            total = values
            continue
        unit = tree.find(r["unit"])
        if unit is None:  # the bundled file is ours; a bad row is a packaging bug
            raise RuntimeError(f"bundled {TABLE_FILES[category]}: unknown unit {r['unit']!r}")
        rows[unit.code] = values
    return PublishedTable(category, cols, rows, total)


def calibration_targets(table: PublishedTable) -> dict[str, dict[str, float]]:
    """Unit code → column (opening, each flow, closing) → unrounded target, fte.

    Equality-constrained least squares, solved through its KKT system; figures that
    end up more than :data:`MARGIN` from print are weighted up and the system solved
    again, so that every figure rounds to what was printed.
    """
    units = list(table.rows)
    cells = ("opening", *table.flows, "closing")
    index: dict[tuple[int, int], int] = {}
    for i, u in enumerate(units):
        for j, c in enumerate(cells):
            if table.rows[u][c] != 0:
                index[(i, j)] = len(index)
    n = len(index)
    a_rows: list[np.ndarray] = []
    b: list[float] = []

    def add(terms: list[int], value: float) -> None:
        row = np.zeros(n)
        row[terms] = 1.0
        a_rows.append(row)
        b.append(value)

    for (i, j), k in index.items():
        add([k], table.rows[units[i]][cells[j]])
    for j, c in enumerate(cells):
        add([k for (i, jj), k in index.items() if jj == j], table.total[c])
    is_flow = range(1, len(cells) - 1)
    for i, u in enumerate(units):
        add([k for (ii, j), k in index.items() if ii == i and j in is_flow], table.rows[u]["net"])
    add([k for (_, j), k in index.items() if j in is_flow], table.total["net"])
    constraints = np.zeros((len(units), n))
    for (i, j), k in index.items():
        constraints[i, k] = -1.0 if j == len(cells) - 1 else 1.0
    a = np.array(a_rows)
    target = np.array(b)
    m = len(units)
    weight = np.ones(len(target))
    best, best_dev = np.zeros(n), np.inf
    for _ in range(20):
        wa = a * weight[:, None]
        kkt = np.block([[2 * a.T @ wa, constraints.T], [constraints, np.zeros((m, m))]])
        rhs = np.concatenate([2 * wa.T @ target, np.zeros(m)])
        x = np.linalg.lstsq(kkt, rhs, rcond=None)[0][:n]
        dev = np.abs(a @ x - target)
        if dev.max() < best_dev:
            best, best_dev = x, float(dev.max())
        if best_dev <= MARGIN:
            break
        # figures still near half an fte weigh more, until every one rounds to print
        weight = np.where(dev > MARGIN, weight * 2.0, weight)
    x = best
    out = {u: {c: 0.0 for c in cells} for u in units}
    for (i, j), k in index.items():
        out[units[i]][cells[j]] = float(x[k])
    return out
