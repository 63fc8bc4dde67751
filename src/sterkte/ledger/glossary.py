"""One glossary: every category and flow, its English name and its Dutch label.

Code uses the English names; reports use the labels. A flow may have a
``parent``: detailed prognosis flows (planned/unplanned outflow, the three
kinds of transfer) roll up into the flow the realisation tables publish.

Sign convention: every flow is signed as it changes the stock (outflow and
dropout are negative numbers), as in the published tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Category(StrEnum):
    OS = "OS"  # operationele sterkte: trained operational staff, fte
    ASP = "ASP"  # aspiranten: trainees at the Police Academy, fte
    NOS = "NOS"  # niet-operationeel: non-operational staff, fte
    VOLUNTEER = "VOL"  # politievrijwilligers: persons, not fte


CATEGORY_LABELS: dict[Category, tuple[str, str]] = {
    Category.OS: ("Operationele sterkte (excl. aspiranten)",
                  "Operational strength (excl. trainees)"),
    Category.ASP: ("Aspiranten", "Trainees (aspirants)"),
    Category.NOS: ("Niet-operationeel personeel", "Non-operational staff"),
    Category.VOLUNTEER: ("Politievrijwilligers", "Police volunteers"),
}

CATEGORY_UNIT: dict[Category, str] = {
    Category.OS: "fte",
    Category.ASP: "fte",
    Category.NOS: "fte",
    Category.VOLUNTEER: "persons",
}

OPENING = "opening"
CLOSING = "closing"
NET = "net"
STOCKS = (OPENING, CLOSING)


@dataclass(frozen=True)
class Flow:
    name: str
    label_nl: str
    label_en: str
    categories: frozenset[Category]
    parent: str | None = None

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_nl


_ALL = frozenset(Category)
_OS = frozenset({Category.OS})
_ASP = frozenset({Category.ASP})
_FTE = frozenset({Category.OS, Category.ASP, Category.NOS})
_OS_NOS = frozenset({Category.OS, Category.NOS})

FLOWS: tuple[Flow, ...] = (
    # OS, as published in the realisation table (tabel 1)
    Flow("lateral_entry", "Zij-instroom", "Lateral entry", _OS_NOS),
    Flow("graduated_in", "Afgestudeerd + instroom in operationele functie",
         "Graduates entering operational posts", _OS),
    Flow("transfer_other", "Doorstroom overig", "Other transfers (net)", _OS_NOS),
    Flow("outflow", "Uitstroom", "Outflow (leavers)", _OS_NOS | {Category.VOLUNTEER}),
    Flow("working_time", "Werktijdeffect", "Working-time effect", _FTE),
    # OS, the prognosis split (tabel 3)
    Flow("transfer_nos_to_os", "Doorstroom NOS -> OS", "Transfer NOS → OS", _OS_NOS,
         parent="transfer_other"),
    Flow("transfer_os_to_nos", "Doorstroom OS -> NOS", "Transfer OS → NOS", _OS_NOS,
         parent="transfer_other"),
    Flow("transfer_to_training", "Doorstroom naar opleiding", "Transfer to training", _OS_NOS,
         parent="transfer_other"),
    # Not in the prognosis split: moves between units net to zero nationally but not per unit.
    Flow("transfer_between_units", "Doorstroom tussen eenheden", "Transfers between units",
         _OS_NOS, parent="transfer_other"),
    Flow("outflow_planned", "Voorziene uitstroom", "Planned outflow (retirement)",
         _OS_NOS | {Category.VOLUNTEER}, parent="outflow"),
    Flow("outflow_unplanned", "Onvoorziene uitstroom", "Unplanned outflow",
         _OS_NOS | {Category.VOLUNTEER}, parent="outflow"),
    # ASP, as published (tabel 2)
    Flow("intake", "Instroom in opleiding", "Academy intake", _ASP | {Category.VOLUNTEER}),
    Flow("transfer_in", "Inkomende doorstroom", "Incoming transfers", _ASP),
    Flow("graduated_or_transfer_out", "Afgestudeerd + uitgaande doorstroom",
         "Graduated or transferred out", _ASP),
    Flow("dropout", "Uitval", "Dropout", _ASP),
    # ASP, the split behind graduated_or_transfer_out
    Flow("graduated_out", "Uitstroom uit opleiding", "Graduated (to OS/NOS)", _ASP,
         parent="graduated_or_transfer_out"),
    Flow("transfer_out", "Uitgaande doorstroom", "Outgoing transfers", _ASP,
         parent="graduated_or_transfer_out"),
    # Volunteers (persons)
    Flow("from_professional", "Van beroeps naar vrijwilliger",
         "Professionals becoming volunteers", frozenset({Category.VOLUNTEER})),
    Flow("to_professional", "Van vrijwilliger naar beroeps",
         "Volunteers becoming professionals", frozenset({Category.VOLUNTEER})),
)

FLOW_BY_NAME: dict[str, Flow] = {f.name: f for f in FLOWS}

STOCK_LABELS: dict[str, tuple[str, str]] = {
    OPENING: ("Bezetting aanvang", "Opening stock"),
    CLOSING: ("Bezetting einde", "Closing stock"),
    NET: ("Saldo", "Net change"),
}


def label(name: str, lang: str = "nl") -> str:
    """The report label of a flow or stock name in ``lang`` ('nl' or 'en')."""
    if name in FLOW_BY_NAME:
        return FLOW_BY_NAME[name].label(lang)
    if name in STOCK_LABELS:
        nl, en = STOCK_LABELS[name]
        return en if lang == "en" else nl
    raise KeyError(f"no label for {name!r}")


def published_flow(name: str) -> str:
    """The flow a detailed flow rolls up into in the published realisation tables."""
    flow = FLOW_BY_NAME[name]
    return flow.parent if flow.parent is not None else flow.name
