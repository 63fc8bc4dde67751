"""The police's plan of June 2022 (built-in scenario hjb2022) from the published end-2021
stocks: intake 2,501 / 2,401 / 2,101 / 1,601 / 1,301 fte in 2022–2026, 2-year programme."""

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
PLAN = {2022: 2501, 2023: 2401, 2024: 2101, 2025: 1601, 2026: 1301}
SHARE = {1: 0.3, 5: 0.35, 10: 0.35}  # intake_moments: January, May, October
D1, D2 = 0.07, 0.04  # dropout in programme years 1 and 2 (dropout.yaml)


def national(run: ForecastRun, category: Category, flow: str) -> list[float]:
    return [run.ledger.get(p, NATIONAL, category, flow) for p in run.periods]


@pytest.fixture(scope="module")
def run(hjb2022: ParameterSet, end_2021: StartState) -> ForecastRun:
    return run_forecast(hjb2022, end_2021, 5, scenario="hjb2022")


def test_the_start_is_the_published_end_2021_stock(run: ForecastRun) -> None:
    # the unit rows of tabel 1 and 2 add up to 46,188 and 4,782 (printed totals 46,189, 4,781)
    assert run.ledger.opening(Period.of_year(2022), NATIONAL, Category.OS) == pytest.approx(46188)
    assert run.ledger.opening(Period.of_year(2022), NATIONAL, Category.ASP) == pytest.approx(4782)
    assert run.ledger.opening(Period.of_year(2022), "DH", Category.OS) == pytest.approx(5483)


def test_intake_is_the_plan(run: ForecastRun) -> None:
    assert national(run, Category.ASP, "intake") == pytest.approx(list(PLAN.values()))


def test_graduates_and_aspirant_stocks_follow_the_dropout(hjb2022: ParameterSet,
                                                          end_2021: StartState) -> None:
    """Without transfers into training and working-time effect, figures derived by hand.

    A cohort of the 2-year programme taken in in year Y graduates in Y+2 with
    (1 − 0.07)(1 − 0.04) of its intake. On 31-12 of year Y a cohort taken in in month m
    of Y has had 13 − m months of year-1 dropout; the same month's cohort of Y − 1 has had
    all 12 of year 1 and 13 − m of year 2. From 2023 on only these cohorts are in training.
    """
    params = Scenario("no-transfers", "test", overrides={  # type: ignore[arg-type]
        "transfer_rates": {D(2010, 1, 1): {"os_to_nos": 0.0, "nos_to_os": 0.0,
                                           "os_to_training": 0.0}},
        "working_time": {D(2010, 1, 1): {"OS": 0.0, "NOS": 0.0, "ASP": 0.0}},
    }).apply(hjb2022)
    r = run_forecast(params, end_2021, 5)
    grads = [-g for g in national(r, Category.ASP, "graduated_out")]
    survive = (1 - D1) * (1 - D2)
    assert grads[2] == pytest.approx(PLAN[2022] * survive)  # 2024: the 2022 cohorts
    assert grads[3] == pytest.approx(PLAN[2023] * survive)
    assert grads[4] == pytest.approx(PLAN[2024] * survive)

    def in_training_at_end(year: int) -> float:
        """Trainees on 31-12-`year`: the cohorts of `year` and `year` − 1."""
        total = 0.0
        for month, share in SHARE.items():
            months_this = 12 - month + 1  # months of training in `year` for its own cohort
            total += PLAN[year] * share * (1 - D1) ** (months_this / 12)
            months_last = 12 + months_this  # last year's cohort of that month
            total += PLAN[year - 1] * share * (1 - D1) * (1 - D2) ** ((months_last - 12) / 12)
        return total

    asp_closing = national(r, Category.ASP, "closing")
    for i, year in enumerate(range(2022, 2027)):
        if year >= 2023:
            assert asp_closing[i] == pytest.approx(in_training_at_end(year), rel=1e-9)


def test_the_shipped_scenario_is_pinned(run: ForecastRun) -> None:
    """Regression figures of the shipped hjb2022 (fte, national), with plausibility checks."""
    grads = [-g for g in national(run, Category.ASP, "graduated_out")]
    assert grads == pytest.approx([1525.4, 3087.6, 2302.6, 2234.6, 1968.0], abs=0.1)
    asp = national(run, Category.ASP, "closing")
    assert asp == pytest.approx([5605.5, 4748.9, 4395.2, 3647.8, 2908.6], abs=0.1)
    os = national(run, Category.OS, "closing")
    assert os == pytest.approx([46083.5, 47424.1, 48055.4, 48576.8, 48876.0], abs=0.1)
    # plausible: 2024's graduates are the 2022 intake after 10.7 % dropout, plus the
    # few officers who went back into training (about 95 fte a year) — within 5 %
    assert 1.0 < grads[2] / (PLAN[2022] * (1 - D1) * (1 - D2)) < 1.05
    # 2023 is the wave: the last 3-year cohorts (2020) and the first 2-year ones (2021)
    assert grads[1] > 1.8 * grads[0]
    # dropout per year is about 5 % of the trainees (10.7 % over two years)
    dropout = [-d for d in national(run, Category.ASP, "dropout")]
    opening = national(run, Category.ASP, "opening")
    for d, o, c in zip(dropout, opening, asp, strict=True):
        assert 0.035 < d / ((o + c) / 2) < 0.065


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
        for y in range(5):
            opening, *flows, closing = (vals[y] for _, vals in block)
            assert opening + sum(flows) == pytest.approx(closing)
