"""Replay of event histories in SQL: each person's state before and after every event.

A person's *state* is (unit, category, fte, active). Events are ordered per
person by date, then by :data:`~sterkte.records.hr.EVENT_ORDER` (a hire comes
first on its day, a leave last), then by event id. Each event sets part of the
state (a hire sets all of it, a transfer_unit the unit, an fte_change the fte,
…); the rest carries over. The state on a date is the state after the last
event on or before that date (events take effect on their date, so a person
who leaves on 31 March is not in the stock at the end of March).

Carrying values forward uses ``LAST_VALUE(… IGNORE NULLS)`` over one window
(DuckDB, Oracle, SQL Server; on PostgreSQL it would be the "count the non-null
values so far, then take the one value of each group" idiom): one sort per
query is what keeps a million events within seconds.
"""

from __future__ import annotations

from sterkte.records.hr import EVENT_ORDER


def _rank_case() -> str:
    whens = " ".join(f"WHEN '{t.value}' THEN {i}" for t, i in EVENT_ORDER.items())
    return f"CASE type {whens} END"


def timeline_sql(source: str, extra: tuple[str, ...] = ()) -> str:
    """A SELECT over the events in ``source`` (a table or subquery with the columns of
    ``hr_events``) adding, per event: ``seq`` (position in the person's history),
    ``month`` (absolute month number, year*12 + month-1, as :class:`Period`),
    ``unit_b, cat_b, fte_b, act_b`` (state before) and ``unit_a, cat_a, fte_a, act_a``
    (state after), ``prior_hires`` (hires before this event), and ``hire_month``,
    ``hire_cat`` (of the person's first event). ``extra`` columns are passed through.

    All windows share one partition and order, so the engine sorts once.
    """
    ex = "".join(f", {c}" for c in extra)
    order = f"PARTITION BY person_id ORDER BY date, {_rank_case()}, event_id"
    return f"""
WITH v AS (
  SELECT event_id, person_id, date, type, unit, category, fte, reason{ex},
    CASE WHEN type IN ('hire', 'transfer_unit', 'graduation') THEN unit END AS unit_set,
    CASE WHEN type IN ('hire', 'transfer_category') THEN category
         WHEN type = 'academy_start' THEN 'ASP' WHEN type = 'graduation' THEN 'OS' END
      AS cat_set,
    CASE WHEN type IN ('hire', 'fte_change', 'academy_start', 'transfer_category')
         THEN fte END AS fte_set,
    CASE WHEN type = 'hire' THEN 1 WHEN type IN ('leave', 'dropout') THEN 0 END AS act_set,
    CASE WHEN type = 'hire' THEN 1 ELSE 0 END AS is_hire
  FROM {source}
)
SELECT event_id, person_id, date, type, unit, category, fte, reason{ex},
  ROW_NUMBER() OVER upto AS seq,
  CAST(EXTRACT(YEAR FROM date) * 12 + EXTRACT(MONTH FROM date) - 1 AS INTEGER) AS month,
  LAST_VALUE(unit_set IGNORE NULLS) OVER upto AS unit_a,
  LAST_VALUE(cat_set IGNORE NULLS) OVER upto AS cat_a,
  LAST_VALUE(fte_set IGNORE NULLS) OVER upto AS fte_a,
  COALESCE(LAST_VALUE(act_set IGNORE NULLS) OVER upto, 0) AS act_a,
  LAST_VALUE(unit_set IGNORE NULLS) OVER before AS unit_b,
  LAST_VALUE(cat_set IGNORE NULLS) OVER before AS cat_b,
  LAST_VALUE(fte_set IGNORE NULLS) OVER before AS fte_b,
  COALESCE(LAST_VALUE(act_set IGNORE NULLS) OVER before, 0) AS act_b,
  COALESCE(SUM(is_hire) OVER before, 0) AS prior_hires,
  CAST(EXTRACT(YEAR FROM FIRST_VALUE(date) OVER upto) * 12
       + EXTRACT(MONTH FROM FIRST_VALUE(date) OVER upto) - 1 AS INTEGER) AS hire_month,
  FIRST_VALUE(cat_set) OVER upto AS hire_cat
FROM v
WINDOW upto AS ({order} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
  before AS ({order} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
"""
