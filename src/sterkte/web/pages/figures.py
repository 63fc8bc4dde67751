"""Overview, unit, norms and commitments pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse

from sterkte.web import views
from sterkte.web.deps import Lang, UnitCode, store, unit_code
from sterkte.web.render import page
from sterkte.web.state import StoreState

router = APIRouter()
Store = Annotated[StoreState, Depends(store)]


@router.get("/", response_class=HTMLResponse)
async def overview(state: Store, lang: Lang = "nl") -> HTMLResponse:
    html = await state.aview(("page", "overview", lang), lambda fig: page(
        "overview.html", lang=lang, path="/", view=views.overview(fig, lang),
        api="/api/overview", units=views.units_list(fig, lang)))
    return HTMLResponse(html)


@router.get("/units/{code}", response_class=HTMLResponse)
async def unit(code: UnitCode, state: Store, lang: Lang = "nl") -> HTMLResponse:
    c = unit_code(code)
    html = await state.aview(("page", "unit", c, lang), lambda fig: page(
        "view.html", lang=lang, path=f"/units/{c}", view=views.unit_view(fig, c, lang),
        api=f"/api/units/{c}", unit=c))
    return HTMLResponse(html)


@router.get("/norms", response_class=HTMLResponse)
async def norms(state: Store, lang: Lang = "nl") -> HTMLResponse:
    html = await state.aview(("page", "norms", lang), lambda fig: page(
        "view.html", lang=lang, path="/norms", view=views.norms_view(fig, lang),
        api="/api/norms"))
    return HTMLResponse(html)


@router.get("/commitments", response_class=HTMLResponse)
async def commitments(state: Store, lang: Lang = "nl") -> HTMLResponse:
    html = await state.aview(("page", "commitments", lang), lambda fig: page(
        "view.html", lang=lang, path="/commitments", view=views.commitments_view(fig, lang),
        api="/api/commitments"))
    return HTMLResponse(html)
