"""Scenarios: the built-in ones, and what-if runs from the dashboard's parameters."""

from __future__ import annotations

from importlib import resources
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, Response

from sterkte.app.whatif import ScenarioForm, check_years, defaults, run_variant
from sterkte.errors import Msg
from sterkte.parameters import load_scenario
from sterkte.report.charts import prognosis_lines
from sterkte.report.labels import term
from sterkte.web.access import client_address, principal
from sterkte.web.api.tables import cached_json, grid_response
from sterkte.web.deps import DOWNLOAD, JobId, Lang, TableName, jobs, store
from sterkte.web.errors import BAD_BODY, NOT_DONE, RUN_LIMITS, UserError, no_table
from sterkte.web.jobs import Job, JobLimit, JobRunner
from sterkte.web.results import LANGS, decode_view, encode_views
from sterkte.web.scenario import comparison_tables
from sterkte.web.state import StoreState
from sterkte.web.views import View, _clean

router = APIRouter(tags=["scenarios"])
Store = Annotated[StoreState, Depends(store)]
Jobs = Annotated[JobRunner, Depends(jobs)]


@router.get("/scenarios", summary="Built-in scenarios and the what-if form's defaults")
async def scenarios(state: Store) -> Response:
    def build() -> dict[str, Any]:
        fig = state.figures()
        root = resources.files("sterkte") / "data" / "scenarios"
        names = sorted(e.name.removesuffix(".yaml") for e in root.iterdir()
                       if e.name.endswith(".yaml"))
        built_in = [load_scenario(n).to_dict() for n in names]
        return {"reference": fig.scenario.name, "built_in": built_in,
                "defaults": defaults(fig).model_dump(),
                "schema": ScenarioForm.model_json_schema()}

    # the scenario files and the form's schema are read once per store version
    return await cached_json(state, ("scenarios",), build)


def _views(result: Any) -> str:
    reference, variant = result
    return encode_views({lang: View("Scenario", comparison_tables(reference, variant, lang),
                                    [prognosis_lines([reference, variant], lang)], lang=lang)
                         for lang in LANGS})


def start_run(form: ScenarioForm, state: StoreState, runner: JobRunner, request: Request,
              lang: str = "nl") -> Job:
    """Queue the run for the request's account (429 past the limits)."""
    fig = state.figures()
    problem = check_years(form, fig)
    if problem:
        raise HTTPException(422, problem)
    try:
        return runner.submit(lambda progress: run_variant(form, fig, progress),
                             form.model_dump(), principal(request).name, _views, lang,
                             client_address(request))
    except JobLimit as exc:
        raise HTTPException(429, str(exc)) from None


@router.post("/scenarios/runs", status_code=202,
             responses={**BAD_BODY, **RUN_LIMITS},
             summary="Start a what-if run (the stored data are not changed)")
def create_run(form: ScenarioForm, state: Store, runner: Jobs, request: Request,
               lang: Lang = "nl") -> JSONResponse:
    job = start_run(form, state, runner, request, lang)
    return JSONResponse({"id": job.id, "status": job.status, "position": job.position,
                         "url": f"/api/scenarios/runs/{job.id}",
                         "page": f"/scenario/runs/{job.id}"}, status_code=202)


def job_json(job: Job, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {"id": job.id, "status": job.status, "percent": job.percent,
                           "done": job.done, "total": job.total, "error": job.error,
                           "position": job.position, "parameters": job.params}
    if job.status == "done":
        out["tables"] = [g.to_json() for g in decode_view(job.result, lang).grids]
    return _clean(out)  # type: ignore[no-any-return]


def find_job(runner: JobRunner, job_id: str, request: Request) -> Job:
    """The run, if it is the request's account's (or the account is an admin)."""
    job = runner.get(job_id)
    if job is None:
        raise UserError(404, Msg(f"geen scenariorun {job_id!r} (afgeronde runs worden een "
                                 "tijd bewaard en dan verwijderd)",
                                 f"no scenario run {job_id!r} (finished runs are kept for "
                                 "a while, then deleted)"))
    who = principal(request)
    if job.owner != who.name and not who.admin:
        raise UserError(403, Msg(f"scenariorun {job_id} is van een ander account",
                                 f"scenario run {job_id} belongs to another account"))
    return job


@router.get("/scenarios/runs/{job_id}", summary="Progress (and place in the queue) and, "
                                                "when done, the comparison")
def get_run(job_id: JobId, runner: Jobs, request: Request, lang: Lang = "nl") -> dict[str, Any]:
    return job_json(find_job(runner, job_id, request), lang)


@router.delete("/scenarios/runs/{job_id}", summary="Cancel a queued or running run")
def delete_run(job_id: JobId, runner: Jobs, request: Request, lang: Lang = "nl"
               ) -> dict[str, Any]:
    find_job(runner, job_id, request)
    runner.cancel(job_id, principal(request).name, client_address(request))
    return job_json(find_job(runner, job_id, request), lang)


@router.post("/scenarios/runs/{job_id}/cancel", summary="Cancel a queued or running run "
                                                       "(as DELETE, for forms)")
def cancel_run(job_id: JobId, runner: Jobs, request: Request, lang: Lang = "nl"
               ) -> dict[str, Any]:
    return delete_run(job_id, runner, request, lang)


@router.get("/scenarios/runs/{job_id}/tables/{name}",
            summary="Download a table of a finished run as csv, xlsx or json",
            responses={**DOWNLOAD, **NOT_DONE})
def run_table(job_id: JobId, name: TableName, runner: Jobs, request: Request,
              lang: Lang = "nl",
              format: Literal["csv", "xlsx", "json"] = "csv") -> Response:
    job = find_job(runner, job_id, request)
    if job.status != "done":
        raise UserError(409, Msg(f"scenariorun {job_id} is {term(f'job.{job.status}', 'nl')}, nog "
                                 "niet klaar",
                                 f"scenario run {job_id} is {job.status}, not done"))
    grids = decode_view(job.result, lang).grids
    grid = next((g for g in grids if g.name == name), None)
    if grid is None:
        raise no_table(name, [g.name for g in grids])
    return grid_response(grid, format)
