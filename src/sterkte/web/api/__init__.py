"""The JSON API under /api: every dashboard figure comes from one of these routes."""

from fastapi import APIRouter

from sterkte.web.api import capacity, figures, monitors, roster, scenarios, tables
from sterkte.web.errors import API_ERRORS

# every route may answer these, each with the one error body (sterkte.web.errors.ErrorBody)
router = APIRouter(prefix="/api", responses=API_ERRORS)
router.include_router(figures.router)
router.include_router(scenarios.router)
router.include_router(tables.router)
router.include_router(capacity.router)
router.include_router(roster.router)
router.include_router(monitors.router)

__all__ = ["router"]
