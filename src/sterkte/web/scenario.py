"""The dashboard's what-if, shown: the variant beside the reference scenario.

The computation (form → scenario → runs) is :mod:`sterkte.app.whatif`.
"""

from __future__ import annotations

from sterkte.forecast import ForecastRun
from sterkte.ledger import Category
from sterkte.org import NATIONAL
from sterkte.report.capacity_grids import balance_text
from sterkte.report.grid import Column, Grid, Value
from sterkte.report.words import tr, unit_label

LABELS_NL = {
    "training_length": "Duur basisopleiding, maanden",
    "intake": "Instroom in opleiding per jaar, fte",
    "lateral_entry": "Zij-instroom in OS per jaar, fte (nationaal)",
    "extra_formatie": "Extra formatie (opgeleid), fte (nationaal)",
    "from_year": "Wijzigingen gelden vanaf 1 januari van",
    "years": "Horizon, jaren",
    "samples": "Monte-Carlo-trekkingen (0: alleen exact)",
}


def _members(run: ForecastRun) -> list[str]:
    f = run.formatie_at_year_end()
    return [u for u in run.units if (u, run.periods[0].year) in f]


def comparison_grids(reference: ForecastRun, variant: ForecastRun, lang: str) -> list[Grid]:
    members = _members(reference)
    fr, fv = reference.formatie_at_year_end(), variant.formatie_at_year_end()
    cols = [Column("year", tr(lang, "Jaar", "Year"), "text"),
            Column("reference_os", tr(lang, f"Bezetting OS ({reference.scenario})",
                                      f"OS in post ({reference.scenario})")),
            Column("variant_os", tr(lang, "Bezetting OS (variant)", "OS in post (variant)")),
            Column("difference_os", tr(lang, "Verschil", "Difference"), signed=True),
            Column("reference_formatie", f"Formatie ({reference.scenario})"),
            Column("variant_formatie", "Formatie (variant)"),
            Column("variant_asp", tr(lang, "Aspiranten (variant)", "Trainees (variant)"))]
    rows: list[list[Value]] = []
    for p in reference.periods:
        a = sum(reference.ledger.closing(p, u, Category.OS) for u in members)
        b = sum(variant.ledger.closing(p, u, Category.OS) for u in members)
        rows.append([str(p.year), a, b, b - a, fr.get((NATIONAL, p.year)),
                     fv.get((NATIONAL, p.year)), variant.ledger.closing(p, NATIONAL,
                                                                        Category.ASP)])
    g1 = Grid("scenario-bezetting", tr(lang, "Bezetting OS einde jaar: variant naast "
                                       "referentie (eenheden met formatie), fte",
                                       "OS in post at year end: variant beside reference "
                                       "(units with a formatie), fte"),
              cols, rows, [str(p.year) for p in reference.periods], lang)
    rb = {b.unit: b for b in reference.balance}
    cols2 = [Column("unit", tr(lang, "Eenheid", "Unit"), "text"),
             Column("reference", reference.scenario, "text"),
             Column("variant", "variant", "text")]
    rows2: list[list[Value]] = []
    keys2 = []
    for bal in variant.balance:
        ref = rb.get(bal.unit)
        rows2.append([unit_label(bal.unit, lang), balance_text(ref, reference.start, lang),
                      balance_text(bal, variant.start, lang)])
        keys2.append(bal.unit)
    g2 = Grid("scenario-balans", tr(lang, "Balansdatum formatie en bezetting",
                                    "Balance date of formatie and staff in post"),
              cols2, rows2, keys2, lang, totals={len(rows2) - 1})
    return [g1, g2]

