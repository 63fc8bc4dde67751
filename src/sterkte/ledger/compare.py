"""Realisation vs prognosis: the difference of two ledgers, cell by cell."""

from __future__ import annotations

from dataclasses import dataclass

from sterkte.ledger.glossary import Category
from sterkte.ledger.ledger import Ledger
from sterkte.ledger.periods import Period


@dataclass(frozen=True)
class Variance:
    period: Period
    unit: str
    category: Category
    flow: str
    realised: float
    prognosis: float

    @property
    def difference(self) -> float:
        """Realised minus prognosis, in the category's unit."""
        return self.realised - self.prognosis

    @property
    def percent(self) -> float | None:
        """Difference as a percentage of the prognosis; ``None`` when the prognosis is 0."""
        if self.prognosis == 0:
            return None
        return 100.0 * self.difference / abs(self.prognosis)


def compare(realised: Ledger, prognosis: Ledger) -> list[Variance]:
    """One :class:`Variance` per key present in either ledger (absent counts as 0).

    The differences form a ledger of their own (:func:`difference_ledger`), so the
    ledger identities carry over: if both inputs add up, so do the differences.
    """
    keys = {k for k, _ in realised} | {k for k, _ in prognosis}
    out = [Variance(p, u, c, f, realised.get(p, u, c, f), prognosis.get(p, u, c, f))
           for (p, u, c, f) in keys]
    out.sort(key=lambda v: (v.period, v.unit, v.category.value, v.flow))
    return out


def difference_ledger(realised: Ledger, prognosis: Ledger) -> Ledger:
    """Realised − prognosis as a ledger."""
    return Ledger(((v.period, v.unit, v.category, v.flow), v.difference)
                  for v in compare(realised, prognosis))
