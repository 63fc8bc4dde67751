"""The team dashboard: survey results over the waves with their respondents, beside the
team's staffing, absence, overtime pressure and CM-tafel gap, nothing shown about fewer
than k respondents or people (a small synthetic police and a hand-written survey)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from sterkte.app.team_dashboard import import_survey
from sterkte.cli import app
from sterkte.errors import InputError
from sterkte.norms.team_dashboard import (
    WEEKS_PER_YEAR,
    SurveyScore,
    pressure,
    protect_survey,
)
from sterkte.store.norm_data import latest_event_date, team_rows
from tests.report.store_builder import build_store

K = 10
D = dt.date
WAVES = (D(2020, 10, 1), D(2021, 10, 1), D(2022, 10, 1))


def test_a_score_of_fewer_than_k_respondents_and_its_district_complement_are_hidden() -> None:
    district = {"T1": "D", "T2": "D", "T3": "D"}
    results = [SurveyScore("T1", w, "werkdruk", 40, s) for w, s in zip(WAVES, (6.0, 6.4, 6.1),
                                                                       strict=True)]
    results += [SurveyScore("T2", WAVES[1], "werkdruk", 6, 3.0),
                SurveyScore("T3", WAVES[1], "werkdruk", 25, 7.0)]
    dims = {w: {"werkdruk": 10.0} for w in WAVES}
    t1 = protect_survey(results, "T1", district, dims, K)
    assert [t1.cells[(w, "werkdruk")].score for w in WAVES] == [6.0, 6.4, 6.1]
    changes = [t1.cells[(w, "werkdruk")].change for w in WAVES]
    assert changes[0] is None and changes[1:] == [pytest.approx(0.4), pytest.approx(-0.3)]
    t2 = protect_survey(results, "T2", district, dims, K)
    cell = t2.cells[(WAVES[1], "werkdruk")]
    assert math.isnan(cell.score) and math.isnan(cell.respondents)
    # with T2 hidden, a district average would give it away: the next smallest (T3) too
    t3 = protect_survey(results, "T3", district, dims, K)
    assert math.isnan(t3.cells[(WAVES[1], "werkdruk")].score)
    assert t3.cells[(WAVES[1], "werkdruk")].respondents == 25  # a count of ≥ k people


def test_a_result_outside_the_edition_in_force_is_left_out_and_listed() -> None:
    results = [SurveyScore("T1", WAVES[0], "werkdruk", 40, 6.0),
               SurveyScore("T1", WAVES[0], "vertrouwen", 40, 7.0),
               SurveyScore("T1", WAVES[1], "werkdruk", 40, 11.0)]
    t = protect_survey(results, "T1", {"T1": "D"},
                       {WAVES[0]: {"werkdruk": 10.0}, WAVES[1]: {"werkdruk": 10.0}}, K)
    assert t.dimensions == ("werkdruk",) and list(t.cells) == [(WAVES[0], "werkdruk")]
    assert t.left_out == ("2020-10-01 vertrouwen", "2021-10-01 werkdruk")


def test_overtime_pressure_is_the_weekly_shortfall_spread_over_the_teams_people() -> None:
    p = pressure([100.0, 120.0], [90.0, 100.0], 3, 200.0, hidden=False)
    assert (p.demand, p.supply, p.gap) == (110.0, 95.0, -15.0)
    assert p.overtime_per_person == pytest.approx(15 * 365.25 / 7 / 3)  # 260.9 h a year
    assert p.over_cap is True
    assert pressure([50.0], [80.0], 3, 200.0, False).overtime_per_person == 0.0
    hidden = pressure([100.0], [90.0], 3, 200.0, hidden=True)
    assert hidden.demand == 100.0 and math.isnan(hidden.supply)  # demand is not about people
    assert hidden.over_cap is None
    assert pytest.approx(52.18, abs=0.01) == WEEKS_PER_YEAR


@dataclass
class Teams:
    db: Path
    big: str
    middle: str
    small: str


@pytest.fixture(scope="module")
def teams(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Teams]:
    folder = tmp_path_factory.mktemp("teamdash")
    db = build_store(folder)
    con = duckdb.connect(str(db), read_only=True)
    day = latest_event_date(con)
    assert day is not None
    rows = team_rows(con, day)
    con.close()
    by_district: dict[str, list[tuple[int, str]]] = {}
    for r in rows:
        by_district.setdefault(r.district, []).append((sum(r.counts.values()), r.team))
    # a district with a team of at least k people and two more teams
    district = next(d for d, ts in sorted(by_district.items())
                    if len(ts) >= 3 and max(ts)[0] >= 2 * K)
    ranked = sorted(by_district[district], reverse=True)
    big, middle, small = ranked[0][1], ranked[1][1], ranked[2][1]
    lines = ["team,wave,dimension,respondents,score,source"]
    for w, n, safety, load in zip(WAVES, (20, 22, 21), ("7,5", "7,2", "7,8"),
                                  ("6,0", "6,4", "6,1"), strict=True):
        lines += [f"{big},{w},sociale_veiligheid,{n},\"{safety}\",test",
                  f"{big},{w},werkdruk,{n},\"{load}\",test",
                  f"{middle},{w},sociale_veiligheid,11,\"7,0\",test",
                  f"{small},{w},sociale_veiligheid,6,\"3,0\",test"]
    survey = folder / "survey.csv"
    survey.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert import_survey(db, survey) == 12
    yield Teams(db, big, middle, small)


def _tables(out: str) -> dict[str, list[list[str]]]:
    """The CSV tables of a command by their first header cell's table (in order)."""
    blocks = [b for b in out.strip().split("\n\n") if b.strip()]
    return {str(i): list(csv.reader(io.StringIO(b), delimiter=";"))
            for i, b in enumerate(blocks)}


def _dashboard(db: Path, team: str) -> list[list[list[str]]]:
    got = CliRunner().invoke(app, ["teams", "--team", team, "--db", str(db), "--format",
                                   "csv"], env={"COLUMNS": "200"})
    assert got.exit_code == 0, got.stderr
    return list(_tables(got.stdout).values())


def test_a_team_with_three_waves_shows_its_trend_beside_its_staffing(teams: Teams) -> None:
    staffing, scores, respondents, changes, *rest = _dashboard(teams.db, teams.big)
    # the staffing and the CM-tafel count the synthetic police and say so; the survey is
    # an import of its own and does not
    assert staffing[0] == ["Indicator", "Waarde", "Synthetische gegevens"]
    assert "Synthetische gegevens" not in scores[0] + respondents[0] + changes[0]
    persons = dict((r[0], r[1]) for r in staffing[1:])["Personen"]
    assert persons != "×" and int(persons) >= 2 * K
    assert scores[0] == ["Dimensie", "Meting 01-10-2020", "Meting 01-10-2021",
                         "Meting 01-10-2022"]
    got = {r[0]: [float(x.replace(",", ".")) for x in r[1:]] for r in scores[1:]}
    assert got == {"Sociale veiligheid": [7.5, 7.2, 7.8], "Werkdruk": [6.0, 6.4, 6.1]}
    assert {r[0]: r[1:] for r in respondents[1:]}["Werkdruk"] == ["20", "22", "21"]
    delta = {r[0]: r[1:] for r in changes[1:]}["Sociale veiligheid"]
    # the change as the scores give it, not a float's noise (7,2 − 7,5 was -0,2999999…)
    assert delta == ["", "-0,3", "0,6"]
    (cm,) = rest
    assert cm[0][-1] == "Synthetische gegevens"
    values = {r[0]: r[1] for r in cm[1:]}
    assert values["Ten hoogste extra uren per jaar (Barp art. 12)"] == "200"
    assert values["Aanbod"] != "×"
    assert float(values["Vraag (noodhulp en gepland werk)"].replace(",", ".")) > 0


def test_a_team_under_k_respondents_shows_only_what_may_be_shown(teams: Teams) -> None:
    _, scores, respondents, changes, *_ = _dashboard(teams.db, teams.small)
    assert all(x == "×" for r in scores[1:] for x in r[1:])
    assert all(x == "×" for r in respondents[1:] for x in r[1:])
    assert all(x in ("", "×") for r in changes[1:] for x in r[1:])
    # the team next smallest in the district is hidden too (the district figure)
    _, middle_scores, middle_respondents, *_ = _dashboard(teams.db, teams.middle)
    assert all(x == "×" for r in middle_scores[1:] for x in r[1:])
    assert all(x == "11" for r in middle_respondents[1:] for x in r[1:])


def test_a_survey_with_a_dimension_not_in_force_is_refused(teams: Teams,
                                                           tmp_path: Path) -> None:
    f = tmp_path / "s.csv"
    f.write_text("team,wave,dimension,respondents,score\nT,2021-10-01,vertrouwen,20,7\n"
                 "T,2021-10-01,werkdruk,20,12\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        import_survey(tmp_path / "x.duckdb", f)
    (problem,) = err.value.problems
    assert (problem.row, problem.field) == (2, "dimension")
    assert "survey_dimensions" in str(problem.message)


def test_the_cm_tafel_does_not_give_away_a_hidden_staffing_count(teams: Teams) -> None:
    # the staff with contract hours are OS + ASP + NOS: beside a hidden one (×), its
    # number (or the overtime per person, shortfall × weeks / staff) gave it away by
    # subtraction; found on the dashboard's API, the CLI built the same figures
    con = duckdb.connect(str(teams.db), read_only=True)
    day = latest_event_date(con)
    assert day is not None
    # three teams of k people or more with a small OS, ASP or NOS (a team below k hides
    # its whole CM-tafel; the dashboard takes a second or two a team)
    names = sorted(r.team for r in team_rows(con, day) if sum(r.counts.values()) >= K
                   and any(0 < r.counts.get(c, 0) < K for c in ("OS", "ASP", "NOS")))[:3]
    con.close()
    checked = 0
    for team in names:
        staffing, *_, cm = _dashboard(teams.db, team)
        shown = {r[0]: r[1] for r in staffing[1:]}
        if not any(shown[c] == "×" for c in ("OS", "ASP", "NOS")):
            continue
        checked += 1
        values = {r[0]: r[1] for r in cm[1:]}
        assert values["Medewerkers met contracturen"] == "×", team
        assert values["Extra uren per medewerker per jaar om het tekort te dichten"] in (
            "×", "0"), team
    assert checked == 3  # each hides one: there is something to attack
