"""Charts (plotly). Figures only; a page embeds plotly.js once, inline, so charts work
offline (:func:`plotly_js`, :func:`write_chart`)."""

from __future__ import annotations

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
COLOURS = ("#264653", "#e76f51", "#2a9d8f", "#e9c46a", "#8ab17d")


def layout(fig: go.Figure, title: str, lang: str, height: int = 340) -> go.Figure:
    """The house style: title, height, the language's number marks, legend below."""
    fig.update_layout(title={"text": title, "font": {"size": 14}}, height=height,
                      separators=SEPARATORS.get(lang, ",."), template="plotly_white",
                      margin={"l": 55, "r": 10, "t": 45, "b": 90},
                      legend={"orientation": "h", "y": -0.25})
    return fig


def stock_flow_waterfall(table: Table, key: str, layout: TableLayout) -> go.Figure:
    """Opening → each flow → closing for the row ``key`` of a published-layout table
    (:func:`~sterkte.report.published.published_table`), as printed (closing is not
    recomputed)."""
    i = table.keys.index(key)
    row = table.rows[i]
    xs: list[str] = []
    ys: list[float] = []
    measures: list[str] = []
    for col, header, value in zip(layout.columns, table.columns[1:], row[1:], strict=True):
        if col.key == NET or not isinstance(value, float | int):
            continue
        xs.append(header.header)
        ys.append(float(value))
        measures.append("absolute" if col.key in (OPENING, CLOSING) else "relative")
    fig = go.Figure(go.Waterfall(
        x=xs, y=ys, measure=measures, connector={"line": {"color": "#999"}},
        increasing={"marker": {"color": "#2a9d8f"}},
        decreasing={"marker": {"color": "#e76f51"}},
        totals={"marker": {"color": "#264653"}},
        hovertemplate="%{x}: %{y:,.0f}<extra></extra>",
    ))
    fig.update_layout(
        title={"text": str(row[0]), "font": {"size": 14}},
        yaxis_range=_zoom(ys, measures),
        separators=SEPARATORS.get(table.lang, ",."),
        margin={"l": 50, "r": 10, "t": 40, "b": 90}, height=320,
        showlegend=False, yaxis={"tickformat": ",.0f"},
    )
    # Category axis: English stock headers are ISO dates, which plotly would otherwise
    # read as a date axis and drop the flows between them.
    fig.update_xaxes(tickangle=-35, tickfont={"size": 9}, type="category")
    return fig


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
    return [low - 1.5 * span, high + 0.5 * span]


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
        colour = COLOURS[(n * 2) % len(COLOURS)]
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
                                 marker={"size": 12, "symbol": "diamond", "color": "#e76f51"},
                                 name=term("realised_lower", lang),
                                 hovertemplate="%{x}: %{y:,.0f}<extra></extra>"))
    fig.update_layout(yaxis={"tickformat": ",.0f", "title": "fte"})
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
