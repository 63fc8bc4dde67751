"""What each page shows, as data: the API returns it as JSON, the page renders it.

A :class:`View` is grids (tables with unrounded numbers) and charts drawn from
them, plus a few headline figures. Pages and API routes both call the functions
here, so a page never shows a number its JSON twin does not have.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go

from sterkte.app.annex import Figures
from sterkte.ledger import Category, format_number
from sterkte.ledger.layouts import LAYOUTS
from sterkte.org import NATIONAL, national_police
from sterkte.report.capacity_grids import (
    balance_text,
    formatie_grid,
    formatie_units,
    prognosis_grids,
    published_grids,
)
from sterkte.report.charts import stock_flow_waterfall
from sterkte.report.grid import Grid, from_table
from sterkte.report.grid_charts import grid_bars, prognosis_lines
from sterkte.report.norm_grids import (
    commitments_grid,
    norms_overview_grid,
    status_grid,
    teams_grid,
)
from sterkte.report.tables import published_table
from sterkte.report.words import tr, unit_label


@dataclass
class View:
    title: str
    grids: list[Grid]
    charts: list[go.Figure] = field(default_factory=list)
    headline: list[tuple[str, str, str]] = field(default_factory=list)  # key, label, text
    values: dict[str, Any] = field(default_factory=dict)  # headline values, unrounded
    intro: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "intro": self.intro,
                "headline": [{"key": k, "label": lab, "text": t, "value": self.values.get(k)}
                             for k, lab, t in self.headline],
                "tables": [g.to_json() for g in self.grids],
                "charts": [json.loads(c.to_json()) for c in self.charts]}

    def grid(self, name: str) -> Grid | None:
        return next((g for g in self.grids if g.name == name), None)


def overview(fig: Figures, lang: str) -> View:
    fg = formatie_grid(fig, lang)
    os_grids = published_grids(fig, "os", lang)
    ng = norms_overview_grid(fig.norms, lang)
    members = formatie_units(fig)
    p = fig.period
    real = sum(fig.realised.closing(p, u, Category.OS) for u in members)
    formatie = fig.run.formatie_at_year_end()[(NATIONAL, fig.year)]
    nat = next(b for b in fig.run.balance if b.unit == NATIONAL)
    balance = balance_text(nat, fig.run.start, lang)
    asp = fig.realised.closing(p, NATIONAL, Category.ASP)
    values = {"bezetting": real, "formatie": formatie, "gap": real - formatie,
              "asp": asp, "balance_date": nat.date.isoformat() if nat.date else None}
    headline = [
        ("bezetting", tr(lang, f"Bezetting OS 31-12-{fig.year}", f"OS in post {fig.year}-12-31"),
         format_number(real, lang)),
        ("formatie", "Formatie", format_number(formatie, lang)),
        ("gap", tr(lang, "Bezetting − formatie", "In post − formatie"),
         format_number(real - formatie, lang, signed=True)),
        ("asp", tr(lang, "Aspiranten", "Trainees"), format_number(asp, lang)),
        ("balance_date", tr(lang, "Balansdatum (nationaal)", "Balance date (national)"),
         balance),
    ]
    table = published_table(fig.realised, LAYOUTS["os"], p, lang)
    total = next(r for r in table.rows if r.total)
    waterfall = stock_flow_waterfall(table, total)
    waterfall.update_layout(title_text=tr(
        lang, f"Operationele sterkte {fig.year}: begin → stromen → eind (nationaal)",
        f"Operational strength {fig.year}: opening → flows → closing (national)"))
    charts = [
        grid_bars(fg, ["formatie", "realised"], tr(lang, "Formatie en bezetting per eenheid",
                                                   "Formatie and staff in post per unit")),
        waterfall,
        prognosis_lines(fig.run, real, fig.year, lang),
    ]
    title = tr(lang, f"Capaciteit politie — overzicht {fig.year}",
               f"Police capacity — overview {fig.year}")
    intro = tr(lang, f"Prognose: scenario {fig.scenario.name}. Normen op "
               f"{fig.norms_on.strftime('%d-%m-%Y')}.",
               f"Prognosis: scenario {fig.scenario.name}. Norms on {fig.norms_on.isoformat()}.")
    return View(title, [fg, os_grids[1], ng], charts, headline, values, intro)


def unit_view(fig: Figures, code: str, lang: str) -> View:
    p = fig.period
    grids: list[Grid] = []
    if code in formatie_units(fig):
        grids.append(_renamed(formatie_grid(fig, lang, units=[code]), code))
    for name in ("os", "asp"):
        try:
            t = published_table(fig.realised, LAYOUTS[name], p, lang, units=[code])
        except LookupError:
            continue
        grids.append(_renamed(from_table(t), code))
    grids += prognosis_grids(fig, lang, unit=code)
    if any(s.scope == code for s in fig.norms):
        grids.append(_renamed(norms_overview_grid(fig.norms, lang, scope=code), code))
    teams = [t for t in fig.teams if t.unit == code]
    if teams:
        grids.append(_renamed(teams_grid(teams, fig.team_k, lang), code))
    real = fig.realised.closing(p, code, Category.OS)
    charts = [prognosis_lines(fig.run, real, fig.year, lang, unit=code,
                              title=tr(lang, f"Bezetting OS en formatie — {unit_label(code, lang)}",
                                       f"OS in post and formatie — {unit_label(code, lang)}"))]
    return View(unit_label(code, "nl" if lang != "en" else "en"), grids, charts,
                values={"unit": code, "os_closing": real})


def _renamed(grid: Grid, code: str) -> Grid:
    if not grid.name.endswith(f"-{code}"):
        grid.name = f"{grid.name}-{code}"
    return grid


def norms_view(fig: Figures, lang: str) -> View:
    grids = [norms_overview_grid(fig.norms, lang)]
    specs = [("volunteers", "vrijwilligers", tr(lang, "Politievrijwilligers", "Volunteers"),
              [("volunteers", "Vrijwilligers", "Volunteers"), ("os_fte", "OS (fte)", "OS (fte)")]),
             ("wijkagent", "wijkagenten", tr(lang, "Wijkagenten", "Community officers"),
              [("inhabitants", "Inwoners", "Inhabitants")]),
             ("absence", "verzuim", tr(lang, "Ziekteverzuim", "Sickness absence"), []),
             ("academy_intake", "academie-instroom", tr(lang, "Instroom politieacademie",
                                                        "Academy intake"), []),
             ("academy_graduated", "academie-afgestudeerd", tr(lang, "Afgestudeerden",
                                                               "Graduates"), [])]
    charts = []
    for norm, name, title, extra in specs:
        statuses = [s for s in fig.norms if s.norm == norm]
        if statuses:
            g = status_grid(statuses, lang, name, title, extra)
            grids.append(g)
            if norm in ("volunteers", "absence"):
                charts.append(grid_bars(g, ["value", "target"], title))
    return View(tr(lang, "Normen en doelen", "Norms and targets"), grids, charts)


def commitments_view(fig: Figures, lang: str) -> View:
    g = commitments_grid(fig.commitments, lang)
    return View(g.title, [g])


def units_list(fig: Figures, lang: str) -> list[dict[str, Any]]:
    tree = national_police()
    with_f = set(formatie_units(fig))
    return [{"code": c, "name": tree[c].label(lang), "kind": tree[c].kind.value,
             "has_formatie": c in with_f}
            for c in tree.children(NATIONAL)]


def dumps(payload: dict[str, Any]) -> bytes:
    """JSON for the API (NaN, which JSON lacks, becomes null)."""
    return json.dumps(_clean(payload), ensure_ascii=False, default=str).encode("utf-8")


def _clean(x: Any) -> Any:
    if isinstance(x, float) and x != x:
        return None
    if isinstance(x, dict):
        return {str(k): _clean(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_clean(v) for v in x]
    return x
