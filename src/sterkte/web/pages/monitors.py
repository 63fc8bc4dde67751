"""The diversity, earmarks and team-dashboard pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse

from sterkte.web import monitor_views
from sterkte.web.api.monitors import TeamCode, team_choice, team_view, teams_known
from sterkte.web.deps import Lang, store
from sterkte.web.render import personal_body, shared
from sterkte.web.state import StoreState

router = APIRouter()
Store = Annotated[StoreState, Depends(store)]


@router.get("/diversity", response_class=HTMLResponse)
async def diversity(state: Store, lang: Lang = "nl") -> HTMLResponse:
    html = await state.aview(("page", "diversity", lang), lambda fig: shared(
        "view.html", lang=lang, path="/diversity",
        view=monitor_views.diversity_view(fig, lang), api="/api/diversity"))
    return HTMLResponse(personal_body(html, lang))


@router.get("/earmarks", response_class=HTMLResponse)
async def earmarks(state: Store, lang: Lang = "nl") -> HTMLResponse:
    html = await state.aview(("page", "earmarks", lang), lambda fig: shared(
        "view.html", lang=lang, path="/earmarks",
        view=monitor_views.earmarks_view(fig, lang), api="/api/earmarks"))
    return HTMLResponse(personal_body(html, lang))


@router.get("/teams", response_class=HTMLResponse)
async def teams(state: Store, team: TeamCode = None, lang: Lang = "nl") -> HTMLResponse:
    def build() -> str:
        chosen = team_choice(state, team)
        view = team_view(state, chosen, lang)
        links = {g.name: [(f.upper(), f"/api/teams/tables/{g.name}?team={chosen}&format={f}"
                                      f"&lang={lang}") for f in ("csv", "xlsx", "json")]
                 for g in view.grids}
        return shared("teams.html", lang=lang, path="/teams", view=view,
                      api=f"/api/teams?team={chosen}", table_links=links, chosen=chosen,
                      all_teams=teams_known(state))

    return HTMLResponse(personal_body(await state.aanswer(("page", "team", team, lang), build),
                                 lang))
