"""Knowing when a PostgreSQL store's data changed, without asking on every request.

Every write transaction of sterkte (:func:`sterkte.store.db.transaction`) raises the
counter ``sterkte_changes`` and sends the notification :data:`~sterkte.store.dialect.
CHANNEL` in the same transaction; PostgreSQL delivers a notification only when its
transaction commits, and at that moment. A :class:`ChangeListener` is a thread with a
session of its own that LISTENs on that channel; a reader (the dashboard's
:class:`sterkte.store.db.ChangeWatch`) reads the counter again only when
:meth:`ChangeListener.take` says so: after a notification, or whenever the listener is
not listening (not connected yet, the connection lost, the server restarted). Once it
listens again it marks the counter to be read, so no write made while it was away is
missed.

What a request sees: one arriving after the notification reached the listener shows
the write. Delivery is asynchronous: between the commit and the notification's arrival
(the database server's backend and this thread must each be scheduled: well under a
millisecond on an idle machine, a few on a loaded one) a request can still get the
version before. Writes not made through sterkte (plain SQL) are not seen before the
next write through sterkte, as before.
"""

from __future__ import annotations

import select
import threading

import psycopg

from sterkte.store.db import PostgresUrl
from sterkte.store.dialect import CHANNEL

# Not policy numbers. How often the listening session is checked with a query (a lost
# connection is usually noticed at once, as the socket closes; this catches the rest), and
# how long to wait before connecting again after a failure.
HEARTBEAT_SECONDS = 2.0
RETRY_SECONDS = 2.0


class ChangeListener:
    """A daemon thread LISTENing for the store's writes; :meth:`take` tells a reader
    whether to read the store's counter again."""

    def __init__(self, url: PostgresUrl) -> None:
        self.url = url
        self._changed = True  # read the counter: at first, and after every notification
        self._up = False  # listening now
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True,
                                        name="sterkte-listen")

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop listening (within :data:`HEARTBEAT_SECONDS`); :meth:`take` says read."""
        self._stop.set()
        self._up = False

    @property
    def listening(self) -> bool:
        return self._up

    def take(self) -> bool:
        """Whether the counter must be read now (a notification came since the last
        take, or the listener is not listening); clears the mark. The caller reads the
        counter after this: a notification arriving meanwhile marks it again."""
        if not self._up:
            return True
        if self._changed:
            self._changed = False
            return True
        return False

    def _mark(self, _: psycopg.Notify) -> None:
        self._changed = True

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._listen()
            except (psycopg.Error, OSError):
                pass  # the server went away or refused: read per request until back
            finally:
                self._up = False
            self._stop.wait(RETRY_SECONDS)

    def _listen(self) -> None:
        with psycopg.connect(self.url.dsn, autocommit=True, connect_timeout=10,
                             application_name="sterkte listen") as con:
            con.add_notify_handler(self._mark)
            con.execute(f"LISTEN {CHANNEL}")
            # listening from here on: what was written before is read once now
            self._changed = True
            self._up = True
            while not self._stop.is_set():
                select.select([con.fileno()], [], [], HEARTBEAT_SECONDS)
                # takes in what arrived (each notification calls _mark) and fails on a
                # lost connection
                con.execute("SELECT 1")
