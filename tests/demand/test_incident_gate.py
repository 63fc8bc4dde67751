"""Incident records at the gate: bad rows rejected with file, row, field and reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from sterkte.errors import InputError
from sterkte.sources.incidents import read_incidents, write_incidents
from sterkte.synth.incidents import generate_incidents

HEADER = "time,team,priority,type,units,minutes_on_scene\n"


def test_round_trip_of_generated_incidents(tmp_path: Path) -> None:
    import datetime as dt
    inc = generate_incidents({"T": 50.0}, dt.date(2026, 1, 5), 2, seed=1)
    path = tmp_path / "inc.csv"
    write_incidents(path, inc)
    back = read_incidents(path, strict=True)
    assert back.incidents == inc and not back.rejected


def test_bad_rows_are_rejected_with_their_reason(tmp_path: Path) -> None:
    path = tmp_path / "inc.csv"
    path.write_text(HEADER + "2026-01-05T10:00,T,1,theft,1,30\n"
                    "2026-13-05T10:00,T,1,theft,1,30\n"
                    "2026-01-05T10:00,T,7,theft,1,30\n"
                    "2026-01-05T10:00,T,2,theft,0,30\n"
                    "2026-01-05T10:00,T,2,theft,1,lots\n", encoding="utf-8")
    got = read_incidents(path)
    assert len(got.incidents) == 1
    where = [(p.row, p.field) for p in got.rejected]
    assert where == [(3, "time"), (4, "priority"), (5, "units"), (6, "minutes_on_scene")]
    with pytest.raises(InputError) as err:
        read_incidents(path, strict=True)
    assert "row 4, column 'priority'" in str(err.value)


def test_personal_data_columns_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "inc.csv"
    path.write_text(HEADER.strip() + ",Name\n2026-01-05T10:00,T,1,theft,1,30,Jan\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_incidents(path)
    assert "personal data" in str(err.value) and "column 'name'" in str(err.value)


def test_missing_column_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "inc.csv"
    path.write_text("time,team,priority,type,units\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"minutes_on_scene.*missing column"):
        read_incidents(path)
    with pytest.raises(InputError, match="cannot read"):
        read_incidents(tmp_path / "none.csv")
