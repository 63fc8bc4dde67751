"""Request parameters shared by the API and the pages, validated once (422 otherwise)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Path, Query, Request

from sterkte.app.annex import Figures
from sterkte.errors import Msg
from sterkte.org import NATIONAL, national_police
from sterkte.web.jobs import JobRunner
from sterkte.web.state import StoreState

Lang = Annotated[Literal["nl", "en"], Query(description="Language of labels and numbers")]
UnitCode = Annotated[str, Path(pattern=r"^[A-Za-z]{2,5}$", description="Unit code, e.g. NN")]
PeriodYear = Annotated[int | None, Query(
    ge=1900, le=2200, description="Year of the published tables to show (default: the "
                                  "latest year in the store; /api/periods lists them; a "
                                  "year the store lacks is a 404 naming those it has)")]
TableName = Annotated[str, Path(pattern=r"^[A-Za-z0-9_.-]{1,100}$",
                                description="A table's name as its page's JSON gives it "
                                            "(e.g. teams-NN); an unknown name is a 404 "
                                            "listing the tables there are")]
JobId = Annotated[str, Path(pattern=r"^[0-9a-f]{16}$",
                            description="The run's id, as the 202 answer that started it "
                                        "gives it (16 hexadecimal digits)")]
# what a download route answers: the table as CSV, XLSX or JSON (``format``)
DOWNLOAD: dict[int | str, dict[str, Any]] = {200: {
    "description": "The table in the format asked for",
    "content": {"text/csv": {"schema": {"type": "string"}},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}},
                "application/json": {"schema": {"type": "object"}}}}}


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
        from sterkte.web.errors import UserError

        raise UserError(404, Msg(f"onbekende eenheid {code!r}; bekende eenheden: {known}",
                                 f"unknown unit {code!r}; known units: {known}"))
    return found.code


def json_default(fig: Figures) -> dict[str, object]:
    return {"year": fig.year, "scenario": fig.scenario.name,
            "norms_on": fig.norms_on.isoformat()}
