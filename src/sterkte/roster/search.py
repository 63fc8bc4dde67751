"""Search strategy: a first roster, a full CP-SAT solve where the model is small,
rosters proposed by column generation, and large-neighbourhood search (LNS).

1. A first roster: the one given; where every person's rules fit a shortest path
   and the model is large, everyone's best response to the others
   (:mod:`sterkte.roster.respond`, a second or two); where the empty roster breaks no
   rule, greedy cover from it (:mod:`sterkte.roster.construct`: a police team's rules
   do not fit the path), or the empty roster itself when that costs less; else
   CP-SAT's first solution.
2. On a small model, a share of the time on the full model with its strong linear
   relaxation (it proves the small benchmark instances optimal).
3. Where every person's rules fit a shortest path (:mod:`sterkte.roster.pricing`),
   column generation over per-person schedules (:mod:`sterkte.roster.columns`):
   its relaxation bounds the cost from below; RENS on it (the cells it decides
   fixed, CP-SAT on the rest) and dives through it (:mod:`sterkte.roster.dive`)
   propose whole rosters. Column generation, RENS and the first dive run alone
   (measured on instance 12 under load: beside an LNS thread, generation took 40 s
   instead of 15, and RENS found nothing), at most ``generate_share``, half the
   generation time per RENS seed, and ``dive_share`` of the budget; a dive too slow
   for the budget fixes a share of the persons per step and, cut short, completes
   by best responses. Each proposal goes to the LNS, which repairs
   and improves it; each further dive starts from a pool that holds the best roster
   found so far, so restarts are guided by it. Dives run in the main thread, one
   after another until the budget is spent, while the LNS runs in the others
   (CP-SAT releases the GIL while it solves).
4. LNS (:mod:`sterkte.roster.lns`) with neighbourhoods by person, day window and
   shift type, chosen by how much they improved lately, and restarts from the best
   roster when it stalls; every new best roster a dive brings is first swept by
   windows of days, every start in turn (:mod:`sterkte.roster.sweep`).

Every roster the search returns satisfies the model; callers re-check it with the
independent checker. Determinism: with ``SearchSettings(work=…)`` the budget is
CP-SAT's deterministic time and the search runs in one thread, so a seed gives the
same roster on any machine, in-process or on a Dask worker; with a wall-clock
budget (the default) results vary a little from run to run.
"""

from __future__ import annotations

import math
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from sterkte.roster import columns
from sterkte.roster.construct import construct
from sterkte.roster.dive import dive
from sterkte.roster.large import (
    LARGE_SHARE,
    MODEL_VARS,
    estimated_vars,
    large_search,
    suits,
)
from sterkte.roster.lns import (
    Clock,
    Incumbent,
    LnsSettings,
    Progress,
    cost,
    fixed_solve,
    lns,
    objective_of,
)
from sterkte.roster.model import Assignment, RosterProblem
from sterkte.roster.pair import large_pair
from sterkte.roster.respond import polish
from sterkte.roster.solver import Built, Solution, build, hint, own_copy, read_assignment, rehint
from sterkte.roster.sweep import sweep

__all__ = ["Progress", "SearchSettings", "search", "solve_roster"]

Found = tuple[int, Assignment]  # a roster with its cost


@dataclass(frozen=True)
class SearchSettings:
    """How to spend the budget.

    ``workers`` threads (LNS threads; with column generation one of them dives);
    ``first_share`` of the time on the full model when it has at most
    ``full_solve_max_vars`` variables (``portfolio_share`` otherwise); sub-problems
    of at most ``sub_seconds``. ``columns``: column generation and dives on (True),
    off (False) or when every person's rules fit the shortest path (None).
    ``work``: a deterministic budget in CP-SAT deterministic seconds — then the
    wall-clock ``seconds`` of :func:`solve_roster` is ignored and the search runs in
    one thread, so that the same seed gives the same roster everywhere."""

    workers: int = 1
    seed: int = 0
    first_share: float = 0.3
    sub_seconds: float = 1.0
    full_solve_max_vars: int = 1500
    portfolio_share: float = 0.05
    linearization_level: int = 2
    columns: bool | None = None
    work: float | None = None
    patience: int = 40
    dive_rounds: int = 60  # pricing rounds per dive step at most
    rens_share: float = 0.4  # of the budget left after column generation
    rens_tries: int = 3
    rens_near: float = 0.25
    polish_share: float = 0.1  # of the budget left, for best responses after a dive
    # a dive is *fast* when a full one (about ``dive_rounds_per_person`` pricing rounds
    # per person, as measured on the benchmark) would not fit ``draws`` times in the
    # budget left (below): it fixes ``fast_batch`` of the persons left at each step with at
    # most ``fast_rounds`` pricing rounds, and gives up after ``dive_share`` of the
    # budget left (the persons left take their best responses). Measured after column
    # generation (load 3–5, CPU seconds): on instance 8 a tenth a step with 3 rounds
    # gave 1,622 in 4 s, a fifth with up to 60 (the relaxation converged at each step)
    # 1,319 in 8 s, the full dive 1,311 in 20 s; on instance 12, 4,608 in 8 s, 4,041
    # in 45 s and two minutes
    dive_rounds_per_person: float = 10.0
    # a dive is fast unless ``draws`` full ones fit the budget left: on instance 8 a
    # dive's roster is 1,304–1,319 or 1,404–1,512 by what the pool holds, so more dives
    # are more chances; a full dive there took 16–34 s of a minute (load 5–6), a fast
    # one 6–10 s, their rosters alike (1,311 and 1,319 from the root columns)
    draws: int = 4
    dive_share: float = 0.6
    fast_batch: float = 0.2
    fast_rounds: int = 60
    # of the budget left, for column generation at most: its relaxation and RENS on it
    # gave the best rosters on instance 12 (4040–4041), and at load 12 half the minute
    # was 8 s of CPU, just short of convergence (bound 4025; roster 6,726)
    generate_share: float = 0.7
    respond_share: float = 0.05  # of the budget, for the first roster by best responses
    # of the budget, for the first roster by greedy cover where best responses do not
    # hold every rule (:mod:`sterkte.roster.construct`): a squad of 31 takes 0.25 s, and
    # whatever the budget, a finished greedy roster is worth more than the time after it
    # (a basisteam of 154 in 1 s, measured before greedy cover stopped adding shifts
    # that cover nothing: 43 person-hours short with 0.8, 705 with 0.3)
    construct_share: float = 0.8
    # where dives lose to RENS (``_restarts``): of the budget without a better roster
    # before the main thread dives again
    stall_share: float = 0.1
    # a sweep of day windows (every person free over about ``sweep_size`` variables
    # worth of days, each start in turn; :mod:`sterkte.roster.sweep`) on every new best
    # roster a dive brings, at most ``sweep_passes`` passes while one improves: on
    # instance 8 a dive's roster at 1,404 goes to 1,307 in the first window (days 0–7),
    # where the LNS, drawing its windows, stayed at 1,399 for 20 s (load 9); a pass
    # is 21 windows, 0.1–1 s each
    sweep_size: float = 600.0
    sweep_passes: int = 1
    # the search without one CP-SAT model (:mod:`sterkte.roster.large`): on (True),
    # off (False) or above ``large.LARGE_VARS`` variables (None)
    large: bool | None = None


def solve_roster(problem: RosterProblem, seconds: float, settings: SearchSettings | None = None,
                 progress: Progress | None = None, start: Assignment | None = None
                 ) -> Solution:
    """The best roster found within ``seconds`` (wall clock; or the settings'
    deterministic ``work``). ``start`` is an optional roster to start from."""
    s = settings or SearchSettings()
    clock = Clock(seconds, s.work)  # the model's build counts in the budget
    large = s.large if s.large is not None else suits(problem)
    if start is None and s.columns is not False and not clock.deterministic and large:
        # where the model is small enough to build, the windowed search gives the
        # first roster and the LNS on the model improves it (large.MODEL_VARS)
        hybrid = estimated_vars(problem) <= MODEL_VARS
        part = Clock(LARGE_SHARE * seconds) if hybrid else clock
        sol = (large_pair(problem, part, s.seed, progress) if s.workers >= 2
               else large_search(problem, part, s.seed, progress))
        if sol.objective is not None and not hybrid:
            return sol
        if sol.objective is not None:
            start, s = sol.assignment, replace(s, columns=False)
    return search(problem, build(problem), clock, s, progress, start)


def search(problem: RosterProblem, built: Built, clock: Clock, s: SearchSettings,
           progress: Progress | None = None, start: Assignment | None = None) -> Solution:
    """:func:`solve_roster` on a model already built — one whose objective or
    constraints a caller has changed (re-rostering does): the model's own objective
    is minimised and column generation, which prices only cover and requests, should
    then be off (``s.columns=False``)."""
    small = len(built.x) <= s.full_solve_max_vars
    pool: columns.Pool | None = None
    responded = False
    if s.columns is not False and not small and start is None and not clock.deterministic:
        # where a shortest path holds every person's rules, everyone's best response
        # to the others is a first roster in a second or two (CP-SAT's first solution
        # of a large model takes longer and costs more)
        pool = _pool(problem, clock, s)
        if all(pr.exact for pr in pool.persons):
            # at most ``respond_share`` of the budget (counters priced by multipliers
            # make a response slower: on instance 8 under load, 30 s unbounded)
            enough = _give_up(clock, s.respond_share * clock.left())
            start = polish(pool, {}, lambda: clock.done() or enough(),
                           random.Random(s.seed), first=list(range(len(pool.persons))),
                           halt=clock.done).assignment()
            responded = True
    best, best_obj, status_name = _first(built, clock, s, start)
    if best == {} and start is None and not responded:
        best, best_obj = _constructed(problem, built, clock, s, best, best_obj)
    if status_name == "INFEASIBLE":
        return Solution({}, None, 0, "INFEASIBLE")
    bound = 0
    if best is not None:
        hint(built, best)
    # the full model with its strong relaxation from that roster (on a large model the
    # relaxation alone takes longer than the budget: LNS does better there)
    if small or best is None or (best and not (responded and best_obj is not None)):
        share = s.first_share if small else s.portfolio_share
        solver = clock.solver(share * clock.left(), s.seed, s.workers)
        if small:
            solver.parameters.linearization_level = s.linearization_level
        status = solver.solve(built.model)
        clock.charge(solver)
        status_name = solver.status_name(status)
        if status != cp_model.UNKNOWN:
            bound = math.ceil(solver.best_objective_bound - 1e-6)
        if status == cp_model.INFEASIBLE:
            return Solution({}, None, 0, "INFEASIBLE")
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            obj = cost(built, solver)
            if best_obj is None or obj <= best_obj:
                best, best_obj = read_assignment(built, solver), obj
    if best is None or best_obj is None:
        return Solution({}, None, 0, status_name)
    inc = Incumbent(best, best_obj, clock, progress)
    if progress:
        progress(clock.elapsed(), best_obj)
    if not best and not small:
        _rolling(problem, built, inc, clock, s)
    use_columns = s.columns
    if use_columns is not False and inc.objective > bound:
        pool = pool or _pool(problem, clock, s)
        if use_columns is None:
            use_columns = all(pr.exact for pr in pool.persons)
    lns_settings = LnsSettings(s.sub_seconds, s.linearization_level, s.patience)
    if not use_columns or pool is None or inc.objective <= bound:
        lns(problem, built, inc, bound, clock, s.seed, s.workers, lns_settings)
    elif clock.deterministic:
        bound = max(bound, _dives(problem, built, pool, inc, clock, s, bound, once=True)[0])
        lns(problem, built, inc, bound, clock, s.seed, 1, lns_settings)
    else:
        halt = threading.Event()
        def sweeping(roster: Assignment, obj: int) -> Found:
            return _sweep(problem, built, inc, clock, s, bound, roster, obj, s.seed + 3, halt)

        searcher = threading.Thread(target=lns, args=(problem, built, inc, bound, clock,
                                                      s.seed, max(1, s.workers - 1),
                                                      lns_settings, halt),
                                    kwargs={"sweep": sweeping})
        try:
            found, won = _dives(problem, built, pool, inc, clock, s, bound, once=False,
                                begin=searcher.start)
            if found >= inc.objective:
                halt.set()  # the roster is proved optimal
            else:  # fast dives: this thread dives on beside the LNS
                _restarts(problem, built, pool, inc, clock, s, found, halt, lns_settings, won)
        finally:
            if searcher.ident is None:
                searcher.start()  # the dives ended before the first: it stops at once
            searcher.join()
        bound = max(bound, found)
    best_obj = inc.objective
    return Solution(inc.roster, best_obj, bound, "OPTIMAL" if best_obj <= bound else "FEASIBLE")


def _restarts(problem: RosterProblem, built: Built, pool: columns.Pool, inc: Incumbent,
              clock: Clock, s: SearchSettings, bound: int, halt: threading.Event,
              settings: LnsSettings, dives_win: bool) -> None:
    """This thread's share of the search beside the LNS threads: new dives through the
    relaxation, one after another until the budget is spent, each from a pool that
    holds the best roster so far (and the columns every earlier dive priced), so each
    dive differs; their rosters go to the LNS, which sweeps every new best roster
    (:mod:`sterkte.roster.sweep`). Measured on instance 8 (load 5–10): a dive's roster
    is 1,304–1,319 or 1,404–1,512 by what the pool holds (from the same root columns
    with four different rosters added: 1,307, 1,308, 1,312, 1,422), and the LNS does
    not take a roster of the second kind to the first, so more dives are more chances.

    Unless ``dives_win`` (the first dive's roster was a new best), this thread first
    searches with the LNS until no better roster has come for ``stall_share`` of the
    budget, and after each dive the LNS from the dive's roster until it stalls: on
    instance 12 RENS gives the best rosters and a dive's is far worse (4,500 against
    4,040–4,140); with dives back to back there, a run from RENS's 4,140 stayed there."""
    def stop() -> bool:
        return clock.done() or inc.objective <= bound or halt.is_set()

    stall = s.stall_share * (clock.deadline - clock.t0)
    if not dives_win:
        lns(problem, built, inc, bound, clock, s.seed + 1, 1, settings, halt, stall=stall)
    k = 100
    while not stop():
        k += 1
        pool.add_roster(inc.roster)
        roster = dive(pool, stop, rounds=s.fast_rounds, rng=random.Random(s.seed * 7919 + k),
                      batch=s.fast_batch,
                      give_up=_give_up(clock, s.dive_share * clock.left()),
                      polishing=_from_first_call(clock, s.polish_share))
        obj = objective_of(built, roster)
        if obj is None or clock.done():
            continue
        inc.offer(roster, obj)
        if not dives_win:
            lns(problem, built, inc, bound, clock, s.seed + k, 1, settings, halt,
                start=(obj, roster), stall=stall)


def _sweep(problem: RosterProblem, built: Built, inc: Incumbent, clock: Clock,
           s: SearchSettings, bound: int, roster: Assignment, obj: int, seed: int,
           halt: threading.Event | None = None) -> Found:
    """A dive's roster improved by a sweep of day windows (:mod:`sterkte.roster.sweep`);
    better rosters are offered on the way."""
    def stop() -> bool:
        return clock.done() or inc.objective <= bound or (halt is not None and halt.is_set())
    return sweep(problem, built, roster, obj, clock, seed, s.sweep_size, s.sub_seconds,
                 bound, stop, inc.offer, s.sweep_passes)


def _pool(problem: RosterProblem, clock: Clock, s: SearchSettings) -> columns.Pool:
    pool = columns.new_pool(problem)
    pool.threads = 1 if clock.deterministic else max(1, s.workers)
    return pool


def _first(built: Built, clock: Clock, s: SearchSettings, start: Assignment | None
           ) -> tuple[Assignment | None, int | None, str]:
    """A first roster: ``start``, the empty roster when it breaks no rule, or CP-SAT's
    first solution; with its cost and a status name."""
    if start is not None:
        obj = objective_of(built, start)
        if obj is not None:
            return start, obj, "FEASIBLE"
    empty = objective_of(built, {})
    if empty is not None:
        return {}, empty, "FEASIBLE"  # nobody working breaks no rule: a valid start
    # CP-SAT's portfolio (feasibility jump, local search); one worker when deterministic
    first = clock.solver(clock.left(), s.seed, max(2, s.workers))
    first.parameters.stop_after_first_solution = True
    status = first.solve(built.model)
    clock.charge(first)
    if status == cp_model.INFEASIBLE:
        return None, None, "INFEASIBLE"
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        roster = read_assignment(built, first)
        return roster, objective_of(built, roster), "FEASIBLE"
    return None, None, first.status_name(status)


def _constructed(problem: RosterProblem, built: Built, clock: Clock, s: SearchSettings,
                 empty: Assignment, empty_obj: int | None) -> tuple[Assignment, int | None]:
    """Greedy cover from the empty roster (:mod:`sterkte.roster.construct`) within
    ``construct_share`` of the budget, when the model keeps it and it costs less. With
    a deterministic budget it runs to its end, uncharged (it is no CP-SAT work): the
    same roster on any machine."""
    enough = _give_up(clock, s.construct_share * clock.left())
    roster = construct(problem, s.seed,
                       (lambda: False) if clock.deterministic else
                       (lambda: clock.done() or enough()))
    obj = objective_of(built, roster) if roster else None
    if obj is None or (empty_obj is not None and obj >= empty_obj):
        return empty, empty_obj
    return roster, obj


def _rolling(problem: RosterProblem, built: Built, inc: Incumbent, clock: Clock,
             s: SearchSettings) -> None:
    """Build a roster from the empty one by a rolling horizon (where greedy cover gave
    none the model keeps): a week at a time, the days before it fixed as rostered, the
    days after it still empty; half the budget left at most."""
    best: Assignment = {}
    span = 7
    windows = list(range(0, problem.days, span))
    budget = 0.5 * clock.left()
    for i, first in enumerate(windows):
        free = {k for k in built.x if first <= k[1] < first + span}
        hint(built, best)
        solver = clock.solver(budget / len(windows), s.seed + i, s.workers)
        solver.parameters.linearization_level = s.linearization_level
        status = fixed_solve(built, built.model, best, set(built.x) - free, solver)
        clock.charge(solver)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            best = read_assignment(built, solver)
            inc.offer(best, cost(built, solver))


def _rens(built: Built, relaxed: dict[tuple[str, int, str], float], inc: Incumbent,
          clock: Clock, s: SearchSettings, most: float, seed: int,
          start: Found | None = None) -> tuple[bool, Found | None]:
    """RENS: the cells the relaxed roster decides (weight 0 or 1) fixed so, the others
    free; CP-SAT on what is left, a share of the budget, ``most`` at most, hinted by
    the relaxed roster or by ``start`` (a roster an earlier try found in it). Whether
    the sub-problem was solved to optimality, and the roster found with its cost."""
    whole = {k for k in built.x if (w := relaxed.get(k, 0.0)) < 1e-6 or w > 1 - 1e-6}
    ones = {(e, d): sid for (e, d, sid) in whole if relaxed.get((e, d, sid), 0.0) > 0.5}
    guide = ones if start is None else start[1]
    model, mvars = own_copy(built)
    rehint(model, mvars, guide)
    solver = clock.solver(min(most, s.rens_share * clock.left()), seed, 1)
    solver.parameters.linearization_level = s.linearization_level
    status = fixed_solve(built, model, ones, whole, solver)
    clock.charge(solver)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        found: Found = (cost(built, solver), read_assignment(built, solver))
        inc.offer(found[1], found[0])
        return status == cp_model.OPTIMAL, found
    return status == cp_model.INFEASIBLE, start


def _give_up(clock: Clock, limit: float) -> Callable[[], bool]:
    """True once ``limit`` of the budget has gone from now."""
    start = clock.left()
    return lambda: start - clock.left() > limit


def _from_first_call(clock: Clock, share: float) -> Callable[[], bool]:
    """True once ``share`` of the budget left at its first call has gone since."""
    start: list[float] = []

    def spent() -> bool:
        if not start:
            start.append(clock.left())
        return start[0] - clock.left() > share * start[0]
    return spent


def _dives(problem: RosterProblem, built: Built, pool: columns.Pool, inc: Incumbent,
           clock: Clock, s: SearchSettings, bound: int, once: bool,
           begin: Callable[[], None] | None = None) -> tuple[int, bool]:
    """Column generation, then dives until the budget is spent (or one, ``once``);
    each dive's roster is offered to the incumbent. Returns a lower bound on the
    cost (0 when column generation proved none: not converged, or soft goals it
    does not price), and whether a dive's roster was a new best roster."""
    # deterministic: no wall clock anywhere, so a bounded number of rounds instead
    max_rounds = 400 if clock.deterministic else 10_000

    def stop() -> bool:
        return clock.done() or inc.objective <= bound

    began = clock.left()
    # the relaxation need not converge to guide a dive: at most ``generate_share``
    generating = _give_up(clock, s.generate_share * clock.left())
    columns.generate(pool, lambda: stop() or generating(), max_rounds)
    lower = 0
    if not problem.goals and math.isfinite(pool.lower_bound):
        lower = math.ceil(pool.lower_bound - 1e-6)
    per_round = (began - clock.left()) / max(1, pool.rounds)
    if pool.relaxed:
        inc.relaxed = pool.relaxed
        if not stop():
            # RENS before any dive, alone: measured on instance 12 (load 3–7), RENS
            # from the root relaxation reached 4040, the best known, in 5 s of CPU
            # alone, where beside the LNS thread it found nothing in 10 s of wall
            # clock, and a dive's roster (4,500) took the LNS 8 s of CPU to 4,072.
            # Whether CP-SAT (one worker) finds a roster in it at all depends on the
            # seed (two seeds of four found 4040–4041 in 4.5 s of CPU, two found
            # none in 10 s), so up to ``rens_tries`` tries, each at most half as
            # long as generation took: another seed while none is found, else the
            # same sub-problem hinted by the roster found, until it is solved, a
            # try finds nothing better, or the roster found is more than
            # ``rens_near`` above the relaxation (on instance 8 RENS stalls at
            # 1,500–1,700, 15–30 % above it, where a dive and the LNS reach 1,306–1,320;
            # on instance 12 one try's roster is 4,641, 4,140 or 4,041 by how long it
            # ran — 15 %, 2.5 % and 0 % above it — and the next try takes it further)
            most = math.inf if clock.deterministic else 0.5 * (began - clock.left())
            found: Found | None = None
            for t in range(s.rens_tries):
                if stop():
                    break
                before = found
                solved, found = _rens(built, pool.relaxed, inc, clock, s, most,
                                      s.seed + t, found)
                if solved or (found is not None and (
                        found[0] > (1 + s.rens_near) * pool.lp_value
                        or (before is not None and found[0] >= before[0]))):
                    break
    dive_cost = s.dive_rounds_per_person * len(pool.persons) * per_round
    fast = dive_cost > clock.left() / s.draws
    k, won = 0, False
    while not stop() and inc.objective > lower:
        pool.add_roster(inc.roster)  # the best roster so far guides the next dive
        rng = random.Random(s.seed * 7919 + k) if k else None
        give_up = _give_up(clock, s.dive_share * clock.left())
        roster = dive(pool, stop, rounds=s.fast_rounds if fast else s.dive_rounds, rng=rng,
                      batch=s.fast_batch if fast else 0.0,
                      # deterministic: the clock counts CP-SAT's work only
                      give_up=give_up if fast and not clock.deterministic else None,
                      polishing=_from_first_call(clock, s.polish_share))
        k += 1
        obj = objective_of(built, roster)
        if obj is not None:
            won = inc.offer(roster, obj) or won
        if k == 1 and begin is not None:
            begin()
        if obj is not None and once:  # else the LNS thread sweeps each new best
            _sweep(problem, built, inc, clock, s, max(bound, lower), roster, obj, s.seed + k)
        if once or fast:
            break
    return lower, won
