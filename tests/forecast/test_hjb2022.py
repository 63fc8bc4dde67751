"""The police's plan of June 2022 (built-in scenario hjb2022), from where the police's
table starts (the published stocks of 31-12-2020): intake 2,388 in 2021, then 2,501 /
2,401 / 2,101 / 1,601 / 1,301 fte in 2022–2026, the 2-year programme for intakes from 2021
and the 28-month finish of the converted streams of Q4 2018–2020.

The old pins of a wave of ~3,100 graduates in 2023 are gone: the product owner showed that
output was wrong (the police's prognosis has no wave, the running programmes being
converted). They are replaced by the facts: every pre-2021 trainee has graduated by the end
of 2022, so the 2023 graduates are the 2021 intake alone.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sterkte.forecast import ForecastRun, StartState, run_forecast
from sterkte.forecast.tables import prognosis_table
from sterkte.ledger import Category, Period
from sterkte.org.units import NATIONAL
from sterkte.parameters import ParameterSet
from sterkte.parameters.scenario import Scenario

D = dt.date
PLAN = {2021: 2388, 2022: 2501, 2023: 2401, 2024: 2101, 2025: 1601, 2026: 1301}
SHARE = {2021: {1: 0.364, 5: 0.398, 10: 0.238}}  # intake_moments: H1-heavy in 2021
REGULAR = {1: 0.3, 5: 0.35, 10: 0.35}  # January, May, October
WAIT = {1: 1, 5: 1, 10: 0}  # 2-year intakes wait for the graduation month (Feb, Jun, Oct)
D1, D2, D3 = 0.07, 0.04, 0.02  # dropout in programme years 1, 2, 3 (dropout.yaml)


def national(run: ForecastRun, category: Category, flow: str) -> list[float]:
    return [run.ledger.get(p, NATIONAL, category, flow) for p in run.periods]


def shares(year: int) -> dict[int, float]:
    return SHARE.get(year, REGULAR)


@pytest.fixture(scope="module")
def run(hjb2022: ParameterSet, opening_2021: StartState) -> ForecastRun:
    return run_forecast(hjb2022, opening_2021, 6, scenario="hjb2022")


def test_the_start_is_the_published_2021_opening(run: ForecastRun) -> None:
    y = Period.of_year(2021)
    assert run.periods[0] == y and run.periods[-1] == Period.of_year(2026)
    assert run.ledger.opening(y, NATIONAL, Category.OS) == pytest.approx(46174)
    assert run.ledger.opening(y, NATIONAL, Category.ASP) == pytest.approx(4454)
    assert run.ledger.opening(y, "DH", Category.OS) == pytest.approx(5465)


def test_intake_and_lateral_entry_are_the_plan(run: ForecastRun) -> None:
    assert national(run, Category.ASP, "intake") == pytest.approx(list(PLAN.values()))
    assert national(run, Category.OS, "lateral_entry") == pytest.approx([1058.0] * 6)
    assert national(run, Category.OS, "transfer_to_training") == pytest.approx([0.0] * 6)


def test_no_wave_every_pre_2021_trainee_graduates_by_2022_and_2023_is_the_2021_intake(
        hjb2022: ParameterSet, opening_2021: StartState) -> None:
    """Without dropout: the 4,454 fte in training on 31-12-2020 all graduate in 2021–2022
    (the last converted stream, May 2020, after 28 months in October 2022), and the
    graduates of 2023, 2024, … are exactly the intakes of 2021, 2022, … (2 years)."""
    params = Scenario("no-dropout", "test", overrides={  # type: ignore[arg-type]
        "dropout": {D(2010, 1, 1): {"1": 0.0, "2": 0.0, "3": 0.0}},
    }).apply(hjb2022)
    r = run_forecast(params, opening_2021, 6)
    grads = [-g for g in national(r, Category.ASP, "graduated_out")]
    assert grads[0] + grads[1] == pytest.approx(4454)
    assert grads[2:] == pytest.approx([PLAN[y] for y in (2021, 2022, 2023, 2024)])
    assert max(grads[2:]) < 1.05 * max(PLAN.values())  # no year holds two years' intake


def test_graduates_and_aspirant_stocks_follow_the_dropout(hjb2022: ParameterSet,
                                                          opening_2021: StartState) -> None:
    """Without transfers and working-time effect, figures derived by hand.

    A cohort of the 2-year programme taken in in month m of year Y graduates in the first
    graduation month from m + 24 on: October in October, January and May one month later
    (February, June), after that month of programme-year-3 dropout. On 31-12 of year Y a
    cohort of month m of Y has had 13 − m months of year-1 dropout; that of Y − 1, all 12
    and 13 − m of year 2. From 2023 on only these cohorts are in training.
    """
    params = Scenario("no-transfers", "test", overrides={  # type: ignore[arg-type]
        "transfer_rates": {D(2010, 1, 1): {"os_to_nos": 0.0, "nos_to_os": 0.0,
                                           "os_to_training": 0.0}},
        "working_time": {D(2010, 1, 1): {"OS": 0.0, "NOS": 0.0, "ASP": 0.0}},
    }).apply(hjb2022)
    r = run_forecast(params, opening_2021, 6)
    grads = [-g for g in national(r, Category.ASP, "graduated_out")]

    def graduates_of(year: int) -> float:
        return sum(PLAN[year] * s * (1 - D1) * (1 - D2) * (1 - D3) ** (WAIT[m] / 12)
                   for m, s in shares(year).items())

    for i, year in enumerate(range(2021, 2027)):
        if year >= 2023:
            assert grads[i] == pytest.approx(graduates_of(year - 2), rel=1e-9)

    def in_training_at_end(year: int) -> float:
        total = 0.0
        for month, share in shares(year).items():
            months_this = 12 - month + 1
            total += PLAN[year] * share * (1 - D1) ** (months_this / 12)
        for month, share in shares(year - 1).items():
            months_this = 12 - month + 1
            total += PLAN[year - 1] * share * (1 - D1) * (1 - D2) ** (months_this / 12)
        return total

    asp_closing = national(r, Category.ASP, "closing")
    for i, year in enumerate(range(2021, 2027)):
        if year >= 2023:
            assert asp_closing[i] == pytest.approx(in_training_at_end(year), rel=1e-9)


def test_the_shipped_scenario_is_pinned(run: ForecastRun) -> None:
    """Regression guard only: the shipped hjb2022 as computed on 2026-12-05 (fte, national;
    the model's own output, not a published figure). The sourced checks are in
    test_police_2021.py and the facts above; the plausibility checks below are derived."""
    grads = [-g for g in national(run, Category.ASP, "graduated_out")]
    assert grads == pytest.approx(PINNED["graduates"], abs=0.1)
    asp = national(run, Category.ASP, "closing")
    assert asp == pytest.approx(PINNED["asp"], abs=0.1)
    os = national(run, Category.OS, "closing")
    assert os == pytest.approx(PINNED["os"], abs=0.1)
    # dropout per year is about 5 % of the trainees (10–13 % over a programme)
    dropout = [-d for d in national(run, Category.ASP, "dropout")]
    opening = national(run, Category.ASP, "opening")
    for d, o, c in zip(dropout, opening, asp, strict=True):
        assert 0.035 < d / ((o + c) / 2) < 0.065


PINNED: dict[str, list[float]] = {  # 2021 … 2026
    "graduates": [1710.0, 2597.9, 2129.3, 2230.5, 2141.3, 1873.7],
    "asp": [4892.0, 4550.8, 4563.7, 4186.1, 3436.0, 2695.8],
    "os": [46167.4, 47187.8, 47887.2, 48688.6, 49426.7, 49879.8],
}


def test_the_published_layout_has_one_row_per_flow_os_then_asp(run: ForecastRun) -> None:
    rows = prognosis_table(run.ledger, NATIONAL, run.periods)
    labels = [row.label_nl for row, _ in rows]
    assert labels[:10] == [
        "Bezetting OS aanvang boekjaar", "Instroom uit opleiding", "Zijinstroom",
        "Werktijdwijziging", "Doorstroom NOS -> OS", "Doorstroom OS -> NOS",
        "Doorstroom naar opleiding", "Voorziene uitstroom", "Onvoorziene uitstroom",
        "Bezetting OS einde boekjaar"]
    assert labels[10:17] == [
        "Bezetting ASP aanvang boekjaar", "Instroom in opleiding", "Inkomende doorstroom",
        "Werktijdwijziging", "Uitval", "Uitstroom uit opleiding", "Bezetting ASP einde boekjaar"]
    for block in (rows[:10], rows[10:17]):  # each table adds up, every year
        for y in range(6):
            opening, *flows, closing = (vals[y] for _, vals in block)
            assert opening + sum(flows) == pytest.approx(closing)
