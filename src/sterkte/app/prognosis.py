"""The police's own prognosis for a year, from the store: the vintage made for that year
(its first prognosis year), the one imported last when there are several, and its tables.

Every comparison of a realisation with a prognosis uses this when the store holds one and
names its vintage; sterkte's own model run is shown beside it as "model sterkte", never in
its place (issue 13)."""

from __future__ import annotations

from dataclasses import dataclass

from sterkte.records.imports import Vintage
from sterkte.sources.prognosis import PrognosisTable
from sterkte.store.db import Connection
from sterkte.store.prognoses import load_prognosis, vintage_for_year


@dataclass(frozen=True)
class PolicePrognosis:
    """The police's prognosis made for ``year``: tables '3' (OS), '4' (ASP), '5' (total)."""

    year: int
    vintage: Vintage
    tables: dict[str, PrognosisTable]

    def value(self, tabel: str, year: int, row: str) -> float | None:
        """The prognosed fte of ``row`` (a ledger name) in ``year``; None when not printed."""
        t = self.tables.get(tabel)
        if t is None or year not in t.prognosis:
            return None
        return t.prognosis[year].get(row)

    def realised(self, tabel: str, row: str) -> float | None:
        """The realisation the letter printed beside it (its 'Realisatie' column)."""
        t = self.tables.get(tabel)
        return None if t is None or t.realised_year != self.year else t.realised.get(row)

    @property
    def years(self) -> list[int]:
        return sorted({y for t in self.tables.values() for y in t.years})


def police_prognosis(con: Connection, year: int) -> PolicePrognosis | None:
    """The police's prognosis made for ``year`` (Tabel 3 and 4 at least), or None."""
    vintage = vintage_for_year(con, year, "3")
    if vintage is None:
        return None
    tables = {t.number: t for t in load_prognosis(con, vintage.name)}
    if "4" not in tables:  # the ASP table of another vintage made for the same year
        other = vintage_for_year(con, year, "4")
        if other is not None:
            tables.update({t.number: t for t in load_prognosis(con, other.name)
                           if t.number == "4"})
    return PolicePrognosis(year, vintage, tables)
