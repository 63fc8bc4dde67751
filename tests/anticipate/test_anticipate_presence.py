"""From expected counts to preventive minutes per cell and hours per area."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from sterkte.anticipate.presence import preventive_presence
from sterkte.parameters import ParameterSet

PRESENCE = ParameterSet.from_dict({
    name: {"description": name, "unit": "-", "reference": "test", "values": {"2026-01-01": v}}
    for name, v in {
        "coverage_share": 0.3, "visit_minutes": 15, "minutes_per_expected_event": 210,
        "min_minutes_per_cell_per_day": 15, "max_minutes_per_cell_per_day": 120,
    }.items()
}, "test presence")


def test_minutes_per_cell_follow_the_forecast_within_floor_and_cap() -> None:
    # Ten cells; 30 % → the three highest are flagged.
    expected = np.array([0.5, 14.0, 0.1, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.2])
    x = np.arange(10) * 125.0
    y = np.zeros(10)
    plan = preventive_presence(x, y, expected, 14, PRESENCE, date(2026, 3, 1),
                               area_of=["A", "A", "B", "B", "B", "B", "B", "B", "B", "B"])
    got = {(c.x_min, c.area): c.minutes_per_day for c in plan.cells}
    # 14 events in 14 days = 1 a day → 210 min, capped at 120.
    # 2 events in 14 days → 30 min. 0.5 in 14 days → 7.5 min, raised to the 15-minute floor.
    assert got == {(125.0, "A"): 120.0, (375.0, "B"): pytest.approx(30.0), (0.0, "A"): 15.0}
    hours = {a.area: a.hours_per_week for a in plan.areas}
    assert hours["A"] == pytest.approx((120 + 15) * 7 / 60)
    assert hours["B"] == pytest.approx(30 * 7 / 60)
    assert plan.hours_per_week == pytest.approx(165 * 7 / 60)


def test_parameters_must_be_in_force_on_the_date() -> None:
    from sterkte.errors import InputError

    with pytest.raises(InputError, match="in force on 2025-12-31"):
        preventive_presence(np.zeros(1), np.zeros(1), np.ones(1), 14, PRESENCE,
                            date(2025, 12, 31))


def test_bundled_presence_parameters_have_units_and_reasons() -> None:
    p = ParameterSet.bundled(engine="anticipate")
    presence = [n for n in p if p[n].group == "anticipate/presence"]
    assert len(presence) == 5
    for name in presence:
        param = p[name]
        assert param.unit and param.reference and param.description, name
    assert p["visit_minutes"].number(date(2026, 6, 1)) == 15
