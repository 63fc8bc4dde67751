"""The published table layouts: which columns, in which order, with which headers.

Headers are exactly as printed in the half-yearly letter (Eerste halfjaarbericht
politie 2022, bijlage 2, tabel 1 and 2), including their odd punctuation, so a
table rendered from a ledger looks like the one parliament received. The reader
matches these headers too, with case and punctuation ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sterkte.ledger.glossary import CLOSING, NET, OPENING, Category, label
from sterkte.ledger.periods import Period


@dataclass(frozen=True)
class Column:
    key: str  # 'opening', a flow name, 'net' or 'closing'
    header_nl: str  # as printed; '{opening_date}'/'{closing_date}' filled in per period
    header_en: str

    def header(self, lang: str, period: Period | None = None) -> str:
        text = self.header_en if lang == "en" else self.header_nl
        if period is not None:
            opening = date.fromordinal(period.start.toordinal() - 1)
            text = text.format(opening_date=_date_label(opening, lang),
                               closing_date=_date_label(period.end, lang))
        return text


@dataclass(frozen=True)
class TableLayout:
    name: str
    category: Category
    title_nl: str
    title_en: str
    columns: tuple[Column, ...]
    unit_header_nl: str = "Eenheid"
    unit_header_en: str = "Unit"

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_nl

    def unit_header(self, lang: str) -> str:
        return self.unit_header_en if lang == "en" else self.unit_header_nl

    @property
    def flow_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns if c.key not in (OPENING, NET, CLOSING))


def _date_label(d: date, lang: str) -> str:
    return f"{d.day:02d}-{d.month:02d}-{d.year}" if lang != "en" else d.isoformat()


def _col(key: str, header_nl: str) -> Column:
    return Column(key, header_nl, label(key, "en"))


_OPENING = Column(OPENING, "{opening_date}", "{opening_date}")
_CLOSING = Column(CLOSING, "{closing_date}", "{closing_date}")

OS_TABLE = TableLayout(
    name="os",
    category=Category.OS,
    title_nl="TABEL 1: OPERATIONELE STERKTE (EXCL. ASP) in Fte's",
    title_en="TABLE 1: OPERATIONAL STRENGTH (EXCL. TRAINEES) in fte",
    columns=(
        _OPENING,
        _col("lateral_entry", "Zij-instroom"),
        _col("graduated_in", "Afgestudeerd. + instroom in oper. functie"),
        _col("transfer_other", "Doorstroom Overig"),
        _col("outflow", "Uitstroom"),
        _col("working_time", "Werktijd- effect"),
        _col(NET, "Saldo"),
        _CLOSING,
    ),
)

ASP_TABLE = TableLayout(
    name="asp",
    category=Category.ASP,
    title_nl="TABEL 2: ASPIRANTEN in Fte's",
    title_en="TABLE 2: TRAINEES (ASPIRANTS) in fte",
    columns=(
        _OPENING,
        _col("intake", "Instroom in opleiding"),
        _col("transfer_in", "Inkomende doorstroom"),
        _col("graduated_or_transfer_out", "Afgestudeerd. + uitgaande doorstroom"),
        _col("dropout", "Uitval"),
        _col("working_time", "Werktijd-effect"),
        _col(NET, "Saldo"),
        _CLOSING,
    ),
)

LAYOUTS: dict[str, TableLayout] = {"os": OS_TABLE, "asp": ASP_TABLE}
LAYOUT_BY_CATEGORY: dict[Category, TableLayout] = {t.category: t for t in LAYOUTS.values()}
