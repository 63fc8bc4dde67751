"""The published prognosis layout: Tabel 3 (OS), Tabel 4 (ASP), Tabel 5 (total).

Rows and labels exactly as printed in the prognosis annex of the half-yearly letter
(Eerste halfjaarbericht politie 2022, bijlage 2, tabellen 3–5); columns
``Realisatie Y | Prognose Y | Y+1 | … | Y+5`` (Tabel 5 heads its second column plain
``Y``). A prognosis year opens with the previous year's *prognosed* closing stock.
``name`` is the ledger's flow name (or ``opening``/``closing``); ``aliases`` are other
names a row goes by (the reference files' English names).
"""

from __future__ import annotations

from dataclasses import dataclass

from sterkte.ledger.glossary import CLOSING, OPENING, Category


@dataclass(frozen=True)
class Row:
    table: str
    category: Category | None  # None: OS + ASP (Tabel 5)
    name: str  # flow name, or opening/closing
    label_nl: str
    label_en: str
    aliases: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_nl


T3 = "Tabel 3: Prognose operationele bezetting exclusief aspiranten in fte"
T4 = "Tabel 4: Prognose bezetting aspiranten in fte"
T5 = "Tabel 5: Prognose totale operationele bezetting in fte"
OS, ASP = Category.OS, Category.ASP

PROGNOSIS_ROWS: tuple[Row, ...] = (
    Row(T3, OS, OPENING, "Bezetting OS aanvang boekjaar", "OS at start of year"),
    Row(T3, OS, "graduated_in", "Instroom uit opleiding", "Graduates from the academy"),
    Row(T3, OS, "lateral_entry", "Zijinstroom", "Lateral entry"),
    Row(T3, OS, "working_time", "Werktijdwijziging", "Working-time effect"),
    Row(T3, OS, "transfer_nos_to_os", "Doorstroom NOS -> OS", "Transfer NOS → OS"),
    Row(T3, OS, "transfer_os_to_nos", "Doorstroom OS -> NOS", "Transfer OS → NOS"),
    Row(T3, OS, "transfer_to_training", "Doorstroom naar opleiding", "Transfer to training"),
    Row(T3, OS, "outflow_planned", "Voorziene uitstroom", "Planned outflow",
        ("planned_outflow",)),
    Row(T3, OS, "outflow_unplanned", "Onvoorziene uitstroom", "Unplanned outflow",
        ("unplanned_outflow",)),
    Row(T3, OS, CLOSING, "Bezetting OS einde boekjaar", "OS at end of year"),
    Row(T4, ASP, OPENING, "Bezetting ASP aanvang boekjaar", "Trainees at start of year"),
    Row(T4, ASP, "intake", "Instroom in opleiding", "Academy intake"),
    Row(T4, ASP, "transfer_in", "Inkomende doorstroom", "Incoming transfers"),
    Row(T4, ASP, "working_time", "Werktijdwijziging", "Working-time effect"),
    Row(T4, ASP, "dropout", "Uitval", "Dropout"),
    Row(T4, ASP, "graduated_out", "Uitstroom uit opleiding", "Graduated"),
    Row(T4, ASP, CLOSING, "Bezetting ASP einde boekjaar", "Trainees at end of year"),
    Row(T5, None, OPENING, "Bezetting aanvang boekjaar", "Total at start of year"),
    Row(T5, None, CLOSING, "Bezetting einde boekjaar", "Total at end of year"),
)

TABLES: dict[str, tuple[str, Category | None]] = {T3: ("3", OS), T4: ("4", ASP),
                                                  T5: ("5", None)}
"""Title → (table number, category; None for the total of OS and ASP)."""


def rows_of(table: str) -> tuple[Row, ...]:
    """The rows of one table (by its title), in printed order."""
    return tuple(r for r in PROGNOSIS_ROWS if r.table == table)
