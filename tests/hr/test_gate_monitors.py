"""The gate and the monitors' HR fields: gender and a volunteer's appointment type are
optional, validated columns; cultural background never enters per person, at the HR gate
nor in an aggregate import."""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from sterkte.app.diversity import import_background
from sterkte.errors import InputError
from sterkte.records.hr import Person
from sterkte.store.hr import ingest, rejects

from .conftest import PERSON_COLUMNS, table_rows, write_csv

COLUMNS = (*PERSON_COLUMNS, "gender", "appointment_type")


@pytest.mark.parametrize("column", [
    "migratieachtergrond", "Cultural background", "etniciteit", "geboorteland",
    "nationaliteit", "herkomst", "ethnicity", "country_of_birth"])
def test_no_person_level_cultural_background_is_accepted_at_the_gate(
        tmp_path: Path, column: str) -> None:
    f = write_csv(tmp_path / "persons.csv", (*PERSON_COLUMNS, column),
                  [("p1", 1980, "NN", None, None, "noodhulp", "OS", "1", "36", "anything")])
    con = duckdb.connect(str(tmp_path / "s.duckdb"))
    with pytest.raises(InputError) as err:
        ingest(con, [str(f)])
    (problem,) = err.value.problems
    assert problem.field == column and problem.row == 1
    assert "special-category personal data" in str(problem.message)
    assert "sterkte diversity import" in str(problem.message)
    assert "bijzondere persoonsgegevens" in problem.render("nl")
    # nothing of the file was read, let alone stored
    assert con.execute("SELECT COUNT(*) FROM information_schema.tables "
                       "WHERE table_name = 'hr_persons'").fetchone() == (0,)
    con.close()


def test_an_aggregate_file_with_a_person_column_is_refused_whole(tmp_path: Path) -> None:
    f = tmp_path / "background.csv"
    f.write_text("year,population,unit,group,persons,person_id\n"
                 "2021,staff,NN,a,120,p1\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        import_background(tmp_path / "s.duckdb", f, "a source", "a definition")
    assert [p.field for p in err.value.problems] == ["person_id"]
    assert "never per person" in str(err.value.problems[0].message)
    assert "nooit per persoon" in err.value.render("nl")
    assert not (tmp_path / "s.duckdb").exists()


def test_gender_and_appointment_type_are_validated_and_stored(tmp_path: Path) -> None:
    rows = [
        ("p1", 1980, "NN", None, None, "noodhulp", "OS", "1", "36", "vrouw", None),
        ("p2", 1981, "NN", None, None, "noodhulp", "OS", "1", "36", "Man", None),  # case
        ("v1", 1960, "RT", None, None, "vrijwilliger", "VOL", None, None, "x", "esi"),
        ("v2", 1961, "RT", None, None, "vrijwilliger", "VOL", None, None, None, "ATH"),
        ("p3", 1982, "NN", None, None, "noodhulp", "OS", "1", "36", "f", None),
        ("p4", 1983, "NN", None, None, "noodhulp", "OS", "1", "36", None, "executief"),
        ("v3", 1962, "RT", None, None, "vrijwilliger", "VOL", None, None, None, "generiek"),
    ]
    f = write_csv(tmp_path / "persons.csv", COLUMNS, rows)
    con = duckdb.connect(str(tmp_path / "s.duckdb"))
    summary = ingest(con, [str(f)])
    assert summary.rejected == 3
    got = {(r.row, r.field, r.reason) for r in rejects(con)}
    assert got == {(6, "gender", "bad_value"), (7, "appointment_type", "bad_value"),
                   (8, "appointment_type", "bad_value")}
    stored = {r[0]: (r[9], r[10]) for r in table_rows(con, "hr_persons")}
    assert stored == {"p1": ("vrouw", None), "p2": ("man", None), "v1": ("x", "esi"),
                      "v2": (None, "ath")}
    con.close()


def test_a_store_made_before_the_new_columns_gets_them_empty(tmp_path: Path) -> None:
    old = write_csv(tmp_path / "old.csv", PERSON_COLUMNS,
                    [("p1", 1980, "NN", None, None, "noodhulp", "OS", "1", "36")])
    con = duckdb.connect(str(tmp_path / "s.duckdb"))
    con.execute("CREATE TABLE hr_persons (person_id VARCHAR NOT NULL, birth_year INTEGER "
                "NOT NULL, unit VARCHAR NOT NULL, district VARCHAR, team VARCHAR, function "
                "VARCHAR NOT NULL, category VARCHAR NOT NULL, fte DOUBLE, hours DOUBLE)")
    assert ingest(con, [str(old)]).rejected == 0
    new = write_csv(tmp_path / "new.csv", COLUMNS,
                    [("p2", 1981, "NN", None, None, "noodhulp", "OS", "1", "36", "vrouw", None)])
    assert ingest(con, [str(new)]).rejected == 0
    assert sorted((r[0], r[9]) for r in table_rows(con, "hr_persons")) == [
        ("p1", None), ("p2", "vrouw")]
    con.close()


GENDERS = ("", "man", "vrouw", "x", "f", "M")
TYPES = ("", "executief", "esi", "ath", "generiek")
CATEGORIES = ("OS", "VOL")


def _model_ok(row: dict[str, str]) -> bool:
    try:
        Person.model_validate({k: v for k, v in row.items() if v != ""})
    except ValidationError:
        return False
    return True


@settings(max_examples=25, deadline=None)
@given(st.fixed_dictionaries({
    "gender": st.sampled_from(GENDERS), "appointment_type": st.sampled_from(TYPES),
    "category": st.sampled_from(CATEGORIES)}))
def test_the_gate_and_the_model_agree_on_gender_and_appointment_type(
        row: dict[str, str]) -> None:
    full = {"person_id": "p1", "birth_year": "1980", "unit": "NN", "district": "",
            "team": "", "function": "noodhulp", "fte": "1" if row["category"] == "OS" else "",
            "hours": "", **row}
    with tempfile.TemporaryDirectory() as d:
        f = write_csv(Path(d) / "p.csv", COLUMNS, [[full[c] for c in COLUMNS]])
        con = duckdb.connect(str(Path(d) / "s.duckdb"))
        gate_ok = ingest(con, [str(f)]).rejected == 0
        con.close()
    # the gate lower-cases codes (as for function and category); the model takes them so
    lowered = {k: (v.lower() if k in ("gender", "appointment_type") else v)
               for k, v in full.items()}
    assert gate_ok == _model_ok(lowered), row
