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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import duckdb

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
from sterkte.store.hr_histories import check_histories, not_rejected

REASONS: dict[str, str] = {
    "unreadable_row": "the row could not be split into the header's fields",
    "missing_value": "a required value is empty",
    "bad_type": "not a number or not a date (YYYY-MM-DD)",
    "bad_value": "not one of the allowed values, or not a valid code",
    "out_of_range": "a number or date outside its allowed range",
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
            expr = f"TRY_CAST(REPLACE({raw}, ',', '.') AS DOUBLE)"
        elif c.sql_type in ("INTEGER", "DATE"):
            expr = f"TRY_CAST({raw} AS {c.sql_type})"
        else:
            expr = raw
        out.append(f"{expr} AS {q(c.name)}")
    return out


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
_BSN = ("(regexp_full_match(person_id, '^[0-9]{9}$') AND ("
        + " + ".join(f"{w} * CAST(SUBSTRING(person_id, {i + 1}, 1) AS INTEGER)"
                     for i, w in enumerate((9, 8, 7, 6, 5, 4, 3, 2, -1)))
        + ") % 11 = 0)")
_CATS = "('OS', 'ASP', 'NOS', 'VOL')"
_FTE = f"(fte <= 0 OR fte > {FTE_MAX})"


def _person_id_rules() -> list[Rule]:
    return [
        Rule("person_id", "bad_value",
             f"person_id IS NOT NULL AND NOT regexp_full_match(person_id, {_ID})",
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


def _kind_rules(kind: RecordKind) -> list[Rule]:
    unit_known = Rule("unit", "unknown_unit", "r_unit IS NOT NULL AND unit IS NULL",
                      f"{_shown('unit')} || ' is not one of the 15 reporting units'")
    fte_range = Rule("fte", "fte_out_of_range", f"fte IS NOT NULL AND {_FTE}",
                     f"'fte ' || fte || ' is outside (0, {FTE_MAX}]'")
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
                 "'hours ' || hours || ' is outside 0-60 a week'"),
            Rule("district", "bad_value",
                 f"district IS NOT NULL AND NOT regexp_full_match(district, {_ID})",
                 "'district must be a code of letters, digits, _ . or -'"),
            Rule("team", "bad_value", f"team IS NOT NULL AND NOT regexp_full_match(team, {_ID})",
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
                 "event_id IS NOT NULL AND NOT regexp_full_match(event_id, "
                 "'^[A-Za-z0-9_.-]{1,40}$')",
                 "'event_id must be 1-40 letters, digits, _ . or -'"),
            Rule("type", "bad_value", f"type IS NOT NULL AND type NOT IN ({types})",
                 f"{_shown('type')} || ' is not an event type ({types.replace(chr(39), '')})'"),
            Rule("date", "out_of_range", "date NOT BETWEEN DATE '1950-01-01' AND DATE "
                 "'2100-12-31'", "'date ' || date || ' is outside 1950-2100'"),
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
                 "'percentage ' || percentage || ' is outside (0, 100]'"),
            Rule("start", "out_of_range", "start NOT BETWEEN DATE '1950-01-01' AND DATE "
                 "'2100-12-31'", "'start ' || start || ' is outside 1950-2100'"),
        ]
    return [
        *_person_id_rules(),
        Rule("month", "bad_value",
             "month IS NOT NULL AND NOT regexp_full_match(month, '^[0-9]{4}-(0[1-9]|1[0-2])$')",
             f"{_shown('month')} || ' is not a month; expected YYYY-MM'"),
        Rule("hours", "out_of_range", f"hours < 0 OR hours > {MONTH_HOURS_MAX:g}",
             f"'hours ' || hours || ' is outside 0-{MONTH_HOURS_MAX:g} (hours in a month)'"),
    ]


def _reject(con: duckdb.DuckDBPyConnection, file: str, field: str, reason: str,
            message: str, where: str, source: str = "_stage") -> None:
    con.execute(f"INSERT INTO _rejects SELECT ?, _row, ?, ?, {message} FROM {source} "
                f"WHERE {where}", [file, field, reason])


def _row_rules(con: duckdb.DuckDBPyConnection, file: str, rules: list[Rule]) -> None:
    """All row-level rules in one scan: the rows that break any rule are found first,
    then one line per broken rule is produced for those rows only."""
    any_broken = " OR ".join(f"({r.condition})" for r in rules)
    problems = ", ".join(
        f"CASE WHEN {r.condition} THEN {{'field': '{r.field}', 'reason': '{r.reason}', "
        f"'message': {r.message}}} END" for r in rules)
    con.execute(f"""
        INSERT INTO _rejects SELECT ?, _row, p.field, p.reason, p.message
        FROM (SELECT _row, UNNEST([{problems}]) AS p FROM _stage WHERE {any_broken})
        WHERE p IS NOT NULL""", [file])


def stage(con: duckdb.DuckDBPyConnection, raw: RawRecords, tree: OrgTree) -> None:
    """Create ``_stage`` (typed) and an empty ``_rejects`` for one file."""
    con.execute("DROP TABLE IF EXISTS _stage")
    con.execute("DROP TABLE IF EXISTS _rejects")
    con.execute("DROP TABLE IF EXISTS _unitmap")
    con.execute("CREATE TEMP TABLE _rejects (file VARCHAR, row BIGINT, field VARCHAR, "
                "reason VARCHAR, message VARCHAR)")
    source, raw = _raw_source(con, raw)
    cols = {c.name for c in columns(raw.kind)}
    units = [] if "unit" not in cols else [u for (u,) in con.execute(
        f"SELECT DISTINCT TRIM(r_unit) FROM {source} WHERE r_unit IS NOT NULL").fetchall()]
    mapping = [(u, found.code) for u in sorted(units)
               if (found := tree.find(u)) is not None and found.parent is not None]
    con.execute("CREATE TEMP TABLE _unitmap (raw VARCHAR, code VARCHAR)")
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
            con.unregister("_raw")
        if raw.loaded is not None:
            con.execute(f"DROP TABLE IF EXISTS {raw.loaded}")
    if raw.unreadable:
        con.executemany("INSERT INTO _rejects VALUES (?, ?, NULL, 'unreadable_row', ?)",
                        [(raw.file, r, m) for r, m in raw.unreadable])


def load_csv(con: duckdb.DuckDBPyConnection, raw: RawRecords, table: str) -> RawRecords:
    """Let DuckDB read a plain CSV file into the temporary ``table`` (text columns).

    Call this outside a transaction: a file DuckDB cannot read cleanly makes it
    fail, and a failure would abort the import's transaction. Returns ``raw`` with
    ``loaded`` set, or — if DuckDB could not read the file, or found fewer records
    than lines — with nothing loaded, so that :func:`stage` reads it through Arrow,
    which reports each unreadable line by its number.
    """
    spec = raw.csv
    if spec is None:
        return raw
    cols = ", ".join(f"'{n}': 'VARCHAR'" for n in spec.names)
    path = str(spec.path).replace("'", "''")
    try:
        con.execute(f"""CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM read_csv(
            '{path}', header = true, delim = '{spec.delimiter}', quote = '"', escape = '"',
            auto_detect = false, columns = {{{cols}}}, strict_mode = true,
            ignore_errors = true)""")
        counted = con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
    except duckdb.Error:
        counted = None
    if counted is not None and counted[0] == spec.records:
        return replace(raw, loaded=table)
    con.execute(f"DROP TABLE IF EXISTS {table}")
    return replace(raw, csv=None)


def _raw_source(con: duckdb.DuckDBPyConnection, raw: RawRecords) -> tuple[str, RawRecords]:
    """A relation with ``_row`` and ``r_<field>`` text columns for every schema field:
    the CSV DuckDB loaded (:func:`load_csv`), or else the file read through Arrow."""
    if raw.loaded is not None and raw.csv is not None:
        have = set(raw.csv.names)
        select = ", ".join(f"{q(c.name)} AS r_{c.name}" if c.name in have
                           else f"NULL::VARCHAR AS r_{c.name}" for c in columns(raw.kind))
        # rowids count the records in file order (insertion order is kept)
        return (f"(SELECT rowid - (SELECT MIN(rowid) FROM {raw.loaded}) + 2 AS _row, "
                f"{select} FROM {raw.loaded})"), raw
    if raw.table is None:
        again = read_hr_file(raw.csv.path if raw.csv else raw.file, fast=False)
        raw = RawRecords(raw.file, again.kind, again.sha256, again.table, again.unreadable)
    assert raw.table is not None
    renamed = raw.table.rename_columns(["_row", *[f"r_{c}" for c in
                                                  raw.table.column_names[1:]]])
    con.register("_raw", renamed)
    return "_raw", raw


def validate(con: duckdb.DuckDBPyConnection, raw: RawRecords, tree: OrgTree) -> None:
    """Stage ``raw`` and record every problem in ``_rejects``; mark stored duplicates
    ``_skip``. The store is read, never written."""
    stage(con, raw, tree)
    _row_rules(con, raw.file, [*_generic_rules(raw.kind), *_kind_rules(raw.kind)])
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


def _duplicates(con: duckdb.DuckDBPyConnection, raw: RawRecords) -> None:
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


def _unknown_person(con: duckdb.DuckDBPyConnection, file: str) -> None:
    _reject(con, file, "person_id", "unknown_person",
            "'person ' || person_id || ' is not in the persons records'",
            f"person_id IS NOT NULL AND {not_rejected()} "
            "AND person_id NOT IN (SELECT person_id FROM hr_persons)")


def _overlaps(con: duckdb.DuckDBPyConnection, file: str) -> None:
    far = "DATE '9999-12-31'"
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _spells AS
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


def reject_rows(con: duckdb.DuckDBPyConnection) -> Sequence[tuple[str, int, str, str, str]]:
    """The problems found, ordered by row (for tests and messages)."""
    return [tuple(r) for r in con.execute(
        "SELECT file, row, field, reason, message FROM _rejects ORDER BY row, field, reason"
    ).fetchall()]


__all__ = ["KEYS", "REASONS", "check_histories", "load_csv", "q", "reject_rows", "stage",
           "validate"]
