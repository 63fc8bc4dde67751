"""When are formatie and bezetting in balance? Per unit and nationally.

Bezetting here is the trained operational strength (OS, fte, end of month);
formatie the trained formatie (fte). A unit is *in balance* in month t when
``OS ≥ formatie × (1 − tolerance)``; its *balance date* is the last day of the
first such month in the horizon, or none ("not within horizon"). Nationally,
the units that have a formatie are added up (the 2023 formatie file covers the
10 regional units and the national unit).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sterkte.ledger import Period
from sterkte.org.units import NATIONAL

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]
NEVER = -1


def month_end(m: int) -> dt.date:
    return Period.month(m // 12, m % 12 + 1).end


@dataclass(frozen=True)
class Balance:
    """Balance of one unit (``NP`` = national): the first month in balance.

    ``month`` is an absolute month or ``None`` (not within the horizon). For an
    ensemble, ``probability_by[date]`` is the share of samples in balance by then.
    """

    unit: str
    month: int | None
    gap_at_start: float  # formatie − bezetting in the first month, fte
    gap_at_end: float  # same, last month
    probability_by: dict[dt.date, float]

    @property
    def date(self) -> dt.date | None:
        return month_end(self.month) if self.month is not None else None

    def describe(self) -> str:
        return self.date.isoformat() if self.date else "not within horizon"


def with_national(os_monthly: F64, formatie: F64, units: tuple[str, ...]
                  ) -> tuple[F64, F64, tuple[str, ...]]:
    """Append the national row: sums over the units that have a formatie.

    ``os_monthly [S, U, T]``, ``formatie [U, T]`` (NaN = no formatie).
    """
    has = ~np.isnan(formatie).all(axis=1)
    nat_os = os_monthly[:, has].sum(1, keepdims=True)
    nat_f = np.nansum(formatie[has], axis=0, keepdims=True) if has.any() else np.full(
        (1, formatie.shape[1]), np.nan)
    return (np.concatenate([os_monthly, nat_os], axis=1), np.concatenate([formatie, nat_f]),
            (*units, NATIONAL))


def first_balance_month(os_monthly: F64, formatie: F64, tolerance: F64) -> I64:
    """Index of the first month in balance per sample and unit ``[S, U]``; −1 if none."""
    target = formatie * (1.0 - tolerance)[None, :]
    with np.errstate(invalid="ignore"):
        ok = os_monthly >= target[None, :, :] - 1e-9
    ok &= ~np.isnan(target)[None, :, :]
    first = np.argmax(ok, axis=-1)
    return np.where(ok.any(axis=-1), first, NEVER).astype(np.int64)


def balances(os_monthly: F64, formatie: F64, tolerance: F64, units: tuple[str, ...],
             start: int, *, dates: list[dt.date] | None = None) -> list[Balance]:
    """One :class:`Balance` per unit with a formatie, and nationally.

    With one sample the balance month is that sample's; with more it is the median
    sample's (the month by which at least half the samples are in balance) and
    ``probability_by`` gives the share in balance by each of ``dates`` (default:
    every year end of the horizon).
    """
    os_all, f_all, names = with_national(os_monthly, formatie, units)
    first = first_balance_month(os_all, f_all, tolerance)  # [S, U]
    n_s, _, n_t = os_all.shape
    if dates is None:
        dates = sorted({month_end(start + t) for t in range(n_t)
                        if (start + t) % 12 == 11})
    out: list[Balance] = []
    for j, unit in enumerate(names):
        if np.isnan(f_all[j]).all():
            continue
        reached = first[:, j]
        months_ok = np.sort(np.where(reached >= 0, reached, n_t))
        median = int(months_ok[(n_s - 1) // 2])
        month = start + median if median < n_t else None
        prob = {}
        for d in dates:
            limit = d.year * 12 + d.month - 1 - start  # month index containing d
            prob[d] = float(np.mean((reached >= 0) & (reached <= limit)))
        gap0 = float(np.nanmean(f_all[j, 0] - os_all[:, j, 0]))
        gap1 = float(np.nanmean(f_all[j, -1] - os_all[:, j, -1]))
        out.append(Balance(unit, month, gap0, gap1, prob))
    return out
