"""Units, ledgers, the prognosis, norms and commitments as JSON."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from sterkte.errors import Msg
from sterkte.forecast.tables import prognosis_table
from sterkte.ledger import Category, Period
from sterkte.web import views
from sterkte.web.api.tables import cached_json as cached_answer
from sterkte.web.deps import Lang, PeriodYear, UnitCode, json_default, store, unit_code
from sterkte.web.errors import UserError
from sterkte.web.state import StoreState

router = APIRouter(tags=["figures"])
Store = Annotated[StoreState, Depends(store)]
_PERIOD = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]|H[12]|T[1-3]))?$")


async def cached_json(state: Store, key: tuple[object, ...], build: Any,
                      year: int | None = None) -> Response:
    body = await state.aview(("json", *key, year), lambda fig: views.dumps(
        {**json_default(fig), **build(fig)}), year)
    return Response(body, media_type="application/json")


@router.get("/overview", summary="National overview: bezetting vs formatie, flows, balance "
            "dates, norms at a glance")
async def overview(state: Store, lang: Lang = "nl", period: PeriodYear = None) -> Response:
    return await cached_json(state, ("overview", lang),
                             lambda f: views.overview(f, lang).to_json(), period)


@router.get("/periods", summary="The years of published tables in the store (the period "
            "picker)")
async def periods(state: Store) -> Response:
    return await cached_answer(state, ("periods",), lambda: {
        "periods": state.years(), "default": state.figures().year})


@router.get("/units", summary="The reporting units")
async def units(state: Store, lang: Lang = "nl") -> Response:
    return await cached_json(state, ("units", lang), lambda f: {"units": views.units_list(f, lang)})


@router.get("/units/{code}", summary="One unit: its tables, prognosis, norms and teams")
async def unit(code: UnitCode, state: Store, lang: Lang = "nl",
               period: PeriodYear = None) -> Response:
    c = unit_code(code)
    return await cached_json(state, ("unit", c, lang),
                             lambda f: views.unit_view(f, c, lang).to_json(), period)


@router.get("/ledger", summary="Ledger entries (fte, unrounded) by period, unit and category")
async def ledger(state: Store,
                 period: Annotated[str | None, Query(
                     description="2021, 2021-H1, 2021-T2 or 2021-03",
                     json_schema_extra={"pattern": _PERIOD.pattern})] = None,
                 unit: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2,5}$")] = None,
                 category: Category | None = None) -> Response:
    per = None
    if period is not None:
        if not _PERIOD.match(period):
            raise UserError(422, Msg(
                f"period {period!r}: verwacht een jaar (2021), halfjaar (2021-H1), tertiaal "
                "(2021-T2) of maand (2021-03)",
                f"period {period!r}: expected a year (2021), half-year "
                "(2021-H1), tertial (2021-T2) or month (2021-03)"))
        per = Period.parse(period)
    code = unit_code(unit) if unit is not None and unit.upper() != "NP" else unit

    def build() -> dict[str, Any]:
        fig = state.figures()
        led = fig.realised.select(periods=[per] if per else None,
                                  units=[code.upper()] if code else None,
                                  categories=[category] if category else None)
        return {**json_default(fig), "entries": led.to_records()}

    return await cached_answer(state, ("ledger", str(per) if per else None,
                                       code.upper() if code else None,
                                       category.value if category else None), build)


@router.get("/forecast", summary="The prognosis (Tabel 3/4/5 layout) and balance dates")
async def forecast(state: Store, lang: Lang = "nl",
             unit: Annotated[str, Query(pattern=r"^[A-Za-z]{2,5}$")] = "NP") -> Response:
    code = "NP" if unit.upper() == "NP" else unit_code(unit)

    def build(fig: Any) -> dict[str, Any]:
        run = fig.run
        return {"origin": run.origin, "periods": [str(p) for p in run.periods],
                "rows": [{"table": r.table, "name": r.name, "category": r.category,
                          "label": r.label(lang), "values": v}
                         for r, v in prognosis_table(run.ledger, code, run.periods)],
                "balance": [{"unit": b.unit, "date": b.date.isoformat() if b.date else None,
                             "gap_at_start": b.gap_at_start, "gap_at_end": b.gap_at_end}
                            for b in run.balance],
                "formatie": [{"unit": u, "year": y, "fte": v}
                             for (u, y), v in run.formatie_at_year_end().items()]}
    return await cached_json(state, ("forecast", code, lang), build)


@router.get("/norms", summary="Every norm nationally and per unit, with status")
async def norms(state: Store, lang: Lang = "nl") -> Response:
    return await cached_json(state, ("norms", lang), lambda f: views.norms_view(f, lang).to_json())


@router.get("/commitments", summary="Commitments and motions on capacity")
async def commitments(state: Store, lang: Lang = "nl") -> Response:
    return await cached_json(state, ("commitments", lang),
                       lambda f: views.commitments_view(f, lang).to_json())
