"""What the monitor pages show, as data (the pages render it, the API returns it): the
diversity monitor and the earmarks of the figures' year, and one team's dashboard."""

from __future__ import annotations

from sterkte.app.annex import Figures
from sterkte.norms.team_dashboard import TeamDashboard
from sterkte.report.annex import earmarks_synthetic
from sterkte.report.diversity_tables import monitor_tables
from sterkte.report.labels import day_text, term, unit_label
from sterkte.report.monitor_tables import (
    dashboard_tables,
    earmark_table,
    understaffing_table,
)
from sterkte.report.table_charts import table_bars
from sterkte.web.views import View


def diversity_view(fig: Figures, lang: str) -> View:
    """Every population and dimension of the year, with the trend of the groups in focus;
    a chart of the share of each focus group against its target in the intake."""
    title = term("annex.diversity", lang)
    m = fig.diversity
    if m is None:
        return View(title, [], intro=term("web.diversity_none", lang), lang=lang)
    tables = [t.mark_synthetic(fig.synthetic) for t in monitor_tables(m, lang)]
    charts = []
    for t in tables:
        shares = [c.key for c in t.columns if c.key.startswith(("share_", "target_"))]
        if shares and t.name.startswith("diversiteit-intake-"):
            charts.append(table_bars(t, shares, t.title))
    return View(title, tables, charts, values={"year": m.year, "k": m.k},
                intro=term("annex.diversity_intro", lang, k=m.k), lang=lang)


def earmarks_view(fig: Figures, lang: str) -> View:
    title = term("earmarks.section", lang)
    r = fig.earmarks
    if r is None:
        return View(title, [], lang=lang)
    et = earmark_table(r.statuses, r.on, lang).mark_synthetic(earmarks_synthetic(fig))
    ut = understaffing_table(r.understaffing, r.understaffing_bundled, lang)
    charts = [table_bars(et, ["earmarked", "bezetting"], title),
              table_bars(ut, ["percent"], ut.title, label_column=1)]
    return View(title, [et, ut], charts, values={"on": r.on.isoformat()}, lang=lang)


def team_view(d: TeamDashboard, lang: str, synthetic: tuple[str, ...] = ()) -> View:
    """``synthetic``: the kinds of synthetic input the team's HR figures rest on."""
    tables = dashboard_tables(d, lang, synthetic)
    charts = []
    survey = next((t for t in tables if t.name.endswith("-enquete")), None)
    if survey is not None and survey.rows:
        charts.append(table_bars(survey, [c.key for c in survey.columns[1:]], survey.title))
    return View(term("team.title", lang, team=d.team), tables, charts,
                values={"team": d.team, "unit": d.unit, "district": d.district, "k": d.k,
                        "on": d.on.isoformat()},
                intro=term("team.intro", lang, unit=unit_label(d.unit, lang),
                           district=d.district, date=day_text(d.on, lang)), lang=lang)
