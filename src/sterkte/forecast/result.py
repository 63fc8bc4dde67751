"""Engine output as a ledger, with formatie beside it.

Reporting periods are calendar years when the forecast starts in January
(the police publishes yearly prognoses only), else months. A year's opening is
the stock on 31-12 of the year before, its closing the stock on 31-12.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from sterkte.forecast.engine import CATEGORIES, FLOW_KEYS, Trajectory
from sterkte.forecast.start import month_date
from sterkte.ledger import CLOSING, OPENING, Ledger, Period
from sterkte.parameters import ParameterSet

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]


def reporting_periods(start: int, months: int) -> tuple[I64, list[Period]]:
    """``period_of_month`` and the periods: calendar years, with the months before the
    first year end and after the last one (a start or end within a year) each their
    own period. So a forecast from the HR records of 30 November reports December,
    then whole years, as the published tables do."""
    first = min(months, (-start) % 12)  # months before the first 1 January
    whole = (months - first) // 12
    periods = [Period.month((start + t) // 12, (start + t) % 12 + 1) for t in range(first)]
    periods += [Period.of_year((start + first) // 12 + i) for i in range(whole)]
    tail = first + 12 * whole
    periods += [Period.month((start + t) // 12, (start + t) % 12 + 1)
                for t in range(tail, months)]
    t = np.arange(months, dtype=np.int64)
    pom = np.where(t < first, t, first + (t - first) // 12)
    pom = np.where(t >= tail, first + whole + (t - tail), pom)
    return pom.astype(np.int64), periods


def to_ledger(traj: Trajectory, periods: list[Period], *, sample: int | None = 0,
              include_zero: bool = True) -> Ledger:
    """The ledger of one sample (``sample=None``: the mean over samples, which is a
    ledger too, the identities being linear). Values in fte, unrounded."""
    if sample is None:
        flows, opening, closing = (traj.flows.mean(0), traj.opening.mean(0),
                                   traj.closing.mean(0))
    else:
        flows, opening, closing = traj.flows[sample], traj.opening[sample], traj.closing[sample]
    out = Ledger()
    for j, unit in enumerate(traj.units):
        for p, period in enumerate(periods):
            for c, cat in enumerate(CATEGORIES):
                out.set(period, unit, cat, OPENING, float(opening[j, c, p]))
                out.set(period, unit, cat, CLOSING, float(closing[j, c, p]))
            for f, (cat, name) in enumerate(FLOW_KEYS):
                v = float(flows[j, f, p])
                if include_zero or v != 0.0:
                    out.set(period, unit, cat, name, v)
    return out


def formatie_by_month(params: ParameterSet, units: tuple[str, ...], start: int,
                      months: int) -> F64:
    """Trained formatie per unit per month, fte ``[U, T]``; NaN where a unit has none."""
    out = np.full((len(units), months), np.nan)
    param = params["formatie"]
    for t in range(months):
        values = param.mapping(month_date(start + t))
        for j, u in enumerate(units):
            if u in values:
                out[j, t] = values[u]
    return out


def tolerance_by_month(params: ParameterSet, start: int, months: int) -> F64:
    return np.array([params["balance_tolerance"].number(month_date(start + t))
                     for t in range(months)], dtype=np.float64)
