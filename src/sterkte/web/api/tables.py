"""Any table of the dashboard as CSV, XLSX or JSON (by its name; never a file path)."""

from __future__ import annotations

import io
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import Response

from sterkte.report.csv_out import to_csv
from sterkte.report.table import Table
from sterkte.report.xlsx import workbook
from sterkte.web import monitor_views, views
from sterkte.web.deps import DOWNLOAD, Lang, PeriodYear, TableName, store, unit_code
from sterkte.web.state import StoreState

router = APIRouter(tags=["downloads"])
Store = Annotated[StoreState, Depends(store)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    raise HTTPException(404, f"no table {name!r}; tables: {', '.join(g.name for g in pool)}")


@router.get("/tables/{name}", summary="Download a table as csv, xlsx or json",
            responses=DOWNLOAD)
def table(name: TableName, state: Store, lang: Lang = "nl",
          format: Literal["csv", "xlsx", "json"] = "csv",
          unit: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2,5}$")] = None,
          period: PeriodYear = None) -> Response:
    return grid_response(find_grid(state, name, lang, unit, period), format)


def grid_response(grid: Table, format: str) -> Response:
    if format == "json":
        return Response(views.dumps(grid.to_json()), media_type="application/json")
    headers = {"Content-Disposition": f'attachment; filename="{grid.name}.{format}"'}
    if format == "csv":
        return Response(to_csv(grid), media_type="text/csv; charset=utf-8", headers=headers)
    buf = io.BytesIO()
    workbook([grid]).save(buf)
    return Response(buf.getvalue(), media_type=XLSX, headers=headers)
