"""Overview, unit, norms and commitments pages, with the unit / period / district picker."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from sterkte.app.annex import Figures
from sterkte.web import views
from sterkte.web.deps import Lang, PeriodYear, UnitCode, store, unit_code
from sterkte.web.grid_query import query_items
from sterkte.web.render import personal_body, shared
from sterkte.web.state import StoreState

router = APIRouter()
Store = Annotated[StoreState, Depends(store)]
District = Annotated[str | None, Query(pattern=r"^[A-Za-z0-9_-]{1,40}$",
                                       description="Only this district's teams")]


def _picker(state: StoreState, fig: Figures, lang: str, unit: str | None,
            district: str | None = None) -> dict[str, object]:
    """What the unit / period / district picker offers and has chosen."""
    districts = sorted({t.district for t in fig.teams if t.unit == unit}) if unit else []
    return {"units": views.units_list(fig, lang), "periods": state.years(),
            "picked": {"unit": unit or "", "period": fig.year, "district": district or ""},
            "districts": districts}


async def _html(state: StoreState, request: Request, key: tuple[object, ...],
                build: Callable[[Figures], str], year: int | None) -> HTMLResponse:
    """The page, cached (in its shared form, :func:`sterkte.web.render.shared`) when its URL
    names only language and period; a sorted or filtered page is rendered for its request
    (the space of such URLs is unbounded)."""
    lang = "en" if request.query_params.get("lang") == "en" else "nl"
    if any(k not in ("lang", "period") for k, _ in query_items(request.query_params)):
        html = await run_in_threadpool(lambda: build(state.figures_of(year)))
    else:
        html = await state.aview(key, build, year)
    return HTMLResponse(personal_body(html, lang))


@router.get("/", response_class=HTMLResponse)
async def overview(request: Request, state: Store, lang: Lang = "nl",
                   period: PeriodYear = None) -> HTMLResponse:
    params = query_items(request.query_params)

    def build(fig: Figures) -> str:
        return shared("overview.html", lang=lang, path="/", view=views.overview(fig, lang),
                    api="/api/overview" + (f"?period={period}" if period else ""),
                    params=params, picker=_picker(state, fig, lang, None))

    return await _html(state, request, ("page", "overview", lang, period), build, period)


@router.get("/units", response_class=HTMLResponse, include_in_schema=False)
def pick(lang: Lang = "nl", period: PeriodYear = None,
         unit: Annotated[str, Query(pattern=r"^[A-Za-z]{0,5}$")] = "",
         district: Annotated[str, Query(pattern=r"^[A-Za-z0-9_-]{0,40}$")] = ""
         ) -> RedirectResponse:
    """The picker's form lands here: on to the chosen unit's page (or the overview)."""
    query = [("lang", lang)] + ([("period", str(period))] if period else [])
    if not unit or unit.upper() == "NP":
        return RedirectResponse(f"/?{urlencode(query)}", status_code=303)
    code = unit_code(unit)
    if district:
        query.append(("district", district))
    return RedirectResponse(f"/units/{code}?{urlencode(query)}", status_code=303)


@router.get("/units/{code}", response_class=HTMLResponse)
async def unit(request: Request, code: UnitCode, state: Store, lang: Lang = "nl",
               period: PeriodYear = None, district: District = None) -> HTMLResponse:
    c = unit_code(code)
    params = query_items(request.query_params)
    if district:  # the district picker filters the team table ("clear filter" clears it)
        params = [(k, v) for k, v in params if k != "district"]
        params.append((f"q-teams-{c}", district))

    def build(fig: Figures) -> str:
        return shared("view.html", lang=lang, path=f"/units/{c}",
                    view=views.unit_view(fig, c, lang),
                    api=f"/api/units/{c}" + (f"?period={period}" if period else ""), unit=c,
                    params=params, picker=_picker(state, fig, lang, c, district))

    return await _html(state, request, ("page", "unit", c, lang, period), build, period)


@router.get("/norms", response_class=HTMLResponse)
async def norms(request: Request, state: Store, lang: Lang = "nl") -> HTMLResponse:
    params = query_items(request.query_params)

    def build(fig: Figures) -> str:
        return shared("view.html", lang=lang, path="/norms", view=views.norms_view(fig, lang),
                    api="/api/norms", params=params)

    return await _html(state, request, ("page", "norms", lang), build, None)


@router.get("/commitments", response_class=HTMLResponse)
async def commitments(request: Request, state: Store, lang: Lang = "nl") -> HTMLResponse:
    params = query_items(request.query_params)

    def build(fig: Figures) -> str:
        return shared("view.html", lang=lang, path="/commitments",
                    view=views.commitments_view(fig, lang), api="/api/commitments",
                    params=params)

    return await _html(state, request, ("page", "commitments", lang), build, None)
