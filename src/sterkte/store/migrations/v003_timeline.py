"""Version 3: the stored timeline of every person's events (``hr_timeline``) and the
monthly flows derived from it (``hr_flows``).

``hr_timeline``: one row per stored event with the person's state before and after it
(the columns of :func:`sterkte.store.hr_timeline.timeline_sql`), kept by every HR
import for the persons it touches. ``hr_flows``: fte (persons for volunteers) per
month, unit, category and flow (:func:`sterkte.store.hr_derive.flows_sql`), recomputed
by every events import. Upgrading computes both from the stored events, so an
upgraded store reads exactly as one whose events were imported after the upgrade.
"""

from __future__ import annotations

from sterkte.store.db import Connection

DESCRIPTION = "stored event timeline and monthly flows (hr_timeline, hr_flows)"
DESCRIPTION_NL = ("opgeslagen tijdlijn van gebeurtenissen en maandelijkse "
                  "stromen (hr_timeline, hr_flows)")


def statements() -> list[str]:
    return ["""CREATE TABLE IF NOT EXISTS hr_timeline (
        event_id VARCHAR NOT NULL, person_id VARCHAR NOT NULL, date DATE NOT NULL,
        type VARCHAR NOT NULL, unit VARCHAR, category VARCHAR, fte DOUBLE, reason VARCHAR,
        seq BIGINT NOT NULL, month INTEGER NOT NULL, unit_a VARCHAR, cat_a VARCHAR,
        fte_a DOUBLE, act_a INTEGER NOT NULL, unit_b VARCHAR, cat_b VARCHAR, fte_b DOUBLE,
        act_b INTEGER NOT NULL, prior_hires BIGINT NOT NULL, hire_month INTEGER NOT NULL,
        hire_cat VARCHAR, next_date DATE)""",
            """CREATE TABLE IF NOT EXISTS hr_flows (
        month INTEGER NOT NULL, unit VARCHAR, category VARCHAR, flow VARCHAR,
        value DOUBLE NOT NULL)"""]


def fill(con: Connection) -> None:
    """The timeline of the events already stored (none in a new store)."""
    from sterkte.store.dialect import create_index
    from sterkte.store.hr_timeline import TIMELINE_COLUMNS, timeline_sql

    cols = ", ".join(f'"{c}"' for c in TIMELINE_COLUMNS)
    con.execute(f"INSERT INTO hr_timeline ({cols}) SELECT {cols} FROM "
                f"({timeline_sql('hr_events', con=con)}) t")
    create_index(con, "hr_timeline", "person_id")
    from sterkte.store.hr_derive import refresh_flows

    refresh_flows(con)
