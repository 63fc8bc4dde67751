"""Required intake: what academy intake per year brings each unit to formatie by a date?

The exact model is affine in the intake (every flow is a rate on a stock, and
intake only enters through its cohorts), so two runs give, per unit, the OS on
the target date without intake in the decision years (``base``) and the extra
OS per fte of yearly intake (``slope``); the intake is then
``max(0, (formatie × (1 − tolerance) − base) / slope)``, checked by a third run.
Units are independent (no flows between units in the model). The decision
years are those whose intakes can graduate by the target date; the intake is
the same in each of them. It is feasible when the national total stays within
the academy's capacity in every decision year; otherwise the result says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from sterkte.errors import InputError, Msg
from sterkte.forecast.engine import CATEGORIES, simulate
from sterkte.forecast.inputs import resolve
from sterkte.forecast.result import formatie_by_month, tolerance_by_month
from sterkte.forecast.start import StartState, graduation_month, month_date
from sterkte.ledger import Category
from sterkte.parameters import ParameterSet

OS_INDEX = CATEGORIES.index(Category.OS)


@dataclass(frozen=True)
class RequiredIntake:
    """Academy intake per year (fte) per unit for the decision ``years``."""

    target: dt.date
    years: list[int]
    per_unit: dict[str, float]
    capacity: dict[int, float]
    reached: dict[str, tuple[float, float]]  # unit → (OS on the target date, formatie − tol)
    problems: list[str]

    @property
    def national(self) -> float:
        return sum(self.per_unit.values())

    @property
    def feasible(self) -> bool:
        return not self.problems


def required_intake(params: ParameterSet, state: StartState, target: dt.date
                    ) -> RequiredIntake:
    """See the module docstring. ``target``: the date by which formatie must be reached
    (the end of its month counts)."""
    target_m = target.year * 12 + target.month - 1
    months = target_m - state.start + 1
    if months <= 0:
        begin, found = month_date(state.start).isoformat(), target.isoformat()
        raise InputError.at("--target-date", Msg(
            f"verwacht een datum na het begin ({begin}), gevonden {found}",
            f"expected a date after the start ({begin}), found {found}"))
    years = []
    for year in range(state.start // 12, target.year + 1):
        for m in range(max(year * 12, state.start), year * 12 + 12):
            when = month_date(m)
            share = params["intake_moments"].mapping(when).get(str(m % 12 + 1), 0.0)
            if share > 0 and graduation_month(params, m) <= target_m:
                years.append(year)
                break
    units = state.units
    formatie = formatie_by_month(params, units, state.start, months)[:, -1]
    tol = tolerance_by_month(params, state.start, months)[-1]
    goal = formatie * (1.0 - tol)
    if not years:
        length = round(params["training_length"].number(month_date(state.start)))
        return RequiredIntake(target, [], {}, {}, {}, [
            f"no intake from {month_date(state.start).isoformat()} on can graduate by "
            f"{target.isoformat()}: the programme takes {length} months"])

    def os_at_target(per_unit: np.ndarray) -> np.ndarray:
        plan = {y: per_unit for y in years}
        traj = simulate(resolve(params, state, months, intake_by_year=plan))
        return np.asarray(traj.monthly[0, :, OS_INDEX, -1], dtype=np.float64)

    base = os_at_target(np.zeros(len(units)))
    slope = os_at_target(np.ones(len(units))) - base
    has = ~np.isnan(goal)
    need = np.zeros(len(units))
    ok = has & (slope > 1e-12)
    need[ok] = np.maximum(0.0, (goal[ok] - base[ok]) / slope[ok])
    achieved = os_at_target(need)
    capacity = {y: params["academy_capacity"].number(dt.date(y, 1, 1)) for y in years}
    problems = []
    total = float(need.sum())
    for y, cap in capacity.items():
        if total > cap + 1e-6:
            problems.append(f"{y}: needs {total:,.0f} fte intake, the academy can take "
                            f"{cap:,.0f}")
    reached = {u: (float(achieved[j]), float(goal[j])) for j, u in enumerate(units) if has[j]}
    for u, (got, want) in reached.items():
        if got < want - 1e-6:
            problems.append(f"{u}: cannot reach formatie by {target.isoformat()} "
                            f"({got:,.0f} of {want:,.0f} fte)")
    return RequiredIntake(target, years, {u: float(need[j]) for j, u in enumerate(units)},
                          capacity, reached, problems)
