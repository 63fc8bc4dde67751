"""A forecast in the published prognosis layout (:mod:`sterkte.ledger.prognosis_layout`):
Tabel 3 (OS), Tabel 4 (ASP), Tabel 5 (total), one column per year."""

from __future__ import annotations

from sterkte.ledger import Category, Ledger, Period
from sterkte.ledger.prognosis_layout import PROGNOSIS_ROWS, T3, T4, T5, Row


def prognosis_table(ledger: Ledger, unit: str, periods: list[Period]
                    ) -> list[tuple[Row, list[float]]]:
    """Each published row with its value per period (fte, unrounded)."""
    out = []
    os_, asp = Category.OS, Category.ASP
    for row in PROGNOSIS_ROWS:
        cats = [row.category] if row.category is not None else [os_, asp]
        out.append((row, [sum(ledger.get(p, unit, c, row.name) for c in cats) for p in periods]))
    return out


__all__ = ["PROGNOSIS_ROWS", "T3", "T4", "T5", "Row", "prognosis_table"]
