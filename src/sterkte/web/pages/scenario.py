"""The what-if page: a form, a run in the background, its progress, the comparison."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from sterkte.app.annex import Figures
from sterkte.app.whatif import ScenarioForm, defaults
from sterkte.web.access import client_address, principal
from sterkte.web.api.scenarios import find_job, start_run
from sterkte.web.deps import Lang, jobs, store
from sterkte.web.errors import detail_text, form_errors
from sterkte.web.grid_query import query_items
from sterkte.web.jobs import JobRunner
from sterkte.web.render import page, personal, personal_body, shared
from sterkte.web.results import decode_view
from sterkte.web.scenario import form_labels
from sterkte.web.state import StoreState

router = APIRouter()
Store = Annotated[StoreState, Depends(store)]
Jobs = Annotated[JobRunner, Depends(jobs)]
FIELDS = list(ScenarioForm.model_fields)


def _form_page(fig: Figures, lang: str, values: dict[str, object], errors: list[str]) -> str:
    """The form in its shared form (:func:`sterkte.web.render.shared`)."""
    return shared("scenario.html", lang=lang, path="/scenario", api="/api/scenarios",
                values=values, errors=errors, fields=ScenarioForm.model_fields,
                labels=form_labels(lang),
                reference=fig.scenario.name, year=fig.year)


@router.get("/scenario", response_class=HTMLResponse)
async def form(state: Store, lang: Lang = "nl") -> HTMLResponse:
    html = await state.aview(("page", "scenario", lang), lambda fig: _form_page(
        fig, lang, defaults(fig).model_dump(), []))
    return HTMLResponse(personal_body(html, lang))


@router.post("/scenario", response_class=HTMLResponse)
async def submit(request: Request, state: Store, runner: Jobs, lang: Lang = "nl") -> Response:
    raw = await request.form()
    values = {k: str(raw.get(k, "")).strip() for k in FIELDS}
    fig = state.figures()
    try:
        parsed = ScenarioForm.model_validate({k: v for k, v in values.items() if v != ""})
    except ValidationError as exc:
        errors = form_errors(list(exc.errors()), lang)
        return HTMLResponse(personal(_form_page(fig, lang, dict(values), errors), lang),
                            status_code=422)
    try:
        job = start_run(parsed, state, runner, request, lang)
    except HTTPException as exc:
        return HTMLResponse(personal(_form_page(fig, lang, dict(values), [detail_text(exc, lang)]),
                                     lang), status_code=exc.status_code)
    return RedirectResponse(f"/scenario/runs/{job.id}?lang={lang}", status_code=303)


@router.get("/scenario/runs/{job_id}", response_class=HTMLResponse)
def run_page(request: Request, job_id: str, runner: Jobs, lang: Lang = "nl") -> HTMLResponse:
    job = find_job(runner, job_id, request)
    view = decode_view(job.result, lang) if job.status == "done" else None
    return HTMLResponse(page("job.html", lang=lang, path=f"/scenario/runs/{job_id}",
                             view=view, api=f"/api/scenarios/runs/{job_id}", job=job,
                             params=query_items(request.query_params)))


@router.post("/scenario/runs/{job_id}/cancel", response_class=HTMLResponse)
def cancel(request: Request, job_id: str, runner: Jobs, lang: Lang = "nl") -> Response:
    find_job(runner, job_id, request)
    runner.cancel(job_id, principal(request).name, client_address(request))
    return RedirectResponse(f"/scenario/runs/{job_id}?lang={lang}", status_code=303)
