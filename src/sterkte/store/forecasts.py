"""Forecast runs in the store, with the parameters that made them (reproducible).

Tables (see :mod:`sterkte.store.migrations`):
- ``forecast_runs``: one row per run — scenario name(s), start, months, samples,
  seed, the full parameter set after the scenario overrides (JSON), the scenario
  definitions (JSON), a summary (balance dates, probabilities; JSON), when.
- ``forecast_entries``: the prognosis ledger (period, unit, category, flow, fte).
- ``forecast_bands``: P5/P50/P95 of the closing stocks when samples were drawn.
- ``forecast_formatie``: formatie per unit and year end.

One run is written in one transaction: it lands whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import json

from sterkte.ledger import Category, Ledger
from sterkte.records.forecast import ForecastRecord, StoredRun
from sterkte.records.staff import PersonRecord
from sterkte.store.db import Connection, has_table, transaction
from sterkte.store.hr import has_hr
from sterkte.store.hr_timeline import timeline_cte


def ensure_schema(con: Connection) -> None:
    from sterkte.store.migrations import ensure_current

    ensure_current(con)


def save_run(con: Connection, run: ForecastRecord) -> int:
    """Store ``run`` with its parameters and scenarios; returns its ``run_id``."""
    ensure_schema(con)
    with transaction(con):
        row = con.execute("SELECT COALESCE(MAX(run_id), 0) + 1 FROM forecast_runs").fetchone()
        run_id = int(row[0]) if row else 1
        con.execute(
            "INSERT INTO forecast_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [run_id, dt.datetime.now(dt.UTC).replace(tzinfo=None), run.scenario, run.origin,
             run.start_month, run.months, run.samples, run.seed,
             json.dumps(run.parameters, default=str), json.dumps(run.scenarios, default=str),
             json.dumps(run.summary, default=str)])
        con.executemany("INSERT INTO forecast_entries VALUES (?, ?, ?, ?, ?, ?)",
                        [(run_id, *e) for e in run.entries])
        if run.bands:
            con.executemany("INSERT INTO forecast_bands VALUES (?, ?, ?, ?, ?, ?)",
                            [(run_id, *b) for b in run.bands])
        if run.formatie:
            con.executemany("INSERT INTO forecast_formatie VALUES (?, ?, ?, ?)",
                            [(run_id, *f) for f in run.formatie])
    return run_id


def _has_schema(con: Connection) -> bool:
    return has_table(con, "forecast_runs")


def list_runs(con: Connection) -> list[StoredRun]:
    if not _has_schema(con):
        return []
    rows = con.execute("SELECT * FROM forecast_runs ORDER BY run_id").fetchall()
    return [StoredRun(int(r[0]), r[1], r[2], r[3], r[4], int(r[5]), int(r[6]),
                      None if r[7] is None else int(r[7]), json.loads(r[8]), json.loads(r[9]),
                      json.loads(r[10])) for r in rows]


def load_run_ledger(con: Connection, run_id: int) -> Ledger:
    """The prognosis ledger of a stored run (empty if there is no such run)."""
    if not _has_schema(con):
        return Ledger()
    rows = con.execute("SELECT period, unit, category, flow, value FROM forecast_entries "
                       "WHERE run_id = ? ORDER BY period, unit, category, flow",
                       [run_id]).fetchall()
    return Ledger.from_records({"period": p, "unit": u, "category": c, "flow": f, "value": v}
                               for p, u, c, f, v in rows)


def hr_people_on(con: Connection, day: dt.date) -> list[PersonRecord]:
    """Everybody employed (OS, ASP, NOS) at the end of ``day``, from the stored HR
    records: unit, category, birth year and contract fte after their last event."""

    if not has_hr(con):
        return []
    rows = con.execute(f"""
        WITH {timeline_cte(con)}, last AS (
          SELECT person_id, MAX(seq) AS seq FROM t WHERE date <= ? GROUP BY person_id)
        SELECT t.unit_a, t.cat_a, p.birth_year, t.fte_a
        FROM t JOIN last USING (person_id, seq) JOIN hr_persons p USING (person_id)
        WHERE t.act_a = 1 AND t.cat_a IN ('OS', 'ASP', 'NOS')
        ORDER BY t.person_id""", [day]).fetchall()
    return [PersonRecord(str(u), Category(str(c)), int(b), float(f or 0.0))
            for u, c, b, f in rows]


def hr_events_between(con: Connection, first: dt.date, last: dt.date
                      ) -> list[tuple[str, str, str, str | None, int, float]]:
    """Events from ``first`` to ``last`` (inclusive) with the state before them:
    (type, unit before, category before, leave reason, birth year, fte before)."""

    if not has_hr(con):
        return []
    rows = con.execute(f"""
        WITH {timeline_cte(con)}
        SELECT t.type, COALESCE(t.unit_b, t.unit_a), COALESCE(t.cat_b, t.cat_a), t.reason,
               p.birth_year, COALESCE(t.fte_b, t.fte_a)
        FROM t JOIN hr_persons p USING (person_id)
        WHERE t.date BETWEEN ? AND ? ORDER BY t.person_id, t.seq""", [first, last]).fetchall()
    return [(str(a), str(b), str(c), None if d is None else str(d), int(e), float(f or 0.0))
            for a, b, c, d, e, f in rows]
