"""The row-level half of the gate, in SQL: types, values, references and histories.

:func:`validate` turns a file's raw text columns (from
:mod:`sterkte.sources.hr_records`) into the temporary table ``_stage`` (typed
columns, ``_row``, and ``_skip`` for rows identical to ones already stored) and
fills ``_rejects`` with one line per problem: file, row, field, reason code and
a message. A row with any problem is rejected whole. Checks that need other
rows — duplicates, unknown persons, an event before hire or after leaving, an
impossible transition, overlapping sickness spells — look at the store and at
the file together, so the order in which files arrive does not matter as long
as persons come first (the importer sorts them so).

Reason codes: see :data:`REASONS`.

The SQL is the same on DuckDB and PostgreSQL. Text becomes a number or a date only
when it has the form asked for (``YYYY-MM-DD``; digits with an optional sign, decimal
point or comma and exponent) and is a real date, so both engines accept exactly the
same values; messages quote the value as the file gave it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sterkte.org import OrgTree
from sterkte.records.hr import (
    APPOINTMENT_TYPES,
    FTE_MAX,
    FUNCTIONS,
    GENDERS,
    MONTH_HOURS_MAX,
    TABLES,
    RecordKind,
    columns,
)
from sterkte.sources.hr_records import RawRecords, read_hr_file
from sterkte.store.db import Connection
from sterkte.store.dialect import ddl, load_text_table, numbered, read_csv, replace_temp_table
from sterkte.store.hr_histories import check_histories, not_rejected

REASONS: dict[str, str] = {
    "unreadable_row": "the row could not be split into the header's fields",
    "missing_value": "a required value is empty",
    "bad_type": "not a number or not a date (YYYY-MM-DD)",
    "bad_value": "not one of the allowed values, or not a valid code",
    "out_of_range": "a number or date outside its allowed range (a date after the import day "
                    "included: records are about the past)",
    "fte_out_of_range": "fte outside (0, 1.2]",
    "unknown_unit": "not one of the 15 reporting units",
    "looks_like_bsn": "a person_id that is a valid national ID number (BSN)",
    "duplicate_in_file": "the same key appears earlier in the file",
    "duplicate_event_id": "an event id already stored with different content",
    "conflicts_with_store": "differs from the stored record with the same key",
    "unknown_person": "no such person_id in the persons records",
    "event_before_hire": "the person has no hire on or before this event",
    "event_after_leaving": "the person had already left",
    "second_hire": "a hire for a person already employed",
    "invalid_transition": "the event is not possible in the person's state",
    "overlapping_sickness": "overlaps another sickness spell of the person",
    "not_a_volunteer": "volunteer hours for a person who is not a volunteer",
}

KEYS: dict[RecordKind, tuple[str, ...]] = {
    RecordKind.PERSONS: ("person_id",),
    RecordKind.EVENTS: ("event_id",),
    RecordKind.SICKNESS: ("person_id", "start"),
    RecordKind.VOLUNTEER_HOURS: ("person_id", "month"),
}

@dataclass(frozen=True)
class Rule:
    field: str
    reason: str
    condition: str  # SQL over _stage, true for a bad row
    message: str  # SQL text expression


def q(name: str) -> str:
    """A quoted identifier (several field names are SQL keywords: date, end, month…)."""
    return '"' + name.replace('"', '""') + '"'


# Columns whose typed value differs from the text as given; only these keep their text
# (``r_<name>``) in ``_stage``, for messages. The others are stored once, trimmed.
_CONVERTED = frozenset({"unit", "category", "type", "reason", "function", "gender",
                        "appointment_type"})
_PLAIN = frozenset(c.name for k in RecordKind for c in columns(k)
                   if c.sql_type == "VARCHAR" and c.name not in _CONVERTED)


def _text(col: str) -> str:
    """The column's text as given (trimmed)."""
    return q(col) if col in _PLAIN else f"r_{col}"


def _shown(col: str) -> str:
    return f"'''' || LEFT({_text(col)}, 40) || ''''"


def _typed(kind: RecordKind) -> list[str]:
    out = []
    for c in columns(kind):
        raw = f"r_{c.name}"
        if c.name in _PLAIN:
            continue
        if c.name == "unit":
            expr = "_unitmap.code"
        elif c.name == "category":
            expr = (f"CASE UPPER({raw}) WHEN 'VOLUNTEER' THEN 'VOL' WHEN 'VRIJWILLIGER' "
                    f"THEN 'VOL' ELSE UPPER({raw}) END")
        elif c.name in ("type", "reason", "function", "gender", "appointment_type"):
            expr = f"LOWER({raw})"
        elif c.sql_type == "DOUBLE":
            expr = as_double(f"REPLACE({raw}, ',', '.')")
        elif c.sql_type == "INTEGER":
            expr = as_integer(raw)
        elif c.sql_type == "DATE":
            expr = as_date(raw)
        else:
            expr = raw
        out.append(f"{expr} AS {q(c.name)}")
    return out


_NUMBER = "'^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]{1,2})?$'"
_DATE = "'^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'"


def as_double(text: str) -> str:
    """``text`` as a DOUBLE if it is a plain decimal number, else NULL (never an error)."""
    return (f"CASE WHEN LENGTH({text}) <= 40 AND {text} ~ {_NUMBER} "
            f"THEN CAST({text} AS DOUBLE PRECISION) END")


def as_integer(text: str) -> str:
    return f"CASE WHEN {text} ~ '^[+-]?[0-9]{{1,9}}$' THEN CAST({text} AS INTEGER) END"


def as_date(text: str) -> str:
    """``text`` as a DATE if it is ``YYYY-MM-DD`` and that day exists, else NULL. The
    CASTs run only on text the pattern admitted (CASE keeps that order in both engines)."""
    year = f"CAST(SUBSTRING({text}, 1, 4) AS INTEGER)"
    leap = f"(({year} % 4 = 0 AND {year} % 100 <> 0) OR {year} % 400 = 0)"
    days = (f"CASE CAST(SUBSTRING({text}, 6, 2) AS INTEGER) WHEN 2 THEN CASE WHEN {leap} "
            "THEN 29 ELSE 28 END WHEN 4 THEN 30 WHEN 6 THEN 30 WHEN 9 THEN 30 WHEN 11 "
            "THEN 30 ELSE 31 END")
    return (f"CASE WHEN {text} ~ {_DATE} THEN CASE WHEN {year} > 0 AND "
            f"CAST(SUBSTRING({text}, 9, 2) AS INTEGER) <= {days} "
            f"THEN CAST({text} AS DATE) END END")


def _generic_rules(kind: RecordKind) -> list[Rule]:
    rules = []
    for c in columns(kind):
        raw = _text(c.name)
        if c.required:
            rules.append(Rule(c.name, "missing_value", f"{raw} IS NULL",
                              f"'{c.name} is required'"))
        if c.sql_type in ("INTEGER", "DOUBLE"):
            rules.append(Rule(c.name, "bad_type", f"{raw} IS NOT NULL AND {q(c.name)} IS NULL",
                              f"{_shown(c.name)} || ' is not a number'"))
        if c.sql_type == "DATE":
            rules.append(Rule(c.name, "bad_type", f"{raw} IS NOT NULL AND {q(c.name)} IS NULL",
                              f"{_shown(c.name)} || ' is not a date; expected YYYY-MM-DD'"))
    return rules


_ID = "'^[A-Za-z0-9_.-]{1,32}$'"
# The "elfproef": a BSN's digits weighted 9..2 and -1 sum to a multiple of 11.
_BSN = ("(CASE WHEN person_id ~ '^[0-9]{9}$' THEN ("
        + " + ".join(f"{w} * CAST(SUBSTRING(person_id, {i + 1}, 1) AS INTEGER)"
                     for i, w in enumerate((9, 8, 7, 6, 5, 4, 3, 2, -1)))
        + ") % 11 = 0 ELSE FALSE END)")
_CATS = "('OS', 'ASP', 'NOS', 'VOL')"
_MONTH = "^[0-9]{4}-(0[1-9]|1[0-2])$"
_FTE = f"(fte <= 0 OR fte > {FTE_MAX})"


def _person_id_rules() -> list[Rule]:
    return [
        Rule("person_id", "bad_value",
             f"person_id IS NOT NULL AND NOT person_id ~ {_ID}",
             "'person_id must be 1-32 letters, digits, _ . or -'"),
        Rule("person_id", "looks_like_bsn", f"person_id IS NOT NULL AND {_BSN}",
             "'person_id is a valid national ID number (BSN); use a pseudonymous id "
             "(the value is not shown or stored)'"),
    ]


def _closed_list(field: str, allowed: tuple[str, ...]) -> list[Rule]:
    """An optional coded field: empty, or one of ``allowed`` (case ignored)."""
    values = ", ".join(f"'{v}'" for v in allowed)
    return [Rule(field, "bad_value", f"{q(field)} IS NOT NULL AND {q(field)} NOT IN ({values})",
                 f"{_shown(field)} || ' is not one of: {', '.join(allowed)}'")]


_EARLIEST = "DATE '1950-01-01'"


def _date_rules(col: str, as_of: dt.date) -> list[Rule]:
    """A date before 1950, or after the import day ``as_of``: an HR record is about what
    happened, so a date in the future (a spell in 2033) is a typing error."""
    c = q(col)
    return [
        Rule(col, "out_of_range", f"{c} < {_EARLIEST}",
             f"'{col} ' || {c} || ' is before 1950'"),
        Rule(col, "out_of_range", f"{c} > DATE '{as_of.isoformat()}'",
             f"'{col} ' || {c} || ' is after the import day {as_of.isoformat()}: a date in "
             "the future'"),
    ]


def _kind_rules(kind: RecordKind, as_of: dt.date) -> list[Rule]:
    unit_known = Rule("unit", "unknown_unit", "r_unit IS NOT NULL AND unit IS NULL",
                      f"{_shown('unit')} || ' is not one of the 15 reporting units'")
    fte_range = Rule("fte", "fte_out_of_range", f"fte IS NOT NULL AND {_FTE}",
                     f"'fte ' || r_fte || ' is outside (0, {FTE_MAX}]'")
    if kind is RecordKind.PERSONS:
        funcs = ", ".join(f"'{f}'" for f in FUNCTIONS)
        return [
            *_person_id_rules(), unit_known, fte_range,
            Rule("birth_year", "out_of_range", "birth_year NOT BETWEEN 1940 AND 2010",
                 "'birth year ' || birth_year || ' is outside 1940-2010'"),
            Rule("function", "bad_value", f"function IS NOT NULL AND function NOT IN ({funcs})",
                 f"{_shown('function')} || ' is not a known function ({', '.join(FUNCTIONS)})'"),
            Rule("category", "bad_value", f"category IS NOT NULL AND category NOT IN {_CATS}",
                 f"{_shown('category')} || ' is not OS, ASP, NOS or VOL'"),
            Rule("fte", "missing_value", "r_fte IS NULL AND category IN ('OS', 'ASP', 'NOS')",
                 "'fte is required for OS, ASP and NOS'"),
            Rule("hours", "out_of_range", "hours IS NOT NULL AND (hours < 0 OR hours > 60)",
                 "'hours ' || r_hours || ' is outside 0-60 a week'"),
            Rule("district", "bad_value",
                 f"district IS NOT NULL AND NOT district ~ {_ID}",
                 "'district must be a code of letters, digits, _ . or -'"),
            Rule("team", "bad_value", f"team IS NOT NULL AND NOT team ~ {_ID}",
                 "'team must be a code of letters, digits, _ . or -'"),
            *_closed_list("gender", GENDERS),
            *_closed_list("appointment_type", APPOINTMENT_TYPES),
            Rule("appointment_type", "bad_value",
                 "appointment_type IS NOT NULL AND category IN ('OS', 'ASP', 'NOS')",
                 "'appointment_type is for volunteers (VOL) only'"),
        ]
    if kind is RecordKind.EVENTS:
        types = ", ".join(f"'{t}'" for t in ("hire", "academy_start", "graduation", "dropout",
                                             "transfer_unit", "transfer_category",
                                             "fte_change", "leave"))
        return [
            *_person_id_rules(), unit_known, fte_range,
            Rule("event_id", "bad_value",
                 "event_id IS NOT NULL AND NOT event_id ~ '^[A-Za-z0-9_.-]{1,40}$'",
                 "'event_id must be 1-40 letters, digits, _ . or -'"),
            Rule("type", "bad_value", f"type IS NOT NULL AND type NOT IN ({types})",
                 f"{_shown('type')} || ' is not an event type ({types.replace(chr(39), '')})'"),
            *_date_rules("date", as_of),
            Rule("unit", "missing_value", "r_unit IS NULL AND type IN ('hire', 'transfer_unit')",
                 "'unit is required for ' || type"),
            Rule("category", "missing_value",
                 "r_category IS NULL AND type IN ('hire', 'transfer_category')",
                 "'category is required for ' || type"),
            Rule("category", "bad_value", f"category IS NOT NULL AND category NOT IN {_CATS}",
                 f"{_shown('category')} || ' is not OS, ASP, NOS or VOL'"),
            Rule("fte", "missing_value", "r_fte IS NULL AND (type = 'fte_change' OR "
                 "(type = 'hire' AND category IN ('OS', 'ASP', 'NOS')))",
                 "'fte is required for ' || type"),
            Rule("reason", "missing_value", "r_reason IS NULL AND type = 'leave'",
                 "'reason (planned or unplanned) is required for leave'"),
            Rule("reason", "bad_value",
                 "reason IS NOT NULL AND reason NOT IN ('planned', 'unplanned')",
                 f"{_shown('reason')} || ' is not planned or unplanned'"),
        ]
    if kind is RecordKind.SICKNESS:
        return [
            *_person_id_rules(),
            Rule("end", "out_of_range", f'{q("end")} < start',
                 f"'end ' || {q('end')} || ' is before start ' || start"),
            Rule("percentage", "out_of_range", "percentage <= 0 OR percentage > 100",
                 "'percentage ' || r_percentage || ' is outside (0, 100]'"),
            *_date_rules("start", as_of),
            *_date_rules("end", as_of)[1:],  # an end before 1950 is before its start
        ]
    return [
        *_person_id_rules(),
        Rule("month", "bad_value",
             f"month IS NOT NULL AND NOT month ~ '{_MONTH}'",
             f"{_shown('month')} || ' is not a month; expected YYYY-MM'"),
        Rule("hours", "out_of_range", f"hours < 0 OR hours > {MONTH_HOURS_MAX:g}",
             f"'hours ' || r_hours || ' is outside 0-{MONTH_HOURS_MAX:g} (hours in a month)'"),
        # 'YYYY-MM' text compares as the months do
        Rule("month", "out_of_range", f"month ~ '{_MONTH}' "
             f"AND month > '{as_of:%Y-%m}'",
             f"'month ' || month || ' is after the month of the import day "
             f"{as_of.isoformat()}: a month in the future'"),
    ]


def _reject(con: Connection, file: str, field: str, reason: str,
            message: str, where: str, source: str = "_stage") -> None:
    con.execute(f"INSERT INTO _rejects SELECT ?, _row, ?, ?, {message} FROM {source} "
                f"WHERE {where}", [file, field, reason])


def _row_rules(con: Connection, file: str, rules: list[Rule]) -> None:
    """All row-level rules in one scan: the rows that break any rule are found first,
    then one line per broken rule is produced for those rows only."""
    any_broken = " OR ".join(f"({r.condition})" for r in rules)
    replace_temp_table(con, "_broken", f"SELECT * FROM _stage WHERE {any_broken}")
    # rules whose condition is NULL (an empty value) are not broken, as in WHERE
    per_rule = " UNION ALL ".join(
        f"SELECT _row, '{r.field}' AS field, '{r.reason}' AS reason, {r.message} AS message "
        f"FROM _broken WHERE {r.condition}" for r in rules)
    con.execute(f"INSERT INTO _rejects SELECT ?, _row, field, reason, message "
                f"FROM ({per_rule}) p", [file])
    con.execute("DROP TABLE _broken")


def stage(con: Connection, raw: RawRecords, tree: OrgTree) -> None:
    """Create ``_stage`` (typed) and an empty ``_rejects`` for one file."""
    con.execute("DROP TABLE IF EXISTS _stage")
    con.execute("DROP TABLE IF EXISTS _rejects")
    con.execute("DROP TABLE IF EXISTS _unitmap")
    con.execute(ddl(con, "CREATE TEMP TABLE _rejects (file VARCHAR, row BIGINT, "
                    "field VARCHAR, reason VARCHAR, message VARCHAR)"))
    source, raw = _raw_source(con, raw)
    cols = {c.name for c in columns(raw.kind)}
    units = [] if "unit" not in cols else [u for (u,) in con.execute(
        f"SELECT DISTINCT TRIM(r_unit) FROM {source} WHERE r_unit IS NOT NULL").fetchall()]
    mapping = [(u, found.code) for u in sorted(units)
               if (found := tree.find(u)) is not None and found.parent is not None]
    con.execute(ddl(con, "CREATE TEMP TABLE _unitmap (raw VARCHAR, code VARCHAR)"))
    if mapping:
        con.executemany("INSERT INTO _unitmap VALUES (?, ?)", mapping)
    raws = [f"r_{c.name}" for c in columns(raw.kind)]
    trimmed = ", ".join(f"NULLIF(TRIM({r}), '') AS {r}" for r in raws)
    kept = [f"t.r_{c.name}" if c.name not in _PLAIN else f"t.r_{c.name} AS {q(c.name)}"
            for c in columns(raw.kind)]
    unit_join = "LEFT JOIN _unitmap ON _unitmap.raw = t.r_unit" if "unit" in cols else ""
    try:
        con.execute(f"""CREATE TEMP TABLE _stage AS
            SELECT _row, {', '.join([*kept, *_typed(raw.kind)])},
              FALSE AS _skip, FALSE AS _bad
            FROM (SELECT _row, {trimmed} FROM {source}) t {unit_join}""")
    finally:
        if raw.table is not None:
            con.execute("DROP TABLE IF EXISTS _raw")
        if raw.loaded is not None:
            con.execute(f"DROP TABLE IF EXISTS {raw.loaded}")
    if raw.unreadable:
        con.executemany("INSERT INTO _rejects VALUES (?, ?, NULL, 'unreadable_row', ?)",
                        [(raw.file, r, m) for r, m in raw.unreadable])


def load_csv(con: Connection, raw: RawRecords, table: str) -> RawRecords:
    """Let the database read a plain CSV file into the temporary ``table`` (text columns;
    DuckDB's CSV reader, PostgreSQL's COPY).

    Call this outside a transaction: a file DuckDB cannot read cleanly makes it
    fail, and a failure would abort the import's transaction. Returns ``raw`` with
    ``loaded`` set, or — if the database could not read the file, or found fewer
    records than lines — with nothing loaded, so that :func:`stage` reads it through
    Arrow, which reports each unreadable line by its number.
    """
    spec = raw.csv
    if spec is None:
        return raw
    try:
        read_csv(con, table, spec.path, spec.names, spec.delimiter)
        counted = con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
    except Exception:  # the engine's own error type: the file is read another way
        counted = None
    if counted is not None and counted[0] == spec.records:
        return replace(raw, loaded=table)
    con.execute(f"DROP TABLE IF EXISTS {table}")
    return replace(raw, csv=None)


def _raw_source(con: Connection, raw: RawRecords) -> tuple[str, RawRecords]:
    """A relation with ``_row`` and ``r_<field>`` text columns for every schema field:
    the CSV the database loaded (:func:`load_csv`), or else the file read through Arrow."""
    if raw.loaded is not None and raw.csv is not None:
        have = set(raw.csv.names)
        select = ", ".join(f"{q(c.name)} AS r_{c.name}" if c.name in have
                           else f"CAST(NULL AS VARCHAR) AS r_{c.name}"
                           for c in columns(raw.kind))
        return f"(SELECT _row, {select} FROM {numbered(con, raw.loaded)} n) src", raw
    if raw.table is None:
        again = read_hr_file(raw.csv.path if raw.csv else raw.file, fast=False)
        raw = RawRecords(raw.file, again.kind, again.sha256, again.table, again.unreadable,
                         synthetic=raw.synthetic or again.synthetic)
    assert raw.table is not None
    renamed = raw.table.rename_columns(["_row", *[f"r_{c}" for c in
                                                  raw.table.column_names[1:]]])
    load_text_table(con, "_raw", renamed)
    return "_raw", raw


def validate(con: Connection, raw: RawRecords, tree: OrgTree,
             as_of: dt.date | None = None) -> None:
    """Stage ``raw`` and record every problem in ``_rejects``; mark stored duplicates
    ``_skip``. The store is read, never written. ``as_of`` is the import day (default
    today): a date after it is refused."""
    stage(con, raw, tree)
    day = as_of if as_of is not None else dt.date.today()
    _row_rules(con, raw.file, [*_generic_rules(raw.kind), *_kind_rules(raw.kind, day)])
    _duplicates(con, raw)
    if raw.kind is RecordKind.EVENTS:
        _unknown_person(con, raw.file)
        check_histories(con, raw.file)
    elif raw.kind is RecordKind.SICKNESS:
        _unknown_person(con, raw.file)
        _overlaps(con, raw.file)
    elif raw.kind is RecordKind.VOLUNTEER_HOURS:
        _unknown_person(con, raw.file)
        _reject(con, raw.file, "person_id", "not_a_volunteer",
                "'person ' || person_id || ' was never a volunteer'",
                f"{not_rejected()} AND person_id NOT IN (SELECT person_id FROM hr_persons "
                "WHERE category = 'VOL' UNION SELECT person_id FROM hr_events "
                "WHERE category = 'VOL')")


def _duplicates(con: Connection, raw: RawRecords) -> None:
    keys = KEYS[raw.kind]
    key_sql = ", ".join(q(k) for k in keys)

    def shown(alias: str) -> str:
        return " || ' ' || ".join(f"CAST({alias}{q(k)} AS VARCHAR)" for k in keys)

    con.execute(f"""
        INSERT INTO _rejects SELECT ?, _row, ?, 'duplicate_in_file',
          {shown('s.')} || ' appears earlier in the file, on row ' || first_row
        FROM _stage s JOIN (
          SELECT {key_sql}, MIN(_row) AS first_row FROM _stage
          WHERE {' AND '.join(f'{q(k)} IS NOT NULL' for k in keys)}
          GROUP BY {key_sql} HAVING COUNT(*) > 1) d USING ({key_sql})
        WHERE _row > first_row AND _row NOT IN (
          SELECT row FROM _rejects WHERE reason = 'looks_like_bsn')""", [raw.file, keys[-1]])
    table = TABLES[raw.kind]
    join = " AND ".join(f"s.{q(k)} = t.{q(k)}" for k in keys)
    same = " AND ".join(f"s.{q(c.name)} IS NOT DISTINCT FROM t.{q(c.name)}"
                        for c in columns(raw.kind))
    con.execute(f"""
        UPDATE _stage SET _skip = TRUE WHERE _row IN (
          SELECT s._row FROM _stage s JOIN {table} t ON {join} WHERE {same})""")
    reason = "duplicate_event_id" if raw.kind is RecordKind.EVENTS else "conflicts_with_store"
    con.execute(f"""
        INSERT INTO _rejects SELECT ?, s._row, ?, ?,
          {shown('s.')} || ' is already stored with different values'
        FROM _stage s JOIN {table} t ON {join}
        WHERE NOT s._skip AND {not_rejected('s')}""", [raw.file, keys[-1], reason])


def _unknown_person(con: Connection, file: str) -> None:
    _reject(con, file, "person_id", "unknown_person",
            "'person ' || person_id || ' is not in the persons records'",
            f"person_id IS NOT NULL AND {not_rejected()} "
            "AND person_id NOT IN (SELECT person_id FROM hr_persons)")


def _overlaps(con: Connection, file: str) -> None:
    far = "DATE '9999-12-31'"
    replace_temp_table(con, "_spells", f"""
        SELECT person_id, start, {q('end')}, NULL::BIGINT AS _row FROM hr_sickness
          WHERE person_id IN (SELECT person_id FROM _stage)
        UNION ALL
        SELECT person_id, start, {q('end')}, _row FROM _stage
          WHERE NOT _skip AND {not_rejected()}""")
    con.execute(f"""
        INSERT INTO _rejects
        SELECT DISTINCT ?, n._row, 'start', 'overlapping_sickness',
          'spell from ' || n.start || ' overlaps the spell from ' || o.start
        FROM _spells n JOIN _spells o ON n.person_id = o.person_id
          AND n.start <= COALESCE(o.{q('end')}, {far})
          AND o.start <= COALESCE(n.{q('end')}, {far})
        WHERE n._row IS NOT NULL
          AND (o._row IS NULL OR o.start < n.start OR (o.start = n.start AND o._row < n._row))
        """, [file])
    con.execute("DROP TABLE _spells")


def first_problem_order() -> str:
    """SQL ranking a ``reason`` by the order the gate checks (:data:`REASONS`): a row
    refused for several problems is counted once, under the first of them."""
    ranks = " ".join(f"WHEN '{r}' THEN {i}" for i, r in enumerate(REASONS))
    return f"CASE reason {ranks} ELSE {len(REASONS)} END"


def reject_rows(con: Connection) -> Sequence[tuple[str, int, str, str, str]]:
    """The problems found, ordered by row (for tests and messages)."""
    return [tuple(r) for r in con.execute(
        "SELECT file, row, field, reason, message FROM _rejects ORDER BY row, field, reason"
    ).fetchall()]


__all__ = ["KEYS", "REASONS", "check_histories", "first_problem_order", "load_csv", "q",
           "reject_rows", "stage", "validate"]
