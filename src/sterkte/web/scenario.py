"""The dashboard's what-if, shown: the variant beside the reference scenario.

The computation (form → scenario → runs) is :mod:`sterkte.app.whatif`.
"""

from __future__ import annotations

from sterkte.app.whatif import ScenarioForm
from sterkte.forecast import ForecastRun
from sterkte.ledger import Category
from sterkte.org import NATIONAL
from sterkte.report.capacity_tables import balance_text
from sterkte.report.labels import term, unit_label
from sterkte.report.table import Column, Table


def form_labels(lang: str) -> dict[str, str]:
    """The what-if form's field labels in ``lang``."""
    return {name: term(f"scenario.{name}", lang) for name in ScenarioForm.model_fields}


def _members(run: ForecastRun) -> list[str]:
    f = run.formatie_at_year_end()
    return [u for u in run.units if (u, run.periods[0].year) in f]


def comparison_tables(reference: ForecastRun, variant: ForecastRun, lang: str) -> list[Table]:
    members = _members(reference)
    fr, fv = reference.formatie_at_year_end(), variant.formatie_at_year_end()
    cols = [Column("year", term("year", lang), "text"),
            Column("reference_os", term("scenario.os_in_post", lang, name=reference.scenario)),
            Column("variant_os", term("scenario.os_in_post", lang, name="variant")),
            Column("difference_os", term("difference", lang), signed=True),
            Column("reference_formatie", f"Formatie ({reference.scenario})"),
            Column("variant_formatie", "Formatie (variant)"),
            Column("variant_asp", term("scenario.trainees_variant", lang))]
    t1 = Table("scenario-bezetting", term("scenario.os_title", lang), cols, lang=lang)
    for p in reference.periods:
        a = sum(reference.ledger.closing(p, u, Category.OS) for u in members)
        b = sum(variant.ledger.closing(p, u, Category.OS) for u in members)
        t1.add(str(p.year), [str(p.year), a, b, b - a, fr.get((NATIONAL, p.year)),
                             fv.get((NATIONAL, p.year)),
                             variant.ledger.closing(p, NATIONAL, Category.ASP)])
    rb = {b.unit: b for b in reference.balance}
    t2 = Table("scenario-balans", term("scenario.balance_title", lang),
               [Column("unit", term("unit", lang), "text"),
                Column("reference", reference.scenario, "text"),
                Column("variant", "variant", "text")], lang=lang)
    for i, bal in enumerate(variant.balance):
        ref = rb.get(bal.unit)
        t2.add(bal.unit, [unit_label(bal.unit, lang), balance_text(ref, reference.start, lang),
                          balance_text(bal, variant.start, lang)],
               total=i == len(variant.balance) - 1)
    return [t1, t2]
