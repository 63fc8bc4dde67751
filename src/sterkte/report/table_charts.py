"""Charts drawn from report tables, so a chart shows exactly the numbers of the table
beside it."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from sterkte.report.charts import COLOURS, REFERENCE, layout, wrap_label
from sterkte.report.table import Table


def table_bars(table: Table, columns: list[str], title: str, *, skip_totals: bool = True,
               label_column: int = 0, skip_keys: tuple[str, ...] = (),
               references: Sequence[str] = ()) -> go.Figure:
    """Grouped bars: one bar series per column key, one group per row (rows whose key is
    in ``skip_keys`` left out, e.g. stocks beside flows). Each column in ``references``
    (a formatie, a norm) is drawn as a black bar-wide stroke over its group, which reads
    as the level to reach better than one more bar."""
    idx = [i for i in range(len(table.rows)) if not (skip_totals and i in table.totals)
           and table.keys[i] not in skip_keys]
    labels = [wrap_label(str(table.rows[i][label_column])) for i in idx]
    fig = go.Figure()
    for n, col in enumerate(columns):
        j = table.column_index(col)
        ys = [table.rows[i][j] for i in idx]
        fig.add_trace(go.Bar(
            x=labels, y=[y if isinstance(y, float | int) else None for y in ys],
            name=table.columns[j].header, marker_color=COLOURS[n % len(COLOURS)],
            hovertemplate="%{x}: %{y:,.1f}<extra></extra>"))
    for ref in references:
        j = table.column_index(ref)
        ys = [table.rows[i][j] for i in idx]
        fig.add_trace(go.Scatter(
            x=labels, y=[y if isinstance(y, float | int) else None for y in ys],
            mode="markers", name=table.columns[j].header,
            marker={"symbol": "line-ew", "size": 34 if len(columns) > 1 else 24,
                    "line": {"width": 3, "color": REFERENCE}, "color": REFERENCE},
            hovertemplate="%{x}: %{y:,.1f}<extra></extra>"))
    fig.update_layout(barmode="group", yaxis={"tickformat": ",.0f", "rangemode": "tozero"})
    # upright when the labels fit, turned by plotly when they would overlap; either way
    # the axis makes room for them (automargin), so none is clipped
    fig.update_xaxes(tickfont={"size": 10}, type="category")
    return layout(fig, title, table.lang)
