"""The CM-tafel page: capacity per team and week, with the options."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from sterkte.web.api.capacity import (
    Teams,
    Weeks,
    WithAnticipation,
    anticipation_view,
    capacity_view,
    inputs,
    team_districts,
)
from sterkte.web.deps import Lang, store
from sterkte.web.grid_query import query_items
from sterkte.web.render import personal_body, shared
from sterkte.web.state import StoreState

router = APIRouter()
Store = Annotated[StoreState, Depends(store)]


@router.get("/capacity", response_class=HTMLResponse)
async def capacity(request: Request, state: Store, team: Teams = None, weeks: Weeks = None,
                   anticipation: WithAnticipation = False, lang: Lang = "nl") -> HTMLResponse:
    params = query_items(request.query_params)

    def build() -> str:
        view = capacity_view(state, team, weeks, anticipation, lang)
        teams, chosen_weeks = view.values["teams"], view.values["weeks"]
        query = urlencode([("team", t) for t in teams] + [("weeks", chosen_weeks)]
                          + ([("anticipation", "true")] if anticipation else []))
        links = {g.name: [(f.upper(), f"/api/capacity/tables/{g.name}?format={f}&lang={lang}&"
                                      f"{query}") for f in ("csv", "xlsx", "json")]
                 for g in view.grids}
        return shared("capacity.html", lang=lang, path="/capacity", view=view,
                      api=f"/api/capacity?{query}", table_links=links, chosen=teams,
                      all_teams=inputs(state).teams, weeks=chosen_weeks,
                      anticipation=anticipation, has_run=inputs(state).run is not None,
                      districts=team_districts(state), params=params)

    if _sorted_or_filtered(params):  # the space of such URLs is unbounded: not cached
        html = await run_in_threadpool(build)
    else:
        # under the URL's parameters as given: their order shows in the page's links
        html = await state.aanswer(("page", "capacity", tuple(params)), build)
    return HTMLResponse(personal_body(html, lang))


@router.get("/anticipation", response_class=HTMLResponse)
async def anticipation(request: Request, state: Store, lang: Lang = "nl") -> HTMLResponse:
    params = query_items(request.query_params)

    def build() -> str:
        view = anticipation_view(state, lang)
        links = {g.name: [(f.upper(), f"/api/anticipation/tables/{g.name}?format={f}"
                                      f"&lang={lang}") for f in ("csv", "xlsx", "json")]
                 for g in view.grids}
        return shared("anticipation.html", lang=lang, path="/anticipation", view=view,
                      api="/api/anticipation", table_links=links, params=params)

    if _sorted_or_filtered(params):
        html = await run_in_threadpool(build)
    else:
        html = await state.aanswer(("page", "anticipation", tuple(params)), build)
    return HTMLResponse(personal_body(html, lang))


def _sorted_or_filtered(params: list[tuple[str, str]]) -> bool:
    return any(k == "sort" or k.startswith("q-") for k, _ in params)
