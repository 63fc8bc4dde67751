"""Inhabitants on the date a norm is judged: a norm is judged with the population of its own
date, not the latest file.

Sources, each dated: the national figures the letters state (``published-figures.csv``: 17,591,394
on 31-12-2021), the bundled municipalities of 1-1-2024 (per unit), and a population file the
user imported (``sterkte norms import population FILE --date D``, per unit). The national
number is the latest source on or before the date (else the earliest after it); the split over
the units is the per-unit source nearest in time, scaled to that national number when its date
differs — and then labelled *estimated*. On the same date, an imported file comes before the
bundled figures (the user's own data).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sterkte.org import NATIONAL, bundled_municipalities, inhabitants_by_unit
from sterkte.org.municipalities import SOURCE as MUNICIPALITIES_SOURCE
from sterkte.sources.published_figures import bundled_figures
from sterkte.store.db import Connection
from sterkte.store.norm_data import population

MUNICIPALITIES_ON = dt.date(2024, 1, 1)


@dataclass(frozen=True)
class Inhabitants:
    """Persons per regional unit and nationally (``NP``) on ``on``."""

    on: dt.date
    by_unit: dict[str, int]  # regional units and NP
    national_on: dt.date  # the date of the national number used
    national_source: str
    units_on: dt.date  # the date of the split over the units
    units_source: str

    @property
    def estimated(self) -> bool:
        """Whether the split over the units was scaled from another date's."""
        return self.units_on != self.national_on

    def describe(self, lang: str = "en") -> str:
        """The sources, dated, in one line (shown in the wijkagent norm's note)."""
        n = self.by_unit[NATIONAL]
        if lang == "en":
            national = f"{n:,} on {self.national_on:%d-%m-%Y} ({self.national_source})"
            estimate = (f"; per unit estimated from the distribution on {self.units_on:%d-%m-%Y} "
                        f"({self.units_source})")
        else:
            national = (f"{n:,} op {self.national_on:%d-%m-%Y} ({self.national_source})"
                        .replace(",", "."))
            estimate = (f"; per eenheid geschat naar de verdeling op {self.units_on:%d-%m-%Y} "
                        f"({self.units_source})")
        return national + (estimate if self.estimated else "")


def _pick(dated: list[tuple[dt.date, int, str]], day: dt.date) -> tuple[dt.date, int, str]:
    before = [d for d in dated if d[0] <= day]
    return max(before, key=lambda d: d[0]) if before else min(dated, key=lambda d: d[0])


def inhabitants_on(con: Connection, day: dt.date) -> Inhabitants:
    """Inhabitants per unit and nationally for a norm judged on ``day``."""
    splits: list[tuple[dt.date, dict[str, int], str]] = [
        (MUNICIPALITIES_ON, inhabitants_by_unit(bundled_municipalities()),
         MUNICIPALITIES_SOURCE)]
    imported = population(con)
    if imported is not None:
        units, source, on = imported
        splits.append((on, units, source))
    nationals = [(on, sum(units.values()), source) for on, units, source in splits]
    nationals += [(f.on, round(f.value), f.source) for f in bundled_figures()
                  if f.measure == "inhabitants" and f.scope == NATIONAL]
    n_on, n_total, n_source = _pick(nationals, day)
    u_on, units, u_source = min(splits, key=lambda s: (abs((s[0] - day).days), -s[0].toordinal()))
    total = sum(units.values())
    if u_on != n_on:  # scale the split to the national number of the date
        units = {u: round(n * n_total / total) for u, n in units.items()}
    return Inhabitants(day, {**units, NATIONAL: n_total}, n_on, n_source, u_on, u_source)
