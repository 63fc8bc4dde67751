"""The past of the synthetic police's people (2019–2020): hire dates and earlier mutations
consistent with their state on 31-12-2020, and the people who left in 2019–2020."""
from __future__ import annotations

import datetime as dt

from sterkte.org import REGIONAL_UNIT_CODES, REPORTING_UNIT_CODES
from sterkte.synth.police.generator import (
    ASP,
    GRADUATION_MONTHS,
    INTAKE_MONTHS,
    MIN_FTE,
    NOS,
    OS,
    VOL,
    Gen,
    Person,
)


def _academy_start(g: Gen, y: int) -> dt.date:
    """Start of an aspirant in training on 31-12 of ``y``-1 who does not graduate in ``y``:
    2019 or 2020 (the October 2020 intake was cancelled)."""
    year = y - 1 - int(g.rng.random() < 0.45)
    months = INTAKE_MONTHS if year != 2020 else (1, 5)
    return g.day(year, months, first=True)


def _hire_before(g: Gen, p: Person, age_at_hire_max: int = 35) -> dt.date:
    age_now = g.year - 1 - p.birth_year
    hire_age = int(g.rng.integers(19, max(20, min(age_now, age_at_hire_max) + 1)))
    year = min(g.start.year - 1, p.birth_year + hire_age)
    return dt.date(max(1975, year), int(g.rng.integers(1, 13)), 1)


def _write_past(g: Gen, stock: dict[str, list[Person]], training_units: set[str]) -> None:
    """Hire events and at most one mutation in 2019–2020 for the 31-12-2020 stock,
    consistent with each person's state on that date. Only units that train
    aspirants (``training_units``) have graduates among their officers."""
    rates, start = g.p.rates, g.start
    window_end = dt.date(g.year - 1, 12, 31)
    young = sum(1 for p in stock[OS] if g.year - 1 - p.birth_year < 35)
    p_grad = min(0.9, 2 * rates.os_graduates * len(stock[OS]) / max(1, young))
    for p in stock[OS]:
        age = g.year - 1 - p.birth_year
        r = g.rng.random()
        if age < 35 and r < p_grad and p.open_unit in training_units:
            when = g.day(int(g.rng.integers(start.year, g.year)), GRADUATION_MONTHS, first=True)
            _emit_first(g, p, dt.date(when.year - 3, when.month - 1, 1), p.open_unit, ASP)
            _past(g, p, when, "graduation")
            continue
        r = g.rng.random()
        if r < 2 * rates.os_lateral_entry:
            _emit_first(g, p, g.between(start, window_end), p.open_unit, OS)
        elif r < 2 * (rates.os_lateral_entry + rates.fte_change):
            _fte_story(g, p)
        elif r < 2 * (rates.os_lateral_entry + rates.fte_change + rates.os_between_units):
            other = str(g.rng.choice([u for u in REGIONAL_UNIT_CODES if u != p.open_unit]))
            _emit_first(g, p, _hire_before(g, p), other, OS)
            _past(g, p, g.between(start, window_end), "transfer_unit", unit=p.open_unit)
        elif r < 2 * (rates.os_lateral_entry + rates.fte_change + rates.os_between_units
                      + rates.os_to_nos):
            _emit_first(g, p, _hire_before(g, p), p.open_unit, NOS)
            _past(g, p, g.between(start, window_end), "transfer_category", category=OS)
        else:
            _emit_first(g, p, _hire_before(g, p), p.open_unit, OS)
    for p in stock[ASP]:
        begin = p.academy_start or dt.date(g.year - 1, 1, 1)
        if begin >= start and g.rng.random() < 0.08:  # came from NOS into training
            _emit_first(g, p, _hire_before(g, p), p.open_unit, NOS)
            _past(g, p, begin, "academy_start")
        else:
            _emit_first(g, p, begin, p.open_unit, ASP)
    for p in stock[NOS]:
        r = g.rng.random()
        if r < 2 * rates.nos_lateral_entry:
            _emit_first(g, p, g.between(start, window_end), p.open_unit, NOS)
        elif r < 2 * (rates.nos_lateral_entry + rates.fte_change):
            _fte_story(g, p)
        else:
            _emit_first(g, p, _hire_before(g, p), p.open_unit, NOS)
    for p in stock[VOL]:
        if not p.hired:
            year = int(g.rng.integers(2012, g.year))
            _emit_first(g, p, dt.date(year, int(g.rng.integers(1, 13)), 1), p.open_unit, VOL)


def _emit_first(g: Gen, p: Person, date: dt.date, unit: str, cat: str,
                fte: float | None = None) -> None:
    """The hire, inserted before the events already written for ``p``."""
    f = None if cat == VOL else (fte if fte is not None else p.open_fte)
    g.events.append((date, p.pid, "hire", unit, cat, f, None))
    p.hired = True


def _past(g: Gen, p: Person, date: dt.date, kind: str, unit: str | None = None,
          category: str | None = None, fte: float | None = None) -> None:
    """A mutation before the calibration year; the person's current state is untouched."""
    g.events.append((date, p.pid, kind, unit, category, fte, None))


def _fte_story(g: Gen, p: Person) -> None:
    before = float(g.draw_fte(p.open_cat, 1)[0])
    if abs(before - (p.open_fte or 0)) < 1e-9:
        before = round(max(MIN_FTE, (p.open_fte or 1.0) - 0.1111), 4)
    _emit_first(g, p, _hire_before(g, p), p.open_unit, p.open_cat, before)
    when = g.between(g.start, dt.date(g.year - 1, 12, 31))
    _past(g, p, when, "fte_change", fte=p.open_fte)


def _former_staff(g: Gen, o: dict[str, float], asp_t: dict[str, dict[str, float]],
                  nos_open: dict[str, float], vol_open: dict[str, int]) -> None:
    """People who left in 2019–2020, so those years have outflow too."""
    rates, start = g.p.rates, g.start
    end = dt.date(g.year - 1, 12, 31)
    for u in REPORTING_UNIT_CODES:
        for f in g.draw_fte(OS, g.poisson(2 * rates.os_outflow * o[u] / g.mean_fte(OS))):
            planned = g.rng.random() < rates.os_outflow_planned_share
            p = g.person(OS, u, float(f), g.age(OS, 59) if planned else g.age(OS, 18, 57))
            _emit_first(g, p, _hire_before(g, p), u, OS)
            g.event(p, g.between(start, end), "leave",
                    reason="planned" if planned else "unplanned")
        for f in g.draw_fte(ASP, g.poisson(2 * rates.asp_dropout * asp_t[u]["opening"])):
            p = g.person(ASP, u, float(f), g.age(ASP, 18, 35))
            begin = g.day(int(g.rng.integers(start.year - 1, g.year)), INTAKE_MONTHS, True)
            _emit_first(g, p, begin, u, ASP)
            g.event(p, g.between(max(start, begin + dt.timedelta(days=30)), end), "dropout")
        for f in g.draw_fte(NOS, g.poisson(2 * rates.nos_outflow * nos_open[u] /
                                           g.mean_fte(NOS))):
            planned = g.rng.random() < rates.nos_outflow_planned_share
            p = g.person(NOS, u, float(f), g.age(NOS, 59) if planned else g.age(NOS, 18, 57))
            _emit_first(g, p, _hire_before(g, p), u, NOS)
            g.event(p, g.between(start, end), "leave",
                    reason="planned" if planned else "unplanned")
    for u, n in vol_open.items():
        for _ in range(g.poisson(2 * rates.volunteer_outflow * n)):
            p = g.person(VOL, u, None, g.age(VOL))
            _emit_first(g, p, dt.date(int(g.rng.integers(2010, 2019)), 1, 1), u, VOL)
            g.event(p, g.between(start, end), "leave", reason="unplanned")
