"""The gate tells the truth about what it refused (issue 13 §8): a date after the import day
is refused and named; the counts per reason add up to the rows refused; a file that cannot
be read says which file and what to do; a file of the synthetic police is recorded so."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from sterkte.errors import InputError
from sterkte.store.hr import hr_imports, ingest, rejects, synthetic_hr

from .conftest import EVENT_COLUMNS, PERSON_COLUMNS, write_csv

IMPORT_DAY = dt.date(2026, 3, 15)  # the day the import is said to run, not the clock's


def _persons(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "persons.csv", PERSON_COLUMNS, [
        ("p1", 1980, "NN", None, None, "noodhulp", "OS", "1.0", "36"),
        ("p2", 1985, "NN", None, None, "noodhulp", "OS", "1.0", "36"),
        ("v1", 1970, "NN", None, None, "vrijwilliger", "VOL", None, None)])


def _events(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "events.csv", EVENT_COLUMNS, [
        ("e1", "p1", "2015-01-01", "hire", "NN", None, "OS", "1.0", None),
        ("e2", "p2", "2015-01-01", "hire", "NN", None, "OS", "1.0", None),
        ("e3", "v1", "2015-01-01", "hire", "NN", None, "VOL", None, None),
        ("e4", "p1", "2033-02-01", "fte_change", None, None, None, "0.8", None),  # future
        ("e5", "p2", "2026-03-15", "fte_change", None, None, None, "0.9", None),  # the day
        ("e6", "p2", "2026-03-16", "fte_change", None, None, None, "0.8", None)])  # next day


def test_dates_after_the_import_day_are_refused_and_named(
        tmp_path: Path, store: duckdb.DuckDBPyConnection) -> None:
    sick = write_csv(tmp_path / "sickness.csv", ("person_id", "start", "end", "percentage"), [
        ("p1", "2021-03-01", "2021-03-10", "100"),
        ("p2", "2033-01-01", None, "100"),  # a spell in 2033: typed wrong
        ("p1", "2026-03-01", "2026-04-30", "100")])  # ends after the import day
    hours = write_csv(tmp_path / "hours.csv", ("person_id", "month", "hours"), [
        ("v1", "2026-03", "10"), ("v1", "2026-04", "10")])
    summary = ingest(store, [str(_persons(tmp_path)), str(_events(tmp_path)), str(sick),
                             str(hours)], as_of=IMPORT_DAY)
    got = {(Path(r.file).name, r.row): (r.reason, r.field, r.message) for r in rejects(store)}
    assert got == {
        ("events.csv", 5): ("out_of_range", "date", "date 2033-02-01 is after the import day "
                            "2026-03-15: a date in the future"),
        ("events.csv", 7): ("out_of_range", "date", "date 2026-03-16 is after the import day "
                            "2026-03-15: a date in the future"),
        ("sickness.csv", 3): ("out_of_range", "start", "start 2033-01-01 is after the import "
                              "day 2026-03-15: a date in the future"),
        ("sickness.csv", 4): ("out_of_range", "end", "end 2026-04-30 is after the import day "
                              "2026-03-15: a date in the future"),
        ("hours.csv", 3): ("out_of_range", "month", "month 2026-04 is after the month of the "
                           "import day 2026-03-15: a month in the future"),
    }
    assert summary.rejected == 5 and summary.reasons == {"out_of_range": 5}
    # the import day itself is not the future
    assert store.execute("SELECT COUNT(*) FROM hr_events WHERE date = DATE '2026-03-15'"
                         ).fetchone() == (1,)


def test_without_an_import_day_the_gate_takes_today(
        tmp_path: Path, store: duckdb.DuckDBPyConnection) -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    events = write_csv(tmp_path / "events.csv", EVENT_COLUMNS, [
        ("e1", "p1", "2015-01-01", "hire", "NN", None, "OS", "1.0", None),
        ("e2", "p1", tomorrow.isoformat(), "fte_change", None, None, None, "0.8", None)])
    ingest(store, [str(_persons(tmp_path)), str(events)])
    assert [(r.row, r.reason) for r in rejects(store)] == [(3, "out_of_range")]


def test_counts_per_reason_add_up_to_the_rows_refused(
        tmp_path: Path, store: duckdb.DuckDBPyConnection) -> None:
    persons = write_csv(tmp_path / "persons.csv", PERSON_COLUMNS, [
        ("p1", 1980, "NN", None, None, "noodhulp", "OS", "1.0", "36"),
        # three problems in one row: unknown unit, fte out of range, a birth year of 1900
        ("p2", 1900, "Utopia", None, None, "noodhulp", "OS", "1.5", "36"),
        # two problems: a bad function and hours out of range
        ("p3", 1980, "NN", None, None, "dichter", "OS", "1.0", "99"),
        ("p4", 1980, "NN", None, None, "noodhulp", "OS", "0", "36")])  # one problem
    summary = ingest(store, [str(persons)])
    assert summary.rejected == 3
    # each refused row once, under its first problem in the gate's order (REASONS)
    assert summary.reasons == {"bad_value": 1, "out_of_range": 1, "fte_out_of_range": 1}
    assert sum(summary.reasons.values()) == summary.rejected
    # every problem is still stored and counted apart: 3 + 2 + 1
    assert sum(summary.problems.values()) == 6 == len(rejects(store))
    assert summary.problems == {"out_of_range": 2, "fte_out_of_range": 2, "unknown_unit": 1,
                                "bad_value": 1}


def _pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n")
    return path


def _latin1(path: Path) -> Path:
    path.write_bytes(",".join(PERSON_COLUMNS).encode() + b"\n"
                     + "p1,1980,NN,,,noodhulp,OS,1,36\npé,1980,NN,,,noodhulp,OS,1,36\n"
                     .encode("latin-1"))
    return path


def _utf16(path: Path) -> Path:
    path.write_bytes((",".join(PERSON_COLUMNS) + "\np1,1980,NN,,,noodhulp,OS,1,36\n")
                     .encode("utf-16"))
    return path


def _binary(path: Path) -> Path:
    path.write_bytes(bytes(range(256)) * 8)
    return path


def _workbook_without_records(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Toelichting"
    ws.append(["Personeelsgegevens, zie tabblad 2"])
    wb.create_sheet("Overzicht").append(["jaar", "aantal"])
    wb.save(path)
    return path


def _workbook_named_csv(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(list(PERSON_COLUMNS))
    wb.save(path)
    return path


def _broken_parquet(path: Path) -> Path:
    path.write_bytes(b"PAR1 this is not a parquet file")
    return path


@pytest.mark.parametrize("name, make, says, row", [
    ("report.csv", _pdf, "is a PDF document, not a table: export the HR records again as CSV "
     "(UTF-8), XLSX or Parquet", None),
    ("persons.csv", _latin1, "is not UTF-8 text (byte 0xe9 cannot be read): save it as 'CSV "
     "UTF-8' (in Excel: Save as, CSV UTF-8) and import it again", 3),
    ("persons.csv", _utf16, "is UTF-16 text, not UTF-8: save it as 'CSV UTF-8'", None),
    ("persons.csv", _binary, "is not text (it contains NUL bytes), so not a CSV table: export "
     "the HR records again", None),
    ("persons.xlsx", _workbook_without_records, "no sheet of the workbook ('Toelichting', "
     "'Overzicht') starts with the header of HR records: export the HR records again", None),
    ("persons.csv", _workbook_named_csv, "is a zip file (an XLSX workbook?) with the name of a "
     "CSV file; if it is a workbook, name it .xlsx", None),
    ("persons.parquet", _broken_parquet, "is not a readable Parquet file (", None),
    ("persons.xlsx", _pdf, "is a PDF document, not a table", None),
])
def test_an_unreadable_file_says_which_file_and_what_to_do(
        tmp_path: Path, store: duckdb.DuckDBPyConnection, name: str, make: object,
        says: str, row: int | None) -> None:
    path = make(tmp_path / name)  # type: ignore[operator]
    (tmp_path / "good").mkdir()
    good = _persons(tmp_path / "good")  # a good file in the same batch
    with pytest.raises(InputError) as err:
        ingest(store, [str(good), str(path)])
    (problem,) = err.value.problems
    assert problem.file == str(path) and problem.row == row
    assert says in str(problem.message), problem.message
    assert "Traceback" not in str(err.value)
    tables = [name for (name,) in store.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_name LIKE 'hr_%'").fetchall()]
    rows = {name: store.execute(f"SELECT COUNT(*) FROM {name}").fetchone() for name in tables}
    assert all(count == (0,) for count in rows.values()), rows  # nothing of the batch was stored


def test_the_one_sheet_of_records_in_a_workbook_is_found(
        tmp_path: Path, store: duckdb.DuckDBPyConnection) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Toelichting"
    ws.append(["Personeelsgegevens op tabblad 'personen'"])
    data = wb.create_sheet("personen")
    data.append(list(PERSON_COLUMNS))
    data.append(["p1", 1980, "NN", None, None, "noodhulp", "OS", 1.0, 36])
    wb.save(tmp_path / "hr.xlsx")
    summary = ingest(store, [str(tmp_path / "hr.xlsx")])
    assert summary.accepted == 1 and summary.rejected == 0


def test_files_of_the_synthetic_police_are_recorded_as_synthetic(
        tmp_path: Path, store: duckdb.DuckDBPyConnection) -> None:
    real = _persons(tmp_path)
    ingest(store, [str(real)])
    assert not synthetic_hr(store)
    marked = tmp_path / "marked"
    marked.mkdir()
    persons = write_csv(marked / "persons.csv", (*PERSON_COLUMNS, "synthetic"), [
        ("x1", 1980, "NN", None, None, "noodhulp", "OS", "1.0", "36", "true")])
    table = pa.table({"person_id": ["x1"], "start": ["2021-01-04"], "end": ["2021-01-05"],
                      "percentage": ["100"], "synthetic": ["true"]})
    pq.write_table(table, marked / "sickness.parquet")
    summary = ingest(store, [str(persons), str(marked / "sickness.parquet")])
    assert summary.rejected == 0 and [f.synthetic for f in summary.files] == [True, True]
    assert [(Path(i.file).name, i.synthetic) for i in hr_imports(store)] == [
        ("persons.csv", False), ("persons.csv", True), ("sickness.parquet", True)]
    assert synthetic_hr(store)


def test_ids_of_the_synthetic_police_mark_records_imported_without_the_marker(
        tmp_path: Path, store: duckdb.DuckDBPyConnection) -> None:
    # a store filled before the marker existed: the generator's ids still tell
    persons = write_csv(tmp_path / "persons.csv", PERSON_COLUMNS, [
        ("syn000001", 1980, "NN", None, None, "noodhulp", "OS", "1.0", "36")])
    ingest(store, [str(persons)])
    assert not hr_imports(store)[0].synthetic
    assert synthetic_hr(store)
