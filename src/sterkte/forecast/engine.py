"""The forecast engine: monthly steps over a stock–flow model, exact or sampled.

State (persons): OS and NOS per unit × birth year; aspirants per unit × intake
cohort. Each cohort carries its own graduation month (intake month + the
programme length *in force on its intake date*), so a change of programme
length applies exactly to the cohorts it concerns and every trainee graduates
once (a one-off wave when a programme shortens abruptly). Nobody is created or lost: every flow
is moved from one cell to another or in/out of the organisation, and is
recorded.

Month t, in order: (1) cohorts whose graduation month is t enter OS, at the
intake ages + the years since intake; (2) academy intake into this month's
cohort; (3) dropout from cohorts in training (so a cohort of L months has L
months of dropout, 12 in each programme year); (4) OS/NOS planned outflow
(early retirement, state pension age), then one draw of all other exits from
the remaining stock, split into unplanned outflow and transfers (OS→NOS,
NOS→OS, OS→training, which joins the next intake cohort); (5) lateral entry;
(6) working-time effect: the fte per person changes, the persons do not.

*Exact* mode (``rng=None``) moves expected values (floats); *sampled* mode
draws whole persons: the number leaving a group of cells with one hazard (a
unit's age band) is binomial — the exact law of the group total — and is spread
over the group's birth years by systematic sampling (whole, unbiased, never
more than a cell holds); dropout likewise per unit and programme year;
planned outflow (the state pension age differs by birth year) is binomial per
cell; graduates are spread over ages systematically; lateral entry is Poisson. So
nobody leaves twice and no stock goes negative. Where numba is installed, sampled runs
go to :mod:`sterkte.forecast.compiled` (the same steps and laws as one compiled kernel
per block, other draws); the sampled path here is the fallback where it is not
(several samples stepped at once, leading axis S; thinning in
:mod:`sterkte.forecast.thinning`).
Each month's steps and sums cover only the birth years and cohorts that can hold
anybody then; the others are exact zeros, so this changes no number.

Flows are recorded in fte (persons × fte per person in month t), summed into
reporting periods (``period_of_month``); the working-time effect is the change
of the closing stock's fte. So per unit and category, every period,
opening + Σ flows = closing holds to float precision.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sterkte.forecast.inputs import ModelInputs
from sterkte.ledger import Category

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]

OS, ASP, NOS = Category.OS, Category.ASP, Category.NOS
CATEGORIES: tuple[Category, ...] = (OS, ASP, NOS)  # order of the stock axis in results

FLOW_KEYS: tuple[tuple[Category, str], ...] = (
    (OS, "graduated_in"), (OS, "lateral_entry"), (OS, "working_time"),
    (OS, "transfer_nos_to_os"), (OS, "transfer_os_to_nos"), (OS, "transfer_to_training"),
    (OS, "outflow_planned"), (OS, "outflow_unplanned"),
    (ASP, "intake"), (ASP, "transfer_in"), (ASP, "working_time"), (ASP, "dropout"),
    (ASP, "graduated_out"),
    (NOS, "lateral_entry"), (NOS, "working_time"), (NOS, "transfer_nos_to_os"),
    (NOS, "transfer_os_to_nos"), (NOS, "outflow_planned"), (NOS, "outflow_unplanned"),
)
FLOW_INDEX: dict[tuple[Category, str], int] = {k: i for i, k in enumerate(FLOW_KEYS)}


@dataclass(frozen=True)
class Trajectory:
    """Engine output for S samples, in fte.

    ``flows[s, u, f, p]`` (f indexes :data:`FLOW_KEYS`), ``opening``/``closing``
    ``[s, u, c, p]`` (c indexes :data:`CATEGORIES`) per reporting period p;
    ``monthly[s, u, c, t]``: closing stock at the end of month t.
    """

    units: tuple[str, ...]
    start: int
    months: int
    period_of_month: I64
    flows: F64
    opening: F64
    closing: F64
    monthly: F64

    @property
    def samples(self) -> int:
        return int(self.flows.shape[0])


def _diff0(c: F64) -> F64:
    """First differences along axis 0 with 0 before the first row."""
    out = c.copy()
    out[1:] -= c[:-1]
    return out


class _Exact:
    """Expected values: every draw is its mean."""

    def binomial(self, n: F64, p: F64) -> F64:
        return np.asarray(n * p, dtype=np.float64)

    def spread(self, n: F64, shares: F64) -> F64:
        return np.asarray(shares.reshape((-1,) + (1,) * n.ndim) * n, dtype=np.float64)

    def whole(self, x: F64) -> F64:
        return x

    def thin(self, n: F64, p: F64, groups: list[tuple[int, int]]) -> F64:
        return np.asarray(n * np.expand_dims(p, 1), dtype=np.float64)

    def remove(self, n: F64, p: F64, groups: list[tuple[int, int]]) -> F64:
        gone = self.thin(n, p, groups)
        n -= gone
        return np.asarray(gone.sum(0), dtype=np.float64)

    def entrants(self, mean: F64, shares: F64) -> F64:
        return np.asarray(shares.reshape((-1,) + (1,) * mean.ndim) * mean, dtype=np.float64)


def _merge_equal(p: F64, groups: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Adjacent groups whose hazards are equal become one group: one binomial draw for
    their total instead of one per group (the same law, fewer draws)."""
    merged: list[tuple[int, int]] = []
    for a, b in groups:
        if merged and merged[-1][1] == a and np.array_equal(p[merged[-1][0]], p[a]):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


class _Sampled:
    """Integer draws; arrays hold whole persons (as float64, exactly)."""

    def __init__(self, rng: np.random.Generator) -> None:
        # compiled code: imported (numba) only when samples are drawn
        from sterkte.forecast.thinning import thin_groups

        self.rng = rng
        self._thin_groups = thin_groups

    def binomial(self, n: F64, p: F64) -> F64:
        return self.rng.binomial(n.astype(np.int64), np.broadcast_to(p, n.shape)).astype(
            np.float64)

    def spread(self, n: F64, shares: F64) -> F64:
        """``n`` persons per cell spread over the ``shares`` (axis 0 of the result),
        systematically."""
        cum = np.cumsum(shares)
        cum = cum / cum[-1]
        cum[-1] = 1.0
        return self._allocate(n, cum.reshape((-1,) + (1,) * n.ndim), None)

    def whole(self, x: F64) -> F64:
        """Whole persons per cell, keeping each row's rounded total (cumulative rounding)."""
        cum = np.rint(np.cumsum(x, axis=-1))
        return np.asarray(np.diff(cum, axis=-1, prepend=0.0), dtype=np.float64)

    def _allocate(self, k: F64, cum: F64, n: F64 | None) -> F64:
        """Spread ``k`` persons over axis 0 by systematic sampling: cell i gets
        ``⌊k·cum_i + u⌋ − ⌊k·cum_{i−1} + u⌋`` with one uniform u per column, which is
        whole, adds up to k, has mean ``k·(cum_i − cum_{i−1})`` and, when cum is the
        cumulative share of a stock n, never exceeds n_i."""
        u = self.rng.random(k.shape)
        out = _diff0(np.floor(k * cum + u))
        return out if n is None else np.minimum(out, n)  # guard float ties only

    def thin(self, n: F64, p: F64, groups: list[tuple[int, int]]) -> F64:
        """Binomial thinning of ``n [b, S, ...]`` with probability ``p [b, ...]`` (no
        sample axis) that is constant within each group (a run along axis 0: an age
        band, cohorts in the same programme year): the number leaving a group is drawn
        binomially (the exact law of the group's total), then spread over the group's
        cells in proportion to their stock (:func:`sterkte.forecast.thinning.thin_groups`).
        Returns the leavers per cell."""
        out = np.zeros(n.shape, dtype=np.float64)
        self._draw(n, p, groups, out, remove=False)
        return out

    def remove(self, n: F64, p: F64, groups: list[tuple[int, int]]) -> F64:
        """:meth:`thin`, taking the leavers out of ``n`` (in place); returns their
        number per column (summed over axis 0)."""
        if not n.flags.c_contiguous:  # not a view of the state: thin, then subtract
            gone = self.thin(n, p, groups)
            n -= gone
            return np.asarray(gone.sum(0), dtype=np.float64)
        return self._draw(n, p, groups, np.zeros((0, *n.shape[1:])), remove=True)

    def _draw(self, n: F64, p: F64, groups: list[tuple[int, int]], out: F64, *,
              remove: bool) -> F64:
        total = np.zeros(n.shape[1:], dtype=np.float64)
        spans = [(a, b) for a, b in _merge_equal(p, groups) if p[a].any()]
        if not spans:
            return total  # nobody can leave: no draws
        rows = n.shape[0]
        cell = n.shape[2:]  # one sample's columns: the hazard repeats per sample
        first = [a for a, _ in spans]
        hazard = np.broadcast_to(p[first], (len(first), *cell)).reshape(len(first), -1)
        self._thin_groups(n.reshape(rows, -1), hazard, np.asarray(spans, dtype=np.int64),
                    out.reshape(out.shape[0], total.size), total.reshape(-1), remove,
                    self.rng)
        return total

    def entrants(self, mean: F64, shares: F64) -> F64:
        """Poisson entrants per cell of ``mean``, spread over the ``shares`` (axis 0 of
        the result) systematically."""
        k = self.rng.poisson(mean).astype(np.float64)
        cum = np.cumsum(shares)
        cum = cum / cum[-1]
        cum[-1] = 1.0
        return self._allocate(k, cum.reshape((-1,) + (1,) * k.ndim), None)


def _alive_rows(inputs: ModelInputs, lateral_plan: F64) -> tuple[I64, I64]:
    """The birth years ``[lo[t], hi[t])`` that can hold anybody in month t.

    A birth year holds somebody if it did at the start or has received entrants
    (graduates, lateral entry) since, and was not emptied by a planned outflow of 1
    (past the state pension age) in the month before — lateral entry comes after that
    outflow, so its birth years stay. All other birth years are exact zeros for the
    whole month: the steps leave them out, which changes no result and saves passes
    over empty cells (a young or small model uses a few of the 75 birth years).
    """
    n_t, n_b, b0 = inputs.months, inputs.n_birth_years, inputs.birth_year0
    none = n_b + 1
    months = np.arange(n_t, dtype=np.int64)
    # the birth years entrants arrive in, per month: graduates of each cohort, lateral entry
    enter_lo = np.full(n_t, none, dtype=np.int64)
    enter_hi = np.full(n_t, -1, dtype=np.int64)
    t_grad = inputs.cohort_grad - inputs.start
    grads = (t_grad >= 0) & (t_grad < n_t)
    base = inputs.cohort_start[grads] // 12 - b0
    np.minimum.at(enter_lo, t_grad[grads], base - int(inputs.intake_ages.max()))
    np.maximum.at(enter_hi, t_grad[grads], base - int(inputs.intake_ages.min()))
    lateral = np.asarray(lateral_plan.reshape(n_t, -1).any(axis=1), dtype=bool)
    base = (inputs.start + months[lateral]) // 12 - b0
    np.minimum.at(enter_lo, months[lateral], base - int(inputs.lateral_ages.max()))
    np.maximum.at(enter_hi, months[lateral], base - int(inputs.lateral_ages.min()))
    present = np.nonzero(inputs.people0.sum(axis=(0, 1)) > 0)[0]
    bottom = np.minimum.accumulate(enter_lo)
    top = np.maximum.accumulate(enter_hi) + 1
    if present.size:
        bottom = np.minimum(bottom, int(present.min()))
        top = np.maximum(top, int(present.max()) + 1)
    # emptied in the month before: the oldest birth years, all past the pension age
    full = inputs.planned >= 1.0  # [T, B]
    run = np.where(full.all(axis=1), n_b, np.argmin(full, axis=1))
    emptied = np.zeros(n_t, dtype=np.int64)
    emptied[1:] = np.where(lateral[:-1], np.minimum(run[:-1], enter_lo[:-1]), run[:-1])
    hi = np.minimum(top, n_b)
    lo = np.maximum(np.maximum(bottom, 0), np.minimum(emptied, enter_lo))
    return np.minimum(lo, hi), hi


def _live_cohorts(inputs: ModelInputs) -> tuple[I64, I64]:
    """The run of cohorts ``[lo[t], hi[t])`` that can hold anybody in month t: those
    that have received trainees (at the start, by intake, by transfer to training) and
    have not graduated. The others are exact zeros and left out."""
    n_t, n_k = inputs.months, len(inputs.cohort_start)
    months = np.arange(n_t, dtype=np.int64)
    first = np.full(n_k, n_t, dtype=np.int64)  # the month a cohort first receives anybody
    first[inputs.asp0.sum(0) > 0] = -1
    intake = inputs.intake_slot >= 0
    np.minimum.at(first, inputs.intake_slot[intake], months[intake])
    joins = inputs.transfers[inputs.year_index, 2] > 0
    np.minimum.at(first, inputs.join_slot[joins], months[joins])
    live = ((first[None, :] <= months[:, None])
            & (inputs.cohort_grad[None, :] > inputs.start + months[:, None]))  # [T, K]
    some = live.any(axis=1)
    lo = np.where(some, np.argmax(live, axis=1), 0)
    hi = np.where(some, n_k - np.argmax(live[:, ::-1], axis=1), 0)
    return lo.astype(np.int64), hi.astype(np.int64)


def simulate(inputs: ModelInputs, *, samples: int = 1, rng: np.random.Generator | None = None,
             period_of_month: I64 | None = None) -> Trajectory:
    """Step the model ``inputs.months`` months for ``samples`` samples.

    ``rng=None`` runs the exact (expected-value) model; then ``samples`` should be 1.
    ``period_of_month[t]`` maps month t to a reporting period (default: each month
    its own period); periods must be contiguous runs of months.
    """
    if rng is not None:  # sampled: one compiled kernel where numba is there
        from sterkte.forecast.compiled import run_kernel, simulate_compiled

        if run_kernel is not None:
            pom0 = (np.arange(inputs.months, dtype=np.int64) if period_of_month is None
                    else np.asarray(period_of_month, dtype=np.int64))
            return simulate_compiled(inputs, samples, rng, pom0)
    d: _Exact | _Sampled = _Exact() if rng is None else _Sampled(rng)
    n_t, n_u, n_b = inputs.months, inputs.n_units, inputs.n_birth_years
    s_n = samples
    pom = (np.arange(n_t, dtype=np.int64) if period_of_month is None
           else np.asarray(period_of_month, dtype=np.int64))
    n_p = int(pom.max()) + 1
    n_f = len(FLOW_KEYS)

    # persons [B, S, 2, U]: birth year first, so an age band is one contiguous block
    people = np.broadcast_to(np.moveaxis(d.whole(inputs.people0), -1, 0)[:, None],
                             (n_b, s_n, 2, n_u)).copy()
    # trainees [K, S, U]: cohort first
    asp = np.broadcast_to(np.moveaxis(d.whole(inputs.asp0), -1, 0)[:, None],
                          (inputs.asp0.shape[1], s_n, n_u)).copy()
    factor = inputs.fte0.copy()  # [3, U]: OS, NOS, ASP
    # results are written period (month) first, one contiguous block per step, and
    # returned as views with the period last
    flows = np.zeros((n_p, s_n, n_u, n_f), dtype=np.float64)
    opening = np.zeros((n_p, s_n, n_u, 3), dtype=np.float64)
    closing = np.zeros((n_p, s_n, n_u, 3), dtype=np.float64)
    monthly = np.zeros((n_t, s_n, n_u, 3), dtype=np.float64)
    buffer = np.zeros((s_n, n_u, n_f), dtype=np.float64)  # a month's flows
    # a period of one month: its flows are that month's, written in place
    single = np.ones(n_t, dtype=bool)
    single[1:] &= pom[1:] != pom[:-1]
    single[:-1] &= pom[:-1] != pom[1:]
    # fte per person in each month (OS, NOS, ASP): plans in fte become persons
    fac = np.empty((n_t + 1, 3, n_u), dtype=np.float64)
    fac[0] = inputs.fte0
    for t in range(n_t):
        fac[t + 1] = fac[t] * inputs.wt_mult[t][:, None]
    intake_plan = inputs.intake / fac[:-1, 2, :]
    if rng is not None:  # whole persons: cumulative rounding per unit over the months
        intake_plan = np.diff(np.rint(np.cumsum(intake_plan, axis=0)), axis=0,
                              prepend=np.zeros((1, n_u)))
    lateral_plan = inputs.lateral / fac[:-1, :2, :]  # [T, 2, U] persons per month

    # the birth-year slice that can have planned outflow in month t (oldest first)
    planned_hi = np.array([int(np.nonzero(row > 0)[0].max()) + 1 if (row > 0).any() else 0
                           for row in inputs.planned], dtype=np.int64)
    cs, cg = inputs.cohort_start, inputs.cohort_grad
    alive_lo, alive_hi = _alive_rows(inputs, lateral_plan)
    # runs of birth years with the same unplanned-outflow hazard in every unit (age bands)
    hazard_groups: list[list[tuple[int, int]]] = []
    for rates in inputs.unplanned:
        cuts = np.nonzero(np.any(rates[:, 1:] != rates[:, :-1], axis=0))[0] + 1
        edges = [0, *cuts.tolist(), n_b]
        hazard_groups.append(list(itertools.pairwise(edges)))
    i_os = [FLOW_INDEX[(OS, f)] for f in ("graduated_in", "lateral_entry", "working_time",
                                          "transfer_nos_to_os", "transfer_os_to_nos",
                                          "transfer_to_training", "outflow_planned",
                                          "outflow_unplanned")]
    i_asp = [FLOW_INDEX[(ASP, f)] for f in ("intake", "transfer_in", "working_time", "dropout",
                                            "graduated_out")]
    i_nos = [FLOW_INDEX[(NOS, f)] for f in ("lateral_entry", "working_time",
                                            "transfer_nos_to_os", "transfer_os_to_nos",
                                            "outflow_planned", "outflow_unplanned")]

    def stocks(out: F64, rows: tuple[int, int], cohorts: tuple[int, int]) -> F64:
        """``out [S, U, 3]`` := fte of OS, ASP, NOS (result order). Only the birth years
        ``rows`` and the cohorts ``cohorts`` can hold anybody: the others are exact
        zeros, so leaving them out of the sums changes nothing."""
        tot = people[rows[0]:rows[1]].sum(0)  # [S, 2, U]
        np.multiply(tot[:, 0], factor[0], out=out[:, :, 0])
        np.multiply(asp[cohorts[0]:cohorts[1]].sum(0), factor[2], out=out[:, :, 1])
        np.multiply(tot[:, 1], factor[1], out=out[:, :, 2])
        return out

    live_lo, live_hi = _live_cohorts(inputs)
    st = stocks(np.empty((s_n, n_u, 3)), (0, n_b), (0, asp.shape[0]))  # the start: all cells
    for t in range(n_t):
        m = inputs.start + t
        year = m // 12
        p = int(pom[t])
        y = int(inputs.year_index[t])
        if t == 0 or pom[t - 1] != p:
            opening[p] = st  # the stocks at the end of the month before
        if single[t]:
            fl = flows[p]
        else:
            fl = buffer
            fl.fill(0.0)

        # (1) graduation: each cohort exactly once, in its graduation month
        for k in np.nonzero(cg == m)[0]:
            grads = asp[k].copy()
            asp[k] = 0.0
            ages = inputs.intake_ages + (year - int(cs[k]) // 12)
            by_age = d.spread(grads, inputs.intake_age_share)  # [A, S, U]
            idx = year - ages - inputs.birth_year0
            people[idx, :, 0, :] += by_age
            g = grads
            fl[:, :, i_asp[4]] -= g * factor[2]
            fl[:, :, i_os[0]] += g * factor[0]

        # (2) academy intake
        k_in = int(inputs.intake_slot[t])
        if k_in >= 0:
            asp[k_in] += intake_plan[t]
            fl[:, :, i_asp[0]] += intake_plan[t] * factor[2]

        # (3) dropout from the cohorts in training (or waiting for their start)
        if live_hi[t] > live_lo[t]:
            lo, hi = int(live_lo[t]), int(live_hi[t])
            year_in = np.clip((m - cs[lo:hi]) // 12, 0, len(inputs.dropout) - 1)
            cuts = np.nonzero(np.diff(year_in))[0] + 1
            edges = [0, *cuts.tolist(), hi - lo]
            drop = d.remove(asp[lo:hi], inputs.dropout[year_in][:, None],
                            list(itertools.pairwise(edges)))
            fl[:, :, i_asp[3]] -= drop * factor[2]

        # (4) planned outflow, then the other exits as competing risks
        pl, ph = int(alive_lo[t]), int(planned_hi[t])
        if ph > pl:
            out = d.binomial(people[pl:ph], inputs.planned[t, pl:ph, None, None, None])
            people[pl:ph] -= out
            left = out.sum(0)
            fl[:, :, i_os[6]] -= left[:, 0] * factor[0]
            fl[:, :, i_nos[4]] -= left[:, 1] * factor[1]
        lo, hi = int(alive_lo[t]), int(alive_hi[t])
        unpl = inputs.unplanned[y][:, lo:hi].T[:, None, :]  # [b, 1, U]
        to_nos, to_os, to_tr = inputs.transfers[y]
        groups = [(max(a, lo) - lo, min(b, hi) - lo) for a, b in hazard_groups[y]
                  if min(b, hi) > max(a, lo)]
        alive = people[lo:hi]  # [b, S, 2, U]
        # competing risks in turn: unplanned outflow, then OS↔NOS, then OS → training,
        # each with its probability given the earlier ones did not happen
        if unpl.any():
            g = d.remove(alive, np.concatenate([unpl, unpl], axis=1), groups)
            fl[:, :, i_os[7]] -= g[:, 0] * factor[0]
            fl[:, :, i_nos[5]] -= g[:, 1] * factor[1]
        # (a rate of zero moves nobody: such steps are left out, which changes nothing)
        moving = bool(to_nos > 0 or to_os > 0)
        if moving:
            rest = np.maximum(1.0 - unpl, 1e-300)
            p_move = np.clip(np.concatenate([to_nos / rest, to_os / rest], axis=1), 0.0, 1.0)
            moved = d.thin(alive, p_move, groups)  # OS → NOS (c = 0), NOS → OS (c = 1)
            alive -= moved
        if to_tr > 0:
            p_tr = np.clip(to_tr / np.maximum(1.0 - unpl - to_nos, 1e-300), 0.0, 1.0)
            os_tr = d.thin(alive[:, :, 0:1], p_tr, groups)[:, :, 0]
            alive[:, :, 0] -= os_tr
            n_tr = os_tr.sum(0)
            fl[:, :, i_os[5]] -= n_tr * factor[0]
            asp[int(inputs.join_slot[t])] += n_tr
            fl[:, :, i_asp[1]] += n_tr * factor[2]
        if moving:  # the moved arrive after everybody's chances to leave were drawn
            os_nos, nos_os = moved[:, :, 0], moved[:, :, 1]
            alive[:, :, 1] += os_nos
            alive[:, :, 0] += nos_os
            n_os_nos, n_nos_os = os_nos.sum(0), nos_os.sum(0)
            fl[:, :, i_os[4]] -= n_os_nos * factor[0]
            fl[:, :, i_nos[3]] += n_os_nos * factor[1]
            fl[:, :, i_os[3]] += n_nos_os * factor[0]
            fl[:, :, i_nos[2]] -= n_nos_os * factor[1]

        # (5) lateral entry, spread over the entry ages
        if lateral_plan[t].any():
            by_age = d.entrants(np.broadcast_to(lateral_plan[t], (s_n, 2, n_u)),
                                inputs.lateral_age_share)  # [A, S, 2, U]
            lat = by_age.sum(0)
            people[year - inputs.lateral_ages - inputs.birth_year0] += by_age
            fl[:, :, i_os[1]] += lat[:, 0] * factor[0]
            fl[:, :, i_nos[0]] += lat[:, 1] * factor[1]

        # (6) working time: contracts change, persons stay
        rows, cohorts = (int(alive_lo[t]), int(alive_hi[t])), (int(live_lo[t]), int(live_hi[t]))
        if np.any(inputs.wt_mult[t] != 1.0):
            new = factor * inputs.wt_mult[t][[0, 1, 2], None]
            tot = people[rows[0]:rows[1]].sum(0)
            fl[:, :, i_os[2]] += tot[:, 0] * (new[0] - factor[0])
            fl[:, :, i_nos[1]] += tot[:, 1] * (new[1] - factor[1])
            fl[:, :, i_asp[2]] += asp[cohorts[0]:cohorts[1]].sum(0) * (new[2] - factor[2])
            factor = new

        if not single[t]:
            flows[p] += fl
        st = stocks(monthly[t], rows, cohorts)
        if t == n_t - 1 or pom[t + 1] != p:
            closing[p] = st
    return Trajectory(units=inputs.units, start=inputs.start, months=n_t, period_of_month=pom,
                      flows=np.moveaxis(flows, 0, -1), opening=np.moveaxis(opening, 0, -1),
                      closing=np.moveaxis(closing, 0, -1), monthly=np.moveaxis(monthly, 0, -1))
