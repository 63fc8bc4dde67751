"""The academy pipeline and formatie facts of the letters (DOMAIN.md), checked on the
parameters and on the engine's cohorts — the dates are derived here by hand from the facts,
not taken from the model:

- the 7 intake streams of Q4 2018, 2019 and 2020 finish 8 months earlier (28 months);
  none of them takes 36 months;
- intakes from 2021 follow the 2-year programme;
- most trainees graduate in February, June and October;
- the October 2020 intake was cancelled (its recruits started in the first half of 2021);
- the +700 fte of the motion Hermans are trained from 2024 and are outside the 2026
  formatie of 52,254.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sterkte.forecast import StartState, resolve
from sterkte.forecast.start import graduation_month
from sterkte.parameters import ParameterSet

D = dt.date


def month(year: int, m: int) -> int:
    return year * 12 + m - 1


# intake stream → graduation month: 28 months, then the next of February, June, October
CONVERTED = {
    (2018, 10): (2021, 2), (2019, 1): (2021, 6), (2019, 5): (2021, 10),
    (2019, 10): (2022, 2), (2020, 1): (2022, 6), (2020, 5): (2022, 10),
}
THREE_YEAR = {(2017, 10): (2020, 10), (2018, 1): (2021, 2), (2018, 5): (2021, 6)}
TWO_YEAR = {(2021, 1): (2023, 2), (2021, 5): (2023, 6), (2021, 10): (2023, 10),
            (2024, 10): (2026, 10)}


@pytest.mark.parametrize(("intake", "graduation"),
                         [*CONVERTED.items(), *THREE_YEAR.items(), *TWO_YEAR.items()])
def test_each_stream_graduates_on_the_date_the_facts_give(
        params: ParameterSet, intake: tuple[int, int], graduation: tuple[int, int]) -> None:
    assert graduation_month(params, month(*intake)) == month(*graduation)


def test_no_intake_of_q4_2018_to_2020_takes_36_months(params: ParameterSet) -> None:
    for m in range(month(2018, 10), month(2021, 1)):
        took = graduation_month(params, m) - m
        assert 28 <= took < 36, (m // 12, m % 12 + 1, took)
    for m in range(month(2021, 1), month(2027, 1)):
        assert 24 <= graduation_month(params, m) - m < 28


def test_the_engine_graduates_the_converted_cohorts_on_those_dates(
        hjb2022: ParameterSet, opening_2021: StartState) -> None:
    inputs = resolve(hjb2022, opening_2021, 72)
    grad = dict(zip(inputs.cohort_start.tolist(), inputs.cohort_grad.tolist(), strict=True))
    for intake, graduation in CONVERTED.items():
        assert grad[month(*intake)] == month(*graduation)
    # every cohort in training on 31-12-2020 has graduated by the end of 2022
    held = [int(s) for s, n in zip(opening_2021.cohort_start, opening_2021.asp.sum(0),
                                   strict=True) if n > 0]
    assert held and max(grad[s] for s in held) <= month(2022, 12)


def test_the_october_2020_intake_is_absent_and_its_recruits_start_in_2021(
        params: ParameterSet, hjb2022: ParameterSet, opening_2021: StartState) -> None:
    assert month(2020, 10) not in opening_2021.cohort_start.tolist()
    assert month(2020, 5) in opening_2021.cohort_start.tolist()
    assert params["intake_history"].values[D(2020, 10, 1)] == 0
    # the 2021 intake is heavier in the first half than a regular year
    moments = params["intake_moments"]
    h1_2021 = sum(moments.mapping(D(2021, 1, 1)).get(k, 0.0) for k in ("1", "5"))
    h1_2022 = sum(moments.mapping(D(2022, 1, 1)).get(k, 0.0) for k in ("1", "5"))
    assert h1_2021 > h1_2022
    # the engine takes nobody in in October 2020 when run from before it
    inputs = resolve(hjb2022, opening_2021, 12)
    assert month(2020, 10) not in inputs.cohort_start[inputs.asp0.sum(0) > 0].tolist()


def test_the_700_of_the_motion_hermans_are_trained_from_2024_outside_the_2026_formatie(
        params: ParameterSet) -> None:
    national = params["formatie_national"]
    hermans = params["formatie_hermans"]
    assert national.number(D(2016, 6, 1)) == 49803
    assert national.number(D(2021, 12, 31)) == 51728
    assert national.number(D(2026, 1, 1)) == 52254  # excludes the +700
    assert hermans.number(D(2023, 12, 31)) == 0
    assert hermans.number(D(2024, 1, 1)) == 700
    # the trained formatie per unit carries them from 2024 on, over the regional units
    per_unit = params["formatie"]
    extra = (sum(per_unit.mapping(D(2024, 1, 1)).values())
             - sum(per_unit.mapping(D(2023, 12, 31)).values()))
    assert extra == pytest.approx(hermans.number(D(2024, 1, 1)))
