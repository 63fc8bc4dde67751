"""The organisation: units tree and reference data (municipalities, inhabitants)."""

from sterkte.org.municipalities import Municipality, bundled_municipalities, inhabitants_by_unit
from sterkte.org.units import (
    NATIONAL,
    REGIONAL_UNIT_CODES,
    REPORTING_UNIT_CODES,
    OrgTree,
    Unit,
    UnitKind,
    national_police,
    normalise_name,
)

__all__ = [
    "NATIONAL",
    "REGIONAL_UNIT_CODES",
    "REPORTING_UNIT_CODES",
    "Municipality",
    "OrgTree",
    "Unit",
    "UnitKind",
    "bundled_municipalities",
    "inhabitants_by_unit",
    "national_police",
    "normalise_name",
]
