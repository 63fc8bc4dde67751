"""The CM-tafel (capacity per team), the stored anticipation run and a stored roster as JSON,
and their tables as CSV, XLSX or JSON."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import Response

from sterkte.app.capacity import (
    CapacityInputs,
    latest_anticipation_run,
    load_inputs,
    planning_weeks,
)
from sterkte.errors import SterkteError
from sterkte.parameters import ParameterSet
from sterkte.report.table import Table
from sterkte.web import views
from sterkte.web.anticipation import anticipation_view as build_anticipation_view
from sterkte.web.api.tables import grid_response
from sterkte.web.capacity import DEFAULT_TEAMS, capacity_page_view
from sterkte.web.deps import Lang, store
from sterkte.web.state import StoreState
from sterkte.web.views import View

router = APIRouter(tags=["capacity"])
Store = Annotated[StoreState, Depends(store)]
Teams = Annotated[list[str] | None, Query(
    description="Basisteam codes (repeatable); default the first three teams",
    max_length=12)]
Weeks = Annotated[int | None, Query(ge=1, le=13, description="Planning weeks (default: the "
                                                           "parameter demand_planning_weeks)")]
WithAnticipation = Annotated[bool, Query(
    description="Add the stored anticipation run's preventive presence as planned work, on "
                "the days of the run's forecast period only (parameters: "
                "anticipation_period, anticipation_days_applied of planning_days)")]
Format = Literal["csv", "xlsx", "json"]


def inputs(state: StoreState) -> CapacityInputs:
    def build(_: object) -> CapacityInputs | str:
        try:
            return load_inputs(state.db_path)
        except SterkteError as exc:  # no HR records: every capacity page says what to do
            return str(exc)

    got = state.view(("capacity-inputs",), build)
    if isinstance(got, str):
        raise HTTPException(503, got)
    return got


def team_districts(state: StoreState) -> list[tuple[str, list[str]]]:
    """The teams grouped by district, in the teams' order (the pickers' option groups)."""
    data = inputs(state)
    district = {s.team: s.district for s in data.staff}
    groups: dict[str, list[str]] = {}
    for t in data.teams:
        groups.setdefault(district.get(t, ""), []).append(t)
    return list(groups.items())


def team_list(state: StoreState, team: list[str] | None) -> list[str]:
    known = inputs(state).teams
    if not team:
        return known[:DEFAULT_TEAMS]
    chosen = list(dict.fromkeys(t.strip() for t in team if t.strip()))
    unknown = [t for t in chosen if t not in known]
    if unknown:
        raise HTTPException(422, f"team: unknown team {', '.join(unknown)}; teams look like "
                                 f"{', '.join(known[:3])} (list: /api/capacity/teams)")
    if not chosen:
        raise HTTPException(422, "team: give at least one team code")
    return chosen


def capacity_view(state: StoreState, team: list[str] | None, weeks: int | None,
                  anticipation: bool, lang: str) -> View:
    teams = team_list(state, team)
    data = inputs(state)
    if weeks is None:
        weeks = planning_weeks(ParameterSet.bundled(), data.first)
    return state.view(("capacity", tuple(teams), weeks, anticipation, lang),
                      lambda fig: capacity_page_view(data, teams, weeks, anticipation,
                                                     fig.team_k, lang))


def json_response(payload: dict[str, Any]) -> Response:
    return Response(views.dumps(payload), media_type="application/json")


def find(grids: list[Table], name: str) -> Table:
    for g in grids:
        if g.name == name:
            return g
    raise HTTPException(404, f"no table {name!r}; tables: {', '.join(g.name for g in grids)}")


@router.get("/capacity", summary="CM-tafel: demand vs supply per team and week, short "
            "hours, options (solidarity shifts, planning across the district)")
def capacity(state: Store, team: Teams = None, weeks: Weeks = None,
             anticipation: WithAnticipation = False, lang: Lang = "nl") -> Response:
    view = capacity_view(state, team, weeks, anticipation, lang)
    return json_response(view.to_json() | {"parameters": view.values})


@router.get("/capacity/teams", summary="The teams with staff (codes and districts)")
def capacity_teams(state: Store) -> dict[str, Any]:
    data = inputs(state)
    district = {s.team: s.district for s in data.staff}
    return {"teams": [{"team": t, "district": district[t]} for t in data.teams]}


@router.get("/capacity/tables/{name}", summary="A table of the capacity page")
def capacity_table(name: str, state: Store, team: Teams = None, weeks: Weeks = None,
                   anticipation: WithAnticipation = False, lang: Lang = "nl",
                   format: Format = "csv") -> Response:
    view = capacity_view(state, team, weeks, anticipation, lang)
    return grid_response(find(view.grids, name), format)


def anticipation_view(state: StoreState, lang: str) -> View:
    def make(_: object) -> View:
        return build_anticipation_view(latest_anticipation_run(state.db_path), lang)

    return state.view(("anticipation", lang), make)


@router.get("/anticipation", summary="The stored crime-anticipation run: cells, top areas, "
            "recommended preventive presence (never about persons)")
def anticipation(state: Store, lang: Lang = "nl") -> Response:
    return json_response(anticipation_view(state, lang).to_json())


@router.get("/anticipation/tables/{name}", summary="A table of the anticipation page")
def anticipation_table(name: str, state: Store, lang: Lang = "nl",
                       format: Format = "csv") -> Response:
    return grid_response(find(anticipation_view(state, lang).grids, name), format)
