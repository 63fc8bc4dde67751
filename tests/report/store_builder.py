"""A real store for the annex and the dashboard: the bundled 2021 tables and a small
synthetic police (HR records), built with sterkte's own import functions; and one of the
published tables only."""

from __future__ import annotations

from pathlib import Path

from sterkte.sources.published import read_published_table
from sterkte.store.db import connect
from sterkte.store.hr import ingest
from sterkte.store.ledgers import bundled_dataset, import_published_tables
from sterkte.synth.police import generate

SCALE = 0.05  # about 3,000 employees: seconds to build, enough for every norm


def build_store(folder: Path) -> Path:
    db = folder / "sterkte.duckdb"
    files = generate(1, folder / "synth", scale=SCALE).files
    con = connect(db)
    try:
        import_published_tables(con, [read_published_table(p) for p in bundled_dataset()])
        summary = ingest(con, list(files))
    finally:
        con.close()
    assert summary.rejected == 0
    return db


def build_published_store(folder: Path) -> Path:
    """The bundled published 2021 tables only: no HR records, nothing synthetic."""
    db = folder / "published.duckdb"
    con = connect(db)
    try:
        import_published_tables(con, [read_published_table(p) for p in bundled_dataset()])
    finally:
        con.close()
    return db
