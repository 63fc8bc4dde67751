"""Where the store is, opening it, and one transaction.

The store is either an embedded DuckDB file (the default: no server, one writer at a
time) or a PostgreSQL database (``postgresql://user@host:port/db``: many users, one
server). Where it is: ``--db PATH|URL`` on the command line, else the environment
variable ``STERKTE_DB``, else ``sterkte.duckdb`` in the current directory.

Both run the same schema (:mod:`sterkte.store.migrations`) and the same queries: SQL in
the store modules stays portable (plain types, ``?`` parameters, no engine-only
functions); the few differences between the two engines live in
:mod:`sterkte.store.dialect`. Every write is one transaction: it lands whole or not at
all. On PostgreSQL, writers also take one advisory lock, so two imports at once run one
after the other instead of racing for the next import number.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

import duckdb
from typing_extensions import TypeIs

from sterkte.errors import Msg, SterkteError

if TYPE_CHECKING:
    from sterkte.store.pg_listen import ChangeListener
    from sterkte.store.postgres import PgConnection

ENV_VAR = "STERKTE_DB"
DEFAULT_NAME = "sterkte.duckdb"
# How long to wait for a DuckDB file another process has open before saying so
# (seconds; $STERKTE_DB_WAIT overrides it).
WAIT_SECONDS = 10.0
WAIT_VAR = "STERKTE_DB_WAIT"

Connection: TypeAlias = "duckdb.DuckDBPyConnection | PgConnection"


class PostgresUrl(str):
    """A PostgreSQL connection URL as given (``postgresql://user@host:port/db``).

    A ``str``, so it goes wherever a ``--db`` value goes; ``str()`` and f-strings show
    it with any password masked, :attr:`dsn` gives it whole (for connecting only).
    """

    @property
    def dsn(self) -> str:
        return str.__str__(self)

    def __str__(self) -> str:
        return re.sub(r"^(\w+://[^:/@]*:)[^@]*@", r"\1***@", self.dsn)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def exists(self) -> bool:
        """A server store always "exists"; whether it answers is known on connecting."""
        return True


StoreLocation: TypeAlias = "Path | PostgresUrl"


def is_url(value: str) -> bool:
    return value.startswith(("postgresql://", "postgres://"))


def resolve_db_path(option: str | Path | None = None) -> StoreLocation:
    """The store from the ``--db`` option, ``$STERKTE_DB`` or the default: a file path,
    or a :class:`PostgresUrl`."""
    value: str | Path | None = option or os.environ.get(ENV_VAR) or None
    if isinstance(value, PostgresUrl):
        return value
    if isinstance(value, str) and is_url(value):
        return PostgresUrl(value)
    return Path(value) if value else Path(DEFAULT_NAME)


class StoreError(SterkteError):
    """The store cannot be opened or is not a sterkte store."""


class StoreBusy(StoreError):
    """The DuckDB file is open in another process that writes (or waits to)."""


def busy_message(path: Path) -> Msg:
    return Msg(f"de opslag {path} is in gebruik door een ander sterkte-proces (bijv. `sterkte "
               "serve` of een import); stop dat of probeer het opnieuw als het klaar is, of "
               "gebruik een PostgreSQL-opslag voor meerdere gebruikers (zie docs/deploy.md)",
               f"the store {path} is in use by another sterkte process (e.g. `sterkte serve` "
               "or an import); stop it or try again when it is done, or use a PostgreSQL "
               "store for several users (see docs/deploy.md)")


def _is_lock_error(exc: duckdb.Error) -> bool:
    text = str(exc).lower()
    # the second: this process has the file open in the other mode (the dashboard reads
    # its figures read-only and writes sessions and runs read-write): wait as for another
    return ("lock" in text and ("conflicting" in text or "could not set" in text)) \
        or "different configuration" in text


def _connect_duckdb(p: Path, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait
    while True:
        try:
            return duckdb.connect(str(p), read_only=read_only)
        except duckdb.Error as exc:
            if not _is_lock_error(exc):
                raise StoreError(Msg(f"kan de opslag {p} niet openen: {exc}",
                                     f"cannot open the store {p}: {exc}")) from None
            if time.monotonic() >= deadline:
                raise StoreBusy(busy_message(p)) from None
        time.sleep(0.2)


def connect(path: str | Path | None = None, read_only: bool = False,
            wait: float | None = None) -> Connection:
    """Open the store: a DuckDB file or a PostgreSQL database.

    A writable connection brings the store's schema up to date first (creating it in a
    new store; see :mod:`sterkte.store.migrations`); a read-only one refuses a store
    written by a newer sterkte or one that needs upgrading. A DuckDB file in use by
    another process is waited for up to ``wait`` seconds, then :class:`StoreBusy`.
    """
    from sterkte.store import migrations

    loc = resolve_db_path(path)
    con = open_store(loc, read_only, wait)
    try:
        if read_only:
            migrations.check_readable(con, str(loc))
        else:
            migrations.migrate(con, str(loc))
    except BaseException:
        con.close()
        raise
    return con


def wait_seconds(default: float = WAIT_SECONDS) -> float:
    """How long to wait for a DuckDB file another process holds: ``$STERKTE_DB_WAIT``
    when set (seconds), else ``default``."""
    try:
        return float(os.environ.get(WAIT_VAR, default))
    except ValueError:
        raise StoreError(Msg(f"${WAIT_VAR} moet een aantal seconden zijn",
                             f"${WAIT_VAR} must be a number of seconds")) from None


def open_store(loc: StoreLocation, read_only: bool = False,
               wait: float | None = None) -> Connection:
    """Open the store as it is, schema untouched (:func:`connect` is the usual way)."""
    if wait is None:
        wait = wait_seconds()
    con: Connection
    if isinstance(loc, PostgresUrl):
        from sterkte.store.postgres import connect_postgres

        con = connect_postgres(loc, read_only=read_only)
    else:
        if read_only and not loc.exists():
            raise StoreError(Msg(f"geen opslag in {loc}: voer eerst `sterkte import` uit (of "
                                 "geef --db PAD)",
                                 f"no store at {loc}: run `sterkte import` first (or pass --db "
                                 "PATH)"))
        if not read_only:
            loc.parent.mkdir(parents=True, exist_ok=True)
        con = _connect_duckdb(loc, read_only, wait)
    return con


def is_postgres(con: Connection) -> TypeIs[PgConnection]:
    return not isinstance(con, duckdb.DuckDBPyConnection)


@contextmanager
def transaction(con: Connection, *, data: bool = True) -> Iterator[Connection]:
    """BEGIN … COMMIT, or ROLLBACK on any exception (which is re-raised).

    On PostgreSQL the transaction first takes the store's write lock (writers queue;
    readers never wait), and every committed write counts in ``sterkte_changes`` so
    that a running dashboard notices new data (:func:`data_version`). ``data=False``
    is for the dashboard's own bookkeeping (sessions, the audit trail, background
    runs): no write lock (a login must not wait for an import) and not counted (the
    figures have not changed).
    """
    from sterkte.store import dialect

    con.execute("BEGIN TRANSACTION")
    try:
        if data:
            dialect.lock_for_writing(con)
        yield con
        if data:
            dialect.count_change(con)
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def has_table(con: Connection, table: str) -> bool:
    """Whether the store's schema has ``table`` (not counting temporary tables)."""
    row = con.execute("SELECT COUNT(*) FROM information_schema.tables "
                      "WHERE table_name = ? AND table_schema = current_schema()",
                      [table]).fetchone()
    return bool(row and row[0])


# The versions read during one request (ChangeWatch id → version), see one_reading.
_read: contextvars.ContextVar[dict[int, tuple[int, int]] | None] = contextvars.ContextVar(
    "sterkte_versions_read", default=None)


@contextmanager
def one_reading() -> Iterator[None]:
    """Within it (one request of a server), each :class:`ChangeWatch` reads the store's
    version once: the answer is still as fresh as the moment the request came in, and a
    PostgreSQL store is asked once per request instead of by every cache consulted."""
    token = _read.set({})
    try:
        yield
    finally:
        _read.reset(token)


class ChangeWatch:
    """What changes when the store's data does, cheaply, for a long-running reader.

    A DuckDB file: its modification time and size (no need to open it, which would
    wait while an import writes). PostgreSQL: ``sterkte_changes``, which every write
    transaction raises (:func:`transaction`), read over one kept session when a
    notification says it changed (:class:`sterkte.store.pg_listen.ChangeListener`), or
    on every reading while nobody listens; once per request inside :func:`one_reading`.
    """

    def __init__(self, location: StoreLocation) -> None:
        self.location = location
        self._con: Connection | None = None
        self._lock = threading.Lock()
        self._file: tuple[int, int] | None = None  # DuckDB: the file's time and size …
        self._counted: tuple[int, int] | None = None  # … and the version they showed
        self._listener: ChangeListener | None = None  # PostgreSQL
        self._last: tuple[int, int] | None = None  # PostgreSQL: the counter last read

    def version(self) -> tuple[int, int]:
        read = _read.get()
        if read is None:
            return self._version()
        got = read.get(id(self))
        if got is None:
            got = read[id(self)] = self._version()
        return got

    def _version(self) -> tuple[int, int]:
        loc = self.location
        if not isinstance(loc, PostgresUrl):
            try:
                st = os.stat(loc)
            except OSError:
                raise StoreError(Msg(f"geen opslag in {loc}: voer `sterkte import` uit (en "
                                     "`sterkte serve --db PAD`)",
                                     f"no store at {loc}: run `sterkte import` (and `sterkte "
                                     "serve --db PATH`)")) from None
            return self._file_version((st.st_mtime_ns, st.st_size))
        with self._lock:  # one reader at a time: a second one waits for the first's read
            if self._listener is None:
                from sterkte.store.pg_listen import ChangeListener

                self._listener = ChangeListener(loc)
                self._listener.start()
            if not self._listener.take() and self._last is not None:
                return self._last
            for attempt in (1, 2):
                if self._con is None:
                    self._con = connect(loc, read_only=True)
                try:
                    row = self._con.execute("SELECT changes FROM sterkte_changes").fetchone()
                    self._last = (int(row[0]) if row else 0, 0)
                    return self._last
                except Exception as exc:  # the session was lost (server restart): reconnect
                    self.close_session()
                    if attempt == 2:
                        self._listener.take()  # read again next time, whatever arrived
                        raise StoreError(Msg(f"kan de opslag {loc} niet lezen: {exc}",
                                             f"cannot read the store {loc}: {exc}")) from None
        raise AssertionError("unreachable")

    def read_now(self) -> tuple[int, int]:
        """The version read now, whatever this request read before (see
        :meth:`sterkte.web.state.StoreState.after_own_write`)."""
        return self._version()

    def _file_version(self, stat: tuple[int, int]) -> tuple[int, int]:
        """A DuckDB file that changed on disk: its write counter when it has one, so that
        the dashboard's own bookkeeping (sessions, runs) does not count as new data; the
        time and size when the file is busy or older than the counter."""
        with self._lock:
            if stat == self._file and self._counted is not None:
                return self._counted
            try:
                con = open_store(self.location, read_only=True, wait=0.5)
            except StoreError:
                return stat
            try:
                if not has_table(con, "sterkte_changes"):
                    return stat
                row = con.execute("SELECT changes FROM sterkte_changes").fetchone()
            finally:
                con.close()
            self._file, self._counted = stat, (-1, int(row[0]) if row else 0)
            return self._counted

    def close_session(self) -> None:
        if self._con is not None:
            with contextlib.suppress(Exception):
                self._con.close()
            self._con = None

    def close(self) -> None:
        """Stop listening and close the kept session (a server shutting down)."""
        if self._listener is not None:
            self._listener.stop()
        with self._lock:
            self.close_session()
            self._listener = None


# Sums of fte and hours are taken in whole billionths: integers add up exactly, in any
# order, so the result is the same on DuckDB (which adds in parallel, in no fixed order)
# and on PostgreSQL, and the same from one run to the next. A billionth of an fte is far
# below any figure shown; 65,000 fte in billionths is still exact in a double.
SUM_RESOLUTION = 1_000_000_000


def exact_sum(expr: str) -> str:
    """SQL for the sum of ``expr`` (a DOUBLE), rounded to :data:`SUM_RESOLUTION` per term
    and added exactly; DOUBLE, NULL when there is nothing to add."""
    r = SUM_RESOLUTION
    return (f"(CAST(SUM(CAST(FLOOR(({expr}) * {r}.0 + 0.5) AS BIGINT)) AS DOUBLE PRECISION)"
            f" / {r}.0)")
