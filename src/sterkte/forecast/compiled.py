"""The sampled engine as one compiled kernel: a block of samples, every month, in one call.

The same model and the same laws as :func:`sterkte.forecast.engine.simulate` in sampled
mode — whole persons; the number leaving a group of cells with one hazard (an age band
of a unit, the cohorts in one programme year) binomial and spread over the group's cells
by systematic sampling; planned outflow binomial per cell; lateral entry Poisson; the
intake plan rounded cumulatively — stepped sample by sample inside one numba function
(without the GIL, so blocks run on both cores). The numpy engine spent its time in the
Python calls around each step (a dozen numpy calls per month, each on a few hundred
cells), not in the arithmetic; here a month of one sample is a few thousand cell updates
and a few hundred binomial draws, in registers and the L1 cache.

Draws come from the block's ``numpy.random.Generator`` in a fixed order (sample, month,
step, cell), so a block gives the same numbers wherever it runs (threads, Dask). They are
not the numpy engine's numbers: that engine draws step by step over all samples at once.
Where numba is missing or ``STERKTE_NUMBA=0``, the numpy engine runs instead.

Steps and sums cover only the birth years and cohorts that can hold anybody in the month
(:func:`sterkte.forecast.engine._alive_rows`, :func:`~sterkte.forecast.engine._live_cohorts`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

from sterkte.forecast.bitgen import Source, poisson
from sterkte.forecast.borrow import borrowed
from sterkte.forecast.draws import _binv, _hazard, log_factorials
from sterkte.forecast.engine import FLOW_INDEX, Trajectory, _alive_rows, _live_cohorts
from sterkte.forecast.groups import (
    draw_group,
    group_total,
    move_two,
    remove_and_arrive,
    remove_one,
    remove_two,
    spread,
)
from sterkte.forecast.inputs import ModelInputs
from sterkte.forecast.schedules import age_bands, dropout_runs
from sterkte.forecast.thinning import _jit
from sterkte.ledger import Category

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]

# flow columns (FLOW_KEYS order), checked below against the engine's index
OS_GRAD, OS_LAT, OS_WT, OS_IN, OS_OUT, OS_TR, OS_PLAN, OS_UNPL = range(8)
ASP_INTAKE, ASP_IN, ASP_WT, ASP_DROP, ASP_GRAD = range(8, 13)
NOS_LAT, NOS_WT, NOS_IN, NOS_OUT, NOS_PLAN, NOS_UNPL = range(13, 19)
assert [FLOW_INDEX[(Category.OS, f)] for f in (
    "graduated_in", "lateral_entry", "working_time", "transfer_nos_to_os",
    "transfer_os_to_nos", "transfer_to_training", "outflow_planned", "outflow_unplanned")
] == list(range(8))
assert FLOW_INDEX[(Category.ASP, "graduated_out")] == ASP_GRAD
assert FLOW_INDEX[(Category.NOS, "outflow_unplanned")] == NOS_UNPL


def _stocks(people: F64, asp: F64, fac: F64, tot: F64, st: F64) -> None:
    """``tot[u, :, s]`` := persons and ``st[u, :, s]`` := fte of OS, ASP, NOS (result
    order): the start. After it every step keeps ``tot`` up to date (whole persons, so
    the running totals are exactly the sums)."""
    tot[:] = 0.0
    n_s = tot.shape[2]
    for u in range(st.shape[0]):
        for i in range(people.shape[0]):
            for s in range(n_s):
                tot[u, 0, s] += people[i, 0, u, s]
                tot[u, 2, s] += people[i, 1, u, s]
        for k in range(asp.shape[0]):
            for s in range(n_s):
                tot[u, 1, s] += asp[k, 0, u, s]
        for s in range(n_s):
            st[u, 0, s] = tot[u, 0, s] * fac[0, 0, u]
            st[u, 1, s] = tot[u, 1, s] * fac[0, 2, u]
            st[u, 2, s] = tot[u, 2, s] * fac[0, 1, u]


def _sub(fl: F64, u: int, col: int, w: F64, factor: float) -> None:
    """``fl[u, col, s] −= w[0, s] × factor``: a flow in fte of w's persons."""
    for s in range(w.shape[1]):
        fl[u, col, s] -= w[0, s] * factor


def _zero(out: F64, n_s: int) -> None:
    """``out[u, c, s] = 0`` for the block's ``n_s`` samples."""
    for u in range(out.shape[0]):
        for c in range(out.shape[1]):
            for s in range(n_s):
                out[u, c, s] = 0.0


def _put(out: F64, st: F64) -> None:
    """``out[u, c, s] = st[u, c, s]``: a block's stocks among the ensemble's."""
    for u in range(st.shape[0]):
        for c in range(st.shape[1]):
            for s in range(st.shape[2]):
                out[u, c, s] = st[u, c, s]


def _planned(people: F64, i: int, h: float, gen: Source, qn_table: F64,
             recip: F64, tot: F64, fl: F64, fac: F64, t: int) -> F64:
    """Planned outflow of birth year i (hazard h), every cell and sample: binomial per
    cell by inversion from 0, with ``(1 − p)^n`` from a table for every n a cell of the
    birth year holds (one exp per n, not per draw). Returns the table (grown if needed)."""
    n_u, n_s = people.shape[2], people.shape[3]
    hp, log_q, odds, slack, _ = _hazard(h)
    most = 0.0
    for c in range(2):
        for u in range(n_u):
            for s in range(n_s):
                most = max(most, people[i, c, u, s])
    n_max = int(most)
    if n_max >= qn_table.size:
        qn_table = np.empty(2 * n_max + 1)
    for n in range(n_max + 1):
        qn_table[n] = math.exp(n * log_q)
    for c in range(2):
        col = OS_PLAN if c == 0 else NOS_PLAN
        r = 0 if c == 0 else 2  # result order: OS, ASP, NOS
        for u in range(n_u):
            fu = fac[t, c, u]
            for s in range(n_s):
                n_cell = people[i, c, u, s]
                if n_cell <= 0.0:
                    continue
                if h >= 1.0:
                    d = n_cell
                else:
                    whole = int(n_cell)
                    x = float(_binv(gen, whole, hp, qn_table[whole], odds, slack, recip))
                    d = x if h <= 0.5 else n_cell - x
                people[i, c, u, s] = n_cell - d
                tot[u, r, s] -= d
                fl[u, col, s] -= d * fu
    return qn_table


def _run(people0: F64, asp0: F64, fac: F64, intake_plan: F64, lateral_plan: F64,
         cs: I64, intake_slot: I64, join_slot: I64, intake_ages: I64, intake_cum: F64,
         lateral_ages: I64, lateral_cum: F64, year_index: I64, unplanned: F64,
         transfers: F64, planned: F64, alive_lo: I64, alive_hi: I64, live_lo: I64,
         live_hi: I64, planned_hi: I64, grad_ptr: I64, grad_k: I64, drop_ptr: I64,
         drop_run: I64, drop_h: F64, band_ptr: I64, band: I64, pom: I64, start: int, b0: int,
         gen: np.random.Generator, log_fact: F64, flows: F64, opening: F64, closing: F64,
         monthly: F64, o: int, n_s: int) -> None:
    """Every month of a block of ``n_s`` samples; results into samples ``o:o + n_s`` of
    ``flows [P, U, F, S]``, ``opening``/``closing [P, U, 3, S]`` and ``monthly [T, U, 3,
    S]`` (S covers the ensemble, whose blocks write their own samples).

    State: ``people [B, 2, U, S]`` (OS, NOS), ``asp [K, 1, U, S]``. Per month the
    schedules are precomputed: cohorts graduating (``grad_ptr``/``grad_k``), runs of
    cohorts with one dropout hazard (``drop_run``, ``drop_h``), age bands clipped to the
    live birth years (``band``). Cells are indexed in full, never through row views, and
    no array expression makes a temporary: both cost an atomic reference count or an
    allocation per use, which was most of the kernel's time."""
    bg = gen.bit_generator  # draws without the generator's reference count (bitgen.py)
    # the caller's arrays without reference counts, the results from this block's first
    # sample on (borrow.py): indexed by s, over contiguous memory
    log_fact = borrowed(log_fact, 0)
    flows, opening, closing = borrowed(flows, o), borrowed(opening, o), borrowed(closing, o)
    monthly = borrowed(monthly, o)
    n_u = flows.shape[1]
    n_t = pom.size
    seen = np.zeros(flows.shape[0], dtype=np.bool_)  # periods whose flows are cleared
    people = np.empty((people0.shape[0], 2, n_u, n_s))
    for i in range(people0.shape[0]):
        for c in range(2):
            for u in range(n_u):
                people[i, c, u, :] = people0[i, c, u]
    asp = np.empty((asp0.shape[0], 1, n_u, n_s))
    for k in range(asp0.shape[0]):
        for u in range(n_u):
            asp[k, 0, u, :] = asp0[k, u]
    moved = np.zeros((people0.shape[0], 2, n_s))
    w = np.zeros((6, n_s))  # a group's scratch (groups.py); wo, wn: OS and NOS of a band
    wo = np.zeros((6, n_s))
    wn = np.zeros((6, n_s))
    kk = np.zeros(n_s)
    band_os = np.zeros(n_s)
    band_nos = np.zeros(n_s)
    qn_table = np.empty(1024)
    recip = log_fact[1]
    k_nos = np.zeros(n_s)
    tot = np.zeros((n_u, 3, n_s))
    st = np.zeros((n_u, 3, n_s))
    grad_rows = np.empty(intake_ages.size, dtype=np.int64)
    lat_rows = np.empty(lateral_ages.size, dtype=np.int64)
    _stocks(people, asp, fac, tot, st)
    for t in range(n_t):
        m = start + t
        year = m // 12
        p = pom[t]
        y = year_index[t]
        if t == 0 or pom[t - 1] != p:
            _put(opening[p], st)
        if not seen[p]:  # the period's flows start at zero, cleared as it starts (in the
            _zero(flows[p], n_s)  # cache for its steps: not a pass over all results first)
            seen[p] = True
        fl = flows[p]
        # (1) graduation: each cohort once, in its graduation month
        for j in range(grad_ptr[t], grad_ptr[t + 1]):
            k = grad_k[j]
            for i in range(intake_ages.size):
                grad_rows[i] = cs[k] // 12 - b0 - intake_ages[i]
            for u in range(n_u):
                for s in range(n_s):
                    kk[s] = asp[k, 0, u, s]
                    asp[k, 0, u, s] = 0.0
                spread(people, kk, grad_rows, intake_cum, 0, u, bg, w)
                f_asp, f_os = fac[t, 2, u], fac[t, 0, u]
                for s in range(n_s):
                    fl[u, ASP_GRAD, s] -= kk[s] * f_asp
                    fl[u, OS_GRAD, s] += kk[s] * f_os
                    tot[u, 1, s] -= kk[s]
                    tot[u, 0, s] += kk[s]
        # (2) academy intake
        k_in = intake_slot[t]
        if k_in >= 0:
            for u in range(n_u):
                v = intake_plan[t, u]
                vf = v * fac[t, 2, u]
                for s in range(n_s):
                    asp[k_in, 0, u, s] += v
                    tot[u, 1, s] += v
                    fl[u, ASP_INTAKE, s] += vf
        # (3) dropout: runs of cohorts with one hazard (their programme year)
        for j in range(drop_ptr[t], drop_ptr[t + 1]):
            ka, kb = drop_run[j, 0], drop_run[j, 1]
            for u in range(n_u):
                if drop_run[j, 2] == 1:  # the run is every live cohort: its total is kept
                    for s in range(n_s):
                        w[1, s] = tot[u, 1, s]
                else:
                    group_total(asp, ka, kb, 0, u, w)
                if draw_group(drop_h[j], bg, w, log_fact):
                    remove_one(asp, ka, kb, 0, u, w)
                _sub(fl, u, ASP_DROP, w, fac[t, 2, u])
                for s in range(n_s):
                    tot[u, 1, s] -= w[0, s]
        # (4) planned outflow per cell, then the other exits as competing risks
        for i in range(alive_lo[t], planned_hi[t]):
            if planned[t, i] > 0.0:
                qn_table = _planned(people, i, planned[t, i], bg, qn_table, recip, tot, fl,
                                    fac, t)
        to_nos, to_os, to_tr = transfers[y, 0], transfers[y, 1], transfers[y, 2]
        moving = to_nos > 0.0 or to_os > 0.0
        for j in range(band_ptr[t], band_ptr[t + 1]):
            ga, gb = band[j, 0], band[j, 1]
            whole = band[j, 2] == 1  # the band is every live birth year: totals are kept
            for u in range(n_u):
                unpl = unplanned[y, u, ga]
                if unpl <= 0.0 and not moving and to_tr <= 0.0:
                    continue
                f_os, f_asp, f_nos = fac[t, 0, u], fac[t, 2, u], fac[t, 1, u]
                # the band's OS and NOS totals, in one pass (or kept); each exit below
                # takes its total from these, less the exits drawn before it
                if whole:
                    for s in range(n_s):
                        band_os[s] = tot[u, 0, s]
                        band_nos[s] = tot[u, 2, s]
                else:
                    band_os[:] = 0.0
                    band_nos[:] = 0.0
                    for i in range(ga, gb):
                        for s in range(n_s):
                            band_os[s] += people[i, 0, u, s]
                            band_nos[s] += people[i, 1, u, s]
                if unpl > 0.0:  # OS and NOS drawn, then spread in one pass
                    for s in range(n_s):
                        wo[1, s] = band_os[s]
                        wn[1, s] = band_nos[s]
                    d_os = draw_group(unpl, bg, wo, log_fact)
                    d_nos = draw_group(unpl, bg, wn, log_fact)
                    if d_os and d_nos:
                        remove_two(people, ga, gb, u, wo, wn)
                    elif d_os:
                        remove_one(people, ga, gb, 0, u, wo)
                    elif d_nos:
                        remove_one(people, ga, gb, 1, u, wn)
                    for s in range(n_s):
                        fl[u, OS_UNPL, s] -= wo[0, s] * f_os
                        tot[u, 0, s] -= wo[0, s]
                        band_os[s] -= wo[0, s]
                        fl[u, NOS_UNPL, s] -= wn[0, s] * f_nos
                        tot[u, 2, s] -= wn[0, s]
                        band_nos[s] -= wn[0, s]
                if moving:  # OS → NOS and NOS → OS drawn, then moved in one pass
                    rest = max(1.0 - unpl, 1e-300)
                    for s in range(n_s):
                        wo[1, s] = band_os[s]
                        wn[1, s] = band_nos[s]
                    d_os = draw_group(min(max(to_nos / rest, 0.0), 1.0), bg, wo, log_fact)
                    d_nos = draw_group(min(max(to_os / rest, 0.0), 1.0), bg, wn, log_fact)
                    if to_tr > 0.0:  # the movers arrive after the draw for training
                        move_two(people, ga, gb, u, wo, wn, moved, False)
                    elif d_os or d_nos:
                        move_two(people, ga, gb, u, wo, wn, moved, True)
                    for s in range(n_s):
                        kk[s] = wo[0, s]
                        k_nos[s] = wn[0, s]
                if to_tr > 0.0:
                    if moving:  # training draws from those not moved
                        for s in range(n_s):
                            band_os[s] -= kk[s]
                    p_tr = min(max(to_tr / max(1.0 - unpl - to_nos, 1e-300), 0.0), 1.0)
                    for s in range(n_s):
                        w[1, s] = band_os[s]
                    drawn = draw_group(p_tr, bg, w, log_fact)
                    if moving:
                        remove_and_arrive(people, ga, gb, u, w, moved)
                    elif drawn:
                        remove_one(people, ga, gb, 0, u, w)
                    k_tr = join_slot[t]
                    for s in range(n_s):
                        fl[u, OS_TR, s] -= w[0, s] * f_os
                        asp[k_tr, 0, u, s] += w[0, s]
                        tot[u, 0, s] -= w[0, s]
                        tot[u, 1, s] += w[0, s]
                        fl[u, ASP_IN, s] += w[0, s] * f_asp
                if moving:
                    for s in range(n_s):
                        fl[u, OS_OUT, s] -= kk[s] * f_os
                        fl[u, NOS_IN, s] += kk[s] * f_nos
                        fl[u, OS_IN, s] += k_nos[s] * f_os
                        fl[u, NOS_OUT, s] -= k_nos[s] * f_nos
                        tot[u, 0, s] += k_nos[s] - kk[s]
                        tot[u, 2, s] += kk[s] - k_nos[s]
        # (5) lateral entry: Poisson, spread over the entry ages
        for i in range(lateral_ages.size):
            lat_rows[i] = year - lateral_ages[i] - b0
        for c in range(2):
            col = OS_LAT if c == 0 else NOS_LAT
            r = 0 if c == 0 else 2
            for u in range(n_u):
                mean = lateral_plan[t, c, u]
                if mean > 0.0:
                    for s in range(n_s):
                        kk[s] = poisson(bg, mean)
                    spread(people, kk, lat_rows, lateral_cum, c, u, bg, w)
                    fu = fac[t, c, u]
                    for s in range(n_s):
                        fl[u, col, s] += kk[s] * fu
                        tot[u, r, s] += kk[s]
        # (6) working time: contracts change, persons stay
        for u in range(n_u):  # persons are kept up to date by every step: no sums here
            d_os = fac[t + 1, 0, u] - fac[t, 0, u]
            d_nos = fac[t + 1, 1, u] - fac[t, 1, u]
            d_asp = fac[t + 1, 2, u] - fac[t, 2, u]
            g_os, g_nos, g_asp = fac[t + 1, 0, u], fac[t + 1, 1, u], fac[t + 1, 2, u]
            for s in range(n_s):
                fl[u, OS_WT, s] += tot[u, 0, s] * d_os
                fl[u, NOS_WT, s] += tot[u, 2, s] * d_nos
                fl[u, ASP_WT, s] += tot[u, 1, s] * d_asp
                st[u, 0, s] = tot[u, 0, s] * g_os
                st[u, 1, s] = tot[u, 1, s] * g_asp
                st[u, 2, s] = tot[u, 2, s] * g_nos
        _put(monthly[t], st)
        if t == n_t - 1 or pom[t + 1] != p:
            _put(closing[p], st)
    for p in range(flows.shape[0]):  # periods no month maps to: zero (this block's samples)
        if not seen[p]:
            _zero(flows[p], n_s)
            _zero(opening[p], n_s)
            _zero(closing[p], n_s)


@dataclass(frozen=True)
class Prepared:
    """The kernel's arguments that are the same for every block of a model: worked out
    once per ensemble (not per block) and shared by the blocks' threads (read only)."""

    inputs: ModelInputs
    period_of_month: I64
    periods: int
    args: tuple[Any, ...]


def prepare(inputs: ModelInputs, period_of_month: I64) -> Prepared:
    """The kernel's arguments for ``inputs``: whole persons at the start, fte factors,
    plans in persons, and the month's schedules (see :func:`_run`)."""
    n_t, n_u, n_b = inputs.months, inputs.n_units, inputs.n_birth_years
    pom = np.ascontiguousarray(period_of_month, dtype=np.int64)
    people0 = np.ascontiguousarray(np.moveaxis(_whole(inputs.people0), -1, 0))  # [B, 2, U]
    asp0 = np.ascontiguousarray(np.moveaxis(_whole(inputs.asp0), -1, 0))  # [K, U]
    fac = np.empty((n_t + 1, 3, n_u), dtype=np.float64)
    fac[0] = inputs.fte0
    for t in range(n_t):
        fac[t + 1] = fac[t] * inputs.wt_mult[t][:, None]
    intake_plan = inputs.intake / fac[:-1, 2, :]
    intake_plan = np.diff(np.rint(np.cumsum(intake_plan, axis=0)), axis=0,
                          prepend=np.zeros((1, n_u)))
    lateral_plan = np.ascontiguousarray(inputs.lateral / fac[:-1, :2, :])
    some = inputs.planned > 0  # the birth years that can have planned outflow, oldest first
    planned_hi = np.where(some.any(axis=1), n_b - np.argmax(some[:, ::-1], axis=1), 0)
    alive_lo, alive_hi = _alive_rows(inputs, lateral_plan)
    live_lo, live_hi = _live_cohorts(inputs)
    t_grad = inputs.cohort_grad - inputs.start  # cohorts by graduation month
    order = np.argsort(t_grad, kind="stable")
    grad_k = order[(t_grad[order] >= 0) & (t_grad[order] < n_t)].astype(np.int64)
    grad_ptr = np.searchsorted(t_grad[grad_k], np.arange(n_t + 1), side="left").astype(np.int64)
    drop_ptr, drop_run, drop_h = dropout_runs(inputs, live_lo, live_hi)
    band_ptr, band = age_bands(inputs, alive_lo, alive_hi)
    args = (
        people0, asp0, fac, intake_plan, lateral_plan, inputs.cohort_start,
        inputs.intake_slot, inputs.join_slot, inputs.intake_ages,
        _cumulative(inputs.intake_age_share), inputs.lateral_ages,
        _cumulative(inputs.lateral_age_share), inputs.year_index,
        np.ascontiguousarray(inputs.unplanned), inputs.transfers, inputs.planned,
        alive_lo, alive_hi, live_lo, live_hi, planned_hi.astype(np.int64), grad_ptr, grad_k,
        drop_ptr, drop_run, drop_h, band_ptr, band, pom, inputs.start, inputs.birth_year0)
    return Prepared(inputs, pom, int(pom.max()) + 1, args)


def outputs(prepared: Prepared, samples: int) -> tuple[F64, F64, F64, F64]:
    """Result arrays for ``samples`` samples, samples last (as the kernel writes): flows
    ``[P, U, F, S]``, opening and closing ``[P, U, 3, S]``, monthly ``[T, U, 3, S]``. Not
    set: every block writes all of its samples' values (each period opens and closes)."""
    n_p, n_u = prepared.periods, prepared.inputs.n_units
    return (np.empty((n_p, n_u, len(FLOW_INDEX), samples)), np.empty((n_p, n_u, 3, samples)),
            np.empty((n_p, n_u, 3, samples)),
            np.empty((prepared.inputs.months, n_u, 3, samples)))


def run_block_into(prepared: Prepared, rng: np.random.Generator,
                   out: tuple[F64, F64, F64, F64], first: int, samples: int) -> None:
    """One block: ``samples`` sampled forecasts drawn from ``rng``, written to samples
    ``first:first + samples`` of ``out`` (:func:`outputs`). Without the GIL: blocks run on
    threads side by side, each on its own samples."""
    assert run_kernel is not None
    run_kernel(*prepared.args, rng, log_factorials(), *out, first, samples)


def trajectory(prepared: Prepared, out: tuple[F64, F64, F64, F64]) -> Trajectory:
    """The results as a :class:`Trajectory`: views ``[S, U, C, X]`` of ``out`` (no copy)."""

    def last(a: F64) -> F64:
        return np.moveaxis(a, (0, 3), (3, 0))

    inputs = prepared.inputs
    return Trajectory(units=inputs.units, start=inputs.start, months=inputs.months,
                      period_of_month=prepared.period_of_month, flows=last(out[0]),
                      opening=last(out[1]), closing=last(out[2]), monthly=last(out[3]))


def simulate_compiled(inputs: ModelInputs, samples: int, rng: np.random.Generator,
                      period_of_month: I64) -> Trajectory:
    """``samples`` sampled forecasts of ``inputs`` in one compiled call (see the module)."""
    prepared = prepare(inputs, period_of_month)
    out = outputs(prepared, samples)
    run_block_into(prepared, rng, out, 0, samples)
    return trajectory(prepared, out)


def _whole(x: F64) -> F64:
    """Whole persons per cell, keeping each row's rounded total (as the numpy engine)."""
    cum = np.rint(np.cumsum(x, axis=-1))
    return np.asarray(np.diff(cum, axis=-1, prepend=0.0), dtype=np.float64)


def _cumulative(shares: F64) -> F64:
    cum = np.cumsum(shares)
    cum = cum / cum[-1]
    cum[-1] = 1.0
    return np.ascontiguousarray(cum)


RunKernel = Callable[..., None]
if _jit is not None:
    _fast = _jit.njit(cache=True, nogil=True)
    _stocks = _fast(_stocks)
    _sub = _fast(_sub)
    _zero = _fast(_zero)
    _put = _fast(_put)
    _planned = _fast(_planned)
    run_kernel: RunKernel | None = cast(RunKernel, _fast(_run))
else:
    run_kernel = None


__all__ = ["Prepared", "outputs", "prepare", "run_block_into", "run_kernel", "simulate_compiled",
           "trajectory"]
