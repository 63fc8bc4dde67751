"""The diversity monitor, the earmarks and a team's dashboard as JSON, and the team
dashboard's tables as CSV, XLSX or JSON."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from sterkte.app.team_dashboard import DashboardInputs, build_dashboard, dashboard_inputs
from sterkte.errors import Msg, SterkteError
from sterkte.web import monitor_views, views
from sterkte.web.api.capacity import find
from sterkte.web.api.figures import cached_json
from sterkte.web.api.tables import cached_grid
from sterkte.web.deps import Lang, store
from sterkte.web.errors import UserError, visible_msg
from sterkte.web.state import StoreState
from sterkte.web.views import View

router = APIRouter(tags=["monitors"])
Store = Annotated[StoreState, Depends(store)]
TeamCode = Annotated[str | None, Query(pattern=r"^[A-Za-z0-9_.-]{1,32}$",
                                       description="Basisteam code (default: the first)")]


@router.get("/diversity", summary="Diversity monitor: intake, leadership, outflow and staff "
            "by gender, age and cultural background per unit, against the targets")
async def diversity(state: Store, lang: Lang = "nl") -> Response:
    return await cached_json(state, ("diversity", lang),
                             lambda f: monitor_views.diversity_view(f, lang).to_json())


@router.get("/earmarks", summary="Earmarked capacity beside its bezetting; understaffing "
            "per task")
async def earmarks(state: Store, lang: Lang = "nl") -> Response:
    return await cached_json(state, ("earmarks", lang),
                             lambda f: monitor_views.earmarks_view(f, lang).to_json())


def dashboard_data(state: StoreState) -> DashboardInputs:
    """The inputs of every team's dashboard, read once per store version."""
    def build(_: object) -> DashboardInputs | Msg:
        try:
            return dashboard_inputs(state.db_path)
        except SterkteError as exc:
            return visible_msg(exc)

    got = state.view(("team-inputs",), build)
    if isinstance(got, Msg):
        raise UserError(503, got)
    return got


def teams_known(state: StoreState) -> list[str]:
    """The teams with staff in the HR records."""
    return sorted(dashboard_data(state).indicators)


def team_choice(state: StoreState, team: str | None) -> str:
    known = teams_known(state)
    if not known:
        raise UserError(503, Msg(
            "geen teams in de HR-gegevens: importeer ze (sterkte hr import) of voer `sterkte "
            "synth` uit",
            "no teams in the HR records: import them (sterkte hr import) or run `sterkte "
            "synth`"))
    if team is None:
        return known[0]
    if team not in known:
        like = ", ".join(known[:3])
        raise UserError(404, Msg(f"onbekend team {team!r}; teams zien eruit als {like}",
                                 f"unknown team {team!r}; teams look like {like}"))
    return team


def team_view(state: StoreState, team: str, lang: str) -> View:
    data = dashboard_data(state)
    return state.view(("team", team, lang), lambda _: monitor_views.team_view(
        build_dashboard(data, team), lang, data.synthetic))


@router.get("/teams", summary="One team's dashboard: survey over the waves, staffing, "
            "absence, overtime pressure and the CM-tafel gap (small groups hidden)")
async def teams(state: Store, team: TeamCode = None, lang: Lang = "nl") -> Response:
    def build() -> bytes:
        view = team_view(state, team_choice(state, team), lang)
        return views.dumps(view.to_json() | {"parameters": view.values})

    body = await state.aanswer(("json", "team", team, lang), build)
    return Response(body, media_type="application/json")


@router.get("/teams/tables/{name}", summary="A table of a team's dashboard")
async def team_table(name: str, state: Store, team: TeamCode = None, lang: Lang = "nl",
                     format: Literal["csv", "xlsx", "json"] = "csv") -> Response:
    return await cached_grid(state, ("team", name, team, lang), lambda: find(
        team_view(state, team_choice(state, team), lang).grids, name), format)
