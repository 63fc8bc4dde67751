"""Version 2: the store knows its version, counts its writes, and (PostgreSQL) finds one
person's records by index.

- ``sterkte_schema``: one row per migration applied (version, when, what); the
  store's version is the highest. Created by :func:`sterkte.store.migrations.migrate`
  itself, since every later version needs it.
- ``sterkte_changes``: one row, ``changes``, raised by one in every committed write
  transaction; a running ``sterkte serve`` re-reads its figures when it changes (a
  DuckDB file's modification time does this job for one machine, not for a server).
- Indexes on PostgreSQL only (:func:`sterkte.store.dialect.create_indexes`).
"""

from __future__ import annotations

DESCRIPTION = "schema version, change counter, PostgreSQL indexes"
DESCRIPTION_NL = "schemaversie, wijzigingsteller, indexen voor PostgreSQL"


def statements() -> list[str]:
    return ["CREATE TABLE IF NOT EXISTS sterkte_changes (changes BIGINT NOT NULL)",
            "INSERT INTO sterkte_changes SELECT 0 WHERE NOT EXISTS "
            "(SELECT 1 FROM sterkte_changes)"]
