"""One roster period of one team as a background run: start it, follow it, read it."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, Response

from sterkte.app.roster import RosterResult, solve
from sterkte.web.api.capacity import inputs
from sterkte.web.api.tables import grid_response
from sterkte.web.deps import Lang, store
from sterkte.web.jobs import Job, JobRunner
from sterkte.web.roster import RosterForm, roster_view
from sterkte.web.state import StoreState
from sterkte.web.views import View, _clean

router = APIRouter(tags=["roster"])
Store = Annotated[StoreState, Depends(store)]


async def roster_jobs(request: Request) -> JobRunner:
    runner: JobRunner = request.app.state.roster_jobs
    return runner


Jobs = Annotated[JobRunner, Depends(roster_jobs)]


def start(form: RosterForm, state: StoreState, runner: JobRunner) -> Job:
    data = inputs(state)
    if form.team not in data.teams:
        raise HTTPException(422, f"team: unknown team {form.team}; teams look like "
                                 f"{', '.join(data.teams[:3])} (list: /api/capacity/teams)")
    return runner.submit(lambda progress: solve(data, form.team, form.seconds, progress),
                         form.model_dump())


@router.get("/roster", summary="The roster form: teams and defaults")
def roster(state: Store) -> dict[str, Any]:
    teams = inputs(state).teams
    return {"teams": teams, "defaults": {"team": teams[0] if teams else None, "seconds": 30.0},
            "schema": RosterForm.model_json_schema()}


@router.post("/roster/runs", status_code=202,
             summary="Start rostering one team for one roster period (in the background)")
def create_run(form: RosterForm, state: Store, runner: Jobs) -> JSONResponse:
    job = start(form, state, runner)
    return JSONResponse({"id": job.id, "status": job.status, "url": f"/api/roster/runs/{job.id}",
                         "page": f"/roster/runs/{job.id}"}, status_code=202)


def find_job(runner: JobRunner, job_id: str) -> Job:
    job = runner.get(job_id)
    if job is None:
        raise HTTPException(404, f"no roster run {job_id!r} (runs are kept in memory until "
                                 "the server restarts)")
    return job


def job_view(job: Job, lang: str) -> View | None:
    if job.status != "done":
        return None
    result: RosterResult = job.result
    return roster_view(result, lang)


@router.get("/roster/runs/{job_id}", summary="Progress and, when done, the roster and its check")
def get_run(job_id: str, runner: Jobs, lang: Lang = "nl") -> dict[str, Any]:
    job = find_job(runner, job_id)
    out: dict[str, Any] = {"id": job.id, "status": job.status, "percent": job.percent,
                           "error": job.error, "parameters": job.params}
    view = job_view(job, lang)
    if view is not None:
        out |= view.to_json() | {"values": view.values}
    return _clean(out)  # type: ignore[no-any-return]


@router.get("/roster/runs/{job_id}/tables/{name}",
            summary="Download a table of a finished roster run as csv, xlsx or json")
def run_table(job_id: str, name: str, runner: Jobs, lang: Lang = "nl",
              format: Literal["csv", "xlsx", "json"] = "csv") -> Response:
    job = find_job(runner, job_id)
    view = job_view(job, lang)
    if view is None:
        raise HTTPException(409, f"roster run {job_id} is {job.status}, not done")
    grid = view.grid(name)
    if grid is None:
        raise HTTPException(404, f"no table {name!r}; tables: "
                            + ", ".join(g.name for g in view.grids))
    return grid_response(grid, format)
