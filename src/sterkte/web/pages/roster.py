"""The roster page: choose a team, roster it in the background, show roster and check."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from sterkte.report.labels import synthetic_notice
from sterkte.web.access import client_address, principal
from sterkte.web.api.capacity import inputs, team_districts
from sterkte.web.api.roster import Jobs, find_job, job_view, start
from sterkte.web.deps import Lang, store
from sterkte.web.errors import detail_text, form_errors
from sterkte.web.grid_query import query_items
from sterkte.web.render import page, personal, personal_body, shared
from sterkte.web.roster import RosterForm
from sterkte.web.state import StoreState

router = APIRouter()
Store = Annotated[StoreState, Depends(store)]


def _form(state: StoreState, lang: str, values: dict[str, object], errors: list[str]) -> str:
    data = inputs(state)
    # the teams are the store's, the demand synthetic: the form says so before a run
    return shared("roster_form.html", lang=lang, path="/roster", api="/api/roster",
                  teams=data.teams, districts=team_districts(state), values=values,
                  errors=errors, synthetic_notice=synthetic_notice(data.synthetic(), lang))


@router.get("/roster", response_class=HTMLResponse)
async def form(state: Store, lang: Lang = "nl") -> HTMLResponse:
    def build() -> str:
        teams = inputs(state).teams
        return _form(state, lang, {"team": teams[0] if teams else "", "seconds": 30}, [])

    return HTMLResponse(personal_body(await state.aanswer(("page", "roster", lang), build), lang))


@router.post("/roster", response_class=HTMLResponse)
async def submit(request: Request, state: Store, runner: Jobs, lang: Lang = "nl") -> Response:
    raw = await request.form()
    values: dict[str, object] = {k: str(raw.get(k, "")).strip() for k in ("team", "seconds")}
    try:
        parsed = RosterForm.model_validate({k: v for k, v in values.items() if v != ""})
        job = start(parsed, state, runner, request, lang)
    except ValidationError as exc:
        errors = form_errors(list(exc.errors()), lang)
        return HTMLResponse(personal(_form(state, lang, values, errors), lang),
                            status_code=422)
    except HTTPException as exc:
        return HTMLResponse(personal(_form(state, lang, values, [detail_text(exc, lang)]), lang),
                            status_code=exc.status_code)
    return RedirectResponse(f"/roster/runs/{job.id}?lang={lang}", status_code=303)


@router.get("/roster/runs/{job_id}", response_class=HTMLResponse)
def run_page(request: Request, job_id: str, runner: Jobs, lang: Lang = "nl") -> HTMLResponse:
    job = find_job(runner, job_id, request)
    view = job_view(job, lang)
    links = {}
    if view is not None:
        links = {g.name: [(f.upper(), f"/api/roster/runs/{job_id}/tables/{g.name}?format={f}"
                                      f"&lang={lang}") for f in ("csv", "xlsx", "json")]
                 for g in view.grids}
    return HTMLResponse(page("roster_run.html", lang=lang, path=f"/roster/runs/{job_id}",
                             view=view, api=f"/api/roster/runs/{job_id}", job=job,
                             table_links=links, params=query_items(request.query_params)))


@router.post("/roster/runs/{job_id}/cancel", response_class=HTMLResponse)
def cancel(request: Request, job_id: str, runner: Jobs, lang: Lang = "nl") -> Response:
    find_job(runner, job_id, request)
    runner.cancel(job_id, principal(request).name, client_address(request))
    return RedirectResponse(f"/roster/runs/{job_id}?lang={lang}", status_code=303)
