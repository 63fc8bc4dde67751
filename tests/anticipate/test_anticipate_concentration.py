"""Concentration, stability and the recorded-vs-external gap."""

from __future__ import annotations

import numpy as np
import pytest

from sterkte.anticipate.concentration import (
    always_top_share,
    consecutive_overlap,
    gini,
    jaccard,
    rate_gap,
)


def test_gini_is_zero_when_even_and_near_one_when_concentrated() -> None:
    assert gini(np.ones(10)) == pytest.approx(0.0)
    assert gini(np.array([0, 0, 0, 10.0])) == pytest.approx(0.75)


def test_top_cell_overlap_by_hand() -> None:
    a, b, c = np.array([1, 2, 3]), np.array([2, 3, 4]), np.array([2, 3, 4])
    assert jaccard(a, b) == pytest.approx(2 / 4)
    assert consecutive_overlap([a, b, c]) == pytest.approx([0.5, 1.0])
    assert always_top_share([a, b, c]) == pytest.approx(2 / 3)


def test_an_area_recorded_above_its_survey_share_shows_a_ratio_above_one() -> None:
    areas = ["north", "north", "south", "south"]
    recorded = np.array([30.0, 30.0, 20.0, 20.0])  # 60 % north
    gaps = {g.area: g for g in rate_gap(areas, recorded, {"north": 40.0, "south": 60.0})}
    assert gaps["north"].ratio == pytest.approx(0.6 / 0.4)
    assert gaps["south"].ratio == pytest.approx(0.4 / 0.6)
