"""Parameters → the numbers the engine steps through, month by month.

Rates in the parameter files are per year; the engine uses monthly hazards
``1 − (1 − r)^(1/12)``, so that twelve months compound to the yearly rate.
Values are looked up on the first day of the month (or year) they apply to.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sterkte.errors import InputError, Msg
from sterkte.forecast.start import StartState, graduation_month, month_date
from sterkte.parameters import ParameterSet

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]

_BAND = re.compile(r"^(\d+)-(\d+)$")

# The parameter files the forecast reads (sterkte/data/parameters/forecast/<name>.yaml).
FORECAST_PARAMETERS: tuple[str, ...] = (
    "academy_capacity", "academy_intake", "age_profile", "aspirant_posts",
    "balance_tolerance", "dropout", "early_retirement", "formatie", "formatie_hermans",
    "formatie_national", "graduation_months", "intake_age", "intake_history",
    "intake_moments", "intake_unit_share", "lateral_entry", "lateral_entry_age",
    "nos_stock", "retirement_age", "training_length", "transfer_rates",
    "unplanned_outflow", "unplanned_outflow_unit_factor", "working_time",
)


def forecast_parameters() -> ParameterSet:
    """The bundled forecast parameters (only the forecast's own files)."""
    return ParameterSet.bundled(FORECAST_PARAMETERS)


def monthly(rate: F64 | float) -> F64:
    """Monthly hazard of a yearly rate (fraction)."""
    r = np.clip(np.asarray(rate, dtype=np.float64), 0.0, 1.0)
    return np.asarray(1.0 - (1.0 - r) ** (1.0 / 12.0), dtype=np.float64)


@dataclass(frozen=True)
class ModelInputs:
    """Everything the engine needs, as arrays over months t = 0 … T−1.

    Shapes: U units, B birth years (``birth_year0`` + i), K academy cohorts,
    Y calendar years of the horizon. Persons unless stated; all hazards monthly.
    """

    units: tuple[str, ...]
    start: int  # absolute month of t = 0
    months: int
    birth_year0: int
    people0: F64  # [2, U, B] OS, NOS persons at the start
    fte0: F64  # [3, U] fte per person: OS, NOS, ASP
    wt_mult: F64  # [T, 3] contract factor multiplier in month t (OS, NOS, ASP)
    cohort_start: I64  # [K] absolute intake month
    cohort_grad: I64  # [K] absolute graduation month
    asp0: F64  # [U, K]
    intake: F64  # [T, U] academy intake (persons) into cohort intake_slot[t]
    intake_slot: I64  # [T] cohort index or −1
    join_slot: I64  # [T] cohort that OS → training transfers join (the next intake)
    dropout: F64  # [P] monthly dropout hazard in programme year p (0-based)
    intake_ages: I64  # [A] ages at intake
    intake_age_share: F64  # [A]
    lateral: F64  # [T, 2, U] expected lateral entrants per month (OS, NOS)
    lateral_ages: I64
    lateral_age_share: F64
    year_index: I64  # [T] → index into the per-year arrays
    unplanned: F64  # [Y, U, B] monthly hazard
    transfers: F64  # [Y, 3] monthly hazards: OS→NOS, NOS→OS, OS→training
    planned: F64  # [T, B] monthly hazard of planned outflow (retirement)
    origin: str

    @property
    def n_units(self) -> int:
        return len(self.units)

    @property
    def n_birth_years(self) -> int:
        return int(self.people0.shape[-1])


def _bands(params: ParameterSet, when: dt.date) -> list[tuple[int, int, float]]:
    p = params["unplanned_outflow"]
    out = []
    for key, rate in p.mapping(when).items():
        m = _BAND.match(key)
        if not m or int(m.group(1)) > int(m.group(2)):
            raise InputError.at(p.source, Msg(
                f"verwacht een leeftijdsklasse 'van-tot' (bijv. 25-34), gevonden {key!r}",
                f"expected an age band 'lo-hi' (e.g. 25-34), found {key!r}"),
                field=f"values.{when.isoformat()}.{key}")
        out.append((int(m.group(1)), int(m.group(2)), rate))
    return out


def _unit_map(params: ParameterSet, name: str, values: dict[str, float],
              units: tuple[str, ...], field: str = "") -> F64:
    unknown = sorted(set(values) - set(units))
    if unknown:
        listed, known = ", ".join(unknown), ", ".join(units)
        raise InputError.at(params[name].source, Msg(
            f"onbekende eenhe(i)d(en) {listed}; verwacht {known}",
            f"unknown unit(s) {listed}; expected {known}"), field=field or "values")
    return np.array([values.get(u, 0.0) for u in units], dtype=np.float64)


def _ages(params: ParameterSet, name: str, when: dt.date) -> tuple[I64, F64]:
    shares = params[name].mapping(when)
    try:
        ages = np.array([int(a) for a in shares], dtype=np.int64)
    except ValueError:
        raise InputError.at(params[name].source, Msg(
            "verwacht leeftijden in hele jaren als sleutels",
            "expected ages in whole years as keys"),
                            field="values") from None
    return ages, np.array(list(shares.values()), dtype=np.float64)


def resolve(params: ParameterSet, state: StartState, months: int, *,
            intake_by_year: dict[int, F64] | None = None) -> ModelInputs:
    """The engine inputs for ``months`` months from ``state.start``.

    ``intake_by_year`` (year → fte per unit) replaces the ``academy_intake`` ×
    ``intake_unit_share`` plan for those years (the required-intake mode uses it).
    """
    if months <= 0:
        raise InputError.at(Msg("prognose", "forecast"), Msg(
            f"verwacht een positieve horizon, gevonden {months} maanden",
            f"expected a positive horizon, found {months} months"))
    units = state.units
    n_u = len(units)
    start = state.start
    end = start + months
    first_year, last_year = start // 12, (end - 1) // 12
    n_years = last_year - first_year + 1

    # birth years: everybody in the start state, and entrants up to age 15 at the end
    b0 = min(state.birth_year0, first_year - 80)
    b1 = max(state.birth_year0 + state.people.shape[-1] - 1, last_year - 15)
    n_b = b1 - b0 + 1
    people0 = np.zeros((2, n_u, n_b), dtype=np.float64)
    off = state.birth_year0 - b0
    people0[:, :, off:off + state.people.shape[-1]] = state.people

    # calendar-year quantities
    year_index = np.array([(start + t) // 12 - first_year for t in range(months)], dtype=np.int64)
    unplanned = np.zeros((n_years, n_u, n_b), dtype=np.float64)
    transfers = np.zeros((n_years, 3), dtype=np.float64)
    birth_years = np.arange(b0, b1 + 1)
    for y in range(n_years):
        year = first_year + y
        when = dt.date(year, 1, 1)
        age = year - birth_years
        rate = np.zeros(n_b, dtype=np.float64)
        for lo, hi, r in _bands(params, when):
            rate[(age >= lo) & (age <= hi)] = r
        factor = _unit_map(params, "unplanned_outflow_unit_factor",
                           params["unplanned_outflow_unit_factor"].mapping(when), units)
        unplanned[y] = monthly(np.clip(factor[:, None] * rate[None, :], 0.0, 1.0))
        tr = params["transfer_rates"].mapping(when)
        for i, key in enumerate(("os_to_nos", "nos_to_os", "os_to_training")):
            if key not in tr:
                raise InputError.at(params["transfer_rates"].source,
                                    Msg(f"verwacht een kans {key}", f"expected a rate {key}"),
                                    field=f"values.{when.isoformat()}")
            transfers[y, i] = float(monthly(tr[key]))
        # competing risks must leave a probability ≤ 1
        transfers[y] = np.minimum(transfers[y], 1.0)

    # month quantities
    wt_mult = np.ones((months, 3), dtype=np.float64)
    lateral = np.zeros((months, 2, n_u), dtype=np.float64)
    planned = np.zeros((months, n_b), dtype=np.float64)
    intake = np.zeros((months, n_u), dtype=np.float64)
    retire_start = np.array([b * 12 + round(12 * params["retirement_age"].number(
        dt.date(int(b), 1, 1))) for b in birth_years], dtype=np.int64)
    for t in range(months):
        m = start + t
        when = month_date(m)
        year = m // 12
        wt = params["working_time"].mapping(when)
        for c, key in enumerate(("OS", "NOS", "ASP")):
            wt_mult[t, c] = (1.0 + wt.get(key, 0.0)) ** (1.0 / 12.0)
        lat = params["lateral_entry"].table(when)
        for c, key in enumerate(("OS", "NOS")):
            lateral[t, c] = _unit_map(params, "lateral_entry", lat.get(key, {}), units,
                                      f"values.{key}") / 12.0
        early = params["early_retirement"].mapping(when)
        age = year - birth_years
        p_early = monthly(np.array([early.get(str(a), 0.0) for a in age], dtype=np.float64))
        k = m - retire_start
        with np.errstate(divide="ignore"):
            p_aow = np.where(k < 0, 0.0, np.where(k >= 11, 1.0, 1.0 / np.maximum(12 - k, 1)))
        planned[t] = 1.0 - (1.0 - p_early) * (1.0 - p_aow)

    # academy: cohorts of the start state, then one per intake moment
    starts = {int(s) for s in state.cohort_start}
    for m in range(start, end + 13):
        share = params["intake_moments"].mapping(month_date(m)).get(str(m % 12 + 1), 0.0)
        if share > 0:
            starts.add(m)
    cohort_start = np.array(sorted(starts), dtype=np.int64)
    cohort_grad = np.array([graduation_month(params, int(s)) for s in cohort_start],
                           dtype=np.int64)
    pos = {int(s): k for k, s in enumerate(cohort_start)}
    asp0 = np.zeros((n_u, len(cohort_start)), dtype=np.float64)
    for k0, s in enumerate(state.cohort_start):
        asp0[:, pos[int(s)]] += state.asp[:, k0]
    intake_slot = np.full(months, -1, dtype=np.int64)
    join_slot = np.zeros(months, dtype=np.int64)
    for t in range(months):
        m = start + t
        when = month_date(m)
        share = params["intake_moments"].mapping(when).get(str(m % 12 + 1), 0.0)
        if m in pos and share > 0:
            intake_slot[t] = pos[m]
            if intake_by_year is not None and m // 12 in intake_by_year:
                per_unit = np.asarray(intake_by_year[m // 12], dtype=np.float64)
            else:
                national = params["academy_intake"].number(dt.date(m // 12, 1, 1))
                per_unit = national * _unit_map(params, "intake_unit_share",
                                                params["intake_unit_share"].mapping(when), units)
            intake[t] = per_unit * share
        join_slot[t] = int(np.searchsorted(cohort_start, m, side="right"))
    rates = params["dropout"].mapping(month_date(start))
    n_p = max(int(k) for k in rates)
    dropout = monthly(np.array([rates.get(str(p + 1), 0.0) for p in range(n_p)]))
    intake_ages, intake_age_share = _ages(params, "intake_age", month_date(start))
    lateral_ages, lateral_age_share = _ages(params, "lateral_entry_age", month_date(start))
    if intake_ages.min() < 15 or lateral_ages.min() < 15:
        raise InputError.at(params["intake_age"].source, Msg(
            "verwacht leeftijden van 15 of ouder", "expected ages of 15 or over"))
    return ModelInputs(
        units=units, start=start, months=months, birth_year0=b0, people0=people0,
        fte0=state.fte_per_person[[0, 1, 2]], wt_mult=wt_mult, cohort_start=cohort_start,
        cohort_grad=cohort_grad, asp0=asp0, intake=intake, intake_slot=intake_slot,
        join_slot=join_slot, dropout=dropout, intake_ages=intake_ages,
        intake_age_share=intake_age_share, lateral=lateral, lateral_ages=lateral_ages,
        lateral_age_share=lateral_age_share, year_index=year_index, unplanned=unplanned,
        transfers=transfers, planned=planned, origin=state.origin)
