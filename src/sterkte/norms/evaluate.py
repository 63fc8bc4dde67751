"""All norms at once: the inputs they need, gathered once, and their statuses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import numpy as np

from sterkte.norms.absence import AbsenceSeries
from sterkte.norms.academy import academy_norm
from sterkte.norms.neighbourhood import neighbourhood_norm
from sterkte.norms.status import Met, NormStatus, TrendPoint, judge, project_linear
from sterkte.norms.targets import target_norm
from sterkte.norms.volunteers import hours_cap, volunteer_norm
from sterkte.norms.wijkagent import labels as wijkagent_labels
from sterkte.norms.wijkagent import wijkagent_norm
from sterkte.org import NATIONAL, REGIONAL_UNIT_CODES
from sterkte.parameters import ParameterSet

ABSENCE = "absence"


def absence_labels(window_months: int) -> tuple[str, str]:
    """The absence norm's name in Dutch and English, with the moving-average window."""
    return (f"Ziekteverzuim ({window_months}-maands voortschrijdend, CBS-methode)",
            f"Sickness absence ({window_months}-month moving average, CBS method)")


@dataclass(frozen=True)
class AbsenceRule:
    """How absence is judged: the target (percent), the moving-average window (months),
    the months of trend the projection is drawn through, and how many years ahead it
    looks."""

    target: float
    window_months: int
    trend_months: int
    projection_years: int

    @classmethod
    def on(cls, params: ParameterSet, day: dt.date) -> AbsenceRule:
        return cls(params["absence_target"].number(day),
                   int(params["absence_window_months"].number(day)),
                   int(params["absence_trend_months"].number(day)),
                   int(params["absence_projection_years"].number(day)))


@dataclass
class NormInputs:
    """Everything the norms read, for one date. Missing data is None or empty."""

    on: dt.date
    inhabitants: dict[str, int]
    inhabitants_source: str
    wijkagent_fte: dict[str, float] | None
    inhabitants_source_nl: str = ""  # the same in Dutch
    wijkagent_source: str = ""  # where a national figure given under NP comes from
    wijkagent_history: dict[str, list[tuple[dt.date, float]]] = field(default_factory=dict)
    volunteers: dict[str, float] | None = None
    os_fte: dict[str, float] | None = None
    volunteer_history: dict[str, list[tuple[dt.date, float, float]]] = field(
        default_factory=dict)
    volunteer_hours: dict[str, float] = field(default_factory=dict)
    absence: AbsenceSeries | None = None
    neighbourhood: dict[str, tuple[float, float]] = field(default_factory=dict)
    target_realisations: dict[str, dict[int, float]] = field(default_factory=dict)
    academy_realised: dict[str, dict[str, float]] = field(default_factory=dict)
    academy_prognosis: dict[str, dict[str, float]] = field(default_factory=dict)
    academy_months_elapsed: int = 0
    # per scope, the prognosis each academy comparison is against (nl, en); default: model
    academy_basis: dict[str, tuple[str, str]] = field(default_factory=dict)
    # which figures came from the HR records: every norm's that uses them, when there are
    # records; of the academy's flows ('intake', 'graduated') only those read from them
    records_used: bool = False
    academy_from_records: set[str] = field(default_factory=set)


def _ref(params: ParameterSet, name: str, on: dt.date) -> str:
    """The sources of ``name`` in force on the date judged, as one line."""
    return params[name].reference_text_on(on)


def absence_statuses(series: AbsenceSeries, on: dt.date, rule: AbsenceRule, reference: str
                     ) -> list[NormStatus]:
    """Absence per group against ``rule.target`` (percent, lower is better), with the
    last ``rule.trend_months`` moving averages as the trend and their projection."""
    target, window = rule.target, rule.window_months
    avg = series.moving_average(window)
    names = absence_labels(window)
    out = []
    for i, scope in enumerate(series.groups):
        values = avg[i]
        valid = [j for j in range(len(series.months)) if not np.isnan(values[j])]
        if not valid:
            out.append(NormStatus(ABSENCE, *names, scope, on, None, target, "%",
                                  Met.UNKNOWN, reference,
                                  note=f"fewer than {window} months of history",
                                  note_nl=f"minder dan {window} maanden historie"))
            continue
        last = valid[-1]
        value = float(values[last])
        trend = tuple(TrendPoint(series.months[j], float(values[j]))
                      for j in valid[-rule.trend_months:])
        # a month's figure is placed near its end: it is the average up to then
        points = [(dt.date(int(p.period[:4]), int(p.period[5:]), 28), p.value) for p in trend]
        out.append(NormStatus(
            ABSENCE, *names, scope, on, value, target, "%",
            judge(value, target, higher_is_better=False), reference,
            # "verzuim tot 2 jaar": who is sick past the two-year point is reported apart
            detail={"month": series.months[last],
                    "long_sick_persons": float(series.long_sick.get(scope, 0)),
                    "beyond_two_years_days": float(
                        series.beyond_days[i, max(0, last - window + 1):last + 1].sum())},
            trend=trend,
            projected=project_linear(points, target, higher_is_better=False,
                                     horizon=dt.date(on.year + rule.projection_years, 12, 31))))
    return out


def evaluate(inputs: NormInputs, params: ParameterSet) -> list[NormStatus]:
    """Every norm, nationally and per unit, on ``inputs.on``."""
    on = inputs.on
    out: list[NormStatus] = []

    if inputs.wijkagent_fte is not None:
        per_unit = any(u in REGIONAL_UNIT_CODES for u in inputs.wijkagent_fte)
        regional = {u: n for u, n in inputs.inhabitants.items()
                    if (per_unit and u in REGIONAL_UNIT_CODES) or u == NATIONAL}
        statuses = wijkagent_norm(regional, inputs.wijkagent_fte, on,
                                  params["wijkagent_inhabitants"].number(on),
                                  _ref(params, "wijkagent_inhabitants", on))
        for s in statuses:
            hist = inputs.wijkagent_history.get(s.scope, [])
            trend = tuple(TrendPoint(d.isoformat(), v) for d, v in hist)
            projected = (project_linear([*hist, (on, s.value or 0.0)], s.target or 0.0)
                         if s.target is not None else None)
            note = f"inhabitants: {inputs.inhabitants_source}"
            note_nl = f"inwoners: {inputs.inhabitants_source_nl or inputs.inhabitants_source}"
            if s.scope == NATIONAL and inputs.wijkagent_source:
                note += f"; community officers: {inputs.wijkagent_source}"
                note_nl += f"; wijkagenten: {inputs.wijkagent_source}"
            out.append(NormStatus(**{**s.__dict__, "trend": trend, "projected": projected,
                                     "note": note, "note_nl": note_nl}))
    else:
        out.append(NormStatus("wijkagent",
                              *wijkagent_labels(params["wijkagent_inhabitants"].number(on)),
                              NATIONAL, on, None, None, "fte", Met.UNKNOWN,
                              _ref(params, "wijkagent_inhabitants", on),
                              note="no HR records: import them or run `sterkte synth`",
                              note_nl="geen HR-gegevens: lees ze in (sterkte hr import) of "
                                      "maak ze (sterkte synth)"))

    # the parameter is a fraction (the roster and the CM-tafel read it so); the norm, percent
    out += neighbourhood_norm(inputs.neighbourhood, on,
                              100.0 * params["neighbourhood_share"].number(on),
                              _ref(params, "neighbourhood_share", on))

    if inputs.volunteers is not None and inputs.os_fte is not None:
        vol = dict(inputs.volunteers)
        vol[NATIONAL] = sum(vol.values())
        os = dict(inputs.os_fte)
        os[NATIONAL] = sum(os.values())
        out += volunteer_norm(vol, os, on, params["volunteer_share"].number(on),
                              int(params["volunteer_target_year"].number(on)),
                              _ref(params, "volunteer_share", on), inputs.volunteer_history)
    cap_status, _ = hours_cap(inputs.volunteer_hours, params["volunteer_hours_cap"].number(on),
                              on.year, on, _ref(params, "volunteer_hours_cap", on))
    out.append(cap_status)

    if inputs.absence is not None:
        out += absence_statuses(inputs.absence, on, AbsenceRule.on(params, on),
                                _ref(params, "absence_target", on))

    for flow in ("intake", "graduated"):
        realised = inputs.academy_realised.get(flow)
        prognosis = inputs.academy_prognosis.get(flow)
        if realised is not None and prognosis is not None:
            shares = inputs.academy_prognosis.get(f"{flow}_moments", {"1": 1.0})
            out += academy_norm(flow, realised, prognosis, inputs.academy_months_elapsed,
                                shares, on, _ref(params, "academy_tolerance", on),
                                params["academy_tolerance"].number(on),
                                inputs.academy_basis)

    for name in params:
        if name.startswith("target_"):
            target = name.removeprefix("target_")
            targets = params[name].mapping(on)
            realised_t = inputs.target_realisations.get(target, {})
            year = max((y for y in realised_t if str(y) in targets), default=on.year)
            out.append(target_norm(target, targets, realised_t, year, on,
                                   _ref(params, name, on)))
    return [replace(s, from_records=_from_records(s.norm, inputs)) for s in out]


def _from_records(norm: str, inputs: NormInputs) -> bool:
    """Whether the figures of ``norm`` came (partly) from the HR records."""
    if norm.startswith("target:"):
        return False
    if norm.startswith("academy_"):
        return norm.removeprefix("academy_") in inputs.academy_from_records
    return inputs.records_used
