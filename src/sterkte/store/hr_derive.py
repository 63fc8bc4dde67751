"""Events → ledger: monthly flows and stocks per unit and category, in SQL.

Every event moves a person out of the state before it and into the state
after it. The *out* side books ``-measure_before`` on (unit before, category
before), the *in* side ``+measure_after`` on (unit after, category after);
the flow names are those of the published definitions (DOMAIN.md):

=================  ==========================  ===============================
event              out side (before)           in side (after)
=================  ==========================  ===============================
hire               –                           OS/NOS lateral_entry; ASP/VOL intake
academy_start      OS/NOS transfer_to_training ASP transfer_in
                   VOL to_professional         ASP intake
graduation         ASP graduated_out           OS graduated_in (placement unit)
dropout            ASP dropout                 –
leave              OS/NOS/VOL outflow_<reason> –
                   ASP dropout
transfer_unit      ASP transfer_out            ASP transfer_in
                   OS/NOS transfer_between_units (both sides)
transfer_category  OS→NOS / NOS→OS: transfer_os_to_nos / transfer_nos_to_os (both sides)
                   OS/NOS→VOL outflow_<reason> VOL from_professional
                   VOL→OS/NOS to_professional  OS/NOS lateral_entry
fte_change         working_time −fte before    working_time +fte after
=================  ==========================  ===============================

One exception reproduces the published aspirant tables: an aspirant moved to
another unit in the month of their academy intake is a *placement
correction*; the origin books it as a negative ``transfer_in`` (PDC 2021:
intake 4, inkomende doorstroom −4), not as ``transfer_out``.

The measure is fte for OS, ASP and NOS and 1 person for volunteers (VOL).
Stocks are the running sum of all flows since the first event (so the opening
of the first month counts everyone hired before it); because both sides of
every event are booked, ``closing = opening + Σ flows`` holds by construction
and equals counting people on the date (:func:`stocks_on`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sterkte.ledger import CLOSING, OPENING, Category, Ledger, Period, PeriodKind
from sterkte.store.db import Connection, exact_sum, has_table
from sterkte.store.hr_timeline import timeline_cte

_MEASURE_B = "CASE WHEN cat_b = 'VOL' THEN 1.0 ELSE fte_b END"
_MEASURE_A = "CASE WHEN cat_a = 'VOL' THEN 1.0 ELSE fte_a END"

_OUT_FLOW = """CASE type
  WHEN 'academy_start' THEN CASE WHEN cat_b = 'VOL' THEN 'to_professional'
                                 ELSE 'transfer_to_training' END
  WHEN 'graduation' THEN 'graduated_out'
  WHEN 'dropout' THEN 'dropout'
  WHEN 'leave' THEN CASE WHEN cat_b = 'ASP' THEN 'dropout' ELSE 'outflow_' || reason END
  WHEN 'transfer_unit' THEN CASE
      WHEN cat_b <> 'ASP' THEN 'transfer_between_units'
      WHEN hire_cat = 'ASP' AND hire_month = month THEN 'transfer_in'
      ELSE 'transfer_out' END
  WHEN 'transfer_category' THEN CASE
      WHEN cat_b = 'VOL' THEN 'to_professional'
      WHEN cat_a = 'VOL' THEN 'outflow_' || COALESCE(reason, 'unplanned')
      WHEN cat_b = 'OS' THEN 'transfer_os_to_nos' ELSE 'transfer_nos_to_os' END
  WHEN 'fte_change' THEN 'working_time'
END"""

_IN_FLOW = """CASE type
  WHEN 'hire' THEN CASE WHEN cat_a IN ('OS', 'NOS') THEN 'lateral_entry' ELSE 'intake' END
  WHEN 'academy_start' THEN CASE WHEN cat_b = 'VOL' THEN 'intake' ELSE 'transfer_in' END
  WHEN 'graduation' THEN 'graduated_in'
  WHEN 'transfer_unit' THEN CASE WHEN cat_a = 'ASP' THEN 'transfer_in'
                                 ELSE 'transfer_between_units' END
  WHEN 'transfer_category' THEN CASE
      WHEN cat_a = 'VOL' THEN 'from_professional'
      WHEN cat_b = 'VOL' THEN 'lateral_entry'
      WHEN cat_a = 'NOS' THEN 'transfer_os_to_nos' ELSE 'transfer_nos_to_os' END
  WHEN 'fte_change' THEN 'working_time'
END"""


def flows_sql(con: Connection, source: str = "hr_events") -> str:
    """SELECT month, unit, category, flow, value (summed) over the events in ``source``."""
    return f"""
WITH {timeline_cte(con, source)}, f AS (
  SELECT month, unit_b AS unit, cat_b AS category, {_OUT_FLOW} AS flow,
         -({_MEASURE_B}) AS value
  FROM t WHERE act_b = 1
  UNION ALL
  SELECT month, unit_a, cat_a, {_IN_FLOW}, {_MEASURE_A}
  FROM t WHERE act_a = 1 AND type <> 'leave' AND type <> 'dropout'
)
SELECT month, unit, category, flow, {exact_sum('value')} AS value
FROM f GROUP BY month, unit, category, flow
ORDER BY month, unit, category, flow
"""


def stored_flows_sql(con: Connection, source: str = "hr_events") -> str:
    """:func:`flows_sql` as stored for ``hr_events`` (``hr_flows``, refreshed by every
    events import), else computed."""
    if source == "hr_events" and has_table(con, "hr_flows"):
        return ("SELECT month, unit, category, flow, value FROM hr_flows "
                "ORDER BY month, unit, category, flow")
    return flows_sql(con, source)


def refresh_flows(con: Connection) -> None:
    """Recompute ``hr_flows`` from the stored timeline (inside the import's transaction)."""
    con.execute("DELETE FROM hr_flows")
    con.execute("INSERT INTO hr_flows (month, unit, category, flow, value) "
                f"SELECT * FROM ({flows_sql(con)}) f")


def _period(month: int) -> Period:
    return Period.month(month // 12, month % 12 + 1)


def history_window(con: Connection,
                   source: str = "hr_events") -> tuple[int, int] | None:
    """(first, last) absolute month of the derived ledger, or ``None`` without events.

    The ledger starts in January of the year of the earliest event that is not
    a hire: an extract records everyone's hire but mutations only from its start,
    so earlier hires only establish the opening stock. It ends in the month of the
    latest event.
    """
    # three lookups an index on the date answers (PostgreSQL), rather than one full scan
    row = con.execute(f"""
        SELECT (SELECT MIN(date) FROM {source} s1 WHERE type <> 'hire'),
               (SELECT MIN(date) FROM {source} s2), (SELECT MAX(date) FROM {source} s3)
        """).fetchone()
    if row is None or row[2] is None:
        return None
    first = row[0] if row[0] is not None else row[1]
    return first.year * 12, row[2].year * 12 + row[2].month - 1


def derive_ledger(con: Connection, *, source: str = "hr_events",
                  period_kind: PeriodKind = PeriodKind.MONTH,
                  window: tuple[int, int] | None = None,
                  units: tuple[str, ...] = ()) -> Ledger:
    """The ledger derived from the events in ``source``, per month (or aggregated).

    Units are the units recorded on the events (reporting-unit codes); categories
    OS, ASP, NOS (fte) and VOL (persons). Flows are the detailed ones (outflow
    planned/unplanned, the transfer kinds, graduated_out/transfer_out); use
    :meth:`Ledger.roll_up_flows` for the published layout. Aggregation to
    tertials, half-years or years keeps only the periods the window covers whole.
    Every unit in ``units`` gets a cell (zero if nobody is there) in every category.
    """
    if window is None:
        window = history_window(con, source)
    out = Ledger()
    if window is None:
        return out
    first, last = window
    rows = con.execute(stored_flows_sql(con, source)).fetchall()
    stock: dict[tuple[str, str], float] = defaultdict(float)
    monthly: dict[tuple[int, str, str], dict[str, float]] = defaultdict(dict)
    change: dict[tuple[int, str, str], float] = defaultdict(float)
    for month, unit, cat, flow, value in rows:
        if month < first:
            stock[(unit, cat)] += value
        elif month <= last:
            monthly[(month, unit, cat)][flow] = value
            change[(month, unit, cat)] += value
    cells = set(stock) | {(u, c) for (_, u, c) in monthly} | {
        (u, c.value) for u in units for c in Category}
    for m in range(first, last + 1):
        period = _period(m)
        for unit, cat in sorted(cells):
            category = Category(cat)
            opening = stock[(unit, cat)]
            out.set(period, unit, category, OPENING, opening)
            for flow, value in monthly.get((m, unit, cat), {}).items():
                out.set(period, unit, category, flow, value)
            stock[(unit, cat)] = opening + change.get((m, unit, cat), 0.0)
            out.set(period, unit, category, CLOSING, stock[(unit, cat)])
    if period_kind is PeriodKind.MONTH:
        return out
    return _aggregate_complete(out, period_kind, first, last)


def _aggregate_complete(ledger: Ledger, kind: PeriodKind, first: int, last: int) -> Ledger:
    keep = [p for p in ledger.periods()
            if p.containing(kind).first_month >= first and p.containing(kind).last_month <= last]
    return ledger.select(periods=keep).aggregate_periods(kind)


def stocks_on(con: Connection, day: dt.date,
              source: str = "hr_events") -> dict[tuple[str, Category], float]:
    """Stock per (unit, category) at the end of ``day``, by counting people.

    Each person's state after their last event on or before ``day``; fte for
    OS/ASP/NOS, persons for VOL. Independent of the flow bookkeeping above.
    """
    rows = con.execute(f"""
        WITH {timeline_cte(con, source)}, last AS (
          SELECT person_id, MAX(seq) AS seq FROM t WHERE date <= ? GROUP BY person_id)
        SELECT unit_a, cat_a, {exact_sum(_MEASURE_A)}
        FROM t JOIN last USING (person_id, seq)
        WHERE act_a = 1 GROUP BY unit_a, cat_a ORDER BY unit_a, cat_a""", [day]).fetchall()
    return {(u, Category(c)): float(v) for u, c, v in rows}
