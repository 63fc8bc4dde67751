"""The CM-tafel (capacity per team), the stored anticipation run and a stored roster as JSON,
and their tables as CSV, XLSX or JSON."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import StringConstraints

from sterkte.app.capacity import (
    CapacityInputs,
    latest_anticipation_run,
    load_inputs,
    planning_weeks,
)
from sterkte.errors import Msg, SterkteError
from sterkte.records.hr import CODE_PATTERN
from sterkte.report.table import Table
from sterkte.store.db import StoreError
from sterkte.web import views
from sterkte.web.anticipation import anticipation_view as build_anticipation_view
from sterkte.web.api.tables import cached_grid, cached_json
from sterkte.web.capacity import DEFAULT_TEAMS, capacity_page_view
from sterkte.web.deps import DOWNLOAD, Lang, TableName, store
from sterkte.web.errors import UserError, no_table, visible_msg
from sterkte.web.state import StoreState
from sterkte.web.views import View

router = APIRouter(tags=["capacity"])
Store = Annotated[StoreState, Depends(store)]
Teams = Annotated[list[Annotated[str, StringConstraints(pattern=CODE_PATTERN)]] | None, Query(
    description="Basisteam codes (repeatable; /api/capacity/teams lists them); default the "
                "first three teams; a code of no team is a 422 naming it",
    max_length=12)]
Weeks = Annotated[int | None, Query(ge=1, le=13, description="Planning weeks (default: the "
                                                           "parameter demand_planning_weeks)")]
WithAnticipation = Annotated[bool, Query(
    description="Add the stored anticipation run's preventive presence as planned work, on "
                "the days of the run's forecast period only (parameters: "
                "anticipation_period, anticipation_days_applied of planning_days)")]
Format = Literal["csv", "xlsx", "json"]


def inputs(state: StoreState) -> CapacityInputs:
    def build(_: object) -> CapacityInputs | Msg:
        try:
            return load_inputs(state.db_path)
        except StoreError:  # busy or unreadable now: the app's handler says so, uncached
            raise
        except SterkteError as exc:  # no HR records: every capacity page says what to do
            return visible_msg(exc)

    got = state.view(("capacity-inputs",), build)
    if isinstance(got, Msg):
        raise UserError(503, got)
    return got


def districts(state: StoreState) -> dict[str, str]:
    """Each team's district (read from the staff once per store version)."""
    def build(_: object) -> dict[str, str]:
        return {s.team: s.district for s in inputs(state).staff}

    return state.view(("team-district",), build)


def team_districts(state: StoreState) -> list[tuple[str, list[str]]]:
    """The teams grouped by district, in the teams' order (the pickers' option groups)."""
    def build(_: object) -> list[tuple[str, list[str]]]:
        district = districts(state)
        groups: dict[str, list[str]] = {}
        for t in inputs(state).teams:
            groups.setdefault(district.get(t, ""), []).append(t)
        return list(groups.items())

    return state.view(("team-districts",), build)


def team_list(state: StoreState, team: list[str] | None) -> list[str]:
    known = inputs(state).teams
    if not team:
        return known[:DEFAULT_TEAMS]
    chosen = list(dict.fromkeys(t.strip() for t in team if t.strip()))
    unknown = [t for t in chosen if t not in known]
    if unknown:
        listed, like = ", ".join(unknown), ", ".join(known[:3])
        raise UserError(404, Msg(
            f"team: onbekend team {listed}; teams zien eruit als {like} (lijst: "
            "/api/capacity/teams)",
            f"team: unknown team {listed}; teams look like {like} (list: /api/capacity/teams)"))
    if not chosen:
        raise UserError(422, Msg("team: geef ten minste één teamcode",
                                 "team: give at least one team code"))
    return chosen


def capacity_view(state: StoreState, team: list[str] | None, weeks: int | None,
                  anticipation: bool, lang: str) -> View:
    """The CM-tafel's view, kept (as the request asked for it) until the store changes."""
    def build() -> View:
        teams = team_list(state, team)
        data = inputs(state)
        params = state.parameters()
        chosen = planning_weeks(params, data.first) if weeks is None else weeks
        return capacity_page_view(data, teams, chosen, anticipation,
                                  state.figures().team_k, lang, params)

    return state.answer(capacity_key(team, weeks, anticipation, lang), build)


def capacity_key(team: list[str] | None, weeks: int | None, anticipation: bool,
                 lang: str) -> tuple[object, ...]:
    return ("capacity", tuple(team or ()), weeks, anticipation, lang)


def json_response(payload: dict[str, Any]) -> Response:
    return Response(views.dumps(payload), media_type="application/json")


def find(grids: list[Table], name: str) -> Table:
    for g in grids:
        if g.name == name:
            return g
    raise no_table(name, [g.name for g in grids])


@router.get("/capacity", summary="CM-tafel: demand vs supply per team and week, short "
            "hours, options (solidarity shifts, planning across the district)")
async def capacity(state: Store, team: Teams = None, weeks: Weeks = None,
                   anticipation: WithAnticipation = False, lang: Lang = "nl") -> Response:
    def build() -> bytes:
        view = capacity_view(state, team, weeks, anticipation, lang)
        return views.dumps(view.to_json() | {"parameters": view.values})

    body = await state.aanswer(("json", *capacity_key(team, weeks, anticipation, lang)), build)
    return Response(body, media_type="application/json")


@router.get("/capacity/teams", summary="The teams with staff (codes and districts)")
async def capacity_teams(state: Store) -> Response:
    def build() -> dict[str, Any]:
        district = districts(state)
        return {"teams": [{"team": t, "district": district[t]} for t in inputs(state).teams]}

    return await cached_json(state, ("capacity-teams",), build)


@router.get("/capacity/tables/{name}", summary="A table of the capacity page",
            responses=DOWNLOAD)
async def capacity_table(name: TableName, state: Store, team: Teams = None,
                         weeks: Weeks = None, anticipation: WithAnticipation = False,
                         lang: Lang = "nl", format: Format = "csv") -> Response:
    return await cached_grid(
        state, (name, *capacity_key(team, weeks, anticipation, lang)),
        lambda: find(capacity_view(state, team, weeks, anticipation, lang).grids, name), format)


def anticipation_view(state: StoreState, lang: str) -> View:
    def make(_: object) -> View:
        return build_anticipation_view(latest_anticipation_run(state.db_path), lang)

    return state.view(("anticipation", lang), make)


@router.get("/anticipation", summary="The stored crime-anticipation run: cells, top areas, "
            "recommended preventive presence (never about persons)")
async def anticipation(state: Store, lang: Lang = "nl") -> Response:
    body = await state.aanswer(("json", "anticipation", lang),
                               lambda: views.dumps(anticipation_view(state, lang).to_json()))
    return Response(body, media_type="application/json")


@router.get("/anticipation/tables/{name}", summary="A table of the anticipation page",
            responses=DOWNLOAD)
async def anticipation_table(name: TableName, state: Store, lang: Lang = "nl",
                             format: Format = "csv") -> Response:
    return await cached_grid(state, ("anticipation", name, lang),
                             lambda: find(anticipation_view(state, lang).grids, name), format)
