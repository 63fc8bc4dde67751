"""The capacity annex of the half-yearly letter: its sections, in the letter's order.

Each section holds tables (numbers from the ledger, the forecast run and the norms,
unrounded) with a one-line explanation each, and charts drawn from those tables.
Writers: :mod:`sterkte.report.annex_render` (HTML, XLSX, Markdown, CSV).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go

from sterkte.app.annex import Figures
from sterkte.forecast import scenario_start
from sterkte.ledger import CLOSING, OPENING, Category, format_number
from sterkte.ledger.layouts import LAYOUTS
from sterkte.norms.status import NormStatus
from sterkte.org import NATIONAL
from sterkte.report.capacity_tables import (
    academy_table,
    formatie_table,
    formatie_units,
    prognosis_tables,
    published_tables,
    volunteer_table,
)
from sterkte.report.charts import prognosis_lines, stock_flow_waterfall
from sterkte.report.diversity_tables import monitor_tables
from sterkte.report.hr_tables import hr_comparison_tables
from sterkte.report.labels import term
from sterkte.report.monitor_tables import (
    earmark_table,
    understaffing_table,
    volunteer_type_tables,
)
from sterkte.report.norm_tables import commitments_table, norms_overview_table, status_table
from sterkte.report.police_tables import academy_police_table, police_prognosis_tables
from sterkte.report.table import Table
from sterkte.report.table_charts import table_bars


@dataclass
class AnnexSection:
    id: str
    title: str
    tables: list[Table]
    charts: list[go.Figure] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    intro: str = ""


def _findings(fig: Figures, cat: Category, lang: str) -> list[str]:
    return [f"{i.unit} · {i.column} · {i.check}: {format_number(i.found, lang)} ≠ "
            f"{format_number(i.expected, lang)} ({format_number(i.difference, lang, signed=True)})"
            for i in fig.findings.get(cat, [])]


def _norm(fig: Figures, norm: str) -> list[NormStatus]:
    return [s for s in fig.norms if s.norm == norm]


# The norm sections: norm, section id, title term, detail columns (detail key, header term).
NORM_SECTIONS = (
    ("volunteers", "vrijwilligers", "annex.volunteers",
     (("volunteers", "volunteers_persons"), ("os_fte", "os_fte"))),
    ("wijkagent", "wijkagenten", "annex.wijkagent", (("inhabitants", "inhabitants"),)),
    ("absence", "verzuim", "annex.absence", (("long_sick_persons", "absence.long_sick"),)),
)
# Detail columns that count people: 1 to k−1 of them is a figure about a small group.
PERSON_COUNTS = ("long_sick_persons",)


def build_annex(fig: Figures, lang: str = "nl") -> list[AnnexSection]:
    y = fig.year
    out: list[AnnexSection] = []
    for name, cat, sid in (("os", Category.OS, "operationele-sterkte"),
                           ("asp", Category.ASP, "aspiranten")):
        try:
            tables = published_tables(fig, name, lang)
        except LookupError:
            continue
        waterfall = stock_flow_waterfall(tables[0], NATIONAL, LAYOUTS[name])
        total = tables[0].value(NATIONAL, "unit")
        waterfall.update_layout(title_text=term("annex.waterfall", lang, total=total, year=y))
        charts = [waterfall,
                  table_bars(tables[1], ["realised", "prognosis"],
                             term("annex.flows_chart", lang), skip_totals=False,
                             skip_keys=(OPENING, CLOSING))]
        out.append(AnnexSection(sid, term(f"annex.{name}_per_unit", lang), tables, charts,
                                _findings(fig, cat, lang)))

    hr_tables = hr_comparison_tables(fig, lang)
    if hr_tables:
        out.append(AnnexSection("hr", term("annex.hr", lang, year=y), hr_tables, [],
                                intro=term("annex.hr_intro", lang)))

    prog = [*police_prognosis_tables(fig, lang), *prognosis_tables(fig, lang)]
    members = formatie_units(fig)
    realised = sum(fig.realised.closing(fig.period, u, Category.OS) for u in members)
    out.append(AnnexSection(
        "prognose", term("annex.prognosis", lang, year=y, last=fig.run.periods[-1].year), prog,
        [prognosis_lines([fig.run], lang, realised=realised, year=y)],
        intro=term("annex.scenario_intro", lang, name=fig.scenario.name,
                   description=fig.scenario.describe(lang)) + start_note(fig, lang)))

    ft = formatie_table(fig, lang)
    out.append(AnnexSection(
        "formatie-bezetting", term("annex.formatie", lang), [ft],
        [table_bars(ft, ["realised", "prognosis"], term("annex.formatie_chart", lang),
                    references=["formatie"])]))

    at = academy_table(fig, lang)
    police_academy = academy_police_table(fig, lang)
    out.append(AnnexSection(
        "politieonderwijs", term("annex.academy", lang),
        [*([police_academy] if police_academy is not None else []), at],
        [table_bars(at, ["intake_realised", "intake_prognosis", "graduated_in_realised",
                         "graduated_in_prognosis"], term("annex.academy_chart", lang))]))

    for norm, sid, title_term, extra in NORM_SECTIONS:
        title = term(title_term, lang)
        st = status_table(_norm(fig, norm), lang, sid, title, extra, small=PERSON_COUNTS,
                          k=fig.team_k)
        charts = [table_bars(st, ["value"], title, references=["target"])] if st.rows else []
        tables = [st]
        flows = volunteer_table(fig, lang) if norm == "volunteers" else None
        if flows is not None:
            tables.insert(0, flows)
        if norm == "volunteers" and fig.volunteer_types:
            tables[1:1] = volunteer_type_tables(
                fig.volunteer_types, y, *fig.volunteer_target, lang, _volunteer_flows(fig))
        intro = (term("annex.absence_intro", lang, long=term("absence.long_sick", lang))
                 if norm == "absence" else "")
        out.append(AnnexSection(sid, title, tables, charts, intro=intro))

    if fig.earmarks is not None:
        et = earmark_table(fig.earmarks.statuses, fig.earmarks.on, lang).mark_synthetic(
            earmarks_synthetic(fig))
        out.append(AnnexSection("geoormerkte-capaciteit", term("earmarks.section", lang), [
            et, understaffing_table(fig.earmarks.understaffing,
                                    fig.earmarks.understaffing_bundled, lang)],
            [table_bars(et, ["earmarked", "bezetting"], term("earmarks.section", lang))]))
    if fig.diversity is not None:
        out.append(AnnexSection("diversiteit", term("annex.diversity", lang), monitor_tables(
            fig.diversity, lang, dimensions=("gender", "background")),
            intro=term("annex.diversity_intro", lang, k=fig.diversity.k)))
    out.append(AnnexSection("normen", term("annex.norms", lang),
                            [norms_overview_table(fig.norms, lang)]))
    out.append(AnnexSection("toezeggingen", term("commitments.title", lang), [
        commitments_table(fig.commitments, lang, title=term("annex.commitments_title", lang),
                          decisions=fig.decisions)]))
    _mark_synthetic(fig, out)
    return out


def _volunteer_flows(fig: Figures) -> dict[str, float] | None:
    """The national volunteer stock and flows of the year (persons), from the HR ledger."""
    led = fig.volunteers
    if led is None:
        return None
    p, cat = fig.period, Category.VOLUNTEER
    units = led.units()
    out = {"opening": sum(led.opening(p, u, cat) for u in units),
           "closing": sum(led.closing(p, u, cat) for u in units)}
    for f in ("intake", "outflow", "from_professional", "to_professional"):
        out[f] = sum(led.get(p, u, cat, f) for u in units)
    return out


def start_note(fig: Figures, lang: str) -> str:
    """When the scenario itself starts elsewhere than the reported year's opening stocks:
    the annex (and the dashboard) start there on purpose, and say so."""
    spec = scenario_start(fig.scenario)
    if spec.stocks == "published" and spec.at == "opening" and spec.year == fig.year:
        return ""
    return " " + term("annex.start_differs", lang, scenario=fig.scenario.name, year=fig.year)
# Sections whose figures rest on the HR records (the norms are judged on them, the
# volunteers, the HR comparison and the diversity monitor are read from them): synthetic
# when the records are. The register and the earmarks rest on them only where the figures
# decide a status or give a bezetting (commitments_synthetic, earmarks_synthetic).
HR_SECTIONS = ("hr", "vrijwilligers", "wijkagenten", "verzuim", "normen", "diversiteit")


def commitments_synthetic(fig: Figures) -> tuple[str, ...]:
    """What of the register is synthetic: the HR records' kinds when the figures decide a
    status (the analyst's readings are not)."""
    return fig.synthetic if any(d.by_data for d in fig.decisions) else ()


def earmarks_synthetic(fig: Figures) -> tuple[str, ...]:
    """What of the earmark table is synthetic: the HR records' kinds when a bezetting is
    read from the HR functions."""
    statuses = fig.earmarks.statuses if fig.earmarks is not None else []
    from_hr = any(s.earmark.from_hr and s.bezetting is not None for s in statuses)
    return fig.synthetic if from_hr else ()


def _mark_synthetic(fig: Figures, sections: list[AnnexSection]) -> None:
    for s in sections:
        if s.id == "toezeggingen":
            for t in s.tables:
                t.mark_synthetic(commitments_synthetic(fig))
        elif s.id in HR_SECTIONS and fig.synthetic:
            for t in s.tables:
                t.mark_synthetic(fig.synthetic)


def synthetic_sections(sections: list[AnnexSection]) -> list[AnnexSection]:
    """The sections with a table whose figures are synthetic."""
    return [s for s in sections if any(t.synthetic for t in s.tables)]


def all_tables(sections: list[AnnexSection]) -> list[Table]:
    return [t for s in sections for t in s.tables]


__all__ = ["HR_SECTIONS", "AnnexSection", "all_tables", "build_annex", "commitments_synthetic",
           "earmarks_synthetic", "synthetic_sections"]
