"""One forecast: parameters + start state → ledger, formatie, balance dates, bands.

The exact (expected-value) run gives the prognosis ledger; with ``samples`` the
sampled ensemble gives P5/P50/P95 bands and the probability that each unit
reaches formatie by each year end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sterkte.forecast.balance import Balance, balances, with_national
from sterkte.forecast.engine import CATEGORIES, Trajectory, simulate
from sterkte.forecast.inputs import ModelInputs, resolve
from sterkte.forecast.montecarlo import Progress, quantile_bands, run_ensemble
from sterkte.forecast.result import (
    formatie_by_month,
    reporting_periods,
    to_ledger,
    tolerance_by_month,
)
from sterkte.forecast.start import StartState
from sterkte.ledger import Category, Ledger, Period
from sterkte.org.units import NATIONAL
from sterkte.parameters import ParameterSet

F64 = NDArray[np.float64]


@dataclass
class ForecastRun:
    """A finished forecast. ``ledger`` holds the 15 units and ``NP`` (national)."""

    scenario: str
    params: ParameterSet
    origin: str
    start: int
    months: int
    periods: list[Period]
    inputs: ModelInputs
    exact: Trajectory
    ledger: Ledger
    formatie: F64  # [U, T] trained formatie per month, NaN = none
    balance: list[Balance]
    samples: int = 0
    seed: int | None = None
    ensemble: Trajectory | None = None
    ensemble_balance: list[Balance] = field(default_factory=list)

    @property
    def units(self) -> tuple[str, ...]:
        return self.exact.units

    def formatie_at_year_end(self) -> dict[tuple[str, int], float]:
        """Formatie per unit (and ``NP``) at each year end of the horizon, fte."""
        _, f_all, names = with_national(self.exact.monthly[:, :, 0, :], self.formatie,
                                        self.units)
        out = {}
        for t in range(self.months):
            m = self.start + t
            if m % 12 == 11:
                for j, u in enumerate(names):
                    if not np.isnan(f_all[j, t]):
                        out[(u, m // 12)] = float(f_all[j, t])
        return out

    def aspirant_posts_at_year_end(self) -> dict[int, float]:
        """National aspirant posts (units + PDC) in force at each year end, fte: the
        aspirants' part of the operational formatie (Tabel 5)."""
        param = self.params["aspirant_posts"]
        return {p.year: sum(param.mapping(p.end).values()) for p in self.periods
                if p.kind.value == "year"}

    def operational_formatie_at_year_end(self) -> dict[int, float]:
        """National operational formatie (aspirant posts included) in force at each year
        end, fte: ``formatie_national`` plus the motion Hermans (``formatie_hermans``),
        which the letters keep outside it (Tabel 5 stands beside it)."""
        national, hermans = self.params["formatie_national"], self.params["formatie_hermans"]
        return {p.year: national.number(p.end) + hermans.number(p.end) for p in self.periods
                if p.kind.value == "year"}

    def bands(self, category: Category = Category.OS) -> dict[str, F64]:
        """P5/P50/P95 of the closing stock per period, per unit and ``NP``: ``[3, P]``."""
        if self.ensemble is None:
            return {}
        c = CATEGORIES.index(category)
        closing = self.ensemble.closing[:, :, c, :]  # [S, U, P]
        out = {u: quantile_bands(closing[:, j, :]) for j, u in enumerate(self.units)}
        out[NATIONAL] = quantile_bands(closing.sum(1))
        return out

    def summary(self) -> dict[str, Any]:
        """What is stored with the run beside its parameters (JSON-able)."""
        return {
            "scenario": self.scenario, "origin": self.origin,
            "start": f"{self.start // 12}-{self.start % 12 + 1:02d}", "months": self.months,
            "samples": self.samples, "seed": self.seed,
            "balance": {b.unit: b.describe() for b in self.balance},
            "probability_by": {b.unit: {d.isoformat(): p for d, p in b.probability_by.items()}
                               for b in self.ensemble_balance},
        }


def run_forecast(params: ParameterSet, state: StartState, years: int, *,
                 scenario: str = "base", samples: int = 0, seed: int = 0,
                 scheduler: str | None = None, workers: int = 2,
                 progress: Progress | None = None,
                 intake_by_year: dict[int, F64] | None = None,
                 dates: list[dt.date] | None = None) -> ForecastRun:
    """Forecast ``years`` calendar years from ``state`` (a start within a year first runs
    to its year end, month by month); with ``samples`` > 0 also the ensemble (on the
    Dask cluster at ``scheduler`` when given)."""
    months = 12 * years + (-state.start) % 12
    inputs = resolve(params, state, months, intake_by_year=intake_by_year)
    pom, periods = reporting_periods(state.start, months)
    exact = simulate(inputs, period_of_month=pom)
    ledger = to_ledger(exact, periods).map_units(dict.fromkeys(exact.units, NATIONAL))
    formatie = formatie_by_month(params, exact.units, state.start, months)
    tol = tolerance_by_month(params, state.start, months)
    bal = balances(exact.monthly[:, :, 0, :], formatie, tol, exact.units, state.start,
                   dates=dates)
    run = ForecastRun(scenario=scenario, params=params, origin=state.origin, start=state.start,
                      months=months, periods=periods, inputs=inputs, exact=exact, ledger=ledger,
                      formatie=formatie, balance=bal)
    if samples > 0:
        if scheduler:
            from sterkte.forecast.distributed import run_ensemble_dask

            ens = run_ensemble_dask(inputs, pom, samples, seed, scheduler, progress=progress)
        else:
            ens = run_ensemble(inputs, pom, samples, seed, workers=workers, progress=progress)
        run.samples, run.seed, run.ensemble = samples, seed, ens
        run.ensemble_balance = balances(ens.monthly[:, :, 0, :], formatie, tol, exact.units,
                                        state.start, dates=dates)
    return run
