"""One roster period of one team as a background run: start it, follow it, read it."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, Response

from sterkte.app.roster import RosterResult, solve
from sterkte.errors import Msg
from sterkte.report.labels import term
from sterkte.web.access import client_address, principal, require_team
from sterkte.web.api.capacity import inputs
from sterkte.web.api.tables import cached_json, grid_response
from sterkte.web.deps import DOWNLOAD, JobId, Lang, TableName, store
from sterkte.web.errors import BAD_BODY, NOT_DONE, RUN_LIMITS, UserError, no_table
from sterkte.web.jobs import Job, JobLimit, JobRunner
from sterkte.web.results import LANGS, decode_view, encode_views
from sterkte.web.roster import RosterForm, roster_view
from sterkte.web.state import StoreState
from sterkte.web.views import View, _clean

router = APIRouter(tags=["roster"])
Store = Annotated[StoreState, Depends(store)]


async def roster_jobs(request: Request) -> JobRunner:
    runner: JobRunner = request.app.state.roster_jobs
    return runner


Jobs = Annotated[JobRunner, Depends(roster_jobs)]


def _views(result: RosterResult) -> str:
    return encode_views({lang: roster_view(result, lang) for lang in LANGS})


def start(form: RosterForm, state: StoreState, runner: JobRunner, request: Request,
          lang: str = "nl") -> Job:
    """Queue the run for the request's account (429 past the limits)."""
    require_team(request, form.team)  # the team as validated, whatever the body's type said
    data = inputs(state)
    if form.team not in data.teams:
        like = ", ".join(data.teams[:3])
        raise UserError(422, Msg(
            f"team: onbekend team {form.team}; teams zien eruit als {like} (lijst: "
            "/api/capacity/teams)",
            f"team: unknown team {form.team}; teams look like {like} (list: "
            "/api/capacity/teams)"))
    try:
        return runner.submit(lambda progress: solve(data, form.team, form.seconds, progress),
                             form.model_dump(), principal(request).name, _views, lang,
                             client_address(request))
    except JobLimit as exc:
        raise HTTPException(429, str(exc)) from None


@router.get("/roster", summary="The roster form: teams and defaults")
async def roster(state: Store) -> Response:
    def build() -> dict[str, Any]:
        teams = inputs(state).teams
        return {"teams": teams, "defaults": {"team": teams[0] if teams else None,
                                             "seconds": 30.0},
                "schema": RosterForm.model_json_schema()}

    return await cached_json(state, ("roster",), build)


@router.post("/roster/runs", status_code=202,
             responses={**BAD_BODY, **RUN_LIMITS},
             summary="Start rostering one team for one roster period (in the background)")
def create_run(form: RosterForm, state: Store, runner: Jobs, request: Request,
               lang: Lang = "nl") -> JSONResponse:
    job = start(form, state, runner, request, lang)
    return JSONResponse({"id": job.id, "status": job.status, "position": job.position,
                         "url": f"/api/roster/runs/{job.id}",
                         "page": f"/roster/runs/{job.id}"}, status_code=202)


def find_job(runner: JobRunner, job_id: str, request: Request) -> Job:
    """The run, if it is the request's account's (or the account is an admin)."""
    job = runner.get(job_id)
    if job is None:
        raise UserError(404, Msg(f"geen roosterrun {job_id!r} (afgeronde runs worden een "
                                 "tijd bewaard en dan verwijderd)",
                                 f"no roster run {job_id!r} (finished runs are kept for a "
                                 "while, then deleted)"))
    who = principal(request)
    if job.owner != who.name and not who.admin:
        raise UserError(403, Msg(f"roosterrun {job_id} is van een ander account",
                                 f"roster run {job_id} belongs to another account"))
    return job


def job_view(job: Job, lang: str) -> View | None:
    if job.status != "done":
        return None
    return decode_view(job.result, lang)


def _run_json(job: Job, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {"id": job.id, "status": job.status, "percent": job.percent,
                           "error": job.error, "position": job.position,
                           "parameters": job.params}
    view = job_view(job, lang)
    if view is not None:
        out |= view.to_json() | {"values": view.values}
    return _clean(out)  # type: ignore[no-any-return]


@router.get("/roster/runs/{job_id}", summary="Progress (and place in the queue) and, when "
                                             "done, the roster and its check")
def get_run(job_id: JobId, runner: Jobs, request: Request, lang: Lang = "nl") -> dict[str, Any]:
    return _run_json(find_job(runner, job_id, request), lang)


@router.delete("/roster/runs/{job_id}", summary="Cancel a queued or running roster run")
def delete_run(job_id: JobId, runner: Jobs, request: Request, lang: Lang = "nl"
               ) -> dict[str, Any]:
    find_job(runner, job_id, request)
    runner.cancel(job_id, principal(request).name, client_address(request))
    return _run_json(find_job(runner, job_id, request), lang)


@router.post("/roster/runs/{job_id}/cancel", summary="Cancel a queued or running roster run "
                                                    "(as DELETE, for forms)")
def cancel_run(job_id: JobId, runner: Jobs, request: Request, lang: Lang = "nl"
               ) -> dict[str, Any]:
    return delete_run(job_id, runner, request, lang)


@router.get("/roster/runs/{job_id}/tables/{name}",
            summary="Download a table of a finished roster run as csv, xlsx or json",
            responses={**DOWNLOAD, **NOT_DONE})
def run_table(job_id: JobId, name: TableName, runner: Jobs, request: Request,
              lang: Lang = "nl",
              format: Literal["csv", "xlsx", "json"] = "csv") -> Response:
    job = find_job(runner, job_id, request)
    view = job_view(job, lang)
    if view is None:
        raise UserError(409, Msg(f"roosterrun {job_id} is {term(f'job.{job.status}', 'nl')}, nog "
                                 "niet klaar",
                                 f"roster run {job_id} is {job.status}, not done"))
    grid = view.grid(name)
    if grid is None:
        raise no_table(name, [g.name for g in view.grids])
    return grid_response(grid, format)
