"""The forecast engine: monthly steps over a stock–flow model, exact or sampled.

State (persons): OS and NOS per unit × birth year; aspirants per unit × intake
cohort. Each cohort carries its own graduation month (intake month + the
programme length *in force on its intake date*), so a change of programme
length applies exactly to the cohorts it concerns and every trainee graduates
once (a one-off wave when 3 → 2 years). Nobody is created or lost: every flow
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
nobody leaves twice and no stock goes negative. Several samples are stepped at
once (leading axis S).

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

    def entrants(self, mean: F64, shares: F64) -> F64:
        return np.asarray(shares.reshape((-1,) + (1,) * mean.ndim) * mean, dtype=np.float64)


class _Sampled:
    """Integer draws; arrays hold whole persons (as float64, exactly)."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng

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
        cells in proportion to their stock."""
        out = np.zeros(n.shape, dtype=np.float64)
        for a, b in groups:
            if not p[a].any():
                continue  # nobody can leave this group: no draws (and none consumed)
            cells, c = n[a:b], out[a:b]  # c: worked on in place (cumulative, then counts)
            c[0] = cells[0]
            for i in range(1, b - a):
                np.add(c[i - 1], cells[i], out=c[i])
            tot = c[-1].copy()
            k = self.rng.binomial(tot.astype(np.int64), np.broadcast_to(p[a], tot.shape))
            # systematic sampling as in _allocate, in place: ⌊k·cum/tot + u⌋, differenced
            c *= k / np.where(tot > 0, tot, 1.0)
            c += self.rng.random(k.shape)
            np.floor(c, out=c)
            c[1:] -= c[:-1].copy()
            np.minimum(c, cells, out=c)  # guard float ties only
        return out

    def entrants(self, mean: F64, shares: F64) -> F64:
        """Poisson entrants per cell of ``mean``, spread over the ``shares`` (axis 0 of
        the result) systematically."""
        k = self.rng.poisson(mean).astype(np.float64)
        cum = np.cumsum(shares)
        cum = cum / cum[-1]
        cum[-1] = 1.0
        return self._allocate(k, cum.reshape((-1,) + (1,) * k.ndim), None)


def simulate(inputs: ModelInputs, *, samples: int = 1, rng: np.random.Generator | None = None,
             period_of_month: I64 | None = None) -> Trajectory:
    """Step the model ``inputs.months`` months for ``samples`` samples.

    ``rng=None`` runs the exact (expected-value) model; then ``samples`` should be 1.
    ``period_of_month[t]`` maps month t to a reporting period (default: each month
    its own period); periods must be contiguous runs of months.
    """
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
    flows = np.zeros((s_n, n_u, n_f, n_p), dtype=np.float64)
    opening = np.zeros((s_n, n_u, 3, n_p), dtype=np.float64)
    closing = np.zeros((s_n, n_u, 3, n_p), dtype=np.float64)
    monthly = np.zeros((s_n, n_u, 3, n_t), dtype=np.float64)
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
    # the birth years that can hold anybody in month t: younger than those all retired
    # by the month before, no younger than the youngest entrant
    present = np.nonzero(inputs.people0.sum(axis=(0, 1)) > 0)[0]
    first_present = int(present.min()) if present.size else 0
    last_present = int(present.max()) + 1 if present.size else 0
    min_age = int(min(inputs.intake_ages.min(), inputs.lateral_ages.min()))
    alive_lo = np.zeros(n_t, dtype=np.int64)
    alive_hi = np.zeros(n_t, dtype=np.int64)
    for t in range(n_t):
        gone_all = np.nonzero(inputs.planned[t - 1] >= 1.0)[0] if t else np.zeros(0, np.int64)
        lo = max(first_present, int(gone_all.max()) + 1 if gone_all.size else 0)
        hi = max(last_present, (inputs.start + t) // 12 - min_age - inputs.birth_year0 + 1)
        alive_lo[t], alive_hi[t] = min(lo, hi), min(hi, n_b)
    # runs of birth years with the same unplanned-outflow hazard in every unit (age bands)
    hazard_groups: list[list[tuple[int, int]]] = []
    for rates in inputs.unplanned:
        cuts = np.nonzero(np.any(rates[:, 1:] != rates[:, :-1], axis=0))[0] + 1
        edges = [0, *cuts.tolist(), n_b]
        hazard_groups.append(list(itertools.pairwise(edges)))
    cs, cg = inputs.cohort_start, inputs.cohort_grad
    i_os = [FLOW_INDEX[(OS, f)] for f in ("graduated_in", "lateral_entry", "working_time",
                                          "transfer_nos_to_os", "transfer_os_to_nos",
                                          "transfer_to_training", "outflow_planned",
                                          "outflow_unplanned")]
    i_asp = [FLOW_INDEX[(ASP, f)] for f in ("intake", "transfer_in", "working_time", "dropout",
                                            "graduated_out")]
    i_nos = [FLOW_INDEX[(NOS, f)] for f in ("lateral_entry", "working_time",
                                            "transfer_nos_to_os", "transfer_os_to_nos",
                                            "outflow_planned", "outflow_unplanned")]

    def stocks() -> F64:
        """[S, U, 3] fte: OS, ASP, NOS (result order)."""
        tot = people.sum(0)  # [S, 2, U]
        return np.stack([tot[:, 0] * factor[0], asp.sum(0) * factor[2],
                         tot[:, 1] * factor[1]], axis=-1)

    for t in range(n_t):
        m = inputs.start + t
        year = m // 12
        p = int(pom[t])
        y = int(inputs.year_index[t])
        if t == 0 or pom[t - 1] != p:
            opening[:, :, :, p] = stocks()
        fl = np.zeros((s_n, n_u, n_f), dtype=np.float64)

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
        live = np.nonzero((cg > m) & (cs <= m + 12))[0]
        if live.size:
            lo, hi = int(live.min()), int(live.max()) + 1
            year_in = np.clip((m - cs[lo:hi]) // 12, 0, len(inputs.dropout) - 1)
            cuts = np.nonzero(np.diff(year_in))[0] + 1
            edges = [0, *cuts.tolist(), hi - lo]
            drop = d.thin(asp[lo:hi], inputs.dropout[year_in][:, None],
                          list(itertools.pairwise(edges)))
            asp[lo:hi] -= drop
            fl[:, :, i_asp[3]] -= drop.sum(0) * factor[2]

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
        gone = d.thin(alive, np.concatenate([unpl, unpl], axis=1), groups)
        alive -= gone
        rest = np.maximum(1.0 - unpl, 1e-300)
        p_move = np.clip(np.concatenate([to_nos / rest, to_os / rest], axis=1), 0.0, 1.0)
        moved = d.thin(alive, p_move, groups)  # OS → NOS (c = 0), NOS → OS (c = 1)
        alive -= moved
        p_tr = np.clip(to_tr / np.maximum(1.0 - unpl - to_nos, 1e-300), 0.0, 1.0)
        os_tr = d.thin(alive[:, :, 0:1], p_tr, groups)[:, :, 0]
        alive[:, :, 0] -= os_tr
        os_nos, nos_os = moved[:, :, 0], moved[:, :, 1]
        alive[:, :, 1] += os_nos
        alive[:, :, 0] += nos_os
        g = gone.sum(0)
        fl[:, :, i_os[7]] -= g[:, 0] * factor[0]
        fl[:, :, i_nos[5]] -= g[:, 1] * factor[1]
        n_os_nos, n_nos_os, n_tr = os_nos.sum(0), nos_os.sum(0), os_tr.sum(0)
        fl[:, :, i_os[4]] -= n_os_nos * factor[0]
        fl[:, :, i_nos[3]] += n_os_nos * factor[1]
        fl[:, :, i_os[3]] += n_nos_os * factor[0]
        fl[:, :, i_nos[2]] -= n_nos_os * factor[1]
        fl[:, :, i_os[5]] -= n_tr * factor[0]
        asp[int(inputs.join_slot[t])] += n_tr
        fl[:, :, i_asp[1]] += n_tr * factor[2]

        # (5) lateral entry, spread over the entry ages
        if lateral_plan[t].any():
            by_age = d.entrants(np.broadcast_to(lateral_plan[t], (s_n, 2, n_u)),
                                inputs.lateral_age_share)  # [A, S, 2, U]
            lat = by_age.sum(0)
            people[year - inputs.lateral_ages - inputs.birth_year0] += by_age
            fl[:, :, i_os[1]] += lat[:, 0] * factor[0]
            fl[:, :, i_nos[0]] += lat[:, 1] * factor[1]

        # (6) working time: contracts change, persons stay
        new = factor * inputs.wt_mult[t][[0, 1, 2], None]
        tot = people.sum(0)
        fl[:, :, i_os[2]] += tot[:, 0] * (new[0] - factor[0])
        fl[:, :, i_nos[1]] += tot[:, 1] * (new[1] - factor[1])
        fl[:, :, i_asp[2]] += asp.sum(0) * (new[2] - factor[2])
        factor = new

        flows[:, :, :, p] += fl
        st = stocks()
        monthly[:, :, :, t] = st
        if t == n_t - 1 or pom[t + 1] != p:
            closing[:, :, :, p] = st
    return Trajectory(units=inputs.units, start=inputs.start, months=n_t, period_of_month=pom,
                      flows=flows, opening=opening, closing=closing, monthly=monthly)
