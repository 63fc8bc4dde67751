"""The dashboard's background runs (scenario and roster runs): the SQL.

A run is a row: who started it, its kind and parameters (JSON text), its state
(``queued``, ``running``, ``done``, ``failed``, ``cancelled``), its place in the queue
(``seq``), progress, and the result (JSON text) until ``expires_at``. The dashboard's
own bookkeeping: written with ``transaction(data=False)`` (no write lock, not counted
as new data). Times are naive UTC.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import duckdb

from sterkte.store.db import Connection, transaction

T = TypeVar("T")
# A run's row is written by its worker (progress, the result) and by a request (cancel) at
# the same time; DuckDB refuses the second of two concurrent writes to one row instead of
# waiting (a write-write conflict). Such a write is tried again after a pause; PostgreSQL
# waits for the row itself. Not a policy number: attempts of one bookkeeping write.
ATTEMPTS = 20


def _again(write: Callable[[], T]) -> T:
    """``write()``, tried again while DuckDB reports a conflict with a concurrent write."""
    for attempt in range(ATTEMPTS):
        try:
            return write()
        except duckdb.TransactionException:
            if attempt == ATTEMPTS - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")

ACTIVE = ("queued", "running")


@dataclass(frozen=True)
class JobRow:
    id: str
    seq: int
    kind: str
    owner: str
    status: str
    params: str
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    expires_at: dt.datetime | None
    done: int
    total: int
    error: str
    result: str | None


_COLUMNS = ("id, seq, kind, owner, status, params, created_at, started_at, finished_at, "
            "expires_at, done, total, error, result")


def add_job(con: Connection, job_id: str, kind: str, owner: str, params: str,
            at: dt.datetime) -> None:
    with transaction(con, data=False):
        con.execute(f"INSERT INTO jobs ({_COLUMNS}) VALUES (?, nextval('jobs_seq'), ?, ?, "
                    "'queued', ?, ?, NULL, NULL, NULL, 0, 0, '', NULL)",
                    [job_id, kind, owner, params, at])


def get_job(con: Connection, job_id: str, kind: str) -> JobRow | None:
    row = con.execute(f"SELECT {_COLUMNS} FROM jobs WHERE id = ? AND kind = ?",
                      [job_id, kind]).fetchone()
    return JobRow(*row) if row else None


def active_counts(con: Connection, owner: str
                  ) -> tuple[int, int, int, int]:
    """(running, queued) of ``owner``, then (running, queued) of everyone."""
    rows = con.execute("SELECT owner, status, COUNT(*) FROM jobs WHERE status IN "
                       "('queued', 'running') GROUP BY owner, status").fetchall()
    mine = {s: int(n) for o, s, n in rows if o == owner}
    every: dict[str, int] = {}
    for _, s, n in rows:
        every[s] = every.get(s, 0) + int(n)
    return (mine.get("running", 0), mine.get("queued", 0), every.get("running", 0),
            every.get("queued", 0))


def queue_position(con: Connection, job_id: str) -> int | None:
    """1 for the next run to start, …; None when the run is not queued."""
    row = con.execute("SELECT seq, kind, status FROM jobs WHERE id = ?", [job_id]).fetchone()
    if row is None or row[2] != "queued":
        return None
    ahead = con.execute("SELECT COUNT(*) FROM jobs WHERE kind = ? AND status = 'queued' AND "
                        "seq < ?", [row[1], row[0]]).fetchone()
    return int(ahead[0] if ahead else 0) + 1


def start_job(con: Connection, job_id: str, at: dt.datetime) -> bool:
    """queued → running; False when the run is no longer queued (cancelled)."""
    def write() -> bool:
        with transaction(con, data=False):
            row = con.execute("SELECT status FROM jobs WHERE id = ?", [job_id]).fetchone()
            if row is None or row[0] != "queued":
                return False
            con.execute("UPDATE jobs SET status = 'running', started_at = ? WHERE id = ?",
                        [at, job_id])
        return True

    return _again(write)


def progress(con: Connection, job_id: str, done: int, total: int) -> None:
    def write() -> None:
        with transaction(con, data=False):
            con.execute("UPDATE jobs SET done = ?, total = ? WHERE id = ? AND "
                        "status = 'running'", [done, total, job_id])

    _again(write)


def finish_job(con: Connection, job_id: str, status: str, at: dt.datetime,
               expires: dt.datetime, error: str = "", result: str | None = None) -> bool:
    """running → done or failed, with the result or the error; False when the run was
    cancelled meanwhile (its result is dropped)."""
    def write() -> bool:
        with transaction(con, data=False):
            row = con.execute("SELECT status FROM jobs WHERE id = ?", [job_id]).fetchone()
            if row is None or row[0] != "running":
                return False
            con.execute("UPDATE jobs SET status = ?, finished_at = ?, expires_at = ?, "
                        "error = ?, result = ? WHERE id = ?",
                        [status, at, expires, error, result, job_id])
        return True

    return _again(write)


def cancel_job(con: Connection, job_id: str, at: dt.datetime, expires: dt.datetime
               ) -> str | None:
    """queued or running → cancelled; the state it had (None: no such run)."""
    def write() -> str | None:
        with transaction(con, data=False):
            row = con.execute("SELECT status FROM jobs WHERE id = ?", [job_id]).fetchone()
            if row is None:
                return None
            if row[0] in ACTIVE:
                con.execute("UPDATE jobs SET status = 'cancelled', finished_at = ?, "
                            "expires_at = ? WHERE id = ?", [at, expires, job_id])
        return str(row[0])

    return _again(write)


def abandon_active(con: Connection, kind: str, at: dt.datetime, expires: dt.datetime,
                   reason: str) -> int:
    """Mark the runs of ``kind`` a previous server left queued or running as failed
    (their work died with that process); how many."""
    with transaction(con, data=False):
        row = con.execute("SELECT COUNT(*) FROM jobs WHERE kind = ? AND status IN "
                          "('queued', 'running')", [kind]).fetchone()
        con.execute("UPDATE jobs SET status = 'failed', error = ?, finished_at = ?, "
                    "expires_at = ? WHERE kind = ? AND status IN ('queued', 'running')",
                    [reason, at, expires, kind])
    return int(row[0]) if row else 0


def expire(con: Connection, now: dt.datetime) -> int:
    """Delete finished runs past their expiry; how many."""
    with transaction(con, data=False):
        row = con.execute("SELECT COUNT(*) FROM jobs WHERE expires_at IS NOT NULL AND "
                          "expires_at < ?", [now]).fetchone()
        con.execute("DELETE FROM jobs WHERE expires_at IS NOT NULL AND expires_at < ?", [now])
    return int(row[0]) if row else 0
