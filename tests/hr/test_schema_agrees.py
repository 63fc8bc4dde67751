"""The pydantic models and the SQL gate accept and refuse the same rows."""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from sterkte.records.hr import Person, SicknessSpell, is_bsn
from sterkte.store.hr import ingest, rejects

from .conftest import PERSON_COLUMNS, write_csv

IDS = ("p1", "syn000042", "111222333", "123456789", "a b", "x" * 33, "ok_id.2-b")
YEARS = ("1939", "1940", "1985", "2010", "2011", "19x5")
FUNCTIONS = ("wijkagent", "noodhulp", "ondersteuning", "chef", "")
CATEGORIES = ("OS", "ASP", "NOS", "VOL", "XX")
FTES = ("", "0", "0.0001", "0.5", "1.2", "1.2001", "-1", "abc")
HOURS = ("", "0", "36", "60", "61")
CODES = ("", "syn-AM-D1", "with space", "x" * 33)


def _pydantic_ok(row: dict[str, str]) -> bool:
    try:
        Person.model_validate({k: v for k, v in row.items() if v != ""})
    except ValidationError:
        return False
    return True


@settings(max_examples=40, deadline=None)
@given(st.fixed_dictionaries({
    "person_id": st.sampled_from(IDS), "birth_year": st.sampled_from(YEARS),
    "unit": st.sampled_from(("NN", "LMS")), "district": st.sampled_from(CODES),
    "team": st.sampled_from(CODES), "function": st.sampled_from(FUNCTIONS),
    "category": st.sampled_from(CATEGORIES), "fte": st.sampled_from(FTES),
    "hours": st.sampled_from(HOURS)}))
def test_a_person_row_passes_the_gate_exactly_when_the_model_accepts_it(
        row: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as d:
        f = write_csv(Path(d) / "p.csv", PERSON_COLUMNS, [[row[c] for c in PERSON_COLUMNS]])
        con = duckdb.connect(str(Path(d) / "s.duckdb"))
        summary = ingest(con, [str(f)])
        gate_ok = summary.rejected == 0
        reasons = {r.reason for r in rejects(con)}
        con.close()
    assert gate_ok == _pydantic_ok(row), (row, reasons)


def test_spell_rules_agree() -> None:
    cases = [("2021-01-01", "2021-01-05", "100"), ("2021-01-05", "2021-01-01", "100"),
             ("2021-01-01", "", "50"), ("2021-01-01", "2021-01-02", "0"),
             ("2021-01-01", "2021-01-02", "100.5"), ("2021-02-30", "", "100"), ("", "", "")]
    with tempfile.TemporaryDirectory() as d:
        persons = write_csv(Path(d) / "p.csv", PERSON_COLUMNS, [
            (f"p{i}", 1980, "NN", None, None, "noodhulp", "NOS", "1", "36")
            for i in range(len(cases))])
        spells = write_csv(Path(d) / "s.csv", ("person_id", "start", "end", "percentage"),
                           [(f"p{i}", *case) for i, case in enumerate(cases)])
        con = duckdb.connect(str(Path(d) / "s.duckdb"))
        ingest(con, [str(persons), str(spells)])
        refused = {r.row for r in rejects(con)}
        con.close()
    for i, (start, end, pct) in enumerate(cases):
        try:
            SicknessSpell.model_validate({k: v for k, v in (("person_id", f"p{i}"),
                                                            ("start", start), ("end", end),
                                                            ("percentage", pct)) if v})
            model_ok = True
        except ValidationError:
            model_ok = False
        assert (i + 2 not in refused) == model_ok, (start, end, pct)


def test_the_eleven_test() -> None:
    assert is_bsn("111222333") and not is_bsn("123456789") and not is_bsn("11122233")
