"""The synthetic police's people and the random source they are drawn from: a person with
their events, the police, and :class:`Gen` (one ``numpy.random.Generator``, consumed in a
fixed order, so the same seed gives the same police)."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np

from sterkte.synth.police.org import Team
from sterkte.synth.police.params import SynthParams

OS, ASP, NOS, VOL = "OS", "ASP", "NOS", "VOL"
MIN_FTE, MAX_FTE = 0.1, 1.2

INTAKE_MONTHS = (1, 5, 10)  # most trainees start in January, May and October
GRADUATION_MONTHS = (2, 6, 10)  # and graduate in February, June and October


@dataclass(slots=True)
class Person:
    """A synthetic person; ``unit/cat/fte`` hold the current state while generating."""

    pid: int
    birth_year: int
    unit: str
    cat: str
    fte: float | None  # None for volunteers
    active: bool = True
    # state on 31-12-2020 (for writing the past)
    open_unit: str = ""
    open_cat: str = ""
    open_fte: float | None = None
    academy_start: dt.date | None = None
    hired: bool = False  # a hire event has been written
    last_date: dt.date = dt.date(1900, 1, 1)  # date of the latest event written
    unit_2021: str = ""  # state on 31-12-2021 (for community officers)
    cat_2021: str = ""
    fte_2021: float | None = None
    team: str | None = None
    district: str | None = None
    function: str = "overig"
    gender: str = ""
    appointment_type: str = ""  # volunteers only


Event = tuple[dt.date, int, str, str | None, str | None, float | None, str | None]


@dataclass
class Police:
    """The generated people and events, with the synthetic teams."""

    people: list[Person]
    events: list[Event]  # (date, pid, type, unit, category, fte, reason), unsorted
    teams: dict[str, list[Team]]
    start: dt.date
    end: dt.date
    notes: dict[str, float] = field(default_factory=dict)


class Gen:
    def __init__(self, params: SynthParams, seed: int, scale: float = 1.0) -> None:
        self.p = params
        self.rng = np.random.default_rng(seed)
        self._age_cdfs: dict[tuple[str, int, int], tuple[list[int], np.ndarray | None]] = {}
        self.scale = scale
        self.people: list[Person] = []
        self.events: list[Event] = []
        self.year = params.history.calibration_year
        self.start = params.history.start
        self.end = params.history.end
        self.values = np.array(params.fte.values)

    # -- drawing -------------------------------------------------------------
    def mean_fte(self, cat: str) -> float:
        return float(self.values @ np.array(self.p.fte.shares[cat]))

    def draw_fte(self, cat: str, n: int) -> np.ndarray:
        return np.asarray(self.rng.choice(self.values, size=n, p=self.p.fte.shares[cat]))

    def fit(self, total: float, cat: str) -> list[float]:
        """fte values (4 decimals) of people whose contracts sum to ``total`` fte."""
        if total < 0.005:
            return []
        n = max(1, round(total / self.mean_fte(cat)), math.ceil(total / MAX_FTE))
        x = self.draw_fte(cat, n)
        while x.sum() - total > 0.6 and len(x) > math.ceil(total / MAX_FTE):
            x = x[:-1]
        while total - x.sum() > 0.6:
            x = np.append(x, self.draw_fte(cat, 1))
        r = total - x.sum()
        m = min(len(x), max(1, math.ceil(abs(r) / 0.1)))
        order = np.argsort(x) if r > 0 else np.argsort(-x)
        x[order[:m]] += r / m
        if x.min() < MIN_FTE * 0.5 or x.max() > MAX_FTE:
            x = np.full(len(x), total / len(x))
        x = np.round(x, 4)
        i = int(np.argmin(np.abs(x - 0.8)))
        x[i] = round(x[i] + total - x.sum(), 4)
        return [float(v) for v in x]

    def age(self, cat: str, lo: int = 18, hi: int | None = None) -> int:
        hi = hi if hi is not None else self.p.age_bands.upper
        edges, cdf = self._age_cdf(cat, lo, hi)
        if cdf is None:
            return int(self.rng.integers(lo, hi + 1))
        # ``rng.choice(len(w), p=w / w.sum())`` as numpy draws it (one uniform, the
        # cumulative shares, searchsorted to the right), without its checks on every call:
        # the same stream and the same ages
        band = int(cdf.searchsorted(self.rng.random(), side="right"))
        a, b = max(edges[band], lo), min(edges[band + 1] - 1, hi)
        return int(self.rng.integers(a, b + 1))

    def _age_cdf(self, cat: str, lo: int, hi: int) -> tuple[list[int], np.ndarray | None]:
        """The age bands' edges and the cumulative shares of the bands within [lo, hi]
        (None when no band overlaps), worked out once per category and range."""
        key = (cat, lo, hi)
        got = self._age_cdfs.get(key)
        if got is None:
            bands = self.p.age_bands
            edges = [*bands.lower, bands.upper + 1]
            w = np.array([max(0, min(edges[i + 1], hi + 1) - max(edges[i], lo)) /
                          (edges[i + 1] - edges[i]) * s
                          for i, s in enumerate(bands.shares[cat])])
            cdf = None
            if w.sum() > 0:
                cdf = (w / w.sum()).cumsum()
                cdf /= cdf[-1]
            got = self._age_cdfs[key] = (edges, cdf)
        return got

    def day(self, year: int, months: tuple[int, ...] | None = None,
            first: bool = False) -> dt.date:
        month = int(self.rng.choice(months)) if months else int(self.rng.integers(1, 13))
        return dt.date(year, month, 1 if first else int(self.rng.integers(1, 29)))

    def between(self, a: dt.date, b: dt.date) -> dt.date:
        if b <= a:
            return a
        return a + dt.timedelta(days=int(self.rng.integers(0, (b - a).days + 1)))

    def poisson(self, mean: float) -> int:
        return int(self.rng.poisson(max(0.0, mean)))

    # -- building ------------------------------------------------------------
    def person(self, cat: str, unit: str, fte: float | None, age: int) -> Person:
        p = Person(len(self.people) + 1, self.year - 1 - age, unit, cat,
                   None if cat == VOL else fte)
        p.open_unit, p.open_cat, p.open_fte = unit, cat, p.fte
        self.people.append(p)
        return p

    def event(self, p: Person, date: dt.date, kind: str, unit: str | None = None,
              category: str | None = None, fte: float | None = None,
              reason: str | None = None) -> None:
        if date < p.last_date:  # keep each history in order (same-day order is by type)
            date = p.last_date
        self.events.append((date, p.pid, kind, unit, category, fte, reason))
        p.last_date = date
        if kind == "hire":
            p.hired = True
        elif kind in ("leave", "dropout"):
            p.active = False
        elif kind == "transfer_unit" and unit is not None:
            p.unit = unit
        elif kind == "graduation":
            p.cat = OS
            if unit is not None:
                p.unit = unit
        elif kind == "academy_start":
            p.cat = ASP
            p.academy_start = date
            if fte is not None:
                p.fte = fte
        elif kind == "transfer_category" and category is not None:
            p.cat = category
            if category == VOL:
                p.fte = None
            elif fte is not None:
                p.fte = fte
        elif kind == "fte_change":
            p.fte = fte

    def hire_new(self, p: Person, date: dt.date) -> None:
        self.event(p, date, "hire", p.unit, p.cat, p.fte)

    def fte_changes(self, people: list[Person], total: float | None) -> None:
        """Contract changes in the calibration year summing to ``total`` fte (``None``:
        no target, natural changes)."""
        if not people or total == 0:
            return
        k = min(len(people), max(1, round(self.p.rates.fte_change * len(people))))
        pool = [people[int(i)] for i in self.rng.permutation(len(people))]
        chosen = pool[:k]
        old = np.array([p.fte for p in chosen], dtype=float)
        delta = self.rng.choice([-0.2222, -0.1111, 0.1111, 0.2222], k, p=[.2, .35, .3, .15])
        new = np.clip(old + delta, MIN_FTE, MAX_FTE)
        if total is not None:
            for _ in range(200):
                r = total - (new - old).sum()
                if abs(r) < 1e-9:
                    break
                room = (MAX_FTE - new) if r > 0 else (new - MIN_FTE)
                if room.sum() < abs(r) + 1e-6 and len(chosen) < len(pool):
                    extra = pool[len(chosen):len(chosen) + 5]
                    chosen += extra
                    more = np.array([p.fte for p in extra], dtype=float)
                    old, new = np.r_[old, more], np.r_[new, more]
                    continue
                m = min(len(new), max(1, math.ceil(abs(r) / 0.1)))
                idx = np.argsort(-room, kind="stable")[:m]
                new[idx] += np.sign(r) * np.minimum(abs(r) / m, room[idx])
        new = np.round(new, 4)
        if total is not None:
            r = round(total - (new - old).sum(), 4)
            room = (MAX_FTE - new) if r > 0 else (new - MIN_FTE)
            i = int(np.argmax(room))
            new[i] = round(new[i] + r, 4)
        for p, f in zip(chosen, new, strict=True):
            if abs(f - (p.fte or 0)) > 1e-9:
                self.event(p, self.day(self.year), "fte_change", fte=float(f))
