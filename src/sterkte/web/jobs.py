"""Background runs (scenario and roster runs): queued per account with limits, run in a
thread pool, cancellable, and kept in the store (not in the server's memory).

A run is a row of the store's ``jobs`` table (:mod:`sterkte.store.jobs`): its owner,
parameters, state, place in the queue and progress; when done, its result as JSON text
(:mod:`sterkte.web.results`) until it expires (parameter ``web_job_result_hours``). The
work itself runs in this process: a run queued or running when the server stops is
marked failed at the next start, with what to do. Limits (parameters ``web/…``): runs
running per account and in all (the pool's threads), and runs waiting per account and in
all; past them a new run is refused (:class:`JobLimit`, HTTP 429). Ids are random, so
one user cannot guess another's run; a run is shown only to its owner and admins.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sterkte.app import accounts
from sterkte.errors import SterkteError
from sterkte.report.labels import term
from sterkte.store import jobs as store
from sterkte.store.db import Connection, StoreBusy, StoreLocation

Progress = Callable[[int, int], None]
# Progress is written to the store at most this often (seconds): a sampled forecast
# reports thousands of steps. Not a policy number: how fresh the progress bar is.
PROGRESS_EVERY = 0.5


# A run's states, each with its words in the catalogue (job.<state>).
STATES = ("queued", "running", "done", "failed", "cancelled")


class JobLimit(SterkteError):
    """A run past the limits: the message says which, in the request's language."""


class Cancelled(Exception):
    """Raised inside a run's progress callback when the run was cancelled."""


@dataclass
class Job:
    """A run as a page shows it. ``result``: the decoded JSON result (done runs)."""

    id: str
    kind: str
    owner: str
    status: str  # queued, running, done, failed, cancelled
    done: int = 0
    total: int = 0
    error: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    position: int | None = None  # 1 = next to start
    result: Any = None

    @property
    def percent(self) -> int:
        if self.status == "done":
            return 100
        return int(100 * self.done / self.total) if self.total else 0


def _now() -> dt.datetime:
    return accounts.now()


class JobRunner:
    """Runs of one ``kind`` ('scenario' or 'roster') over the store at ``location``."""

    def __init__(self, location: StoreLocation, kind: str, workers: int = 2) -> None:
        self.location, self.kind = location, kind
        self._limits = accounts.settings()
        self._workers = max(1, min(workers, int(self._limits["jobs_running_total"])))
        self._queue: list[tuple[str, str, Callable[[Progress], Any],
                                Callable[[Any], str]]] = []
        self._running: dict[str, int] = {}  # owner → runs running in this process
        self._cond = threading.Condition()
        self._stop = False
        self._threads: list[threading.Thread] = []
        self._started = False
        # Progress of the runs running here, and the runs cancelled: kept in memory by the
        # runs' own threads (no I/O there: a roster search has a wall-clock budget), written
        # to and read back from the store by one flusher thread.
        self._live: dict[str, tuple[int, int]] = {}
        self._cancelled: set[str] = set()

    # --- the store ---------------------------------------------------------------

    def _hours(self) -> dt.datetime:
        return _now() + dt.timedelta(hours=self._limits["job_result_hours"])

    def start(self) -> None:
        """Mark runs a previous server left behind as failed, drop expired results, and
        start the workers."""
        if self._started:
            return
        self._started = True
        try:
            with accounts.writable(self.location) as con:
                store.expire(con, _now())
                store.abandon_active(con, self.kind, _now(), self._hours(),
                                     term("jobs.restarted", "nl") + " / "
                                     + term("jobs.restarted", "en"))
        except SterkteError:
            pass  # no store yet: the pages say so; runs cannot start either
        flusher = threading.Thread(target=self._flush, name=f"{self.kind}-progress",
                                   daemon=True)
        flusher.start()
        for i in range(self._workers):
            # not daemons: a run's computation is not killed half-way in compiled code when
            # the process exits (that aborts the process); it ends, then the thread does
            t = threading.Thread(target=self._work, name=f"{self.kind}-{i}", daemon=False)
            t.start()
            self._threads.append(t)

    def submit(self, work: Callable[[Progress], Any], params: dict[str, Any], owner: str,
               encode: Callable[[Any], str], lang: str = "nl",
               address: str = "") -> Job:
        """Queue a run for ``owner``; :class:`JobLimit` past the limits."""
        self.start()
        lim = self._limits
        job_id = secrets.token_hex(8)
        actor = owner or accounts.OPEN_ACTOR
        with accounts.writable(self.location) as con:
            running, queued, _, all_queued = store.active_counts(con, owner)
            per_user = int(lim["jobs_running_per_user"] + lim["jobs_queued_per_user"])
            if running + queued >= per_user:
                accounts.record(con, actor, "job.start", f"{self.kind} refused",
                                "refused", address)
                raise JobLimit(term("jobs.limit_user", lang, running=running, queued=queued,
                                    limit=per_user))
            if all_queued >= lim["jobs_queued_total"]:
                accounts.record(con, actor, "job.start", f"{self.kind} refused",
                                "refused", address)
                raise JobLimit(term("jobs.limit_all", lang, queued=all_queued,
                                    limit=int(lim["jobs_queued_total"])))
            store.add_job(con, job_id, self.kind, owner, json.dumps(params, default=str),
                          _now())
            accounts.record(con, actor, "job.start", f"{self.kind} {job_id}", "ok",
                            address)
        with self._cond:
            self._queue.append((job_id, owner, work, encode))
            self._cond.notify_all()
        job = self.get(job_id)
        assert job is not None
        return job

    def get(self, job_id: str, with_result: bool = True) -> Job | None:
        with accounts.writable(self.location) as con:
            row = store.get_job(con, job_id, self.kind)
            if row is None:
                return None
            position = store.queue_position(con, job_id)
        result = json.loads(row.result) if with_result and row.result else None
        return Job(row.id, row.kind, row.owner, row.status, row.done, row.total, row.error,
                   json.loads(row.params), position, result)

    def cancel(self, job_id: str, who: str, address: str = "") -> str | None:
        """Cancel a queued or running run; the state it had (None: no such run)."""
        with accounts.writable(self.location) as con:
            before = store.cancel_job(con, job_id, _now(), self._hours())
            if before is not None:
                accounts.record(con, who or accounts.OPEN_ACTOR,
                                "job.cancel", f"{self.kind} {job_id}",
                                "ok" if before in store.ACTIVE else before, address)
        self._cancelled.add(job_id)
        with self._cond:
            self._cond.notify_all()
        return before

    # --- the workers -------------------------------------------------------------

    def _next(self) -> tuple[str, str, Callable[[Progress], Any], Callable[[Any], str]] | None:
        """The oldest queued run whose owner is below the running limit (holding _cond)."""
        per_user = int(self._limits["jobs_running_per_user"])
        for i, item in enumerate(self._queue):
            if self._running.get(item[1], 0) < per_user:
                return self._queue.pop(i)
        return None

    def _work(self) -> None:
        while True:
            with self._cond:
                item = self._next()
                while item is None and not self._stop:
                    self._cond.wait(timeout=1.0)
                    item = self._next()
                if self._stop:
                    return
                assert item is not None
                job_id, owner, work, encode = item
                self._running[owner] = self._running.get(owner, 0) + 1
            try:
                self._run(job_id, work, encode)
            finally:
                with self._cond:
                    self._running[owner] -= 1
                    self._cond.notify_all()

    def _run(self, job_id: str, work: Callable[[Progress], Any],
             encode: Callable[[Any], str]) -> None:
        if not self._written(lambda con: store.start_job(con, job_id, _now())):
            return  # cancelled while queued (or the store cannot be written)

        def progress(done: int, total: int) -> None:
            if self._stop or job_id in self._cancelled:  # stopping, or cancelled: end here
                raise Cancelled
            self._live[job_id] = (done, total)

        status, error, result = "done", "", None
        self._live[job_id] = (0, 0)
        try:
            result = encode(work(progress))
        except Cancelled:
            self._live.pop(job_id, None)
            return
        except Exception as exc:  # reported on the run's page, not raised
            status, error = "failed", str(exc) or type(exc).__name__
        self._live.pop(job_id, None)
        self._written(lambda con: store.finish_job(con, job_id, status, _now(), self._hours(),
                                                   error, result))

    def _written(self, write: Callable[[Connection], bool]) -> bool:
        """``write`` in the store; False when it cannot be. A store another process holds
        is tried again until the server stops: a run's start or result is not dropped
        because an import was writing (the run would stay queued or running for ever)."""
        while True:
            try:
                with accounts.writable(self.location) as con:
                    return write(con)
            except StoreBusy:
                if self._stop:
                    return False
            except SterkteError:
                return False

    def _flush(self) -> None:
        """Every PROGRESS_EVERY seconds: the running runs' progress to the store, and
        which of them another server process has cancelled."""
        while not self._stop:
            time.sleep(PROGRESS_EVERY)
            for job_id, (done, total) in list(self._live.items()):
                try:
                    with accounts.writable(self.location) as con:
                        store.progress(con, job_id, done, total)
                        row = store.get_job(con, job_id, self.kind)
                except SterkteError:
                    continue  # the store is busy: next time
                if row is None or row.status != "running":
                    self._cancelled.add(job_id)

    def shutdown(self, wait: float = 10.0) -> None:
        """Stop the workers: running runs end at their next progress report (waited for
        up to ``wait`` seconds); the next start marks them failed."""
        with self._cond:
            self._stop = True
            self._cond.notify_all()
        deadline = time.monotonic() + wait
        for t in self._threads:
            t.join(timeout=max(0.0, deadline - time.monotonic()))
