"""One catalogue of the words reports show, in Dutch and English, keyed by term.

Table headers, column titles, statuses, units of measure and the sentences of
titles, notes and explanations come from here (sentences with ``{placeholders}``),
so a translator reviews one place and a test checks that every term has both
languages with the same placeholders. Domain names stay where the domain defines
them and are read through here: flow and stock labels in
:mod:`sterkte.ledger.glossary`, unit names in :mod:`sterkte.org`, norm statuses in
:mod:`sterkte.norms.status`, commitment statuses in :mod:`sterkte.norms.commitments`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sterkte.norms.commitments import STATUS_EN, Status
from sterkte.norms.status import MET_LABELS, Met
from sterkte.org import NATIONAL, national_police
from sterkte.report.labels import (
    accounts,
    annex,
    cli,
    commands,
    common,
    dashboard,
    monitors,
    oidc,
    roster,
    web,
)

Pair = tuple[str, str]


def _merge(*parts: dict[str, Pair]) -> dict[str, Pair]:
    out: dict[str, Pair] = {}
    for part in parts:
        for key, pair in part.items():
            if key in out:
                raise ValueError(f"term {key!r} is defined twice")
            out[key] = pair
    return out


CATALOGUE: dict[str, Pair] = _merge(common.TERMS, annex.TERMS, web.TERMS, cli.TERMS,
                                    dashboard.TERMS, commands.TERMS, roster.TERMS,
                                    accounts.TERMS, monitors.TERMS, oidc.TERMS)


def term(key: str, lang: str, /, **values: object) -> str:
    """The text of ``key`` in ``lang`` ('nl', or 'en'), its placeholders filled in (a
    placeholder left unfilled is a KeyError, never a '{year}' in a report)."""
    nl, en = CATALOGUE[key]
    return (en if lang == "en" else nl).format(**values)


# What can be synthetic: the HR records (the synthetic police), the incidents demand is
# estimated from, and the planned work (events) added to it.
SYNTHETIC_KINDS = ("hr", "incidents", "planned")


def synthetic_notice(kinds: Sequence[str], lang: str) -> str:
    """The notice for figures resting on synthetic ``kinds`` (:data:`SYNTHETIC_KINDS`):
    'Synthetische gegevens: …'; empty for none (figures from real data carry no notice)."""
    parts = [term(f"synthetic.{k}", lang) for k in SYNTHETIC_KINDS if k in kinds]
    return term("synthetic.notice", lang, what="; ".join(parts)) if parts else ""


def rule_label(key: str, lang: str) -> str:
    """A roster rule's name ('Minimale rust tussen diensten' for ``min_rest``); an unknown
    key as it is."""
    name = f"roster.rule.{key}"
    return term(name, lang) if name in CATALOGUE else key


def goal_label(label: str, lang: str) -> str:
    """A roster soft goal's name ('Nachtdiensten gelijk verdeeld' for 'nights spread
    evenly'); an unknown one as it is."""
    name = "roster.goal." + "_".join(label.split())
    return term(name, lang) if name in CATALOGUE else label


def unit_label(code: str, lang: str, national: str = "total") -> str:
    """A unit's name as the tables print it; the nation as the term ``national``
    ('total': Totaal, 'national': Nationaal)."""
    if code == NATIONAL:
        return term(national, lang)
    unit = national_police().find(code)
    return unit.label(lang) if unit is not None else code


def scope_label(code: str, lang: str) -> str:
    """A unit's name, the nation as 'Nationaal' (status lists rather than tables)."""
    return unit_label(code, lang, "national")


def met_label(met: Met, lang: str) -> str:
    """'voldaan', 'niet voldaan', 'onbekend' (met, not met, unknown)."""
    nl, en = MET_LABELS[met]
    return en if lang == "en" else nl


def commitment_status(status: Status, lang: str) -> str:
    return STATUS_EN[status] if lang == "en" else status.value


def weekday(index: int, lang: str) -> str:
    """Monday (0) … Sunday (6), abbreviated: 'ma', 'Mon'."""
    return term(f"weekday.{index}", lang)


def day_text(day: dt.date, lang: str) -> str:
    """A date as reports write it: 31-12-2021 (Dutch) or 2021-12-31 (English)."""
    return day.strftime("%d-%m-%Y") if lang != "en" else day.isoformat()


def budget_text(x: float, lang: str) -> str:
    """A budget as given (2.5, 30 seconds or work units), with the decimal comma in
    Dutch."""
    return f"{x:g}".replace(".", ",") if lang != "en" else f"{x:g}"


__all__ = ["CATALOGUE", "SYNTHETIC_KINDS", "budget_text", "commitment_status", "day_text",
           "goal_label", "met_label", "rule_label", "scope_label", "synthetic_notice", "term",
           "unit_label", "weekday"]
