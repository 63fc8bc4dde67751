"""The annex's ledger and prognosis tables, realisation beside prognosis.

Every function takes :class:`~sterkte.app.annex.Figures` and returns tables
whose numbers are the ledger's and the forecast run's own (unrounded); each table
carries its one-line explanation of the largest differences.
"""

from __future__ import annotations

from sterkte.app.annex import Figures
from sterkte.forecast.balance import Balance
from sterkte.ledger import CLOSING, OPENING, Category, Ledger, Period, label
from sterkte.ledger.layouts import LAYOUTS, TableLayout
from sterkte.org import NATIONAL, REPORTING_UNIT_CODES
from sterkte.report.explain import Difference, explain
from sterkte.report.labels import day_text, term, unit_label
from sterkte.report.prognosis import prognosis_rows
from sterkte.report.published import published_table
from sterkte.report.table import Column, Table, Value


def _rolled(ledger: Ledger, period: Period) -> Ledger:
    return ledger.select(periods=[period]).roll_up_flows()


def published_tables(fig: Figures, name: str, lang: str) -> list[Table]:
    """The published layout (units × flows) and, nationally, each flow realised beside the
    prognosis made from the year's opening stocks."""
    layout: TableLayout = LAYOUTS[name]
    cat, period = layout.category, fig.period
    table = published_table(fig.realised, layout, period, lang)
    prog = _rolled(fig.run.ledger, period)
    diffs = [Difference(unit_label(u, lang), fig.realised.closing(period, u, cat),
                        prog.closing(period, u, cat))
             for u in table.keys if u != NATIONAL]
    what = term("closing_stock", lang)
    table.explanation = explain([Difference(f"{d.label} ({what})", d.realised, d.expected)
                                 for d in diffs], lang)
    y = fig.year
    variance = Table(f"{name}-{y}-prognose",
                     term("annex.flows_beside_model", lang, title=layout.title(lang)),
                     [Column("row", term("flow", lang), "text"),
                      Column("realised", term("realised_year", lang, year=y)),
                      Column("prognosis", term("model.year", lang, year=y)),
                      Column("difference", term("difference", lang), signed=True)], lang=lang)
    flow_diffs: list[Difference] = []
    keys = (OPENING, *layout.flow_keys, CLOSING)
    for key in keys:
        real = fig.realised.get(period, NATIONAL, cat, key)
        expected = prog.get(period, NATIONAL, cat, key)
        variance.add(key, [label(key, lang), real, expected, real - expected],
                     total=key == CLOSING)
        if key not in (OPENING, CLOSING):
            flow_diffs.append(Difference(label(key, lang), real, expected))
    variance.explanation = explain(flow_diffs, lang)
    return [table, variance]


def prognosis_tables(fig: Figures, lang: str, unit: str = NATIONAL) -> list[Table]:
    """Tabel 3 (OS), 4 (ASP) and 5 (total) of sterkte's model run: Realisatie Y | Model Y |
    Y+1 … (fte), labelled as the model's — the police's own prognosis, where the store holds
    one, is :func:`sterkte.report.police_tables.police_prognosis_tables`.

    The rows are :func:`~sterkte.report.prognosis.prognosis_rows`, the renderer the
    forecast command uses too; here each published table is a table of its own, with
    the realisation of the year before its prognosis."""
    run = fig.run
    cols = [Column("row", "", "text"),
            Column("realised", term("realised_year", lang, year=fig.year))]
    cols += [Column(f"p{p.year}", (term("model.year", lang, year=p.year)
                                   if i == 0 else str(p.year)))
             for i, p in enumerate(run.periods)]
    notes = [term("annex.prognosis_note", lang, scenario=fig.scenario.name, year=fig.year)]
    if fig.police is None:
        notes.append(term("model.no_police", lang, year=fig.year))
    out = []
    for part in prognosis_rows(run, unit, lang, realised=(fig.realised, fig.period)):
        title = term("model.table_title", lang, title=part.title, scenario=fig.scenario.name)
        table = Table(f"model-tabel{part.number}" + ("" if unit == NATIONAL else f"-{unit}"),
                      title + ("" if unit == NATIONAL else f" — {unit_label(unit, lang)}"),
                      cols, lang=lang)
        diffs: list[Difference] = []
        for row in part.rows:
            table.add(row.key, [row.label, row.realised, *row.values],
                      total=row.key == CLOSING)
            if row.realised is not None and row.key != OPENING:
                diffs.append(Difference(row.label, row.realised, row.values[0]))
        table.explanation = explain(diffs, lang)
        table.notes = list(notes)
        out.append(table)
    return out


def balance_text(b: Balance | None, start: int, lang: str) -> str:
    """The balance date as shown; 'al in balans' when the unit is in balance from the
    first month of the prognosis."""
    if b is None or b.date is None or b.month is None:
        return term("not_within_horizon", lang)
    if b.month == start:
        return term("already_in_balance", lang)
    return day_text(b.date, lang)


def formatie_units(fig: Figures) -> list[str]:
    formatie = fig.run.formatie_at_year_end()
    return [u for u in REPORTING_UNIT_CODES if (u, fig.year) in formatie]


def formatie_table(fig: Figures, lang: str, units: list[str] | None = None) -> Table:
    """Formatie vs bezetting (OS) at the end of the year, per unit, with the balance date."""
    p, year = fig.period, fig.year
    formatie = fig.run.formatie_at_year_end()
    with_f = formatie_units(fig)
    balance = {b.unit: b for b in fig.run.balance}
    cols = [Column("unit", term("unit", lang), "text"),
            Column("formatie", term("formatie_on", lang, year=year)),
            Column("realised", term("os_in_post_realised", lang)),
            Column("gap", term("in_post_minus_formatie", lang), signed=True),
            Column("prognosis", term("os_in_post_prognosis", lang)),
            Column("difference", term("realised_minus_prognosis", lang), signed=True),
            Column("balance", term("balance_date_prognosis", lang), "text")]
    last = fig.run.periods[-1].year
    table = Table(f"formatie-bezetting-{year}", term("annex.formatie_title", lang, year=year),
                  cols, lang=lang, notes=[term("annex.balance_note", lang, last=last,
                                               scenario=fig.scenario.name)])
    diffs: list[Difference] = []
    for u in [*with_f, NATIONAL]:
        if units is not None and u not in units:
            continue
        members = with_f if u == NATIONAL else [u]
        real = sum(fig.realised.closing(p, m, Category.OS) for m in members)
        prog = sum(fig.run.ledger.closing(p, m, Category.OS) for m in members)
        f = formatie[(u, year)]
        when = balance_text(balance.get(u), fig.run.start, lang)
        name = unit_label(u, lang) if u != NATIONAL else term("total_with_formatie", lang)
        table.add(u, [name, f, real, real - f, prog, real - prog, when], total=u == NATIONAL)
        if u != NATIONAL:
            diffs.append(Difference(unit_label(u, lang), real, prog))
    table.explanation = explain(diffs, lang)
    return table


def academy_table(fig: Figures, lang: str) -> Table:
    """Academy intake, graduates into OS and dropout per unit: realised vs prognosis."""
    p = fig.period
    prog = _rolled(fig.run.ledger, p)
    specs = [("intake", Category.ASP, term("academy_intake", lang)),
             ("graduated_in", Category.OS, term("graduated_into_os", lang)),
             ("dropout", Category.ASP, term("dropout", lang))]
    cols = [Column("unit", term("unit", lang), "text")]
    for key, _, text in specs:
        cols += [Column(f"{key}_realised", f"{text}: {term('realised_lower', lang)}"),
                 Column(f"{key}_prognosis", f"{text}: {term('model_lower', lang)}"),
                 Column(f"{key}_difference", f"{text}: {term('difference_lower', lang)}",
                        signed=True)]
    table = Table(f"politieonderwijs-{fig.year}", term("annex.academy_title", lang,
                                                       year=fig.year), cols, lang=lang)
    units = [u for u in REPORTING_UNIT_CODES if fig.realised.has(p, u, Category.ASP, OPENING)]
    diffs: list[Difference] = []
    for u in [*units, NATIONAL]:
        row: list[Value] = [unit_label(u, lang)]
        for key, cat, text in specs:
            real = fig.realised.get(p, u, cat, key)
            expected = prog.get(p, u, cat, key)
            row += [real, expected, real - expected]
            if u != NATIONAL:
                diffs.append(Difference(f"{unit_label(u, lang)} · {text}", real, expected))
        table.add(u, row, total=u == NATIONAL)
    table.explanation = explain(diffs, lang)
    return table


VOLUNTEER_FLOWS = ("intake", "from_professional", "to_professional", "outflow")


def volunteer_table(fig: Figures, lang: str) -> Table | None:
    """Volunteers per unit in the year (persons): stock, flows, net change, and beside it
    the yearly growth the 10 % norm needs (from the volunteer norm)."""
    led = fig.volunteers
    if led is None:
        return None
    p, cat, y = fig.period, Category.VOLUNTEER, fig.year
    needed = {s.scope: s.detail.get("needed_per_year") for s in fig.norms
              if s.norm == "volunteers"}
    cols = [Column("unit", term("unit", lang), "text"),
            Column(OPENING, term("year_end", lang, year=y - 1))]
    cols += [Column(f, term("inflow", lang) if f == "intake" else label(f, lang))
             for f in VOLUNTEER_FLOWS]
    cols += [Column("net", term("net_change", lang), signed=True),
             Column(CLOSING, term("year_end", lang, year=y)),
             Column("needed", term("needed_per_year", lang))]
    table = Table(f"vrijwilligers-stromen-{y}", term("annex.volunteers_title", lang, year=y),
                  cols, lang=lang, notes=[term("source_hr_mutations", lang)])
    units = [u for u in REPORTING_UNIT_CODES if (p, u, cat) in set(led.cells())]
    total = {k: 0.0 for k in (OPENING, CLOSING, *VOLUNTEER_FLOWS)}
    diffs: list[Difference] = []
    for u in [*units, NATIONAL]:
        if u == NATIONAL:
            values = total
        else:
            values = {OPENING: led.opening(p, u, cat), CLOSING: led.closing(p, u, cat),
                      **{f: led.get(p, u, cat, f) for f in VOLUNTEER_FLOWS}}
            for k, v in values.items():
                total[k] += v
        net = sum(values[f] for f in VOLUNTEER_FLOWS)
        need = needed.get(u)
        need_v = float(need) if isinstance(need, int | float) else None
        table.add(u, [unit_label(u, lang), values[OPENING],
                      *(values[f] for f in VOLUNTEER_FLOWS), net, values[CLOSING], need_v],
                  total=u == NATIONAL)
        if need_v is not None and u != NATIONAL:
            diffs.append(Difference(unit_label(u, lang), net, need_v))
    words = (term("annex.volunteers_lead", lang), term("net_change_lower", lang),
             term("needed_lower", lang))
    table.explanation = explain(diffs, lang, measure="persons", words=words) if diffs else ""
    return table
