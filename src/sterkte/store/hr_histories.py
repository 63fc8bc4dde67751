"""The history half of the HR gate, in SQL: replay each person's events (stored plus new)
and reject the events that cannot happen — before the hire, after leaving, a second hire,
or a transition the person's category does not allow (:func:`check_histories`)."""

from __future__ import annotations

from sterkte.store.db import Connection
from sterkte.store.dialect import replace_temp_table
from sterkte.store.hr_timeline import timeline_sql

_MAX_PASSES = 100


def not_rejected(alias: str = "_stage") -> str:
    return f"{alias}._row NOT IN (SELECT row FROM _rejects)"


_PROBLEM = """CASE
  WHEN type <> 'hire' AND act_b = 0 AND prior_hires = 0 THEN 'event_before_hire'
  WHEN type <> 'hire' AND act_b = 0 THEN 'event_after_leaving'
  WHEN type = 'hire' AND prior_hires > 0 AND act_b = 1 THEN 'second_hire'
  WHEN type = 'hire' AND prior_hires > 0 THEN 'event_after_leaving'
  WHEN type = 'hire' THEN NULL
  WHEN type = 'academy_start' AND cat_b NOT IN ('OS', 'NOS', 'VOL') THEN 'invalid_transition'
  WHEN type IN ('graduation', 'dropout') AND cat_b <> 'ASP' THEN 'invalid_transition'
  WHEN type = 'transfer_unit' AND (cat_b = 'VOL' OR unit = unit_b) THEN 'invalid_transition'
  WHEN type = 'transfer_category' AND (category = cat_b OR cat_b = 'ASP' OR category = 'ASP')
    THEN 'invalid_transition'
  WHEN type IN ('academy_start', 'transfer_category') AND cat_b = 'VOL' AND fte IS NULL
    THEN 'invalid_transition'
  WHEN type = 'fte_change' AND cat_b = 'VOL' THEN 'invalid_transition'
END"""

_MESSAGE = """CASE problem
  WHEN 'event_before_hire' THEN type || ' on ' || date || ': the person has no hire on or before'
  WHEN 'event_after_leaving' THEN type || ' on ' || date || ': the person had already left'
    || ' (someone who returns gets a new person_id)'
  WHEN 'second_hire' THEN 'hire on ' || date || ': the person is already employed'
  ELSE CASE
    WHEN type IN ('academy_start', 'transfer_category') AND cat_b = 'VOL' AND fte IS NULL
      THEN 'a volunteer becoming a professional needs an fte'
    WHEN type = 'transfer_unit' AND unit = unit_b THEN 'transfer_unit to the unit the person '
      || 'is already in (' || unit || ')'
    WHEN type = 'transfer_unit' THEN 'volunteers do not transfer between units: '
      || 'record a leave and a new hire'
    WHEN type = 'transfer_category' THEN 'transfer_category from ' || cat_b || ' to '
      || category || ' is not possible (aspirants start with academy_start and end with '
      || 'graduation or dropout)'
    ELSE type || ' on ' || date || ' is not possible for a person who is ' || cat_b
  END
END"""


def check_histories(con: Connection, file: str) -> None:
    """Replay each touched person's history (stored events plus this file's valid rows)
    and reject the events that cannot happen: before the hire, after leaving, a second
    hire, or a transition the person's category does not allow.

    Only the first impossible event of a person is rejected per pass, because an
    impossible event also distorts the state seen by the events after it; passes
    repeat until none is left. A new event that would make a stored one impossible
    is rejected as ``conflicts_with_store``. Leaves the temporary table ``_timeline``:
    the touched persons' whole histories as they will be stored (for ``hr_timeline``).
    """
    cols = "event_id, person_id, date, type, unit, category, fte, reason"
    combined = f"""(
        SELECT {cols}, FALSE AS is_new, NULL::BIGINT AS _row FROM hr_events
          WHERE person_id IN (SELECT person_id FROM _stage)
        UNION ALL
        SELECT {cols}, TRUE, _row FROM _stage WHERE NOT _skip AND {not_rejected()})"""
    source = combined  # materialised only when a second pass is needed
    for n_pass in range(_MAX_PASSES + 1):
        last = n_pass == _MAX_PASSES
        replace_temp_table(con, "_timeline",
                           timeline_sql(source, extra=("is_new", "_row"), con=con))
        found = con.execute(f"""
            WITH p AS (SELECT t.*, {_PROBLEM} AS problem FROM _timeline t),
            bad AS (SELECT p.*, {_MESSAGE} AS message,
                      ROW_NUMBER() OVER (PARTITION BY person_id ORDER BY seq) AS k
                    FROM p WHERE problem IS NOT NULL),
            first_bad AS (SELECT * FROM bad WHERE k = 1 OR (? AND is_new))
            SELECT _row, CASE WHEN problem = 'invalid_transition' THEN 'type' ELSE 'date' END,
                   problem, message FROM first_bad WHERE is_new
            UNION ALL
            SELECT t._row, 'date', 'conflicts_with_store',
                   t.type || ' on ' || t.date || ' would make the stored ' || f.type
                   || ' on ' || f.date || ' impossible (' || f.message || ')'
            FROM first_bad f JOIN _timeline t ON t.person_id = f.person_id AND t.seq < f.seq
            WHERE NOT f.is_new AND t.is_new
            """, [last]).fetchall()
        if not found:
            break
        if source == combined:
            replace_temp_table(con, "_tl", f"SELECT * FROM {combined} c")
            source = "_tl"
        con.executemany("INSERT INTO _rejects VALUES (?, ?, ?, ?, ?)",
                        [(file, *r) for r in found])
        con.execute("DELETE FROM _tl WHERE is_new AND _row IN (SELECT row FROM _rejects)")
        if last:  # the rejects of the last pass are out: replay what remains once more
            replace_temp_table(con, "_timeline",
                               timeline_sql(source, extra=("is_new", "_row"), con=con))
    con.execute("DROP TABLE IF EXISTS _tl")
