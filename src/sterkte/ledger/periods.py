"""Periods: months are the unit of time; tertials, half-years and years aggregate them.

A period is a closed range of whole months. Its *opening* stock is the stock
at the start of its first month (for the year 2021: 31-12-2020 end of day),
its *closing* stock the stock at the end of its last month (31-12-2021).
Text form: ``2021-03`` (month), ``2021-T1`` (tertial), ``2021-H2`` (half-year),
``2021`` (year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import total_ordering


class PeriodKind(StrEnum):
    MONTH = "month"
    TERTIAL = "tertial"
    HALF = "half"
    YEAR = "year"


_MONTHS = {PeriodKind.MONTH: 1, PeriodKind.TERTIAL: 4, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}
_PATTERN = re.compile(r"^(\d{4})(?:-(?:(\d{2})|T([1-3])|H([12])))?$")


@total_ordering
@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    year: int
    index: int  # 1-based position within the year (month 1–12, tertial 1–3, half 1–2, year 1)

    def __post_init__(self) -> None:
        if not 1 <= self.index <= 12 // _MONTHS[self.kind]:
            raise ValueError(f"{self.kind} index {self.index} out of range")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(PeriodKind.MONTH, year, month)

    @classmethod
    def of_year(cls, year: int) -> Period:
        return cls(PeriodKind.YEAR, year, 1)

    @classmethod
    def parse(cls, text: str) -> Period:
        m = _PATTERN.match(text.strip())
        if not m:
            raise ValueError(
                f"not a period: {text!r} (expected 2021, 2021-H1, 2021-T2 or 2021-03)"
            )
        year = int(m.group(1))
        if m.group(2):
            return cls(PeriodKind.MONTH, year, int(m.group(2)))
        if m.group(3):
            return cls(PeriodKind.TERTIAL, year, int(m.group(3)))
        if m.group(4):
            return cls(PeriodKind.HALF, year, int(m.group(4)))
        return cls.of_year(year)

    def __str__(self) -> str:
        if self.kind is PeriodKind.MONTH:
            return f"{self.year}-{self.index:02d}"
        if self.kind is PeriodKind.TERTIAL:
            return f"{self.year}-T{self.index}"
        if self.kind is PeriodKind.HALF:
            return f"{self.year}-H{self.index}"
        return str(self.year)

    @property
    def first_month(self) -> int:
        """Absolute month number (year*12 + month-1) of the first month."""
        return self.year * 12 + (self.index - 1) * _MONTHS[self.kind]

    @property
    def last_month(self) -> int:
        return self.first_month + _MONTHS[self.kind] - 1

    @property
    def months(self) -> list[Period]:
        return [Period.month(m // 12, m % 12 + 1) for m in range(self.first_month,
                                                                 self.last_month + 1)]

    @property
    def start(self) -> date:
        return date(self.first_month // 12, self.first_month % 12 + 1, 1)

    @property
    def end(self) -> date:
        """Last day of the period (the date a closing stock is reported on)."""
        nxt = self.last_month + 1
        return date.fromordinal(date(nxt // 12, nxt % 12 + 1, 1).toordinal() - 1)

    def containing(self, kind: PeriodKind) -> Period:
        """The period of ``kind`` that contains this one (e.g. the tertial of a month)."""
        if _MONTHS[kind] < _MONTHS[self.kind]:
            raise ValueError(f"a {self.kind} does not fit in a {kind}")
        month0 = (self.index - 1) * _MONTHS[self.kind]
        return Period(kind, self.year, month0 // _MONTHS[kind] + 1)

    def next(self) -> Period:
        n = self.last_month + 1
        return Period(self.kind, n // 12, (n % 12) // _MONTHS[self.kind] + 1)

    def _sort_key(self) -> tuple[int, int]:
        return (self.first_month, _MONTHS[self.kind])

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() < other._sort_key()
