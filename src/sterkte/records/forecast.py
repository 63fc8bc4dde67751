"""A forecast run as the store keeps it: its ledger, bands and formatie as rows, with the
parameters and scenarios that made it (JSON-able), so a rerun gives the same ledger."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ForecastRecord:
    """One run to store. ``entries``: (period, unit, category, flow, fte); ``bands``:
    (period, unit, category, quantile, fte); ``formatie``: (unit, year, fte at year end)."""

    scenario: str
    origin: str
    start_month: str
    months: int
    samples: int
    seed: int | None
    parameters: dict[str, Any]
    scenarios: list[dict[str, Any]]
    summary: dict[str, Any]
    entries: list[tuple[str, str, str, str, float]]
    bands: list[tuple[str, str, str, float, float]]
    formatie: list[tuple[str, int, float]]


@dataclass(frozen=True)
class StoredRun:
    run_id: int
    created_at: dt.datetime
    scenario: str
    origin: str
    start_month: str
    months: int
    samples: int
    seed: int | None
    parameters: dict[str, Any]
    scenarios: list[dict[str, Any]]
    summary: dict[str, Any]
