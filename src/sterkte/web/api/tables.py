"""Any table of the dashboard as CSV, XLSX or JSON (by its name; never a file path)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response

from sterkte.report.csv_out import to_csv
from sterkte.report.table import Table
from sterkte.report.xlsx import workbook
from sterkte.web import monitor_views, views
from sterkte.web.deps import DOWNLOAD, Lang, PeriodYear, TableName, store, unit_code
from sterkte.web.errors import no_table
from sterkte.web.state import StoreState

router = APIRouter(tags=["downloads"])
Store = Annotated[StoreState, Depends(store)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# An answer as it is cached (sterkte.web.state.StoreState.aanswer): body, media type, headers.
Answer = tuple[bytes, str, dict[str, str]]


def encoded(payload: Any) -> bytes:
    """``payload`` as FastAPI answers a route returning it (the same bytes), to be cached."""
    return bytes(JSONResponse(jsonable_encoder(payload)).body)


async def cached_json(state: StoreState, key: tuple[object, ...],
                      build: Callable[[], Any]) -> Response:
    """The JSON of ``build()``, cached under ``key`` until the store changes."""
    body = await state.aanswer(("encoded", *key), lambda: encoded(build()))
    return Response(body, media_type="application/json")


async def cached_grid(state: StoreState, key: tuple[object, ...], find: Callable[[], Table],
                      format: str) -> Response:
    """A download of the table ``find()`` gives, cached under ``key`` and the format."""
    body, media, headers = await state.aanswer(("grid", *key, format),
                                               lambda: grid_answer(find(), format))
    return Response(body, media_type=media, headers=headers)


def find_grid(state: StoreState, name: str, lang: str, unit: str | None,
              year: int | None = None) -> Table:
    pool = state.view(("grids", lang, year), lambda fig: [
        *views.overview(fig, lang).grids, *views.norms_view(fig, lang).grids,
        *views.commitments_view(fig, lang).grids,
        *monitor_views.diversity_view(fig, lang).grids,
        *monitor_views.earmarks_view(fig, lang).grids], year)
    if unit is not None:
        code = unit_code(unit)
        pool = pool + state.view(("grids", code, lang, year),
                                 lambda fig: views.unit_view(fig, code, lang).grids, year)
    for g in pool:
        if g.name == name:
            return g
    raise no_table(name, [g.name for g in pool])


@router.get("/tables/{name}", summary="Download a table as csv, xlsx or json",
            responses=DOWNLOAD)
async def table(name: TableName, state: Store, lang: Lang = "nl",
                format: Literal["csv", "xlsx", "json"] = "csv",
                unit: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2,5}$")] = None,
                period: PeriodYear = None) -> Response:
    return await cached_grid(state, ("tables", name, lang, unit, period),
                             lambda: find_grid(state, name, lang, unit, period), format)


def grid_answer(grid: Table, format: str) -> Answer:
    if format == "json":
        return views.dumps(grid.to_json()), "application/json", {}
    headers = {"Content-Disposition": f'attachment; filename="{grid.name}.{format}"'}
    if format == "csv":
        return to_csv(grid).encode("utf-8"), "text/csv; charset=utf-8", headers
    buf = io.BytesIO()
    workbook([grid]).save(buf)
    return buf.getvalue(), XLSX, headers


def grid_response(grid: Table, format: str) -> Response:
    body, media, headers = grid_answer(grid, format)
    return Response(body, media_type=media, headers=headers)
