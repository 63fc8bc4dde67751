"""The store as the web app sees it: read-only, read once, re-read when the data change.

Figures (ledger, prognosis run, norms, teams, commitments) take seconds to compute and
change only when the store does, so they are cached under its change marker (a DuckDB
file's modification time and size; PostgreSQL's write counter, see
:class:`sterkte.store.db.ChangeWatch`); views built from them are cached per language.
While an import holds a DuckDB file, the figures computed before it are served.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from starlette.concurrency import run_in_threadpool

from sterkte.app.annex import Figures, gather
from sterkte.errors import SterkteError
from sterkte.store.db import ChangeWatch, StoreBusy, StoreLocation, connect, wait_seconds

T = TypeVar("T")


class StoreUnavailable(SterkteError):
    """The store cannot be read (missing, locked by a writer, or without tables). The
    message is for the server log (it may name the file); visitors get ``kind``'s text:
    ``busy`` (another process writes, e.g. an import: try again shortly), ``figures``
    (the data cannot be turned into figures) or ``unavailable`` (missing or unreadable)."""

    def __init__(self, message: str, kind: str = "unavailable") -> None:
        super().__init__(message)
        self.kind = kind


class StoreState:
    def __init__(self, db_path: StoreLocation) -> None:
        self.db_path = db_path
        self._watch = ChangeWatch(db_path)
        self._lock = threading.Lock()
        self._version: tuple[int, int] | None = None
        self._figures: Figures | None = None
        self._by_year: dict[int, Figures] = {}  # figures of other years than the latest
        self._views: dict[tuple[object, ...], object] = {}

    def _stat(self) -> tuple[int, int]:
        try:
            return self._watch.version()
        except SterkteError as exc:
            raise StoreUnavailable(str(exc)) from None

    def figures(self) -> Figures:
        version = self._stat()
        if self._figures is not None and self._version == version:
            return self._figures
        with self._lock:
            version = self._stat()
            if self._figures is None or self._version != version:
                try:
                    con = connect(self.db_path, read_only=True, wait=wait_seconds(2.0))
                except StoreBusy as exc:  # an import is writing: serve what we have
                    if self._figures is not None:
                        return self._figures
                    raise StoreUnavailable(str(exc), "busy") from None
                except SterkteError as exc:
                    raise StoreUnavailable(str(exc)) from None
                try:
                    self._figures = gather(con)
                except SterkteError as exc:  # bad data or parameters: say which, serve on
                    raise StoreUnavailable(f"cannot compute the figures: {exc}",
                                           "figures") from None
                finally:
                    con.close()
                self._version = version
                self._views = {}
                self._by_year = {}
            return self._figures

    def years(self) -> list[int]:
        """The years whose published tables the store holds (the period picker)."""
        fig = self.figures()
        return sorted({p.year for p in fig.realised.periods() if p.kind.value == "year"})

    def figures_of(self, year: int | None) -> Figures:
        """The figures of ``year`` (None or the latest year: :meth:`figures`); a year the
        store lacks is a 404 naming the years it has."""
        latest = self.figures()
        if year is None or year == latest.year:
            return latest
        if year not in self.years():
            from fastapi import HTTPException

            raise HTTPException(404, f"period: the store holds no tables for {year}; it has "
                                     + ", ".join(str(y) for y in self.years()))
        with self._lock:
            got = self._by_year.get(year)
            if got is None:
                try:
                    con = connect(self.db_path, read_only=True, wait=wait_seconds(2.0))
                except StoreBusy as exc:
                    raise StoreUnavailable(str(exc), "busy") from None
                except SterkteError as exc:
                    raise StoreUnavailable(str(exc)) from None
                try:
                    got = gather(con, year=year)
                except SterkteError as exc:
                    raise StoreUnavailable(f"cannot compute the figures: {exc}",
                                           "figures") from None
                finally:
                    con.close()
                self._by_year[year] = got
            return got

    def peek(self, key: tuple[object, ...]) -> object | None:
        """The cached view under ``key`` if the store has not changed, else None."""
        if self._figures is None:
            return None
        try:
            version = self._stat()
        except StoreUnavailable:
            return None
        return self._views.get(key) if version == self._version else None

    async def aview(self, key: tuple[object, ...], build: Callable[[Figures], T],
                    year: int | None = None) -> T:
        """:meth:`view` for async routes: a cached view is returned on the event loop
        (no thread hop, which matters under load); building one runs in a thread."""
        hit = self.peek(key)
        if hit is not None:
            return hit  # type: ignore[return-value]
        return await run_in_threadpool(self.view, key, build, year)

    def view(self, key: tuple[object, ...], build: Callable[[Figures], T],
             year: int | None = None) -> T:
        """``build(figures)``, cached under ``key`` until the store changes; ``year``
        chooses the figures (default the latest year; ``key`` must then name it)."""
        fig = self.figures_of(year)
        cached = self._views.get(key)
        if cached is None:
            cached = build(fig)
            self._views[key] = cached
        return cached  # type: ignore[return-value]
