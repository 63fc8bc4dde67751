"""The dashboard pages (HTML). Each has a JSON twin under /api with the same numbers."""

from fastapi import APIRouter

from sterkte.web.pages import capacity, figures, monitors, roster, scenario

router = APIRouter(include_in_schema=False)
router.include_router(figures.router)
router.include_router(scenario.router)
router.include_router(capacity.router)
router.include_router(roster.router)
router.include_router(monitors.router)

__all__ = ["router"]
