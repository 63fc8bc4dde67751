"""A self-contained HTML page of published-layout tables (`sterkte table --format html`):
the table through the shared macro (``templates/grid_macros.html``), its findings and a
waterfall chart per unit; plotly.js inline (no CDN)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from sterkte import __version__
from sterkte.ledger.layouts import TableLayout
from sterkte.report.charts import figure_div, plotly_js, stock_flow_waterfall
from sterkte.report.labels import term
from sterkte.report.table import Table


@dataclass
class PageSection:
    table: Table
    layout: TableLayout | None = None  # a published layout: one waterfall chart per row
    findings: list[str] = field(default_factory=list)


def environment() -> Environment:
    return Environment(loader=PackageLoader("sterkte.report", "templates"),
                       autoescape=select_autoescape(["html"]))


def render_html(title: str, intro: str, sections: list[PageSection], provenance: list[str],
                lang: str = "nl") -> str:
    rendered = []
    for i, s in enumerate(sections):
        t = s.table
        charts = [] if s.layout is None else [
            figure_div(stock_flow_waterfall(t, key, s.layout), f"chart-{i}-{key}")
            for key in t.keys]
        rendered.append({
            "id": t.name, "table": t, "charts": charts, "findings": s.findings,
            "charts_title": term("page.charts", lang),
            "findings_title": term("page.findings", lang, n=len(s.findings)),
        })
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    return environment().get_template("ledger_report.html").render(
        lang=lang, title=title, intro=intro, sections=rendered, provenance=provenance,
        provenance_title=term("page.sources", lang), plotly_js=plotly_js(),
        generated=term("report.generated", lang, v=__version__, t=now),
    )


def write_html(path: Path, html: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path
