"""The gate: good rows land, every bad row is rejected with its reason, row and field;
forbidden columns never enter; re-importing changes nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sterkte.errors import InputError
from sterkte.store.db import Connection
from sterkte.store.hr import ingest, rejects

from .conftest import EVENT_COLUMNS, PERSON_COLUMNS, table_rows, write_csv

GOOD_PERSONS = [
    ("p1", 1980, "NN", "d1", "t1", "noodhulp", "OS", "1.0", "36"),
    ("p2", 1999, "Amsterdam", None, None, "aspirant", "ASP", "1,0", "36"),  # name, decimal comma
    ("p3", 1970, "Oost-Nederland", None, None, "ondersteuning", "NOS", "0.8", "28.8"),
    ("v1", 1960, "RT", None, None, "vrijwilliger", "VOL", None, None),
]
BAD_PERSONS = [  # (row, expected reason, expected field)
    (("p4", 1990, "Utopia", None, None, "noodhulp", "OS", "1.0", "36"), "unknown_unit", "unit"),
    (("p5", 1990, "NN", None, None, "noodhulp", "OS", "1.3", "36"), "fte_out_of_range", "fte"),
    (("p6", 1990, "NN", None, None, "noodhulp", "OS", "0", "36"), "fte_out_of_range", "fte"),
    (("p7", "nineteen", "NN", None, None, "noodhulp", "OS", "1", "36"), "bad_type",
     "birth_year"),
    (("111222333", 1990, "NN", None, None, "noodhulp", "OS", "1", "36"), "looks_like_bsn",
     "person_id"),
    (("p8", 1990, "NN", None, None, "wijkagent Jan", "OS", "1", "36"), "bad_value", "function"),
    (("p1", 1981, "NN", None, None, "noodhulp", "OS", "1", "36"), "duplicate_in_file",
     "person_id"),
]


def _events(bad: bool) -> list[tuple[tuple[object, ...], str | None, str | None]]:
    good: list[tuple[object, ...]] = [
        ("e1", "p1", "2010-01-01", "hire", "NN", None, "OS", "1.0", None),
        ("e2", "p2", "2020-01-01", "hire", "AM", None, "ASP", "1.0", None),
        ("e3", "p3", "2000-01-01", "hire", "ON", None, "NOS", "0.8", None),
        ("e4", "v1", "2015-01-01", "hire", "RT", None, "VOL", None, None),
        ("e5", "p1", "2021-03-10", "fte_change", None, None, None, "0.9", None),
        ("e6", "p2", "2021-06-01", "graduation", None, None, None, None, None),
        ("e7", "p3", "2021-02-01", "transfer_category", None, None, "OS", None, None),
        ("e8", "p1", "2021-12-31", "leave", None, None, None, None, "planned"),
    ]
    out: list[tuple[tuple[object, ...], str | None, str | None]] = [(r, None, None) for r in good]
    if bad:
        out += [
            (("e9", "p1", "2022-01-05", "fte_change", None, None, None, "0.8", None),
             "event_after_leaving", "date"),
            (("e10", "p3", "2020-01-15", "graduation", None, None, None, None, None),
             "invalid_transition", "type"),
            (("e5", "p2", "2020-05-01", "fte_change", None, None, None, "0.9", None),
             "duplicate_in_file", "event_id"),
            (("e11", "nobody", "2021-01-15", "leave", None, None, None, None, "planned"),
             "unknown_person", "person_id"),
            (("e12", "p2", "2019-01-01", "fte_change", None, None, None, "0.8", None),
             "event_before_hire", "date"),
            (("e13", "p3", "2021-13-01", "fte_change", None, None, None, "0.5", None),
             "bad_type", "date"),
            (("e14", "p3", "2021-05-01", "fte_change", None, None, None, "2", None),
             "fte_out_of_range", "fte"),
            (("e15", "p3", "2021-05-01", "leave", None, None, None, None, "bored"),
             "bad_value", "reason"),
            (("e16", "p3", "2021-05-01", "transfer_unit", "Atlantis", None, None, None, None),
             "unknown_unit", "unit"),
        ]
    return out


def _files(tmp_path: Path, bad: bool) -> tuple[Path, Path, dict[int, tuple[str, str]]]:
    persons = [*GOOD_PERSONS, *([r for r, _, _ in BAD_PERSONS] if bad else [])]
    expected: dict[int, tuple[str, str]] = {}
    if bad:
        for i, (_, reason, fld) in enumerate(BAD_PERSONS):
            expected[len(GOOD_PERSONS) + 2 + i] = (reason, fld)
    p = write_csv(tmp_path / "persons.csv", PERSON_COLUMNS, persons)
    events = _events(bad)
    e = write_csv(tmp_path / "events.csv", EVENT_COLUMNS, [r for r, _, _ in events])
    for i, (_, reason, fld) in enumerate(events):
        if reason is not None and fld is not None:
            expected[10_000 + i + 2] = (reason, fld)
    return p, e, expected


def test_good_rows_land_and_each_bad_row_is_rejected_with_its_reason_row_and_field(
        tmp_path: Path, store: Connection) -> None:
    persons, events, expected = _files(tmp_path, bad=True)
    summary = ingest(store, [str(events), str(persons)])  # order given does not matter
    assert store.execute("SELECT COUNT(*) FROM hr_persons").fetchone() == (4,)
    assert store.execute("SELECT COUNT(*) FROM hr_events").fetchone() == (8,)
    found = {(r.row if r.file == str(persons) else 10_000 + (r.row or 0)): (r.reason, r.field)
             for r in rejects(store)}
    assert found == expected
    assert summary.rejected == len(expected)
    messages = {r.message for r in rejects(store) if r.reason == "unknown_unit"}
    assert messages == {"'Utopia' is not one of the 15 reporting units",
                        "'Atlantis' is not one of the 15 reporting units"}
    examples = [str(p) for p in summary.examples]
    assert examples[0].startswith(f"{persons}, row 6, column 'unit'")


def test_a_bsn_is_neither_shown_nor_stored(tmp_path: Path,
                                          store: Connection) -> None:
    persons, events, _ = _files(tmp_path, bad=True)
    with persons.open("a") as f:  # the same BSN again, and events that refer to it
        f.write("111222333,1990,NN,,,noodhulp,OS,1,36\n")
    with events.open("a") as f:
        f.write("e90,111222333,2020-01-01,hire,NN,,OS,1,\n")
    ingest(store, [str(persons), str(events)])
    found = {(Path(r.file).name, r.row, r.reason) for r in rejects(store)}
    assert {f for f in found if f[:2] in (("persons.csv", 13), ("events.csv", 19))} == {
        ("persons.csv", 13, "looks_like_bsn"), ("events.csv", 19, "looks_like_bsn")}
    dump = repr(store.execute("SELECT * FROM hr_rejects").fetchall()) + repr(
        store.execute("SELECT * FROM hr_persons").fetchall())
    assert "111222333" not in dump


@pytest.mark.parametrize("column, why", [
    ("naam", "names"), ("BSN", "national ID"), ("Opmerking", "free text"),
    ("email", "contact"),
])
def test_forbidden_columns_are_refused_whole_and_nothing_is_stored(
        tmp_path: Path, store: Connection, column: str, why: str) -> None:
    header = [*PERSON_COLUMNS, column]
    f = write_csv(tmp_path / "persons.csv", header, [(*GOOD_PERSONS[0], "secret")])
    with pytest.raises(InputError) as err:
        ingest(store, [str(f)])
    assert column in str(err.value) and why in str(err.value)
    assert "secret" not in str(err.value)
    tables = store.execute("SELECT COUNT(*) FROM information_schema.tables "
                           "WHERE table_name LIKE 'hr_%' AND table_schema = current_schema()"
                           ).fetchone()
    assert tables == (0,)


def test_an_unknown_column_is_refused_because_it_may_carry_personal_data(
        tmp_path: Path, store: Connection) -> None:
    f = write_csv(tmp_path / "persons.csv", [*PERSON_COLUMNS, "hobby"], [(*GOOD_PERSONS[0], "x")])
    with pytest.raises(InputError, match=r"hobby.*not a column of persons"):
        ingest(store, [str(f)])


def test_reimporting_the_same_files_changes_nothing(tmp_path: Path,
                                                   store: Connection) -> None:
    persons, events, _ = _files(tmp_path, bad=True)
    ingest(store, [str(persons), str(events)])
    before = {t: table_rows(store, t) for t in ("hr_persons", "hr_events", "hr_rejects",
                                               "hr_imports")}
    again = ingest(store, [str(persons), str(events)])
    assert all(f.already_imported for f in again.files)
    assert {t: table_rows(store, t) for t in before} == before


def test_a_corrected_file_adds_only_the_fixed_rows(tmp_path: Path,
                                                  store: Connection) -> None:
    persons, events, _ = _files(tmp_path, bad=True)
    ingest(store, [str(persons), str(events)])
    fixed = [*GOOD_PERSONS, ("p9", 1985, "LB", None, None, "opsporing", "OS", "0.9", "32.4")]
    write_csv(persons, PERSON_COLUMNS, fixed)
    summary = ingest(store, [str(persons)])
    assert (summary.files[0].accepted, summary.files[0].unchanged) == (1, 4)
    assert summary.rejected == 0


def test_a_stored_person_with_different_values_is_a_conflict(
        tmp_path: Path, store: Connection) -> None:
    write_csv(tmp_path / "a.csv", PERSON_COLUMNS, GOOD_PERSONS[:1])
    ingest(store, [str(tmp_path / "a.csv")])
    write_csv(tmp_path / "b.csv", PERSON_COLUMNS, [("p1", 1981, *GOOD_PERSONS[0][2:])])
    summary = ingest(store, [str(tmp_path / "b.csv")])
    assert summary.reasons == {"conflicts_with_store": 1}


def test_csv_parquet_and_xlsx_give_the_same_store(tmp_path: Path) -> None:
    import openpyxl

    persons, events, _ = _files(tmp_path, bad=False)
    results = []
    for fmt in ("csv", "parquet", "xlsx"):
        paths = []
        for src in (persons, events):
            rows = list(csv.reader(src.read_text().splitlines()))
            header, body = rows[0], rows[1:]
            cols = {h: [r[i] or None for r in body] for i, h in enumerate(header)}
            target = tmp_path / fmt / f"{src.stem}.{fmt}"
            target.parent.mkdir(exist_ok=True)
            if fmt == "csv":
                target.write_text(src.read_text())
            elif fmt == "parquet":
                pq.write_table(pa.table(cols), target)
            else:
                wb = openpyxl.Workbook()
                ws = wb.active
                ws.append(header)
                for r in body:
                    ws.append([v or None for v in r])
                wb.save(target)
            paths.append(str(target))
        con = duckdb.connect(str(tmp_path / f"{fmt}.duckdb"))
        summary = ingest(con, paths)
        assert summary.rejected == 0, summary.examples
        results.append((table_rows(con, "hr_persons"), table_rows(con, "hr_events")))
        con.close()
    assert results[0] == results[1] == results[2]


def test_overlapping_sickness_spells_are_rejected(tmp_path: Path,
                                                 store: Connection) -> None:
    persons, events, _ = _files(tmp_path, bad=False)
    spells = write_csv(tmp_path / "sick.csv", ("person_id", "start", "end", "percentage"), [
        ("p1", "2021-01-04", "2021-01-08", "100"),
        ("p1", "2021-01-08", "2021-01-20", "100"),  # overlaps the first by a day
        ("p1", "2021-02-01", None, "50"),  # open spell
        ("p1", "2021-03-01", "2021-03-02", "100"),  # inside the open spell
        ("p3", "2021-03-05", "2021-03-01", "100"),  # ends before it starts
        ("p2", "2021-03-05", "2021-03-06", "150"),
    ])
    summary = ingest(store, [str(persons), str(events), str(spells)])
    got = sorted((r.row, r.reason) for r in rejects(store) if r.file == str(spells))
    assert got == [(3, "overlapping_sickness"), (5, "overlapping_sickness"),
                   (6, "out_of_range"), (7, "out_of_range")]
    assert summary.files[-1].accepted == 2


def test_volunteer_hours_only_for_volunteers(tmp_path: Path,
                                            store: Connection) -> None:
    persons, events, _ = _files(tmp_path, bad=False)
    hours = write_csv(tmp_path / "hours.csv", ("person_id", "month", "hours"), [
        ("v1", "2021-01", "12"), ("p1", "2021-01", "5"), ("v1", "2021-13", "3"),
        ("v1", "2021-02", "800"),  # more hours than a month has (744)
    ])
    ingest(store, [str(persons), str(events), str(hours)])
    got = sorted((r.row, r.reason) for r in rejects(store) if r.file == str(hours))
    assert got == [(3, "not_a_volunteer"), (4, "bad_value"), (5, "out_of_range")]


def test_a_row_with_too_many_fields_is_rejected_not_fatal(
        tmp_path: Path, store: Connection) -> None:
    f = tmp_path / "persons.csv"
    f.write_text(",".join(PERSON_COLUMNS) + "\n"
                 "p1,1980,NN,,,noodhulp,OS,1,36\n"
                 "p2,1980,NN,,,noodhulp,OS,1,36,extra\n"
                 "p3,1980,NN,,,noodhulp,OS,1,36\n")
    summary = ingest(store, [str(f)])
    assert [(r.row, r.reason) for r in rejects(store)] == [(3, "unreadable_row")]
    assert summary.files[0].accepted == 2
    assert store.execute("SELECT person_id FROM hr_persons ORDER BY 1").fetchall() == [
        ("p1",), ("p3",)]


def test_blank_lines_are_skipped_and_rows_keep_their_line_numbers(
        tmp_path: Path, store: Connection) -> None:
    f = tmp_path / "persons.csv"
    f.write_text(",".join(PERSON_COLUMNS) + "\n"
                 "p1,1980,NN,,,noodhulp,OS,1,36\n"
                 "\n"
                 "p2,1980,NN,,,noodhulp,OS,7,36\n")
    summary = ingest(store, [str(f)])
    assert [(r.row, r.reason) for r in rejects(store)] == [(4, "fte_out_of_range")]
    assert summary.files[0].accepted == 1


def test_semicolon_csv_with_decimal_commas_and_padding(
        tmp_path: Path, store: Connection) -> None:
    f = tmp_path / "persons.csv"
    f.write_text(";".join(PERSON_COLUMNS) + "\n"
                 " p1 ; 1980 ; Den Haag ;;; noodhulp ; os ; 0,8889 ; 32\n")
    summary = ingest(store, [str(f)])
    assert summary.rejected == 0, summary.examples
    assert store.execute("SELECT person_id, unit, category, fte FROM hr_persons").fetchall() \
        == [("p1", "DH", "OS", 0.8889)]
