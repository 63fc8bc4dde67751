"""The annex written out: one self-contained HTML page, one XLSX, Markdown, CSV per table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sterkte import __version__
from sterkte.app.annex import Figures, Source
from sterkte.report.annex import AnnexSection, all_tables, synthetic_sections
from sterkte.report.charts import figure_div, plotly_js
from sterkte.report.csv_out import to_csv
from sterkte.report.html import environment
from sterkte.report.labels import CATALOGUE, synthetic_notice, term
from sterkte.report.markdown import to_markdown
from sterkte.report.xlsx import write_xlsx


@dataclass(frozen=True)
class Written:
    html: Path
    xlsx: Path
    markdown: Path
    csv: list[Path]


def synthetic_banner(sections: list[AnnexSection], lang: str) -> str:
    """The notice at the head and foot of the annex when any of its figures are synthetic,
    naming the sections concerned; empty when none is."""
    chosen = synthetic_sections(sections)
    if not chosen:
        return ""
    kinds = tuple(dict.fromkeys(k for s in chosen for t in s.tables for k in t.synthetic))
    numbers = {s.id: i for i, s in enumerate(sections, start=1)}
    names = ", ".join(f"{numbers[s.id]}. {s.title}" for s in chosen)
    return (synthetic_notice(kinds, lang) + " "
            + term("report.synthetic_sections", lang, sections=names))


def source_kind(kind: str, lang: str) -> str:
    """A provenance entry's kind in ``lang`` ('gepubliceerde tabel', 'HR-gegevens', …)."""
    key = "source." + kind.replace(" ", "_")
    return term(key, lang) if key in CATALOGUE else kind


def render_annex_html(fig: Figures, sections: list[AnnexSection], lang: str) -> str:
    rendered = []
    for s in sections:
        charts = [figure_div(c, f"chart-{s.id}-{i}") for i, c in enumerate(s.charts)]
        rendered.append({"id": s.id, "title": s.title, "intro": s.intro, "tables": s.tables,
                         "findings": s.findings, "charts": charts})
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    provenance = [Source(source_kind(p.kind, lang), p.name, p.detail) for p in fig.sources]
    return environment().get_template("annex_report.html").render(
        lang=lang, title=term("report.title", lang, y=fig.year),
        intro=term("report.intro", lang, y=fig.year), sections=rendered,
        findings_title=term("report.findings", lang), provenance=provenance,
        provenance_title=term("report.sources", lang), plotly_js=plotly_js(),
        generated=term("report.generated", lang, v=__version__, t=now),
        synthetic=synthetic_banner(sections, lang))


def _provenance_md(sources: list[Source], lang: str) -> str:
    return "\n".join(f"- **{source_kind(s.kind, lang)}**: {s.name}"
                     + (f" ({s.detail})" if s.detail else "") for s in sources)


def write_annex(fig: Figures, sections: list[AnnexSection], out: Path, lang: str) -> Written:
    """``report-Y.html``, ``report-Y.xlsx``, ``report-Y.md`` and ``<table>.csv`` in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    y = fig.year
    html = out / f"report-{y}.html"
    html.write_text(render_annex_html(fig, sections, lang), encoding="utf-8")
    tables = all_tables(sections)
    xlsx = write_xlsx(tables, out / f"report-{y}.xlsx")
    banner = synthetic_banner(sections, lang)
    md_parts = [f"# {term('report.title', lang, y=y)}", ""]
    if banner:
        md_parts += [f"> **{banner}**", ""]
    md_parts += [term("report.intro", lang, y=y), ""]
    for i, s in enumerate(sections, start=1):
        md_parts += [f"## {i}. {s.title}", ""]
        if s.intro:
            md_parts += [s.intro, ""]
        md_parts += [to_markdown(t) for t in s.tables]
    md_parts += [f"## {term('report.sources', lang)}", "", _provenance_md(fig.sources, lang), ""]
    if banner:
        md_parts += [f"> **{banner}**", ""]
    md = out / f"report-{y}.md"
    md.write_text("\n".join(md_parts), encoding="utf-8")
    csvs = []
    for t in tables:
        path = out / f"{t.name}.csv"
        path.write_text(to_csv(t), encoding="utf-8")
        csvs.append(path)
    return Written(html, xlsx, md, csvs)
