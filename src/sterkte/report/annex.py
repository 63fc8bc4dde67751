"""The capacity annex of the half-yearly letter: its sections, in the letter's order.

Each section holds grids (numbers from the ledger, the forecast run and the norms,
unrounded) with a one-line explanation each, and charts drawn from those grids.
Renderers: :mod:`sterkte.report.annex_render` (HTML, XLSX, Markdown, CSV).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go

from sterkte.app.annex import Figures
from sterkte.ledger import CLOSING, OPENING, Category, format_number
from sterkte.ledger.layouts import LAYOUTS
from sterkte.norms.status import NormStatus
from sterkte.org import NATIONAL
from sterkte.report.capacity_grids import (
    academy_grid,
    formatie_grid,
    formatie_units,
    prognosis_grids,
    published_grids,
    volunteer_grid,
)
from sterkte.report.charts import stock_flow_waterfall
from sterkte.report.grid import Grid
from sterkte.report.grid_charts import grid_bars, prognosis_lines
from sterkte.report.hr_grids import hr_comparison_grids
from sterkte.report.norm_grids import commitments_grid, norms_overview_grid, status_grid
from sterkte.report.tables import published_table
from sterkte.report.words import tr


@dataclass
class AnnexSection:
    id: str
    title: str
    grids: list[Grid]
    charts: list[go.Figure] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    intro: str = ""


def _findings(fig: Figures, cat: Category, lang: str) -> list[str]:
    return [f"{i.unit} · {i.column} · {i.check}: {format_number(i.found, lang)} ≠ "
            f"{format_number(i.expected, lang)} ({format_number(i.difference, lang, signed=True)})"
            for i in fig.findings.get(cat, [])]


def _norm(fig: Figures, norm: str) -> list[NormStatus]:
    return [s for s in fig.norms if s.norm == norm]


def build_annex(fig: Figures, lang: str = "nl") -> list[AnnexSection]:
    y = fig.year
    out: list[AnnexSection] = []
    for name, cat, sid in (("os", Category.OS, "operationele-sterkte"),
                           ("asp", Category.ASP, "aspiranten")):
        layout = LAYOUTS[name]
        try:
            grids = published_grids(fig, name, lang)
        except LookupError:
            continue
        table = published_table(fig.realised, layout, fig.period, lang)
        total = next(r for r in table.rows if r.total)
        waterfall = stock_flow_waterfall(table, total)
        waterfall.update_layout(title_text=tr(
            lang, f"{total.label}: bezetting begin {y} → stromen → bezetting eind",
            f"{total.label}: opening {y} → flows → closing"))
        charts = [waterfall,
                  grid_bars(grids[1], ["realised", "prognosis"],
                            tr(lang, "Realisatie en prognose per stroom (nationaal)",
                               "Realised and prognosis per flow (national)"),
                            skip_totals=False, skip_keys=(OPENING, CLOSING))]
        title = (tr(lang, "Operationele sterkte per eenheid", "Operational strength per unit")
                 if name == "os" else tr(lang, "Aspiranten per eenheid", "Trainees per unit"))
        out.append(AnnexSection(sid, title, grids, charts, _findings(fig, cat, lang)))

    hr_grids = hr_comparison_grids(fig, lang)
    if hr_grids:
        out.append(AnnexSection(
            "hr", tr(lang, f"Gepubliceerd en uit HR-gegevens afgeleid, {y}",
                     f"Published and derived from HR records, {y}"), hr_grids, [],
            intro=tr(lang, "De tabellen 1 en 2 zoals gepubliceerd, naast dezelfde cijfers "
                           "afgeleid uit de personeelsadministratie in de store.",
                     "Tables 1 and 2 as published, beside the same figures derived from the "
                     "personnel records in the store.")))

    prog = prognosis_grids(fig, lang)
    members = formatie_units(fig)
    realised = sum(fig.realised.closing(fig.period, u, Category.OS) for u in members)
    out.append(AnnexSection(
        "prognose", tr(lang, f"Meerjarige prognose {y}–{fig.run.periods[-1].year}",
                       f"Multi-year prognosis {y}–{fig.run.periods[-1].year}"), prog,
        [prognosis_lines(fig.run, realised, y, lang)],
        intro=f"Scenario {fig.scenario.name}: {fig.scenario.describe(lang)}"))

    fg = formatie_grid(fig, lang)
    out.append(AnnexSection(
        "formatie-bezetting", tr(lang, "Formatie en bezetting", "Formatie and staff in post"),
        [fg],
        [grid_bars(fg, ["formatie", "realised", "prognosis"],
                   tr(lang, "Formatie en bezetting per eenheid", "Formatie and staff in post"))]))

    ag = academy_grid(fig, lang)
    out.append(AnnexSection(
        "politieonderwijs", tr(lang, "Politieonderwijs", "Police academy"), [ag],
        [grid_bars(ag, ["intake_realised", "intake_prognosis", "graduated_in_realised",
                        "graduated_in_prognosis"],
                   tr(lang, "Instroom en afgestudeerden per eenheid",
                      "Intake and graduates per unit"))]))

    specs = [
        ("volunteers", "vrijwilligers", tr(lang, "Politievrijwilligers", "Police volunteers"),
         [("volunteers", "Vrijwilligers (personen)", "Volunteers (persons)"),
          ("os_fte", "OS (fte)", "OS (fte)")]),
        ("wijkagent", "wijkagenten", tr(lang, "Wijkagenten: 1 per 5.000 inwoners",
                                        "Community officers: 1 per 5,000 inhabitants"),
         [("inhabitants", "Inwoners", "Inhabitants")]),
        ("absence", "verzuim", tr(lang, "Ziekteverzuim (12-maands voortschrijdend)",
                                  "Sickness absence (12-month moving average)"), []),
    ]
    for norm, sid, title, extra in specs:
        g = status_grid(_norm(fig, norm), lang, sid, title, extra)
        charts = [grid_bars(g, ["value", "target"], title)] if g.rows else []
        grids = [g]
        flows = volunteer_grid(fig, lang) if norm == "volunteers" else None
        if flows is not None:
            grids.insert(0, flows)
        out.append(AnnexSection(sid, title, grids, charts))

    ng = norms_overview_grid(fig.norms, lang)
    out.append(AnnexSection("normen", tr(lang, "Normen en doelen", "Norms and targets"), [ng]))
    cg = commitments_grid(fig.commitments, lang)
    out.append(AnnexSection("toezeggingen", tr(lang, "Toezeggingen en moties",
                                               "Commitments and motions"), [cg]))
    return out


def all_grids(sections: list[AnnexSection]) -> list[Grid]:
    return [g for s in sections for g in s.grids]


__all__ = ["NATIONAL", "AnnexSection", "all_grids", "build_annex"]
