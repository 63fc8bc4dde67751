"""Everything the capacity annex and the dashboard show, read from the store once.

:func:`gather` reads the store (read-only) and calls the engines: the realised
ledger (imported published tables), one prognosis run from the opening stocks
of the reported year (so its first year stands beside the realisation and the
years after it continue from the *prognosed* closing stock, as the published
prognosis does), the norms on a date, the team indicators with small cells
hidden, and the commitments register. It also records every source file and
parameter set used, for the provenance footer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sterkte.app.commitments import decisions, evidence, volunteer_target
from sterkte.app.diversity import DiversityMonitor, gather_diversity
from sterkte.app.earmarks import EarmarkReport, gather_earmarks
from sterkte.app.forecast import prognosis_run, scenario_params
from sterkte.app.norms import gather_inputs, gather_team_figures
from sterkte.app.prognosis import PolicePrognosis, police_prognosis
from sterkte.errors import Msg, SterkteError
from sterkte.forecast import ForecastRun
from sterkte.ledger import Category, Ledger, Period, PeriodKind
from sterkte.norms.commitments import Commitment, Decision
from sterkte.norms.evaluate import evaluate
from sterkte.norms.status import NormStatus
from sterkte.norms.suppression import protection_width
from sterkte.norms.teams import TeamIndicators, protect_teams
from sterkte.parameters import ParameterSet, Scenario, load_scenario
from sterkte.sources.commitments import load_register
from sterkte.sources.norm_parameters import bundled_norm_parameters
from sterkte.sources.published import Inconsistency
from sterkte.store.db import Connection, connect
from sterkte.store.diversity import hr_years
from sterkte.store.hr import derived_ledger, has_hr, hr_imports, synthetic_hr
from sterkte.store.ledgers import list_imports, load_inconsistencies, load_ledger, sources_for
from sterkte.store.monitors import volunteers_by_type
from sterkte.store.norm_data import latest_event_date

DEFAULT_SCENARIO = "hjb2022"
HORIZON = 6  # the reported year and five after: Realisatie Y | Prognose Y | Y+1 … Y+5


@dataclass(frozen=True)
class Source:
    """One input of the figures: a file (with checksum when known) or a parameter set."""

    kind: str  # 'published table', 'HR records', 'parameters', … (report.labels: source.*)
    name: str
    detail: str = ""


@dataclass
class Figures:
    year: int
    years: list[int]  # every year with a realised ledger in the store
    realised: Ledger
    scenario: Scenario
    params: ParameterSet
    run: ForecastRun  # from the opening stocks of ``year``
    norms_on: dt.date
    norms: list[NormStatus]
    has_hr: bool
    teams: list[TeamIndicators]
    team_k: int
    commitments: list[Commitment]
    police: PolicePrognosis | None = None  # the police's own prognosis made for ``year``
    volunteers: Ledger | None = None  # volunteer flows of ``year`` from HR, persons
    hr_ledger: Ledger | None = None  # OS and ASP of ``year`` derived from HR, published flows
    findings: dict[Category, list[Inconsistency]] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)  # statuses the figures decide
    earmarks: EarmarkReport | None = None
    diversity: DiversityMonitor | None = None  # of ``year``, when the HR records cover it
    volunteer_types: dict[tuple[str, str | None], int] = field(default_factory=dict)
    volunteer_target: tuple[float, str] = (0.0, "")  # persons, and its source
    # What of the HR-based figures is synthetic: ('hr',) when the HR records include the
    # synthetic police's (see sterkte.store.hr.synthetic_hr); () for real or no records.
    synthetic: tuple[str, ...] = ()

    @property
    def period(self) -> Period:
        return Period.of_year(self.year)


def gather(con: Connection, *, year: int | None = None,
           scenario: Scenario | None = None, horizon: int = HORIZON,
           norms_on: dt.date | None = None) -> Figures:
    """The figures of ``year`` (default: the latest year in the store).

    ``norms_on`` is the date the norms are judged on; default: the end of ``year``
    when the HR records reach it, else the latest HR event.
    """
    realised = load_ledger(con)
    years = sorted({p.year for p in realised.periods() if p.kind.value == "year"})
    if not years:
        raise SterkteError(Msg(
            "de opslag bevat geen gepubliceerde tabellen: voer eerst `sterkte import` uit",
            "the store holds no published tables: run `sterkte import` first"))
    y = years[-1] if year is None else year
    if y not in years:
        has = ", ".join(str(x) for x in years)
        raise SterkteError(Msg(f"de opslag bevat geen tabellen voor {y}; wel voor {has}",
                               f"the store holds no tables for {y}; it has {has}"))
    sc = scenario or load_scenario(DEFAULT_SCENARIO)
    params = scenario_params(sc)
    run = prognosis_run(realised, y, sc, params, horizon)

    hr = has_hr(con)
    norm_params = bundled_norm_parameters()
    # Norms are judged on the end of the reported year, or on the latest HR day when the
    # records end before it.
    year_end = dt.date(y, 12, 31)
    on = norms_on
    if on is None:
        last = latest_event_date(con) if hr else None
        on = last if last is not None and last < year_end else year_end
    inputs = gather_inputs(con, on, norm_params)
    norms = evaluate(inputs, norm_params)
    teams: list[TeamIndicators] = []
    k = int(norm_params["small_cell_k"].number(inputs.on))
    if hr:
        _, figures = gather_team_figures(con, inputs.on, norm_params)
        teams = protect_teams(figures, k, protection_width(norm_params, inputs.on))

    earmarks = gather_earmarks(con, norm_params, inputs.on)
    register = load_register()
    target_day = dt.date(y, 12, 31)
    found = evidence(norms, earmarks.statuses, volunteer_target(norms, norm_params, inputs.on))
    diversity = (gather_diversity(con, norm_params, y) if hr and y in hr_years(con)
                 else None)
    types = volunteers_by_type(con, target_day) if hr else {}
    target = norm_params["volunteer_target_persons"]
    volunteers = volunteer_ledger(con, y) if hr else None
    hr_ledger = hr_year_ledger(con, y) if hr else None
    findings: dict[Category, list[Inconsistency]] = {}
    sources: list[Source] = []
    for cat in (Category.OS, Category.ASP):
        for rec in sources_for(con, cat, Period.of_year(y)):
            findings.setdefault(cat, []).extend(load_inconsistencies(con, rec.import_id))
            sources.append(Source("published table", rec.source_name,
                                  f"sha256 {rec.checksum[:12]}…, "
                                  f"{rec.imported_at:%Y-%m-%d %H:%M} UTC"))
    other = [r for r in list_imports(con) if r.kind != "published_table"]
    sources += [Source(r.kind, r.source_name, f"sha256 {r.checksum[:12]}…") for r in other]
    synthetic = ("hr",) if synthetic_hr(con) else ()
    if hr:
        sources += [Source("synthetic HR records" if f.synthetic else "HR records", f.file,
                           f"{f.kind}, sha256 {f.sha256[:12]}…, {f.imported_at:%Y-%m-%d}")
                    for f in hr_imports(con)]
    sources.append(Source("parameters", "sterkte/data/parameters/<engine>/*.yaml",
                          ", ".join(sorted(params))))
    sources.append(Source("scenario", sc.name, sc.source + (f" — {sc.reference}"
                                                            if sc.reference else "")))
    sources.append(Source("norm parameters", "sterkte/data/parameters/norms/*.yaml",
                          ", ".join(sorted(norm_params))))
    # parameters replaced from $STERKTE_PARAMETERS: the figures rest on them, not the bundled
    for name in sorted(set(params.overridden) | set(norm_params.overridden)):
        p = norm_params[name] if name in norm_params else params[name]
        sources.append(Source("parameter override", p.source, f"{name} — {p.reference}"))
    sources.append(Source("inhabitants", inputs.inhabitants_source))
    sources.append(Source("commitments", "sterkte/data/commitments.yaml"))
    if diversity is not None and diversity.background is not None:
        b = diversity.background
        sources.append(Source("cultural background (aggregate counts)", b.file,
                              f"{b.source}; sha256 {b.sha256[:12]}…"))
    return Figures(year=y, years=years, realised=realised, scenario=sc, params=params, run=run,
                   norms_on=inputs.on, norms=norms, has_hr=hr, teams=teams, team_k=k,
                   commitments=register, volunteers=volunteers, findings=findings,
                   sources=sources, hr_ledger=hr_ledger, police=police_prognosis(con, y),
                   decisions=decisions(register, found), earmarks=earmarks,
                   diversity=diversity, volunteer_types=types,
                   volunteer_target=(target.number(target_day),
                                     target.reference_text_on(target_day)),
                   synthetic=synthetic)


def hr_year_ledger(con: Connection, year: int) -> Ledger | None:
    """OS and ASP of ``year`` derived from the HR records (published flows), or None when
    the records do not cover the whole year."""
    yearly = derived_ledger(con, period_kind=PeriodKind.YEAR)
    period = Period.of_year(year)
    if period not in yearly.periods():
        return None
    return yearly.select(periods=[period],
                         categories=[Category.OS, Category.ASP]).roll_up_flows()


def volunteer_ledger(con: Connection, year: int) -> Ledger | None:
    """Volunteers (persons) in ``year`` from the HR records, published flows, one yearly
    period; None when the records do not cover the whole year."""
    months = [Period.month(year, m) for m in range(1, 13)]
    monthly = derived_ledger(con).select(periods=months, categories=[Category.VOLUNTEER])
    if len(monthly.periods()) != 12:
        return None
    return monthly.roll_up_flows().aggregate_periods(PeriodKind.YEAR)


def annex_figures(db: str | Path | None, *, year: int | None = None,
                  scenario: Scenario | None = None) -> Figures:
    """:func:`gather` on the store at ``db`` (read-only)."""
    con = connect(db, read_only=True)
    try:
        return gather(con, year=year, scenario=scenario)
    finally:
        con.close()
