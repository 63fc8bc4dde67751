"""Sickness absence by the CBS method, as a 12-month moving average.

Absence % = Σ sick calendar days × contract fte × sickness percentage
          / Σ available calendar days × contract fte × 100,
over the 12 calendar months ending with the month reported. A person is
*available* on every calendar day of employment.

"Verzuim tot 2 jaar" (CBS): every spell counts with its days up to its two-year
point (the long-spell limit, 730 days, a dated parameter): days 1 … 730 of a
spell count, later days do not. The staff sick for longer than that are reported
apart: the persons past their spell's two-year point on the date judged, and the
fte-weighted days past it per month.

Inputs are *segments*: half-open day ranges ``[start, end)`` (as ordinal days)
with a weight and a group (unit or team). Building them from HR records is the
store's job; this module only counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Segments:
    """Day ranges ``[start, end)`` (ordinal days) with a weight and a group index."""

    start: IntArray
    end: IntArray
    weight: FloatArray  # available: fte; sick: fte × percentage / 100
    group: IntArray  # index into the list of group names
    # Sick pieces only: the first day (ordinal) of the whole spell the piece belongs to
    # (a spell is cut into pieces where fte or unit changes; its two-year point is the
    # spell's, not the piece's).
    spell_start: IntArray | None = None
    spell: IntArray | None = None  # sick pieces only: an id shared by a spell's pieces

    @classmethod
    def of(cls, rows: list[tuple[dt.date, dt.date, float, int]],
           spells: list[tuple[int, dt.date]] | None = None) -> Segments:
        """From (start, end exclusive, weight, group) tuples; for sick pieces also
        (spell id, first day of the spell) per piece."""
        return cls(
            np.array([r[0].toordinal() for r in rows], dtype=np.int64),
            np.array([r[1].toordinal() for r in rows], dtype=np.int64),
            np.array([r[2] for r in rows], dtype=np.float64),
            np.array([r[3] for r in rows], dtype=np.int64),
            None if spells is None else np.array([s[1].toordinal() for s in spells],
                                                 dtype=np.int64),
            None if spells is None else np.array([s[0] for s in spells], dtype=np.int64),
        )

    def where(self, keep: npt.NDArray[np.bool_]) -> Segments:
        return Segments(self.start[keep], self.end[keep], self.weight[keep], self.group[keep],
                        None if self.spell_start is None else self.spell_start[keep],
                        None if self.spell is None else self.spell[keep])

    def clipped(self, start: IntArray, end: IntArray) -> Segments:
        """The same pieces cut to ``[max(start), min(end))`` each; empty ones dropped."""
        lo, hi = np.maximum(self.start, start), np.minimum(self.end, end)
        keep = hi > lo
        return Segments(lo[keep], hi[keep], self.weight[keep], self.group[keep],
                        None if self.spell_start is None else self.spell_start[keep],
                        None if self.spell is None else self.spell[keep])


def month_bounds(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[dt.date, dt.date]]:
    """[start, next start) of each month from ``first`` to ``last`` (year, month)."""
    out = []
    y, m = first
    while (y, m) <= last:
        nxt = (y + (m == 12), m % 12 + 1)
        out.append((dt.date(y, m, 1), dt.date(nxt[0], nxt[1], 1)))
        y, m = nxt
    return out


def weighted_days(seg: Segments, months: list[tuple[dt.date, dt.date]],
                  groups: int) -> FloatArray:
    """Σ weight × days of overlap, per group (rows) and month (columns)."""
    out = np.zeros((groups, len(months)))
    for j, (a, b) in enumerate(months):
        lo = np.maximum(seg.start, a.toordinal())
        hi = np.minimum(seg.end, b.toordinal())
        days = np.clip(hi - lo, 0, None)
        out[:, j] = np.bincount(seg.group, weights=days * seg.weight, minlength=groups)
    return out


@dataclass(frozen=True)
class AbsenceSeries:
    months: list[str]  # 'YYYY-MM'
    groups: list[str]
    sick_days: FloatArray  # fte-weighted sick days up to each spell's two-year point
    available_days: FloatArray  # fte-weighted available days per group and month
    beyond_days: FloatArray  # fte-weighted sick days past the two-year point (apart)
    long_sick: dict[str, int]  # persons past their spell's two-year point on the date

    def moving_average(self, window: int = 12) -> FloatArray:
        """Absence % per group and month over the ``window`` months ending there; NaN
        where fewer than ``window`` months of history exist."""
        sick = np.cumsum(self.sick_days, axis=1)
        avail = np.cumsum(self.available_days, axis=1)
        out = np.full(self.sick_days.shape, np.nan)
        for j in range(window - 1, len(self.months)):
            s = sick[:, j] - (sick[:, j - window] if j >= window else 0.0)
            a = avail[:, j] - (avail[:, j - window] if j >= window else 0.0)
            with np.errstate(invalid="ignore", divide="ignore"):
                out[:, j] = np.where(a > 0, 100.0 * s / a, np.nan)
        return out


def absence(available: Segments, sick: Segments, groups: list[str],
            months: list[tuple[dt.date, dt.date]], long_spell_days: int,
            as_of: dt.date) -> AbsenceSeries:
    """Monthly fte-weighted sick and available days per group, "verzuim tot 2 jaar".

    Each spell counts its days up to its two-year point: the first ``long_spell_days``
    calendar days from the spell's first day (``spell_start``; without it, each piece
    is a spell of its own). Days after that point are the ``beyond_days``; the persons
    past the point on ``as_of`` (a piece covering that day) are ``long_sick``. ``sick``
    segments must lie within employment.
    """
    first = sick.spell_start if sick.spell_start is not None else sick.start
    point = first + long_spell_days  # the first day no longer counted
    far = np.iinfo(np.int64).max
    counted = sick.clipped(np.full_like(point, np.iinfo(np.int64).min), point)
    beyond = sick.clipped(point, np.full_like(point, far))
    n = len(groups)
    day = as_of.toordinal()
    on_day = beyond.where((beyond.start <= day) & (day < beyond.end))
    # Count persons, not pieces: a person has one spell at a time (overlaps are refused
    # at the gate), so a spell id stands for its person.
    if on_day.spell is None:
        counts = np.bincount(on_day.group, minlength=n)
    else:
        pairs = np.unique(np.stack([on_day.group, on_day.spell]), axis=1)
        counts = np.bincount(pairs[0], minlength=n)
    return AbsenceSeries(
        months=[f"{a.year}-{a.month:02d}" for a, _ in months],
        groups=list(groups),
        sick_days=weighted_days(counted, months, n),
        available_days=weighted_days(available, months, n),
        beyond_days=weighted_days(beyond, months, n),
        long_sick={g: int(counts[i]) for i, g in enumerate(groups) if counts[i]},
    )
