"""Norms, team indicators, sickness absence and the commitments register as report tables.

One renderer per kind of table, shared by `sterkte norms|teams|commitments`, the
annex and the dashboard: the status list of every norm (:func:`norms_table`), one
norm over the units (:func:`status_table`), every norm for one scope
(:func:`norms_overview_table`), team indicators, absence per month, volunteers over
the hours cap, and the register. Numbers stay numbers (unrounded); a figure hidden
to protect small groups is the text ``×``, never a number.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Sequence

from sterkte.ledger import format_number, format_percent
from sterkte.norms.commitments import Commitment, Decision, decide
from sterkte.norms.status import NormStatus
from sterkte.norms.teams import COLUMNS, TeamIndicators
from sterkte.org import NATIONAL, national_police
from sterkte.report.explain import Difference, explain
from sterkte.report.labels import commitment_status, day_text, met_label, scope_label, term
from sterkte.report.table import Column, Format, Kind, Table, Value

SUPPRESSED = "×"

_ORDER = {code: i for i, code in enumerate([NATIONAL, *[u.code for u in national_police()]])}


def projected_text(s: NormStatus, lang: str) -> str:
    """When the norm is expected to be met: a date, 'al voldaan' or 'niet binnen horizon'."""
    text = s.projected or ""
    if text == "already met":
        return term("already_met", lang)
    if text == "not within horizon":
        return term("not_within_horizon", lang)
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return text or "–"
    return day_text(day, lang)


def sorted_statuses(statuses: Sequence[NormStatus]) -> list[NormStatus]:
    return sorted(statuses, key=lambda s: (_ORDER.get(s.scope, 99), s.scope))


def _format(measure: str, value: float | None = None, target: float | None = None) -> Format:
    """Percentages with one decimal, everything else (fte, persons, hours) whole — or more
    decimals where value and target would otherwise look equal though they differ, so the
    verdict can be read from the figures shown (5,93 % against 5,90 %, not 5,9 % against
    5,9 % 'niet voldaan')."""
    base = 1 if measure == "%" else 0
    return Format("percent" if measure == "%" else "number",
                  decisive_decimals(value, target, base))


def decisive_decimals(value: float | None, target: float | None, base: int,
                      most: int = 3) -> int:
    """The fewest decimals (at least ``base``, at most ``most``) at which ``value`` and
    ``target`` round apart when they differ."""
    if value is None or target is None or value == target:
        return base
    for d in range(base, most + 1):
        if round(value, d) != round(target, d):
            return d
    return most


def _tolerance_note(s: NormStatus, lang: str) -> str:
    """The tolerance a status was judged with, when there is one: it is shown with it."""
    tol, threshold = s.detail.get("tolerance_percent"), s.detail.get("threshold")
    if not isinstance(tol, float) or tol <= 0 or not isinstance(threshold, float):
        return ""
    return term("norms.tolerance_note", lang, tolerance=format_number(tol, lang, 1),
                threshold=format_number(threshold, lang, 1))


def _measure(measure: str, lang: str) -> str:
    """'personen', 'aantal', 'uren'; fte and % are the same in both languages."""
    return term(f"measure.{measure}", lang) if measure in ("persons", "count", "hours") \
        else measure


def norms_table(statuses: Sequence[NormStatus], lang: str = "nl") -> Table:
    """Every norm for every scope given (`sterkte norms`): value and target in the norm's
    own measure, status, the last four points of its trend, the projection, a note."""
    day = day_text(statuses[0].on, lang) if statuses else ""
    table = Table("normen-status", term("norms.title_on", lang, date=day), [
        Column("norm", term("norm", lang), "text"),
        Column("scope", term("unit", lang), "text"),
        Column("value", term("value", lang)),
        Column("target", term("norm_target", lang)),
        Column("status", term("status", lang), "text"),
        Column("trend", term("trend", lang), "text"),
        Column("projected", term("expected_met", lang), "text"),
        Column("note", term("note", lang), "text")], lang=lang, stub=2)
    for s in statuses:
        fmt = _format(s.measure, s.value, s.target)
        trend = " → ".join(_trend_point(p.value, s.measure, lang) for p in s.trend[-4:])
        note = "; ".join(x for x in (s.note_text(lang), _tolerance_note(s, lang)) if x)
        if s.norm == "wijkagent" and s.detail:
            surplus = s.detail.get("surplus_fte")
            if isinstance(surplus, float):
                where = term("above_norm" if surplus >= 0 else "below_norm", lang)
                note = f"{format_number(abs(surplus), lang)} fte {where}"
        table.add(f"{s.norm}/{s.scope}",
                  [s.label(lang), scope_label(s.scope, lang), s.value, s.target,
                   met_label(s.met, lang), trend, projected_text(s, lang), note], fmt=fmt)
    return table


def _trend_point(v: float, measure: str, lang: str) -> str:
    return format_percent(v, lang, 1) if measure == "%" else format_number(v, lang, 0)


def status_table(statuses: Sequence[NormStatus], lang: str, name: str, title: str,
                 extra: Sequence[tuple[str, str]] = (), *, small: Sequence[str] = (),
                 k: int = 0) -> Table:
    """One norm for several scopes: value, norm, difference, status, projection.

    ``extra``: detail fields shown as number columns, (detail key, term of its header).
    ``small``: those of them that count people; a count of 1 to ``k``−1 is hidden (×).
    """
    rows_in = sorted_statuses(statuses)
    measure = rows_in[0].measure if rows_in else "fte"
    kind: Kind = "percent" if measure == "%" else "number"
    # enough decimals that every row's verdict can be read from its value and norm
    dec = max([decisive_decimals(s.value, s.target, 1 if measure == "%" else 0)
               for s in rows_in] or [1 if measure == "%" else 0])
    cols = [Column("scope", term("unit", lang), "text")]
    cols += [Column(key, term(header, lang)) for key, header in extra]
    cols += [Column("value", term("value", lang), kind, dec),
             Column("target", term("norm", lang), kind, dec),
             Column("difference", term("difference", lang), kind, dec, signed=True),
             Column("status", term("status", lang), "text"),
             Column("projected", term("expected_met", lang), "text")]
    table = Table(name, title, cols, lang=lang)
    diffs: list[Difference] = []
    for s in rows_in:
        details: list[Value] = []
        for key, _ in extra:
            d = s.detail.get(key)
            hide = key in small and isinstance(d, int | float) and 0 < d < k
            details.append(SUPPRESSED if hide else float(d) if isinstance(d, int | float)
                           else None)
        diff = s.value - s.target if s.value is not None and s.target is not None else None
        table.add(s.scope, [scope_label(s.scope, lang), *details, s.value, s.target, diff,
                            met_label(s.met, lang), projected_text(s, lang)],
                  total=s.scope == NATIONAL)
        empty = any(s.detail.get(f) == 0 for f in ("os_fte", "inhabitants"))  # no base
        if s.value is not None and s.target is not None and s.scope != NATIONAL and not empty:
            diffs.append(Difference(scope_label(s.scope, lang), s.value, s.target))
    table.notes = sorted({s.reference for s in rows_in if s.reference})
    table.notes += sorted({s.note_text(lang) for s in rows_in if s.note})
    if rows_in:
        table.notes.append(term("date_on", lang, date=day_text(rows_in[0].on, lang)))
    table.explanation = (
        explain(diffs, lang, measure=measure if measure in ("fte", "%") else "persons",
                kind="norm") if diffs else term("norms.nothing_to_judge", lang))
    return table


def norms_overview_table(statuses: Sequence[NormStatus], lang: str, name: str = "normen",
                         scope: str = NATIONAL) -> Table:
    """Every norm for one scope (default national): value, norm, status, projection."""
    chosen = sorted((s for s in statuses if s.scope == scope), key=lambda s: s.norm)
    title = term("norms.overview_title", lang, scope=scope_label(scope, lang))
    if chosen:
        title += f" ({day_text(chosen[0].on, lang)})"
    table = Table(name, title, [
        Column("norm", term("norm", lang), "text"),
        Column("measure", term("measure", lang), "text"),
        Column("value", term("value", lang), decimals=1),
        Column("target", term("norm_target", lang), decimals=1),
        Column("status", term("status", lang), "text"),
        Column("projected", term("expected_met", lang), "text"),
        Column("reference", term("source", lang), "text")], lang=lang)
    for s in chosen:
        table.add(s.norm, [s.label(lang), _measure(s.measure, lang), s.value, s.target,
                           met_label(s.met, lang), projected_text(s, lang), s.reference])
    not_met = [s.label(lang) for s in chosen if s.met.value == "not_met"]
    unknown = [s.label(lang) for s in chosen if s.met.value == "unknown"]
    none = term("none", lang)
    table.explanation = term("norms.overview_explanation", lang,
                             met=len(chosen) - len(not_met) - len(unknown), n=len(chosen),
                             not_met=", ".join(not_met) or none,
                             unknown=", ".join(unknown) or none)
    return table



def _due_text(due: str, lang: str) -> str:
    """A commitment's due moment: a date (the register writes ``2027-12-31``) as reports
    write dates (31-12-2027 in Dutch), words ('elk half jaar') as they are."""
    try:
        return day_text(dt.date.fromisoformat(due), lang) if len(due) == 10 else due
    except ValueError:
        return due

def commitments_table(register: Sequence[Commitment], lang: str,
                      name: str = "toezeggingen", title: str = "",
                      decisions: Sequence[Decision] | None = None) -> Table:
    """The register of commitments and motions, summarised in the report's language; the
    date made is a date. With ``decisions``, the status is the one the figures decide
    where they can, and the column *Status volgens* says whose reading it is: the data
    (value / target) or the analyst (who, when)."""
    cols = [Column(k, term(f"commitments.{k}", lang), "date" if k == "date" else "text")
            for k in ("id", "kind", "text", "date", "minister", "due", "status",
                      "decided_by", "reference", "answered_in", "answered_by")]
    table = Table(name, title or term("commitments.title", lang), cols, lang=lang)
    by_id = {d.commitment.id: d for d in decisions or ()}
    for c in register:
        d = by_id.get(c.id) or decide(c, {})
        status = commitment_status(d.status, lang)
        if c.recurring:
            status += term("commitments.recurring", lang)
        if d.by_data:
            who = term("commitments.decided_data", lang,
                       what="; ".join(e.detail for _, e in d.evidence))
        else:
            when = day_text(c.status_on, lang) if c.status_on else term(
                "commitments.unknown_date", lang)
            who = term("commitments.decided_analyst", lang, who=c.status_by or "–", when=when)
        table.add(c.id, [c.id, c.kind.value, c.text_in(lang), c.made_on, c.minister or "–",
                         _due_text(c.due_in(lang), lang), status, who,
                         str(c.reference) if c.reference else term("commitments.no_reference",
                                                                    lang),
                         c.answered_in, ", ".join(c.answered_by) or "–"])
    open_ = sum(1 for c in register
                if (by_id.get(c.id) or decide(c, {})).status.value.lower().startswith("open"))
    table.explanation = term("commitments.explanation", lang, n=len(register), open=open_)
    data = sum(1 for d in by_id.values() if d.by_data)
    if data:
        table.explanation += " " + term("commitments.data_count", lang, n=data) + "."
    return table


_PERCENT = ("staffing_percent", "absence_percent", "volunteer_share")


def teams_table(rows: Sequence[TeamIndicators], k: int, lang: str, name: str = "teams"
                ) -> Table:
    """Team indicators; hidden small cells are the text ``×``, never a number."""
    cols = [Column("unit", term("unit", lang), "text"),
            Column("district", "District", "text"), Column("team", "Team", "text")]
    for c in COLUMNS:
        kind: Kind = "percent" if c in _PERCENT else "number"
        cols.append(Column(c, term(f"teams.{c}", lang), kind,
                           1 if kind == "percent" or c in ("social_safety", "workload") else 0))
    table = Table(name, term("teams.title", lang), cols, lang=lang, stub=3,
                  notes=[term("teams.hidden_note", lang, mark=SUPPRESSED, k=k)])
    for r in rows:
        cells: list[Value] = [r.unit, r.district,
                              r.team if not r.is_total else term("teams.district_total", lang)]
        for c in COLUMNS:
            v = r.values.get(c)
            cells.append(SUPPRESSED if v is not None and math.isnan(v) else v)
        table.add(f"{r.district}/{r.team}" + ("/total" if r.is_total else ""), cells,
                  total=r.is_total)
    return table


def absence_table(months: Sequence[str], groups: Sequence[str],
                  rates: Sequence[Sequence[float | None]], long_sick: dict[str, int],
                  target: float, k: int, lang: str = "nl",
                  hidden: Collection[str] = ()) -> Table:
    """12-month moving absence per group (rows) and month (columns), percent, "verzuim tot
    2 jaar"; None = hidden (about too few people), NaN = fewer than 12 months of history.
    The persons sick past their spell's two-year point on the date are a column apart; a
    count of 1 to k−1 is a figure about fewer than k people and is hidden too, as are
    the counts of ``hidden`` (complements: they would follow from a total)."""
    tree = national_police()
    cols = [Column("group", term("unit", lang), "text")]
    cols += [Column(m, m, "percent", 1) for m in months]
    cols.append(Column("long_sick", term("absence.long_sick", lang)))
    table = Table("verzuim-maanden", term("absence.title", lang,
                                          target=format_percent(target, lang, 1)),
                  cols, lang=lang)
    for g, series in zip(groups, rates, strict=True):
        unit = tree.find(g)
        name = unit.label(lang) if unit is not None and unit.kind.value != "basisteam" else g
        if g == NATIONAL:
            name = scope_label(g, lang)
        n = long_sick.get(g, 0)
        table.add(g, [name, *(SUPPRESSED if v is None else v for v in series),
                      SUPPRESSED if 0 < n < k or g in hidden else float(n)])
    return table


def over_cap_table(over: Sequence[tuple[str, float]], cap: float, year: int,
                   lang: str = "nl") -> Table:
    """Volunteers deployed over the yearly hours cap, by pseudonymous id only."""
    table = Table(f"vrijwilligers-boven-{year}", term(
        "over_cap.title", lang, cap=format_number(cap, lang), year=year),
        [Column("person", term("person", lang), "text"),
         Column("hours", term("hours", lang), decimals=1)], lang=lang)
    for p, h in over:
        table.add(p, [p, h])
    return table
