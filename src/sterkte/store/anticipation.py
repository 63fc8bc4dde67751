"""Stored crime-anticipation runs: cells, model, period and the presence plan.

Written by ``sterkte anticipate forecast … --save``; read (read-only) by the
dashboard's ``/anticipation`` page and by ``sterkte capacity --anticipation``.
Tables in :mod:`sterkte.store.migrations`; a save is one transaction. Cells
are places (lower-left corner in metres of a projected CRS), never persons.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from sterkte.records.outlines import AreaOutline
from sterkte.records.presence import AreaPresence, CellPresence, PresencePlan
from sterkte.store.db import Connection, has_table, transaction


@dataclass(frozen=True)
class AnticipationRun:
    """One saved forecast: ``score`` = expected events per cell in [origin, origin + days).
    ``fit`` is None when the model was named (``--model``) and not checked against the
    success criteria; ``override`` is the reason given for saving a run that is not fit for
    use (``--override-unfit``), None when there was none."""

    run_id: int
    saved_at: dt.datetime
    model: str
    fit: bool | None
    verdict: str
    origin: dt.date
    days: int
    cell_size: float
    crs: str
    source: str
    x_min: list[float]
    y_min: list[float]
    score: list[float]
    area: list[str | None]
    plan: PresencePlan
    outlines: list[AreaOutline] = field(default_factory=list)
    override: str | None = None  # the reason an unfit run may be planned anyway, logged

    @property
    def synthetic(self) -> bool:
        """The run's areas are made up (``sterkte anticipate demo``)."""
        return any(o.synthetic for o in self.outlines)

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        """The days the run forecasts: [origin, origin + days)."""
        return self.origin, self.origin + dt.timedelta(days=self.days)


def save_run(con: Connection, *, model: str, fit: bool | None, verdict: str,
             origin: dt.date, days: int, cell_size: float, crs: str, source: str,
             x_min: Sequence[float], y_min: Sequence[float], score: Sequence[float],
             area: Sequence[str | None], plan: PresencePlan,
             saved_at: dt.datetime | None = None,
             outlines: Sequence[AreaOutline] = (), override: str | None = None) -> int:
    """Store one run (whole or not at all); returns its id."""
    if not len(x_min) == len(y_min) == len(score) == len(area):
        raise ValueError("cells, scores and areas must have the same length")
    minutes = {(c.x_min, c.y_min): c.minutes_per_day for c in plan.cells}
    from sterkte.store.migrations import ensure_current

    ensure_current(con)
    with transaction(con):
        row = con.execute("SELECT COALESCE(MAX(run_id), 0) + 1 FROM anticipation_runs"
                          ).fetchone()
        run_id = int(row[0]) if row else 1
        con.execute("""INSERT INTO anticipation_runs (run_id, saved_at, model, fit, verdict,
                           origin, days, cell_size, crs, parameters_on, source, override)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    [run_id, saved_at or dt.datetime.now().replace(microsecond=0), model, fit,
                     verdict, origin, days, float(cell_size), crs, plan.parameters_on, source,
                     override])
        con.executemany("INSERT INTO anticipation_cells VALUES (?, ?, ?, ?, ?, ?)",
                        [[run_id, float(x), float(y), float(s), a,
                          minutes.get((float(x), float(y)))]
                         for x, y, s, a in zip(x_min, y_min, score, area, strict=True)])
        if plan.areas:
            con.executemany("INSERT INTO anticipation_areas VALUES (?, ?, ?, ?, ?)",
                            [[run_id, a.area, a.flagged_cells, a.expected_events,
                              a.hours_per_week] for a in plan.areas])
        if outlines:
            con.executemany(
                "INSERT INTO anticipation_outlines (run_id, area, synthetic, geometry) "
                "VALUES (?, ?, ?, ?)",
                [[run_id, o.area, o.synthetic, json.dumps(o.polygons, separators=(",", ":"))]
                 for o in outlines])
    return run_id


def _outlines(con: Connection, run_id: int) -> list[AreaOutline]:
    """A run's area outlines; none for a store written before outlines were kept."""
    if not has_table(con, "anticipation_outlines"):
        return []
    rows = con.execute("SELECT area, synthetic, geometry FROM anticipation_outlines "
                       "WHERE run_id = ? ORDER BY area", [run_id]).fetchall()
    return [AreaOutline(str(a), [[[(float(x), float(y)) for x, y in ring] for ring in poly]
                                 for poly in json.loads(g)], bool(syn))
            for a, syn, g in rows]


def has_runs(con: Connection) -> bool:
    if not has_table(con, "anticipation_runs"):
        return False
    n = con.execute("SELECT COUNT(*) FROM anticipation_runs").fetchone()
    return bool(n and n[0])


def latest_run(con: Connection) -> AnticipationRun | None:
    """The most recently saved run, or None when the store has none."""
    if not has_runs(con):
        return None
    has_override = con.execute("""SELECT COUNT(*) FROM information_schema.columns
                                  WHERE table_name = 'anticipation_runs'
                                    AND column_name = 'override'""").fetchone()
    override = "override" if has_override and has_override[0] else "NULL"
    head = con.execute(f"""SELECT run_id, saved_at, model, fit, verdict, origin, days, cell_size,
                                  crs, parameters_on, source, {override}
                           FROM anticipation_runs ORDER BY run_id DESC LIMIT 1""").fetchone()
    assert head is not None
    run_id = int(head[0])
    cells = con.execute("""SELECT x_min, y_min, score, area, minutes_per_day
                           FROM anticipation_cells WHERE run_id = ?
                           ORDER BY y_min, x_min""", [run_id]).fetchall()
    areas = con.execute("""SELECT area, flagged_cells, expected_events, hours_per_week
                           FROM anticipation_areas WHERE run_id = ?
                           ORDER BY hours_per_week DESC, area""", [run_id]).fetchall()
    flagged = sorted((c for c in cells if c[4] is not None), key=lambda c: -float(c[2]))
    plan = PresencePlan(
        int(head[6]), head[9],
        [CellPresence(float(c[0]), float(c[1]), str(c[3] or ""), float(c[2]), float(c[4]))
         for c in flagged],
        [AreaPresence(str(a[0]), int(a[1]), float(a[2]), float(a[3])) for a in areas])
    return AnticipationRun(
        run_id, head[1], str(head[2]), None if head[3] is None else bool(head[3]),
        str(head[4]), head[5], int(head[6]), float(head[7]), str(head[8]), str(head[10]),
        [float(c[0]) for c in cells], [float(c[1]) for c in cells],
        [float(c[2]) for c in cells], [None if c[3] is None else str(c[3]) for c in cells],
        plan, _outlines(con, run_id), None if head[11] is None else str(head[11]))
