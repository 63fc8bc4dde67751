"""The crime-anticipation audit as one self-contained HTML page.

Organised in the audit office's five areas — governance, model and data,
privacy, IT controls, ethics — in our own words. Charts are plotly with the
library embedded once in the page, so the report opens offline.
"""

from __future__ import annotations

import platform
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from typing import Any

import jinja2
import numpy as np
import plotly.graph_objects as go

from sterkte.anticipate.audit import Audit
from sterkte.anticipate.criteria import COVERAGE
from sterkte.anticipate.feedback import RUNAWAY_THRESHOLD, FeedbackRun
from sterkte.anticipate.metrics import COVERAGES
from sterkte.errors import InputError
from sterkte.parameters import ParameterSet
from sterkte.sources.crime_events import FIELD_ALIASES, GateReport

_LABELS = {
    "naive": "naive: every record trains (patrol findings included)",
    "citizen_only": "corrected: citizen reports only (the gate's default)",
    "reweighted": "corrected: patrol findings reweighted, 10 % exploration",
}


def _label(run: FeedbackRun) -> str:
    policy = " — patrols follow the self-exciting model" if run.policy != "count" else ""
    return _LABELS[run.recording] + policy


@dataclass(frozen=True)
class RunInfo:
    """How the audit was run (for IT controls)."""

    command: str
    run_date: date
    crs: str
    cell_size: float
    seed: int
    parameters: ParameterSet  # the anticipation parameters (criteria, models) used
    include_police_initiated: bool
    offences: list[str]


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("sterkte", "numpy", "scikit-learn", "pyproj", "pyarrow", "plotly"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


class _Charts:
    """Plotly figures as HTML fragments; the first one carries plotly.js inline."""

    def __init__(self) -> None:
        self._first = True

    def html(self, fig: go.Figure) -> str:
        fig.update_layout(height=360, margin={"l": 50, "r": 20, "t": 40, "b": 40},
                          template="plotly_white")
        include: bool = self._first
        self._first = False
        return str(fig.to_html(full_html=False, include_plotlyjs=include,
                               config={"displaylogo": False}))


def _params_table(params: ParameterSet, group: str, on: date) -> list[dict[str, str]]:
    """The parameters of one group file (``anticipate/criteria``) in force on ``on``."""
    rows = []
    for name, p in params.items():
        if p.group != group:
            continue
        try:
            start, value = p.in_force(on)
            ref = p.reference_text_on(on)
        except InputError:
            value, start, ref = "not in force", p.first_date, p.reference
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        rows.append({"name": name, "value": shown, "unit": p.unit,
                     "since": start.isoformat(), "description": p.description,
                     "reference": ref})
    return rows


def render_audit(audit: Audit, gate: GateReport, info: RunInfo) -> str:
    """The audit page as an HTML string."""
    charts = _Charts()
    bt = audit.backtest
    fmt: dict[str, Any] = {}

    pai_fig = go.Figure()
    for m in bt.models:
        pai_fig.add_trace(go.Scatter(
            x=[o.isoformat() for o in bt.origins],
            y=[s.pai[COVERAGE] for s in bt.scores[m]], mode="lines+markers", name=m))
    pai_fig.update_layout(title="PAI at 3 % of the area per origin", yaxis_title="PAI")
    fmt["pai_chart"] = charts.html(pai_fig)

    calib = bt.calibration_table(audit.chosen_model)
    cal_fig = go.Figure()
    labels = []
    lo = 0.0
    for band, _, _ in calib:
        labels.append(f"{lo:.0%}–{band:.0%}")
        lo = band
    cal_fig.add_trace(go.Bar(x=labels, y=[e for _, e, _ in calib], name="forecast"))
    cal_fig.add_trace(go.Bar(x=labels, y=[o for _, _, o in calib], name="observed"))
    cal_fig.update_layout(title=f"Calibration of {audit.chosen_model}: events per rank band "
                          "(summed over origins)", barmode="group", yaxis_title="events",
                          xaxis_title="cells ranked by forecast (share of area)")
    fmt["calibration_chart"] = charts.html(cal_fig)

    fb_fig = go.Figure()
    for run in audit.feedback_real:
        fb_fig.add_trace(go.Scatter(y=run.misallocated, mode="lines",
                                    name=_label(run)))
    fb_fig.update_layout(title="Feedback loop on the study area's blocks: misallocated "
                         "attention per step", yaxis_title="share missed",
                         xaxis_title="step (14 days)",
                         yaxis_range=[0, 1])
    fmt["feedback_chart"] = charts.html(fb_fig)

    toy_fig = go.Figure()
    for run in audit.feedback_toy:
        toy_fig.add_trace(go.Scatter(y=run.misallocated, mode="lines",
                                     name=_LABELS[run.recording]))
    toy_fig.update_layout(title="Feedback loop in a toy world of ten areas",
                          yaxis_title="share missed", xaxis_title="step", yaxis_range=[0, 1])
    fmt["toy_chart"] = charts.html(toy_fig)

    stab_fig = go.Figure()
    for st in audit.stability:
        stab_fig.add_trace(go.Scatter(x=[o.isoformat() for o in bt.origins[1:]], y=st.overlap,
                                      mode="lines", name=st.model))
    stab_fig.update_layout(title="Overlap of the top 3 % cells with the previous origin "
                           "(Jaccard)", yaxis_range=[0, 1])
    fmt["stability_chart"] = charts.html(stab_fig)

    metrics_rows = []
    fitness = {f.model: f for f in audit.fitness}
    for m in bt.models:
        metrics_rows.append({
            "model": m,
            "kind": "learned" if bt.learned[m] else "baseline",
            "description": bt.descriptions[m],
            "pai": [f"{bt.mean(m, 'pai', c):.2f}" for c in COVERAGES],
            "hit": [f"{bt.mean(m, 'hit_rate', c):.1%}" for c in COVERAGES],
            "pei": f"{bt.mean(m, 'pei', COVERAGE):.3f}",
            "loglik": f"{bt.mean(m, 'loglik'):.4f}",
            "calibration": f"{bt.pooled_calibration_ratio(m):.2f}",
            "fit": fitness[m].fit,
        })
    criteria_rows = [
        {"model": f.model, "fit": f.fit,
         "criteria": [{"requirement": c.requirement, "measured": f"{c.measured:.3f}",
                       "passed": c.passed} for c in f.criteria]}
        for f in audit.fitness
    ]
    feedback_rows = [
        {"label": _label(r), "first": f"{r.first_misallocated:.0%}",
         "misallocated": f"{r.final_misallocated:.0%}", "runaway": r.runaway,
         "gap": f"{r.record_gap(int(audit.feedback_settings['patrolled'])):.2f}"}
        for r in audit.feedback_real
    ]
    toy_rows = [
        {"label": _LABELS[r.recording], "misallocated": f"{r.final_misallocated:.0%}",
         "runaway": r.runaway, "gap": f"{r.record_gap(1):.2f}"}
        for r in audit.feedback_toy
    ]
    stability_rows = [
        {"model": s.model, "overlap": f"{s.mean_overlap:.2f}",
         "always_top": f"{s.always_top:.0%}", "gini": f"{float(np.mean(s.gini)):.2f}"}
        for s in audit.stability
    ]
    gap_rows = None
    if audit.gaps is not None:
        gap_rows = [
            {"area": g.area, "recorded": f"{g.recorded_events:g}",
             "recorded_share": f"{g.recorded_share:.1%}", "external": f"{g.external_rate:g}",
             "external_share": f"{g.external_share:.1%}", "ratio": f"{g.ratio:.2f}"}
            for g in audit.gaps
        ]
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sterkte", "report/templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
    )
    template = env.get_template("anticipate_audit.html")
    return template.render(
        a=audit, gate=gate, info=info, bt=bt,
        coverages=[f"{c:.0%}" for c in COVERAGES],
        metrics_rows=metrics_rows, criteria_rows=criteria_rows,
        feedback_rows=feedback_rows, toy_rows=toy_rows, stability_rows=stability_rows,
        gap_rows=gap_rows, runaway_threshold=f"{RUNAWAY_THRESHOLD:.0%}",
        criteria_params=_params_table(info.parameters, "anticipate/criteria", info.run_date),
        model_params=_params_table(info.parameters, "anticipate/models", info.run_date),
        versions=_versions(), allowed=sorted(FIELD_ALIASES),
        rejected=[str(p) for p in gate.rejected[:20]],
        charts=fmt,
    )
