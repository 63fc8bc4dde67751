"""Sickness absence (verzuim) from spells, the way Statistics Netherlands counts it.

Absence percentage over a period = sick calendar days × spell percentage ×
part-time factor (fte), over available calendar days × part-time factor, for
employees (OS, ASP, NOS; volunteers are not employees). Days beyond the first
two years of a spell are not counted (the CBS method excludes them). The
published figure is the 12-month moving average: the percentage over the 12
months ending with the month reported.
"""

from __future__ import annotations

import duckdb

from sterkte.hr.timeline import timeline_sql
from sterkte.ledger import Period


def monthly_absence(con: duckdb.DuckDBPyConnection, first: Period, last: Period,
                    events: str = "hr_events", spells: str = "hr_sickness"
                    ) -> dict[Period, tuple[float, float]]:
    """Per month: (sick fte-days, available fte-days) over the employees' contracts."""
    months = [m for p in (first, last) for m in p.months]
    months = [m for m in (Period.month(k // 12, k % 12 + 1)
                          for k in range(months[0].first_month, months[-1].last_month + 1))]
    con.execute("CREATE OR REPLACE TEMP TABLE _months (m INTEGER, ms DATE, me DATE)")
    con.executemany("INSERT INTO _months VALUES (?, ?, ?)",
                    [(p.first_month, p.start, p.end) for p in months])
    rows = con.execute(f"""
        WITH t AS ({timeline_sql(events)}),
        iv AS (
          SELECT person_id, date AS a, fte_a AS fte, act_a, cat_a,
            LEAD(date) OVER (PARTITION BY person_id ORDER BY seq) AS nxt FROM t),
        emp AS (
          SELECT person_id, a, COALESCE(nxt - 1, DATE '9999-12-31') AS b, fte
          FROM iv WHERE act_a = 1 AND cat_a <> 'VOL' AND fte IS NOT NULL),
        avail AS (
          SELECT m, SUM((LEAST(b, me) - GREATEST(a, ms) + 1) * fte) AS days
          FROM emp JOIN _months ON a <= me AND b >= ms GROUP BY m),
        sp AS (
          SELECT person_id, start AS sa,
            LEAST(COALESCE("end", DATE '9999-12-31'), start + 729) AS sb,
            percentage / 100.0 AS share FROM {spells}),
        sick AS (
          SELECT m, SUM((LEAST(sb, b, me) - GREATEST(sa, a, ms) + 1) * fte * share) AS days
          FROM sp JOIN emp USING (person_id)
          JOIN _months ON GREATEST(sa, a, ms) <= LEAST(sb, b, me)
          WHERE sa <= b AND sb >= a GROUP BY m)
        SELECT _months.m, COALESCE(sick.days, 0), COALESCE(avail.days, 0)
        FROM _months LEFT JOIN avail USING (m) LEFT JOIN sick USING (m) ORDER BY 1""").fetchall()
    con.execute("DROP TABLE _months")
    return {Period.month(m // 12, m % 12 + 1): (float(s), float(a)) for m, s, a in rows}


def absence_rate_12m(monthly: dict[Period, tuple[float, float]], end: Period) -> float | None:
    """Absence percentage over the 12 months ending with month ``end`` (percent, not a
    fraction); ``None`` when those months are not all in ``monthly``."""
    window = [Period.month(k // 12, k % 12 + 1)
              for k in range(end.first_month - 11, end.first_month + 1)]
    if any(m not in monthly for m in window):
        return None
    sick = sum(monthly[m][0] for m in window)
    avail = sum(monthly[m][1] for m in window)
    return 100.0 * sick / avail if avail > 0 else None
