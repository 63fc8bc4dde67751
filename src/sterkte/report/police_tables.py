"""The police's own prognosis beside the realisation: Tabel 3, 4 and 5 as the letter prints
them (``Realisatie Y | Prognose Y | Y+1 …``, the vintage named), with sterkte's model run in
a separate column labelled "model sterkte" — never in the police's place — and the academy's
national intake and graduates against it (the motion Van Nispen / Van Raak).

Values are fte, unrounded; the realisation is the letter's own column where it printed one
(it splits the flows the published tables 1–2 only give in total), else the ledger's.
"""

from __future__ import annotations

from sterkte.app.annex import Figures
from sterkte.app.prognosis import PolicePrognosis
from sterkte.forecast import ForecastRun
from sterkte.ledger import CLOSING, OPENING, Category, Ledger, Period
from sterkte.ledger.prognosis_layout import PROGNOSIS_ROWS, T3, T4, T5
from sterkte.org import NATIONAL
from sterkte.report.explain import Difference, explain
from sterkte.report.labels import term
from sterkte.report.table import Column, Table

_NUMBER = {T3: "3", T4: "4", T5: "5"}


def police_prognosis_tables(fig: Figures, lang: str) -> list[Table]:
    """Tabel 3, 4 and 5 of the police's prognosis made for the reported year, with the
    realisation and the model's first year beside it; none when the store holds none."""
    if fig.police is None:
        return []
    return police_tables(fig.police, fig.run, fig.realised, fig.scenario.name, lang)


def police_tables(police: PolicePrognosis, run: ForecastRun, realised: Ledger,
                  scenario: str, lang: str) -> list[Table]:
    """Tabel 3, 4 and 5 of ``police`` for its year: Realisatie | Prognose politie |
    difference | later police years | the first year of ``run`` as 'Model sterkte'."""
    y, vintage = police.year, police.vintage.name
    first = run.periods[0]
    later = [v for v in police.years if v > y]
    cols = [Column("row", "", "text"),
            Column("realised", term("realised_year", lang, year=y)),
            Column("police", term("police.prognosis_year", lang, year=y)),
            Column("difference", term("realised_minus_police", lang), signed=True),
            *(Column(f"p{v}", str(v)) for v in later),
            Column("model", term("police.model_year", lang, year=y))]
    out = []
    for title in (T3, T4, T5):
        number = _NUMBER[title]
        if number not in police.tables:
            continue
        cats = ([Category.OS] if number == "3" else [Category.ASP] if number == "4"
                else [Category.OS, Category.ASP])
        table = Table(f"prognose-politie-tabel{number}",
                      term("police.table_title", lang, title=term(f"prognosis.table{number}",
                                                                  lang), vintage=vintage),
                      cols, lang=lang,
                      notes=[term("police.note", lang, vintage=vintage,
                                  description=police.vintage.description, scenario=scenario)])
        diffs: list[Difference] = []
        for row in (r for r in PROGNOSIS_ROWS if r.table == title):
            real = police.realised(number, row.name)
            if real is None:
                real = _ledger_realised(realised, y, cats, row.name)
            prognosed = police.value(number, y, row.name)
            model = sum(run.ledger.get(first, NATIONAL, c, row.name) for c in cats)
            table.add(row.name, [row.label(lang), real, prognosed,
                                 None if real is None or prognosed is None else real - prognosed,
                                 *(police.value(number, v, row.name) for v in later), model],
                      total=row.name == CLOSING)
            if real is not None and prognosed is not None and row.name != OPENING:
                diffs.append(Difference(row.label(lang), real, prognosed))
        table.explanation = explain(diffs, lang)
        out.append(table)
    return out


def _ledger_realised(realised: Ledger, year: int, cats: list[Category], key: str
                     ) -> float | None:
    period = Period.of_year(year)
    if not all(realised.has(period, NATIONAL, c, key) for c in cats):
        return None
    return sum(realised.get(period, NATIONAL, c, key) for c in cats)


ACADEMY_ROWS = (("intake", "4", "academy_intake"), ("graduated_in", "3", "graduated_into_os"),
                ("graduated_out", "4", "police.graduated_out"), ("dropout", "4", "dropout"))


def academy_police_table(fig: Figures, lang: str) -> Table | None:
    """The academy nationally: intake, graduates and dropout realised beside the police's
    prognosis for the year — the figures the motion Van Nispen / Van Raak asks for."""
    police = fig.police
    if police is None:
        return None
    y = fig.year
    table = Table(f"politieonderwijs-{y}-politie",
                  term("police.academy_title", lang, year=y, vintage=police.vintage.name),
                  [Column("row", "", "text"),
                   Column("realised", term("realised_year", lang, year=y)),
                   Column("police", term("police.prognosis_year", lang, year=y)),
                   Column("difference", term("realised_minus_police", lang), signed=True)],
                  lang=lang)
    diffs: list[Difference] = []
    for key, number, label_term in ACADEMY_ROWS:
        cat = Category.OS if number == "3" else Category.ASP
        real = police.realised(number, key)
        if real is None:
            real = _ledger_realised(fig.realised, y, [cat], key)
        prognosed = police.value(number, y, key)
        if real is None and prognosed is None:
            continue
        table.add(key, [term(label_term, lang), real, prognosed,
                        None if real is None or prognosed is None else real - prognosed])
        if real is not None and prognosed is not None:
            diffs.append(Difference(term(label_term, lang), real, prognosed))
    table.explanation = explain(diffs, lang)
    return table
