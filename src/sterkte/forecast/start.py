"""The start state of a forecast: who is there on the start date, by age and cohort.

Stocks are persons-equivalents: one published fte counts as one person with a
contract of 1 fte, so the start state reproduces the published fte exactly.
Conventions:

- *age* is the age reached in the calendar year (calendar year − birth year);
- *absolute month* ``m = year × 12 + (month − 1)`` (as :attr:`Period.first_month`);
- an academy *cohort* is identified by its intake month; it is in training from
  that month until its graduation month ``intake + programme length`` (exclusive).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sterkte.errors import InputError, Msg
from sterkte.ledger import Category, Ledger, Period
from sterkte.org.units import REPORTING_UNIT_CODES
from sterkte.parameters import ParameterSet, Scenario
from sterkte.parameters.scenario import ScenarioStart
from sterkte.records.staff import PersonRecord

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]


def month_date(m: int) -> dt.date:
    """First day of absolute month ``m``."""
    return dt.date(m // 12, m % 12 + 1, 1)


@dataclass(frozen=True)
class StartState:
    """Stocks at the start of the first forecast month ``start`` (absolute month).

    ``people[c, u, i]``: persons of category c (0 = OS, 1 = NOS) in unit u born in
    year ``birth_year0 + i``; ``asp[u, k]``: trainees of the cohort taken in at
    absolute month ``cohort_start[k]``; ``fte_per_person[c, u]`` (c = OS, NOS, ASP)
    turns persons into fte.
    """

    start: int
    units: tuple[str, ...]
    birth_year0: int
    people: F64
    cohort_start: I64
    asp: F64
    fte_per_person: F64
    origin: str

    @property
    def start_period(self) -> Period:
        return Period.month(self.start // 12, self.start % 12 + 1)

    def fte(self) -> dict[tuple[str, Category], float]:
        out: dict[tuple[str, Category], float] = {}
        for j, u in enumerate(self.units):
            out[(u, Category.OS)] = float(self.people[0, j].sum() * self.fte_per_person[0, j])
            out[(u, Category.NOS)] = float(self.people[1, j].sum() * self.fte_per_person[1, j])
            out[(u, Category.ASP)] = float(self.asp[j].sum() * self.fte_per_person[2, j])
        return out


LEDGER = Msg("de standen", "ledger")  # where a start from the ledger went wrong


def _age_shares(params: ParameterSet, when: dt.date, category: str) -> dict[int, float]:
    p = params["age_profile"]
    table = p.table(when)
    if category not in table:
        raise InputError.at(p.source, Msg(f"verwacht een leeftijdsprofiel voor {category}",
                                          f"expected an age profile for {category}"),
                            field=f"values.{category}")
    shares = {int(a): s for a, s in table[category].items()}
    total = sum(shares.values())
    if abs(total - 1.0) > 1e-6:
        raise InputError.at(p.source, Msg(f"verwacht aandelen die samen 1 zijn, gevonden "
                                          f"{total:g}",
                                          f"expected shares adding up to 1, found {total:g}"),
                            field=f"values.{category}")
    return shares


def graduation_month(params: ParameterSet, intake: int) -> int:
    """Absolute month in which the cohort taken in at absolute month ``intake`` graduates:
    the first graduation month (``graduation_months``) on or after intake + the programme
    length in force on the intake date (``training_length``)."""
    when = month_date(intake)
    earliest = intake + round(params["training_length"].number(when))
    months = params["graduation_months"].mapping(when)
    for m in range(earliest, earliest + 12):
        if months.get(str(m % 12 + 1), 0.0) > 0:
            return m
    return earliest  # no graduation month set: exactly at intake + length


def past_intake(params: ParameterSet, m: int) -> float:
    """Academy intake (fte) of the stream taken in at absolute month ``m``: the realised
    ``intake_history`` for the years it covers (a month without a stream there had none),
    after it ``academy_intake`` × ``intake_moments``, before it the history's first year."""
    history = {d.year * 12 + d.month - 1: float(v)  # type: ignore[arg-type]
               for d, v in params["intake_history"].values.items()}
    years = sorted({k // 12 for k in history})
    year = m // 12
    if years and year <= years[-1]:
        if year < years[0]:
            return history.get(years[0] * 12 + m % 12, 0.0)
        return history.get(m, 0.0)
    share = params["intake_moments"].mapping(month_date(m)).get(str(m % 12 + 1), 0.0)
    if share <= 0:
        return 0.0
    return share * params["academy_intake"].number(dt.date(year, 1, 1))


def assumed_cohorts(params: ParameterSet, start: int) -> tuple[I64, F64]:
    """Intake months still in training at ``start`` and their relative weights.

    Each past intake stream (:func:`past_intake`) that graduates in month ``start`` or
    later (:func:`graduation_month`), thinned by the dropout it has had so far (monthly
    hazard of its programme year), in proportion to the others.
    """
    starts: list[int] = []
    weights: list[float] = []
    dropout = params["dropout"]
    for m in range(start - 72, start):
        if graduation_month(params, m) < start:
            continue  # graduated before the start
        size = past_intake(params, m)
        if size <= 0:
            continue
        rates = dropout.mapping(month_date(m))
        surv = 1.0
        for month in range(m, start):
            year = str(min((month - m) // 12 + 1, max(int(k) for k in rates)))
            surv *= (1.0 - rates.get(year, 0.0)) ** (1.0 / 12.0)
        starts.append(m)
        weights.append(size * surv)
    w = np.array(weights, dtype=np.float64)
    return np.array(starts, dtype=np.int64), w / w.sum() if w.sum() > 0 else w


def start_from_stocks(os_fte: dict[str, float], asp_fte: dict[str, float],
                      nos_fte: dict[str, float] | None, params: ParameterSet, start: int,
                      origin: str) -> StartState:
    """Start state from stocks per unit (fte) with the assumed age profile and cohorts."""
    when = month_date(start)
    units = REPORTING_UNIT_CODES
    if nos_fte is None:
        nos_fte = params["nos_stock"].mapping(when)
    year = start // 12
    shares = {"OS": _age_shares(params, when, "OS"), "NOS": _age_shares(params, when, "NOS")}
    ages = sorted(set(shares["OS"]) | set(shares["NOS"]))
    birth_year0 = year - max(ages)
    people = np.zeros((2, len(units), max(ages) - min(ages) + 1), dtype=np.float64)
    for c, (name, stock) in enumerate((("OS", os_fte), ("NOS", nos_fte))):
        for a, s in shares[name].items():
            for j, u in enumerate(units):
                people[c, j, year - a - birth_year0] += s * stock.get(u, 0.0)
    cohort_start, weights = assumed_cohorts(params, start)
    asp = np.array([[asp_fte.get(u, 0.0) * w for w in weights] for u in units],
                   dtype=np.float64).reshape(len(units), len(weights))
    return StartState(start=start, units=units, birth_year0=birth_year0, people=people,
                      cohort_start=cohort_start, asp=asp,
                      fte_per_person=np.ones((3, len(units)), dtype=np.float64), origin=origin)


def start_from_ledger(ledger: Ledger, params: ParameterSet, *, period: Period | None = None,
                      stock: str = "closing") -> StartState:
    """Start from a ledger's stocks: the ``closing`` of ``period`` (default: the last
    period) starts the forecast the month after; its ``opening`` starts it in its first
    month. OS and ASP come from the ledger; NOS from it when present, else from the
    ``nos_stock`` parameter. Ages and cohorts are assumed (see :func:`start_from_stocks`).
    """
    periods = ledger.periods()
    if not periods:
        raise InputError.at(LEDGER, Msg("de standen zijn leeg: niets om van te beginnen",
                                        "the ledger is empty: nothing to start from"))
    p = period or periods[-1]
    if stock not in ("closing", "opening"):
        raise ValueError("stock must be 'closing' or 'opening'")  # a caller's mistake
    start = p.last_month + 1 if stock == "closing" else p.first_month

    def stocks(cat: Category) -> dict[str, float]:
        return {u: (ledger.closing(p, u, cat) if stock == "closing" else ledger.opening(p, u, cat))
                for u in REPORTING_UNIT_CODES if ledger.has(p, u, cat, stock)}

    os_fte = stocks(Category.OS)
    if not os_fte:
        raise InputError.at(LEDGER, Msg(f"geen OS-standen per eenheid over {p}",
                                        f"no OS stocks per unit for {p}"))
    nos = stocks(Category.NOS) or None
    nos_note = "NOS from ledger" if nos else "NOS assumed"
    return start_from_stocks(os_fte, stocks(Category.ASP), nos, params, start,
                             origin=f"ledger {stock} {p} ({nos_note}, ages and cohorts assumed)")


def start_from_people(records: Iterable[PersonRecord], params: ParameterSet, start: int,
                      origin: str = "HR records") -> StartState:
    """Start from HR records: actual ages for OS and NOS; aspirants by the assumed
    cohort profile (HR records carry no intake date). ``fte_per_person`` is each
    unit's and category's average contract."""
    units = REPORTING_UNIT_CODES
    index = {u: j for j, u in enumerate(units)}
    rows = list(records)
    bad = sorted({r.unit for r in rows} - set(units))
    if bad:
        listed = ", ".join(bad)
        raise InputError.at(Msg("de HR-gegevens", "HR records"), Msg(
            f"onbekende eenheden {listed}; verwacht codes van rapportage-eenheden",
            f"unknown units {listed}; expected reporting unit codes"), field="unit")
    year = start // 12
    years = [r.birth_year for r in rows if r.category in (Category.OS, Category.NOS)]
    birth_year0 = min(years) if years else year - 70
    width = max(year - 15, max(years) if years else year) - birth_year0 + 1
    people = np.zeros((2, len(units), width), dtype=np.float64)
    fte = np.zeros((3, len(units)), dtype=np.float64)
    count = np.zeros((3, len(units)), dtype=np.float64)
    asp_fte: dict[str, float] = {}
    for r in rows:
        j = index[r.unit]
        if r.category is Category.ASP:
            fte[2, j] += r.fte
            count[2, j] += 1
            asp_fte[r.unit] = asp_fte.get(r.unit, 0.0) + 1.0
        elif r.category in (Category.OS, Category.NOS):
            c = 0 if r.category is Category.OS else 1
            people[c, j, r.birth_year - birth_year0] += 1.0
            fte[c, j] += r.fte
            count[c, j] += 1
    per_person = np.divide(fte, count, out=np.ones_like(fte), where=count > 0)
    cohort_start, weights = assumed_cohorts(params, start)
    asp = np.array([[asp_fte.get(u, 0.0) * w for w in weights] for u in units],
                   dtype=np.float64).reshape(len(units), len(weights))
    return StartState(start=start, units=units, birth_year0=birth_year0, people=people,
                      cohort_start=cohort_start, asp=asp, fte_per_person=per_person,
                      origin=origin)


DEFAULT_START = ScenarioStart()  # the published closing stocks of the latest year


def scenario_start(scenario: Scenario | None) -> ScenarioStart:
    """The start a scenario asks for (its ``start:``), else :data:`DEFAULT_START`.

    Callers (CLI, dashboard, annex) start the forecast of a scenario here, so that they
    give the same figures for the same scenario: ``hjb2022`` starts from the published
    opening stocks of 2021, as the police's prognosis table does."""
    if scenario is not None and scenario.start is not None:
        return scenario.start
    return DEFAULT_START


def start_from_published(ledger: Ledger, params: ParameterSet, start: ScenarioStart
                         ) -> StartState:
    """The start state of ``start`` (``stocks: published``) from a ledger of published
    yearly tables: the opening or closing stocks of ``start.year`` (default: the latest
    year in the ledger)."""
    years = sorted((p for p in ledger.periods() if p.kind.value == "year"),
                   key=lambda p: p.year)
    if start.year is None:
        if not years:
            raise InputError.at(LEDGER, Msg("geen gepubliceerde jaartabellen om van te "
                                            "beginnen",
                                            "no yearly published tables to start from"))
        period = years[-1]
    else:
        period = Period.of_year(start.year)
        if period not in years:
            have = ", ".join(str(p.year) for p in years)
            stand = "eindstanden" if start.at == "closing" else "beginstanden"
            raise InputError.at(Msg("begin van het scenario", "scenario start"), Msg(
                f"verwacht gepubliceerde tabellen over {start.year} (het scenario begint bij "
                f"hun {stand}); aanwezig: {have or 'geen'}",
                f"expected published tables of {start.year} (the scenario starts from "
                f"their {start.at} stocks); have {have or 'none'}"), field="start.year")
    return start_from_ledger(ledger, params, period=period, stock=start.at)
