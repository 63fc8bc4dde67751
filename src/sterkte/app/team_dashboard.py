"""The team dashboard from the store: the team's indicators (as `sterkte teams` protects
them with its district), its survey results over the waves, and the CM-tafel for its
planning weeks with the overtime it would take (:mod:`sterkte.norms.team_dashboard`)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

from sterkte.app.capacity import (
    CapacityInputs,
    cm_tafel,
    hidden_teams,
    load_inputs,
    planning_weeks,
)
from sterkte.app.norms import gather_team_figures
from sterkte.errors import InputError, Msg, SterkteError
from sterkte.norms.suppression import protection_width
from sterkte.norms.team_dashboard import (
    SurveyScore,
    TeamDashboard,
    pressure,
    protect_staff,
    protect_survey,
)
from sterkte.norms.teams import TeamIndicators, protect_teams
from sterkte.parameters import ParameterSet
from sterkte.sources.monitor_inputs import read_monitor_input
from sterkte.store.db import connect
from sterkte.store.hr import synthetic_hr
from sterkte.store.monitors import SurveyResult, replace_rows, survey_results


@dataclass(frozen=True)
class DashboardInputs:
    """What every team's dashboard reads, once: the team indicators of all teams (each
    district protected), the survey results, the parameters and the CM-tafel's inputs."""

    day: dt.date
    k: int
    indicators: dict[str, TeamIndicators]  # team → its (protected) row
    units: dict[str, tuple[str, str]]  # team → (unit, district)
    survey: list[SurveyResult]
    params: ParameterSet
    capacity: CapacityInputs | None
    # ('hr',) when the HR records are the synthetic police's: the staffing, absence and
    # CM-tafel figures of every dashboard are then synthetic
    synthetic: tuple[str, ...] = ()


def dashboard_inputs(db: str | Path | None, on: dt.date | None = None, k: int | None = None,
                     with_capacity: bool = True) -> DashboardInputs:
    """Read the store once for any number of team dashboards (read-only)."""
    params = ParameterSet.bundled()
    con = connect(db, read_only=True)
    try:
        day, figures = gather_team_figures(con, on, params)
        results = survey_results(con)
        synthetic = ("hr",) if synthetic_hr(con) else ()
    finally:
        con.close()
    threshold = k or int(params["small_cell_k"].number(day))
    rows = {r.team: r for r in protect_teams(figures, threshold, protection_width(params, day))
            if not r.is_total}
    capacity = None
    if with_capacity:
        try:
            capacity = load_inputs(db, params=params)
        except SterkteError:  # no HR records to plan with: the page says so
            capacity = None
    return DashboardInputs(day, threshold, rows, {f.team: (f.unit, f.district)
                                                  for f in figures},
                           results, params, capacity, synthetic)


def build_dashboard(inputs: DashboardInputs, team: str, weeks: int | None = None
                    ) -> TeamDashboard:
    """One team's dashboard from :func:`dashboard_inputs`."""
    if team not in inputs.indicators:
        known = sorted(inputs.indicators)
        hint = Msg(f"teams zien eruit als {known[0]}", f"teams look like {known[0]}") if known \
            else Msg("de HR-gegevens bevatten geen teams", "the HR records hold no teams")
        raise InputError.at("--team", Msg(f"onbekend team {team!r}; {hint.nl}",
                                          f"unknown team {team!r}; {hint.en}"))
    unit, district = inputs.units[team]
    district_of = {t: d for t, (u, d) in inputs.units.items() if u == unit and d == district}
    results = [SurveyScore(r.team, r.wave, r.dimension, r.respondents, r.score)
               for r in inputs.survey if r.team in district_of]
    sources = tuple(sorted({r.source for r in inputs.survey if r.team == team}))
    params = inputs.params
    dims = params["survey_dimensions"]
    waves = {r.wave for r in results}
    dimensions_on = {w: (dims.mapping(w) if w >= dims.first_date else {}) for w in waves}
    survey = protect_survey(results, team, district_of, dimensions_on, inputs.k)
    row = inputs.indicators[team]
    press = None
    first = None
    cap = inputs.capacity
    if cap is not None and team in cap.teams:
        first = cap.first
        n_weeks = weeks or planning_weeks(params, first)
        cm = cm_tafel(cap.staff, cap.absence, [team], first, n_weeks, params)
        gap = cm.gaps[team]
        professionals = sum(1 for s in cap.staff if s.team == team and s.hours is not None)
        hidden = team in hidden_teams(cm, inputs.k) or _hidden(row.values.get("persons"))
        press = pressure([w.demand for w in gap.weeks], [w.supply for w in gap.weeks],
                         professionals,
                         params["roster_max_extra_hours_per_year"].number(first), hidden)
    return protect_staff(TeamDashboard(team, unit, district, inputs.day, inputs.k,
                                       dict(row.values), survey, press, first, sources))


def team_dashboard(db: str | Path | None, team: str, on: dt.date | None = None,
                   k: int | None = None, weeks: int | None = None,
                   with_capacity: bool = True) -> TeamDashboard:
    """One team's dashboard on ``on`` (default: the latest HR event). ``with_capacity``:
    compute the CM-tafel (synthetic demand, as `sterkte capacity` without --incidents)."""
    return build_dashboard(dashboard_inputs(db, on, k, with_capacity), team, weeks)


def _hidden(v: float | None) -> bool:
    return v is not None and math.isnan(v)


def import_survey(db: str | Path | None, path: str | Path, source: str | None = None) -> int:
    """Import employee-survey results per team, wave and dimension (replacing earlier
    ones). Each dimension must be in force on its wave (``survey_dimensions``) and each
    score within its scale; a team, wave and dimension appears once."""
    rows = read_monitor_input(path, "survey")
    dims = ParameterSet.bundled(["survey_dimensions"])["survey_dimensions"]
    seen: dict[tuple[str, dt.date, str], int] = {}
    for i, r in enumerate(rows, start=2):
        wave = r["wave"]
        assert isinstance(wave, dt.date)
        scale = dims.mapping(wave) if wave >= dims.first_date else {}
        d = str(r["dimension"])
        if d not in scale:
            raise InputError.at(str(path), Msg(
                f"dimensie {d!r} staat niet in de editie van het onderzoek die op {wave} geldt "
                f"(survey_dimensions: {', '.join(scale) or 'nog geen'})",
                f"dimension {d!r} is not in the survey edition in "
                f"force on {wave} (survey_dimensions: "
                f"{', '.join(scale) or 'none yet'})"), row=i, field="dimension")
        score = r["score"]
        assert isinstance(score, float)
        if score > scale[d]:
            raise InputError.at(str(path), Msg(
                f"score {score:g} ligt boven de schaal van {d} (0 tot {scale[d]:g})",
                f"score {score:g} is above the scale of {d} "
                f"(0 to {scale[d]:g})"), row=i, field="score")
        key = (str(r["team"]), wave, d)
        if key in seen:
            raise InputError.at(str(path), Msg(
                f"team, meting en dimensie staan ook in rij {seen[key]}",
                f"team, wave and dimension also on row {seen[key]}"), row=i)
        seen[key] = i
    fallback = source or Path(path).name
    values = [[r["team"], r["wave"], r["dimension"], int(float(str(r["respondents"]))),
               r["score"], r.get("source") or fallback] for r in rows]
    con = connect(db)
    try:
        return replace_rows(con, "survey", values)
    finally:
        con.close()
