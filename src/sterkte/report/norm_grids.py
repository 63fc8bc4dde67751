"""Norms, team indicators and the commitments register as grids (numbers as numbers)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from sterkte.norms.commitments import STATUS_EN, Commitment
from sterkte.norms.status import MET_LABELS, NormStatus
from sterkte.norms.teams import COLUMNS, TeamIndicators
from sterkte.org import NATIONAL, national_police
from sterkte.report.explain import Difference, explain
from sterkte.report.grid import Column, Grid, Kind, Value
from sterkte.report.words import scope_label, tr

SUPPRESSED = "×"

_ORDER = {code: i for i, code in enumerate([NATIONAL, *[u.code for u in national_police()]])}


def projected_text(s: NormStatus, lang: str) -> str:
    words = {"already met": tr(lang, "al voldaan", "already met"),
             "not within horizon": tr(lang, "niet binnen horizon", "not within horizon")}
    text = s.projected or ""
    if text in words:
        return words[text]
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return text or "–"
    return day.strftime("%d-%m-%Y") if lang != "en" else day.isoformat()


def sorted_statuses(statuses: Sequence[NormStatus]) -> list[NormStatus]:
    return sorted(statuses, key=lambda s: (_ORDER.get(s.scope, 99), s.scope))


_MEASURES = {"persons": ("personen", "persons"), "count": ("aantal", "count"),
             "hours": ("uren", "hours")}


def _measure(measure: str, lang: str) -> str:
    nl, en = _MEASURES.get(measure, (measure, measure))
    return en if lang == "en" else nl


def _kind(measure: str) -> Kind:
    return "percent" if measure == "%" else "number"


def status_grid(statuses: Sequence[NormStatus], lang: str, name: str, title: str,
                extra: Sequence[tuple[str, str, str]] = ()) -> Grid:
    """One norm for several scopes: value, norm, difference, status, projection.

    ``extra``: detail fields shown as number columns, (detail key, header nl, header en).
    """
    rows_in = sorted_statuses(statuses)
    measure = rows_in[0].measure if rows_in else "fte"
    kind, dec = _kind(measure), (1 if measure == "%" else 0)
    cols = [Column("scope", tr(lang, "Eenheid", "Unit"), "text")]
    cols += [Column(k, tr(lang, nl, en)) for k, nl, en in extra]
    cols += [Column("value", tr(lang, "Waarde", "Value"), kind, dec),
             Column("target", tr(lang, "Norm", "Norm"), kind, dec),
             Column("difference", tr(lang, "Verschil", "Difference"), kind, dec, signed=True),
             Column("status", "Status", "text"),
             Column("projected", tr(lang, "Verwacht voldaan", "Expected to be met"), "text")]
    rows: list[list[Value]] = []
    diffs: list[Difference] = []
    for s in rows_in:
        details: list[Value] = []
        for k, _, _ in extra:
            d = s.detail.get(k)
            details.append(float(d) if isinstance(d, int | float) else None)
        diff = s.value - s.target if s.value is not None and s.target is not None else None
        rows.append([scope_label(s.scope, lang), *details, s.value, s.target, diff,
                     MET_LABELS[s.met][1 if lang == "en" else 0], projected_text(s, lang)])
        empty = any(s.detail.get(k) == 0 for k in ("os_fte", "inhabitants"))  # no base
        if s.value is not None and s.target is not None and s.scope != NATIONAL and not empty:
            diffs.append(Difference(scope_label(s.scope, lang), s.value, s.target))
    keys = [s.scope for s in rows_in]
    notes = sorted({s.reference for s in rows_in if s.reference})
    notes += sorted({s.note for s in rows_in if s.note})
    if rows_in:
        notes.append(tr(lang, f"Peildatum {rows_in[0].on.strftime('%d-%m-%Y')}.",
                        f"Date {rows_in[0].on.isoformat()}."))
    text = (explain(diffs, lang, measure=measure if measure in ("fte", "%") else "persons",
                    kind="norm") if diffs else
            tr(lang, "Geen gegevens om de norm te toetsen.", "No figures to judge the norm."))
    return Grid(name, title, cols, rows, keys, lang, text, notes,
                {i for i, k in enumerate(keys) if k == NATIONAL})


def norms_overview_grid(statuses: Sequence[NormStatus], lang: str, name: str = "normen",
                        scope: str = NATIONAL) -> Grid:
    """Every norm for one scope (default national): value, norm, status, projection."""
    chosen = [s for s in statuses if s.scope == scope]
    chosen.sort(key=lambda s: s.norm)
    cols = [Column("norm", "Norm", "text"),
            Column("measure", tr(lang, "Maat", "Measure"), "text"),
            Column("value", tr(lang, "Waarde", "Value"), decimals=1),
            Column("target", tr(lang, "Norm/doel", "Target"), decimals=1),
            Column("status", "Status", "text"),
            Column("projected", tr(lang, "Verwacht voldaan", "Expected to be met"), "text"),
            Column("reference", tr(lang, "Bron", "Source"), "text")]
    rows: list[list[Value]] = [[s.label(lang), _measure(s.measure, lang), s.value, s.target,
                                MET_LABELS[s.met][1 if lang == "en" else 0],
                                projected_text(s, lang), s.reference] for s in chosen]
    not_met = [s.label(lang) for s in chosen if s.met.value == "not_met"]
    unknown = [s.label(lang) for s in chosen if s.met.value == "unknown"]
    text = tr(lang, f"{len(chosen) - len(not_met) - len(unknown)} van {len(chosen)} normen "
              f"voldaan; niet voldaan: {', '.join(not_met) or 'geen'}; onbekend: "
              f"{', '.join(unknown) or 'geen'}.",
              f"{len(chosen) - len(not_met) - len(unknown)} of {len(chosen)} norms met; not "
              f"met: {', '.join(not_met) or 'none'}; unknown: {', '.join(unknown) or 'none'}.")
    title = tr(lang, f"Normen en doelen — {scope_label(scope, lang)}",
               f"Norms and targets — {scope_label(scope, lang)}")
    if chosen:
        title += f" ({chosen[0].on.strftime('%d-%m-%Y') if lang != 'en' else chosen[0].on})"
    return Grid(name, title, cols, rows, [s.norm for s in chosen], lang, text)


def commitments_grid(register: Sequence[Commitment], lang: str,
                     name: str = "toezeggingen") -> Grid:
    cols = [Column(k, tr(lang, nl, en), "text") for k, nl, en in (
        ("id", "Nr.", "No."), ("kind", "Soort", "Kind"),
        ("text", "Toezegging / motie", "Commitment / motion"), ("date", "Datum", "Date"),
        ("due", "Termijn", "Due"), ("status", "Status", "Status"),
        ("reference", "Vindplaats", "Reference"),
        ("answered_by", "Beantwoord door", "Answered by"))]
    rows: list[list[Value]] = []
    for c in register:
        status = c.status.value if lang != "en" else STATUS_EN[c.status]
        if c.recurring:
            status += tr(lang, " (doorlopend)", " (recurring)")
        made = c.made_on.isoformat() if lang == "en" else c.made_on.strftime("%d-%m-%Y")
        rows.append([c.id, c.kind.value, c.text, made, c.due, status,
                     str(c.reference) if c.reference else "", ", ".join(c.answered_by)])
    open_ = sum(1 for c in register if c.status.value.lower().startswith("open"))
    text = tr(lang, f"{len(register)} toezeggingen en moties; {open_} openstaand.",
              f"{len(register)} commitments and motions; {open_} open.")
    return Grid(name, tr(lang, "Toezeggingen en moties die deze rapportage beantwoordt",
                         "Commitments and motions this report answers"),
                cols, rows, [c.id for c in register], lang, text)


_TEAM_HEADERS = {
    "OS": ("OS", "OS"), "ASP": ("ASP", "ASP"), "NOS": ("NOS", "NOS"),
    "VOL": ("Vrijw.", "Vol."), "persons": ("Personen", "Persons"), "fte": ("Fte", "Fte"),
    "formatie_fte": ("Formatie", "Formatie"), "staffing_percent": ("Bezetting %", "Staffed %"),
    "absence_percent": ("Verzuim", "Absence"), "volunteer_share": ("Vrijw./OS", "Vol./OS"),
    "social_safety": ("Sociale veiligheid", "Social safety"),
    "workload": ("Werkdruk", "Workload"),
}
_PERCENT = ("staffing_percent", "absence_percent", "volunteer_share")


def teams_grid(rows: Sequence[TeamIndicators], k: int, lang: str, name: str = "teams") -> Grid:
    """Team indicators; hidden small cells are the text ``×``, never a number."""
    cols = [Column("district", "District", "text"), Column("team", "Team", "text")]
    for c in COLUMNS:
        nl, en = _TEAM_HEADERS[c]
        kind: Kind = "percent" if c in _PERCENT else "number"
        cols.append(Column(c, tr(lang, nl, en), kind,
                           1 if kind == "percent" or c in ("social_safety", "workload") else 0))
    out: list[list[Value]] = []
    for r in rows:
        cells: list[Value] = [r.district, r.team if not r.is_total else
                              tr(lang, "Totaal district", "District total")]
        for c in COLUMNS:
            v = r.values.get(c)
            cells.append(SUPPRESSED if v is not None and math.isnan(v) else v)
        out.append(cells)
    note = tr(lang, f"{SUPPRESSED} = niet getoond: gaat over minder dan {k} personen, of zou "
              "zo'n cijfer via de totalen prijsgeven.",
              f"{SUPPRESSED} = not shown: about fewer than {k} people, or would reveal such a "
              "figure through the totals.")
    return Grid(name, tr(lang, "Teamindicatoren", "Team indicators"), cols, out,
                [f"{r.district}/{r.team}" + ("/total" if r.is_total else "") for r in rows],
                lang, "", [note], {i for i, r in enumerate(rows) if r.is_total})
