"""Read what the demand and roster engines need from the store: a team's staff on a
date (from the HR records), volunteer hours used in the year, sickness absence per team,
and the sickness spells running during a roster's horizon.
"""

from __future__ import annotations

import datetime as dt

from sterkte.errors import Msg, SterkteError
from sterkte.records.staff import SickSpell, StaffMember
from sterkte.store.db import Connection, exact_sum, has_table
from sterkte.store.hr import has_hr
from sterkte.store.hr_timeline import timeline_cte


class NoHrRecords(SterkteError):
    def __init__(self) -> None:
        super().__init__(Msg(
            "de opslag heeft geen HR-gegevens; voer eerst `sterkte synth` en `sterkte hr "
            "import …` uit (of wijs met --db naar een opslag die ze heeft)",
            "the store has no HR records; run `sterkte synth` and "
            "`sterkte hr import …` first (or point --db at a store that has them)"))


def staff_on(con: Connection, on: dt.date,
             teams: list[str] | None = None) -> list[StaffMember]:
    """Active persons with a team on ``on`` (state from the event history; team and
    function as on the person record), with their contract fte (None for volunteers;
    ``hours`` is left None: turning fte into hours takes a parameter, the app layer's job)
    and the volunteer hours used in ``on``'s year."""
    if not has_hr(con):
        raise NoHrRecords()
    day = on.isoformat()
    vol_hours = ""
    if has_table(con, "hr_volunteer_hours"):
        vol_hours = f"""LEFT JOIN (SELECT person_id, {exact_sum('hours')} AS used
                         FROM hr_volunteer_hours
                         WHERE month >= '{on.year:04d}-01' AND month < '{on:%Y-%m}'
                         GROUP BY person_id) vh USING (person_id)"""
    used = "COALESCE(vh.used, 0)" if vol_hours else "0"
    rows = con.execute(f"""
        WITH {timeline_cte(con)},
        last AS (SELECT person_id, MAX(seq) AS seq FROM t WHERE date <= DATE '{day}'
                 GROUP BY person_id),
        s AS (SELECT t.* FROM t JOIN last USING (person_id, seq) WHERE act_a = 1)
        SELECT p.person_id, p.team, COALESCE(p.district, '?'), p.function, s.cat_a, s.fte_a,
               {used}
        FROM s JOIN hr_persons p USING (person_id) {vol_hours}
        WHERE p.team IS NOT NULL AND s.unit_a = p.unit
        ORDER BY p.team, p.person_id""").fetchall()
    wanted = set(teams) if teams else None
    out = []
    for pid, team, district, function, cat, fte, used_h in rows:
        if wanted is not None and team not in wanted:
            continue
        share = None if cat == "VOL" or fte is None else float(fte)
        out.append(StaffMember(pid, team, district, function, cat, None, float(used_h), share))
    return out


def sickness_during(con: Connection, first: dt.date, days: int,
                    teams: list[str] | None = None) -> list[SickSpell]:
    """The sickness spells of the persons of ``teams`` (all teams when None; team as on
    the person record) that overlap the horizon ``[first, first + days)``: a spell whose
    inclusive ``end`` is on or after ``first``, or that is still open, and that starts
    before the horizon ends. Spells as recorded: an open spell keeps ``end`` None (the
    records only know it lasts until their latest date; the roster decides how long to
    assume); an empty percentage is 100. Ordered by person and start."""
    if not has_hr(con):
        raise NoHrRecords()
    if days <= 0 or not has_table(con, "hr_sickness") or teams == []:
        return []
    after = first + dt.timedelta(days=days)
    # an empty percentage is the schema's default: 100
    sql = """SELECT k.person_id, k.start, k."end", COALESCE(k.percentage, 100)
             FROM hr_sickness k JOIN hr_persons p ON p.person_id = k.person_id
             WHERE k.start < ? AND (k."end" IS NULL OR k."end" >= ?)"""
    args: list[object] = [after, first]
    if teams is not None:
        sql += f" AND p.team IN ({', '.join('?' for _ in teams)})"
        args += teams
    rows = con.execute(sql + " ORDER BY k.person_id, k.start", args).fetchall()
    return [SickSpell(str(pid), start, end, float(pct)) for pid, start, end, pct in rows]
