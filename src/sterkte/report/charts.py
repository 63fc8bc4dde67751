"""Charts (plotly). Figures only; the HTML page embeds plotly.js once, inline."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from sterkte.ledger import CLOSING, NET, OPENING
from sterkte.report.tables import Row, Table

SEPARATORS = {"nl": ",.", "en": ".,"}  # plotly: decimal mark, then thousands separator


def stock_flow_waterfall(table: Table, row: Row) -> go.Figure:
    """Opening → each flow → closing for one unit, as printed (closing is not recomputed)."""
    keys = _keys(table)
    xs: list[str] = []
    ys: list[float] = []
    measures: list[str] = []
    for header, key, value in zip(table.headers[1:], keys, row.values, strict=True):
        if key == NET or value is None:
            continue
        xs.append(header)
        ys.append(value)
        measures.append("absolute" if key in (OPENING, CLOSING) else "relative")
    fig = go.Figure(go.Waterfall(
        x=xs, y=ys, measure=measures, connector={"line": {"color": "#999"}},
        increasing={"marker": {"color": "#2a9d8f"}},
        decreasing={"marker": {"color": "#e76f51"}},
        totals={"marker": {"color": "#264653"}},
        hovertemplate="%{x}: %{y:,.0f}<extra></extra>",
    ))
    fig.update_layout(
        title={"text": row.label, "font": {"size": 14}},
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


def _keys(table: Table) -> list[str]:
    """Column keys of a published-layout table: first and last are stocks, Saldo is net."""
    n = len(table.headers) - 1
    keys = ["flow"] * n
    keys[0], keys[-1] = OPENING, CLOSING
    for i, h in enumerate(table.headers[1:]):
        if h in ("Saldo", "Net change"):
            keys[i] = NET
    return keys


def figure_div(fig: go.Figure, div_id: str) -> str:
    html: Any = fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id,
                            config={"displayModeBar": False, "responsive": True})
    return str(html)


def plotly_js() -> str:
    """plotly.js itself, to inline in a page so charts work with no network."""
    from plotly.offline import get_plotlyjs

    return str(get_plotlyjs())
