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
        lines.append(f"{e},{mx[0]},{hi},{lo},{cons},{min_cons},{min_off},{round(wk * scale)}")
    lines += ["", "SECTION_DAYS_OFF"]
    off: dict[str, set[int]] = {}
    for e in names:
        off[e] = set(rng.sample(range(days), max(1, round(2 * scale))))
        lines.append(",".join([e, *map(str, sorted(off[e]))]))
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


def _name(i: int) -> str:
    """A, B, …, Z, AA, AB, … as in the benchmark's files."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out
