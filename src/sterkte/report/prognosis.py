"""The personnel prognosis as report tables: one renderer for the published layout
(Tabel 3 OS, Tabel 4 ASP, Tabel 5 total), used by the annex, the dashboard and
`sterkte forecast`; and the forecast command's other tables (balance dates, the
required intake, realisation beside prognosis).

Values are the run's own, fte, unrounded. A year opens with the previous year's
*prognosed* closing stock.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from sterkte.forecast import ForecastRun
from sterkte.forecast.required_intake import RequiredIntake
from sterkte.forecast.tables import PROGNOSIS_ROWS, T3, T4, T5
from sterkte.ledger import CLOSING, Category, Ledger, Period, Variance, label
from sterkte.org import NATIONAL
from sterkte.report.labels import day_text, term
from sterkte.report.table import Column, Format, Table, Value

_NUMBER = {T3: 3, T4: 4, T5: 5}
# Published realisation flows beside the prognosis split (the prognosis prints the split).
_TOTAL_ROWS = {T3: ("transfer_other", "outflow"), T4: ("graduated_or_transfer_out",)}


@dataclass(frozen=True)
class PrognosisRow:
    key: str  # the flow, 'opening', 'closing', or 'total_<flow>' (a published total)
    label: str
    values: list[float]  # per period of the run, fte
    realised: float | None = None  # the realised year beside it; None: not published


@dataclass(frozen=True)
class PrognosisPart:
    number: int  # 3, 4 or 5
    label: str  # 'Tabel 3'
    title: str  # 'Tabel 3: Prognose operationele bezetting exclusief aspiranten in fte'
    rows: list[PrognosisRow]


def prognosis_rows(run: ForecastRun, unit: str, lang: str,
                   realised: tuple[Ledger, Period] | None = None) -> list[PrognosisPart]:
    """Tabel 3, 4 and 5 of ``run`` for ``unit``, rows as printed in the prognosis annex.

    With ``realised`` (the realised ledger and its year), each row carries the realised
    value and, before the closing stock, the published totals of the flows the
    prognosis splits ('Uitstroom (totaal)' beside planned and unplanned outflow)."""
    rolled = [run.ledger.select(periods=[p]).roll_up_flows() for p in run.periods]
    parts: list[PrognosisPart] = []
    for table in (T3, T4, T5):
        rows: list[PrognosisRow] = []
        for row in (r for r in PROGNOSIS_ROWS if r.table == table):
            cats = [row.category] if row.category is not None else [Category.OS, Category.ASP]
            values = [sum(run.ledger.get(p, unit, c, row.name) for c in cats)
                      for p in run.periods]
            if realised is not None and row.name == CLOSING:
                for total in _TOTAL_ROWS.get(table, ()):
                    cat = cats[0]
                    rows.append(PrognosisRow(
                        f"total_{total}", term("flow_total", lang, flow=label(total, lang)),
                        [r.get(p, unit, cat, total) for r, p in zip(rolled, run.periods,
                                                                    strict=True)],
                        _realised(realised, unit, [cat], total)))
            real = _realised(realised, unit, cats, row.name) if realised is not None else None
            rows.append(PrognosisRow(row.name, row.label(lang), values, real))
        number = _NUMBER[table]
        title = term(f"prognosis.table{number}", lang)  # in Dutch as printed (T3, T4, T5)
        parts.append(PrognosisPart(number, title.split(":")[0], title, rows))
    return parts


def _realised(realised: tuple[Ledger, Period] | None, unit: str, cats: list[Category],
              key: str) -> float | None:
    if realised is None:
        return None
    ledger, p = realised
    if not all(ledger.has(p, unit, c, key) for c in cats):
        return None
    return sum(ledger.get(p, unit, c, key) for c in cats)


def forecast_table(run: ForecastRun, unit: str, lang: str) -> Table:
    """One run as `sterkte forecast` shows it: Tabel 3, 4 and 5 as parts of one table, a
    part with the formatie and, with samples, a part with the P5/P50/P95 bands and the
    probability of reaching formatie. Columns: the row, then one per period."""
    years = [Column(f"p{p}", str(p)) for p in run.periods]
    table = Table(f"prognose-{run.scenario}" + ("" if unit == NATIONAL else f"-{unit}"),
                  f"{run.scenario} — {unit} — {run.origin}",
                  [Column("row", term("row", lang), "text"), *years], lang=lang,
                  key_header=term("flow", lang), section_header=term("table", lang))
    for part in prognosis_rows(run, unit, lang):
        table.section(part.label, part.title)
        for row in part.rows:
            table.add(row.key if part.number != 5 else f"total_{row.key}",
                      [row.label, *row.values])
    formatie = run.formatie_at_year_end()
    posts = run.aspirant_posts_at_year_end()
    with_f = any((unit, p.year) in formatie for p in run.periods)
    if with_f or (unit == NATIONAL and posts):
        table.section(term("formatie", lang))
    if with_f:
        table.add("formatie", [term("prognosis.formatie_os", lang),
                               *(formatie.get((unit, p.year)) for p in run.periods)])
        table.add("gap", [term("prognosis.formatie_gap", lang), *(
            formatie[(unit, p.year)] - run.ledger.closing(p, unit, Category.OS)
            if (unit, p.year) in formatie else None for p in run.periods)])
    if unit == NATIONAL and posts:
        table.add("aspirant_posts", [term("prognosis.aspirant_posts", lang),
                                     *(posts.get(p.year) for p in run.periods)])
    bands = run.bands(Category.OS).get(unit) if run.ensemble is not None else None
    eb = next((b for b in run.ensemble_balance if b.unit == unit), None)
    if bands is not None or eb is not None:
        table.section(term("prognosis.samples", lang), term(
            "prognosis.bands_title", lang, samples=run.samples, seed=run.seed))
    if bands is not None:
        for qi, q in enumerate(("P5", "P50", "P95")):
            table.add(f"closing_{q.lower()}", [q, *(float(bands[qi, i])
                                                    for i in range(len(run.periods)))])
    if eb is not None:
        table.add("p_balance", [term("prognosis.p_balance", lang),
                                *(eb.probability_by.get(p.end, math.nan) for p in run.periods)],
                  fmt=Format("number", 2))
    return table


def balance_table(runs: Sequence[ForecastRun], lang: str) -> Table:
    """Per unit and run, the first month in which OS reaches formatie minus the tolerance
    (and, with samples, the probability of reaching it by the horizon)."""
    cols = [Column("unit", term("unit", lang), "text")]
    for run in runs:
        cols.append(Column(run.scenario, run.scenario, "text"))
        if run.ensemble_balance:
            last = max(run.ensemble_balance[0].probability_by)
            cols.append(Column(f"{run.scenario}_p", f"P(≤ {day_text(last, lang)})", "percent",
                               1))
    table = Table("balans", term("prognosis.balance_title", lang), cols, lang=lang)
    for unit in (b.unit for b in runs[0].balance):
        cells: list[Value] = [unit]
        for run in runs:
            b = next(x for x in run.balance if x.unit == unit)
            cells.append(day_text(b.date, lang) if b.date else term("not_within_horizon", lang))
            if run.ensemble_balance:
                eb = next(x for x in run.ensemble_balance if x.unit == unit)
                cells.append(100 * eb.probability_by[max(eb.probability_by)])
        table.add(unit, cells, total=unit == NATIONAL)
    return table


def required_intake_table(name: str, ri: RequiredIntake, lang: str) -> Table:
    """The academy intake per year each unit needs to reach formatie by the target date."""
    years = ", ".join(map(str, ri.years))
    table = Table("benodigde-instroom", term("prognosis.required_title", lang, scenario=name,
                                             years=years, target=ri.target.isoformat()),
                  [Column("unit", term("unit", lang), "text"),
                   Column("intake", term("prognosis.intake_per_year", lang)),
                   Column("reached", term("prognosis.os_on_target", lang)),
                   Column("wanted", term("prognosis.formatie_minus_tolerance", lang))],
                  lang=lang)
    for unit, need in ri.per_unit.items():
        got, want = ri.reached.get(unit, (math.nan, math.nan))
        table.add(unit, [unit, need, got, want])
    table.add(NATIONAL, [term("total", lang), ri.national, None, None], total=True)
    return table


def variance_rows_table(rows: Sequence[Variance], year: int, scenario: str, lang: str,
                        unit: str | None = None) -> Table:
    """Realisation beside the prognosis made from the year's opening stocks, per unit,
    category and flow (largest difference first within each block)."""
    table = Table(f"variantie-{year}", term("prognosis.variance_title", lang, year=year,
                                            scenario=scenario),
                  [Column("unit", term("unit", lang), "text"),
                   Column("category", term("category_short", lang), "text"),
                   Column("flow", "", "text"),
                   Column("prognosis", term("prognosis", lang)),
                   Column("realised", term("realised", lang)),
                   Column("difference", term("difference", lang), signed=True)],
                  lang=lang, stub=3)
    for v in rows:
        if unit is not None and v.unit != unit:
            continue
        table.add(f"{v.unit}/{v.category.value}/{v.flow}",
                  [v.unit, v.category.value, label(v.flow, lang), v.prognosis, v.realised,
                   v.difference])
    return table
