"""Instances of the Curtois–Qu kind at the sizes of the set's instances 13–24.

Instances 13–24 of the employee shift scheduling benchmark are not in
``../shared/benchmarks/nrp`` (the product owner holds them back). This generator writes
instances in the same text format, with the same kinds of rules, at their published
sizes (persons × days × shift types; see :data:`SIZES`), so that the search can be
tried at that scale. They are *not* those instances: no best-known value applies to
them, and a gap to one would mean nothing.

What is copied from instances 1–12 (measured on their files, e.g. instance 12):

- shift types in groups by time of day (early, day, late, night); a later group may
  not be followed by an earlier one the next day; 480 minutes, nights 600 where there
  are five or more types (as in instance 10);
- each person qualified for part of the types (max shifts 0 for the others, the
  horizon for the rest, nights 4 per 28 days where allowed); 8,640 to 7,560 minutes
  per 28 days (some 8,160); (max consecutive, min consecutive, min days off, max
  weekends per 28 days) one of (5, 2, 2, 2), (5, 2, 2, 3), (6, 2, 3, 2);
- 2 days off per person per 28 days; about 5 shift-on and 2 shift-off requests per
  person per 28 days, weights 1–3;
- cover of weight 100 per person short and 1 per person over, with the total
  required minutes equal to the staff's total maximum minutes (instances 8, 10 and
  12: 99.5–100 %), spread over the types in proportion to the persons qualified.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np

# (persons, days, shift types) of instances 13–24 as published with the set (the
# benchmark's web page "Employee Shift Scheduling Benchmark Data Sets", T. Curtois,
# University of Nottingham; quoted from memory in issue 15's brief and consistent with
# instances 1–12 in ../shared/benchmarks/nrp; not checked against the files)
SIZES: dict[int, tuple[int, int, int]] = {
    13: (120, 28, 18), 14: (32, 42, 4), 15: (45, 42, 6), 16: (20, 56, 3),
    17: (32, 56, 4), 18: (22, 84, 3), 19: (40, 84, 5), 20: (50, 182, 6),
    21: (100, 182, 8), 22: (50, 364, 10), 23: (100, 364, 16), 24: (150, 364, 32),
}

GROUPS = "EDLN"  # early, day, late, night: a later group may not follow an earlier one
RULES = ((5, 2, 2, 2), (5, 2, 2, 3), (6, 2, 3, 2))


def generate(persons: int, days: int, n_shifts: int, seed: int = 0) -> str:
    """One instance's text (the format of ``../shared/benchmarks/nrp/Instance*.txt``)."""
    rng = random.Random(seed * 1_000_003 + persons * 1009 + days * 31 + n_shifts)
    g = _staff(rng, persons, days, n_shifts)
    lines, ids, names, qualified, off = g.lines, g.ids, g.names, g.qualified, g.off
    groups, minutes, total_max, scale = g.groups, g.minutes, g.total_max, days / 28
    on_req, off_req = [], []
    for i, e in enumerate(names):
        free = [d for d in range(days) if d not in off[e]]
        for d in rng.sample(free, min(len(free), round(5 * scale))):
            on_req.append(f"{e},{d},{ids[rng.choice(qualified[i])]},{rng.randint(1, 3)}")
        for d in rng.sample(free, min(len(free), round(2 * scale))):
            off_req.append(f"{e},{d},{ids[rng.randrange(n_shifts)]},{rng.randint(1, 3)}")
    lines += ["", "SECTION_SHIFT_ON_REQUESTS", *on_req, "", "SECTION_SHIFT_OFF_REQUESTS",
              *off_req, "", "SECTION_COVER"]
    # demand per type in proportion to the persons qualified (nights capped by their
    # limit), varied by day; then scaled so that the minutes required equal the staff's
    # maximum minutes
    able = [sum(1 for q in qualified if k in q) for k in range(n_shifts)]
    weight = [a * (0.3 if groups[k] == "N" else 1.0) for k, a in enumerate(able)]
    raw = [[weight[k] * rng.uniform(0.6, 1.4) * (0.8 if d % 7 >= 5 else 1.0)
            for k in range(n_shifts)] for d in range(days)]
    need = sum(raw[d][k] * minutes[k] for d in range(days) for k in range(n_shifts))
    f = total_max / need
    for d in range(days):
        for k in range(n_shifts):
            req = int(raw[d][k] * f + rng.random())  # rounded at random: total kept
            if req > 0:
                lines.append(f"{d},{ids[k]},{req},100,1")
    return "\n".join(lines) + "\n"


@dataclass
class _Staff:
    """The sections up to the days off, and what the rest of an instance needs."""

    lines: list[str]
    ids: list[str]
    groups: list[str]
    minutes: list[int]
    names: list[str]
    qualified: list[list[int]]
    off: dict[str, set[int]]
    total_max: int
    rules: list[tuple[int, int, int, int, int, int]]  # hi, lo, cons, min_cons, min_off, wk
    caps: list[dict[int, int]]  # shifts of each type at most, per person


def _staff(rng: random.Random, persons: int, days: int, n_shifts: int) -> _Staff:
    scale = days / 28
    # shift types: the groups in order, nights last and fewest
    groups = [GROUPS[min(3, k * 4 // n_shifts)] for k in range(n_shifts)]
    if n_shifts >= 2 and "N" not in groups:
        groups[-1] = "N"
    ids = [f"{g}{k + 1}" for k, g in enumerate(groups)]
    minutes = [600 if g == "N" and n_shifts >= 5 else 480 for g in groups]
    lines = ["# generated: benchmarks/nrp_gen.py (Curtois–Qu format)", "SECTION_HORIZON",
             str(days), "", "SECTION_SHIFTS"]
    for k, sid in enumerate(ids):
        earlier = [ids[j] for j in range(n_shifts)
                 if GROUPS.index(groups[j]) < GROUPS.index(groups[k])]
        lines.append(f"{sid},{minutes[k]},{'|'.join(earlier)}")
    lines += ["", "SECTION_STAFF"]
    names = [_name(i) for i in range(persons)]
    qualified: list[list[int]] = []
    rules: list[tuple[int, int, int, int, int, int]] = []
    caps: list[dict[int, int]] = []
    total_max = 0
    for e in names:
        share = rng.uniform(0.35, 0.8)
        q = [k for k in range(n_shifts) if rng.random() < share]
        day_types = [k for k in range(n_shifts) if groups[k] != "N"]
        if not any(k in day_types for k in q):
            q.append(rng.choice(day_types))
        qualified.append(sorted(q))
        mx = ["|".join(f"{sid}={(round(4 * scale) if groups[k] == 'N' else days) if k in q else 0}"
                       for k, sid in enumerate(ids))]
        hi = round(8640 * scale)
        cons, min_cons, min_off, wk = rng.choice(RULES)
        # 8,160 minutes only with days off in twos (instance 8), else 7,560
        lo = round(rng.choice((7560, 8160) if min_off == 2 else (7560,)) * scale)
        total_max += hi
        rules.append((hi, lo, cons, min_cons, min_off, round(wk * scale)))
        caps.append({k: round(4 * scale) if groups[k] == "N" else days for k in q})
        lines.append(f"{e},{mx[0]},{hi},{lo},{cons},{min_cons},{min_off},{round(wk * scale)}")
    lines += ["", "SECTION_DAYS_OFF"]
    off: dict[str, set[int]] = {}
    for e in names:
        off[e] = set(rng.sample(range(days), max(1, round(2 * scale))))
        lines.append(",".join([e, *map(str, sorted(off[e]))]))
    return _Staff(lines, ids, groups, minutes, names, qualified, off, total_max, rules, caps)


def planted(persons: int, days: int, n_shifts: int, seed: int = 0,
            conflict: float = 0.1, exact: bool = False
            ) -> tuple[str, int, dict[tuple[str, int], str]]:
    """An instance with a planted roster: the text, the roster's cost, and the roster
    ((employee, day) → shift).

    The staff, their rules and days off are those of :func:`generate`. Each person
    gets a schedule that keeps every one of their rules (:func:`_plant`, built run by
    run, not by the search); the cover required is exactly what those schedules give
    (every day and type, 0 included), so the planted roster leaves no cover short and
    none over. Requests are as many as in :func:`generate`; each is consistent with the
    planted schedule (a shift on it asked for, a shift not on it asked off), except a
    share ``conflict`` that it breaks (a shift asked for on a day the person is off in
    it, a planted shift asked off). The planted roster's cost is the weight of those
    broken requests: an upper bound on the optimum, known without any search.

    ``exact``: the broken requests are all shifts asked for on days the person must
    have off, and no shift is asked off that the planted roster works. Every roster
    then breaks those requests and the planted one breaks no other, so its cost is
    **the optimum**, known exactly (without it the optimum can be far lower: on
    32 × 56 × 4 column generation proved 34 where the planted roster cost 91)."""
    rng = random.Random(seed * 1_000_003 + persons * 1009 + days * 31 + n_shifts + 7)
    g = _staff(rng, persons, days, n_shifts)
    lines, ids, names = g.lines, g.ids, g.names
    scale = days / 28
    roster: dict[tuple[str, int], str] = {}
    paths = []
    for i, e in enumerate(names):
        path = _plant(rng, days, g.off[e], g.caps[i], g.minutes, g.rules[i], g.groups)
        paths.append(path)
        roster.update({(e, d): ids[k] for d, k in enumerate(path) if k >= 0})
    on_req, off_req = [], []
    cost = 0
    for i, e in enumerate(names):
        path = paths[i]
        worked = [d for d in range(days) if path[d] >= 0]
        rest = sorted(g.off[e]) if exact else [
            d for d in range(days) if path[d] < 0 and d not in g.off[e]]
        for _ in range(round(5 * scale)):
            w = rng.randint(1, 3)
            if rest and rng.random() < conflict:
                d, k = rng.choice(rest), rng.choice(g.qualified[i])
                cost += w
            else:
                d = rng.choice(worked)
                k = path[d]
            on_req.append(f"{e},{d},{ids[k]},{w}")
        for _ in range(round(2 * scale)):
            w = rng.randint(1, 3)
            d = rng.randrange(days)
            if path[d] >= 0 and not exact and rng.random() < conflict:
                k = path[d]
                cost += w
            else:
                k = rng.choice([j for j in range(n_shifts) if j != path[d]])
            off_req.append(f"{e},{d},{ids[k]},{w}")
    lines += ["", "SECTION_SHIFT_ON_REQUESTS", *on_req, "", "SECTION_SHIFT_OFF_REQUESTS",
              *off_req, "", "SECTION_COVER"]
    for d in range(days):
        for k in range(n_shifts):
            req = sum(1 for p in paths if p[d] == k)
            lines.append(f"{d},{ids[k]},{req},100,1")
    return "\n".join(lines) + "\n", cost, roster


def _plant(rng: random.Random, days: int, off: set[int], caps: dict[int, int],
           minutes: list[int], rule: tuple[int, int, int, int, int, int],
           groups: list[str]) -> list[int]:
    """One person's schedule (shift index per day, -1 off) that keeps their rules.

    Which days are worked is a longest path over the days (:func:`_days_worked`: runs
    of work and of days off as the rules allow, no work on a day that must be off,
    weekends counted), each day worth a random value plus a premium found by bisection
    so that the days worked land at a random point between the minimum and maximum
    minutes. Each run of work then gets one shift type the person may work (so no
    forbidden succession inside a run), a night type while their nights and maximum
    minutes allow."""
    hi, lo, cons, min_cons, min_off, wk = rule
    noise = [rng.random() for _ in range(days)]
    least, most = -(-lo // 480), hi // 480
    aim = rng.randint(least, max(least, (least + 2 * most) // 3))
    low, high = -2.0, 2.0
    path = _days_worked(days, off, cons, min_cons, min_off, wk, noise, high)
    if sum(path) < least:
        raise RuntimeError("no planted schedule: the person's rules are too tight")
    for _ in range(30):
        mid = (low + high) / 2
        trial = _days_worked(days, off, cons, min_cons, min_off, wk, noise, mid)
        if sum(trial) >= aim:
            path, high = trial, mid
        else:
            low = mid
        if least <= sum(path) <= aim + 1:
            break
    while sum(path) > aim:  # a shorter run, or none, keeps every rule
        runs = [(a, b) for a, b in _runs(path)
                if b - a > min_cons or sum(path) - (b - a) >= aim]
        if not runs:
            break
        a, b = rng.choice(runs)
        if b - a > min_cons:
            path[rng.choice((a, b - 1))] = False
        else:
            path[a:b] = [False] * (b - a)
    day_types = [k for k in caps if groups[k] != "N"]
    out = [-1] * days
    used = 480 * sum(path)
    left = dict(caps)
    d = 0
    while d < days:
        if not path[d]:
            d += 1
            continue
        e = d
        while e < days and path[e]:
            e += 1
        nights = [k for k in caps if groups[k] == "N" and left[k] >= e - d
                  and used + (minutes[k] - 480) * (e - d) <= hi]
        k = rng.choice(nights) if nights and rng.random() < 0.3 else rng.choice(day_types)
        used += (minutes[k] - 480) * (e - d)
        left[k] -= e - d
        out[d:e] = [k] * (e - d)
        d = e
    if not _keeps(out, days, off, caps, minutes, rule):
        raise RuntimeError("planted schedule breaks a rule")  # a bug here, not in the instance
    return out


def _runs(path: list[bool]) -> list[tuple[int, int]]:
    out, d = [], 0
    while d < len(path):
        if path[d]:
            e = d
            while e < len(path) and path[e]:
                e += 1
            out.append((d, e))
            d = e
        d += 1
    return out


def _days_worked(days: int, off: set[int], cons: int, min_cons: int, min_off: int,
                 wk: int, noise: list[float], premium: float) -> list[bool]:
    """The days to work (a longest path, each worked day worth ``noise[d] +
    premium``): states are the length of the run of days off (up to ``min_off``) or
    of work (up to ``cons``), times the weekends worked so far (up to ``wk``)."""
    n_off, n_st = max(1, min_off), max(1, min_off) + cons
    neg = -1e18
    val = np.full((n_st, wk + 1), neg)
    val[n_off - 1, 0] = 0.0  # before day 0: rested
    back = np.zeros((days, n_st, wk + 1, 2), dtype=np.int64)
    idx = np.arange(wk + 1)
    for d in range(days):
        new = np.full((n_st, wk + 1), neg)
        arg = np.zeros((n_st, wk + 1, 2), dtype=np.int64)

        def offer(to: int, frm: int, shift: int, gain: float, val: np.ndarray = val,
                  new: np.ndarray = new, arg: np.ndarray = arg) -> None:
            src = val[frm]
            if shift:
                cand = np.full(wk + 1, neg)
                cand[1:] = src[:-1]
            else:
                cand = src
            cand = cand + gain
            better = cand > new[to]
            new[to] = np.where(better, cand, new[to])
            arg[to, better, 0] = frm
            arg[to, better, 1] = idx[better] - shift

        for o in range(n_off):  # a day off after a day off, or after work
            offer(min(o + 1, n_off - 1), o, 0, 0.0)
        for w in range(min_cons, cons + 1):
            offer(0 if n_off > 1 else n_off - 1, n_off - 1 + w, 0, 0.0)
        if d not in off:
            g = noise[d] + premium
            sat, sun = d % 7 == 5, d % 7 == 6
            offer(n_off, n_off - 1, 1 if sat or sun else 0, g)  # a run begins
            for w in range(1, cons):
                offer(n_off + w, n_off - 1 + w, 1 if sat else 0, g)
        val = new
        back[d] = arg
    s, k = np.unravel_index(int(np.argmax(val)), val.shape)
    out = [False] * days
    for d in range(days - 1, -1, -1):
        out[d] = s >= n_off
        s, k = back[d, s, k]
    return out


def _weekends(path: list[int], days: int) -> int:
    return sum(1 for s in range(5, days, 7) if path[s] >= 0 or (s + 1 < days and path[s + 1] >= 0))


def _keeps(path: list[int], days: int, off: set[int], caps: dict[int, int],
           minutes: list[int], rule: tuple[int, int, int, int, int, int]) -> bool:
    """Whether ``path`` keeps the person's rules (runs touching the horizon's ends
    exempt from the minimum runs, as in the checker)."""
    hi, lo, cons, min_cons, min_off, wk = rule
    used = sum(minutes[k] for k in path if k >= 0)
    if not lo <= used <= hi or any(path[d] >= 0 for d in off):
        return False
    if any(sum(1 for k in path if k == t) > c for t, c in caps.items()):
        return False
    if any(k >= 0 and k not in caps for k in path):
        return False
    if _weekends(path, days) > wk:
        return False
    d = 0
    while d < days:
        e = d
        while e < days and (path[e] >= 0) == (path[d] >= 0):
            e += 1
        inside = d > 0 and e < days
        if path[d] >= 0 and (e - d > cons or (inside and e - d < min_cons)):
            return False
        if path[d] < 0 and inside and e - d < min_off:
            return False
        d = e
    return True

def _name(i: int) -> str:
    """A, B, …, Z, AA, AB, … as in the benchmark's files."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out
