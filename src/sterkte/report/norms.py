"""Norms, team indicators and the commitments register as report tables."""

from __future__ import annotations

import math
from collections.abc import Sequence

from sterkte.ledger import format_number, format_percent
from sterkte.norms.commitments import STATUS_EN, Commitment
from sterkte.norms.status import MET_LABELS, NormStatus
from sterkte.norms.teams import COLUMNS, TeamIndicators
from sterkte.org import national_police
from sterkte.report.text_table import TextTable

SUPPRESSED = "×"

_H = {
    "nl": {"norm": "Norm", "scope": "Eenheid", "value": "Waarde", "target": "Norm/doel",
           "status": "Status", "trend": "Verloop", "projected": "Verwacht voldaan",
           "note": "Toelichting", "title": "Normen en doelen op {d}",
           "already met": "al voldaan", "not within horizon": "niet binnen horizon"},
    "en": {"norm": "Norm", "scope": "Unit", "value": "Value", "target": "Target",
           "status": "Status", "trend": "Trend", "projected": "Expected to be met",
           "note": "Note", "title": "Norms and targets on {d}",
           "already met": "already met", "not within horizon": "not within horizon"},
}


def _value(v: float | None, measure: str, lang: str) -> str:
    if v is None:
        return "–"
    if measure == "%":
        return format_percent(v, lang, 1)
    return format_number(v, lang, 0)


def norm_table(statuses: Sequence[NormStatus], lang: str = "nl") -> TextTable:
    h = _H["en" if lang == "en" else "nl"]
    tree = national_police()
    rows = []
    for s in statuses:
        unit = tree.find(s.scope)
        scope = unit.label(lang) if unit is not None else s.scope
        if unit is not None and unit.code == "NP":
            scope = "Nationaal" if lang != "en" else "National"
        trend = " → ".join(_value(p.value, s.measure, lang) for p in s.trend[-4:])
        projected = h.get(s.projected or "", s.projected or "–")
        note = s.note
        if s.norm == "wijkagent" and s.detail:
            surplus = s.detail.get("surplus_fte")
            if isinstance(surplus, float):
                word = ("boven de norm" if surplus >= 0 else "onder de norm") if lang != "en" \
                    else ("above the norm" if surplus >= 0 else "below the norm")
                note = f"{format_number(abs(surplus), lang)} fte {word}"
        rows.append([s.label(lang), scope, _value(s.value, s.measure, lang),
                     _value(s.target, s.measure, lang),
                     MET_LABELS[s.met][1 if lang == "en" else 0], trend, projected, note])
    return TextTable(h["title"].format(d=statuses[0].on.isoformat() if statuses else ""),
                     [h["norm"], h["scope"], h["value"], h["target"], h["status"], h["trend"],
                      h["projected"], h["note"]], rows, right={2, 3}, lang=lang)


_TEAM_HEADERS = {
    "nl": ["Eenheid", "District", "Team", "OS", "ASP", "NOS", "Vrijw.", "Personen", "Fte",
           "Formatie", "Bezetting/formatie", "Verzuim", "Vrijw./OS", "Sociale veiligheid",
           "Werkdruk"],
    "en": ["Unit", "District", "Team", "OS", "ASP", "NOS", "Vol.", "Persons", "Fte",
           "Formatie", "Staffing/formatie", "Absence", "Vol./OS", "Social safety",
           "Workload"],
}


def team_table(rows: Sequence[TeamIndicators], k: int, lang: str = "nl") -> TextTable:
    def cell(name: str, v: float | None) -> str:
        if v is None:
            return "–"
        if math.isnan(v):
            return SUPPRESSED
        if name in ("absence_percent", "volunteer_share", "staffing_percent"):
            return format_percent(v, lang, 1)
        if name in ("social_safety", "workload"):
            return format_number(v, lang, 1)
        return format_number(v, lang, 0)

    out = []
    for r in rows:
        label = r.team if not r.is_total else ("Totaal district" if lang != "en"
                                               else "District total")
        out.append([r.unit, r.district, label, *(cell(c, r.values.get(c)) for c in COLUMNS)])
    note = (f"{SUPPRESSED} = niet getoond: gaat over minder dan {k} personen, of zou zo'n "
            "cijfer via de totalen prijsgeven." if lang != "en" else
            f"{SUPPRESSED} = not shown: about fewer than {k} people, or would reveal such a "
            "figure through the totals.")
    title = "Teamindicatoren" if lang != "en" else "Team indicators"
    return TextTable(title, _TEAM_HEADERS["en" if lang == "en" else "nl"], out,
                     right=set(range(3, 15)), notes=[note], lang=lang)


def commitments_table(register: Sequence[Commitment], lang: str = "nl") -> TextTable:
    headers = (["Nr.", "Soort", "Toezegging / motie", "Datum", "Minister", "Termijn", "Status",
                "Vindplaats", "Beantwoord in", "Beantwoord door"] if lang != "en" else
               ["No.", "Kind", "Commitment / motion", "Date", "Minister", "Due", "Status",
                "Reference", "Answered in", "Answered by"])
    rows = []
    for c in register:
        status = c.status.value if lang != "en" else STATUS_EN[c.status]
        if c.recurring:
            status += " (doorlopend)" if lang != "en" else " (recurring)"
        rows.append([c.id, c.kind.value, c.text, c.made_on.isoformat(), c.minister, c.due,
                     status, str(c.reference) if c.reference else "", c.answered_in,
                     ", ".join(c.answered_by)])
    title = "Toezeggingen en moties" if lang != "en" else "Commitments and motions"
    return TextTable(title, headers, rows, lang=lang)


def absence_table(months: Sequence[str], groups: Sequence[str],
                  rates: Sequence[Sequence[float | None]], long_spells: dict[str, int],
                  target: float, k: int, lang: str = "nl") -> TextTable:
    """12-month moving absence per group (rows) and month (columns); None = hidden
    (about too few people), NaN = fewer than 12 months of history. A count of long
    spells of 1 to k−1 is a figure about fewer than k people and is hidden too."""
    tree = national_police()
    rows = []
    for g, series in zip(groups, rates, strict=True):
        unit = tree.find(g)
        label = unit.label(lang) if unit is not None and unit.kind.value != "basisteam" else g
        if g == "NP":
            label = "Nationaal" if lang != "en" else "National"
        n = long_spells.get(g, 0)
        rows.append([label, *(SUPPRESSED if v is None else format_percent(v, lang, 1)
                              for v in series), SUPPRESSED if 0 < n < k else str(n)])
    title = (f"Ziekteverzuim, 12-maands voortschrijdend gemiddelde (CBS-methode); doel "
             f"{format_percent(target, lang, 1)}" if lang != "en" else
             f"Sickness absence, 12-month moving average (CBS method); target "
             f"{format_percent(target, lang, 1)}")
    spells = "Lange verzuimgevallen (>2 jaar, niet meegeteld)" if lang != "en" else \
        "Long spells (>2 years, left out)"
    first = "Eenheid" if lang != "en" else "Unit"
    return TextTable(title, [first, *months, spells], rows,
                     right=set(range(1, len(months) + 2)), lang=lang)


def over_cap_table(over: Sequence[tuple[str, float]], cap: float, year: int,
                   lang: str = "nl") -> TextTable:
    title = (f"Vrijwilligers boven {format_number(cap, lang)} uur in {year} (pseudoniem)"
             if lang != "en" else
             f"Volunteers over {format_number(cap, lang)} hours in {year} (pseudonymous)")
    headers = ["Persoon", "Uren"] if lang != "en" else ["Person", "Hours"]
    return TextTable(title, headers, [[p, format_number(h, lang, 1)] for p, h in over],
                     right={1}, lang=lang)
