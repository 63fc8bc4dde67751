"""Replay of event histories in SQL: each person's state before and after every event.

A person's *state* is (unit, category, fte, active). Events are ordered per
person by date, then by :data:`~sterkte.records.hr.EVENT_ORDER` (a hire comes
first on its day, a leave last), then by event id. Each event sets part of the
state (a hire sets all of it, a transfer_unit the unit, an fte_change the fte,
…); the rest carries over. The state on a date is the state after the last
event on or before that date (events take effect on their date, so a person
who leaves on 31 March is not in the stock at the end of March).

Carrying values forward uses ``LAST_VALUE(… IGNORE NULLS)`` over one window on
DuckDB; PostgreSQL, which lacks ``IGNORE NULLS``, numbers the events first and takes
the ``MAX`` of the position-prefixed value (:func:`sterkte.store.dialect.carried`).
One sort per query either way is what keeps a million events within seconds.

The timeline of the stored events is itself stored (``hr_timeline``, one row per
event with the columns of :func:`timeline_sql`), rewritten for the persons each HR
import touches: every reader (the ledger, the norms, staff on a date) then scans a
table instead of sorting all events again, which on PostgreSQL is the difference
between seconds and tens of seconds for a million events. :func:`timeline_cte` gives
the stored timeline, or computes it for any other source.
"""

from __future__ import annotations

from sterkte.records.hr import EVENT_ORDER
from sterkte.store.db import Connection, has_table, is_postgres
from sterkte.store.dialect import carried


def _rank_case() -> str:
    whens = " ".join(f"WHEN '{t.value}' THEN {i}" for t, i in EVENT_ORDER.items())
    return f"CASE type {whens} END"


def timeline_sql(source: str, extra: tuple[str, ...] = (),
                 con: Connection | None = None) -> str:
    """A SELECT over the events in ``source`` (a table or subquery with the columns of
    ``hr_events``) adding, per event: ``seq`` (position in the person's history),
    ``month`` (absolute month number, year*12 + month-1, as :class:`Period`),
    ``unit_b, cat_b, fte_b, act_b`` (state before) and ``unit_a, cat_a, fte_a, act_a``
    (state after), ``prior_hires`` (hires before this event), ``hire_month``,
    ``hire_cat`` (of the person's first event) and ``next_date`` (of the person's next
    event, NULL for the last). ``extra`` columns are passed through.

    All windows share one partition and order, so the engine sorts once. ``con`` says
    which engine the query is for (DuckDB when None).
    """
    ex = "".join(f", {c}" for c in extra)
    order = "PARTITION BY person_id ORDER BY date, rnk, event_id"
    pg = con is not None and is_postgres(con)
    numbered = f", a AS (SELECT v.*, ROW_NUMBER() OVER ({order}) AS pos FROM v)" if pg else ""

    def last(value: str, frame: str) -> str:
        return carried(con, value, "pos", frame)

    return f"""
WITH v AS (
  SELECT event_id, person_id, date, type, unit, category, fte, reason{ex},
    {_rank_case()} AS rnk,
    CASE WHEN type IN ('hire', 'transfer_unit', 'graduation') THEN unit END AS unit_set,
    CASE WHEN type IN ('hire', 'transfer_category') THEN category
         WHEN type = 'academy_start' THEN 'ASP' WHEN type = 'graduation' THEN 'OS' END
      AS cat_set,
    CASE WHEN type IN ('hire', 'fte_change', 'academy_start', 'transfer_category')
         THEN fte END AS fte_set,
    CASE WHEN type = 'hire' THEN 1 WHEN type IN ('leave', 'dropout') THEN 0 END AS act_set,
    CASE WHEN type = 'hire' THEN 1 ELSE 0 END AS is_hire
  FROM {source} ev
){numbered}
SELECT event_id, person_id, date, type, unit, category, fte, reason{ex},
  {"pos" if pg else "ROW_NUMBER() OVER upto"} AS seq,
  CAST(EXTRACT(YEAR FROM date) * 12 + EXTRACT(MONTH FROM date) - 1 AS INTEGER) AS month,
  {last('unit_set', 'upto')} AS unit_a,
  {last('cat_set', 'upto')} AS cat_a,
  {_number(pg, last('fte_set', 'upto'), 'DOUBLE')} AS fte_a,
  COALESCE({_number(pg, last('act_set', 'upto'), 'INTEGER')}, 0) AS act_a,
  {last('unit_set', 'before')} AS unit_b,
  {last('cat_set', 'before')} AS cat_b,
  {_number(pg, last('fte_set', 'before'), 'DOUBLE')} AS fte_b,
  COALESCE({_number(pg, last('act_set', 'before'), 'INTEGER')}, 0) AS act_b,
  COALESCE(SUM(is_hire) OVER before, 0) AS prior_hires,
  CAST(EXTRACT(YEAR FROM FIRST_VALUE(date) OVER upto) * 12
       + EXTRACT(MONTH FROM FIRST_VALUE(date) OVER upto) - 1 AS INTEGER) AS hire_month,
  FIRST_VALUE(cat_set) OVER upto AS hire_cat,
  LEAD(date) OVER nxt AS next_date
FROM {"a" if pg else "v"}
WINDOW upto AS ({order} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
  before AS ({order} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
  nxt AS ({order})
"""


# The columns of timeline_sql (without extras), as stored in hr_timeline.
TIMELINE_COLUMNS = ("event_id", "person_id", "date", "type", "unit", "category", "fte",
                    "reason", "seq", "month", "unit_a", "cat_a", "fte_a", "act_a", "unit_b",
                    "cat_b", "fte_b", "act_b", "prior_hires", "hire_month", "hire_cat",
                    "next_date")


def timeline_cte(con: Connection, source: str = "hr_events", name: str = "t") -> str:
    """A WITH-list item ``name AS (…)``: the stored timeline of ``hr_events`` (inlined
    wherever it is used), or the timeline of another ``source`` computed once."""
    if source == "hr_events" and has_table(con, "hr_timeline"):
        return f"{name} AS NOT MATERIALIZED (SELECT * FROM hr_timeline)"
    return f"{name} AS ({timeline_sql(source, con=con)})"


def store_timeline(con: Connection, timeline: str) -> None:
    """Replace the stored timeline of the persons in ``timeline`` (a table with the
    columns of :func:`timeline_sql` holding each of those persons' whole history)."""
    cols = ", ".join(f'"{c}"' for c in TIMELINE_COLUMNS)
    con.execute(f"DELETE FROM hr_timeline WHERE person_id IN "
                f"(SELECT DISTINCT person_id FROM {timeline})")
    con.execute(f"INSERT INTO hr_timeline ({cols}) SELECT {cols} FROM {timeline}")


def _number(pg: bool, expr: str, sql_type: str) -> str:
    """A carried number: PostgreSQL carries it as text (see ``carried``)."""
    if not pg:
        return expr
    return f"CAST({expr} AS {'DOUBLE PRECISION' if sql_type == 'DOUBLE' else sql_type})"
