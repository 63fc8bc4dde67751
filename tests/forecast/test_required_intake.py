"""Required intake: the academy intake per year that brings each unit to formatie by a date."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from sterkte.forecast import StartState, run_forecast
from sterkte.forecast.required_intake import required_intake
from sterkte.parameters import ParameterSet
from sterkte.parameters.scenario import Scenario

TARGET = dt.date(2026, 12, 31)


def os_on_target(params: ParameterSet, state: StartState, intake: dict[int, np.ndarray]
                 ) -> np.ndarray:
    run = run_forecast(params, state, 5, intake_by_year=intake)
    return np.asarray(run.exact.monthly[0, :, 0, -1])


def test_the_intake_found_reaches_formatie_and_no_less_would(hjb2022: ParameterSet,
                                                            end_2021: StartState) -> None:
    ri = required_intake(hjb2022, end_2021, TARGET)
    # intakes of 2022–2024 graduate by the end of 2026 (2-year programme); 2025's do not
    assert ri.years == [2022, 2023, 2024]
    assert ri.feasible, ri.problems
    units = end_2021.units
    need = np.array([ri.per_unit[u] for u in units])
    # checked independently with ordinary forecasts
    got = os_on_target(hjb2022, end_2021, dict.fromkeys(ri.years, need))
    for j, u in enumerate(units):
        if u in ri.reached:
            goal = ri.reached[u][1]
            assert got[j] >= goal - 1e-6
            if need[j] > 1:  # binding: 1 % less intake leaves the unit short
                less = need.copy()
                less[j] *= 0.99
                assert os_on_target(hjb2022, end_2021, dict.fromkeys(ri.years, less))[j] < goal
    assert ri.national == pytest.approx(need.sum())
    assert ri.national <= min(ri.capacity.values())


def test_too_early_a_target_date_says_so(hjb2022: ParameterSet, end_2021: StartState) -> None:
    ri = required_intake(hjb2022, end_2021, dt.date(2023, 6, 30))
    assert not ri.feasible
    assert "programme takes 24 months" in ri.problems[0]


def test_beyond_the_academy_capacity_says_so(hjb2022: ParameterSet, end_2021: StartState
                                             ) -> None:
    small = Scenario("small-academy", "test", overrides={  # type: ignore[arg-type]
        "academy_capacity": {dt.date(2021, 1, 1): 500.0}}).apply(hjb2022)
    ri = required_intake(small, end_2021, TARGET)
    assert not ri.feasible
    assert any("the academy can take 500" in p for p in ri.problems)
