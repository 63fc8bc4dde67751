"""Municipalities with their inhabitants and the regional unit that polices them."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from io import StringIO

from sterkte.org.units import national_police

SOURCE = (
    "CBS Kerncijfers wijken en buurten 2024 (85984NED), inhabitants on 1-1-2024; "
    "unit via safety region (Politiewet 2012)"
)


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    safety_region: str
    unit: str  # reporting-unit code
    inhabitants: int  # persons on the reference date
    wijken: int


def bundled_municipalities() -> list[Municipality]:
    """The 342 municipalities of 1-1-2024 shipped with sterkte (see data/SOURCES.md)."""
    text = resources.files("sterkte.data").joinpath("municipalities-2024.csv").read_text("utf-8")
    tree = national_police()
    out = []
    for row in csv.DictReader(StringIO(text)):
        unit = tree.find(row["unit"])
        if unit is None:  # the bundled file is ours; a bad row is a packaging bug
            raise RuntimeError(f"bundled municipalities: unknown unit {row['unit']!r}")
        out.append(
            Municipality(
                code=row["municipality_code"],
                name=row["municipality"],
                safety_region=row["safety_region"],
                unit=unit.code,
                inhabitants=int(row["inhabitants_2024_01_01"]),
                wijken=int(row["districts_wijken"]),
            )
        )
    return out


def inhabitants_by_unit(municipalities: list[Municipality]) -> dict[str, int]:
    """Inhabitants (persons) per regional-unit code."""
    out: dict[str, int] = {}
    for m in municipalities:
        out[m.unit] = out.get(m.unit, 0) + m.inhabitants
    return out
