"""Charts (plotly). Figures only; a page embeds plotly.js once, inline, so charts work
offline (:func:`plotly_js`, :func:`write_chart`)."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from sterkte.forecast import ForecastRun
from sterkte.ledger import CLOSING, NET, OPENING, Category
from sterkte.ledger.layouts import TableLayout
from sterkte.org import NATIONAL
from sterkte.report.labels import term
from sterkte.report.table import Table

SEPARATORS = {"nl": ",.", "en": ".,"}  # plotly: decimal mark, then thousands separator
# Okabe & Ito's palette: told apart by readers with any common colour-vision deficiency
# (blue, orange, bluish green, vermillion, reddish purple, sky blue, dark grey).
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#333333")
REFERENCE = "#000000"  # a norm or formatie drawn as a marker over the bars
WRAP = 12  # characters per line of a category label; longer labels wrap, never clip


def chart_text(text: object) -> str:
    """``text`` as plotly shows it, literally. Plotly reads ``<a href>``, ``<span
    style>``, ``<b>`` … in titles, labels and hover texts as markup: a name from an imported
    file (an anticipation area, a survey dimension) would otherwise become a link to
    another site or restyled text on the chart. Plotly shows ``&lt;`` as ``<``."""
    return html.escape(str(text), quote=False)


def wrap_label(text: str, width: int = WRAP) -> str:
    """A category label broken into lines of about ``width`` characters (``<br>``), so
    labels stand upright and no label runs off the chart."""
    lines: list[str] = []
    words = [w for part in str(text).split() for w in re.split(r"(?<=-)(?=[^-])", part)]
    for word in words:
        glue = "" if lines and lines[-1].endswith("-") else " "
        if lines and len(lines[-1]) + len(glue) + len(word) <= width:
            lines[-1] += glue + word
        else:
            lines.append(word)
    return "<br>".join(chart_text(line) for line in lines)


def layout(fig: go.Figure, title: str, lang: str, height: int = 340) -> go.Figure:
    """The house style: title, height, the language's number marks, legend below; axes
    grow their margins to fit their labels (automargin), so no label is clipped."""
    # the title hangs from the top of the drawing (inside it, never cut at its edge)
    fig.update_layout(title={"text": title, "font": {"size": 14}, "x": 0, "xanchor": "left",
                             "xref": "paper", "y": 1, "yanchor": "top", "yref": "container",
                             "pad": {"t": 8}},
                      height=height, separators=SEPARATORS.get(lang, ",."),
                      template="plotly_white", margin={"l": 10, "r": 10, "t": 50, "b": 10},
                      legend={"orientation": "h", "yanchor": "top", "y": -0.12,
                              "x": 0, "xanchor": "left"})
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


def stock_flow_waterfall(table: Table, key: str, table_layout: TableLayout) -> go.Figure:
    """Opening → each flow → closing for the row ``key`` of a published-layout table
    (:func:`~sterkte.report.published.published_table`), as printed (closing is not
    recomputed)."""
    i = table.keys.index(key)
    row = table.rows[i]
    xs: list[str] = []
    ys: list[float] = []
    measures: list[str] = []
    for col, header, value in zip(table_layout.columns, table.columns[1:], row[1:],
                                  strict=True):
        if col.key == NET or not isinstance(value, float | int):
            continue
        xs.append(header.header)
        ys.append(float(value))
        measures.append("absolute" if col.key in (OPENING, CLOSING) else "relative")
    fig = go.Figure(go.Waterfall(
        x=[wrap_label(x) for x in xs], y=ys, measure=measures,
        connector={"line": {"color": "#999"}},
        increasing={"marker": {"color": COLOURS[0]}},
        decreasing={"marker": {"color": COLOURS[3]}},
        totals={"marker": {"color": COLOURS[6]}},
        hovertemplate="%{x}: %{y:,.0f}<extra></extra>",
    ))
    layout(fig, str(row[0]), table.lang, height=360)
    zoom = _zoom(ys, measures)
    fig.update_layout(showlegend=False, yaxis={"tickformat": ",.0f", "range": zoom})
    if zoom is not None:
        _mark_broken_axis(fig, zoom[0], table.lang)
    # Category axis: English stock headers are ISO dates, which plotly would otherwise
    # read as a date axis and drop the flows between them.
    fig.update_xaxes(tickfont={"size": 10}, type="category")
    return fig


def _mark_broken_axis(fig: go.Figure, start: float, lang: str) -> None:
    """Say that the value axis does not start at zero: a break mark (two slanted strokes)
    across the foot of the axis and its title 'axis broken: starts at 42.000'."""
    from sterkte.ledger import format_number

    for dy in (0.0, 0.035):
        fig.add_shape(type="line", xref="paper", yref="paper", x0=-0.02, x1=0.02,
                      y0=0.02 + dy, y1=0.06 + dy, line={"color": "#000", "width": 2})
    fig.update_yaxes(title={"text": "fte — " + term("chart.axis_broken", lang,
                                                     start=format_number(start, lang)),
                            "font": {"size": 11}}, showline=True, linecolor="#000")


def _zoom(ys: list[float], measures: list[str]) -> list[float] | None:
    """A y-range around the levels the stock passes through, so flows of a few per cent
    of a large stock stay visible; ``None`` (start at 0) when the flows are large anyway."""
    level, levels, flows = 0.0, [], []
    for y, m in zip(ys, measures, strict=True):
        level = y if m == "absolute" else level + y
        levels.append(level)
        if m == "relative":
            flows.append(abs(y))
    low, high = min(levels), max(levels)
    span = max(high - low, max(flows, default=0.0), 1.0)
    if low <= 0 or low < 3 * span:
        return None
    # start on a round number (41.000, not 41.845): the axis says where it starts
    step = 10.0 ** math.floor(math.log10(span))
    return [math.floor((low - 1.5 * span) / step) * step, high + 0.5 * span]


def prognosis_lines(runs: Sequence[ForecastRun], lang: str, unit: str = NATIONAL,
                    realised: float | None = None, year: int | None = None,
                    title: str = "") -> go.Figure:
    """OS at the end of each period for each run (with its P5–P95 band when it has
    samples), the formatie (one line per different trajectory) and, as a marker, the
    realised OS of ``year``. Nationally, OS is summed over the units that have a
    formatie, as the national formatie is."""
    fig = go.Figure()
    many = len(runs) > 1
    shown: list[list[float | None]] = []
    for n, r in enumerate(runs):
        formatie = r.formatie_at_year_end()
        members = ([u for u in r.units if (u, r.periods[0].year) in formatie]
                   if unit == NATIONAL else [unit])
        x = [str(p) for p in r.periods]
        colour = COLOURS[n % len(COLOURS)]
        fig.add_trace(go.Scatter(
            x=x, y=[sum(r.ledger.closing(p, m, Category.OS) for m in members)
                    for p in r.periods],
            mode="lines+markers", name=term("chart.os_prognosis", lang, scenario=r.scenario),
            line={"color": colour}, hovertemplate="%{x}: %{y:,.0f}<extra></extra>"))
        band = r.bands(Category.OS).get(unit) if r.ensemble is not None else None
        if band is not None:
            fig.add_trace(go.Scatter(
                x=x + x[::-1], y=[float(v) for v in band[2]] + [float(v) for v in band[0]][::-1],
                fill="toself", opacity=0.2, line={"width": 0, "color": colour},
                name=f"{r.scenario}: P5–P95", hoverinfo="skip"))
        fy = [formatie.get((unit, p.year)) for p in r.periods]
        if any(v is not None for v in fy) and fy not in shown:
            shown.append(fy)
            fig.add_trace(go.Scatter(
                x=x, y=fy, mode="lines", line={"dash": "dash", "color": "#555"},
                name="formatie" + (f" ({r.scenario})" if many else ""),
                hovertemplate="%{x}: %{y:,.0f}<extra></extra>"))
    if realised is not None and year is not None:
        fig.add_trace(go.Scatter(x=[str(year)], y=[realised], mode="markers",
                                 marker={"size": 12, "symbol": "diamond", "color": COLOURS[3]},
                                 name=term("realised_lower", lang),
                                 hovertemplate="%{x}: %{y:,.0f}<extra></extra>"))
    fig.update_layout(yaxis={"tickformat": ",.0f", "title": "fte"})
    fig.update_xaxes(type="category")
    return layout(fig, title or term("chart.os_and_formatie", lang), lang)


def figure_div(fig: go.Figure, div_id: str) -> str:
    html: Any = fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id,
                            config={"displayModeBar": False, "responsive": True})
    return str(html)


def plotly_js() -> str:
    """plotly.js itself, to inline in a page so charts work with no network."""
    from plotly.offline import get_plotlyjs

    return str(get_plotlyjs())


def write_chart(fig: go.Figure, path: Path) -> Path:
    """One chart as a page of its own, plotly.js inline: it opens with no network."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.write_html(str(path), include_plotlyjs=True, full_html=True)
    return path
