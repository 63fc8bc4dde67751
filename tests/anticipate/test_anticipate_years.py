"""The held-back and training years of the benchmarks, and the one-standard-error rule."""

from __future__ import annotations

from datetime import date

import pytest

from sterkte.anticipate.backtest import evaluation_years
from sterkte.anticipate.tuning import one_se_choice


def test_the_held_back_year_is_the_last_full_year_and_training_the_one_before() -> None:
    assert evaluation_years(date(2014, 1, 1), date(2016, 12, 31)) == (
        evaluation_years(date(2014, 1, 1), date(2016, 12, 31), year=2016))
    years = evaluation_years(date(2015, 1, 1), date(2017, 12, 31))
    assert (years.test, years.train) == (2017, 2016)
    origins = years.origins(2017)
    # 26 fortnights from 1 January: the last origin is day 350, 17 December in 2017.
    assert len(origins) == 26 and origins[0] == date(2017, 1, 1)
    assert origins[-1] == date(2017, 12, 17)
    # 2016 is a leap year: its 26th origin is 16 December, its period ends 29 December,
    # so data up to the 29th make 2016 the held-back year and up to the 28th do not.
    assert evaluation_years(date(2014, 1, 1), date(2016, 12, 29)).test == 2016
    assert evaluation_years(date(2013, 6, 1), date(2016, 12, 28)).test == 2015
    # A file that stops in mid-2017 is evaluated on 2016.
    assert evaluation_years(date(2014, 1, 1), date(2017, 6, 30)).test == 2016


def test_a_file_without_events_before_the_training_year_is_refused() -> None:
    with pytest.raises(ValueError, match="training year 2014"):
        evaluation_years(date(2014, 1, 1), date(2015, 12, 31))
    # Without cross-validation the held-back year only needs events before it.
    assert evaluation_years(date(2014, 1, 1), date(2015, 12, 31), training=False).test == 2015
    with pytest.raises(ValueError, match="2015 with 26 periods with events before it"):
        evaluation_years(date(2015, 1, 1), date(2015, 12, 31), training=False)
    with pytest.raises(ValueError, match="no year 2017"):
        evaluation_years(date(2014, 1, 1), date(2016, 12, 31), year=2017)


def test_the_rule_takes_the_smallest_candidate_within_one_standard_error() -> None:
    ref = [1.0, 1.0, 1.0, 1.0]
    big = [1.10, 1.14, 1.06, 1.10]      # gain +10 %, per-origin s.d. 3.27 %: s.e. 1.63 %
    small = [1.09, 1.09, 1.09, 1.09]    # +9 %: within 1.63 points of the best
    smaller = [1.08, 1.08, 1.08, 1.08]  # +8 %: outside
    assert one_se_choice([big, small, smaller], ref, [3, 2, 1]) == 1
    # Without the small candidate, the best is kept.
    assert one_se_choice([big, smaller], ref, [3, 1]) == 0
    # Equally small candidates inside the band: the higher gain.
    assert one_se_choice([big, [1.085] * 4, small], ref, [3, 2, 2]) == 2


def test_the_rule_refuses_mismatched_origins() -> None:
    with pytest.raises(ValueError, match="same origins"):
        one_se_choice([[1.0, 1.0], [1.0]], [1.0, 1.0], [1, 2])
