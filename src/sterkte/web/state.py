"""The store as the web app sees it: read-only, read once, re-read when the data change.

Figures (ledger, prognosis run, norms, teams, commitments) take seconds to compute and
change only when the store does, so they are cached under its change marker (a DuckDB
file's modification time and size; PostgreSQL's write counter, see
:class:`sterkte.store.db.ChangeWatch`); views built from them are cached per language,
and so are whole answers (JSON, CSV, XLSX, a page in its shared form,
:func:`sterkte.web.render.shared`), so that a request for them costs a dictionary look-up.
Every cache is dropped when the store changes: the next request after an import sees it.
While an import holds a DuckDB file, the figures computed before it are served.

Nothing cached here depends on who asks: the access checks (:mod:`sterkte.web.access`)
run before a route reads the cache, and what differs per account (the footer, the CSRF
token) is put into a page after it leaves the cache (:func:`sterkte.web.render.personal`).
"""

from __future__ import annotations

import gc
import threading
from collections import OrderedDict
from collections.abc import Callable
from contextlib import suppress
from typing import TypeVar

from starlette.concurrency import run_in_threadpool

from sterkte.app.annex import Figures, gather
from sterkte.errors import Msg, SterkteError
from sterkte.parameters import ParameterSet
from sterkte.store.db import ChangeWatch, StoreBusy, StoreLocation, connect, wait_seconds
from sterkte.web import memo

T = TypeVar("T")
# Answers kept per store version under keys made from a request's parameters (teams, a
# ledger's period, a table's name): at most this many, the least recently used dropped
# first, so that requests for ever new combinations cannot grow the memory without bound.
# Not a policy number: a memory bound of the server.
MAX_ANSWERS = 2_000


def settle() -> None:
    """Take what is alive now out of the garbage collector's sight (:func:`gc.freeze`).

    The figures are millions of objects that live until the store changes. Python's full
    collection walks every object it tracks, and it runs every few seconds under load:
    with the figures in sight each took 0.2–0.4 s, during which no request was answered
    (the p95 of benchmarks/web.py). Frozen objects are still freed when nothing refers to
    them; a cycle among them waits for the next :func:`settle`, which first collects
    everything (the figures of the store's previous version). What is built and cached
    from the figures later (views, answers) is frozen likewise when it is kept; that also
    freezes whatever else lives at that moment (another request's objects, freed by their
    reference counts as usual), so at most the cycles of a few requests per kept answer
    wait for the store's next version."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class StoreUnavailable(SterkteError):
    """The store cannot be read (missing, locked by a writer, or without tables). The
    message is for the server log (it may name the file); visitors get ``kind``'s text:
    ``busy`` (another process writes, e.g. an import: try again shortly), ``figures``
    (the data cannot be turned into figures) or ``unavailable`` (missing or unreadable)."""

    def __init__(self, message: str | Msg, kind: str = "unavailable") -> None:
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
        self._answers: OrderedDict[tuple[object, ...], object] = OrderedDict()
        self._parameters: ParameterSet | None = None

    def parameters(self) -> ParameterSet:
        """The bundled parameters with the overrides of ``$STERKTE_PARAMETERS``, read once
        per server (reading them takes tens of milliseconds): an edited override takes
        effect when the server is restarted. An unreadable override is an error on every
        request that needs them until it is fixed, as before."""
        if self._parameters is None:
            self._parameters = ParameterSet.bundled()
        return self._parameters

    def close(self) -> None:
        """The server stops: stop watching the store (a PostgreSQL listener's session)."""
        self._watch.close()

    def after_own_write(self) -> None:
        """This process wrote its bookkeeping (a token's use to the audit trail): a DuckDB
        file's time and size changed, and the first request to see that would open the
        file to read its write counter, on the event loop, holding up every request for
        that long (tens of milliseconds on a large store). Read it now, in this thread."""
        with suppress(SterkteError):
            self._watch.read_now()

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
                self._answers = OrderedDict()
                self._by_year = {}
                settle()
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
            from sterkte.web.errors import UserError

            has = ", ".join(str(y) for y in self.years())
            raise UserError(404, Msg(
                f"period: de opslag bevat geen tabellen voor {year}; wel voor {has}",
                f"period: the store holds no tables for {year}; it has {has}"))
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
                gc.freeze()
            return got

    def peek(self, key: tuple[object, ...]) -> object | None:
        """The cached view under ``key`` if the store has not changed, else None."""
        return self._views.get(key) if self._unchanged() else None

    def at(self, version: tuple[int, int]) -> bool:
        """Whether the figures, and every view and answer cached from them, are of
        ``version`` (a version this request read)."""
        return self._figures is not None and self._version == version

    def _unchanged(self) -> bool:
        """Whether figures were gathered and the store is still at their version."""
        if self._figures is None:
            return False
        try:
            return self._stat() == self._version
        except StoreUnavailable:
            return False

    async def aview(self, key: tuple[object, ...], build: Callable[[Figures], T],
                    year: int | None = None) -> T:
        """:meth:`view` for async routes: a cached view is returned on the event loop
        (no thread hop, which matters under load); building one runs in a thread. The
        route's answer may be kept whole (:func:`sterkte.web.memo.mark`): a route calling
        this must answer with a function of its path, query, account and the figures."""
        memo.mark()
        hit = self.peek(key)
        if hit is not None:
            return hit  # type: ignore[return-value]
        return await run_in_threadpool(self.view, key, build, year)

    def view(self, key: tuple[object, ...], build: Callable[[Figures], T],
             year: int | None = None) -> T:
        """``build(figures)``, cached under ``key`` until the store changes; ``year``
        chooses the figures (default the latest year; ``key`` must then name it)."""
        fig = self.figures_of(year)
        views = self._views  # the store's version's: a view built while it changes is not
        cached = views.get(key)  # kept for the next version
        if cached is None:
            cached = build(fig)
            views[key] = cached
            gc.freeze()  # kept until the store changes: out of the collector's sight
        return cached  # type: ignore[return-value]

    def answer_cached(self, key: tuple[object, ...]) -> object | None:
        """The answer cached under ``key`` if the store has not changed, else None."""
        if not self._unchanged():
            return None
        answers = self._answers
        got = answers.get(key)
        if got is not None:
            with suppress(KeyError):  # dropped meanwhile by another thread: still good
                answers.move_to_end(key)
        return got

    def answer(self, key: tuple[object, ...], build: Callable[[], T]) -> T:
        """:meth:`aanswer` for code already in a thread."""
        hit = self.answer_cached(key)
        return hit if hit is not None else self._answer(key, build)  # type: ignore[return-value]

    async def aanswer(self, key: tuple[object, ...], build: Callable[[], T]) -> T:
        """``build()``, an answer to a request (bytes of JSON, a page in its shared form),
        kept under ``key`` until the store changes (:data:`MAX_ANSWERS` at most). A kept
        answer is returned on the event loop; building one runs in a thread. ``key`` must
        name everything the answer depends on; an exception (a 404, a 503) is not kept.
        As with :meth:`aview`, the route's answer may be kept whole (:mod:`sterkte.web.memo`)."""
        memo.mark()
        hit = self.answer_cached(key)
        if hit is not None:
            return hit  # type: ignore[return-value]
        return await run_in_threadpool(self._answer, key, build)

    def _answer(self, key: tuple[object, ...], build: Callable[[], T]) -> T:
        self.figures()  # the version the answer belongs to (and 503 when unreadable)
        version = self._version
        answers = self._answers
        kept = answers.get(key)  # e.g. while an import holds the file: the figures before it
        if kept is not None:
            return kept  # type: ignore[return-value]
        got = build()
        # kept only if the store has not changed while it was built: else the next
        # request builds it again from the new data
        if self._version == version and answers is self._answers:
            answers[key] = got
            while len(answers) > MAX_ANSWERS:
                answers.popitem(last=False)
            gc.freeze()  # kept until the store changes: out of the collector's sight
        return got
