"""Read the police's own prognosis: Tabel 3 (OS), Tabel 4 (ASP) and Tabel 5 (total) of the
half-yearly letter, as a user copies them from the letter into a spreadsheet.

Accepted, in CSV (``;``, ``,`` or tab) or XLSX, one or more tables per file:

- *as printed*: an optional title line (``Tabel 3: Prognose operationele bezetting …``),
  a header ``| Realisatie 2021 | Prognose 2021 | 2022 | … | 2026`` (Tabel 5 heads its
  second column plain ``2021``: accepted), the Dutch row labels down the first column
  (:mod:`sterkte.ledger.prognosis_layout`; the English labels and names are accepted
  too), numbers in Dutch format (``46.174``, ``-1.701``) or plain;
- *long*: the reference files' layout ``table,category,row,realisation_2021,
  prognosis_2021[,prognosis_2022…]`` with the English row names.

Each table is checked, never fixed: in every column opening + flows = closing (Tabels 3
and 4); each prognosis year opens with the previous year's *prognosed* closing; the
realised opening equals the prognosed opening of the same year; Tabel 5 = Tabel 3 +
Tabel 4 (:func:`cross_check`, when the tables are read together). Findings are
:class:`~sterkte.sources.published.Inconsistency` records, as for tables 1 and 2.

Outflows are negative in the letter. A table whose every column adds up only when its
outflow rows are read as negative (the magnitudes were copied) is read so, with a note.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from sterkte.errors import InputError, Msg, Problem
from sterkte.ledger import CLOSING, OPENING, Category, Ledger, Period
from sterkte.ledger.prognosis_layout import PROGNOSIS_ROWS, TABLES, Row, rows_of
from sterkte.org import NATIONAL, normalise_name
from sterkte.records.imports import Vintage
from sterkte.sources.numbers import (
    EXPECTED,
    NumberFormat,
    TooLarge,
    detect_format,
    parse_number,
)
from sterkte.sources.published import Inconsistency
from sterkte.sources.spreadsheet import CellValue, read_sheet

ROW_IDENTITY = "opening + flows = closing"
YEAR_CHAIN = "opening = previous year's prognosed closing"
REALISED_OPENING = "realised opening = prognosed opening"
TOTAL = "Tabel 5 = Tabel 3 + Tabel 4"

OUTFLOWS = frozenset({"transfer_os_to_nos", "transfer_to_training", "outflow_planned",
                      "outflow_unplanned", "dropout", "graduated_out"})
_YEAR = re.compile(r"^(?:(realisatie|realisation|realised|prognose|prognosis)\s*)?"
                   r"((?:19|20)\d\d)$", re.IGNORECASE)
_LONG = re.compile(r"^(realisation|prognosis)_((?:19|20)\d\d)$")
_TITLE = re.compile(r"^(?:tabel|table)\s*([345])(?![0-9])", re.IGNORECASE)
REALISED = "realisation"
PROGNOSED = "prognosis"


@dataclass
class PrognosisTable:
    """One prognosis table: the realised column (when printed) and the prognosis per year.

    Values are fte as printed (unrounded as read), keyed by the ledger's row name
    (``opening``, a flow, ``closing``); ``first_year`` is the year the prognosis was made
    for (its first prognosis column: made at the start of that year)."""

    path: Path
    title: str  # the table's title in the layout (T3, T4 or T5)
    number: str  # '3', '4' or '5'
    category: Category | None  # None for Tabel 5 (OS + ASP)
    realised_year: int | None
    realised: dict[str, float]
    prognosis: dict[int, dict[str, float]]
    checksum: str
    number_format: NumberFormat
    row: int = 0  # the header's row in the file
    inconsistencies: list[Inconsistency] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def first_year(self) -> int:
        return min(self.prognosis)

    @property
    def years(self) -> list[int]:
        return sorted(self.prognosis)

    @property
    def rows(self) -> tuple[Row, ...]:
        return rows_of(self.title)


def _labels() -> dict[str, dict[str, str]]:
    """Per table title: normalised label → row name."""
    out: dict[str, dict[str, str]] = {}
    for r in PROGNOSIS_ROWS:
        names = out.setdefault(r.table, {})
        for text in (r.label_nl, r.label_en, r.name, *r.aliases):
            names[_norm(text)] = r.name
    return out


def _norm(text: str) -> str:
    return normalise_name(text.replace("->", " ").replace("→", " ").replace("-", " "))


LABELS = _labels()


def _text(cell: CellValue) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else str(cell)
    return cell.strip()


def _year_header(cell: CellValue) -> tuple[str | None, int] | None:
    """('realisatie'|'prognose'|None, year) for a column header, or None."""
    m = _YEAR.match(" ".join(_text(cell).split()))
    if not m:
        return None
    word = m.group(1)
    kind = None if word is None else (REALISED if word.lower().startswith("realis") else PROGNOSED)
    return kind, int(m.group(2))


_WORD = re.compile(r"^(realisatie|realisation|realised|prognose|prognosis)\b", re.IGNORECASE)


def _is_header(cells: Sequence[CellValue]) -> bool:
    """A header names a Realisatie or Prognose column, or is only consecutive years."""
    texts = [_text(c) for c in cells[1:] if _text(c)]
    if any(_WORD.match(t) for t in texts):
        return True
    heads = [_year_header(t) for t in texts]
    if not heads or any(h is None for h in heads):
        return False
    years = [h[1] for h in heads if h is not None]
    return len(years) >= 2 and years == list(range(years[0], years[0] + len(years)))


def looks_like_prognosis(cells: Sequence[CellValue]) -> bool:
    """Whether a row is a prognosis table's header (wide or long layout)."""
    names = [_text(c).lower() for c in cells]
    return _is_header(cells) or names[:3] == ["table", "category", "row"]


def read_prognosis_tables(path: str | Path, *, sheet: str | None = None,
                          number_format: NumberFormat = NumberFormat.AUTO
                          ) -> list[PrognosisTable]:
    """Every prognosis table in ``path``. See the module docstring."""
    p = Path(path)
    grid = read_sheet(p, sheet, looks_like_header=looks_like_prognosis)
    rows = grid.rows
    first = next(((i, cells) for i, (_, cells) in enumerate(rows[:20]) if any(cells)), None)
    if first is not None and [_text(c).lower() for c in first[1][:3]] == \
            ["table", "category", "row"]:
        tables = _read_long(p, rows[first[0]:], grid.checksum, number_format)
    else:
        tables = _read_wide(p, rows, grid.checksum, number_format)
    for t in tables:
        _fix_signs(t)
        t.inconsistencies = _inconsistencies(t)
    cross = cross_check(tables)
    if cross and tables:
        tables[-1].inconsistencies.extend(cross)
    return tables


# -- the printed layout ---------------------------------------------------------------


def _read_wide(path: Path, rows: list[tuple[int, list[CellValue]]], checksum: str,
               number_format: NumberFormat) -> list[PrognosisTable]:
    name = str(path)
    headers = [i for i, (_, cells) in enumerate(rows) if _is_header(cells)]
    if not headers:
        raise InputError.at(name, Msg(
            "geen prognosetabel: geen kopregel gevonden met jaarkolommen zoals "
            "'Realisatie 2021 | Prognose 2021 | 2022'",
            "not a prognosis table: found no header row with year "
            "columns such as 'Realisatie 2021 | Prognose 2021 | 2022'"))
    # every row with figures belongs to a table: none may stand above the first header
    for r, cells in rows[:headers[0]]:
        if any(_text(c) for c in cells[1:]):
            raise InputError.at(name, Msg(
                "een rij met cijfers boven de kopregel van de tabel (verwacht een kopregel "
                "zoals 'Realisatie 2021 | Prognose 2021 | 2022')",
                "a row of figures above the table's header row "
                "(expected a header such as 'Realisatie 2021 | Prognose 2021 "
                "| 2022')"), row=r, field=_text(cells[0]) or None)
    out: list[PrognosisTable] = []
    for k, h in enumerate(headers):
        end = headers[k + 1] if k + 1 < len(headers) else len(rows)
        start = headers[k - 1] + 1 if k else 0
        title = _title_above(rows[start:h], rows[h][1])
        body = [(r, cells) for r, cells in rows[h + 1:end]
                if any(_text(c) for c in cells) and not _TITLE.match(_text(cells[0]))]
        out.append(_block(path, rows[h], body, title, checksum, number_format))
    return out


def _title_above(above: Sequence[tuple[int, list[CellValue]]], header: list[CellValue]
                 ) -> str | None:
    """The layout title named by a title line above the header (or in its first cell)."""
    for cells in [header, *(c for _, c in reversed(above))]:
        m = _TITLE.match(_text(cells[0]) if cells else "")
        if m:
            return next(t for t, (n, _) in TABLES.items() if n == m.group(1))
    return None


def _columns(name: str, row: int, header: list[CellValue]
             ) -> list[tuple[int, str, int]]:
    """(cell index, realisation|prognosis, year) of each year column, in order."""
    cols: list[tuple[int, str, int]] = []
    for i, cell in enumerate(header[1:], start=1):
        h = _year_header(cell)
        if h is None:
            if _text(cell):
                raise InputError.at(name, Msg(
                    f"kolom {i + 1}: verwacht een jaarkop zoals 'Realisatie 2021', "
                    f"'Prognose 2021' of '2022', gevonden {_text(cell)!r}",
                    f"column {i + 1}: expected a year heading such as "
                    f"'Realisatie 2021', 'Prognose 2021' or '2022', found "
                    f"{_text(cell)!r}"), row=row, field=_text(cell))
            continue
        kind, year = h
        cols.append((i, kind or PROGNOSED, year))
    realised = [c for c in cols if c[1] == REALISED]
    if len(realised) > 1:
        raise InputError.at(name, Msg("meer dan één kolom 'Realisatie'",
                                      "more than one 'Realisatie' column"), row=row)
    years = [y for _, kind, y in cols if kind == PROGNOSED]
    if not years:
        raise InputError.at(name, Msg("geen prognosekolommen ('Prognose 2021', '2022', …)",
                                      "no prognosis columns ('Prognose 2021', '2022', …)"),
                            row=row)
    if years != list(range(years[0], years[0] + len(years))):
        found = ", ".join(map(str, years))
        raise InputError.at(name, Msg(
            f"de prognosejaren moeten op elkaar volgen, gevonden {found}",
            f"prognosis years must follow each other, found {found}"), row=row)
    return cols


def _table_of(name: str, title: str | None, labels: list[tuple[int, str]]) -> str:
    """The table the labels belong to (the title's, else the one that knows them all)."""
    if title is not None:
        return title
    known = [t for t, names in LABELS.items() if all(_norm(lab) in names for _, lab in labels)]
    if len(known) == 1:
        return known[0]
    row, label = next(((r, lab) for r, lab in labels
                       if not any(_norm(lab) in n for n in LABELS.values())), labels[0])
    raise InputError.at(name, Msg(
        "niet te bepalen welke prognosetabel dit is (geef haar titelregel, bijv. 'Tabel 3: "
        "Prognose operationele bezetting …'); de rijnamen moeten die van Tabel 3, 4 of 5 zijn, "
        f"gevonden {label!r}",
        "cannot tell which prognosis table this is (give it its title "
        "line, e.g. 'Tabel 3: Prognose operationele bezetting …'); the row "
        f"labels must be those of Tabel 3, 4 or 5, found {label!r}"), row=row)


def _block(path: Path, header: tuple[int, list[CellValue]],
           body: list[tuple[int, list[CellValue]]], title: str | None, checksum: str,
           number_format: NumberFormat) -> PrognosisTable:
    name = str(path)
    hrow, hcells = header
    cols = _columns(name, hrow, hcells)
    if not body:
        raise InputError.at(name, Msg("de tabel heeft een kopregel maar geen rijen",
                                      "the table has a header but no rows"), row=hrow)
    labels = [(r, _text(cells[0]) if cells else "") for r, cells in body]
    table = _table_of(name, title, labels)
    known = LABELS[table]
    problems: list[Problem] = []
    fmt = number_format
    if fmt is NumberFormat.AUTO:
        texts = [c for _, cells in body for i, _, _ in cols if i < len(cells)
                 for c in [cells[i]] if isinstance(c, str)]
        fmt, _ = detect_format(texts)
    realised: dict[str, float] = {}
    prognosis: dict[int, dict[str, float]] = {y: {} for _, kind, y in cols if kind == PROGNOSED}
    seen: dict[str, int] = {}
    for r, cells in body:
        label = _text(cells[0]) if cells else ""
        key = known.get(_norm(label))
        if key is None:
            expected = ", ".join(repr(x.label_nl) for x in rows_of(table))
            number = table.split(':')[0]
            problems.append(Problem(name, r, label or None, Msg(
                f"geen rij van {number}; verwacht een van {expected}",
                f"not a row of {number}; expected one of {expected}")))
            continue
        if key in seen:
            problems.append(Problem(name, r, label, Msg(
                f"de rij komt twee keer voor (ook rij {seen[key]})",
                f"the row appears twice (also row {seen[key]})")))
            continue
        seen[key] = r
        for i, kind, year in cols:
            cell = cells[i] if i < len(cells) else None
            try:
                value = parse_number(cell, fmt)
            except TooLarge as exc:
                problems.append(Problem(name, r, _text(hcells[i]), exc.msg))
                continue
            except ValueError:
                problems.append(Problem(name, r, _text(hcells[i]), Msg(
                    f"verwacht {EXPECTED[fmt].nl}, gevonden {_text(cell)!r}",
                    f"expected {EXPECTED[fmt].en}, found {_text(cell)!r}")))
                continue
            if kind == REALISED:
                realised[key] = value
            else:
                prognosis[year][key] = value
    missing = [x.label_nl for x in rows_of(table) if x.name not in seen]
    if missing and not problems:
        listed = ", ".join(repr(m) for m in missing)
        problems.append(Problem(name, hrow, None, Msg(f"ontbrekende rij(en): {listed}",
                                                      f"missing row(s): {listed}")))
    if problems:
        raise InputError(problems)
    number, category = TABLES[table]
    realised_year = next((y for _, kind, y in cols if kind == REALISED), None)
    return PrognosisTable(path, table, number, category, realised_year, realised, prognosis,
                          checksum, fmt, row=hrow)


# -- the reference files' long layout -------------------------------------------------


def _read_long(path: Path, rows: list[tuple[int, list[CellValue]]], checksum: str,
               number_format: NumberFormat) -> list[PrognosisTable]:
    name = str(path)
    hrow, header = rows[0]
    heads = [_text(c).lower() for c in header]
    cols: list[tuple[int, str, int]] = []
    for i, h in enumerate(heads[3:], start=3):
        m = _LONG.match(h)
        if m is None:
            if h:
                raise InputError.at(name, Msg(
                    f"verwacht kolommen realisation_JJJJ of prognosis_JJJJ, gevonden {h!r}",
                    f"expected columns realisation_YYYY or "
                    f"prognosis_YYYY, found {h!r}"), row=hrow, field=h)
            continue
        cols.append((i, REALISED if m.group(1) == "realisation" else PROGNOSED,
                     int(m.group(2))))
    by_table: dict[str, list[tuple[int, list[CellValue]]]] = {}
    problems: list[Problem] = []
    for r, cells in rows[1:]:
        if not any(_text(c) for c in cells):
            continue
        m = _TITLE.match(_text(cells[0]))
        if m is None:
            problems.append(Problem(name, r, "table", Msg(
                f"verwacht 'Tabel 3', 'Tabel 4' of 'Tabel 5', gevonden {_text(cells[0])!r}",
                f"expected 'Tabel 3', 'Tabel 4' or "
                f"'Tabel 5', found {_text(cells[0])!r}")))
            continue
        title = next(t for t, (n, _) in TABLES.items() if n == m.group(1))
        by_table.setdefault(title, []).append((r, [cells[2], *cells[3:]] if len(cells) > 2
                                               else cells))
    if problems:
        raise InputError(problems)
    # the same rows as the printed layout: the row name first, then the year columns
    wide_header = ["", *(f"{'Realisatie' if k == REALISED else 'Prognose'} {y}"
                         for _, k, y in cols)]
    shifted = [(i - 2, k, y) for i, k, y in cols]
    out = []
    for title, body in by_table.items():
        body = [(r, [cells[0], *(cells[i] if i < len(cells) else None
                                 for i, _, _ in shifted)]) for r, cells in body]
        out.append(_block(path, (hrow, list(wide_header)), body, title, checksum,
                          number_format))
    return out


# -- checks ---------------------------------------------------------------------------


def _columns_of(t: PrognosisTable) -> list[tuple[str, dict[str, float]]]:
    cols = []
    if t.realised_year is not None and t.realised:
        cols.append((f"Realisatie {t.realised_year}", t.realised))
    cols += [(f"Prognose {y}", t.prognosis[y]) for y in t.years]
    return cols


def _identity_gap(values: dict[str, float], sign: float) -> float:
    flows = sum((sign if k in OUTFLOWS else 1.0) * v for k, v in values.items()
                if k not in (OPENING, CLOSING))
    return values.get(CLOSING, 0.0) - values.get(OPENING, 0.0) - flows


def _fix_signs(t: PrognosisTable) -> None:
    """Outflows copied as magnitudes: negate them when that, and only that, adds up."""
    if t.category is None:
        return
    cols = [v for _, v in _columns_of(t)]
    out = [k for k in OUTFLOWS if any(v.get(k, 0.0) > 0 for v in cols)]
    if not out:
        return
    n = len(t.rows)
    as_printed = all(abs(_identity_gap(v, 1.0)) <= 0.5 * n + 1e-9 for v in cols)
    negated = all(abs(_identity_gap(v, -1.0)) <= 0.5 * n + 1e-9 for v in cols)
    if negated and not as_printed:
        for v in cols:
            for k in OUTFLOWS & v.keys():
                v[k] = -abs(v[k])
        t.notes.append("outflow rows were printed without a minus sign; read as outflows "
                       "(negative)")


def _inconsistencies(t: PrognosisTable) -> list[Inconsistency]:
    out: list[Inconsistency] = []
    label = t.title.split(":")[0]
    if t.category is not None:
        for head, values in _columns_of(t):
            flows = [k for k in values if k not in (OPENING, CLOSING)]
            expected = values.get(OPENING, 0.0) + sum(values[k] for k in flows)
            found = values.get(CLOSING, 0.0)
            if abs(found - expected) > 1e-9:
                out.append(Inconsistency(label, head, ROW_IDENTITY, expected, found,
                                         len(flows) + 2))
    for a, b in zip(t.years, t.years[1:], strict=False):
        prev, cur = t.prognosis[a].get(CLOSING, 0.0), t.prognosis[b].get(OPENING, 0.0)
        if abs(prev - cur) > 1e-9:
            out.append(Inconsistency(label, f"Prognose {b}", YEAR_CHAIN, prev, cur, 2))
    if t.realised_year is not None and t.realised_year in t.prognosis and t.realised:
        want = t.prognosis[t.realised_year].get(OPENING, 0.0)
        got = t.realised.get(OPENING, 0.0)
        if abs(want - got) > 1e-9:
            out.append(Inconsistency(label, f"Realisatie {t.realised_year}", REALISED_OPENING,
                                     want, got, 2))
    return out


def cross_check(tables: Sequence[PrognosisTable]) -> list[Inconsistency]:
    """Tabel 5 against Tabel 3 + Tabel 4 of the same prognosis, column by column."""
    by_number = {t.number: t for t in tables}
    if not {"3", "4", "5"} <= by_number.keys():
        return []
    t3, t4, t5 = by_number["3"], by_number["4"], by_number["5"]
    out = []
    pairs = [(f"Prognose {y}", t3.prognosis.get(y), t4.prognosis.get(y), t5.prognosis[y])
             for y in t5.years]
    if t5.realised_year is not None:
        pairs.append((f"Realisatie {t5.realised_year}", t3.realised, t4.realised, t5.realised))
    for head, a, b, total in pairs:
        if a is None or b is None:
            continue
        for key in (OPENING, CLOSING):
            if key in total and key in a and key in b:
                expected = a[key] + b[key]
                if abs(expected - total[key]) > 1e-9:
                    out.append(Inconsistency(f"Tabel 5 ({key})", head, TOTAL, expected,
                                             total[key], 3))
    return out


def prognosis_ledger(tables: Sequence[PrognosisTable]) -> tuple[Ledger, Ledger]:
    """(prognosis, realisation) of Tabels 3 and 4 as national ledgers, one period a year."""
    prognosed, realised = Ledger(), Ledger()
    for t in tables:
        if t.category is None:
            continue
        for year, values in t.prognosis.items():
            for key, v in values.items():
                prognosed.set(Period.of_year(year), NATIONAL, t.category, key, v)
        if t.realised_year is not None:
            for key, v in t.realised.items():
                realised.set(Period.of_year(t.realised_year), NATIONAL, t.category, key, v)
    return prognosed, realised


def bundled_prognoses() -> list[tuple[Path, Vintage]]:
    """The police's prognoses shipped with sterkte (``data/prognoses.yaml``): each file
    with its vintage."""
    base = resources.files("sterkte.data")
    entries = yaml.safe_load(base.joinpath("prognoses.yaml").read_text(encoding="utf-8"))
    return [(Path(str(base.joinpath(e["file"]))),
             Vintage(str(e["vintage"]), " ".join(str(e["description"]).split()),
                     int(e["first_year"]), e.get("made_on")))
            for e in entries]
