"""A real store for the annex and the dashboard: what `sterkte import` stores (the bundled
2021 tables and the police's prognosis for 2021) and a small synthetic police (HR
records), built with sterkte's own import functions; and one of the published figures
only."""

from __future__ import annotations

from pathlib import Path

from sterkte.app.ledger import ReadOptions, files_or_bundled, import_tables
from sterkte.store.db import connect
from sterkte.store.hr import ingest
from sterkte.synth.police import generate

SCALE = 0.05  # about 3,000 employees: seconds to build, enough for every norm


def build_store(folder: Path) -> Path:
    db = folder / "sterkte.duckdb"
    files = generate(1, folder / "synth", scale=SCALE).files
    import_tables(db, files_or_bundled(None), ReadOptions())
    con = connect(db)
    try:
        summary = ingest(con, list(files))
    finally:
        con.close()
    assert summary.rejected == 0
    return db


def build_published_store(folder: Path) -> Path:
    """What `sterkte import` stores (the bundled 2021 tables and the police's prognosis for
    2021): no HR records, nothing synthetic."""
    db = folder / "published.duckdb"
    import_tables(db, files_or_bundled(None), ReadOptions())
    return db
