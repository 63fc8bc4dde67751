"""HR records in the store: tables, the one-transaction import, rejects, the derived ledger.

Tables (see :mod:`sterkte.store.migrations`): ``hr_persons``, ``hr_events``, ``hr_sickness``,
``hr_volunteer_hours`` (columns as in :mod:`sterkte.records.hr`), ``hr_imports``
(one row per imported file, with its SHA-256) and ``hr_rejects`` (file, row,
field, reason, message of every refused row).

An import of one or more files is one transaction: all accepted rows and all
rejects land together, or — on any error or crash — nothing does. A file whose
checksum is already in ``hr_imports`` is skipped whole, so re-importing the same
file changes nothing; a row identical to a stored one is skipped too, so a
corrected file can be imported again and only its fixed rows land.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sterkte.errors import Msg, Problem
from sterkte.ledger import Ledger, PeriodKind
from sterkte.org import REPORTING_UNIT_CODES, OrgTree, Unit, UnitKind, national_police
from sterkte.records.hr import IMPORT_ORDER, SYNTHETIC_ID_PREFIX, TABLES, RecordKind, columns
from sterkte.sources.hr_records import RawRecords, peek_hr_file, read_hr_file
from sterkte.store.db import Connection, StoreError, has_table, transaction
from sterkte.store.dialect import analyze
from sterkte.store.hr_derive import derive_ledger, refresh_flows, stocks_on
from sterkte.store.hr_gate import first_problem_order, load_csv, q, validate
from sterkte.store.hr_timeline import store_timeline
from sterkte.store.migrations import ensure_current

CHUNK_ROWS = 250_000  # rows per INSERT, so progress can be reported (and a crash tested)

Progress = Callable[[int], None]  # called with the number of rows handled so far


@dataclass(frozen=True)
class FileSummary:
    file: str
    kind: RecordKind
    rows: int  # records read (persons, events, spells or month-rows)
    accepted: int  # newly stored
    unchanged: int  # identical to a stored record, skipped
    rejected: int  # rows with at least one problem
    already_imported: bool = False  # same checksum imported before: file skipped
    synthetic: bool = False  # the file carries the synthetic police's marker


@dataclass
class ImportSummary:
    """``reasons`` counts each refused row once, under its first problem (in the order the
    gate checks, :data:`~sterkte.store.hr_gate.REASONS`), so the counts add up to
    :attr:`rejected`; ``problems`` counts every problem (a row can have several)."""

    files: list[FileSummary] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)  # refused rows per first problem
    problems: Counter[str] = field(default_factory=Counter)  # every problem per reason code
    examples: list[Problem] = field(default_factory=list)  # the first problems, by file and row

    @property
    def rejected(self) -> int:
        return sum(f.rejected for f in self.files)

    @property
    def accepted(self) -> int:
        return sum(f.accepted for f in self.files)


def ensure_schema(con: Connection) -> None:
    """Bring the store's schema (HR tables included) up to date."""
    ensure_current(con)


def _imported(con: Connection, sha256: str) -> bool:
    if not has_hr(con):
        return False
    row = con.execute("SELECT COUNT(*) FROM hr_imports WHERE sha256 = ?", [sha256]).fetchone()
    return bool(row and row[0])


def has_hr(con: Connection) -> bool:
    """Whether HR records were ever imported (a file, even if all its rows were refused)."""
    if not has_table(con, "hr_imports"):
        return False
    row = con.execute("SELECT COUNT(*) FROM (SELECT 1 FROM hr_imports LIMIT 1) i").fetchone()
    return bool(row and row[0])


def ingest(con: Connection, paths: Sequence[str | Path], *,
           tree: OrgTree | None = None, progress: Progress | None = None,
           max_examples: int = 10, chunk_rows: int = CHUNK_ROWS,
           as_of: dt.date | None = None) -> ImportSummary:
    """Import HR files (any mix of kinds and formats) in one transaction.

    Every file's header is checked before anything is read or written; a refused
    column raises :class:`~sterkte.errors.InputError` and the store stays as it
    was. Files are processed persons first, then events, sickness spells and
    volunteer hours. ``progress`` is called after every chunk of rows written.
    ``as_of`` is the import day (default: today); a record dated after it is refused.
    """
    as_of = as_of if as_of is not None else dt.date.today()
    tree = tree if tree is not None else national_police()
    kinds = [peek_hr_file(p) for p in paths]  # refuse the batch before reading any data
    batch = sorted(zip(kinds, paths, strict=True), key=lambda kp: IMPORT_ORDER.index(kp[0]))
    summary = ImportSummary()
    ensure_schema(con)
    # Plain CSV files are loaded by the database before the transaction (a file it
    # cannot read must not abort the import); other files are read one at a time inside.
    loaded: dict[int, RawRecords] = {}
    for i, (_, path) in enumerate(batch):
        if Path(path).suffix.lower() == ".csv":
            raw = read_hr_file(path)
            if raw.csv is not None and not _imported(con, raw.sha256):
                loaded[i] = load_csv(con, raw, f"_csv{i}")
    written = [0]

    def chunk_done(rows: int) -> None:
        written[0] += rows
        if progress is not None:
            progress(written[0])

    try:
        with transaction(con):
            for i, (_, path) in enumerate(batch):
                raw = loaded[i] if i in loaded else read_hr_file(path)  # data read in stage
                if _imported(con, raw.sha256):
                    summary.files.append(FileSummary(raw.file, raw.kind, raw.num_rows,
                                                     0, 0, 0, already_imported=True,
                                                     synthetic=raw.synthetic))
                    continue
                validate(con, raw, tree, as_of)
                # without a progress callback there is nothing to report between chunks
                step = chunk_rows if progress is not None else 1 << 62
                summary.files.append(_store_file(con, raw, step, chunk_done))
                _summarise(con, summary, max_examples)
                for t in ("_stage", "_rejects", "_unitmap", "_timeline"):
                    con.execute(f"DROP TABLE IF EXISTS {t}")
                del raw
    finally:  # temporary tables the transaction did not drop (it failed)
        for raw in loaded.values():
            if raw.loaded is not None:
                con.execute(f"DROP TABLE IF EXISTS {raw.loaded}")
    analyze(con, (*TABLES.values(), "hr_timeline", "hr_flows", "hr_imports"))
    return summary


def _store_file(con: Connection, raw: RawRecords, chunk_rows: int,
                chunk_done: Callable[[int], None]) -> FileSummary:
    """Write the validated rows of ``_stage`` (in chunks), its rejects and the import log."""
    row = con.execute("SELECT COALESCE(MAX(import_id), 0) + 1 FROM hr_imports").fetchone()
    import_id = int(row[0]) if row else 1
    names = ", ".join(q(c.name) for c in columns(raw.kind))
    con.execute("UPDATE _stage SET _bad = TRUE WHERE _row IN (SELECT row FROM _rejects)")
    counts = con.execute("""SELECT
        COUNT(*) FILTER (WHERE NOT _skip AND NOT _bad), COUNT(*) FILTER (WHERE _skip),
        (SELECT COUNT(DISTINCT row) FROM _rejects), MIN(_row), MAX(_row)
        FROM _stage""").fetchone()
    accepted, unchanged, rejected, lo_row, hi_row = (
        (int(x or 0) for x in counts) if counts else (0, 0, 0, 0, 0))
    for lo in range(lo_row, hi_row + 1, chunk_rows) if accepted else ():
        hi = lo + chunk_rows - 1
        con.execute(f"INSERT INTO {TABLES[raw.kind]} ({names}) SELECT {names} FROM _stage "
                    "WHERE _row BETWEEN ? AND ? AND NOT _skip AND NOT _bad", [lo, hi])
        chunk_done(min(hi, hi_row) - lo + 1)
    if raw.kind is RecordKind.EVENTS:  # the touched persons' histories, as replayed
        store_timeline(con, "_timeline")
        refresh_flows(con)
    con.execute("INSERT INTO hr_rejects SELECT ?, file, row, field, reason, message "
                "FROM _rejects", [import_id])
    rows_read = raw.num_rows + len(raw.unreadable)
    con.execute("INSERT INTO hr_imports (import_id, file, sha256, kind, imported_at, "
                "rows_read, accepted, unchanged, rejected, synthetic) "
                "VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP, ?, ?, ?, ?, ?)",
                [import_id, raw.file, raw.sha256, raw.kind.value, rows_read, accepted,
                 unchanged, rejected, raw.synthetic])
    return FileSummary(raw.file, raw.kind, rows_read, accepted, unchanged, rejected,
                       synthetic=raw.synthetic)


def _summarise(con: Connection, summary: ImportSummary,
               max_examples: int) -> None:
    """Add the problems of ``_rejects`` to ``summary``: refused rows per first problem,
    every problem per reason, the first examples."""
    for reason, n in con.execute("SELECT reason, COUNT(*) FROM _rejects GROUP BY reason"
                                 ).fetchall():
        summary.problems[reason] += int(n)
    for reason, n in con.execute(f"""
            SELECT reason, COUNT(*) FROM (
              SELECT reason, ROW_NUMBER() OVER (
                PARTITION BY row ORDER BY {first_problem_order()}, field) AS k
              FROM _rejects) t
            WHERE k = 1 GROUP BY reason""").fetchall():
        summary.reasons[reason] += int(n)
    room = max_examples - len(summary.examples)
    if room > 0:
        for file, r, fld, message in con.execute(
                "SELECT file, row, field, message FROM _rejects ORDER BY row, field LIMIT ?",
                [room]).fetchall():
            summary.examples.append(Problem(file, r, fld, message))


@dataclass(frozen=True)
class StoredReject:
    import_id: int
    file: str
    row: int | None
    field: str | None
    reason: str
    message: str


def rejects(con: Connection, *, file: str | None = None,
            reason: str | None = None) -> list[StoredReject]:
    """Rejected rows in the store, oldest import first, by file and row."""
    if not has_hr(con):
        return []
    sql = "SELECT import_id, file, row, field, reason, message FROM hr_rejects WHERE 1 = 1"
    params: list[str] = []
    if file is not None:
        sql += " AND file = ?"
        params.append(file)
    if reason is not None:
        sql += " AND reason = ?"
        params.append(reason)
    rows = con.execute(sql + " ORDER BY import_id, file, row, field", params).fetchall()
    return [StoredReject(int(i), f, r, fl, re, m) for i, f, r, fl, re, m in rows]


@dataclass(frozen=True)
class HrImport:
    """One imported HR file, as ``hr_imports`` records it."""

    import_id: int
    file: str
    sha256: str
    kind: str
    imported_at: dt.datetime
    synthetic: bool = False


def _marked_column(con: Connection) -> bool:
    """Whether ``hr_imports`` has the ``synthetic`` column (stores made before it lack it,
    and a read-only store cannot be given it)."""
    row = con.execute("SELECT COUNT(*) FROM information_schema.columns WHERE table_name = "
                      "'hr_imports' AND column_name = 'synthetic'").fetchone()
    return bool(row and row[0])


def hr_imports(con: Connection) -> list[HrImport]:
    """The imported HR files, oldest first (empty without HR records)."""
    if not has_hr(con):
        return []
    marked = "synthetic" if _marked_column(con) else "FALSE"
    rows = con.execute(f"SELECT import_id, file, sha256, kind, imported_at, {marked} "
                       "FROM hr_imports ORDER BY import_id, file").fetchall()
    return [HrImport(int(i), str(f), str(s), str(k), t, bool(m)) for i, f, s, k, t, m in rows]


def synthetic_hr(con: Connection) -> bool:
    """Whether the HR records in the store include synthetic ones: a file imported with
    the synthetic police's marker column, or (records imported before the marker
    existed, or whose marker was taken off) persons with the ids the synthetic police
    gives. Erring this way only ever adds a notice; it never hides one."""
    if not has_hr(con):
        return False
    if _marked_column(con):
        row = con.execute("SELECT COUNT(*) FROM hr_imports WHERE synthetic").fetchone()
        if row and row[0]:
            return True
    pattern = SYNTHETIC_ID_PREFIX + "_" * 6  # syn000123
    row = con.execute("SELECT COUNT(*) FROM (SELECT 1 FROM hr_persons WHERE person_id LIKE ? "
                      "LIMIT 1) t", [pattern]).fetchone()
    return bool(row and row[0])


def derived_ledger(con: Connection, *,
                   period_kind: PeriodKind = PeriodKind.MONTH) -> Ledger:
    """The ledger derived from the stored HR events (see :mod:`sterkte.store.hr_derive`).

    Units are the 15 reporting-unit codes, each with a cell in every category (zero
    when empty); categories OS, ASP, NOS (fte) and VOL (persons); detailed flows
    (``roll_up_flows()`` gives the published ones). Months from the first mutation to
    the last event; coarser periods only where complete.
    """
    if not has_hr(con):
        raise StoreError(Msg("geen HR-gegevens in de opslag: voer eerst `sterkte hr import "
                             "BESTAND…` uit (of `sterkte synth` voor een synthetische politie)",
                             "no HR records in the store: run `sterkte hr import FILE…` first "
                             "(or `sterkte synth` to make a synthetic police)"))
    return derive_ledger(con, period_kind=period_kind, units=REPORTING_UNIT_CODES)


def org_tree(con: Connection) -> OrgTree:
    """The national tree with the districts and basisteams found in the persons records
    (a team belongs to the district and unit most of its people are recorded with)."""
    tree = national_police()
    if not has_hr(con):
        return tree
    rows = con.execute("""
        SELECT team, district, unit FROM (
          SELECT team, district, unit, ROW_NUMBER() OVER (
            PARTITION BY team ORDER BY COUNT(*) DESC, district, unit) AS k
          FROM hr_persons WHERE team IS NOT NULL AND district IS NOT NULL
          GROUP BY team, district, unit) ranked
        WHERE k = 1 ORDER BY unit, district, team""").fetchall()
    for team, district, unit in rows:
        if unit not in tree or tree[unit].parent is None:
            continue
        if district not in tree:
            tree.add(Unit(district, district, UnitKind.DISTRICT, unit))
        if team not in tree and tree[district].parent == unit:
            tree.add(Unit(team, team, UnitKind.TEAM, district))
    return tree


__all__ = ["FileSummary", "HrImport", "ImportSummary", "StoredReject", "derived_ledger",
           "ensure_schema", "has_hr", "hr_imports", "ingest", "org_tree", "rejects", "stocks_on",
           "synthetic_hr"]
