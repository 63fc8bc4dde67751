"""The annex written out: one self-contained HTML page, one XLSX, Markdown, CSV per table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from sterkte import __version__
from sterkte.app.annex import Figures, Source
from sterkte.report.annex import AnnexSection, all_grids
from sterkte.report.charts import figure_div, plotly_js
from sterkte.report.grid import to_csv, to_markdown
from sterkte.report.xlsx import write_grids

_TEXT = {
    "nl": {"title": "Capaciteit politie {y}: bijlage bij het halfjaarbericht",
           "intro": "Operationele sterkte, aspiranten, prognose, formatie en bezetting, "
                    "politieonderwijs, vrijwilligers, wijkagenten, verzuim, normen en "
                    "toezeggingen over {y}, in fte tenzij anders vermeld. Bij elke tabel staat "
                    "de realisatie naast de prognose (of de norm), met een toelichting op de "
                    "grootste verschillen. Berekend op onafgeronde waarden; afgerond voor "
                    "weergave, dus totalen kunnen 1–2 fte afwijken.",
           "findings": "Bevindingen in de gepubliceerde tabel: afrondingsverschillen",
           "provenance": "Bronnen en parameters",
           "generated": "Gemaakt met sterkte {v} op {t} (UTC)."},
    "en": {"title": "Police capacity {y}: annex to the half-yearly letter",
           "intro": "Operational strength, trainees, prognosis, formatie and staff in post, "
                    "police academy, volunteers, community officers, sickness absence, norms "
                    "and commitments for {y}, in fte unless stated. Each table shows the "
                    "realisation beside the prognosis (or norm), with a note on the largest "
                    "differences. Computed on unrounded values and rounded for display, so "
                    "totals may differ by 1–2 fte.",
           "findings": "Findings in the published table: rounding differences",
           "provenance": "Sources and parameters",
           "generated": "Made with sterkte {v} on {t} (UTC)."},
}


@dataclass(frozen=True)
class Written:
    html: Path
    xlsx: Path
    markdown: Path
    csv: list[Path]


def render_annex_html(fig: Figures, sections: list[AnnexSection], lang: str) -> str:
    text = _TEXT["en" if lang == "en" else "nl"]
    env = Environment(loader=PackageLoader("sterkte.report", "templates"),
                      autoescape=select_autoescape(["html"]))
    rendered = []
    for s in sections:
        charts = [figure_div(c, f"chart-{s.id}-{i}") for i, c in enumerate(s.charts)]
        rendered.append({"id": s.id, "title": s.title, "intro": s.intro, "grids": s.grids,
                         "findings": s.findings, "charts": charts})
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    return env.get_template("annex_report.html").render(
        lang=lang, title=text["title"].format(y=fig.year), intro=text["intro"].format(
            y=fig.year), sections=rendered, findings_title=text["findings"],
        provenance=fig.sources, provenance_title=text["provenance"], plotly_js=plotly_js(),
        generated=text["generated"].format(v=__version__, t=now))


def _provenance_md(sources: list[Source]) -> str:
    return "\n".join(f"- **{s.kind}**: {s.name}" + (f" ({s.detail})" if s.detail else "")
                     for s in sources)


def write_annex(fig: Figures, sections: list[AnnexSection], out: Path, lang: str) -> Written:
    """``report-Y.html``, ``report-Y.xlsx``, ``report-Y.md`` and ``<table>.csv`` in ``out``."""
    text = _TEXT["en" if lang == "en" else "nl"]
    out.mkdir(parents=True, exist_ok=True)
    y = fig.year
    html = out / f"report-{y}.html"
    html.write_text(render_annex_html(fig, sections, lang), encoding="utf-8")
    grids = all_grids(sections)
    xlsx = write_grids(grids, out / f"report-{y}.xlsx")
    md_parts = [f"# {text['title'].format(y=y)}", "", text["intro"].format(y=y), ""]
    for i, s in enumerate(sections, start=1):
        md_parts += [f"## {i}. {s.title}", ""]
        if s.intro:
            md_parts += [s.intro, ""]
        md_parts += [to_markdown(g) for g in s.grids]
    md_parts += [f"## {text['provenance']}", "", _provenance_md(fig.sources), ""]
    md = out / f"report-{y}.md"
    md.write_text("\n".join(md_parts), encoding="utf-8")
    csvs = []
    for g in grids:
        path = out / f"{g.name}.csv"
        path.write_text(to_csv(g), encoding="utf-8")
        csvs.append(path)
    return Written(html, xlsx, md, csvs)
