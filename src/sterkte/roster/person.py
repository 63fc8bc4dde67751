"""One person of a roster problem as column generation and the windowed search see
them: the rules a shortest path holds (:class:`sterkte.roster.pricing.PersonSpace`),
the cover rows each of their cells counts in, and whether the path holds all their
rules (:func:`make_person`; used by :mod:`sterkte.roster.columns`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import sparse

from sterkte.roster.index import CoverIndex
from sterkte.roster.model import (
    ForbiddenShift,
    ForbiddenSuccession,
    MinFreeWeekday,
    RosterProblem,
    WindowCount,
    WindowMinutes,
)
from sterkte.roster.pricing import PersonSpace, gcd_unit
from sterkte.roster.window import Edge

__all__ = ["Person", "make_person"]


@dataclass
class Person:
    """One person's DP space, the cover rows each of their cells counts in, and
    whether the DP holds all of the person's rules (else columns are checked)."""

    space: PersonSpace
    rows: dict[tuple[int, int], list[int]]  # (day, shift index) → cover rows
    exact: bool
    alone: RosterProblem | None  # the person alone, for checking columns
    cells: sparse.csr_matrix  # (day · shifts + shift) × cover rows, 1 where it counts
    held: bool = True  # every rule of the person in the path's state (laid out or not)
    edge: Edge | None = None  # a window's start and end statuses (window.window_space)

    @cached_property
    def single(self) -> np.ndarray | None:
        """(day, shift) → its one cover row or -1, where no cell counts in two (else
        None): :func:`sterkte.roster.columns._rows` as one lookup."""
        if any(len(rows) > 1 for rows in self.rows.values()):
            return None
        out = np.full(self.space.allowed.shape, -1, dtype=np.int64)
        for (d, s), rows in self.rows.items():
            if rows:
                out[d, s] = rows[0]
        return out


def make_person(p: RosterProblem, idx: int, index: CoverIndex | None = None) -> Person:
    """Person ``idx`` of ``p``: their rules as a shortest path's space (limits the path
    cannot hold make them not ``exact``: their columns are then checked), the cover
    rows of each of their cells, and their requests as own costs."""
    emp = p.employees[idx]
    index = index or CoverIndex(p)
    shifts = [s.id for s in p.shifts]
    n, days = len(shifts), p.days
    unit = gcd_unit([s.length for s in p.shifts])
    units = np.array([s.length // unit for s in p.shifts], dtype=np.int64)
    allowed = np.ones((days, n), dtype=np.int8)
    banned = {c.shift for c in p.constraints
              if isinstance(c, ForbiddenShift) and p.enabled(c.rule)}
    for j, sid in enumerate(shifts):
        never = p.enabled("max_shifts") and emp.max_shifts.get(sid) == 0
        if never or sid in banned:
            allowed[:, j] = 0
    if p.enabled("days_off"):
        allowed[[d for d in emp.days_off if 0 <= d < days], :] = 0
    forbid = np.zeros((n, n), dtype=np.int8)
    exact = True
    max_units = int(days * units.max())
    weights: list[np.ndarray] = []
    caps: list[int] = []

    def counter(w: np.ndarray, cap: int) -> None:
        reach = int((w * allowed).sum())
        if cap < reach:  # a limit that can bind
            weights.append(w)
            caps.append(max(0, cap))

    if p.enabled("max_shifts"):
        for sid, mx in emp.max_shifts.items():
            if mx > 0 and sid in shifts:
                w = np.zeros((days, n), dtype=np.int64)
                w[:, shifts.index(sid)] = 1
                counter(w, mx)
    for c in p.constraints:
        if not p.enabled(c.rule):
            continue
        if isinstance(c, ForbiddenSuccession):
            if c.first in shifts and c.second in shifts:
                forbid[shifts.index(c.first), shifts.index(c.second)] = 1
        elif isinstance(c, WindowCount):
            w = np.zeros((days, n), dtype=np.int64)
            for j, sid in enumerate(shifts):
                if sid in c.shifts:
                    w[:, j] = 1
            counter(w, c.max_count)
        elif isinstance(c, MinFreeWeekday):
            wdays = [d for d in range(days) if d % 7 == c.weekday]
            w = np.zeros((days, n), dtype=np.int64)
            w[wdays, :] = 1
            counter(w, len(wdays) - min(c.min_free, len(wdays)))
        elif isinstance(c, WindowMinutes):
            if c.employees and emp.id not in c.employees:
                continue
            if c.days >= days:
                max_units = min(max_units, c.max_minutes // unit)
            elif c.sliding:
                exact = False
            else:
                for st in range(0, days, c.days):
                    w = np.zeros((days, n), dtype=np.int64)
                    w[st:st + c.days, :] = units
                    counter(w, c.max_minutes // unit)
        elif not isinstance(c, ForbiddenShift):
            exact = False  # weekly rest, rest after a series, task share, supervision
    if emp.max_minutes is not None and p.enabled("max_minutes"):
        max_units = min(max_units, emp.max_minutes // unit)
    min_units = 0
    if emp.min_minutes is not None and p.enabled("min_minutes"):
        min_units = -(-emp.min_minutes // unit)

    def on(rule: str, v: int | None, default: int) -> int:
        return v if v is not None and p.enabled(rule) else default

    order = sorted(range(len(caps)), key=lambda k: caps[k])  # tightest first
    base = np.zeros((days, n + 1))
    for r in index.requests.get(emp.id, ()):
        if not 0 <= r.day < days:
            continue
        if r.on:
            if r.shift is None:
                base[r.day, 0] += r.weight
            else:
                base[r.day, :] += r.weight
                if r.shift in shifts:
                    base[r.day, 1 + shifts.index(r.shift)] -= r.weight
        elif r.shift is None:
            base[r.day, 1:] += r.weight
        elif r.shift in shifts:
            base[r.day, 1 + shifts.index(r.shift)] += r.weight
    space = PersonSpace(
        employee=emp.id, allowed=allowed, units=units, forbid=forbid,
        max_cons=on("max_consecutive", emp.max_consecutive, days),
        min_cons=on("min_consecutive", emp.min_consecutive, 0),
        min_off=on("min_consecutive_off", emp.min_consecutive_off, 0),
        min_units=min_units, max_units=max_units,
        max_weekends=on("max_weekends", emp.max_weekends, -1),
        weight=(np.stack([weights[k] for k in order]) if order
                else np.zeros((0, days, n), dtype=np.int64)),
        cap=np.array([caps[k] for k in order], dtype=np.int64), base=base)
    rows, cells = index.rows(emp.skills, days * n, len(p.cover))
    held = exact  # every rule in the path's state, were the path laid out
    if not space.fits:
        exact = False  # the path cannot even be laid out: no columns, no responses
    alone = None if exact else RosterProblem(days, p.shifts, (emp,), (), (), p.constraints,
                                             (), p.rules, p.name)
    return Person(space, rows, exact, alone, cells, held)
