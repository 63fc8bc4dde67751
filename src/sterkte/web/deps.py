"""Request parameters shared by the API and the pages, validated once (422 otherwise)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import HTTPException, Path, Query, Request

from sterkte.app.annex import Figures
from sterkte.org import NATIONAL, national_police
from sterkte.web.jobs import JobRunner
from sterkte.web.state import StoreState

Lang = Annotated[Literal["nl", "en"], Query(description="Language of labels and numbers")]
UnitCode = Annotated[str, Path(pattern=r"^[A-Za-z]{2,5}$", description="Unit code, e.g. NN")]
PeriodYear = Annotated[int | None, Query(
    ge=1900, le=2200, description="Year of the published tables to show (default: the "
                                  "latest year in the store; /api/periods lists them)")]


async def store(request: Request) -> StoreState:
    state: StoreState = request.app.state.store
    return state


async def jobs(request: Request) -> JobRunner:
    runner: JobRunner = request.app.state.jobs
    return runner


def unit_code(code: str) -> str:
    """The unit's code (case-insensitive); 404 with the known codes when unknown."""
    tree = national_police()
    found = tree.find(code.upper()) or tree.find(code)
    if found is None or found.code not in tree.children(NATIONAL):
        known = ", ".join(tree.children(NATIONAL))
        raise HTTPException(404, f"unknown unit {code!r}; known units: {known}")
    return found.code


def json_default(fig: Figures) -> dict[str, object]:
    return {"year": fig.year, "scenario": fig.scenario.name,
            "norms_on": fig.norms_on.isoformat()}
