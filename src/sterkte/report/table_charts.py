"""Charts drawn from report tables, so a chart shows exactly the numbers of the table
beside it."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from sterkte.report.charts import COLOURS, REFERENCE, chart_text, layout
from sterkte.report.table import Table

ROW = 20  # px of bar per row and series: the chart grows with the table


def table_bars(table: Table, columns: list[str], title: str, *, skip_totals: bool = True,
               label_column: int = 0, skip_keys: tuple[str, ...] = (),
               references: Sequence[str] = ()) -> go.Figure:
    """Grouped horizontal bars: one bar series per column key, one group per row, in the
    table's order from the top (rows whose key is in ``skip_keys`` left out, e.g. stocks
    beside flows). Horizontal, because unit names then read as written, whole, at any
    width. Each column in ``references`` (a formatie, a norm) is a black stroke across its
    group: the level to reach reads better as a mark than as one more bar."""
    idx = [i for i in range(len(table.rows)) if not (skip_totals and i in table.totals)
           and table.keys[i] not in skip_keys]
    labels = [chart_text(table.rows[i][label_column]) for i in idx]
    fig = go.Figure()
    for n, col in enumerate(columns):
        j = table.column_index(col)
        xs = [table.rows[i][j] for i in idx]
        fig.add_trace(go.Bar(
            y=labels, x=[x if isinstance(x, float | int) else None for x in xs],
            orientation="h", name=chart_text(table.columns[j].header),
            marker_color=COLOURS[n % len(COLOURS)],
            hovertemplate="%{y}: %{x:,.1f}<extra></extra>"))
    for ref in references:
        j = table.column_index(ref)
        xs = [table.rows[i][j] for i in idx]
        fig.add_trace(go.Scatter(
            y=labels, x=[x if isinstance(x, float | int) else None for x in xs],
            mode="markers", name=chart_text(table.columns[j].header),
            marker={"symbol": "line-ns", "size": ROW * max(1, len(columns)) - 2,
                    "line": {"width": 3, "color": REFERENCE}, "color": REFERENCE},
            hovertemplate="%{y}: %{x:,.1f}<extra></extra>"))
    fig.update_layout(barmode="group", bargap=0.25,
                      xaxis={"tickformat": ",.0f", "rangemode": "tozero"})
    fig.update_yaxes(type="category", autorange="reversed", tickfont={"size": 11})
    height = 130 + ROW * len(idx) * max(1, len(columns))
    return layout(fig, title, table.lang, height=max(300, height))
