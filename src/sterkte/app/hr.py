"""HR records: import files into the store (one transaction; rejects kept with their reason),
the rejects, and the ledger derived from the records."""

from __future__ import annotations

import time
from pathlib import Path

from sterkte.ledger import Ledger, PeriodKind
from sterkte.store.db import connect
from sterkte.store.hr import ImportSummary, StoredReject, derived_ledger, ingest, rejects


def import_hr(db: str | Path | None, files: list[Path]) -> tuple[ImportSummary, float]:
    """Import HR files (persons first); the summary and the seconds it took."""
    con = connect(db)
    try:
        started = time.perf_counter()
        summary = ingest(con, [str(f) for f in files])
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


def hr_ledger(db: str | Path | None, period_kind: PeriodKind) -> Ledger:
    """The ledger derived from the HR records, per period of ``period_kind``."""
    con = connect(db, read_only=True)
    try:
        return derived_ledger(con, period_kind=period_kind)
    finally:
        con.close()
