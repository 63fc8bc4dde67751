"""The annex's ledger and prognosis tables as grids, realisation beside prognosis.

Every function takes :class:`~sterkte.app.annex.Figures` and returns grids
whose numbers are the ledger's and the forecast run's own (unrounded); each grid
carries its one-line explanation of the largest differences.
"""

from __future__ import annotations

from sterkte.app.annex import Figures
from sterkte.forecast.balance import Balance
from sterkte.forecast.tables import PROGNOSIS_ROWS, T3, T4, T5
from sterkte.ledger import CLOSING, OPENING, Category, Ledger, Period, label
from sterkte.ledger.layouts import LAYOUTS, TableLayout
from sterkte.org import NATIONAL, REPORTING_UNIT_CODES
from sterkte.report.explain import Difference, explain
from sterkte.report.grid import Column, Grid, Value, from_table
from sterkte.report.tables import published_table
from sterkte.report.words import tr, unit_label


def _rolled(ledger: Ledger, period: Period) -> Ledger:
    return ledger.select(periods=[period]).roll_up_flows()


def published_grids(fig: Figures, name: str, lang: str) -> list[Grid]:
    """The published layout (units × flows) and, nationally, each flow realised beside the
    prognosis made from the year's opening stocks."""
    layout: TableLayout = LAYOUTS[name]
    cat, period = layout.category, fig.period
    table = published_table(fig.realised, layout, period, lang)
    prog = _rolled(fig.run.ledger, period)
    diffs = [Difference(unit_label(r.unit, lang), fig.realised.closing(period, r.unit, cat),
                        prog.closing(period, r.unit, cat))
             for r in table.rows if r.unit != NATIONAL]
    what = tr(lang, "bezetting eind", "closing stock")
    grid = from_table(table, explain([Difference(f"{d.label} ({what})", d.realised, d.expected)
                                      for d in diffs], lang))
    cols = [Column("row", tr(lang, "Stroom", "Flow"), "text"),
            Column("realised", tr(lang, f"Realisatie {fig.year}", f"Realised {fig.year}")),
            Column("prognosis", tr(lang, f"Prognose {fig.year}", f"Prognosis {fig.year}")),
            Column("difference", tr(lang, "Verschil", "Difference"), signed=True)]
    rows: list[list[Value]] = []
    keys: list[str] = []
    flow_diffs: list[Difference] = []
    for key in (OPENING, *layout.flow_keys, CLOSING):
        real = fig.realised.get(period, NATIONAL, cat, key)
        expected = prog.get(period, NATIONAL, cat, key)
        rows.append([label(key, lang), real, expected, real - expected])
        keys.append(key)
        if key not in (OPENING, CLOSING):
            flow_diffs.append(Difference(label(key, lang), real, expected))
    title = tr(lang, f"{layout.title(lang)}: realisatie naast prognose, nationaal",
               f"{layout.title(lang)}: realised beside prognosis, national")
    variance = Grid(f"{name}-{fig.year}-prognose", title, cols, rows, keys, lang,
                    explain(flow_diffs, lang), totals={len(rows) - 1})
    return [grid, variance]


def _realised_row(fig: Figures, unit: str, cats: list[Category], key: str) -> float | None:
    p = fig.period
    if not all(fig.realised.has(p, unit, c, key) for c in cats):
        return None
    return sum(fig.realised.get(p, unit, c, key) for c in cats)


# Published realisation flows beside the prognosis split (the prognosis prints the split).
_TOTAL_ROWS = {T3: ("transfer_other", "outflow"), T4: ("graduated_or_transfer_out",)}


def prognosis_grids(fig: Figures, lang: str, unit: str = NATIONAL) -> list[Grid]:
    """Tabel 3 (OS), 4 (ASP) and 5 (total): Realisatie Y | Prognose Y | Y+1 … (fte)."""
    run, periods = fig.run, fig.run.periods
    rolled = [_rolled(run.ledger, p) for p in periods]
    cols = [Column("row", "", "text"),
            Column("realised", tr(lang, f"Realisatie {fig.year}", f"Realised {fig.year}"))]
    cols += [Column(f"p{p.year}", (tr(lang, f"Prognose {p.year}", f"Prognosis {p.year}")
                                   if i == 0 else str(p.year))) for i, p in enumerate(periods)]
    out = []
    for number, table in ((3, T3), (4, T4), (5, T5)):
        rows: list[list[Value]] = []
        keys: list[str] = []
        diffs: list[Difference] = []
        for row in (r for r in PROGNOSIS_ROWS if r.table == table):
            cats = [row.category] if row.category is not None else [Category.OS, Category.ASP]
            real = _realised_row(fig, unit, cats, row.name)
            values = [sum(run.ledger.get(p, unit, c, row.name) for c in cats) for p in periods]
            if row.name == CLOSING:
                for total in _TOTAL_ROWS.get(table, ()):
                    cat = cats[0]
                    treal = _realised_row(fig, unit, [cat], total)
                    tvals = [r.get(p, unit, cat, total) for r, p in zip(rolled, periods,
                                                                        strict=True)]
                    text = tr(lang, f"{label(total, 'nl')} (totaal)", f"{label(total, 'en')} "
                              "(total)")
                    rows.append([text, treal, *tvals])
                    keys.append(f"total_{total}")
                    if treal is not None:
                        diffs.append(Difference(text, treal, tvals[0]))
            rows.append([row.label(lang), real, *values])
            keys.append(row.name)
            if real is not None and row.name != OPENING:
                diffs.append(Difference(row.label(lang), real, values[0]))
        title = table if lang != "en" else {
            3: "Table 3: Prognosis of operational strength excluding trainees, fte",
            4: "Table 4: Prognosis of trainees, fte",
            5: "Table 5: Prognosis of total operational strength, fte"}[number]
        if unit != NATIONAL:
            title += f" — {unit_label(unit, lang)}"
        name = f"prognose-tabel{number}" + ("" if unit == NATIONAL else f"-{unit}")
        notes = [tr(lang, f"Prognose: scenario {fig.scenario.name}, vanaf de bezetting "
                    f"aanvang {fig.year}; elk jaar begint met de geprognosticeerde bezetting "
                    "einde van het jaar ervoor.",
                    f"Prognosis: scenario {fig.scenario.name}, from the stocks at the start of "
                    f"{fig.year}; each year opens with the prognosed closing of the year "
                    "before.")]
        out.append(Grid(name, title, cols, rows, keys, lang, explain(diffs, lang), notes,
                        {len(rows) - 1}))
    return out


def balance_text(b: Balance | None, start: int, lang: str) -> str:
    """The balance date as shown; 'al in balans' when the unit is in balance from the
    first month of the prognosis."""
    if b is None or b.date is None or b.month is None:
        return tr(lang, "niet binnen horizon", "not within horizon")
    if b.month == start:
        return tr(lang, "al in balans", "already in balance")
    return b.date.strftime("%d-%m-%Y") if lang != "en" else b.date.isoformat()


def formatie_units(fig: Figures) -> list[str]:
    formatie = fig.run.formatie_at_year_end()
    return [u for u in REPORTING_UNIT_CODES if (u, fig.year) in formatie]


def formatie_grid(fig: Figures, lang: str, units: list[str] | None = None) -> Grid:
    """Formatie vs bezetting (OS) at the end of the year, per unit, with the balance date."""
    p, year = fig.period, fig.year
    formatie = fig.run.formatie_at_year_end()
    with_f = formatie_units(fig)
    balance = {b.unit: b for b in fig.run.balance}
    cols = [Column("unit", tr(lang, "Eenheid", "Unit"), "text"),
            Column("formatie", tr(lang, f"Formatie 31-12-{year}", f"Formatie {year}-12-31")),
            Column("realised", tr(lang, "Bezetting OS (realisatie)", "OS in post (realised)")),
            Column("gap", tr(lang, "Bezetting − formatie", "In post − formatie"), signed=True),
            Column("prognosis", tr(lang, "Bezetting OS (prognose)", "OS in post (prognosis)")),
            Column("difference", tr(lang, "Realisatie − prognose", "Realised − prognosis"),
                   signed=True),
            Column("balance", tr(lang, "Balansdatum (prognose)", "Balance date (prognosis)"),
                   "text")]
    rows: list[list[Value]] = []
    keys: list[str] = []
    diffs: list[Difference] = []
    for u in [*with_f, NATIONAL]:
        if units is not None and u not in units:
            continue
        members = with_f if u == NATIONAL else [u]
        real = sum(fig.realised.closing(p, m, Category.OS) for m in members)
        prog = sum(fig.run.ledger.closing(p, m, Category.OS) for m in members)
        f = formatie[(u, year)]
        when = balance_text(balance.get(u), fig.run.start, lang)
        rows.append([unit_label(u, lang) if u != NATIONAL else tr(
            lang, "Totaal (eenheden met formatie)", "Total (units with a formatie)"),
            f, real, real - f, prog, real - prog, when])
        keys.append(u)
        if u != NATIONAL:
            diffs.append(Difference(unit_label(u, lang), real, prog))
    title = tr(lang, f"Formatie en bezetting per eenheid, 31-12-{year}, fte",
               f"Formatie and staff in post per unit, {year}-12-31, fte")
    last = fig.run.periods[-1].year
    notes = [tr(lang, f"Balansdatum: eerste maand waarin de bezetting OS de formatie min de "
                f"tolerantie bereikt, in de prognose ({fig.scenario.name}) tot eind {last}.",
                f"Balance date: first month in which OS reaches formatie minus the tolerance, "
                f"in the prognosis ({fig.scenario.name}) up to the end of {last}.")]
    total = {len(rows) - 1} if keys and keys[-1] == NATIONAL else set()
    return Grid(f"formatie-bezetting-{year}", title, cols, rows, keys, lang,
                explain(diffs, lang), notes, total)


def academy_grid(fig: Figures, lang: str) -> Grid:
    """Academy intake, graduates into OS and dropout per unit: realised vs prognosis."""
    p = fig.period
    prog = _rolled(fig.run.ledger, p)
    specs = [("intake", Category.ASP, tr(lang, "Instroom in opleiding", "Academy intake")),
             ("graduated_in", Category.OS, tr(lang, "Afgestudeerd (instroom OS)",
                                              "Graduated (into OS)")),
             ("dropout", Category.ASP, tr(lang, "Uitval", "Dropout"))]
    cols = [Column("unit", tr(lang, "Eenheid", "Unit"), "text")]
    for key, _, text in specs:
        cols += [Column(f"{key}_realised", f"{text}: {tr(lang, 'realisatie', 'realised')}"),
                 Column(f"{key}_prognosis", f"{text}: {tr(lang, 'prognose', 'prognosis')}"),
                 Column(f"{key}_difference", f"{text}: {tr(lang, 'verschil', 'difference')}",
                        signed=True)]
    units = [u for u in REPORTING_UNIT_CODES if fig.realised.has(p, u, Category.ASP, OPENING)]
    rows: list[list[Value]] = []
    diffs: list[Difference] = []
    for u in [*units, NATIONAL]:
        row: list[Value] = [unit_label(u, lang)]
        for key, cat, text in specs:
            real = fig.realised.get(p, u, cat, key)
            expected = prog.get(p, u, cat, key)
            row += [real, expected, real - expected]
            if u != NATIONAL:
                diffs.append(Difference(f"{unit_label(u, lang)} · {text}", real,
                                        expected))
        rows.append(row)
    title = tr(lang, f"Politieonderwijs {fig.year}: instroom, afgestudeerden en uitval naast "
               "de prognose, fte", f"Police academy {fig.year}: intake, graduates and dropout "
               "beside the prognosis, fte")
    return Grid(f"politieonderwijs-{fig.year}", title, cols, rows, [*units, NATIONAL], lang,
                explain(diffs, lang), totals={len(rows) - 1})


VOLUNTEER_FLOWS = ("intake", "from_professional", "to_professional", "outflow")


def volunteer_grid(fig: Figures, lang: str) -> Grid | None:
    """Volunteers per unit in the year (persons): stock, flows, net change, and beside it
    the yearly growth the 10 % norm needs (from the volunteer norm)."""
    led = fig.volunteers
    if led is None:
        return None
    p, cat = fig.period, Category.VOLUNTEER
    needed = {s.scope: s.detail.get("needed_per_year") for s in fig.norms
              if s.norm == "volunteers"}
    cols = [Column("unit", tr(lang, "Eenheid", "Unit"), "text"),
            Column(OPENING, tr(lang, f"31-12-{fig.year - 1}", f"{fig.year - 1}-12-31"))]
    cols += [Column(f, tr(lang, "Instroom", "Inflow") if f == "intake" else label(f, lang))
             for f in VOLUNTEER_FLOWS]
    cols += [Column("net", tr(lang, "Saldo", "Net change"), signed=True),
             Column(CLOSING, tr(lang, f"31-12-{fig.year}", f"{fig.year}-12-31")),
             Column("needed", tr(lang, "Nodig per jaar voor de norm", "Needed per year for "
                                 "the norm"))]
    units = [u for u in REPORTING_UNIT_CODES if (p, u, cat) in set(led.cells())]
    total = {k: 0.0 for k in (OPENING, CLOSING, *VOLUNTEER_FLOWS)}
    rows: list[list[Value]] = []
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
        rows.append([unit_label(u, lang), values[OPENING],
                     *(values[f] for f in VOLUNTEER_FLOWS), net, values[CLOSING], need_v])
        if need_v is not None and u != NATIONAL:
            diffs.append(Difference(unit_label(u, lang), net, need_v))
    words = (tr(lang, "Grootste afstand tot de groei die de norm vraagt",
                "Largest distance from the growth the norm needs"),
             tr(lang, "saldo", "net change"), tr(lang, "nodig", "needed"))
    text = explain(diffs, lang, measure="persons", words=words) if diffs else ""
    title = tr(lang, f"Politievrijwilligers {fig.year}: in- en uitstroom per eenheid, personen",
               f"Police volunteers {fig.year}: inflow and outflow per unit, persons")
    return Grid(f"vrijwilligers-stromen-{fig.year}", title, cols, rows, [*units, NATIONAL],
                lang, text, [tr(lang, "Bron: HR-registratie (mutaties).",
                                "Source: HR records (mutations).")], {len(rows) - 1})
