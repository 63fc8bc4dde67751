"""Published tables in and out: read and check files — the stock–flow tables 1 and 2 per
unit and the police's prognosis tables 3–5 — import them into the store in one
transaction, and the ledger a table is drawn from (published, or derived from HR)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sterkte.errors import InputError, Msg, Problem
from sterkte.ledger import Category, Ledger, Period, PeriodKind
from sterkte.records.imports import ImportResult, Vintage
from sterkte.sources.numbers import NumberFormat
from sterkte.sources.prognosis import (
    PrognosisTable,
    bundled_prognoses,
    cross_check,
    looks_like_prognosis,
    read_prognosis_tables,
)
from sterkte.sources.published import PublishedTable, read_published_table
from sterkte.sources.spreadsheet import read_sheet
from sterkte.store.db import connect
from sterkte.store.hr import derived_ledger
from sterkte.store.ledgers import bundled_dataset, import_published_tables, load_ledger
from sterkte.store.prognoses import PrognosisFile


@dataclass(frozen=True)
class ReadOptions:
    """How to read published tables (defaults: told by the files themselves)."""

    category: Category | None = None
    year: int | None = None
    number_format: NumberFormat = NumberFormat.AUTO
    sheet: str | None = None
    vintage: str | None = None  # the prognosis a prognosis table belongs to
    description: str | None = None  # what that prognosis is (e.g. the letter)


@dataclass
class ReadFiles:
    """What a set of files holds: published tables 1–2, prognosis files (tables 3–5)."""

    published: list[PublishedTable]
    prognoses: list[PrognosisFile]

    @property
    def prognosis_tables(self) -> list[PrognosisTable]:
        return [t for f in self.prognoses for t in f.tables]


def files_or_bundled(files: list[Path] | None) -> list[Path]:
    """The files given, else the bundled published 2021 tables and prognosis."""
    return list(files) if files else [*bundled_dataset(), *(p for p, _ in bundled_prognoses())]


def is_prognosis_file(path: Path, sheet: str | None = None) -> bool:
    """Whether ``path`` holds prognosis tables (tables 3–5) rather than tables 1–2."""
    grid = read_sheet(path, sheet, looks_like_header=looks_like_prognosis)
    return any(looks_like_prognosis(cells) for _, cells in grid.rows[:40])


def _vintage(path: Path, tables: list[PrognosisTable], options: ReadOptions) -> Vintage:
    bundled = {p.name: v for p, v in bundled_prognoses()}
    first = min(t.first_year for t in tables)
    if options.vintage is None and path.name in bundled:
        return bundled[path.name]
    name = options.vintage or f"prognose-{first}"
    return Vintage(name, options.description or f"Prognose politie gemaakt voor {first} "
                   f"({path.name})", first)


def read_files(files: list[Path], options: ReadOptions) -> ReadFiles:
    """Read every file as what it holds; one :class:`InputError` lists the problems of all
    bad files. Prognosis tables read together are checked against each other (Tabel 5 =
    Tabel 3 + Tabel 4) when they belong to one vintage."""
    out = ReadFiles([], [])
    problems: list[Problem] = []
    for f in files:
        try:
            if is_prognosis_file(f, options.sheet):
                tables = read_prognosis_tables(f, sheet=options.sheet,
                                               number_format=options.number_format)
                out.prognoses.append(PrognosisFile(f, tables[0].checksum,
                                                   _vintage(f, tables, options), tables))
            else:
                out.published.append(read_published_table(
                    f, category=options.category, year=options.year,
                    number_format=options.number_format, sheet=options.sheet))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    by_vintage: dict[str, list[PrognosisFile]] = {}
    for pf in out.prognoses:
        by_vintage.setdefault(pf.vintage.name, []).append(pf)
    for group in by_vintage.values():
        if len(group) > 1:  # tables of one prognosis from several files
            group[-1].tables[-1].inconsistencies.extend(
                cross_check([t for pf in group for t in pf.tables]))
    return out


def read_tables(files: list[Path], options: ReadOptions) -> list[PublishedTable]:
    """Read published tables 1–2; one :class:`InputError` lists the problems of all."""
    got = read_files(files, options)
    if got.prognoses:
        raise InputError.at(str(got.prognoses[0].path), Msg(
            "bevat prognosetabellen (tabel 3–5), verwacht een tabel van operationele sterkte "
            "of aspiranten per eenheid",
            "holds prognosis tables (tables "
            "3–5), expected a table of operational strength or aspirants "
            "per unit"))
    return got.published


def import_tables(db: str | Path | None, files: list[Path], options: ReadOptions,
                  progress: Callable[[int, int], None] | None = None
                  ) -> tuple[ReadFiles, list[ImportResult]]:
    """Read ``files`` and import them into the store in one transaction — all or none:
    a file that cannot be read leaves the store unchanged. The results follow the
    published tables, then the prognosis files."""
    try:
        got = read_files(files, options)
    except InputError as exc:
        raise InputError([*exc.problems, Problem("store", None, None, Msg(
            "er is niets geïmporteerd; de opslag is ongewijzigd",
            "nothing was imported; the store is unchanged"))]) from None
    con = connect(db)
    try:
        results = import_published_tables(con, got.published, progress=progress,
                                          prognoses=got.prognoses)
    finally:
        con.close()
    return got, results


def table_ledger(db: str | Path | None, category: Category, period: Period,
                 from_hr: bool = False) -> Ledger:
    """The ledger of one published table: the imported tables, or (``from_hr``) the
    yearly ledger derived from the HR records, rolled up to the published flows."""
    con = connect(db, read_only=True)
    try:
        if from_hr:
            derived = derived_ledger(con, period_kind=PeriodKind.YEAR)
            return derived.roll_up_flows().select(periods=[period], categories=[category])
        return load_ledger(con, category=category, period=period)
    finally:
        con.close()
