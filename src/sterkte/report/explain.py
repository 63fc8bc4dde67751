"""One generated line per table: where realisation and prognosis (or norm) differ most.

The minister's explanations start with the largest differences; so does this line.
Differences are realised − prognosis, on unrounded values, shown rounded.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from sterkte.ledger import format_number, format_percent
from sterkte.report.labels import term


@dataclass(frozen=True)
class Difference:
    label: str
    realised: float
    expected: float

    @property
    def difference(self) -> float:
        return self.realised - self.expected


def explain(diffs: Sequence[Difference], lang: str = "nl", *, n: int = 3,
            measure: str = "fte", kind: str = "prognosis", tolerance: float = 0.5,
            words: tuple[str, str, str] | None = None) -> str:
    """``'Grootste verschillen …: Uitstroom +123 fte (realisatie 2.541, prognose 2.418); …'``.

    ``measure`` is 'fte', 'persons' or '%'; ``kind`` 'prognosis' or 'norm'; ``words``
    replaces (lead, realised, expected) when neither fits.
    """
    usable = [d for d in diffs if not (math.isnan(d.realised) or math.isnan(d.expected))]
    if not usable:
        return term("explain.empty", lang)
    what, real_word, exp_word = words or (term(f"explain.{kind}", lang),
                                          term(f"explain.{kind}.realised", lang),
                                          term(f"explain.{kind}.expected", lang))

    def fmt(v: float, signed: bool = False) -> str:
        if measure == "%":
            text = format_percent(v, lang, 1)
            return ("+" + text) if signed and round(v, 1) > 0 else text
        return format_number(v, lang, 0, signed=signed)

    unit = "" if measure == "%" else (" fte" if measure == "fte" else
                                      " " + term("persons", lang))
    top = sorted(usable, key=lambda d: (-abs(d.difference), d.label))
    top = [d for d in top if abs(d.difference) >= tolerance][:n]
    if not top:
        tol = fmt(tolerance) + unit if measure != "%" else format_percent(tolerance, lang, 1)
        return term("explain.none", lang, what=what, tol=tol.strip())
    parts = [f"{d.label} {fmt(d.difference, signed=True)}{unit} ({real_word} "
             f"{fmt(d.realised)}, {exp_word} {fmt(d.expected)})" for d in top]
    return f"{what}: " + "; ".join(parts) + "."
