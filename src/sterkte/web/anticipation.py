"""The stored crime-anticipation run on the dashboard: map of cells, top areas, presence.

Read-only: the run is what `sterkte anticipate forecast … --save` stored. The map
is drawn in the run's projected metres (no map tiles, no network). Never about
persons: cells are places, counts are expected recorded events.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

import numpy as np
import plotly.graph_objects as go

from sterkte.ledger import format_number
from sterkte.report.charts import chart_text, layout
from sterkte.report.labels import day_text, term
from sterkte.report.table import Column, Table
from sterkte.store.anticipation import AnticipationRun
from sterkte.web.views import View

TOP_CELLS = 20
MAX_RASTER = 400_000  # cells of the drawn raster; larger extents are drawn as points


def never_persons(lang: str) -> str:
    return term("anticipation.never_persons", lang)


def empty_view(lang: str) -> View:
    return View(term("anticipation.title", lang), [], values={"run": None},
                intro=term("anticipation.no_run", lang),
                notes=[term("anticipation.empty_next", lang)])


def _outline_traces(run: AnticipationRun, totals: dict[str, float], lang: str,
                    fig: go.Figure) -> None:
    """The base layer: each area's outline, its name and expected events at its centre."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for o in run.outlines:
        for poly in o.polygons:
            for ring in poly:
                xs += [x for x, _ in ring] + [None]
                ys += [y for _, y in ring] + [None]
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=term("anticipation.outlines", lang),
                             line={"color": "#222", "width": 1.5}, hoverinfo="skip"))
    for o in run.outlines:
        outer = [pt for poly in o.polygons for pt in poly[0]] if o.polygons else []
        if not outer:
            continue
        cx = (min(x for x, _ in outer) + max(x for x, _ in outer)) / 2
        top = max(y for _, y in outer)
        n = format_number(totals.get(o.area, 0.0), lang, 1)
        fig.add_annotation(x=cx, y=top, yanchor="bottom", showarrow=False,
                           text=term("anticipation.area_label", lang, area=chart_text(o.area),
                                     n=n),
                           font={"size": 11, "color": "#111"}, bgcolor="rgba(255,255,255,.8)")


def _map(run: AnticipationRun, totals: dict[str, float], lang: str) -> go.Figure:
    s = run.cell_size
    x = np.asarray(run.x_min)
    y = np.asarray(run.y_min)
    z = np.asarray(run.score)
    fig = go.Figure()
    ix = np.rint(x / s).astype(np.int64)
    iy = np.rint(y / s).astype(np.int64)
    nx, ny = int(ix.max() - ix.min() + 1), int(iy.max() - iy.min() + 1)
    label = term("anticipation.expected_lower", lang)
    if nx * ny <= MAX_RASTER:
        raster: list[list[float | None]] = [[None] * nx for _ in range(ny)]
        for i, j, v in zip(ix - ix.min(), iy - iy.min(), z, strict=True):
            raster[int(j)][int(i)] = float(v)
        fig.add_trace(go.Heatmap(
            x=[float((ix.min() + i) * s + s / 2) for i in range(nx)],
            y=[float((iy.min() + j) * s + s / 2) for j in range(ny)], z=raster,
            colorscale="YlOrRd", hoverongaps=False, zsmooth=False, name=label,
            colorbar={"title": {"text": term("anticipation.legend", lang), "side": "right"},
                      "thickness": 14},
            hovertemplate="x %{x:.0f} m, y %{y:.0f} m: %{z:.2f}<extra></extra>"))
    else:
        fig.add_trace(go.Scattergl(x=x + s / 2, y=y + s / 2, mode="markers",
                                   marker={"color": z, "colorscale": "YlOrRd", "size": 3}))
    if run.outlines:
        _outline_traces(run, totals, lang, fig)
    flagged = run.plan.cells
    if flagged:
        fig.add_trace(go.Scatter(
            x=[c.x_min + s / 2 for c in flagged], y=[c.y_min + s / 2 for c in flagged],
            mode="markers", name=term("anticipation.preventive_presence", lang),
            marker={"symbol": "square-open", "size": 11, "color": "#1f3a5f",
                    "line": {"width": 2}},
            text=[f"{chart_text(c.area)}: {c.minutes_per_day:.0f} min/{term('day_lower', lang)}"
                  for c in flagged],
            hovertemplate="%{text}<extra></extra>"))
    fig.update_yaxes(scaleanchor="x", scaleratio=1, title_text=f"y (m, {run.crs})",
                     tickformat=",.0f")
    fig.update_xaxes(title_text=f"x (m, {run.crs})", tickformat=",.0f")
    title = term("anticipation.map_title", lang, size=f"{run.cell_size:g}")
    if run.synthetic:
        title = f"{title} — {term('synthetic_upper', lang)}"
    layout(fig, title, lang, height=600)
    fig.update_layout(showlegend=True, legend={"y": -0.15})
    return fig


def _area_totals(run: AnticipationRun) -> dict[str, float]:
    out: dict[str, float] = {}
    for a, v in zip(run.area, run.score, strict=True):
        if a is not None:
            out[a] = out.get(a, 0.0) + v
    return out


def anticipation_view(run: AnticipationRun | None, lang: str) -> View:
    if run is None:
        return empty_view(lang)
    totals = _area_totals(run)
    areas = Table("anticipatie-gebieden", term("anticipation.areas_title", lang), [
        Column("area", term("anticipation.area_team", lang), "text"),
        Column("expected", term("anticipation.expected_in_area", lang), decimals=1),
        Column("flagged", term("anticipation.cells_with_presence", lang)),
        Column("expected_flagged", term("anticipation.expected_in_cells", lang), decimals=1),
        Column("hours_per_week", term("anticipation.recommended_hours", lang), decimals=1)],
        lang=lang, explanation=term("anticipation.areas_explanation", lang, days=run.days,
                                    origin=day_text(run.origin, lang)))
    for a in run.plan.areas:
        areas.add(a.area, [a.area, totals.get(a.area, a.expected_events), float(a.flagged_cells),
                           a.expected_events, a.hours_per_week])
    # areas with expected events but no cell in the top share: no presence recommended
    for name in sorted(set(totals) - set(areas.keys), key=lambda t: (-totals[t], t)):
        areas.add(name, [name, totals[name], 0.0, 0.0, 0.0])
    cells = Table("anticipatie-cellen", term("anticipation.cells_title", lang, n=TOP_CELLS), [
        Column("area", term("anticipation.area", lang), "text"),
        Column("x_min", "x_min (m)"), Column("y_min", "y_min (m)"),
        Column("expected", term("anticipation.expected", lang), decimals=2),
        Column("minutes", term("anticipation.minutes_a_day", lang))], lang=lang)
    for c in run.plan.cells[:TOP_CELLS]:
        cells.add(f"{c.x_min:.0f},{c.y_min:.0f}",
                  [c.area or "–", c.x_min, c.y_min, c.expected_events, c.minutes_per_day])
    verdict = term({True: "anticipation.verdict_fit", False: "anticipation.verdict_not_fit",
                    None: "anticipation.verdict_unchecked"}[run.fit], lang)
    info = Table("anticipatie-run", term("anticipation.run_title", lang),
                 [Column("what", term("what", lang), "text"),
                  Column("value", term("value", lang), "text")], lang=lang)
    for key, what, value in (
            ("model", "model", run.model),
            ("verdict", "verdict", verdict),
            ("period", "period", f"{run.origin.isoformat()} + {run.days} "
                                 + term("days_lower", lang)),
            ("cells", "cells", f"{len(run.score)} × {run.cell_size:g} m, {run.crs}"),
            ("data", "data", PurePath(run.source).name),  # the file, not the server's path
            ("saved", "saved", f"{run.saved_at:%Y-%m-%d %H:%M} (run {run.run_id})"),
            ("parameters", "parameters_of", run.plan.parameters_on.isoformat())):
        info.add(key, [term(f"anticipation.{what}", lang), value])
    expected = float(sum(run.score))
    hours = run.plan.hours_per_week
    fit = term({True: "yes", False: "no", None: "not_checked"}[run.fit], lang)
    headline = [
        ("model", "Model", run.model),
        ("fit", term("anticipation.fit_for_use", lang), fit),
        ("expected", term("anticipation.expected_in_days", lang, days=run.days),
         format_number(expected, lang, 1)),
        ("hours_per_week", term("anticipation.presence_hours", lang),
         format_number(hours, lang, 1)),
    ]
    values: dict[str, Any] = {"run": run.run_id, "model": run.model, "fit": run.fit,
                              "expected": expected, "hours_per_week": hours}
    values["synthetic"] = run.synthetic
    values["outlines"] = [o.area for o in run.outlines]
    status = {True: "anticipation.status_fit", False: "anticipation.status_not_fit",
              None: "anticipation.status_unchecked"}[run.fit]
    notes = [term(status, lang)]
    if run.synthetic:
        notes.append(term("anticipation.synthetic", lang))
    if not run.outlines:
        notes.append(term("anticipation.no_outlines", lang))
    return View(term("anticipation.title", lang), [areas, cells, info],
                [_map(run, totals, lang)], headline, values, intro=never_persons(lang),
                notes=notes)


def area_names(run: AnticipationRun) -> Sequence[str]:
    return [a.area for a in run.plan.areas]
