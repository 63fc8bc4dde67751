"""Published tables in and out: read and check files, import them into the store in one
transaction, and the ledger a table is drawn from (published, or derived from HR)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sterkte.errors import InputError, Problem
from sterkte.ledger import Category, Ledger, Period, PeriodKind
from sterkte.sources.numbers import NumberFormat
from sterkte.sources.published import PublishedTable, read_published_table
from sterkte.store.db import connect
from sterkte.store.hr import derived_ledger
from sterkte.store.ledgers import (
    ImportResult,
    bundled_dataset,
    import_published_tables,
    load_ledger,
)


@dataclass(frozen=True)
class ReadOptions:
    """How to read published tables (defaults: told by the files themselves)."""

    category: Category | None = None
    year: int | None = None
    number_format: NumberFormat = NumberFormat.AUTO
    sheet: str | None = None


def files_or_bundled(files: list[Path] | None) -> list[Path]:
    """The files given, else the bundled published 2021 tables."""
    return list(files) if files else bundled_dataset()


def read_tables(files: list[Path], options: ReadOptions) -> list[PublishedTable]:
    """Read every file; one :class:`InputError` lists the problems of all bad files."""
    tables: list[PublishedTable] = []
    problems: list[Problem] = []
    for f in files:
        try:
            tables.append(read_published_table(
                f, category=options.category, year=options.year,
                number_format=options.number_format, sheet=options.sheet))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return tables


def import_tables(db: str | Path | None, files: list[Path], options: ReadOptions,
                  progress: Callable[[int, int], None] | None = None
                  ) -> list[tuple[PublishedTable, ImportResult]]:
    """Read ``files`` and import them into the store in one transaction — all or none:
    a file that cannot be read leaves the store unchanged."""
    try:
        tables = read_tables(files, options)
    except InputError as exc:
        raise InputError([*exc.problems, Problem("store", None, None,
                                                 "nothing was imported; the store is unchanged")]
                         ) from None
    con = connect(db)
    try:
        results = import_published_tables(con, tables, progress=progress)
    finally:
        con.close()
    return list(zip(tables, results, strict=True))


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
