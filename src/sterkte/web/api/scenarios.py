"""Scenarios: the built-in ones, and what-if runs from the dashboard's parameters."""

from __future__ import annotations

from importlib import resources
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import JSONResponse, Response

from sterkte.app.whatif import ScenarioForm, check_years, defaults, run_variant
from sterkte.parameters import load_scenario
from sterkte.web.api.tables import grid_response
from sterkte.web.deps import Lang, jobs, store
from sterkte.web.jobs import Job, JobRunner
from sterkte.web.scenario import comparison_tables
from sterkte.web.state import StoreState
from sterkte.web.views import _clean

router = APIRouter(tags=["scenarios"])
Store = Annotated[StoreState, Depends(store)]
Jobs = Annotated[JobRunner, Depends(jobs)]


@router.get("/scenarios", summary="Built-in scenarios and the what-if form's defaults")
def scenarios(state: Store) -> dict[str, Any]:
    fig = state.figures()
    root = resources.files("sterkte") / "data" / "scenarios"
    names = sorted(e.name.removesuffix(".yaml") for e in root.iterdir()
                   if e.name.endswith(".yaml"))
    built_in = [load_scenario(n).to_dict() for n in names]
    return {"reference": fig.scenario.name, "built_in": built_in,
            "defaults": defaults(fig).model_dump(), "schema": ScenarioForm.model_json_schema()}


def start_run(form: ScenarioForm, state: StoreState, runner: JobRunner) -> Job:
    fig = state.figures()
    problem = check_years(form, fig)
    if problem:
        raise HTTPException(422, problem)
    return runner.submit(lambda progress: run_variant(form, fig, progress), form.model_dump())


@router.post("/scenarios/runs", status_code=202,
             summary="Start a what-if run (the stored data are not changed)")
def create_run(form: ScenarioForm, state: Store, runner: Jobs) -> JSONResponse:
    job = start_run(form, state, runner)
    return JSONResponse({"id": job.id, "status": job.status,
                         "url": f"/api/scenarios/runs/{job.id}",
                         "page": f"/scenario/runs/{job.id}"}, status_code=202)


def job_json(job: Job, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {"id": job.id, "status": job.status, "percent": job.percent,
                           "done": job.done, "total": job.total, "error": job.error,
                           "parameters": job.params}
    if job.status == "done":
        reference, variant = job.result
        out["tables"] = [g.to_json() for g in comparison_tables(reference, variant, lang)]
    return _clean(out)  # type: ignore[no-any-return]


def find_job(runner: JobRunner, job_id: str) -> Job:
    job = runner.get(job_id)
    if job is None:
        raise HTTPException(404, f"no scenario run {job_id!r} (runs are kept in memory "
                            "until the server restarts)")
    return job


@router.get("/scenarios/runs/{job_id}", summary="Progress and, when done, the comparison")
def get_run(job_id: str, runner: Jobs, lang: Lang = "nl") -> dict[str, Any]:
    return job_json(find_job(runner, job_id), lang)


@router.get("/scenarios/runs/{job_id}/tables/{name}",
            summary="Download a table of a finished run as csv, xlsx or json")
def run_table(job_id: str, name: str, runner: Jobs, lang: Lang = "nl",
              format: Literal["csv", "xlsx", "json"] = "csv") -> Response:
    job = find_job(runner, job_id)
    if job.status != "done":
        raise HTTPException(409, f"scenario run {job_id} is {job.status}, not done")
    reference, variant = job.result
    grids = comparison_tables(reference, variant, lang)
    grid = next((g for g in grids if g.name == name), None)
    if grid is None:
        raise HTTPException(404, f"no table {name!r}; tables: "
                            + ", ".join(g.name for g in grids))
    return grid_response(grid, format)
