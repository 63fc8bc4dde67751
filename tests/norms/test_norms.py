"""Each norm against published figures or a small history computed by hand."""

from __future__ import annotations

import csv
import datetime as dt
import math
from pathlib import Path

import pytest

from sterkte.app.norms import gather_inputs
from sterkte.ledger import format_number
from sterkte.norms.absence import Segments, absence, month_bounds
from sterkte.norms.evaluate import AbsenceRule, absence_statuses, evaluate
from sterkte.norms.status import Met, project_linear
from sterkte.norms.targets import target_norm
from sterkte.norms.volunteers import hours_cap, volunteer_norm
from sterkte.norms.wijkagent import wijkagent_norm
from sterkte.sources.norm_parameters import bundled_norm_parameters
from sterkte.store.db import connect
from tests.conftest import REFERENCE

END_2021 = dt.date(2021, 12, 31)


def test_wijkagent_norm_end_2021_reproduces_the_letter() -> None:
    # 17,591,394 inhabitants, 3,603 fte wijkagenten: norm 3,518, 85 above it.
    (national,) = wijkagent_norm({"NP": 17_591_394}, {"NP": 3603.0}, END_2021, 5000,
                                 "Politiewet 2012, art. 38a")
    assert national.detail["required_fte"] == pytest.approx(3518.2788)
    assert format_number(national.target) == "3.518"
    assert format_number(national.detail["surplus_fte"]) == "85"  # type: ignore[arg-type]
    assert national.met is Met.MET


def test_wijkagent_norm_per_unit_and_summed_nationally() -> None:
    statuses = {s.scope: s for s in wijkagent_norm(
        {"LB": 1_000_000, "AM": 500_000}, {"LB": 150.0, "AM": 120.0}, END_2021, 5000, "ref")}
    assert statuses["LB"].target == 200 and statuses["LB"].met is Met.NOT_MET
    assert statuses["AM"].target == 100 and statuses["AM"].met is Met.MET
    assert statuses["NP"].target == 300 and statuses["NP"].value == 270


def test_absence_by_the_cbs_method_on_a_hand_made_history() -> None:
    d = dt.date
    # Two full-time employees all of 2021; one sick 10 days at 100 % in March, the
    # other 20 days at 50 % in June: (10 + 10) / (2 × 365) = 2.7397 %.
    available = Segments.of([(d(2021, 1, 1), d(2022, 1, 1), 1.0, 0)] * 2)
    sick = Segments.of([(d(2021, 3, 1), d(2021, 3, 11), 1.0, 0),
                        (d(2021, 6, 1), d(2021, 6, 21), 0.5, 0)])
    series = absence(available, sick, ["LB"], month_bounds((2021, 1), (2021, 12)), 730,
                     END_2021)
    avg = series.moving_average()
    assert avg[0, -1] == pytest.approx(100 * 20 / 730)
    assert math.isnan(avg[0, -2])  # fewer than 12 months of history: no figure
    assert series.sick_days[0, 2] == 10 and series.sick_days[0, 5] == 10


def test_absence_from_a_stored_hr_history(hr_store: Path) -> None:
    con = connect(hr_store, read_only=True)
    inputs = gather_inputs(con, END_2021, bundled_norm_parameters())
    con.close()
    series = inputs.absence
    assert series is not None
    lb = series.groups.index("LB")
    # Available fte-days in 2021: p1 365 × 1.0, p2 365 × 0.5, p3 181 days (to 30 June).
    available = 365 + 182.5 + 181
    # Sick fte-days: p1 10 × 1.0 × 100 %, p2 20 × 0.5 × 50 %; p3's spell (2018-06-01 to
    # 2021-06-30) passed its two-year point (730 days: 31 May 2020 is its first day not
    # counted) long before 2021, so none of its 2021 days count.
    sick = 10 + 5
    assert series.months[-12:][0] == "2021-01"
    assert series.available_days[lb, -12:].sum() == pytest.approx(available)
    assert series.sick_days[lb, -12:].sum() == pytest.approx(sick)
    assert series.moving_average()[lb, -1] == pytest.approx(100 * sick / available)
    # "verzuim tot 2 jaar": in 2020 p3's days up to the two-year point count — 1 January
    # to 30 May, 151 days (the old rule left the whole spell out: 0) — and the rest of
    # 2020 (215 days) and of the spell in 2021 (181 days) are the days past the point.
    assert series.months[:12] == [f"2020-{m:02d}" for m in range(1, 13)]
    assert series.sick_days[lb, :12].sum() == pytest.approx(151)
    assert series.sick_days[lb, 4] == pytest.approx(30)  # May 2020: 1-30 May
    assert series.beyond_days[lb, 4] == pytest.approx(1)  # 31 May
    assert series.beyond_days[lb, :12].sum() == pytest.approx(215)
    assert series.beyond_days[lb, 12:].sum() == pytest.approx(181)
    # on 31-12-2021 p3 has left: nobody is sick past the two-year point
    assert series.long_sick == {}


def test_staff_sick_longer_than_two_years_are_counted_apart_on_the_date(hr_store: Path) -> None:
    on = dt.date(2021, 6, 30)  # p3's last day: sick for three years and a month
    con = connect(hr_store, read_only=True)
    inputs = gather_inputs(con, on, bundled_norm_parameters())
    con.close()
    series = inputs.absence
    assert series is not None and series.months[-1] == "2021-06"
    lb = series.groups.index("LB")
    assert series.long_sick == {"LB": 1, "NP": 1}
    # July 2020 - June 2021: p1 365, p2 0.5 × 365, p3 365 available fte-days; sick up to
    # the two-year point p1 10, p2 20 × 0.5 × 0.5; p3's 365 days are all past it.
    available, sick = 365 + 182.5 + 365, 10 + 5
    assert series.moving_average()[lb, -1] == pytest.approx(100 * sick / available)
    assert series.beyond_days[lb, -12:].sum() == pytest.approx(365)
    rule = AbsenceRule.on(bundled_norm_parameters(), on)
    (status,) = [s for s in absence_statuses(series, on, rule, "CBS") if s.scope == "LB"]
    assert status.value == pytest.approx(100 * sick / available)
    assert status.detail["long_sick_persons"] == 1
    assert status.detail["beyond_two_years_days"] == pytest.approx(365)


def test_a_spell_counts_up_to_its_two_year_point_across_pieces() -> None:
    d = dt.date
    # One full-time employee, sick from 1 January 2019 for three years; the spell is cut
    # in two pieces by a change of group on 1 July 2020 (a move between units). Its
    # two-year point is 1 January 2021 (2019 and 2020: 365 + 366 = 731 days, so day 731
    # is 31 December 2020 and is past the 730-day point; the last day counted is
    # 30 December 2020).
    available = Segments.of([(d(2019, 1, 1), d(2020, 7, 1), 1.0, 0),
                             (d(2020, 7, 1), d(2022, 1, 1), 1.0, 1)])
    sick = Segments.of([(d(2019, 1, 1), d(2020, 7, 1), 1.0, 0),
                        (d(2020, 7, 1), d(2022, 1, 1), 1.0, 1)],
                       spells=[(1, d(2019, 1, 1)), (1, d(2019, 1, 1))])
    series = absence(available, sick, ["A", "B"], month_bounds((2020, 1), (2021, 12)), 730,
                     END_2021)
    assert series.sick_days[0].sum() == pytest.approx(182)  # Jan-Jun 2020, all in A
    assert series.sick_days[1].sum() == pytest.approx(183)  # 1 Jul - 30 Dec 2020 in B
    assert series.sick_days[1, 11] == pytest.approx(30)  # December: to the 30th
    assert series.beyond_days[1].sum() == pytest.approx(1 + 365)  # 31 Dec 2020 and 2021
    assert series.sick_days[:, 12:].sum() == 0  # nothing of 2021 counts
    assert series.long_sick == {"B": 1}  # one person, in the group of 31-12-2021


def test_volunteers_share_required_and_trajectory() -> None:
    (s,) = volunteer_norm({"NP": 2000.0}, {"NP": 46000.0}, END_2021, 10, 2027, "motie Bisschop",
                          {"NP": [(dt.date(2019, 12, 31), 1500.0, 46000.0),
                                  (dt.date(2020, 12, 31), 1750.0, 46000.0)]})
    assert s.value == pytest.approx(100 * 2000 / 46000)
    assert s.detail["required_volunteers"] == pytest.approx(4600)
    assert s.detail["needed_per_year"] == pytest.approx(2600 / (2191 / 365.25))
    assert s.met is Met.NOT_MET
    # +250 a year from 2,000 reaches 4,600 around 2032: after the 2027 deadline.
    assert s.projected == "not within horizon"


def test_volunteers_over_576_hours_are_listed_by_pseudonym_only() -> None:
    status, over = hours_cap({"v1": 600.0, "v2": 100.0, "v3": 576.0}, 576, 2021, END_2021, "r")
    assert over == [("v1", 600.0)]
    assert status.met is Met.NOT_MET and status.value == 1


def test_safety_agenda_targets_against_realisations() -> None:
    targets = {"2019": 190.0, "2021": 205.0, "2022": 220.0}
    realised = {2019: 145.0, 2021: 236.0}
    assert target_norm("human_trafficking_suspects", targets, realised, 2019, END_2021,
                       "r").met is Met.NOT_MET
    s2021 = target_norm("human_trafficking_suspects", targets, realised, 2021, END_2021, "r")
    assert s2021.met is Met.MET and s2021.value == 236 and s2021.target == 205
    s2022 = target_norm("human_trafficking_suspects", targets, realised, 2022, END_2021, "r")
    assert s2022.met is Met.UNKNOWN and "no realisation" in s2022.note
    s2020 = target_norm("human_trafficking_suspects", targets, realised, 2020, END_2021, "r")
    assert s2020.met is Met.UNKNOWN and "no target" in s2020.note


def test_projection_along_a_straight_line() -> None:
    d = dt.date
    pts = [(d(2020, 1, 1), 6.5), (d(2021, 1, 1), 6.3)]
    day = project_linear(pts, 5.9, higher_is_better=False)
    assert day is not None and day.startswith("2023-01")
    assert project_linear(pts, 7.0, higher_is_better=False) == "already met"
    assert project_linear(pts[:1], 5.9) is None


def test_all_norms_on_the_stored_history(hr_store: Path) -> None:
    params = bundled_norm_parameters()
    con = connect(hr_store, read_only=True)
    statuses = evaluate(gather_inputs(con, END_2021, params), params)
    con.close()
    by = {(s.norm, s.scope): s for s in statuses}
    # Wijkagenten in Limburg on 31-12-2021: p1 only (p3 left), 1 fte.
    assert by[("wijkagent", "LB")].value == 1.0
    # Limburg's inhabitants on 31-12-2021: its share of 1-1-2024 (1,133,255 of the CBS file's
    # national sum) of the letter's 17,591,394 for that date (issue 13: a norm is judged
    # with the population of its own date; the split is estimated from the nearest file).
    total_2024 = sum(int(r["inhabitants_2024_01_01"]) for r in csv.DictReader(
        (REFERENCE / "municipalities-2024.csv").open(encoding="utf-8")))
    limburg = round(1_133_255 * 17_591_394 / total_2024)
    assert by[("wijkagent", "LB")].target == pytest.approx(limburg / 5000)
    # Volunteers: 2 persons on 1.5 fte OS.
    assert by[("volunteers", "LB")].value == pytest.approx(100 * 2 / 1.5)
    assert by[("volunteer_hours", "NP")].met is Met.NOT_MET  # v1: 600 hours in 2021
    assert by[("neighbourhood_80", "NP")].met is Met.UNKNOWN
    assert by[("absence", "LB")].met is Met.MET
    assert by[("target:human_trafficking_suspects", "NP")].value == 236
