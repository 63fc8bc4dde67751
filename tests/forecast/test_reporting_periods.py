"""A forecast reports calendar years, as the published tables do; a start within a year
first runs month by month to the year end (a forecast from HR records of 30 November
reports December, then whole years)."""

from __future__ import annotations

import numpy as np
import pytest

from sterkte.forecast import run_forecast, start_from_stocks
from sterkte.forecast.inputs import forecast_parameters
from sterkte.forecast.result import reporting_periods
from sterkte.ledger import CLOSING, OPENING, Category
from sterkte.org.units import NATIONAL


@pytest.mark.parametrize(("month", "months", "expected"), [
    (1, 24, ["2022", "2023"]),
    (12, 37, ["2022-12", "2023", "2024", "2025"]),
    (6, 31, ["2022-06", "2022-07", "2022-08", "2022-09", "2022-10", "2022-11", "2022-12",
             "2023", "2024"]),
    (6, 3, ["2022-06", "2022-07", "2022-08"]),
    (1, 14, ["2022", "2023-01", "2023-02"]),
])
def test_months_to_the_first_year_end_then_whole_years(month: int, months: int,
                                                       expected: list[str]) -> None:
    pom, periods = reporting_periods(2022 * 12 + month - 1, months)
    assert [str(p) for p in periods] == expected
    # every month in exactly one period, in order, each period's months contiguous
    assert len(pom) == months and pom[0] == 0 and pom[-1] == len(periods) - 1
    assert np.all(np.diff(pom) >= 0) and np.all(np.diff(pom) <= 1)
    for p, period in enumerate(periods):
        first = int(np.nonzero(pom == p)[0][0]) + 2022 * 12 + month - 1
        assert (first // 12, first % 12 + 1) == (period.start.year, period.start.month)
        assert int((pom == p).sum()) == len(period.months)


def test_a_forecast_from_december_reports_december_then_years() -> None:
    params = forecast_parameters()
    state = start_from_stocks({"NN": 3000.0, "ON": 5000.0}, {"NN": 200.0}, {"NN": 500.0},
                              params, 2022 * 12 + 11, "test")
    run = run_forecast(params, state, 3)
    assert [str(p) for p in run.periods] == ["2022-12", "2023", "2024", "2025"]
    assert run.months == 37
    led = run.ledger
    assert led.check_identities(tolerance=1e-6) == []
    for before, after in zip(run.periods, run.periods[1:], strict=False):
        for cat in (Category.OS, Category.ASP, Category.NOS):
            assert led.get(after, NATIONAL, cat, OPENING) == pytest.approx(
                led.get(before, NATIONAL, cat, CLOSING))
    # the year-end formatie is known for every whole year reported
    assert {y for (u, y) in run.formatie_at_year_end() if u == "NN"} == {2022, 2023, 2024,
                                                                          2025}
