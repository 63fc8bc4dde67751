"""The organisation tree: national police → units → districts → basisteams.

The 15 reporting units are exactly the rows of the published capacity tables,
in their published order. Codes are ours and stable; names are the Dutch names
as printed. Districts and basisteams hang below a regional unit when HR data
or a synthetic police provides them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

NATIONAL = "NP"


class UnitKind(StrEnum):
    NATIONAL = "national"
    REGIONAL_UNIT = "regional_unit"
    NATIONAL_UNIT = "national_unit"
    STAFF = "staff"
    SERVICE = "service"
    DISTRICT = "district"
    TEAM = "basisteam"


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: UnitKind
    parent: str | None
    name_en: str = ""
    aliases: tuple[str, ...] = ()
    printed: str = ""  # the name as the published tables print it, when it differs

    @property
    def label_en(self) -> str:
        return self.name_en or self.name

    def label(self, lang: str = "nl") -> str:
        """The unit's name in a report table: as printed (nl) or in English."""
        if lang == "en":
            return self.label_en
        return self.printed or self.name


# (code, Dutch name as published, kind, English name, aliases)
_REPORTING_UNITS: tuple[tuple[str, str, UnitKind, str, tuple[str, ...]], ...] = (
    ("NN", "Noord-Nederland", UnitKind.REGIONAL_UNIT, "", ("Noord Nederland",)),
    ("ON", "Oost-Nederland", UnitKind.REGIONAL_UNIT, "", ("Oost Nederland",)),
    ("MN", "Midden-Nederland", UnitKind.REGIONAL_UNIT, "", ("Midden Nederland",)),
    ("NH", "Noord-Holland", UnitKind.REGIONAL_UNIT, "", ("Noord Holland",)),
    ("AM", "Amsterdam", UnitKind.REGIONAL_UNIT, "", ()),
    ("DH", "Den Haag", UnitKind.REGIONAL_UNIT, "The Hague", ("'s-Gravenhage", "Haaglanden")),
    ("RT", "Rotterdam", UnitKind.REGIONAL_UNIT, "", ()),
    ("ZWB", "Zeeland-West-Brabant", UnitKind.REGIONAL_UNIT, "", ("Zeeland West Brabant",)),
    ("OB", "Oost-Brabant", UnitKind.REGIONAL_UNIT, "", ("Oost Brabant",)),
    ("LB", "Limburg", UnitKind.REGIONAL_UNIT, "", ()),
    ("LE", "Landelijke Eenheid", UnitKind.NATIONAL_UNIT, "National Unit", ()),
    ("SKL", "Staf Korpsleiding", UnitKind.STAFF, "Police Headquarters Staff",
     ("Staf (Korpsleiding)", "Staf")),
    ("PDC", "Politiedienstencentrum", UnitKind.SERVICE, "Police Shared Services Centre", ()),
    ("ODPA", "ODPA", UnitKind.SERVICE, "", ()),
    ("LMS", "LMS / RST", UnitKind.SERVICE, "", ("LMS/RST", "LMS", "RST")),
)

REPORTING_UNIT_CODES: tuple[str, ...] = tuple(u[0] for u in _REPORTING_UNITS)
REGIONAL_UNIT_CODES: tuple[str, ...] = tuple(
    u[0] for u in _REPORTING_UNITS if u[2] is UnitKind.REGIONAL_UNIT
)
TOTAL_ROW_NAMES: tuple[str, ...] = ("Totaal", "Total", "Nationale Politie", "Politie totaal")


def normalise_name(name: str) -> str:
    """Lower-case and strip everything but letters and digits, for matching labels."""
    return re.sub(r"[^0-9a-z]", "", name.casefold())


@dataclass
class OrgTree:
    """Units by code, each with its parent; the root is the national police."""

    units: dict[str, Unit] = field(default_factory=dict)
    _children: dict[str, list[str]] = field(default_factory=dict)
    _lookup: dict[str, str] = field(default_factory=dict)

    def add(self, unit: Unit) -> None:
        if unit.code in self.units:
            raise ValueError(f"unit code {unit.code!r} is already in the tree")
        if unit.parent is not None and unit.parent not in self.units:
            raise ValueError(f"parent {unit.parent!r} of {unit.code!r} is not in the tree")
        self.units[unit.code] = unit
        self._children.setdefault(unit.code, [])
        if unit.parent is not None:
            self._children[unit.parent].append(unit.code)
        for key in (unit.code, unit.name, unit.name_en, *unit.aliases):
            if key:
                self._lookup.setdefault(normalise_name(key), unit.code)

    def __contains__(self, code: object) -> bool:
        return code in self.units

    def __getitem__(self, code: str) -> Unit:
        return self.units[code]

    def __iter__(self) -> Iterator[Unit]:
        return iter(self.units.values())

    def find(self, name_or_code: str) -> Unit | None:
        """The unit whose code, Dutch or English name or alias matches (case and
        punctuation ignored), or ``None``."""
        code = self._lookup.get(normalise_name(name_or_code))
        return self.units[code] if code is not None else None

    def children(self, code: str) -> list[str]:
        return list(self._children.get(code, []))

    def ancestors(self, code: str) -> list[str]:
        """Parents of ``code`` from the nearest up to the root."""
        out: list[str] = []
        parent = self.units[code].parent
        while parent is not None:
            out.append(parent)
            parent = self.units[parent].parent
        return out

    def descendants(self, code: str) -> list[str]:
        out: list[str] = []
        stack = list(reversed(self._children.get(code, [])))
        while stack:
            c = stack.pop()
            out.append(c)
            stack.extend(reversed(self._children.get(c, [])))
        return out

    def leaves_under(self, code: str) -> list[str]:
        return [c for c in [code, *self.descendants(code)] if not self._children.get(c)]

    def of_kind(self, *kinds: UnitKind) -> list[Unit]:
        return [u for u in self.units.values() if u.kind in kinds]

    def depth(self, code: str) -> int:
        return len(self.ancestors(code))

    def extend(self, units: Iterable[Unit]) -> None:
        for u in units:
            self.add(u)


def national_police() -> OrgTree:
    """A fresh tree: the national police with its 15 reporting units."""
    tree = OrgTree()
    tree.add(Unit(NATIONAL, "Nationale Politie", UnitKind.NATIONAL, None,
                  "Total", aliases=TOTAL_ROW_NAMES, printed="Totaal"))
    for code, name, kind, name_en, aliases in _REPORTING_UNITS:
        printed = "Staf (Korpsleiding)" if code == "SKL" else ""
        tree.add(Unit(code, name, kind, NATIONAL, name_en, aliases, printed))
    return tree
