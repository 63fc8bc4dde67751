"""The diversity monitor as report tables: one population by one dimension per unit and
nationally (counts, and for each group with a target its share, target, difference and
verdict), and the share of a group over the years. A figure the small-cell rule hides is
the text ``×`` (never a number), in every writer."""

from __future__ import annotations

import math
from collections.abc import Sequence

from sterkte.app.diversity import DiversityMonitor
from sterkte.ledger import format_number, format_percent
from sterkte.norms.diversity import DIMENSIONS, NATIONAL, GroupTable
from sterkte.norms.status import Met
from sterkte.report.labels import CATALOGUE, met_label, term, unit_label
from sterkte.report.table import Column, Table, Value

SUPPRESSED = "×"


def group_label(dimension: str, group: str, lang: str) -> str:
    """A group's name: the catalogue's where it has one (gender), else the code (age
    bands, the groups of a background source)."""
    key = f"div.group.{group}"
    return term(key, lang) if dimension == "gender" and key in CATALOGUE else group


def _v(x: float | None) -> Value:
    if x is None:
        return None
    return SUPPRESSED if math.isnan(x) else x


def _met(m: Met | None, lang: str) -> str:
    return SUPPRESSED if m is None else met_label(m, lang)


def _population(population: str, lang: str) -> str:
    return term(f"div.population.{population}", lang)


def _dimension(dimension: str, lang: str) -> str:
    return term(f"div.dimension.{dimension}", lang)


def notes(monitor: DiversityMonitor, t: GroupTable, lang: str) -> list[str]:
    out = [term("teams.hidden_note", lang, mark=SUPPRESSED, k=monitor.k)]
    if t.dimension == "background" and monitor.background is not None:
        out.append(term("div.source_background", lang, source=monitor.background.source,
                        definition=monitor.background.definition))
    else:
        out.append(term("div.source_hr", lang))
    if t.population == "leadership":
        out.append(term("div.leadership_note", lang, year=monitor.latest.year))
    name = f"diversity_target_{t.population}_{t.dimension}"
    if name in monitor.target_references and t.targets:
        out.append(term("div.targets_note", lang, reference=monitor.target_references[name]))
    return out


def diversity_table(monitor: DiversityMonitor, t: GroupTable, lang: str = "nl") -> Table:
    """Units (and the nation) × groups of ``t``, with share, target, difference and
    verdict for each group that has a target."""
    cols = [Column("unit", term("unit", lang), "text")]
    cols += [Column(f"n_{g}", group_label(t.dimension, g, lang)) for g in t.groups]
    cols.append(Column("total", term("total", lang)))
    for g in t.target_groups:
        name = group_label(t.dimension, g, lang)
        cols += [Column(f"share_{g}", term("div.share", lang, group=name), "percent", 1),
                 Column(f"target_{g}", term("div.target", lang, group=name), "percent", 1),
                 Column(f"gap_{g}", term("div.gap", lang, group=name), "number", 1,
                        signed=True),
                 Column(f"met_{g}", term("div.status", lang, group=name), "text")]
    table = Table(f"diversiteit-{t.population}-{t.dimension}-{t.year}",
                  term("div.title", lang, year=t.year,
                       population=_population(t.population, lang),
                       dimension=_dimension(t.dimension, lang)), cols, lang=lang,
                  notes=notes(monitor, t, lang))
    for scope in [*t.scopes, NATIONAL]:
        cells: list[Value] = [unit_label(scope, lang)]
        cells += [_v(t.count(scope, g)) for g in t.groups]
        cells.append(_v(t.total(scope)))
        for g in t.target_groups:
            target = t.target(scope, g)
            cells += [_v(t.share(scope, g)), target, _v(t.gap(scope, g)),
                      _met(t.met(scope, g), lang) if target is not None else ""]
        table.add(scope, cells, total=scope == NATIONAL)
    table.explanation = _explain(t, lang)
    return table


def _explain(t: GroupTable, lang: str) -> str:
    if t.target_groups:
        g = t.target_groups[0]
        share = t.share(NATIONAL, g)
        shown = SUPPRESSED if share is not None and math.isnan(share) else (
            "–" if share is None else format_percent(share, lang, 1))
        verdicts = [t.met(s, g) for s in t.scopes if t.target(s, g) is not None]
        judged = [m for m in verdicts if m is not None and m is not Met.UNKNOWN]
        return term("div.explanation", lang, group=group_label(t.dimension, g, lang),
                    share=shown, met=sum(1 for m in judged if m is Met.MET), n=len(judged))
    total = t.total(NATIONAL)
    parts = []
    for g in t.groups:
        s = t.share(NATIONAL, g)
        text = SUPPRESSED if s is not None and math.isnan(s) else (
            "–" if s is None else format_percent(s, lang, 1))
        parts.append(f"{group_label(t.dimension, g, lang)} {text}")
    n = SUPPRESSED if math.isnan(total) else format_number(total, lang)
    return term("div.explanation_plain", lang, n=n, shares=", ".join(parts))


def trend_table(monitor: DiversityMonitor, series: Sequence[GroupTable], group: str,
                lang: str = "nl") -> Table:
    """The share of ``group`` per unit (and the nation) in each year of ``series``."""
    first = series[0]
    years = [t.year for t in series]
    cols = [Column("unit", term("unit", lang), "text")]
    cols += [Column(str(y), str(y), "percent", 1) for y in years]
    table = Table(f"diversiteit-trend-{first.population}-{first.dimension}-{group}",
                  term("div.trend_title", lang,
                       group=group_label(first.dimension, group, lang),
                       population=_population(first.population, lang)), cols, lang=lang,
                  notes=notes(monitor, first, lang))
    for scope in [*first.scopes, NATIONAL]:
        table.add(scope, [unit_label(scope, lang), *(_v(t.share(scope, group))
                                                     if group in t.groups else None
                                                     for t in series)],
                  total=scope == NATIONAL)
    shares = [(t.year, t.share(NATIONAL, group) if group in t.groups else None)
              for t in series]
    shown = [(y, s) for y, s in shares if s is not None and not math.isnan(s)]
    if len(shown) >= 2:
        table.explanation = term("div.trend_explanation", lang,
                                 group=group_label(first.dimension, group, lang),
                                 first=shown[0][0], p1=format_percent(shown[0][1], lang, 1),
                                 last=shown[-1][0], p2=format_percent(shown[-1][1], lang, 1))
    else:
        table.explanation = term("div.trend_hidden", lang)
    return table


def monitor_tables(monitor: DiversityMonitor, lang: str = "nl",
                   populations: Sequence[str] | None = None,
                   dimensions: Sequence[str] | None = None, trends: bool = True
                   ) -> list[Table]:
    """The tables of the year shown, each followed by the trend of the groups the monitor
    is about (those with a target in some population)."""
    out = []
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    for (pop, year, dim), t in sorted(monitor.tables.items(),
                                      key=lambda kv: (kv[0][0], kv[0][1],
                                                      order.get(kv[0][2], 9))):
        if year != monitor.year or (populations and pop not in populations) or (
                dimensions and dim not in dimensions):
            continue
        out.append(diversity_table(monitor, t, lang))
        if trends:
            series = monitor.series(pop, dim)
            for g in monitor.focus.get(dim, ()):
                if len(series) > 1 and g in t.groups:
                    out.append(trend_table(monitor, series, g, lang))
    return out


__all__ = ["SUPPRESSED", "diversity_table", "group_label", "monitor_tables", "trend_table"]
