"""The register of commitments (toezeggingen) and motions (moties) on capacity.

Modelled on the Tweede Kamer open-data schema for toezeggingen: a number, the
text, the date it was made, the minister, a due date, a status from the
Kamer's list, and relations (what answers it, which commitments it relates to).
Each commitment may point to the norm or the report section that answers it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from sterkte.norms.references import Reference


class Status(StrEnum):
    OPENSTAAND = "Openstaand"
    VOLDAAN = "Voldaan"
    DEELS_VOLDAAN = "Deels voldaan"
    VERVALLEN = "Vervallen"
    AFGEDAAN = "Afgedaan"
    DEELS_AFGEDAAN = "Deels afgedaan"


STATUS_EN = {
    Status.OPENSTAAND: "Open",
    Status.VOLDAAN: "Fulfilled",
    Status.DEELS_VOLDAAN: "Partly fulfilled",
    Status.VERVALLEN: "Lapsed",
    Status.AFGEDAAN: "Closed",
    Status.DEELS_AFGEDAAN: "Partly closed",
}


class Kind(StrEnum):
    TOEZEGGING = "toezegging"
    MOTIE = "motie"


@dataclass(frozen=True)
class Commitment:
    id: str
    kind: Kind
    text: str
    made_on: dt.date
    minister: str
    due: str  # a date or a recurring moment ('every half-yearly letter'), as given
    status: Status
    recurring: bool = False
    reference: Reference | None = None  # the parliamentary paper (for motions)
    answered_in: str = ""  # where the latest answer stands
    answered_by: tuple[str, ...] = ()  # 'norm:volunteers', 'report:formatie-bezetting', …
    related: tuple[str, ...] = ()  # ids of related commitments
    sources: tuple[str, ...] = field(default_factory=tuple)
    text_nl: str = ""  # the text in Dutch, when the register gives it beside ``text``
    due_nl: str = ""  # the due moment in Dutch, when ``due`` is words ('elk half jaar')

    def text_in(self, lang: str) -> str:
        """The text in ``lang``: Dutch when the register has it, else the text as given."""
        return self.text_nl if lang == "nl" and self.text_nl else self.text

    def due_in(self, lang: str) -> str:
        return self.due_nl if lang == "nl" and self.due_nl else self.due


def with_status(register: list[Commitment], statuses: set[Status] | None) -> list[Commitment]:
    if not statuses:
        return list(register)
    return [c for c in register if c.status in statuses]
