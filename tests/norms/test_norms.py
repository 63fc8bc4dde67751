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
from sterkte.norms.evaluate import evaluate
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
    # Sick fte-days: p1 10 × 1.0 × 100 %, p2 20 × 0.5 × 50 %; p3's spell lasted over
    # two years (2018-06-01 to 2021-06-30) and is left out, reported separately.
    sick = 10 + 5
    assert series.months[-12:][0] == "2021-01"
    assert series.available_days[lb, -12:].sum() == pytest.approx(available)
    assert series.sick_days[lb, -12:].sum() == pytest.approx(sick)
    assert series.moving_average()[lb, -1] == pytest.approx(100 * sick / available)
    assert series.long_spells == {"LB": 1, "NP": 1}
    # its days in the months reported (2020: 366; 2021: to 30 June, 181)
    assert series.long_spell_days["LB"] == pytest.approx(366 + 181)


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
