"""The JSON API under /api: every dashboard figure comes from one of these routes."""

from fastapi import APIRouter

from sterkte.web.api import figures, scenarios, tables

router = APIRouter(prefix="/api")
router.include_router(figures.router)
router.include_router(scenarios.router)
router.include_router(tables.router)

__all__ = ["router"]
