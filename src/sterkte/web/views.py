"""What each page shows, as data: the API returns it as JSON, the page renders it.

A :class:`View` is report tables (:class:`~sterkte.report.table.Table`, unrounded
numbers) and charts drawn from them, plus a few headline figures. Pages and API routes
both call the functions here, so a page never shows a number its JSON twin does not have.
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
from sterkte.report.annex import commitments_synthetic, start_note
from sterkte.report.capacity_tables import (
    balance_text,
    formatie_table,
    formatie_units,
    prognosis_tables,
    published_tables,
)
from sterkte.report.charts import prognosis_lines, stock_flow_waterfall
from sterkte.report.labels import day_text, synthetic_notice, term, unit_label
from sterkte.report.norm_tables import (
    commitments_table,
    norms_overview_table,
    status_table,
    teams_table,
)
from sterkte.report.published import published_table
from sterkte.report.table import Table
from sterkte.report.table_charts import table_bars


@dataclass
class View:
    title: str
    grids: list[Table]
    charts: list[go.Figure] = field(default_factory=list)
    headline: list[tuple[str, str, str]] = field(default_factory=list)  # key, label, text
    values: dict[str, Any] = field(default_factory=dict)  # headline values, unrounded
    intro: str = ""
    notes: list[str] = field(default_factory=list)  # said under the headline figures
    lang: str = "nl"
    # synthetic inputs the page rests on besides its tables' (a chart, a headline)
    extra_synthetic: tuple[str, ...] = ()

    @property
    def synthetic(self) -> tuple[str, ...]:
        """What of the page's figures is synthetic: its tables' and its own."""
        return tuple(dict.fromkeys([*(k for g in self.grids for k in g.synthetic),
                                    *self.extra_synthetic]))

    @property
    def synthetic_notice(self) -> str:
        """The banner the page shows (empty for a page on real data only)."""
        return synthetic_notice(self.synthetic, self.lang)

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "intro": self.intro, "notes": self.notes,
                "synthetic": bool(self.synthetic), "synthetic_notice": self.synthetic_notice,
                "headline": [{"key": k, "label": lab, "text": t, "value": self.values.get(k)}
                             for k, lab, t in self.headline],
                "tables": [g.to_json() for g in self.grids],
                "charts": [json.loads(c.to_json()) for c in self.charts]}

    def grid(self, name: str) -> Table | None:
        return next((g for g in self.grids if g.name == name), None)


def overview(fig: Figures, lang: str) -> View:
    ft = formatie_table(fig, lang)
    os_tables = published_tables(fig, "os", lang)
    nt = norms_overview_table(fig.norms, lang).mark_synthetic(fig.synthetic)
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
        ("bezetting", term("web.os_in_post_on", lang, year=fig.year), format_number(real, lang)),
        ("formatie", term("formatie", lang), format_number(formatie, lang)),
        ("gap", term("in_post_minus_formatie", lang),
         format_number(real - formatie, lang, signed=True)),
        ("asp", term("trainees", lang), format_number(asp, lang)),
        ("balance_date", term("web.balance_date_national", lang), balance),
    ]
    waterfall = stock_flow_waterfall(os_tables[0], NATIONAL, LAYOUTS["os"])
    waterfall.update_layout(title_text=term("web.waterfall", lang, year=fig.year))
    charts = [
        table_bars(ft, ["realised"], term("web.formatie_chart", lang), references=["formatie"]),
        waterfall,
        prognosis_lines([fig.run], lang, realised=real, year=fig.year),
    ]
    intro = term("web.overview_intro", lang, scenario=fig.scenario.name,
                 date=day_text(fig.norms_on, lang)) + start_note(fig, lang)
    return View(term("web.overview_title", lang, year=fig.year), [ft, os_tables[1], nt],
                charts, headline, values, intro, [_totals_note(fig, members, real, lang)],
                lang=lang)


def _totals_note(fig: Figures, members: list[str], cards: float, lang: str) -> str:
    """Why the cards' national OS differs from Tabel 1's: the cards compare with the
    formatie, which only the units with a formatie have; Tabel 1 counts every part."""
    tree = national_police()
    parts = tree.children(NATIONAL)
    table = fig.realised.closing(fig.period, NATIONAL, Category.OS)
    others = [tree[c].label(lang) for c in parts if c not in members]
    return term("web.totals_note", lang, n=len(members), cards=format_number(cards, lang),
                all=len(parts), table=format_number(table, lang),
                diff=format_number(table - cards, lang), others=", ".join(others))


def unit_view(fig: Figures, code: str, lang: str) -> View:
    p = fig.period
    tables: list[Table] = []
    if code in formatie_units(fig):
        tables.append(_renamed(formatie_table(fig, lang, units=[code]), code))
    for name in ("os", "asp"):
        try:
            t = published_table(fig.realised, LAYOUTS[name], p, lang, units=[code])
        except LookupError:
            continue
        tables.append(_renamed(t, code))
    tables += prognosis_tables(fig, lang, unit=code)
    if any(s.scope == code for s in fig.norms):
        tables.append(_renamed(norms_overview_table(fig.norms, lang, scope=code), code)
                      .mark_synthetic(fig.synthetic))
    teams = [t for t in fig.teams if t.unit == code]
    if teams:
        tables.append(_renamed(teams_table(teams, fig.team_k, lang), code)
                      .mark_synthetic(fig.synthetic))
    real = fig.realised.closing(p, code, Category.OS)
    charts = [prognosis_lines([fig.run], lang, unit=code, realised=real, year=fig.year,
                              title=term("chart.os_and_formatie_unit", lang,
                                         unit=unit_label(code, lang)))]
    return View(unit_label(code, lang), tables, charts, values={"unit": code, "os_closing": real},
                lang=lang)


def _renamed(table: Table, code: str) -> Table:
    if not table.name.endswith(f"-{code}"):
        table.name = f"{table.name}-{code}"
    return table


# The norm tables of the norms page: norm, table name, title term, detail columns.
NORM_TABLES = (
    ("volunteers", "vrijwilligers", "web.volunteers",
     (("volunteers", "volunteers"), ("os_fte", "os_fte"))),
    ("wijkagent", "wijkagenten", "web.wijkagent", (("inhabitants", "inhabitants"),)),
    ("absence", "verzuim", "web.absence", (("long_sick_persons", "absence.long_sick"),)),
    ("academy_intake", "academie-instroom", "web.academy_intake", ()),
    ("academy_graduated", "academie-afgestudeerd", "web.graduates", ()),
)


def norms_view(fig: Figures, lang: str) -> View:
    """Every norm; all are judged on the HR records (or unknown without them)."""
    tables = [norms_overview_table(fig.norms, lang)]
    charts = []
    for norm, name, title_term, extra in NORM_TABLES:
        statuses = [s for s in fig.norms if s.norm == norm]
        if statuses:
            title = term(title_term, lang)
            t = status_table(statuses, lang, name, title, extra,
                             small=("long_sick_persons",), k=fig.team_k)
            t.mark_synthetic(fig.synthetic if any(s.from_records for s in statuses) else ())
            tables.append(t)
            if norm in ("volunteers", "absence"):
                charts.append(table_bars(t, ["value"], title, references=["target"]))
    tables[0].mark_synthetic(fig.synthetic if any(s.from_records for s in fig.norms) else ())
    return View(term("annex.norms", lang), tables, charts, lang=lang)


def commitments_view(fig: Figures, lang: str) -> View:
    t = commitments_table(fig.commitments, lang, title=term("annex.commitments_title", lang),
                          decisions=fig.decisions).mark_synthetic(commitments_synthetic(fig))
    return View(t.title, [t], lang=lang)


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
