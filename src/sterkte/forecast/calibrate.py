"""Estimate forecast rates from a year of HR history (``sterkte forecast calibrate``).

Exposure is the average of the fte employed at the start and at the end of the
year (per category, unit and age band); a rate is the fte that made a move in
the year divided by that exposure (a crude yearly rate). Estimated:
unplanned outflow by age band (OS and NOS together) and its factor per unit,
OS↔NOS and OS→training transfer rates, lateral entry per category and unit,
and dropout (one yearly rate for every programme year: HR events give no
programme year). The result is a scenario: overrides dated 1 January of the
estimation year, which other parameters keep their bundled values.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import yaml

from sterkte.ledger import Category
from sterkte.org.units import REPORTING_UNIT_CODES
from sterkte.records.staff import PersonRecord

BANDS: tuple[tuple[int, int], ...] = ((15, 24), (25, 34), (35, 44), (45, 54), (55, 99))
Event = tuple[str, str, str, str | None, int, float]  # type, unit, category, reason, born, fte


def _band(age: int) -> str | None:
    for lo, hi in BANDS:
        if lo <= age <= hi:
            return f"{lo}-{hi}"
    return None


@dataclass
class Estimates:
    unplanned: dict[str, float] = field(default_factory=dict)
    unit_factor: dict[str, float] = field(default_factory=dict)
    transfers: dict[str, float] = field(default_factory=dict)
    lateral: dict[str, dict[str, float]] = field(default_factory=dict)
    dropout: float | None = None
    exposure_fte: float = 0.0


def calibrate(before: Sequence[PersonRecord], after: Sequence[PersonRecord],
              events: Sequence[Event], year: int) -> Estimates:
    """Rates for ``year`` from the staff at its start and end and its events."""
    expo_band: dict[str, float] = defaultdict(float)
    expo_unit: dict[str, float] = defaultdict(float)
    expo_cat: dict[str, float] = defaultdict(float)
    for people in (before, after):
        for p in people:
            expo_cat[p.category.value] += p.fte / 2
            if p.category in (Category.OS, Category.NOS):
                band = _band(year - p.birth_year)
                if band:
                    expo_band[band] += p.fte / 2
                expo_unit[p.unit] += p.fte / 2
    leave_band: dict[str, float] = defaultdict(float)
    leave_unit: dict[str, float] = defaultdict(float)
    moves: dict[str, float] = defaultdict(float)
    lateral: dict[str, dict[str, float]] = {"OS": defaultdict(float), "NOS": defaultdict(float)}
    for kind, unit, cat, reason, born, fte in events:
        if kind == "leave" and cat in ("OS", "NOS") and reason == "unplanned":
            band = _band(year - born)
            if band:
                leave_band[band] += fte
            leave_unit[unit] += fte
        elif kind == "transfer_category" and cat in ("OS", "NOS"):
            moves["os_to_nos" if cat == "OS" else "nos_to_os"] += fte
        elif kind == "academy_start" and cat == "OS":
            moves["os_to_training"] += fte
        elif kind == "hire" and cat in ("OS", "NOS"):
            lateral[cat][unit] += fte
        elif kind == "dropout" or (kind == "leave" and cat == "ASP"):
            moves["dropout"] += fte
    est = Estimates(exposure_fte=sum(expo_cat.values()))
    est.unplanned = {b: min(1.0, leave_band[b] / e) for b, e in expo_band.items() if e > 0}
    total_e = sum(expo_unit.values())
    national = sum(leave_unit.values()) / total_e if total_e > 0 else 0.0
    if national > 0:
        est.unit_factor = {u: min(10.0, (leave_unit[u] / e) / national)
                           for u, e in expo_unit.items() if e > 0}
    for key, base in (("os_to_nos", "OS"), ("nos_to_os", "NOS"), ("os_to_training", "OS")):
        if expo_cat[base] > 0:
            est.transfers[key] = min(1.0, moves[key] / expo_cat[base])
    # every unit, so that units without hires get 0 rather than the bundled figure
    est.lateral = {c: {u: v.get(u, 0.0) for u in REPORTING_UNIT_CODES}
                   for c, v in lateral.items()}
    if expo_cat["ASP"] > 0:
        est.dropout = min(1.0, moves["dropout"] / expo_cat["ASP"])
    return est


def scenario_yaml(est: Estimates, year: int, source: str) -> str:
    """The estimates as a scenario file (overrides dated 1 January ``year``)."""
    day = f"{year}-01-01"
    overrides: dict[str, dict[str, object]] = {}
    if est.unplanned:
        overrides["unplanned_outflow"] = {day: dict(sorted(est.unplanned.items()))}
    if est.unit_factor:
        overrides["unplanned_outflow_unit_factor"] = {day: est.unit_factor}
    if est.transfers:
        overrides["transfer_rates"] = {day: est.transfers}
    if est.lateral:
        overrides["lateral_entry"] = {day: est.lateral}
    if est.dropout is not None:
        overrides["dropout"] = {day: {"1": est.dropout, "2": est.dropout, "3": est.dropout}}
    doc = {
        "name": f"calibrated-{year}",
        "description": f"Rates estimated from the HR records of {year} in {source} "
                       f"(exposure {est.exposure_fte:,.0f} fte-years; crude yearly rates).",
        "reference": f"sterkte forecast calibrate --year {year}",
        "overrides": overrides,
    }
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)
