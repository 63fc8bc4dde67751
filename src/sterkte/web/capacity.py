"""The CM-tafel on the dashboard: demand vs supply per team and week, short hours, options.

The figures come from :func:`sterkte.app.capacity.cm_tafel`, the function behind
`sterkte capacity`, on the same inputs the CLI reads by default: staff on the
latest HR date, the Monday after it, synthetic incident history (seed 1), the weeks
of history of the parameter ``demand_history_weeks``. With ``anticipation`` the stored
anticipation run's preventive presence is added as planned work
(:mod:`sterkte.anticipate.demand_blocks`), on the days of the run's forecast period only:
a plan says nothing about other weeks, so a run that forecasts none of the days adds
nothing and the page says so.

Small groups: demand is incident workload and planned work, not a figure about
persons. Supply (and what follows from it: the gap, the neighbourhood hours and
share) is the sum of a team's contract hours, so it is shown only for teams of
at least k persons (the norms' small-cell rule, :func:`protect_rates`, with its
complementary hiding within a district); otherwise ``×``.
"""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from sterkte.anticipate.demand_blocks import weekly_block_hours
from sterkte.app.capacity import CapacityInputs, Presence, cm_tafel, presence
from sterkte.demand.cm_tafel import CmTafel
from sterkte.ledger import format_number
from sterkte.norms.status import figure
from sterkte.norms.teams import protect_rates
from sterkte.parameters import ParameterSet
from sterkte.report.grid import Column, Grid, Value
from sterkte.report.grid_charts import COLOURS, _layout
from sterkte.report.words import tr
from sterkte.store.anticipation import AnticipationRun
from sterkte.web.views import View

HIDDEN = "×"
DEFAULT_TEAMS = 3


def page_presence(inputs: CapacityInputs, weeks: int) -> Presence | None:
    """The latest run's plan on the planning weeks; None when no run is stored."""
    if inputs.run is None:
        return None
    return presence(inputs.run, inputs.first, weeks, inputs.teams)


def hidden_teams(cm: CmTafel, k: int) -> set[str]:
    """Teams whose supply figures the small-cell rule hides (with district mates)."""
    rates: dict[str, float | None] = {t: 1.0 for t in cm.persons}
    kept = protect_rates(rates, cm.persons, cm.district_of, k)
    return {t for t, v in kept.items() if v is None or v != v}


DAYS = {"nl": ("ma", "di", "wo", "do", "vr", "za", "zo"),
        "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}


def _slot(slot: int, lang: str) -> str:
    """Hour-of-week slot as 'Mon 14:00' (English) or 'ma 14:00'."""
    return f"{DAYS.get(lang, DAYS['nl'])[slot // 24]} {slot % 24:02d}:00"


def _iso_week(day: dt.date) -> str:
    return f"{day:%G-W%V}"


def _day(day: dt.date, lang: str) -> str:
    return day.strftime("%d-%m-%Y") if lang == "nl" else day.isoformat()


def _presence_text(run: AnticipationRun, pres: Presence, inputs: CapacityInputs,
                   weeks: int, lang: str) -> str:
    """What the page says about the run: its period and on how many days it was applied,
    or that it forecasts none of these weeks and so adds nothing."""
    a, b = _day(pres.period[0], lang), _day(pres.period[1] - dt.timedelta(days=1), lang)
    total = 7 * weeks
    if not pres.days:
        return tr(lang,
                  f" Anticipatierun {run.run_id} ({run.model}) voorspelt {a} t/m {b}: geen "
                  "dag van deze weken, dus telt er geen preventieve presentie mee (een plan "
                  "zegt niets over andere weken). Maak een anticipatievoorspelling voor deze "
                  f"weken (sterkte anticipate forecast … --at {inputs.first.isoformat()} "
                  "--areas … --save).",
                  f" Anticipation run {run.run_id} ({run.model}) forecasts {a} … {b}: no day "
                  "of these weeks, so it adds no preventive presence (a plan says nothing "
                  "about other weeks). Make an anticipation forecast for these weeks (sterkte "
                  f"anticipate forecast … --at {inputs.first.isoformat()} --areas … --save).")
    x, y = _day(pres.days[0], lang), _day(pres.days[-1], lang)
    n = len(pres.days)
    text = tr(lang,
              f" Inclusief preventieve presentie uit anticipatierun {run.run_id} ({run.model}, "
              f"voorspelling voor {a} t/m {b}), gelijk verdeeld over de dagen, 10–22 uur, "
              + (f"op alle {total} dagen." if n == total else
                 f"op {n} van de {total} dagen ({x} t/m {y}); dagen buiten de periode van de "
                 "run krijgen geen presentie."),
              f" Including preventive presence from anticipation run {run.run_id} ({run.model}, "
              f"forecast for {a} … {b}), spread evenly over the days, 10:00–22:00, "
              + (f"on all {total} days." if n == total else
                 f"on {n} of the {total} days ({x} … {y}); days outside the run's period get "
                 "none."))
    unknown = pres.unknown_areas
    if unknown:
        text += tr(lang, f" Gebieden die geen team zijn, tellen niet mee: {', '.join(unknown)}.",
                   f" Areas that are not teams are left out: {', '.join(unknown)}.")
    return text


def capacity_page_view(inputs: CapacityInputs, teams: list[str], weeks: int,
                       anticipation: bool, k: int, lang: str) -> View:
    pres = page_presence(inputs, weeks) if anticipation else None
    cm = cm_tafel(inputs.staff, inputs.absence, teams, inputs.first, weeks,
                  ParameterSet.bundled(), extra_blocks=pres.blocks if pres is not None else [])
    weekly = weekly_block_hours(pres.blocks, inputs.first, weeks) if pres is not None else {}
    hidden = hidden_teams(cm, k)
    grids: list[Grid] = []
    chart = go.Figure()
    for n, (team, g) in enumerate(cm.gaps.items()):
        secret = team in hidden
        preventive = weekly.get(team, [0.0] * weeks)
        cols = [Column("week", tr(lang, "Week", "Week"), "text"),
                Column("demand", tr(lang, "Vraag noodhulp, uur", "Response demand, h")),
                Column("preventive", tr(lang, "waarvan preventieve presentie, uur",
                                        "of which preventive presence, h"), decimals=1),
                Column("supply", tr(lang, "Aanbod noodhulp, uur", "Response supply, h")),
                Column("gap", tr(lang, "Verschil, uur", "Gap, h"), signed=True),
                Column("wijk", tr(lang, "Wijkuren, uur", "Neighbourhood hours, h")),
                Column("wijk_share", tr(lang, "Wijkaandeel als tekort uit wijkuren",
                                        "Neighbourhood share if gap filled from it"),
                       "percent", 0)]
        rows: list[list[Value]] = []
        keys = []
        for wk in g.weeks:
            share = wk.neighbourhood_share_if_filled(cm.neighbourhood_share)
            monday = cm.first + dt.timedelta(weeks=wk.week)
            rows.append([_iso_week(monday), wk.demand, preventive[wk.week],
                         HIDDEN if secret else wk.supply, HIDDEN if secret else wk.gap,
                         HIDDEN if secret else wk.neighbourhood_supply,
                         HIDDEN if secret else (None if share is None else 100 * share)])
            keys.append(_iso_week(monday))
        relief = format_number(g.relief_factor, lang, 2)
        p_free = format_number(cm.settings.p_free, lang, 2)
        notes = [tr(lang,
                    f"Erlang C: tot {g.erlang_officers_peak:.0f} agenten in dienst voor "
                    f"prio-1-meldingen (kans {p_free} op een vrije eenheid); ploegfactor "
                    f"{relief}.",
                    f"Erlang C: up to {g.erlang_officers_peak:.0f} officers on duty for "
                    f"priority-1 calls (p = {p_free} of a free unit); shift relief factor "
                    f"{relief}.")]
        if secret:
            notes.append(tr(lang, f"× : aanbod niet getoond (team of districtsgenoot kleiner "
                                  f"dan {k} personen).",
                            f"× : supply not shown (team or a district mate smaller than {k} "
                            "persons)."))
        grids.append(Grid(f"capaciteit-{team}", tr(
            lang, f"{team} (district {g.district}): vraag en aanbod per week",
            f"{team} (district {g.district}): demand and supply per week"),
            cols, rows, keys, lang, notes=notes))
        short_rows: list[list[Value]] = [
            [f"{_slot(s.first_slot, lang)}–{(s.last_slot + 1) % 24:02d}:00", s.peak_short]
            for s in g.short_hours]
        grids.append(Grid(f"tekort-{team}", tr(
            lang, f"{team}: uren waarin de vraag boven de gemiddelde bezetting ligt",
            f"{team}: hours in which demand exceeds the average on duty"),
            [Column("hours", tr(lang, "Uren (ma–zo)", "Hours (Mon–Sun)"), "text"),
             Column("short", tr(lang, "Tekort tot, personen", "Short by up to, persons"),
                    decimals=1)],
            short_rows if not secret else [],
            [f"slot-{s.first_slot}" for s in g.short_hours] if not secret else [], lang,
            explanation=tr(lang, "Niet getoond: volgt uit het aanbod van een klein team.",
                           "Not shown: follows from a small team's supply.") if secret else ""))
        opt_rows: list[list[Value]] = []
        opt_keys = []
        for i, o in enumerate(g.options):
            kind = (tr(lang, "solidariteitsdiensten", "solidarity shifts")
                    if o.kind == "solidarity" else tr(lang, "planning over het district",
                                                      "planning across the district"))
            # hours moved from a hidden team would show its room: hidden with it
            mute = o.source in hidden
            opt_rows.append([_iso_week(cm.first + dt.timedelta(weeks=o.week)), kind,
                             o.source, HIDDEN if mute else o.hours,
                             (HIDDEN if mute else float(o.shifts)) if o.kind == "solidarity"
                             else None, HIDDEN if mute else o.gap_after])
            opt_keys.append(f"{o.week}-{o.kind}-{o.source}-{i}")
        grids.append(Grid(f"opties-{team}", tr(
            lang, f"{team}: opties voor de CM-tafel", f"{team}: options for the CM-tafel"),
            [Column("week", "Week", "text"), Column("option", tr(lang, "Optie", "Option"), "text"),
             Column("source", tr(lang, "Van", "From"), "text"),
             Column("hours", tr(lang, "Uren", "Hours")),
             Column("shifts", tr(lang, f"Diensten van {figure(cm.shift_hours, 'nl')} uur",
                                 f"{figure(cm.shift_hours, 'en')}-hour shifts")),
             Column("gap_after", tr(lang, "Verschil daarna, uur", "Gap after, h"), signed=True)],
            opt_rows if not secret else [], opt_keys if not secret else [], lang,
            explanation=(tr(lang, "Niet getoond: volgt uit het aanbod van een klein team.",
                            "Not shown: follows from a small team's supply.") if secret
                         else tr(lang, "Geen tekort: geen opties nodig.",
                                 "No shortfall: no options needed.") if not g.options else "")))
        x = [_iso_week(cm.first + dt.timedelta(weeks=wk.week)) for wk in g.weeks]
        chart.add_trace(go.Bar(x=x, y=[wk.demand for wk in g.weeks],
                               name=tr(lang, f"{team} vraag", f"{team} demand"),
                               marker_color=COLOURS[(2 * n) % len(COLOURS)],
                               hovertemplate="%{x}: %{y:,.0f}<extra></extra>"))
        if not secret:
            chart.add_trace(go.Scatter(x=x, y=[wk.supply for wk in g.weeks], mode="lines+markers",
                                       name=tr(lang, f"{team} aanbod", f"{team} supply"),
                                       line={"color": COLOURS[(2 * n) % len(COLOURS)],
                                             "dash": "dot"},
                                       hovertemplate="%{x}: %{y:,.0f}<extra></extra>"))
    chart.update_layout(barmode="group", yaxis={"tickformat": ",.0f"})
    _layout(chart, tr(lang, "Vraag (staven) en aanbod (lijnen) noodhulp, persoonsuren per week",
                      "Response demand (bars) and supply (lines), person-hours a week"), lang)
    source = tr(lang, "synthetische meldingen (seed 1)", "synthetic incidents (seed 1)")
    run = inputs.run
    if run is not None and pres is not None:
        extra = _presence_text(run, pres, inputs, weeks, lang)
    elif anticipation:
        extra = tr(lang, " Er is geen anticipatierun opgeslagen.",
                   " No anticipation run is stored.")
    else:
        extra = ""
    intro = tr(lang,
               f"Vanaf {cm.first.strftime('%d-%m-%Y')}, {weeks} weken; vraag uit {source}, "
               f"{cm.settings.history_weeks} weken historie; personeel op "
               f"{inputs.staff_day.strftime('%d-%m-%Y')}. Persoonsuren per week. Vraag is "
               f"werklast, geen gegeven over personen; aanbod wordt alleen getoond voor teams "
               f"van ten minste {k} personen.",
               f"From {cm.first.isoformat()}, {weeks} weeks; demand from {source}, "
               f"{cm.settings.history_weeks} weeks of history; staff on "
               f"{inputs.staff_day.isoformat()}. Person-hours per week. Demand is workload, "
               f"not a figure about persons; supply is shown only for teams of at least {k} "
               "persons.") + extra
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
              "anticipation_applied": None if not applied else {
                  "first_day": applied[0].isoformat(), "last_day": applied[-1].isoformat()},
              "preventive_hours_total": {t: cm.extra_hours.get(t, 0.0) for t in teams},
              "hidden_teams": sorted(hidden & set(teams)), "k": k}
    return View(tr(lang, "Capaciteit per team (CM-tafel)", "Capacity per team (CM-tafel)"),
                grids, [chart], values=values, intro=intro)
