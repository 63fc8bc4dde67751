"""HR records: import files into the store (one transaction; rejects kept with their reason),
the rejects, and the ledger derived from the records."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from sterkte.ledger import Ledger, PeriodKind
from sterkte.store.db import StoreError, connect
from sterkte.store.hr import (
    ImportSummary,
    StoredReject,
    derived_ledger,
    ingest,
    rejects,
    synthetic_hr,
)
from sterkte.store.hr_gate import REASONS


def import_hr(db: str | Path | None, files: list[Path], as_of: dt.date | None = None
              ) -> tuple[ImportSummary, float]:
    """Import HR files (persons first); the summary and the seconds it took. ``as_of`` is
    the import day (default today): a record dated after it is refused."""
    con = connect(db)
    try:
        started = time.perf_counter()
        summary = ingest(con, [str(f) for f in files], as_of=as_of)
        return summary, time.perf_counter() - started
    finally:
        con.close()


def hr_rejects(db: str | Path | None, file: str | None = None, reason: str | None = None
               ) -> list[StoredReject]:
    """Rows refused by earlier imports, oldest import first."""
    con = connect(db, read_only=True)
    try:
        return rejects(con, file=file, reason=reason)
    finally:
        con.close()


def refused_rows(problems: Sequence[StoredReject]) -> Counter[str]:
    """Refused rows per reason, each row (import, file, row) once, under its first problem
    in the order the gate checks: the counts add up to the rows refused."""
    order = {r: i for i, r in enumerate(REASONS)}
    first: dict[tuple[int, str, int | None], StoredReject] = {}
    for p in problems:
        key = (p.import_id, p.file, p.row)
        seen = first.get(key)
        rank = (order.get(p.reason, len(order)), p.field or "")
        if seen is None or rank < (order.get(seen.reason, len(order)), seen.field or ""):
            first[key] = p
    return Counter(p.reason for p in first.values())


def hr_ledger(db: str | Path | None, period_kind: PeriodKind) -> Ledger:
    """The ledger derived from the HR records, per period of ``period_kind``."""
    con = connect(db, read_only=True)
    try:
        return derived_ledger(con, period_kind=period_kind)
    finally:
        con.close()


def synthetic_records(db: str | Path | None) -> tuple[str, ...]:
    """``('hr',)`` when the store's HR records include the synthetic police's (so every
    figure drawn from them says so), else ``()``; ``()`` too without a store."""
    try:
        con = connect(db, read_only=True)
    except StoreError:  # no store: the command says so itself
        return ()
    try:
        return ("hr",) if synthetic_hr(con) else ()
    finally:
        con.close()
