"""Large-neighbourhood search (LNS) on a roster's CP-SAT model.

Keep a roster, free a part of it, fix the rest on the model's variable domains,
and let CP-SAT re-optimise the free part with the roster as hint; the model is
built once. What to free follows the problem's structure:

- ``persons``: a few persons over the whole horizon (their rules are all theirs);
- ``days``: everybody over a window of days (cover is per day);
- ``shifts``: every person's choice between some shift types and a day off
  (successions and counts per type are what bind there);
- ``block``: some persons over a window of days;
- ``deficit``: the persons who could fill a cover requirement the roster misses,
  around its day;
- ``relink``: the persons whose schedules differ between the best roster and
  another good one (a path between two good rosters);
- ``relaxed``: where column generation has given a relaxed roster, the cells where
  it is fractional or disagrees with the roster (as RINS does in MIP solvers).

Each kind is chosen with a probability that follows how much it improved the
roster lately (an exponential average of improvement per unit of work), and its
size grows while its sub-problems are solved to optimality and shrinks while they
time out. After a run of sub-problems without a new best roster the search
restarts from the best roster (not from wherever sideways moves have taken it),
with a ``relink`` step toward another good roster.

Work is counted in wall-clock seconds, or — for results that must not depend on
the machine — in CP-SAT's deterministic time (:class:`Clock`); the deterministic
mode uses one thread.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from sterkte.roster.model import Assignment, RosterProblem
from sterkte.roster.solver import Built, own_copy, read_assignment, rehint

Key = tuple[str, int, str]
Progress = Callable[[float, int], None]
"""Called with (seconds elapsed, objective) whenever the roster improves."""

KINDS = ("persons", "days", "shifts", "block", "deficit", "relink", "relaxed")


class Clock:
    """The budget: wall-clock ``seconds``, or ``work`` units of CP-SAT deterministic
    time (then the wall clock plays no part, so the same seed gives the same roster
    on any machine)."""

    def __init__(self, seconds: float, work: float | None = None) -> None:
        self.t0 = time.monotonic()
        self.deadline = self.t0 + seconds
        self.work = work
        self.used = 0.0
        self._lock = threading.Lock()

    @property
    def deterministic(self) -> bool:
        return self.work is not None

    def left(self) -> float:
        if self.work is not None:
            return self.work - self.used
        return self.deadline - time.monotonic()

    def done(self) -> bool:
        return self.left() <= (0.0 if self.deterministic else 0.05)

    def elapsed(self) -> float:
        return time.monotonic() - self.t0

    def solver(self, amount: float, seed: int, workers: int = 1) -> cp_model.CpSolver:
        """A CP-SAT solver limited to ``amount`` of the budget's unit."""
        s = cp_model.CpSolver()
        amount = max(0.01, min(amount, max(0.01, self.left())))
        if self.deterministic:
            s.parameters.max_deterministic_time = amount
            s.parameters.num_workers = 1
        else:
            s.parameters.max_time_in_seconds = amount
            s.parameters.num_workers = max(1, workers)
        s.parameters.random_seed = seed
        return s

    def charge(self, solver: cp_model.CpSolver) -> float:
        """Book a finished solve; the work it took in the budget's unit."""
        spent = solver.deterministic_time if self.deterministic else solver.wall_time
        with self._lock:
            self.used += solver.deterministic_time
        return max(1e-3, float(spent))


@dataclass
class Incumbent:
    """The best roster so far, shared by the threads of the search, and a few other
    good ones (the elite) for restarts."""

    roster: Assignment
    objective: int
    clock: Clock
    progress: Progress | None = None
    elite: list[tuple[int, Assignment]] = field(default_factory=list)
    improvements: int = 0
    relaxed: dict[Key, float] | None = None  # column generation's relaxed roster
    lock: threading.Lock = field(default_factory=threading.Lock)

    def offer(self, roster: Assignment, objective: int) -> bool:
        """Take ``roster`` if it is better than the best; keep it in the elite if it
        is among the few best. True when it is a new best."""
        with self.lock:
            if all(r != roster for _, r in self.elite):
                self.elite.append((objective, roster))
                self.elite.sort(key=lambda t: t[0])
                del self.elite[4:]
            if objective >= self.objective:
                return False
            self.roster, self.objective = roster, objective
            self.improvements += 1
        if self.progress:
            self.progress(self.clock.elapsed(), objective)
        return True


def cost(built: Built, solver: cp_model.CpSolver) -> int:
    """The objective of the solver's roster, evaluated on the roster itself (the
    reported objective value has been seen to disagree with the solution returned)."""
    return round(solver.value(built.objective))


def fixed_solve(built: Built, model: cp_model.CpModel, roster: Assignment,
                fixed: set[Key], solver: cp_model.CpSolver) -> cp_model.CpSolverStatus:
    """Solve ``model`` (the built model or a clone) with the ``fixed`` variables fixed
    to their value in ``roster``; the solver's status."""
    proto = model.proto
    saved: list[tuple[int, int, int]] = []
    for key in fixed:
        idx = built.x[key].index
        val = int(roster.get((key[0], key[1])) == key[2])
        dom = proto.variables[idx].domain
        saved.append((idx, dom[0], dom[1]))
        dom[0] = val
        dom[1] = val
    try:
        return solver.solve(model)
    finally:
        for idx, lo, hi in saved:
            dom = proto.variables[idx].domain
            dom[0] = lo
            dom[1] = hi


@dataclass
class Roulette:
    """Kinds of move picked with a probability that follows their recent gain per
    second: ``keep`` of the old rate and ``take`` of the latest yield; every kind keeps
    ``floor`` of the best rate, so none is starved."""

    kinds: tuple[str, ...]
    rng: random.Random
    floor: float
    keep: float
    take: float
    rate: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for k in self.kinds:
            self.rate[k] = 1.0  # optimistic: every kind gets tried early

    def pick(self, exclude: tuple[str, ...] = ()) -> str:
        kinds = [k for k in self.kinds if k not in exclude]
        floor = self.floor * max(self.rate[k] for k in kinds) + 1e-9
        return self.rng.choices(kinds, weights=[self.rate[k] + floor for k in kinds])[0]

    def learn(self, kind: str, gain: float, spent: float) -> None:
        self.rate[kind] = self.keep * self.rate[kind] + self.take * (max(0, gain) / spent)


class TimeShare:
    """Kinds of move picked so that each gets a share of the *time* that follows its
    gain per second lately (gain and seconds per move averaged apart, so that a kind
    that gains once in twenty tries keeps its rate), every kind at least
    ``floor`` of the best. Not :class:`Roulette`, which picks
    *moves* by gain per second: here a move takes from a millisecond (a day
    re-assigned) to seconds (everyone over eight weeks), and picking a sweep as often
    as a chain spent half the minute on sweeps that gained next to nothing (measured on
    a planted 22 × 84 × 3 instance: 23 of 30 s, 308 of 3,341 gained). ``most``: per
    kind the largest share of the time it may take, whatever its rate; ``weight``: per
    kind a factor on its rate (a kind whose gains open the way for the others')."""

    def __init__(self, kinds: tuple[str, ...], rng: random.Random, floor: float = 0.02,
                 keep: float = 0.9, most: dict[str, float] | None = None,
                 weight: dict[str, float] | None = None) -> None:
        self.kinds, self.rng, self.floor, self.keep = kinds, rng, floor, keep
        self.most = most or {}
        self.weight = weight or {}
        self.gain = dict.fromkeys(kinds, 1e6)  # optimistic: every kind gets tried early
        self.took = dict.fromkeys(kinds, 0.01)
        self.tried: set[str] = set()

    def rate(self, kind: str) -> float:
        return self.weight.get(kind, 1.0) * self.gain[kind] / self.took[kind]

    def pick(self) -> str:
        best = max(self.rate(k) for k in self.kinds)
        share = {k: max(self.rate(k), self.floor * best) + 1e-12 for k in self.kinds}
        for k, most in self.most.items():  # at most that share of the time
            if k in share:
                others = sum(v for j, v in share.items() if j != k)
                share[k] = min(share[k], most / (1.0 - most) * others)
        return self.rng.choices(self.kinds, weights=[share[k] / self.took[k]
                                                     for k in self.kinds])[0]

    def learn(self, kind: str, gain: float, took: float) -> None:
        if kind not in self.tried:
            self.tried.add(kind)
            self.gain[kind], self.took[kind] = max(0.0, gain), took
            return
        self.gain[kind] = self.keep * self.gain[kind] + (1 - self.keep) * max(0.0, gain)
        self.took[kind] = self.keep * self.took[kind] + (1 - self.keep) * took


@dataclass
class _Kinds:
    """Per kind of neighbourhood: its size in free variables and its recent yield."""

    n_vars: int
    rng: random.Random
    size: dict[str, float] = field(default_factory=dict)
    yields: Roulette = field(init=False)

    def __post_init__(self) -> None:
        self.yields = Roulette(KINDS, self.rng, floor=0.05, keep=0.7, take=0.3)
        for k in KINDS:
            self.size[k] = min(float(self.n_vars), 600.0)

    def pick(self, exclude: tuple[str, ...] = ("relink",)) -> str:
        return self.yields.pick(exclude)

    def learn(self, kind: str, gain: int, spent: float, proved: bool, solved: bool) -> None:
        self.yields.learn(kind, gain, spent)
        grow = 0.8 if not solved else (1.15 if proved else 0.85)
        self.size[kind] = min(float(self.n_vars), max(20.0, self.size[kind] * grow))


def neighbourhood(problem: RosterProblem, built: Built, roster: Assignment, kind: str,
                  share: float, by_person: dict[str, list[Key]], rng: random.Random,
                  other: Assignment | None = None, relaxed: dict[Key, float] | None = None
                  ) -> set[Key]:
    """The variables to free for one step of ``kind`` with about ``share`` of them."""
    persons = list(by_person)
    days = problem.days
    if kind == "persons":
        k = max(1, round(share * len(persons)))
        return {key for e in rng.sample(persons, min(k, len(persons))) for key in by_person[e]}
    if kind == "days":
        span = max(1, round(share * days))
        first = rng.randrange(0, max(1, days - span + 1))
        return {key for key in built.x if first <= key[1] < first + span}
    if kind == "shifts":
        ids = [s.id for s in problem.shifts]
        k = max(1, min(len(ids), round(share * len(ids))))
        chosen = set(rng.sample(ids, k))
        free = {key for key in built.x if key[2] in chosen}
        if len(free) > 2 * share * len(built.x):  # too large: keep a window of days
            span = max(2, round(days * share * len(built.x) / max(1, len(free))))
            first = rng.randrange(0, max(1, days - span + 1))
            free = {key for key in free if first <= key[1] < first + span}
        return free
    if kind == "relaxed" and relaxed is not None:
        differ = [key for key in built.x
                  if abs(relaxed.get(key, 0.0) - (roster.get((key[0], key[1])) == key[2]))
                  > 1e-6]
        limit = max(1, round(share * len(built.x)))
        if len(differ) > limit:  # too many: those of a window of days
            span = max(1, round(days * limit / len(differ)))
            first = rng.randrange(0, max(1, days - span + 1))
            differ = [k for k in differ if first <= k[1] < first + span]
        return set(differ)
    if kind == "relink" and other is not None:
        apart = [e for e in persons if any(roster.get((e, d)) != other.get((e, d))
                                           for d in range(days))]
        k = max(1, round(share * len(persons)))
        chosen = set(rng.sample(apart, min(k, len(apart))))
        if len(chosen) < k:
            rest = [e for e in persons if e not in chosen]
            chosen |= set(rng.sample(rest, min(k - len(chosen), len(rest))))
        return {key for e in chosen for key in by_person[e]}
    span = rng.randint(min(days, 5), days)
    k = max(2, round(share * len(persons) * days / span))
    first = rng.randrange(0, max(1, days - span + 1))
    missed = missed_cover(problem, roster) if kind == "deficit" else []
    if missed:
        # around a cover requirement the roster misses: the persons who could fill it
        cells = rng.choice(missed)
        day = cells[0][0]
        first = max(0, min(days - span, day - rng.randint(0, span - 1)))
        able = [e for e in persons if any((e, d, sh) in built.x for d, sh in cells)]
        others = [e for e in persons if e not in able]
        pool = rng.sample(able, min(k, len(able)))
        pool += rng.sample(others, min(max(0, k - len(pool)), len(others)))
        chosen = set(pool)
    else:
        chosen = set(rng.sample(persons, min(k, len(persons))))
    return {key for e in chosen for key in by_person[e] if first <= key[1] < first + span}


def missed_cover(problem: RosterProblem, roster: Assignment) -> list[tuple[tuple[int, str], ...]]:
    """The cells of every cover requirement the roster leaves short."""
    count: dict[tuple[int, str], int] = {}
    for (_, d), sh in roster.items():
        count[(d, sh)] = count.get((d, sh), 0) + 1
    return [c.cells for c in problem.cover if c.cells and c.skill is None
            and sum(count.get(cell, 0) for cell in c.cells) < c.required]


@dataclass(frozen=True)
class LnsSettings:
    sub_limit: float = 1.0  # per sub-problem, seconds or deterministic units
    linearization_level: int = 2
    patience: int = 40  # sub-problems without a new best before a restart


def lns(problem: RosterProblem, built: Built, inc: Incumbent, bound: int, clock: Clock,
        seed: int, threads: int, settings: LnsSettings = LnsSettings(),
        halt: threading.Event | None = None, start: tuple[int, Assignment] | None = None,
        stall: float | None = None,
        sweep: Callable[[Assignment, int], tuple[int, Assignment]] | None = None) -> None:
    """Improve ``inc`` until the budget is spent, the bound is reached or ``halt`` is
    set; ``threads`` searches at once, each on its own copy of the model (CP-SAT
    releases the GIL while it solves). With a deterministic clock, one thread.

    ``start``: a roster (with its cost) to search from instead of the best one, and
    not to leave for the best one (a restart elsewhere: the rosters it finds are
    offered, and taken when better). ``stall``: return after that many seconds
    without a better roster (the best one's, or with ``start`` its own). ``sweep``:
    the first thread passes the best roster it starts from, and every best roster
    another thread found (a dive's), through it before its own moves
    (:mod:`sterkte.roster.sweep`)."""
    by_person: dict[str, list[Key]] = {e.id: [] for e in problem.employees}
    for key in built.x:
        by_person[key[0]].append(key)
    threads = 1 if clock.deterministic else max(1, threads)

    def stop() -> bool:
        return clock.done() or inc.objective <= bound or (halt is not None and halt.is_set())

    def worker(wid: int) -> None:
        rng = random.Random(seed * 1000 + wid)
        kinds = _Kinds(max(1, len(built.x)), rng)
        # a copy of its own: other threads (a dive, another worker) fix variables on
        # the built model's domains at the same time
        model, mvars = own_copy(built)
        with inc.lock:
            current, current_obj = inc.roster, inc.objective
        if start is not None:
            current_obj, current = start
        follow = start is None
        gained = time.monotonic()
        last = inc.objective if follow else current_obj
        since, it, restart = 0, 0, False
        fresh = follow  # the best roster as this thread found it: not yet swept
        while not stop():
            it += 1
            other: Assignment | None = None
            with inc.lock:
                if follow and current_obj > inc.objective:  # another thread or a dive
                    current, current_obj = inc.roster, inc.objective
                    fresh = True
            if fresh and sweep is not None and wid == 0:
                current_obj, current = sweep(current, current_obj)
            fresh = False
            with inc.lock:
                mine = inc.objective if follow else current_obj
                elite = [r for _, r in inc.elite if r != current]
            if mine < last:
                gained, last = time.monotonic(), mine
            elif stall is not None and time.monotonic() - gained > stall:
                return
            if restart and elite:
                kind, other = "relink", rng.choice(elite)
            else:
                kind = kinds.pick(("relink",) if inc.relaxed else ("relink", "relaxed"))
            restart = False
            free = neighbourhood(problem, built, current, kind,
                                 min(1.0, kinds.size[kind] / kinds.n_vars), by_person, rng,
                                 other, inc.relaxed)
            rehint(model, mvars, current)
            solver = clock.solver(settings.sub_limit, seed + 7919 * wid + it)
            solver.parameters.linearization_level = settings.linearization_level
            status = fixed_solve(built, model, current, set(built.x) - free, solver)
            spent = clock.charge(solver)
            solved = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
            obj = cost(built, solver) if solved else current_obj
            kinds.learn(kind, current_obj - obj, spent, status == cp_model.OPTIMAL, solved)
            if not solved:
                continue
            if obj <= current_obj:  # better, or sideways: keeps moving
                current, current_obj = read_assignment(built, solver), obj
            if inc.offer(current, obj):
                since = 0
                continue
            since += 1
            if since >= settings.patience:
                since, restart = 0, follow
                if follow:
                    with inc.lock:
                        current, current_obj = inc.roster, inc.objective
                for k in KINDS:  # start afresh from the best roster: sizes too
                    kinds.size[k] = min(float(kinds.n_vars), 600.0)

    if threads == 1:
        worker(0)
        return
    pool = [threading.Thread(target=worker, args=(w,)) for w in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()


def objective_of(built: Built, roster: Assignment) -> int | None:
    """The cost of ``roster`` in ``built``'s objective (all variables fixed); None when
    the roster breaks one of the model's rules."""
    solver = cp_model.CpSolver()  # every variable fixed: quick, and not charged
    solver.parameters.max_deterministic_time = 5.0
    solver.parameters.num_workers = 1
    status = fixed_solve(built, built.model, roster, set(built.x), solver)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return cost(built, solver)

