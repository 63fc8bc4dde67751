"""The diversity monitor from the store: HR counts by gender and age, imported background
counts, the targets in force, protected per population and year
(:mod:`sterkte.norms.diversity`), for every year the HR records cover (the trend)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sterkte.errors import InputError, Msg, SterkteError
from sterkte.norms.diversity import (
    NATIONAL,
    POPULATIONS,
    UNKNOWN,
    GroupTable,
    age_band,
    band_order,
    protect_population,
)
from sterkte.org import REPORTING_UNIT_CODES
from sterkte.parameters import ParameterSet
from sterkte.records.hr import GENDERS
from sterkte.sources.monitor_inputs import read_monitor_input
from sterkte.store.db import Connection, connect
from sterkte.store.diversity import (
    BackgroundCount,
    BackgroundSource,
    background_counts,
    background_source,
    hr_years,
    person_counts,
    replace_background,
)
from sterkte.store.norm_data import latest_event_date

Key = tuple[str, int, str]  # population, year, dimension


@dataclass(frozen=True)
class DiversityMonitor:
    """Every protected table by (population, year, dimension); ``year`` is the one shown,
    ``years`` those with HR records (for the trend)."""

    year: int
    years: list[int]
    k: int
    latest: dt.date
    tables: dict[Key, GroupTable]
    background: BackgroundSource | None = None
    target_references: dict[str, str] = field(default_factory=dict)  # parameter → source
    focus: dict[str, tuple[str, ...]] = field(default_factory=dict)  # dimension → groups

    def table(self, population: str, dimension: str, year: int | None = None
              ) -> GroupTable | None:
        return self.tables.get((population, year or self.year, dimension))

    def series(self, population: str, dimension: str) -> list[GroupTable]:
        return [t for (p, _, d), t in sorted(self.tables.items()) if p == population
                and d == dimension]


def _targets(params: ParameterSet, population: str, dimension: str, on: dt.date
             ) -> tuple[dict[str, dict[str, float]], str | None]:
    name = f"diversity_target_{population}_{dimension}"
    if name not in params:
        return {}, None
    p = params[name]
    if p.first_date > on:
        return {}, None
    return p.table(on), name


def gather_diversity(con: Connection, params: ParameterSet,
                     year: int | None = None, k: int | None = None) -> DiversityMonitor:
    """The monitor from an open store (read-only use)."""
    years = hr_years(con)
    latest = latest_event_date(con)
    if not years or latest is None:
        raise SterkteError(Msg(
            "geen HR-gegevens in de opslag: de diversiteitsmonitor telt personen daaruit "
            "(sterkte hr import, of sterkte synth)",
            "no HR records in the store: the diversity monitor counts persons "
            "from them (sterkte hr import, or sterkte synth)"))
    y = year if year is not None else years[-1]
    if y not in years:
        raise InputError.at("--year", Msg(
            f"de HR-gegevens beslaan {years[0]}–{years[-1]}, niet {y}",
            f"the HR records cover {years[0]}–{years[-1]}, not {y}"))
    on = dt.date(y, 12, 31)
    threshold = k or int(params["small_cell_k"].number(min(on, latest)))
    bands = params["diversity_age_bands"].mapping(on)
    genders = (*GENDERS, UNKNOWN)
    ages = band_order(bands)
    hr: dict[tuple[str, int], dict[str, dict[str, dict[str, float]]]] = {}
    for c in person_counts(con, years):
        by_dim = hr.setdefault((c.population, c.year), {"gender": {}, "age": {}})
        g = c.gender or UNKNOWN
        band = age_band(c.year - c.birth_year, bands)
        for dim, group in (("gender", g), ("age", band)):
            row = by_dim[dim].setdefault(c.unit, {})
            row[group] = row.get(group, 0.0) + c.persons
    background: dict[tuple[str, int], dict[str, dict[str, float]]] = {}
    rows: list[BackgroundCount] = background_counts(con)
    for r in rows:
        cell = background.setdefault((r.population, r.year), {}).setdefault(r.unit, {})
        cell[r.group] = cell.get(r.group, 0.0) + r.persons
    groups_bg = tuple(sorted({r.group for r in rows}))
    tables: dict[Key, GroupTable] = {}
    references: dict[str, str] = {}
    focus = {dim: {g for pop in POPULATIONS for g in _targets(params, pop, dim, on)[0]}
             for dim in ("gender", "age", "background")}
    for pop in POPULATIONS:
        for yr in years:
            dims: dict[str, tuple[tuple[str, ...], dict[str, dict[str, float]]]] = {}
            if (pop, yr) in hr:
                dims["gender"] = (genders, hr[(pop, yr)]["gender"])
                dims["age"] = (ages, hr[(pop, yr)]["age"])
            if (pop, yr) in background:
                dims["background"] = (groups_bg, background[(pop, yr)])
            if not dims:
                continue
            targets = {}
            for dim in dims:
                found, name = _targets(params, pop, dim, dt.date(yr, 12, 31))
                if found:
                    targets[dim] = found
                if name:
                    references[name] = params[name].reference
            protected = protect_population(pop, yr, REPORTING_UNIT_CODES, dims, threshold,
                                           targets, focus)
            for dim, t in protected.items():
                tables[(pop, yr, dim)] = t
    src = background_source(con)
    return DiversityMonitor(y, years, threshold, latest, tables, src, references,
                            {d: tuple(sorted(g)) for d, g in focus.items() if g})


def diversity_monitor(db: str | Path | None, year: int | None = None,
                      k: int | None = None) -> DiversityMonitor:
    """:func:`gather_diversity` on the store at ``db`` (read-only)."""
    params = ParameterSet.bundled(engine="norms")
    con = connect(db, read_only=True)
    try:
        return gather_diversity(con, params, year, k)
    finally:
        con.close()


def import_background(db: str | Path | None, path: str | Path, source: str | None,
                      definition: str | None) -> int:
    """Import aggregate counts of cultural background (replacing earlier ones). The
    source and the definition of its groups are required: a column ``source`` in the file
    or ``source``; ``definition`` always."""
    rows = read_monitor_input(path, "background")
    in_file = sorted({str(r["source"]) for r in rows if r.get("source")})
    src = source or "; ".join(in_file)
    if not src:
        raise InputError.at(str(path), Msg(
            "zeg waar de aantallen vandaan komen: --source TEKST (of een kolom source)",
            "say where the counts come from: --source TEXT (or a source column)"))
    if not definition or not definition.strip():
        raise InputError.at(str(path), Msg(
            "geef de definitie van de groepen volgens de bron: --definition TEKST",
            "give the source's definition of its groups: --definition TEXT"))
    counts = [BackgroundCount(str(r["population"]), int(float(str(r["year"]))),
                              str(r["unit"]), str(r["team"]) if r.get("team") else None,
                              str(r["group"]), int(float(str(r["persons"]))))
              for r in rows]
    seen: dict[tuple[str, int, str, str | None, str], int] = {}
    for i, c in enumerate(counts, start=2):
        key = (c.population, c.year, c.unit, c.team, c.group)
        if key in seen:
            raise InputError.at(str(path), Msg(
                f"hetzelfde jaar, populatie, eenheid, team en groep staan in rij {seen[key]} "
                f"en {i}",
                f"the same year, population, unit, team and group "
                f"appear on rows {seen[key]} and {i}"), row=i)
        seen[key] = i
    con = connect(db)
    try:
        return replace_background(con, path, src, definition.strip(), counts)
    finally:
        con.close()


__all__ = [
    "NATIONAL",
    "DiversityMonitor",
    "diversity_monitor",
    "gather_diversity",
    "import_background",
]
