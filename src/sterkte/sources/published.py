"""Read a published capacity table (OS or ASP per unit) into a ledger.

The result is the ledger *as printed* — one cell per unit, plus the printed
total row as the national unit — and every inconsistency in the table: a row
whose flows do not sum to its saldo, a row where opening + saldo ≠ closing, a
column whose units do not sum to the total row. Inconsistencies are listed,
never fixed and never fatal. Anything that is not a readable table raises
:class:`~sterkte.errors.InputError` naming file, row and column.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sterkte.errors import InputError, Msg, Problem
from sterkte.ledger import CLOSING, NET, OPENING, Category, Ledger, Period, PeriodKind
from sterkte.ledger.layouts import LAYOUT_BY_CATEGORY, TableLayout
from sterkte.org import NATIONAL, OrgTree, UnitKind, national_police, normalise_name
from sterkte.sources.numbers import (
    EXPECTED,
    NumberFormat,
    TooLarge,
    detect_format,
    parse_number,
)
from sterkte.sources.spreadsheet import CellValue, read_sheet

UNIT_HEADERS = {"eenheid", "unit", "eenheden", "units"}
_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$|^(\d{4})-(\d{2})-(\d{2})$")

ROW_FLOWS = "flows = saldo"
ROW_STOCKS = "opening + saldo = closing"
COLUMN_TOTAL = "units = total"


@dataclass(frozen=True)
class Inconsistency:
    """A place where the printed figures do not add up.

    ``found`` is the printed figure, ``expected`` what the other printed figures
    make it; ``terms`` counts the rounded cells involved, so a difference of at
    most 0.5 fte per term can be explained by rounding each cell.
    """

    unit: str  # unit as printed (the total row's label for the total)
    column: str  # header as printed
    check: str  # ROW_FLOWS, ROW_STOCKS or COLUMN_TOTAL
    expected: float
    found: float
    terms: int

    @property
    def difference(self) -> float:
        return self.found - self.expected

    @property
    def is_rounding(self) -> bool:
        return abs(self.difference) <= 0.5 * self.terms + 1e-9


@dataclass
class PublishedTable:
    path: Path
    layout: TableLayout
    period: Period
    ledger: Ledger
    units: list[str]  # unit codes in the order printed (the total row as NATIONAL)
    inconsistencies: list[Inconsistency]
    checksum: str
    number_format: NumberFormat
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def category(self) -> Category:
        return self.layout.category


def _column_keys(layout: TableLayout) -> dict[str, str]:
    """Normalised header → column key, for every way a column may be headed."""
    from sterkte.ledger.glossary import FLOW_BY_NAME, STOCK_LABELS

    out: dict[str, str] = {}
    for col in layout.columns:
        names = [col.key, col.header_nl, col.header_en]
        if col.key in FLOW_BY_NAME:
            f = FLOW_BY_NAME[col.key]
            names += [f.label_nl, f.label_en]
        if col.key in STOCK_LABELS:
            names += list(STOCK_LABELS[col.key])
        for n in names:
            if "{" not in n:
                out.setdefault(normalise_name(n), col.key)
    return out


def _is_header(cells: Sequence[CellValue]) -> bool:
    return bool(cells) and isinstance(cells[0], str) and normalise_name(cells[0]) in UNIT_HEADERS


def _parse_date(text: str) -> date | None:
    m = _DATE.match(text.strip())
    if not m:
        return None
    try:
        if m.group(1):
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return date(int(m.group(4)), int(m.group(5)), int(m.group(6)))
    except ValueError:
        return None


def _period_between(opening: date, closing: date) -> Period | None:
    """The period that starts the day after ``opening`` and ends on ``closing``."""
    start = opening + timedelta(days=1)
    if start.day != 1:
        return None
    for kind in (PeriodKind.YEAR, PeriodKind.HALF, PeriodKind.TERTIAL, PeriodKind.MONTH):
        p = Period.month(start.year, start.month).containing(kind)
        if p.start == start and p.end == closing:
            return p
    return None


def read_published_table(
    path: str | Path,
    *,
    category: Category | None = None,
    year: int | None = None,
    number_format: NumberFormat = NumberFormat.AUTO,
    sheet: str | None = None,
    tree: OrgTree | None = None,
) -> PublishedTable:
    """Read one published OS or ASP table. See the module docstring."""
    path = Path(path)
    name = str(path)
    tree = tree or national_police()
    grid = read_sheet(path, sheet, looks_like_header=_is_header)

    header_at = next((i for i, (_, cells) in enumerate(grid.rows[:20]) if _is_header(cells)),
                     None)
    if header_at is None:
        raise InputError.at(name, Msg(
            "geen capaciteitstabel: geen kopregel gevonden waarvan de eerste kolom 'Eenheid' "
            "(of 'unit') is",
            "not a capacity table: found no header row whose first "
            "column is 'Eenheid' (or 'unit')"))
    header_row, header = grid.rows[header_at]
    headers = [str(h) if h is not None else "" for h in header]
    while headers and headers[-1] == "":
        headers.pop()

    layout, keys, period = _match_columns(name, header_row, headers, category, year, path)

    # Values: decide the number format once for the file.
    body = [(r, cells) for r, cells in grid.rows[header_at + 1:]
            if any(c not in (None, "") for c in cells)]
    if not body:
        raise InputError.at(name, Msg("de tabel heeft een kopregel maar geen rijen met eenheden",
                                      "the table has a header but no rows of units"),
                            row=header_row)
    fmt = number_format
    if fmt is NumberFormat.AUTO:
        texts = [c for _, cells in body for c in cells[1:len(headers)] if isinstance(c, str)]
        fmt, conflict = detect_format(texts)
        if conflict is not None:
            r, col = _locate(body, headers, conflict)
            raise InputError.at(name, Msg(
                f"mengt getalnotaties: {conflict!r} is gewoon terwijl andere cellen een "
                "decimale komma gebruiken; verwacht één notatie per bestand (of geef "
                "--number-format)",
                f"mixes number formats: {conflict!r} is plain while other "
                "cells use a decimal comma; expected one format per file "
                "(or pass --number-format)"), row=r, field=col)

    ledger = Ledger()
    units: list[str] = []
    seen: dict[str, int] = {}
    values_by_unit: dict[str, dict[str, float]] = {}
    printed: dict[str, str] = {}
    total_seen = False
    for r, cells in body:
        label = cells[0]
        if label is None or (isinstance(label, str) and not label):
            raise InputError.at(name, Msg("een rij zonder naam van een eenheid",
                                          "a row without a unit name"), row=r, field=headers[0])
        label = str(label)
        rest = cells[1:len(headers)]
        if total_seen and all(c in (None, "") for c in rest):
            continue  # a footnote under the table
        unit = tree.find(label)
        if unit is None or unit.kind in (UnitKind.DISTRICT, UnitKind.TEAM):
            known = ", ".join(u.name for u in tree.of_kind(*_reporting_kinds()))
            raise InputError.at(name, Msg(
                f"onbekende eenheid {label!r}: verwacht een van {known}, of Totaal",
                f"unknown unit {label!r}: expected one of {known}, or Totaal"),
                row=r, field=headers[0])
        if unit.code in seen:
            raise InputError.at(name, Msg(
                f"eenheid {label!r} komt twee keer voor (ook in rij {seen[unit.code]})",
                f"unit {label!r} appears twice (also in row {seen[unit.code]})"),
                row=r, field=headers[0])
        seen[unit.code] = r
        if unit.code == NATIONAL:
            total_seen = True
        if len(cells) > len(headers) and any(c not in (None, "") for c in cells[len(headers):]):
            raise InputError.at(name, Msg("de rij heeft meer cellen dan de kopregel kolommen",
                                          "the row has more cells than the header has columns"),
                                row=r)
        values: dict[str, float] = {}
        for i, key in enumerate(keys, start=1):
            raw = cells[i] if i < len(cells) else None
            try:
                values[key] = parse_number(raw, fmt)
            except TooLarge as exc:
                raise InputError.at(name, exc.msg, row=r, field=headers[i]) from None
            except ValueError:
                raise InputError.at(name, Msg(
                    f"{raw!r} is geen getal: verwacht {EXPECTED[fmt].nl}",
                    f"{raw!r} is not a number: expected {EXPECTED[fmt].en}"),
                    row=r, field=headers[i]) from None
        for key, v in values.items():
            ledger.set(period, unit.code, layout.category, key, v)
        units.append(unit.code)
        values_by_unit[unit.code] = values
        printed[unit.code] = label

    header_of = {key: headers[i] for i, key in enumerate(keys, start=1)}
    incons = _inconsistencies(layout, keys, units, values_by_unit, printed, header_of)
    return PublishedTable(path, layout, period, ledger, units, incons, grid.checksum, fmt,
                          grid.sheet)


def _reporting_kinds() -> tuple[UnitKind, ...]:
    return (UnitKind.REGIONAL_UNIT, UnitKind.NATIONAL_UNIT, UnitKind.STAFF, UnitKind.SERVICE)


def _locate(body: list[tuple[int, list[CellValue]]], headers: list[str],
            value: str) -> tuple[int | None, str | None]:
    for r, cells in body:
        for i, c in enumerate(cells):
            if c == value:
                return r, headers[i] if i < len(headers) else None
    return None, None


def _match_columns(
    name: str, row: int, headers: list[str], category: Category | None, year: int | None,
    path: Path,
) -> tuple[TableLayout, list[str], Period]:
    """The layout, the key of each value column (in file order) and the period."""
    value_headers = headers[1:]
    dates = {i: d for i, h in enumerate(value_headers) if (d := _parse_date(h))}
    candidates = [LAYOUT_BY_CATEGORY[category]] if category else list(LAYOUT_BY_CATEGORY.values())
    best: tuple[int, TableLayout] | None = None
    for layout in candidates:
        known = _column_keys(layout)
        score = sum(1 for h in value_headers if normalise_name(h) in known)
        if best is None or score > best[0]:
            best = (score, layout)
    assert best is not None
    layout = best[1]
    known = _column_keys(layout)

    keys: list[str] = []
    for i, h in enumerate(value_headers):
        if i in dates:
            keys.append(OPENING if dates[i] == min(dates.values()) else CLOSING)
            continue
        key = known.get(normalise_name(h))
        if key is None:
            expected = ", ".join(c.header_nl for c in layout.columns if "{" not in c.header_nl)
            raise InputError.at(name, Msg(
                f"onbekende kolom {h!r} voor de {layout.name.upper()}-tabel: verwacht de begin- "
                f"en einddatum en {expected}",
                f"unknown column {h!r} for the {layout.name.upper()} "
                f"table: expected the opening and closing dates and "
                f"{expected}"), row=row, field=h or f"{i + 2}")
        keys.append(key)
    problems = []
    for i, k in enumerate(keys):
        if keys.index(k) != i:
            problems.append(Problem(name, row, value_headers[i],
                                    Msg(f"kolom {k!r} komt twee keer voor",
                                        f"column {k!r} appears twice")))
    required = [c.key for c in layout.columns if c.key != NET]
    for k in required:
        if k not in keys:
            col = next(c for c in layout.columns if c.key == k)
            if "{" in col.header_nl:
                hint = Msg("31-12-JJJJ of 'opening'/'closing'", "31-12-YYYY or 'opening'/'closing'")
            else:
                hint = Msg(repr(col.header_nl), repr(col.header_nl))
            problems.append(Problem(name, row, None, Msg(
                f"kolom {k!r} ontbreekt (met kop {hint.nl})",
                f"missing column {k!r} (headed {hint.en})")))
    if problems:
        raise InputError(problems)

    if len(dates) == 2:
        opening_date, closing_date = sorted(dates.values())
        period = _period_between(opening_date, closing_date)
        if period is None:
            raise InputError.at(name, Msg(
                f"de kolommen {opening_date:%d-%m-%Y} en {closing_date:%d-%m-%Y} begrenzen "
                "geen maand, tertiaal, halfjaar of jaar",
                f"the columns {opening_date:%d-%m-%Y} and "
                f"{closing_date:%d-%m-%Y} do not bound a month, tertial, "
                "half-year or year"), row=row)
        if year is not None and period.year != year:
            raise InputError.at(name, Msg(
                f"--year {year} past niet bij de datums van de tabel ({period})",
                f"--year {year} does not match the table's dates ({period})"), row=row)
    else:
        if year is None:
            m = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", path.name)
            if not m:
                raise InputError.at(name, Msg(
                    "het jaar is niet te bepalen: zet datums boven de kolommen van de stand "
                    "(31-12-2020, 31-12-2021), zet het jaar in de bestandsnaam, of geef --year",
                    "cannot tell the year: head the stock columns with "
                    "dates (31-12-2020, 31-12-2021), put the year in the "
                    "file name, or pass --year"), row=row)
            year = int(m.group(1))
        period = Period.of_year(year)
    return layout, keys, period


def _inconsistencies(
    layout: TableLayout, keys: list[str], units: list[str], values: dict[str, dict[str, float]],
    printed: dict[str, str], header_of: dict[str, str],
) -> list[Inconsistency]:
    out: list[Inconsistency] = []
    flows = [k for k in keys if k not in (OPENING, NET, CLOSING)]
    for u in units:
        v = values[u]
        if NET in v:
            s = math.fsum(v[k] for k in flows)
            if abs(s - v[NET]) > 1e-9:
                out.append(Inconsistency(printed[u], header_of[NET], ROW_FLOWS, s, v[NET],
                                         len(flows) + 1))
            net = v[NET]
        else:
            net = math.fsum(v[k] for k in flows)
        expected = v[OPENING] + net
        if abs(expected - v[CLOSING]) > 1e-9:
            out.append(Inconsistency(printed[u], header_of[CLOSING], ROW_STOCKS, expected,
                                     v[CLOSING], 3 if NET in v else len(flows) + 2))
    if NATIONAL in values:
        parts = [u for u in units if u != NATIONAL]
        for k in keys:
            s = math.fsum(values[u][k] for u in parts)
            if abs(s - values[NATIONAL][k]) > 1e-9:
                out.append(Inconsistency(printed[NATIONAL], header_of[k], COLUMN_TOTAL, s,
                                         values[NATIONAL][k], len(parts) + 1))
    return out
