"""Charts drawn from report tables, so a chart shows exactly the numbers of the table
beside it."""

from __future__ import annotations

import plotly.graph_objects as go

from sterkte.report.charts import COLOURS, layout
from sterkte.report.table import Table


def table_bars(table: Table, columns: list[str], title: str, *, skip_totals: bool = True,
               label_column: int = 0, skip_keys: tuple[str, ...] = ()) -> go.Figure:
    """Grouped bars: one bar series per column key, one group per row (rows whose key is
    in ``skip_keys`` left out, e.g. stocks beside flows)."""
    idx = [i for i in range(len(table.rows)) if not (skip_totals and i in table.totals)
           and table.keys[i] not in skip_keys]
    fig = go.Figure()
    for n, col in enumerate(columns):
        j = table.column_index(col)
        ys = [table.rows[i][j] for i in idx]
        fig.add_trace(go.Bar(
            x=[str(table.rows[i][label_column]) for i in idx],
            y=[y if isinstance(y, float | int) else None for y in ys],
            name=table.columns[j].header, marker_color=COLOURS[n % len(COLOURS)],
            hovertemplate="%{x}: %{y:,.1f}<extra></extra>"))
    fig.update_layout(barmode="group", yaxis={"tickformat": ",.0f"})
    fig.update_xaxes(tickangle=-35, tickfont={"size": 10})
    return layout(fig, title, table.lang)
