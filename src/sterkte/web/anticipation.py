"""The stored crime-anticipation run on the dashboard: map of cells, top areas, presence.

Read-only: the run is what `sterkte anticipate forecast … --save` stored. The map
is drawn in the run's projected metres (no map tiles, no network). Never about
persons: cells are places, counts are expected recorded events.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go

from sterkte.ledger import format_number
from sterkte.report.grid import Column, Grid, Value
from sterkte.report.grid_charts import _layout
from sterkte.report.words import tr
from sterkte.store.anticipation import AnticipationRun
from sterkte.web.views import View

TOP_CELLS = 20
MAX_RASTER = 400_000  # cells of the drawn raster; larger extents are drawn as points


def never_persons(lang: str) -> str:
    return tr(lang, "Anticipatie gaat over plaatsen en perioden, nooit over personen: een cel "
                    "is een vierkant op de kaart, een telling is een verwacht aantal "
                    "geregistreerde delicten.",
              "Anticipation is about places and periods, never about persons: a cell is a "
              "square on the map, a count is an expected number of recorded offences.")


def empty_view(lang: str) -> View:
    return View(tr(lang, "Criminaliteitsanticipatie", "Crime anticipation"), [],
                values={"run": None},
                intro=tr(lang, "Er is geen anticipatierun opgeslagen: voer `sterkte anticipate "
                               "forecast … --save` uit.",
                         "No anticipation run stored: run `sterkte anticipate forecast … "
                         "--save`."))


def _map(run: AnticipationRun, lang: str) -> go.Figure:
    s = run.cell_size
    x = np.asarray(run.x_min)
    y = np.asarray(run.y_min)
    z = np.asarray(run.score)
    fig = go.Figure()
    ix = np.rint(x / s).astype(np.int64)
    iy = np.rint(y / s).astype(np.int64)
    nx, ny = int(ix.max() - ix.min() + 1), int(iy.max() - iy.min() + 1)
    label = tr(lang, "verwacht", "expected")
    if nx * ny <= MAX_RASTER:
        raster: list[list[float | None]] = [[None] * nx for _ in range(ny)]
        for i, j, v in zip(ix - ix.min(), iy - iy.min(), z, strict=True):
            raster[int(j)][int(i)] = float(v)
        fig.add_trace(go.Heatmap(
            x=[float((ix.min() + i) * s + s / 2) for i in range(nx)],
            y=[float((iy.min() + j) * s + s / 2) for j in range(ny)], z=raster,
            colorscale="YlOrRd", hoverongaps=False, zsmooth=False,
            colorbar={"title": {"text": label}},
            hovertemplate="x %{x:.0f} m, y %{y:.0f} m: %{z:.2f}<extra></extra>"))
    else:
        fig.add_trace(go.Scattergl(x=x + s / 2, y=y + s / 2, mode="markers",
                                   marker={"color": z, "colorscale": "YlOrRd", "size": 3}))
    flagged = run.plan.cells
    if flagged:
        fig.add_trace(go.Scatter(
            x=[c.x_min + s / 2 for c in flagged], y=[c.y_min + s / 2 for c in flagged],
            mode="markers", name=tr(lang, "preventieve presentie", "preventive presence"),
            marker={"symbol": "square-open", "size": 11, "color": "#1f3a5f",
                    "line": {"width": 2}},
            text=[f"{c.area}: {c.minutes_per_day:.0f} min/{tr(lang, 'dag', 'day')}"
                  for c in flagged],
            hovertemplate="%{text}<extra></extra>"))
    fig.update_yaxes(scaleanchor="x", scaleratio=1, title_text=f"y (m, {run.crs})")
    fig.update_xaxes(title_text=f"x (m, {run.crs})")
    fig.update_layout(showlegend=False)
    return _layout(fig, tr(lang, f"Verwachte delicten per cel van {run.cell_size:g} m; "
                                 "omlijnd: preventieve presentie",
                           f"Expected offences per {run.cell_size:g} m cell; outlined: "
                           "preventive presence"), lang, height=560)


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
    area_rows: list[list[Value]] = []
    keys = []
    for a in run.plan.areas:
        area_rows.append([a.area, totals.get(a.area, a.expected_events), float(a.flagged_cells),
                          a.expected_events, a.hours_per_week])
        keys.append(a.area)
    # areas with expected events but no cell in the top share: no presence recommended
    for name in sorted(set(totals) - set(keys), key=lambda t: (-totals[t], t)):
        area_rows.append([name, totals[name], 0.0, 0.0, 0.0])
        keys.append(name)
    areas = Grid("anticipatie-gebieden", tr(lang, "Gebieden met de meeste aanbevolen presentie",
                                            "Areas with the most recommended presence"),
                 [Column("area", tr(lang, "Gebied (team)", "Area (team)"), "text"),
                  Column("expected", tr(lang, "Verwacht in het gebied", "Expected in the area"),
                         decimals=1),
                  Column("flagged", tr(lang, "Cellen met presentie", "Cells with presence")),
                  Column("expected_flagged", tr(lang, "Verwacht in die cellen",
                                                "Expected in those cells"), decimals=1),
                  Column("hours_per_week", tr(lang, "Aanbevolen uur per week",
                                              "Recommended hours a week"), decimals=1)],
                 area_rows, keys, lang,
                 explanation=tr(lang, f"Verwachte delicten in {run.days} dagen vanaf "
                                      f"{run.origin.strftime('%d-%m-%Y')}.",
                                f"Expected offences in {run.days} days from "
                                f"{run.origin.isoformat()}."))
    cell_rows: list[list[Value]] = [
        [c.area or "–", c.x_min, c.y_min, c.expected_events, c.minutes_per_day]
        for c in run.plan.cells[:TOP_CELLS]]
    title = tr(lang, f"Cellen met preventieve presentie (hoogste verwachting eerst, ten "
                     f"hoogste {TOP_CELLS})",
               f"Cells with preventive presence (highest forecast first, at most {TOP_CELLS})")
    cells = Grid("anticipatie-cellen", title,
                 [Column("area", tr(lang, "Gebied", "Area"), "text"),
                  Column("x_min", "x_min (m)"), Column("y_min", "y_min (m)"),
                  Column("expected", tr(lang, "Verwacht", "Expected"), decimals=2),
                  Column("minutes", tr(lang, "Minuten per dag", "Minutes a day"))],
                 cell_rows, [f"{c.x_min:.0f},{c.y_min:.0f}" for c in run.plan.cells[:TOP_CELLS]],
                 lang)
    verdict = run.verdict if lang == "en" else {
        True: "voldoet aan de succescriteria", False: "NIET GESCHIKT VOOR GEBRUIK: geen model "
        "voldoet aan de succescriteria", None: "model gekozen met --model; niet getoetst aan "
        "de succescriteria"}[run.fit]
    info_rows: list[list[Value]] = [
        [tr(lang, "Model", "Model"), run.model],
        [tr(lang, "Oordeel", "Verdict"), verdict],
        [tr(lang, "Periode", "Period"), f"{run.origin.isoformat()} + {run.days} "
                                        + tr(lang, "dagen", "days")],
        [tr(lang, "Cellen", "Cells"), f"{len(run.score)} × {run.cell_size:g} m, {run.crs}"],
        [tr(lang, "Gegevens", "Data"), run.source],
        [tr(lang, "Opgeslagen", "Saved"), f"{run.saved_at:%Y-%m-%d %H:%M} (run {run.run_id})"],
        [tr(lang, "Parameters van", "Parameters of"), run.plan.parameters_on.isoformat()]]
    info = Grid("anticipatie-run", tr(lang, "De opgeslagen run", "The stored run"),
                [Column("what", tr(lang, "Wat", "What"), "text"),
                 Column("value", tr(lang, "Waarde", "Value"), "text")],
                info_rows, ["model", "verdict", "period", "cells", "data", "saved", "parameters"],
                lang)
    expected = float(sum(run.score))
    hours = run.plan.hours_per_week
    headline = [
        ("model", "Model", run.model),
        ("fit", tr(lang, "Geschikt voor gebruik", "Fit for use"),
         {True: tr(lang, "ja", "yes"), False: tr(lang, "nee", "no"),
          None: tr(lang, "niet getoetst", "not checked")}[run.fit]),
        ("expected", tr(lang, f"Verwacht in {run.days} dagen", f"Expected in {run.days} days"),
         format_number(expected, lang, 1)),
        ("hours_per_week", tr(lang, "Preventieve presentie, uur per week",
                              "Preventive presence, hours a week"), format_number(hours, lang, 1)),
    ]
    values: dict[str, Any] = {"run": run.run_id, "model": run.model, "fit": run.fit,
                              "expected": expected, "hours_per_week": hours}
    return View(tr(lang, "Criminaliteitsanticipatie", "Crime anticipation"),
                [areas, cells, info], [_map(run, lang)], headline, values,
                intro=never_persons(lang))


def area_names(run: AnticipationRun) -> Sequence[str]:
    return [a.area for a in run.plan.areas]
