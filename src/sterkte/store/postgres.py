"""The PostgreSQL store through psycopg 3: a connection that takes the store's SQL as is.

The store modules write ``?`` for parameters (DuckDB's style); :class:`PgConnection`
turns them into psycopg's ``%s`` (outside string literals and quoted names) once per
statement text. Statements run in autocommit mode, so ``BEGIN`` … ``COMMIT`` from
:func:`sterkte.store.db.transaction` delimit transactions exactly as on DuckDB.

Numbers come back as DuckDB gives them: PostgreSQL's ``numeric`` (the type of
``SUM`` over integers and of ``EXTRACT``) is read as ``int`` when whole and ``float``
otherwise, never as ``Decimal``. Each session sets ``jit = off`` (the store's queries
are large one-off statements, where compiling costs more than it saves) and a larger
``work_mem`` for the sorts of the event histories.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import psycopg
from psycopg.adapt import Loader

from sterkte.errors import Msg
from sterkte.store.db import PostgresUrl, StoreError

# Per session: the event histories are sorted in memory rather than on disk.
SESSION_SETTINGS = {"jit": "off", "work_mem": "'256MB'"}


class _NumberLoader(Loader):
    def load(self, data: Any) -> int | float:
        text = bytes(data)
        if b"." in text or b"e" in text or b"N" in text or b"I" in text:
            return float(text)
        return int(text)


_TOKEN = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|[?%]""")


@functools.lru_cache(maxsize=2048)
def placeholders(sql: str) -> str:
    """``?`` → ``%s`` and ``%`` → ``%%``, except inside literals, quoted names, comments."""

    def swap(m: re.Match[str]) -> str:
        t = m.group(0)
        return "%s" if t == "?" else "%%" if t == "%" else t

    return _TOKEN.sub(swap, sql)


class PgConnection:
    """A psycopg connection with the DuckDB connection's ``execute`` and
    ``executemany``; ``raw`` is the psycopg connection (for COPY)."""

    def __init__(self, raw: psycopg.Connection[Any], url: PostgresUrl, read_only: bool) -> None:
        self.raw = raw
        self.url = url
        self.read_only = read_only

    def execute(self, query: str, parameters: Sequence[object] | None = None
                ) -> psycopg.Cursor[Any]:
        with self._said():
            if parameters is None:  # psycopg reads no placeholders then
                return self.raw.execute(query)
            return self.raw.execute(placeholders(query), list(parameters))

    def executemany(self, query: str, parameters: Iterable[Sequence[object]]) -> None:
        with self._said(), self.raw.cursor() as cur:
            cur.executemany(placeholders(query), [list(p) for p in parameters])

    def copy_in(self, sql: str, data: Iterable[bytes]) -> None:
        """Run ``COPY … FROM STDIN`` with ``data`` (chunks of the file's bytes)."""
        with self._said(), self.raw.cursor() as cur, cur.copy(sql) as copy:
            for chunk in data:
                copy.write(chunk)

    @contextlib.contextmanager
    def _said(self) -> Iterator[None]:
        """The server refusing the role or a write (read-only), or going away, as a message
        for the user (other errors are the caller's: a bad file, a failed statement to fall
        back from)."""
        try:
            yield
        except psycopg.errors.InsufficientPrivilege as exc:
            raise StoreError(Msg(
                f"de PostgreSQL-opslag {self.url} weigerde: {_reason(exc)}; deze opdracht heeft "
                "een rol nodig die in de opslag mag schrijven (zie docs/deploy.md)",
                f"the PostgreSQL store {self.url} refused: {_reason(exc)}; this "
                "command needs a role that may write to the store (see "
                "docs/deploy.md)")) from None
        except psycopg.errors.ReadOnlySqlTransaction as exc:
            raise StoreError(Msg(
                f"de PostgreSQL-opslag {self.url} is alleen te lezen: {_reason(exc)}; schrijf "
                "op de primaire server (niet op een replica) of zet "
                "default_transaction_read_only uit",
                f"the PostgreSQL store {self.url} is read-only: {_reason(exc)}; write to the "
                "primary server (not a replica) or turn default_transaction_read_only "
                "off")) from None
        except psycopg.OperationalError as exc:
            raise StoreError(Msg(
                f"verbinding met de PostgreSQL-opslag {self.url} verloren: {_reason(exc)}; "
                "niets van de onderbroken opdracht is geschreven",
                f"lost the PostgreSQL store {self.url}: {_reason(exc)}; nothing "
                "of the interrupted command was written")) from None

    def close(self) -> None:
        self.raw.close()


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def connect_postgres(url: PostgresUrl, *, read_only: bool = False) -> PgConnection:
    """Open a session on the server; :class:`StoreError` with the server's reason if it
    cannot be reached or refuses."""
    try:
        raw = psycopg.connect(url.dsn, autocommit=True, connect_timeout=10,
                              application_name="sterkte")
    except psycopg.Error as exc:
        raise StoreError(Msg(
            f"kan geen verbinding maken met de PostgreSQL-opslag {url}: {_reason(exc)}",
            f"cannot connect to the PostgreSQL store {url}: {_reason(exc)}")) from None
    raw.adapters.register_loader("numeric", _NumberLoader)
    for name, value in SESSION_SETTINGS.items():
        raw.execute(f"SET {name} = {value}")
    if read_only:
        raw.execute("SET default_transaction_read_only = on")
    return PgConnection(raw, url, read_only)
