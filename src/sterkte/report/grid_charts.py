"""Charts drawn from grids, so a chart shows exactly the numbers of the table beside it."""

from __future__ import annotations

import plotly.graph_objects as go

from sterkte.forecast.run import ForecastRun
from sterkte.ledger import Category
from sterkte.org import NATIONAL
from sterkte.report.charts import SEPARATORS
from sterkte.report.grid import Grid

COLOURS = ("#264653", "#e76f51", "#2a9d8f", "#e9c46a", "#8ab17d")


def _layout(fig: go.Figure, title: str, lang: str, height: int = 340) -> go.Figure:
    fig.update_layout(title={"text": title, "font": {"size": 14}}, height=height,
                      separators=SEPARATORS.get(lang, ",."), template="plotly_white",
                      margin={"l": 55, "r": 10, "t": 45, "b": 90},
                      legend={"orientation": "h", "y": -0.25})
    return fig


def grid_bars(grid: Grid, columns: list[str], title: str, *, skip_totals: bool = True,
              label_column: int = 0, skip_keys: tuple[str, ...] = ()) -> go.Figure:
    """Grouped bars: one bar series per column key, one group per row (rows whose key is
    in ``skip_keys`` left out, e.g. stocks beside flows)."""
    idx = [i for i in range(len(grid.rows)) if not (skip_totals and i in grid.totals)
           and grid.keys[i] not in skip_keys]
    keys = [c.key for c in grid.columns]
    fig = go.Figure()
    for n, col in enumerate(columns):
        j = keys.index(col)
        ys = [grid.rows[i][j] for i in idx]
        fig.add_trace(go.Bar(
            x=[str(grid.rows[i][label_column]) for i in idx],
            y=[y if isinstance(y, float | int) else None for y in ys],
            name=grid.columns[j].header, marker_color=COLOURS[n % len(COLOURS)],
            hovertemplate="%{x}: %{y:,.1f}<extra></extra>"))
    fig.update_layout(barmode="group", yaxis={"tickformat": ",.0f"})
    fig.update_xaxes(tickangle=-35, tickfont={"size": 10})
    return _layout(fig, title, grid.lang)


def prognosis_lines(run: ForecastRun, realised_closing: float | None, year: int, lang: str,
                    unit: str = NATIONAL, title: str = "",
                    compare: ForecastRun | None = None) -> go.Figure:
    """OS at the end of each year (prognosis, optional comparison run) and the formatie."""
    fig = go.Figure()
    x = [str(p.year) for p in run.periods]
    runs = [run] if compare is None else [compare, run]
    formatie = run.formatie_at_year_end()
    # Nationally, bezetting is compared with formatie over the units that have one.
    members = ([u for u in run.units if (u, run.periods[0].year) in formatie]
               if unit == NATIONAL else [unit])
    for n, r in enumerate(runs):
        fig.add_trace(go.Scatter(
            x=x, y=[sum(r.ledger.closing(p, m, Category.OS) for m in members)
                    for p in r.periods],
            mode="lines+markers", name=f"{'OS prognose' if lang != 'en' else 'OS prognosis'}"
            f" ({r.scenario})", line={"color": COLOURS[(n * 2) % len(COLOURS)]},
            hovertemplate="%{x}: %{y:,.0f}<extra></extra>"))
    fx = [p for p in run.periods if (unit, p.year) in formatie]
    if fx:
        fig.add_trace(go.Scatter(x=[str(p.year) for p in fx],
                                 y=[formatie[(unit, p.year)] for p in fx], mode="lines",
                                 line={"dash": "dash", "color": "#555"}, name="formatie",
                                 hovertemplate="%{x}: %{y:,.0f}<extra></extra>"))
    if realised_closing is not None:
        fig.add_trace(go.Scatter(x=[str(year)], y=[realised_closing], mode="markers",
                                 marker={"size": 12, "symbol": "diamond", "color": "#e76f51"},
                                 name="realisatie" if lang != "en" else "realised",
                                 hovertemplate="%{x}: %{y:,.0f}<extra></extra>"))
    fig.update_layout(yaxis={"tickformat": ",.0f", "title": "fte"})
    default = "Bezetting OS en formatie, einde jaar" if lang != "en" else \
        "OS in post and formatie, end of year"
    return _layout(fig, title or default, lang)
