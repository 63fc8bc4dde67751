"""A dashboard on PostgreSQL learns of new data from a notification, not by asking on every
request (sterkte.store.pg_listen): on a real throwaway server, with real sessions.

The proof that readings do not ask the store: a counter raised by plain SQL (no
notification) is not seen while the listener listens, and is seen at once while it does
not (its session killed on the server), until it listens again."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

import psycopg

from sterkte.store import pg_local
from sterkte.store.db import ChangeWatch, PostgresUrl, connect, transaction
from tests.conftest import new_pg_store


def _until(condition: Callable[[], bool], what: str) -> None:
    """Wait for ``condition`` (a notification, a reconnect: asynchronous by nature)."""
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def test_readings_follow_notifications_and_ask_the_store_while_nobody_listens(
        pg_server: pg_local.LocalServer) -> None:
    # a database of its own: notifications go to every session of a database
    store = new_pg_store(pg_server.create_database("listen_" + uuid.uuid4().hex[:8]))
    assert isinstance(store, PostgresUrl)
    writer = connect(store)  # creates the schema (sterkte_changes at 0)
    watch = ChangeWatch(store)
    try:
        first = watch.version()
        listener = watch._listener
        assert listener is not None
        _until(lambda: listener.listening, "the listener did not start listening")
        settled = watch.version()  # the counter read once more when listening began
        assert settled == first

        def plain_sql_write() -> None:
            with psycopg.connect(store.dsn, autocommit=True) as pg:
                pg.execute("UPDATE sterkte_changes SET changes = changes + 1")

        plain_sql_write()  # no notification: while listening, readings do not ask
        assert [watch.version() for _ in range(50)] == [settled] * 50
        with transaction(writer):  # a write through sterkte: counted and notified
            writer.execute("CREATE TABLE t_data (x INTEGER)")
        _until(lambda: watch.version() == (settled[0] + 2, 0), "the write was not seen")
        assert watch.version() == (settled[0] + 2, 0)  # both writes, the plain one too
        # the listener's session killed on the server: readings ask the store each time
        with psycopg.connect(store.dsn, autocommit=True) as pg:
            pg.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                       "application_name = 'sterkte listen' AND datname = current_database()")
        _until(lambda: not listener.listening, "the lost session was not noticed")
        plain_sql_write()
        assert watch.version() == (settled[0] + 3, 0)
        # it listens again, and reads the counter once then (no write in between is lost)
        _until(lambda: listener.listening, "the listener did not come back")
        assert watch.version() == (settled[0] + 3, 0)
        plain_sql_write()
        assert [watch.version() for _ in range(20)] == [(settled[0] + 3, 0)] * 20
    finally:
        watch.close()
        writer.close()
