"""The CM-tafel on the dashboard: demand vs supply per team and week, short hours, options.

The figures come from :func:`sterkte.app.capacity.cm_tafel`, the function behind
`sterkte capacity`, on the same inputs the CLI reads by default: staff on the
latest HR date, the Monday after it, synthetic incident history (seed 1), the weeks
of history of the parameter ``demand_history_weeks``. With ``anticipation`` the stored
anticipation run's preventive presence is added as planned work
(:mod:`sterkte.anticipate.demand_blocks`), on the days of the run's forecast period only:
a plan says nothing about other weeks, so a run that forecasts none of the days adds
nothing and the page says so. A run NOT FIT FOR USE counts only when it was saved under
an override (:func:`sterkte.app.capacity.plan_use`, as `sterkte capacity`); the page shows
the override's reason, or that the run is not counted.

Small groups: demand is incident workload and planned work, not a figure about
persons. Supply (and what follows from it: the gap, the neighbourhood hours and
share) is the sum of a team's contract hours, so it is shown only for teams of
at least k persons (the norms' small-cell rule, :func:`protect_rates`, with its
complementary hiding within a district); otherwise ``×``.
"""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from sterkte.app.capacity import CapacityInputs, Presence, cm_tafel, hidden_teams, presence
from sterkte.ledger import format_number
from sterkte.norms.status import figure
from sterkte.parameters import ParameterSet
from sterkte.report.charts import COLOURS, layout
from sterkte.report.labels import day_text, term, weekday
from sterkte.report.table import Column, Table
from sterkte.store.anticipation import AnticipationRun
from sterkte.web.views import View

HIDDEN = "×"
DEFAULT_TEAMS = 3


def page_presence(inputs: CapacityInputs, weeks: int) -> Presence | None:
    """The latest run's plan on the planning weeks; None when no run is stored."""
    if inputs.run is None:
        return None
    return presence(inputs.run, inputs.first, weeks, inputs.teams)


def _slot(slot: int, lang: str) -> str:
    """Hour-of-week slot as 'Mon 14:00' (English) or 'ma 14:00'."""
    return f"{weekday(slot // 24, lang)} {slot % 24:02d}:00"


def _iso_week(day: dt.date) -> str:
    return f"{day:%G-W%V}"


def _presence_text(run: AnticipationRun, pres: Presence, inputs: CapacityInputs,
                   weeks: int, lang: str) -> str:
    """What the page says about the run: its period and on how many days it was applied,
    or that it forecasts none of these weeks and so adds nothing."""
    if not pres.use.may_plan:
        return term("capacity.run_refused_page", lang, run=run.run_id, model=run.model)
    a = day_text(pres.period[0], lang)
    b = day_text(pres.period[1] - dt.timedelta(days=1), lang)
    total = 7 * weeks
    if not pres.days:
        return term("capacity.run_outside", lang, run=run.run_id, model=run.model, a=a, b=b,
                    at=inputs.first.isoformat())
    x, y = day_text(pres.days[0], lang), day_text(pres.days[-1], lang)
    n = len(pres.days)
    text = term("capacity.run_included", lang, run=run.run_id, model=run.model, a=a, b=b)
    text += (term("capacity.on_all_days", lang, total=total) if n == total else
             term("capacity.on_some_days", lang, n=n, total=total, x=x, y=y))
    unknown = pres.unknown_areas
    if unknown:
        text += term("capacity.areas_left_out", lang, areas=", ".join(unknown))
    if pres.use.override is not None:
        text += term("capacity.run_override_page", lang, reason=pres.use.override)
    return text


def capacity_page_view(inputs: CapacityInputs, teams: list[str], weeks: int,
                       anticipation: bool, k: int, lang: str, params: ParameterSet) -> View:
    """The CM-tafel of ``teams``; ``params`` the bundled parameters with their overrides,
    read once by the caller."""
    pres = page_presence(inputs, weeks) if anticipation else None
    cm = cm_tafel(inputs.staff, inputs.absence, teams, inputs.first, weeks,
                  params, extra_blocks=pres.blocks if pres is not None else [])
    weekly = pres.weekly_hours(inputs.first, weeks) if pres is not None else {}
    hidden = hidden_teams(cm, k)
    tables: list[Table] = []
    chart = go.Figure()
    not_shown = term("capacity.not_shown", lang)
    for n, (team, g) in enumerate(cm.gaps.items()):
        secret = team in hidden
        preventive = weekly.get(team, [0.0] * weeks)
        cols = [Column("week", term("week", lang), "text"),
                Column("demand", term("capacity.demand", lang)),
                Column("preventive", term("capacity.preventive", lang), decimals=1),
                Column("supply", term("capacity.supply", lang)),
                Column("gap", term("capacity.gap", lang), signed=True),
                Column("wijk", term("capacity.wijk", lang)),
                Column("wijk_share", term("capacity.wijk_share", lang), "percent", 0)]
        weeks_t = Table(f"capaciteit-{team}", term("capacity.weeks_title", lang, team=team,
                                                   district=g.district), cols, lang=lang)
        for wk in g.weeks:
            share = wk.neighbourhood_share_if_filled(cm.neighbourhood_share)
            monday = cm.first + dt.timedelta(weeks=wk.week)
            weeks_t.add(_iso_week(monday), [
                _iso_week(monday), wk.demand, preventive[wk.week],
                HIDDEN if secret else wk.supply, HIDDEN if secret else wk.gap,
                HIDDEN if secret else wk.neighbourhood_supply,
                HIDDEN if secret else (None if share is None else 100 * share)])
        relief = format_number(g.relief_factor, lang, 2)
        p_free = format_number(cm.settings.p_free, lang, 2)
        weeks_t.notes = [term("capacity.erlang", lang, officers=f"{g.erlang_officers_peak:.0f}",
                              p=p_free, relief=relief)]
        if secret:
            weeks_t.notes.append(term("capacity.supply_hidden", lang, k=k))
        tables.append(weeks_t)
        short = Table(f"tekort-{team}", term("capacity.short_title", lang, team=team),
                      [Column("hours", term("capacity.hours_week", lang), "text"),
                       Column("short", term("capacity.short_by", lang), decimals=1)],
                      lang=lang, explanation=not_shown if secret else "")
        if not secret:
            for s in g.short_hours:
                short.add(f"slot-{s.first_slot}", [
                    f"{_slot(s.first_slot, lang)}–{(s.last_slot + 1) % 24:02d}:00", s.peak_short])
        tables.append(short)
        options = Table(f"opties-{team}", term("capacity.options_title", lang, team=team),
                        [Column("week", "Week", "text"),
                         Column("option", term("capacity.option", lang), "text"),
                         Column("source", term("capacity.from", lang), "text"),
                         Column("hours", term("hours", lang)),
                         Column("shifts", term("capacity.shifts", lang,
                                               hours=figure(cm.shift_hours, lang))),
                         Column("gap_after", term("capacity.gap_after", lang), signed=True)],
                        lang=lang, explanation=(
                            not_shown if secret else
                            term("capacity.no_shortfall", lang) if not g.options else ""))
        for i, o in enumerate(g.options if not secret else []):
            kind = term("capacity.solidarity" if o.kind == "solidarity"
                        else "capacity.across_district", lang)
            # hours moved from a hidden team would show its room: hidden with it
            mute = o.source in hidden
            options.add(f"{o.week}-{o.kind}-{o.source}-{i}", [
                _iso_week(cm.first + dt.timedelta(weeks=o.week)), kind, o.source,
                HIDDEN if mute else o.hours,
                (HIDDEN if mute else float(o.shifts)) if o.kind == "solidarity" else None,
                HIDDEN if mute else o.gap_after])
        tables.append(options)
        x = [_iso_week(cm.first + dt.timedelta(weeks=wk.week)) for wk in g.weeks]
        chart.add_trace(go.Bar(x=x, y=[wk.demand for wk in g.weeks],
                               name=term("capacity.team_demand", lang, team=team),
                               marker_color=COLOURS[(2 * n) % len(COLOURS)],
                               hovertemplate="%{x}: %{y:,.0f}<extra></extra>"))
        if not secret:
            chart.add_trace(go.Scatter(x=x, y=[wk.supply for wk in g.weeks], mode="lines+markers",
                                       name=term("capacity.team_supply", lang, team=team),
                                       line={"color": COLOURS[(2 * n) % len(COLOURS)],
                                             "dash": "dot"},
                                       hovertemplate="%{x}: %{y:,.0f}<extra></extra>"))
    chart.update_layout(barmode="group", yaxis={"tickformat": ",.0f"})
    layout(chart, term("capacity.chart", lang), lang)
    source = term("capacity.synthetic_source", lang)
    run = inputs.run
    if run is not None and pres is not None:
        extra = _presence_text(run, pres, inputs, weeks, lang)
    elif anticipation:
        extra = term("capacity.no_run", lang)
    else:
        extra = ""
    intro = term("capacity.intro", lang, first=day_text(cm.first, lang), weeks=weeks,
                 source=source, history=cm.settings.history_weeks,
                 staff_day=day_text(inputs.staff_day, lang), k=k) + extra
    applied = pres.days if pres is not None else []
    values = {"teams": teams, "weeks": weeks, "first": cm.first.isoformat(),
              # presence added: asked for, a run stored, and it forecasts some of these days
              "anticipation": bool(applied),
              "anticipation_run": run.run_id if run is not None else None,
              # the run's forecast period, first and last day (inclusive)
              "anticipation_period": None if run is None else {
                  "first_day": run.origin.isoformat(),
                  "last_day": (run.origin + dt.timedelta(days=run.days - 1)).isoformat()},
              "anticipation_days_applied": len(applied), "planning_days": 7 * weeks,
              # a run NOT FIT FOR USE: refused without an override, else planned under it
              "anticipation_refused": pres is not None and not pres.use.may_plan,
              "anticipation_override": pres.use.override if pres is not None else None,
              "anticipation_applied": None if not applied else {
                  "first_day": applied[0].isoformat(), "last_day": applied[-1].isoformat()},
              "preventive_hours_total": {t: cm.extra_hours.get(t, 0.0) for t in teams},
              "hidden_teams": sorted(hidden & set(teams)), "k": k}
    for t in tables:
        t.mark_synthetic(inputs.synthetic())
    return View(term("capacity.title", lang), tables, [chart], values=values, intro=intro,
                lang=lang, extra_synthetic=inputs.synthetic())
