"""All norms at once: the inputs they need, gathered once, and their statuses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from sterkte.norms.absence import AbsenceSeries
from sterkte.norms.academy import academy_norm
from sterkte.norms.neighbourhood import neighbourhood_norm
from sterkte.norms.status import Met, NormStatus, TrendPoint, judge, project_linear
from sterkte.norms.targets import target_norm
from sterkte.norms.volunteers import hours_cap, volunteer_norm
from sterkte.norms.wijkagent import wijkagent_norm
from sterkte.org import NATIONAL, REGIONAL_UNIT_CODES
from sterkte.parameters import ParameterSet

ABSENCE = "absence"
ABSENCE_LABELS = ("Ziekteverzuim (12-maands voortschrijdend, CBS-methode)",
                  "Sickness absence (12-month moving average, CBS method)")


@dataclass
class NormInputs:
    """Everything the norms read, for one date. Missing data is None or empty."""

    on: dt.date
    inhabitants: dict[str, int]
    inhabitants_source: str
    wijkagent_fte: dict[str, float] | None
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


def _ref(params: ParameterSet, name: str) -> str:
    return params[name].reference


def absence_statuses(series: AbsenceSeries, on: dt.date, target: float, reference: str,
                     months_of_trend: int = 12) -> list[NormStatus]:
    avg = series.moving_average()
    out = []
    for i, scope in enumerate(series.groups):
        values = avg[i]
        valid = [j for j in range(len(series.months)) if not np.isnan(values[j])]
        if not valid:
            out.append(NormStatus(ABSENCE, *ABSENCE_LABELS, scope, on, None, target, "%",
                                  Met.UNKNOWN, reference,
                                  note="fewer than 12 months of history"))
            continue
        last = valid[-1]
        value = float(values[last])
        trend = tuple(TrendPoint(series.months[j], float(values[j]))
                      for j in valid[-months_of_trend:])
        points = [(dt.date(int(p.period[:4]), int(p.period[5:]), 28), p.value) for p in trend]
        out.append(NormStatus(
            ABSENCE, *ABSENCE_LABELS, scope, on, value, target, "%",
            judge(value, target, higher_is_better=False), reference,
            detail={"month": series.months[last],
                    "long_spells_excluded": float(series.long_spells.get(scope, 0)),
                    "long_spell_days": series.long_spell_days.get(scope, 0.0)},
            trend=trend,
            projected=project_linear(points, target, higher_is_better=False,
                                     horizon=dt.date(on.year + 10, 12, 31))))
    return out


def evaluate(inputs: NormInputs, params: ParameterSet) -> list[NormStatus]:
    """Every norm, nationally and per unit, on ``inputs.on``."""
    on = inputs.on
    out: list[NormStatus] = []

    if inputs.wijkagent_fte is not None:
        regional = {u: n for u, n in inputs.inhabitants.items() if u in REGIONAL_UNIT_CODES}
        statuses = wijkagent_norm(regional, inputs.wijkagent_fte, on,
                                  params["wijkagent_inhabitants"].number(on),
                                  _ref(params, "wijkagent_inhabitants"))
        for s in statuses:
            hist = inputs.wijkagent_history.get(s.scope, [])
            trend = tuple(TrendPoint(d.isoformat(), v) for d, v in hist)
            projected = (project_linear([*hist, (on, s.value or 0.0)], s.target or 0.0)
                         if s.target is not None else None)
            out.append(NormStatus(**{**s.__dict__, "trend": trend, "projected": projected,
                                     "note": f"inhabitants: {inputs.inhabitants_source}"}))
    else:
        out.append(NormStatus("wijkagent", "Wijkagenten: ten minste 1 per 5.000 inwoners",
                              "Community officers: at least 1 per 5,000 inhabitants", NATIONAL,
                              on, None, None, "fte", Met.UNKNOWN,
                              _ref(params, "wijkagent_inhabitants"),
                              note="no HR records: import them or run `sterkte synth`"))

    out += neighbourhood_norm(inputs.neighbourhood, on, params["neighbourhood_share"].number(on),
                              _ref(params, "neighbourhood_share"))

    if inputs.volunteers is not None and inputs.os_fte is not None:
        vol = dict(inputs.volunteers)
        vol[NATIONAL] = sum(vol.values())
        os = dict(inputs.os_fte)
        os[NATIONAL] = sum(os.values())
        out += volunteer_norm(vol, os, on, params["volunteer_share"].number(on),
                              int(params["volunteer_target_year"].number(on)),
                              _ref(params, "volunteer_share"), inputs.volunteer_history)
    cap_status, _ = hours_cap(inputs.volunteer_hours, params["volunteer_hours_cap"].number(on),
                              on.year, on, _ref(params, "volunteer_hours_cap"))
    out.append(cap_status)

    if inputs.absence is not None:
        out += absence_statuses(inputs.absence, on, params["absence_target"].number(on),
                                _ref(params, "absence_target"))

    for flow in ("intake", "graduated"):
        realised = inputs.academy_realised.get(flow)
        prognosis = inputs.academy_prognosis.get(flow)
        if realised is not None and prognosis is not None:
            shares = inputs.academy_prognosis.get(f"{flow}_moments", {"1": 1.0})
            out += academy_norm(flow, realised, prognosis, inputs.academy_months_elapsed,
                                shares, on, "Motie Van Nispen en Van Raak, Kamerstukken II "
                                "2019/20, 35300 VI, nr. 54")

    for name in params:
        if name.startswith("target_"):
            target = name.removeprefix("target_")
            targets = params[name].mapping(on)
            realised_t = inputs.target_realisations.get(target, {})
            year = max((y for y in realised_t if str(y) in targets), default=on.year)
            out.append(target_norm(target, targets, realised_t, year, on,
                                   _ref(params, name)))
    return out
