"""A self-contained HTML page: tables, findings and charts; plotly.js inline (no CDN)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from sterkte import __version__
from sterkte.ledger import format_number
from sterkte.report.charts import figure_div, plotly_js, stock_flow_waterfall
from sterkte.report.tables import Table


@dataclass
class Section:
    table: Table
    findings: list[str] = field(default_factory=list)
    charts: bool = True


_TEXT = {
    "nl": {
        "findings": "Bevindingen in de gepubliceerde tabel ({n}): afrondingsverschillen",
        "charts": "Per eenheid: bezetting begin → stromen → bezetting eind",
        "provenance": "Bronnen",
        "generated": "Gemaakt met sterkte {v} op {t} (UTC).",
    },
    "en": {
        "findings": "Findings in the published table ({n}): rounding differences",
        "charts": "Per unit: opening → flows → closing",
        "provenance": "Sources",
        "generated": "Made with sterkte {v} on {t} (UTC).",
    },
}


def render_html(title: str, intro: str, sections: list[Section], provenance: list[str],
                lang: str = "nl") -> str:
    env = Environment(loader=PackageLoader("sterkte.report", "templates"),
                      autoescape=select_autoescape(["html"]))
    text = _TEXT["en" if lang == "en" else "nl"]
    rendered = []
    for i, s in enumerate(sections):
        t = s.table
        rows = [{"label": r.label, "unit": r.unit, "total": r.total,
                 "cells": [format_number(v, t.lang, t.decimals) for v in r.values]}
                for r in t.rows]
        charts = [figure_div(stock_flow_waterfall(t, r), f"chart-{i}-{r.unit or j}")
                  for j, r in enumerate(t.rows)] if s.charts else []
        rendered.append({
            "id": t.name, "table": t, "rows": rows, "charts": charts,
            "charts_title": text["charts"], "findings": s.findings,
            "findings_title": text["findings"].format(n=len(s.findings)),
        })
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    return env.get_template("ledger_report.html").render(
        lang=lang, title=title, intro=intro, sections=rendered, provenance=provenance,
        provenance_title=text["provenance"], plotly_js=plotly_js(),
        generated=text["generated"].format(v=__version__, t=now),
    )


def write_html(path: Path, html: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path
