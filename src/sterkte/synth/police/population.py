"""The synthetic national police: people and their event histories 2019–2022.

The generator is built around the calibration year (2021). It first lays out,
per unit, the stock on 31-12-2020 as *groups* of people who will do one thing
in 2021 (leave planned or unplanned, move to NOS, start training, move unit,
change hours, graduate, drop out, stay); each group's fte is drawn from the
contract distribution and then fitted so that it sums to its calibration
target (see :mod:`sterkte.synth.police.calibration`). New people (lateral entry,
academy intake) are fitted the same way. Flows the tables do not publish
(NOS, the split of doorstroom, volunteers) come from ``police.yaml``.

It then writes each person's past (2019–2020, consistent with their state on
31-12-2020: a hire date, and at most one earlier mutation) and future (2022,
at the yearly rates), adds people who left in 2019–2020, and finally functions,
teams and community officers. All randomness comes from one
``numpy.random.Generator``, consumed in a fixed order: same seed, same police.
"""

from __future__ import annotations

import bisect
import datetime as dt

import numpy as np

from sterkte.ledger import Category
from sterkte.org import REGIONAL_UNIT_CODES, REPORTING_UNIT_CODES
from sterkte.synth.police.calibration import calibration_targets, published_table
from sterkte.synth.police.generator import (
    ASP,
    GRADUATION_MONTHS,
    INTAKE_MONTHS,
    MAX_FTE,
    NOS,
    OS,
    VOL,
    Gen,
    Person,
    Police,
)
from sterkte.synth.police.org import Team, synthetic_teams
from sterkte.synth.police.params import SynthParams
from sterkte.synth.police.past import _academy_start, _former_staff, _write_past


def _placements(os_t: dict[str, dict[str, float]], asp_t: dict[str, dict[str, float]]
                ) -> tuple[dict[str, float], dict[tuple[str, str], float]]:
    """ASP transfers out per unit, and graduates placed per (from unit, to unit), fte.

    A unit whose OS graduates exceed its aspirants leaving training receives
    graduates trained elsewhere; the national surplus of aspirants leaving over
    graduates are aspirants moving to another unit.
    """
    units = list(os_t)
    gi = {u: os_t[u]["graduated_in"] for u in units}
    out = {u: -asp_t[u]["graduated_or_transfer_out"] for u in units}
    surplus = {u: gi[u] - out[u] for u in units}
    left = -sum(surplus.values())
    if left < -1e-6:
        raise ValueError("more OS graduates than aspirants leaving training: cannot calibrate")
    transfer_out = dict.fromkeys(units, 0.0)
    for u in sorted(units, key=lambda u: surplus[u]):
        if left <= 1e-9 or surplus[u] >= 0:
            break
        transfer_out[u] = min(-surplus[u], left)
        left -= transfer_out[u]
    grads = {u: out[u] - transfer_out[u] for u in units}
    placed: dict[tuple[str, str], float] = {}
    spare: dict[str, float] = {}
    need: dict[str, float] = {}
    for u in units:
        placed[(u, u)] = min(grads[u], gi[u])
        spare[u] = grads[u] - placed[(u, u)]
        need[u] = gi[u] - placed[(u, u)]
    for u in units:
        for v in units:
            if need[u] <= 1e-9:
                break
            amount = min(need[u], spare[v])
            if amount > 1e-9:
                placed[(v, u)] = placed.get((v, u), 0.0) + amount
                need[u] -= amount
                spare[v] -= amount
    return transfer_out, {k: v for k, v in placed.items() if v > 1e-9}


def generate_police(params: SynthParams, seed: int, scale: float = 1.0) -> Police:
    """The synthetic police for ``seed``. ``scale`` multiplies every stock and flow
    (calibration holds only at 1.0; smaller scales make quick test data)."""
    g = Gen(params, seed, scale)
    os_t = calibration_targets(published_table(Category.OS))
    asp_t = calibration_targets(published_table(Category.ASP))
    if scale != 1.0:
        os_t = {u: {c: v * scale for c, v in row.items()} for u, row in os_t.items()}
        asp_t = {u: {c: v * scale for c, v in row.items()} for u, row in asp_t.items()}
    units = list(REPORTING_UNIT_CODES)
    y = g.year
    rates = params.rates

    # -- national structures of the calibration year ---------------------------------
    transfer_out, placed = _placements(os_t, asp_t)
    ti = {u: asp_t[u]["transfer_in"] for u in units}
    by_ti = sorted(units, key=lambda u: -ti[u])

    def dest_for(u: str) -> str:
        return next(w for w in by_ti if w != u)

    placement_fix = {u: max(0.0, -ti[u]) for u in units}  # aspirants re-placed at intake
    inflow_other = dict.fromkeys(units, 0.0)
    for u in units:
        inflow_other[dest_for(u)] += transfer_out[u] + placement_fix[u]
    academy = {u: ti[u] + placement_fix[u] - inflow_other[u] for u in units}
    if min(academy.values()) < -1e-6:
        raise ValueError("published aspirant transfers cannot be calibrated")
    academy_os = {u: max(0.0, academy[u]) * rates.academy_from_os_share for u in units}
    academy_nos = {u: max(0.0, academy[u]) - academy_os[u] for u in units}

    # OS officers moving between units: natural sizes, destinations by size.
    o = {u: os_t[u]["opening"] for u in units}
    weights = np.array([o[u] for u in units])
    movers: dict[str, list[tuple[float, str]]] = {u: [] for u in units}
    moved_in = dict.fromkeys(units, 0.0)
    for i, u in enumerate(units):
        n = g.poisson(rates.os_between_units * o[u] / g.mean_fte(OS)) if o[u] > 100 else 0
        w = weights.copy()
        w[i] = 0
        for f, d in zip(g.draw_fte(OS, n), g.rng.choice(len(units), n, p=w / w.sum()),
                        strict=True):
            movers[u].append((float(f), units[int(d)]))
            moved_in[units[int(d)]] += float(f)
    # doorstroom overig = NOS→OS − OS→NOS − to training + between units (net)
    os_to_nos: dict[str, float] = {}
    nos_to_os: dict[str, float] = {}
    for u in units:
        net_between = moved_in[u] - sum(f for f, _ in movers[u])
        r = os_t[u]["transfer_other"] + academy_os[u] - net_between
        base = rates.os_to_nos * o[u] if rates.os_to_nos * o[u] >= 1 else 0.0
        os_to_nos[u], nos_to_os[u] = (base, r + base) if r >= 0 else (base - r, base)

    nos_open = {u: (params.nos_opening_fte.absolute[u] if u in params.nos_opening_fte.absolute
                    else o[u] * (params.nos_opening_fte.share_of_os_le if u == "LE"
                                 else params.nos_opening_fte.share_of_os_regional)) * scale
                for u in units}
    vol_units = [*REGIONAL_UNIT_CODES, "LE"]
    vol_flows = {k: round(v * scale) for k, v in params.volunteers.flows_2021.items()}
    # The volunteers on 31-12-2020 who stay volunteers through 2021 or leave in it: the
    # published stock on 31-12-2021 less the 2021 flows into it (the volunteers who start
    # training are added to the opening stock below, and leave it again).
    vol_open = _split_int(max(0, round(params.volunteers.closing_persons_2021 * scale)
                              - vol_flows["intake"] + vol_flows["outflow"]
                              - vol_flows["from_professional"]),
                          {u: o[u] for u in vol_units})

    planned_leavers: list[Person] = []  # OS/NOS planned leavers in y (some become volunteers)
    intakes: list[Person] = []  # regional intake of y (some were volunteers)
    stock: dict[str, list[Person]] = {}  # everyone in the 31-12-2020 stock, by story group

    for u in units:
        # -- OS on 31-12-2020 and its 2021 events --------------------------------
        out = -os_t[u]["outflow"]
        planned = out * rates.os_outflow_planned_share if out >= 2 else 0.0
        leave_p = [g.person(OS, u, f, g.age(OS, 60)) for f in g.fit(planned, OS)]
        leave_u = [g.person(OS, u, f, g.age(OS, 18, 59)) for f in g.fit(out - planned, OS)]
        to_nos = [g.person(OS, u, f, g.age(OS, 25)) for f in g.fit(os_to_nos[u], OS)]
        to_acad = [g.person(OS, u, f, g.age(OS, 22, 45)) for f in g.fit(academy_os[u], OS)]
        move = [(g.person(OS, u, f, g.age(OS, 22, 60)), d) for f, d in movers[u]]
        used = sum(p.fte or 0 for p in [*leave_p, *leave_u, *to_nos, *to_acad]) + \
            sum(p.fte or 0 for p, _ in move)
        stay = [g.person(OS, u, f, g.age(OS)) for f in g.fit(o[u] - used, OS)]
        stock.setdefault(OS, []).extend([*leave_p, *leave_u, *to_nos, *to_acad,
                                         *(p for p, _ in move), *stay])
        for p in leave_p:
            g.event(p, g.day(y), "leave", reason="planned")
        planned_leavers.extend(leave_p)
        for p in leave_u:
            g.event(p, g.day(y), "leave", reason="unplanned")
        for p in to_nos:
            g.event(p, g.day(y), "transfer_category", category=NOS)
        for p in to_acad:
            g.event(p, g.day(y, INTAKE_MONTHS, first=True), "academy_start")
        for p, d in move:
            g.event(p, g.day(y), "transfer_unit", unit=d)
        g.fte_changes(stay, os_t[u]["working_time"])
        for f in g.fit(os_t[u]["lateral_entry"], OS):
            p = g.person(OS, u, f, g.age(OS, 23, 55) + 1)
            g.hire_new(p, dt.date(y, int(g.rng.integers(1, 13)), 1))

        # -- ASP on 31-12-2020 and its 2021 events -------------------------------
        graduating: list[Person] = []
        for (v, dest), amount in placed.items():
            if v != u:
                continue
            for f in g.fit(amount, ASP):
                p = g.person(ASP, u, f, g.age(ASP, 20, 40))
                when = g.day(y, GRADUATION_MONTHS, first=True)
                p.academy_start = dt.date(y - 3, when.month - 1, 1)
                g.event(p, when, "graduation", unit=dest if dest != u else None)
                graduating.append(p)
        moving = [g.person(ASP, u, f, g.age(ASP, 18, 40)) for f in g.fit(transfer_out[u], ASP)]
        drop = [g.person(ASP, u, f, g.age(ASP, 18, 40)) for f in g.fit(-asp_t[u]["dropout"], ASP)]
        used = sum(p.fte or 0 for p in [*graduating, *moving, *drop])
        a_stay = [g.person(ASP, u, f, g.age(ASP, 18, 45))
                  for f in g.fit(asp_t[u]["opening"] - used, ASP)]
        for p in [*moving, *drop, *a_stay]:
            p.academy_start = _academy_start(g, y)
        stock.setdefault(ASP, []).extend([*graduating, *moving, *drop, *a_stay])
        for p in moving:
            g.event(p, g.day(y), "transfer_unit", unit=dest_for(u))
        for p in drop:
            g.event(p, g.between(dt.date(y, 1, 1), dt.date(y, 12, 31)), "dropout")
        g.fte_changes(a_stay, asp_t[u]["working_time"])
        fix = placement_fix[u]
        for f in g.fit(asp_t[u]["intake"] - fix, ASP):
            p = g.person(ASP, u, f, g.age(ASP, 18, 35) + 1)
            p.academy_start = g.day(y, INTAKE_MONTHS, first=True)
            if u in REGIONAL_UNIT_CODES:
                intakes.append(p)
            g.hire_new(p, p.academy_start)
        for f in g.fit(fix, ASP):  # placed at u, re-placed the same month
            p = g.person(ASP, u, f, g.age(ASP, 18, 35) + 1)
            p.academy_start = g.day(y, INTAKE_MONTHS, first=True)
            g.hire_new(p, p.academy_start)
            g.event(p, p.academy_start + dt.timedelta(days=14), "transfer_unit",
                    unit=dest_for(u))

        # -- NOS on 31-12-2020 (uncalibrated) ---------------------------------------
        n_leave = g.poisson(rates.nos_outflow * nos_open[u] / g.mean_fte(NOS))
        n_leavers = [g.person(NOS, u, float(f), 0) for f in g.draw_fte(NOS, n_leave)]
        n_to_os = [g.person(NOS, u, f, g.age(NOS, 22, 55)) for f in g.fit(nos_to_os[u], NOS)]
        n_acad = [g.person(NOS, u, f, g.age(NOS, 18, 40)) for f in g.fit(academy_nos[u], NOS)]
        used = sum(p.fte or 0 for p in [*n_leavers, *n_to_os, *n_acad])
        n_stay = [g.person(NOS, u, f, g.age(NOS)) for f in g.fit(nos_open[u] - used, NOS)]
        stock.setdefault(NOS, []).extend([*n_leavers, *n_to_os, *n_acad, *n_stay])
        for p in n_leavers:
            planned_leave = g.rng.random() < rates.nos_outflow_planned_share
            p.birth_year = y - 1 - (g.age(NOS, 60) if planned_leave else g.age(NOS, 18, 59))
            g.event(p, g.day(y), "leave", reason="planned" if planned_leave else "unplanned")
            if planned_leave:
                planned_leavers.append(p)
        for p in n_to_os:
            g.event(p, g.day(y), "transfer_category", category=OS)
        for p in n_acad:
            g.event(p, g.day(y, INTAKE_MONTHS, first=True), "academy_start")
        g.fte_changes(n_stay, None)
        for f in g.draw_fte(NOS, g.poisson(rates.nos_lateral_entry * nos_open[u] /
                                           g.mean_fte(NOS))):
            g.hire_new(g.person(NOS, u, float(f), g.age(NOS, 20, 60) + 1), g.day(y, first=True))

    # -- volunteers in 2021 ----------------------------------------------------------
    share = {u: o[u] for u in vol_units}
    n_to_prof = min(vol_flows["to_professional"], len(intakes))
    ex_vol = [intakes[int(i)] for i in sorted(g.rng.choice(len(intakes), n_to_prof,
                                                            replace=False))]
    vol_stock: list[Person] = []
    for u, n in vol_open.items():
        vol_stock.extend(g.person(VOL, u, None, g.age(VOL)) for _ in range(n))
    stock[VOL] = [*vol_stock, *ex_vol]
    for p in ex_vol:  # a volunteer who starts training: in the VOL stock, then intake
        p.open_cat, p.open_fte = VOL, None
    for i in sorted(g.rng.choice(len(vol_stock), min(vol_flows["outflow"], len(vol_stock)),
                                 replace=False)):
        p = vol_stock[int(i)]
        g.event(p, g.day(y), "leave", reason="planned" if g.rng.random() < 0.3 else "unplanned")
    for u, n in _split_int(vol_flows["intake"], share).items():
        for _ in range(n):
            g.hire_new(g.person(VOL, u, None, g.age(VOL, 18, 60) + 1), g.day(y, first=True))
    regional_planned = [p for p in planned_leavers if p.unit in vol_units]
    for i in sorted(g.rng.choice(len(regional_planned), min(vol_flows["from_professional"],
                                                            len(regional_planned)),
                                 replace=False)):
        _leave_to_volunteer(g, regional_planned[int(i)])

    # The 2021 academy starts of ex-volunteers: rewrite their intake hire.
    ex_ids = {p.pid for p in ex_vol}
    g.events = [e for e in g.events if not (e[1] in ex_ids and e[2] == "hire")]
    for p in ex_vol:
        start = p.academy_start or dt.date(y, 1, 1)
        p.cat, p.hired, p.last_date = VOL, False, dt.date(1900, 1, 1)
        vfte = p.fte
        p.fte = None
        g.event(p, dt.date(int(g.rng.integers(2012, y)), int(g.rng.integers(1, 13)), 1),
                "hire", p.unit, VOL)
        g.event(p, start, "academy_start", fte=vfte)

    for p in g.people:
        p.unit_2021, p.cat_2021, p.fte_2021 = (p.unit, p.cat, p.fte) if p.active else ("", "", None)

    _write_past(g, stock, {u for u in units if asp_t[u]["opening"] > 0})
    _former_staff(g, o, asp_t, nos_open, vol_open)
    _year_after(g, o, asp_t, nos_open, vol_open)
    teams = synthetic_teams(o, params.teams.districts, params.teams.basisteams)
    _functions_and_teams(g, teams)
    return Police(g.people, g.events, teams, g.start, g.end)


def _leave_to_volunteer(g: Gen, p: Person) -> None:
    """Turn ``p``'s leave in the calibration year into a move to the volunteers."""
    for i in range(len(g.events) - 1, -1, -1):
        e = g.events[i]
        if e[1] == p.pid and e[2] == "leave":
            g.events[i] = (e[0], e[1], "transfer_category", None, VOL, None, e[6])
            p.active, p.cat, p.fte = True, VOL, None
            return


def _split_int(total: int, weights: dict[str, float]) -> dict[str, int]:
    w = sum(weights.values())
    raw = {k: total * v / w for k, v in weights.items()}
    out = {k: int(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: (-(raw[k] - out[k]), k))[: total - sum(out.values())]:
        out[k] += 1
    return out


def _year_after(g: Gen, o: dict[str, float], asp_t: dict[str, dict[str, float]],
                nos_open: dict[str, float], vol_open: dict[str, int]) -> None:
    """2022 at the yearly rates: one event at most per person, and new people."""
    from sterkte.parameters import ParameterSet

    rates = g.p.rates
    y = g.year + 1
    if y > g.end.year:
        return
    aow = ParameterSet.bundled(["retirement_age"])["retirement_age"]
    for p in [p for p in g.people if p.active]:
        r = g.rng.random()
        age = y - 1 - p.birth_year
        # the month the state pension age is reached, as the forecast counts it: employment
        # ends then (nobody is employed past it)
        retire = p.birth_year * 12 + round(12 * aow.number(dt.date(p.birth_year, 1, 1)))
        if p.cat == ASP:
            s = p.academy_start
            if s is not None and s.year <= y - 3:
                g.event(p, dt.date(y, min(12, s.month + 1), 1), "graduation")
            elif r < rates.asp_dropout:
                g.event(p, g.day(y), "dropout")
        elif p.cat == VOL:
            if r < rates.volunteer_outflow:
                g.event(p, g.day(y), "leave", reason="unplanned")
        else:
            out_rate = rates.os_outflow if p.cat == OS else rates.nos_outflow
            if retire < (y + 1) * 12:
                when = max(dt.date(y, 1, 1), dt.date(retire // 12, retire % 12 + 1, 1))
                g.event(p, when, "leave", reason="planned")
            elif age >= 60 and r < 0.3:
                g.event(p, g.day(y), "leave", reason="planned")
            elif age < 60 and r < out_rate * 0.5:
                g.event(p, g.day(y), "leave", reason="unplanned")
            elif r < out_rate + rates.fte_change:
                new = float(g.draw_fte(p.cat, 1)[0])
                if abs(new - (p.fte or 0)) > 1e-9:
                    g.event(p, g.day(y), "fte_change", fte=new)
            elif p.cat == OS and r < out_rate + rates.fte_change + rates.os_to_nos:
                g.event(p, g.day(y), "transfer_category", category=NOS)
            elif r < out_rate + rates.fte_change + rates.os_to_nos + rates.os_between_units \
                    and p.unit in REGIONAL_UNIT_CODES:
                other = str(g.rng.choice([u for u in REGIONAL_UNIT_CODES if u != p.unit]))
                g.event(p, g.day(y), "transfer_unit", unit=other)
    for u in REPORTING_UNIT_CODES:
        for f in g.draw_fte(OS, g.poisson(rates.os_lateral_entry * o[u] / g.mean_fte(OS))):
            g.hire_new(g.person(OS, u, float(f), g.age(OS, 23, 55) - 1), g.day(y, first=True))
        for f in g.draw_fte(ASP, g.poisson(rates.asp_intake * asp_t[u]["opening"])):
            p = g.person(ASP, u, float(f), g.age(ASP, 18, 35) - 1)
            p.academy_start = g.day(y, INTAKE_MONTHS, first=True)
            g.hire_new(p, p.academy_start)
        for f in g.draw_fte(NOS, g.poisson(rates.nos_lateral_entry * nos_open[u] /
                                           g.mean_fte(NOS))):
            g.hire_new(g.person(NOS, u, float(f), g.age(NOS, 20, 60) - 1), g.day(y, first=True))
    for u, n in vol_open.items():
        for _ in range(g.poisson(rates.volunteer_intake * n)):
            g.hire_new(g.person(VOL, u, None, g.age(VOL, 18, 60) - 1), g.day(y, first=True))


def _functions_and_teams(g: Gen, teams: dict[str, list[Team]]) -> None:
    """Functions (community officers fitted to the 2021 total), districts and teams."""
    from sterkte.org import bundled_municipalities, inhabitants_by_unit

    params = g.p
    inhabitants = inhabitants_by_unit(bundled_municipalities())
    total_inh = sum(inhabitants[u] for u in REGIONAL_UNIT_CODES)
    co_total = params.community_officers.fte_end_2021 * g.scale
    shares = params.community_officers.function_shares
    names = list(shares)
    probs = np.array([shares[n] for n in names])
    probs = probs / probs.sum()
    for p in g.people:
        p.function = {ASP: "aspirant", NOS: "ondersteuning", VOL: "vrijwilliger"}.get(
            p.cat, "") or str(names[int(g.rng.choice(len(names), p=probs))])
    for u in REGIONAL_UNIT_CODES:
        target = co_total * inhabitants[u] / total_inh
        cands = [p for p in g.people if p.cat_2021 == OS and p.unit_2021 == u
                 and p.cat == OS and p.unit == u and p.fte_2021]
        order = g.rng.permutation(len(cands))
        got = 0.0
        chosen: list[Person] = []
        rest: list[Person] = []
        for i in order:
            p = cands[int(i)]
            if got + (p.fte_2021 or 0) <= target - MAX_FTE:
                chosen.append(p)
                got += p.fte_2021 or 0
            else:
                rest.append(p)
        while rest and target - got > 0.05:
            gap = target - got
            best = min(rest, key=lambda q: abs((q.fte_2021 or 0) - gap))
            if (best.fte_2021 or 0) - gap > gap:
                break
            chosen.append(best)
            rest.remove(best)
            got += best.fte_2021 or 0
        for _ in range(3):  # what one more person cannot close, a swap can
            if not _swap_closer(chosen, rest, target):
                break
        for p in chosen:
            p.function = "wijkagent"
    in_teams = params.teams.share_in_teams
    for p in g.people:
        unit_teams = teams.get(p.unit)
        if not unit_teams:
            continue
        if p.function == "wijkagent" or g.rng.random() < in_teams.get(p.cat, 0.0):
            t = unit_teams[int(g.rng.integers(len(unit_teams)))]
            p.team, p.district = t.code, t.district


def _swap_closer(chosen: list[Person], rest: list[Person], target: float) -> bool:
    """Swap the one chosen and one other person whose exchange brings the chosen people's
    fte closest to ``target``; False when no swap brings it closer. Deterministic (no
    draws): the best pair is found by binary search over the others' fte."""
    gap = target - sum(p.fte_2021 or 0.0 for p in chosen)
    if abs(gap) < 1e-4 or not chosen or not rest:
        return False
    others = sorted(((q.fte_2021 or 0.0), i) for i, q in enumerate(rest))
    keys = [f for f, _ in others]
    best: tuple[float, int, int] | None = None
    for ci, p in enumerate(chosen):
        have = p.fte_2021 or 0.0
        j = bisect.bisect_left(keys, have + gap)  # the other's fte that closes the gap
        for k in (j - 1, j):
            if 0 <= k < len(keys):
                left = abs(gap - (keys[k] - have))
                if left < abs(gap) - 1e-9 and (best is None or left < best[0]):
                    best = (left, ci, others[k][1])
    if best is None:
        return False
    _, ci, qi = best
    chosen[ci], rest[qi] = rest[qi], chosen[ci]
    return True
