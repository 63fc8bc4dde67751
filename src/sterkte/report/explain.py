"""One generated line per table: where realisation and prognosis (or norm) differ most.

The minister's explanations start with the largest differences; so does this line.
Differences are realised − prognosis, on unrounded values, shown rounded.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from sterkte.ledger import format_number, format_percent


@dataclass(frozen=True)
class Difference:
    label: str
    realised: float
    expected: float

    @property
    def difference(self) -> float:
        return self.realised - self.expected


_WORDS = {
    "nl": {"prognosis": ("Grootste verschillen tussen realisatie en prognose", "realisatie",
                         "prognose"),
           "norm": ("Grootste afstand tot de norm", "waarde", "norm"),
           "none": "{what}: geen verschillen van betekenis (alle binnen {tol}).",
           "empty": "Geen gegevens om realisatie en prognose te vergelijken."},
    "en": {"prognosis": ("Largest differences between realisation and prognosis", "realised",
                         "prognosis"),
           "norm": ("Largest distance from the norm", "value", "norm"),
           "none": "{what}: no differences of note (all within {tol}).",
           "empty": "No figures to compare realisation and prognosis."},
}


def explain(diffs: Sequence[Difference], lang: str = "nl", *, n: int = 3,
            measure: str = "fte", kind: str = "prognosis", tolerance: float = 0.5,
            words: tuple[str, str, str] | None = None) -> str:
    """``'Grootste verschillen …: Uitstroom +123 fte (realisatie 2.541, prognose 2.418); …'``.

    ``measure`` is 'fte', 'persons' or '%'; ``kind`` 'prognosis' or 'norm'; ``words``
    replaces (lead, realised, expected) when neither fits.
    """
    w = _WORDS["en" if lang == "en" else "nl"]
    usable = [d for d in diffs if not (math.isnan(d.realised) or math.isnan(d.expected))]
    if not usable:
        return str(w["empty"])
    what, real_word, exp_word = words or w[kind]

    def fmt(v: float, signed: bool = False) -> str:
        if measure == "%":
            text = format_percent(v, lang, 1)
            return ("+" + text) if signed and round(v, 1) > 0 else text
        return format_number(v, lang, 0, signed=signed)

    unit = "" if measure == "%" else (" fte" if measure == "fte" else
                                      (" personen" if lang != "en" else " persons"))
    top = sorted(usable, key=lambda d: (-abs(d.difference), d.label))
    top = [d for d in top if abs(d.difference) >= tolerance][:n]
    if not top:
        tol = fmt(tolerance) + unit if measure != "%" else format_percent(tolerance, lang, 1)
        return str(w["none"]).format(what=what, tol=tol.strip())
    parts = [f"{d.label} {fmt(d.difference, signed=True)}{unit} ({real_word} "
             f"{fmt(d.realised)}, {exp_word} {fmt(d.expected)})" for d in top]
    return f"{what}: " + "; ".join(parts) + "."
