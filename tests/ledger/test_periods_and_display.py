from datetime import date

import pytest

from sterkte.ledger import Period, PeriodKind, format_number, format_percent


def test_a_month_belongs_to_its_tertial_half_year_and_year() -> None:
    may = Period.parse("2021-05")
    assert str(may.containing(PeriodKind.TERTIAL)) == "2021-T2"
    assert str(may.containing(PeriodKind.HALF)) == "2021-H1"
    assert str(may.containing(PeriodKind.YEAR)) == "2021"


def test_periods_know_their_reporting_dates() -> None:
    year = Period.of_year(2021)
    assert year.start == date(2021, 1, 1)
    assert year.end == date(2021, 12, 31)
    assert Period.parse("2020-T1").end == date(2020, 4, 30)
    assert Period.parse("2024-02").end == date(2024, 2, 29)
    assert [str(p) for p in Period.parse("2021-T3").months] == [
        "2021-09", "2021-10", "2021-11", "2021-12"]


def test_next_period_crosses_the_year() -> None:
    assert str(Period.parse("2021-12").next()) == "2022-01"
    assert str(Period.parse("2021-H2").next()) == "2022-H1"


def test_bad_period_text_is_refused_with_the_expected_forms() -> None:
    with pytest.raises(ValueError, match="expected 2021, 2021-H1"):
        Period.parse("2021-Q1")


def test_dutch_number_format_as_in_the_letters() -> None:
    assert format_number(46174) == "46.174"
    assert format_number(-2541) == "-2.541"
    assert format_number(-0.4) == "0"
    assert format_number(2.5) == "3"  # half away from zero, as published
    assert format_number(-2.5) == "-3"
    assert format_percent(6.1) == "6,1 %"
    assert format_number(1234567.25, decimals=2) == "1.234.567,25"


def test_numpy_numbers_and_missing_values_format_too() -> None:
    import numpy as np

    assert format_number(np.float64(46174.4)) == "46.174"
    assert format_percent(np.float64(4.94)) == "4,9 %"
    assert format_number(float("nan")) == "–" and format_percent(None) == "–"


def test_english_number_format() -> None:
    assert format_number(46174, "en") == "46,174"
    assert format_percent(6.1, "en") == "6.1 %"
    assert format_number(15, "en", signed=True) == "+15"
