"""The roster's words come from the catalogue: what `sterkte roster team` prints under
"Gemeten per persoon:" is Dutch by default (it printed the checker's English key before)."""

from __future__ import annotations

import datetime as dt

from sterkte.report.roster_text import check_lines, day_span, measure_label, names
from sterkte.roster.check import check_roster
from sterkte.synth.team import example_team

MONDAY = dt.date(2026, 1, 5)


def test_the_measured_shares_are_in_the_language_asked() -> None:
    p = example_team(MONDAY)
    officers = [e.id for e in p.employees if "community_officer" in e.skills]
    assert officers, "the example team has community officers"
    report = check_roster(p, {})  # nobody rostered: every share is 0 %
    nl = check_lines(report, {}, "nl")
    measured = nl[nl.index("Gemeten per persoon:") + 1:]
    assert measured == [f"  Aandeel wijkwerk {e}: 0,0 %" for e in officers]
    en = check_lines(report, {}, "en")
    assert f"  Neighbourhood share {officers[0]}: 0.0 %" in en
    assert measure_label("something else P1", "nl") == "something else P1"  # unknown: as is


def test_days_and_names_read_as_a_team_chief_writes_them() -> None:
    assert day_span([7, 8, 9, 12], MONDAY, "nl") == "ma 12 jan – wo 14 jan, za 17 jan"
    assert day_span([0], None, "en") == "day 0 (Mon)"
    assert names(["A", "B", "C"], "nl") == "A, B en C"
    assert names(["A", "B"], "en") == "A and B"
