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
    """``status`` is the analyst's (or the letters' register's) reading, recorded by
    ``status_by`` on ``status_on``; ``decided_by`` names the figures that decide it
    instead where they can (:func:`decide`)."""

    id: str
    kind: Kind
    text: str
    made_on: dt.date | None  # None: the letters do not say
    minister: str
    due: str  # a date or a recurring moment ('every half-yearly letter'), as given
    status: Status
    recurring: bool = False
    reference: Reference | None = None  # the parliamentary paper, where the letter gives it
    answered_in: str = ""  # where the latest answer stands
    answered_by: tuple[str, ...] = ()  # 'norm:volunteers', 'report:formatie-bezetting', …
    related: tuple[str, ...] = ()  # ids of related commitments
    sources: tuple[str, ...] = field(default_factory=tuple)
    text_nl: str = ""  # the commitment summarised in Dutch, in sterkte's own words
    due_nl: str = ""  # the due moment in Dutch, when ``due`` is words ('elk half jaar')
    decided_by: tuple[str, ...] = ()  # 'norm:NAME', 'earmark:PROGRAMME', 'target:NAME'
    status_by: str = ""  # who recorded ``status``
    status_on: dt.date | None = None  # and when

    def text_in(self, lang: str) -> str:
        """The text in ``lang``: Dutch when the register has it, else the text as given."""
        return self.text_nl if lang == "nl" and self.text_nl else self.text

    def due_in(self, lang: str) -> str:
        return self.due_nl if lang == "nl" and self.due_nl else self.due


@dataclass(frozen=True)
class Evidence:
    """A figure against its target that can decide a commitment: ``met`` (None when the
    figure is unknown) and a short description of value and target."""

    met: bool | None
    detail: str


@dataclass(frozen=True)
class Decision:
    commitment: Commitment
    status: Status
    by_data: bool  # decided by the figures, not the recorded reading
    evidence: tuple[tuple[str, Evidence], ...] = ()


def decide(c: Commitment, evidence: dict[str, Evidence]) -> Decision:
    """The status the figures decide: every rule of ``decided_by`` met → Voldaan, some →
    Deels voldaan, none → Openstaand. Where a rule's figure is unknown (or the commitment
    has no rules), the recorded status stands: the data never guesses."""
    found = tuple((rule, evidence[rule]) for rule in c.decided_by if rule in evidence)
    if not c.decided_by or len(found) < len(c.decided_by) or any(
            e.met is None for _, e in found):
        return Decision(c, c.status, False, found)
    met = sum(1 for _, e in found if e.met)
    status = (Status.VOLDAAN if met == len(found) else
              Status.DEELS_VOLDAAN if met else Status.OPENSTAAND)
    return Decision(c, status, True, found)


def with_status(register: list[Commitment], statuses: set[Status] | None) -> list[Commitment]:
    if not statuses:
        return list(register)
    return [c for c in register if c.status in statuses]
