"""Synthetic sickness spells and volunteer hours for the generated people.

Spells come in three kinds (short, medium, long) with yearly rates per person
and exponential lengths (``police.yaml``); they fall inside each person's
employment within the history window and never overlap (a spell is cut short
the day before the next one starts). A spell still running at the end of the
window is left open (no end date). Volunteers get hours for every month they
are active, at most 48 a month (576 a year).
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from sterkte.synth.police.generator import VOL, Police
from sterkte.synth.police.params import SynthParams

Spell = tuple[int, dt.date, dt.date | None, float]  # pid, start, end (None: open), percent
Hours = tuple[int, str, float]  # pid, YYYY-MM, hours


def employment(police: Police) -> dict[int, tuple[dt.date, dt.date, bool]]:
    """pid → (first day, last day within the window, volunteer throughout)."""
    first: dict[int, dt.date] = {}
    last: dict[int, dt.date] = {}
    vol: dict[int, bool] = {}
    for date, pid, kind, _unit, category, _fte, _reason in police.events:
        if kind == "hire":
            first[pid] = date
            vol[pid] = category == VOL
        elif kind in ("leave", "dropout"):
            last[pid] = date - dt.timedelta(days=1)
        elif category == VOL or kind == "academy_start":
            vol[pid] = False  # mixed histories: count as staff (hours handled separately)
    out = {}
    for pid, d in first.items():
        a = max(d, police.start)
        b = min(last.get(pid, police.end), police.end)
        if b >= a:
            out[pid] = (a, b, vol.get(pid, False))
    return out


def sickness_spells(police: Police, params: SynthParams, seed: int) -> list[Spell]:
    rng = np.random.default_rng([seed, 1])
    emp = [(pid, a, b) for pid, (a, b, v) in sorted(employment(police).items()) if not v]
    if not emp:
        return []
    pids = np.array([e[0] for e in emp])
    a0 = np.array([e[1].toordinal() for e in emp])
    b0 = np.array([e[2].toordinal() for e in emp])
    span = b0 - a0 + 1
    years = span / 365.25
    rows_pid: list[np.ndarray] = []
    rows_start: list[np.ndarray] = []
    rows_len: list[np.ndarray] = []
    for kind in (params.sickness.short, params.sickness.medium, params.sickness.long):
        n = rng.poisson(kind.rate * years)
        idx = np.repeat(np.arange(len(emp)), n)
        # long spells may have begun before the window: start up to a mean length earlier
        lead = np.minimum(kind.mean_days, 365) if kind.mean_days > 60 else 0
        start = a0[idx] - lead + np.floor(rng.random(len(idx)) * (span[idx] + lead))
        length = np.maximum(1, np.round(rng.exponential(kind.mean_days, len(idx))))
        rows_pid.append(idx)
        rows_start.append(start.astype(np.int64))
        rows_len.append(length.astype(np.int64))
    idx = np.concatenate(rows_pid)
    start = np.maximum(np.concatenate(rows_start), a0[idx])
    end = start + np.concatenate(rows_len) - 1
    order = np.lexsort((start, idx))
    idx, start, end = idx[order], start[order], end[order]
    same_next = np.r_[idx[1:] == idx[:-1], False]
    next_start = np.r_[start[1:], 0]
    end = np.where(same_next, np.minimum(end, next_start - 1), end)
    keep = (end >= start) & np.r_[True, (idx[1:] != idx[:-1]) | (start[1:] != start[:-1])]
    idx, start, end = idx[keep], start[keep], end[keep]
    open_spell = end > b0[idx]
    end = np.minimum(end, b0[idx])
    partial = rng.random(len(idx)) < params.sickness.partial_share
    window_end = police.end.toordinal()
    out: list[Spell] = []
    for i, s, e, op, pa in zip(idx.tolist(), start.tolist(), end.tolist(),
                               open_spell.tolist(), partial.tolist(), strict=True):
        still = op and int(b0[i]) == window_end
        out.append((int(pids[i]), dt.date.fromordinal(s),
                    None if still else dt.date.fromordinal(e), 50.0 if pa else 100.0))
    return out


def volunteer_hours(police: Police, params: SynthParams, seed: int) -> list[Hours]:
    rng = np.random.default_rng([seed, 2])
    mean = params.volunteers.monthly_hours_mean
    spans: dict[int, tuple[dt.date, dt.date | None]] = {}
    for date, pid, kind, _unit, category, _fte, _reason in sorted(police.events,
                                                                  key=lambda e: (e[1], e[0])):
        if (kind == "hire" and category == VOL) or \
                (kind == "transfer_category" and category == VOL):
            spans[pid] = (date, None)
        elif pid in spans and spans[pid][1] is None and kind in (
                "leave", "academy_start", "transfer_category"):
            spans[pid] = (spans[pid][0], date)
    out: list[Hours] = []
    first_month = police.start.year * 12 + police.start.month - 1
    last_month = police.end.year * 12 + police.end.month - 1
    for pid in sorted(spans):
        a, b = spans[pid]
        m0 = max(first_month, a.year * 12 + a.month - 1)
        m1 = min(last_month, b.year * 12 + b.month - 1 if b else last_month)
        if m1 < m0:
            continue
        hours = np.minimum(48.0, np.round(rng.gamma(2.0, mean / 2.0, m1 - m0 + 1) * 2) / 2)
        out.extend((pid, f"{m // 12}-{m % 12 + 1:02d}", float(h))
                   for m, h in zip(range(m0, m1 + 1), hours.tolist(), strict=True))
    return out
