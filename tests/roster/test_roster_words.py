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


def test_one_slot_short_and_one_more_cell_are_singular() -> None:
    from sterkte.roster.model import Cover, Employee, RosterProblem, ShiftType

    d = ShiftType("D", 480, 480)
    # eleven days needing one person each, nobody rostered: eleven cells short, one
    # slot each; a twelfth day needing nobody is met
    def problem(days: int) -> RosterProblem:
        return RosterProblem(days=12, shifts=(d,), employees=(Employee("A"),),
                             cover=tuple(Cover(((k, "D"),), 1 if k < days else 0, 100, 1)
                                         for k in range(12)))
    nl = check_lines(check_roster(problem(11), {}), {}, "nl")
    assert "Dekking: 1 van 12 cellen gehaald; 11 persoonsslots tekort" in nl
    assert "  … en nog 1 cel" in nl
    one = check_lines(check_roster(problem(1), {}), {}, "nl")
    assert "Dekking: 11 van 12 cellen gehaald; 1 persoonsslot tekort" in one
    en = check_lines(check_roster(problem(1), {}), {}, "en")
    assert "Cover: 11 of 12 cells met; 1 person-slot short" in en


def test_the_sickness_line_prints_thousands_the_dutch_way() -> None:
    # `roster teams` over every team printed "Ziekgemeld: 1237 personen, 29736 persoonsdagen"
    from sterkte.app.roster import TeamProblems
    from sterkte.cli.roster import _sick_line
    from sterkte.roster.sickness import SicknessSummary

    team = TeamProblems([], MONDAY, SicknessSummary(1237, 29736, 1175),
                        dt.date(2025, 12, 28), ())
    assert _sick_line(team, "nl") == (
        "Ziekgemeld: 1.237 personen, 29.736 persoonsdagen niet ingeroosterd, 1.175 "
        "gedeeltelijk ziek met minder uren (HR-gegevens tot en met 28-12-2025)")
    assert _sick_line(team, "en").startswith("Reported sick: 1,237 persons, 29,736 person-days")
