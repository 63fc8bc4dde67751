"""Earmarked capacity, the understaffing of tasks, the team dashboard and the volunteers by
appointment type as report tables (numbers unrounded; a hidden figure is the text ``×``)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence

from sterkte.ledger import format_number, format_percent
from sterkte.norms.earmarks import EarmarkStatus, TaskUnderstaffing
from sterkte.norms.status import Met
from sterkte.norms.team_dashboard import TeamDashboard
from sterkte.org import NATIONAL, REPORTING_UNIT_CODES
from sterkte.records.hr import APPOINTMENT_TYPES
from sterkte.report.labels import CATALOGUE, day_text, met_label, term, unit_label
from sterkte.report.table import Column, Format, Table, Value

SUPPRESSED = "×"
# The published split of 31-12-2021 (Eerste halfjaarbericht politie 2022 via DOMAIN.md):
# 2,619 volunteers in total, by type 1,244 + 103 + 1,325 = 2,672.
PUBLISHED_2021 = {"executief": 1244.0, "esi": 103.0, "ath": 1325.0}
PUBLISHED_TOTAL_2021 = 2619.0


def _label(prefix: str, key: str, lang: str) -> str:
    k = f"{prefix}.{key}"
    return term(k, lang) if k in CATALOGUE else key


def _v(x: float | None) -> Value:
    if x is None:
        return None
    return SUPPRESSED if math.isnan(x) else x


def programme_label(programme: str, lang: str) -> str:
    return _label("earmarks.programme", programme, lang)


def earmark_table(statuses: Sequence[EarmarkStatus], on: dt.date, lang: str = "nl") -> Table:
    """Each earmark in force beside its latest bezetting."""
    table = Table("geoormerkte-capaciteit", term("earmarks.title", lang,
                                                  date=day_text(on, lang)), [
        Column("programme", term("earmarks.programme", lang), "text"),
        Column("scope", term("earmarks.scope", lang), "text"),
        # what the reader came for first (a narrow screen scrolls the rest), then when
        Column("earmarked", term("earmarks.earmarked", lang), decimals=1),
        Column("bezetting", term("earmarks.bezetting", lang), decimals=1),
        Column("difference", term("earmarks.difference", lang), decimals=1, signed=True),
        Column("understaffing", term("earmarks.understaffing", lang), "percent", 1,
               signed=True),
        Column("status", term("status", lang), "text"),
        Column("bezetting_on", term("earmarks.bezetting_on", lang), "date"),
        Column("since", term("earmarks.since", lang), "date"),
        Column("until", term("earmarks.until", lang), "date"),
        Column("source", term("earmarks.source", lang), "text"),
        Column("reference", term("earmarks.reference", lang), "text")], lang=lang, stub=2)
    for s in statuses:
        e = s.earmark
        source = (term("earmarks.hr", lang) if e.from_hr and s.bezetting is not None
                  else s.source or term("earmarks.none", lang))
        table.add(f"{e.programme}/{e.scope}", [
            programme_label(e.programme, lang), unit_label(e.scope, lang, "national"), e.fte,
            s.bezetting, s.difference, s.understaffing_percent, met_label(s.met, lang),
            s.bezetting_on, e.start, e.end, source, e.reference])
    met = sum(1 for s in statuses if s.met is Met.MET)
    unknown = sum(1 for s in statuses if s.met is Met.UNKNOWN)
    table.explanation = term("earmarks.explanation", lang, met=met, n=len(statuses),
                             unknown=unknown)
    return table


def understaffing_table(series: Sequence[TaskUnderstaffing], bundled: bool,
                        lang: str = "nl") -> Table:
    """Understaffing per task and period, with the change from the period before."""
    table = Table("onderbezetting-taken", term("understaffing.title", lang), [
        Column("task", term("understaffing.task", lang), "text"),
        Column("period", term("understaffing.period", lang), "text"),
        Column("percent", term("understaffing.percent", lang), "percent", 1),
        # percentage points (its header says so), not a percentage: no "%" after it
        Column("change", term("understaffing.change", lang), "number", 1, signed=True),
        Column("source", term("source", lang), "text")], lang=lang, stub=2)
    for u in series:
        table.add(f"{u.task}/{u.period}", [_label("earmarks.task", u.task, lang), u.period,
                                           u.percent, u.change, u.source])
    if bundled:
        table.notes.append(term("understaffing.bundled", lang))
    parts = []
    for task in dict.fromkeys(u.task for u in series):
        rows = [u for u in series if u.task == task]
        parts.append(term("understaffing.explanation", lang,
                          task=_label("earmarks.task", task, lang), first=rows[0].period,
                          p1=format_percent(rows[0].percent, lang, 1), last=rows[-1].period,
                          p2=format_percent(rows[-1].percent, lang, 1)))
    table.explanation = " ".join(parts)
    return table


# -- the team dashboard ---------------------------------------------------------------

_INDICATORS = (("OS", "teams.OS", 0), ("ASP", "teams.ASP", 0), ("NOS", "teams.NOS", 0),
               ("VOL", "teams.VOL", 0), ("persons", "teams.persons", 0),
               ("fte", "teams.fte", 1), ("formatie_fte", "teams.formatie_fte", 1),
               ("staffing_percent", "teams.staffing_percent", 1),
               ("absence_percent", "teams.absence_percent", 1),
               ("volunteer_share", "teams.volunteer_share", 1))


def dashboard_tables(d: TeamDashboard, lang: str = "nl", synthetic: Sequence[str] = ()
                     ) -> list[Table]:
    """The team's indicators, its survey over the waves (scores, respondents, change)
    and its CM-tafel with the overtime pressure. ``synthetic``: the kinds of synthetic
    input the HR figures (staffing, CM-tafel) rest on; the survey is an import of its own."""
    date = day_text(d.on, lang)
    hidden_note = term("teams.hidden_note", lang, mark=SUPPRESSED, k=d.k)
    staffing = Table(f"team-{d.team}-bezetting", term("team.staffing_title", lang,
                                                      team=d.team, date=date),
                     [Column("indicator", term("team.indicator", lang), "text"),
                      Column("value", term("value", lang), decimals=1)], lang=lang,
                     notes=[hidden_note]).mark_synthetic(synthetic)
    for key, label, decimals in _INDICATORS:
        fmt = Format("percent", 1) if key.endswith(("percent", "share")) else \
            Format("number", decimals)
        staffing.add(key, [term(label, lang), _v(d.indicators.get(key))], fmt=fmt)
    out = [staffing]
    s = d.survey
    waves = list(s.waves)
    notes = [term("team.survey_note", lang, mark=SUPPRESSED, k=d.k)]
    notes += [term("team.survey_source", lang, source=src) for src in d.survey_sources]
    if s.left_out:
        notes.append(term("team.left_out", lang, what=", ".join(s.left_out)))
    for name, title, attr, decimals, signed in (
            ("enquete", "team.survey_title", "score", 1, False),
            ("respondenten", "team.respondents_title", "respondents", 0, False),
            ("enquete-verandering", "team.change_title", "change", 1, True)):
        cols = [Column("dimension", term("team.dimension", lang), "text")]
        cols += [Column(w.isoformat(), term("team.wave", lang, date=day_text(w, lang)),
                        decimals=decimals, signed=signed) for w in waves]
        t = Table(f"team-{d.team}-{name}", term(title, lang, team=d.team), cols, lang=lang,
                  notes=list(notes))
        for dim in s.dimensions:
            cells: list[Value] = [_label("team.dimension", dim, lang)]
            for w in waves:
                cell = s.cells.get((w, dim))
                cells.append(None if cell is None else _v(getattr(cell, attr)))
            t.add(dim, cells)
        if not s.dimensions:
            t.explanation = term("team.no_survey", lang)
        out.append(t)
    p = d.pressure
    if p is not None and d.planning_first is not None:
        t = Table(f"team-{d.team}-cm-tafel", term(
            "team.pressure_title", lang, team=d.team, weeks=p.weeks,
            date=day_text(d.planning_first, lang)),
            [Column("what", term("what", lang), "text"),
             Column("value", term("value", lang), decimals=0, signed=False)], lang=lang,
            notes=[term("team.pressure_note", lang, mark=SUPPRESSED, k=d.k)]
        ).mark_synthetic(synthetic)
        for key, label, value in (("demand", "team.demand", p.demand),
                                  ("supply", "team.supply", p.supply),
                                  ("gap", "team.gap", p.gap),
                                  ("professionals", "team.professionals", p.professionals),
                                  ("overtime", "team.overtime", p.overtime_per_person),
                                  ("overtime_cap", "team.overtime_cap", p.overtime_cap)):
            t.add(key, [term(label, lang), _v(value)])
        out.append(t)
    return out


# -- volunteers by appointment type -----------------------------------------------------

def _type_label(kind: str | None, lang: str) -> str:
    return term(f"vol.type.{kind}" if kind in APPOINTMENT_TYPES else "vol.type.unknown", lang)


def volunteer_type_tables(counts: Mapping[tuple[str, str | None], int], year: int,
                          target: float, target_reference: str, lang: str = "nl",
                          flows: Mapping[str, float] | None = None) -> list[Table]:
    """Volunteers on 31-12-``year`` nationally by appointment type beside the published
    split (2021) and the target in persons, and per unit. ``flows`` (opening, intake,
    outflow, from_professional, to_professional, closing; national, persons) explain how
    the year's stock came about."""
    kinds: list[str | None] = [*APPOINTMENT_TYPES]
    if any(k not in APPOINTMENT_TYPES for _, k in counts):
        kinds.append(None)
    keys = [k or "unknown" for k in kinds]
    cols = [Column("unit", term("unit", lang), "text")]
    cols += [Column(key, _type_label(k, lang)) for key, k in zip(keys, kinds, strict=True)]
    cols.append(Column("total", term("total", lang)))
    per_unit = Table(f"vrijwilligers-aanstelling-{year}",
                     term("vol.types_unit_title", lang, year=year), cols, lang=lang,
                     notes=[term("source_hr_mutations", lang)])
    national = dict.fromkeys(keys, 0.0)
    units = [u for u in REPORTING_UNIT_CODES if any(c[0] == u for c in counts)]
    for u in units:
        row = [float(counts.get((u, k), 0)) for k in kinds]
        for key, v in zip(keys, row, strict=True):
            national[key] += v
        per_unit.add(u, [unit_label(u, lang), *row, sum(row)])
    total = sum(national.values())
    per_unit.add(NATIONAL, [unit_label(NATIONAL, lang), *national.values(), total],
                 total=True)
    sizes = {u: sum(counts.get((u, k), 0) for k in kinds) for u in units}
    if sizes:
        per_unit.explanation = term(
            "vol.types_unit_explanation", lang, n=format_number(total, lang),
            units=len(units), largest=unit_label(max(sizes, key=lambda u: sizes[u]), lang))
    split = Table(f"vrijwilligers-doel-{year}", term("vol.types_title", lang, year=year), [
        Column("type", term("vol.type", lang), "text"),
        Column("count", term("vol.count", lang)),
        Column("share", term("vol.share", lang), "percent", 1),
        Column("published", term("vol.published", lang)),
        Column("published_share", term("vol.published_share", lang), "percent", 1)],
        lang=lang, notes=[term("vol.published_note", lang),
                          term("vol.target_note", lang, target=format_number(target, lang),
                               reference=target_reference)])
    published_sum = sum(PUBLISHED_2021.values())
    for key, k in zip(keys, kinds, strict=True):
        pub = PUBLISHED_2021.get(key)
        split.add(key, [_type_label(k, lang), national[key],
                        100.0 * national[key] / total if total else None, pub,
                        100.0 * pub / published_sum if pub is not None else None])
    split.add("total", [term("total", lang), total, 100.0 if total else None,
                        PUBLISHED_TOTAL_2021, None], total=True)
    split.add("target", [term("vol.target_row", lang), target, None, None, None])
    split.add("gap", [term("vol.target_gap", lang), target - total, None, None, None])
    if flows is not None:
        n = {k: format_number(abs(v), lang) for k, v in flows.items()}
        split.explanation = term(
            "vol.flows_explanation", lang, opening=n["opening"], prev=year - 1,
            intake=n["intake"], outflow=n["outflow"], from_prof=n["from_professional"],
            to_prof=n["to_professional"], closing=n["closing"], year=year,
            target=format_number(target, lang), gap=format_number(max(0.0, target - total),
                                                                  lang))
    return [split, per_unit]


__all__ = ["PUBLISHED_2021", "PUBLISHED_TOTAL_2021", "dashboard_tables", "earmark_table",
           "programme_label", "understaffing_table", "volunteer_type_tables"]
