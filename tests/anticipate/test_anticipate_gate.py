"""The gate: only time, place, offence and channel pass; person fields are refused."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from sterkte.cli.anticipate import app
from sterkte.errors import InputError
from sterkte.sources.crime_events import is_person_field, read_crime_events

from .conftest import write_csv

PERSON_ROWS = [
    {"time": "2024-03-01 22:10", "x": "155100", "y": "463100", "offence": "robbery",
     "channel": "citizen", "suspect_name": "Jan Jansen", "suspect_age": "19",
     "ethnicity": "X", "victim_description": "woman in red coat"},
    {"time": "2024-03-02 01:30", "x": "155300", "y": "463200", "offence": "robbery",
     "channel": "citizen", "suspect_name": "Piet de Vries", "suspect_age": "23",
     "ethnicity": "Y", "victim_description": "tall man with dog"},
]


def test_gate_refuses_person_fields_and_stores_nothing(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "with_persons.csv", PERSON_ROWS)
    with pytest.raises(InputError) as info:
        read_crime_events(src, source_crs="EPSG:28992")
    refused = {p.field for p in info.value.problems}
    assert refused == {"suspect_name", "suspect_age", "ethnicity", "victim_description"}
    assert all(p.row == 1 and "nothing of this file was stored" in str(p.message)
               for p in info.value.problems)
    # The message names the columns, never the values.
    assert "Jansen" not in str(info.value) and "red coat" not in str(info.value)

    out = tmp_path / "cells.csv"
    result = CliRunner().invoke(app, [
        "forecast", "--events", str(src), "--at", "2024-03-10", "--model", "retrospective",
        "--source-crs", "EPSG:28992", "--out", str(out)])
    assert result.exit_code == 2
    assert "persoonsveld geweigerd" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["with_persons.csv"]


def test_gate_refuses_person_fields_in_parquet_on_the_schema(tmp_path: Path) -> None:
    table = pa.table({"time": ["2024-01-01 10:00"], "longitude": [5.38], "latitude": [52.15],
                      "naamVerdachte": ["someone"]})
    path = tmp_path / "events.parquet"
    pq.write_table(table, path)
    with pytest.raises(InputError, match="naamVerdachte"):
        read_crime_events(path)


@pytest.mark.parametrize("name", [
    "name", "Suspect Name", "victim_age", "date_of_birth", "geboortedatum", "etniciteit",
    "nationality", "gender", "free_text", "notes", "person_id", "BSN", "omschrijving",
    "offence_description", "dader_signalement",
])
def test_person_field_names_are_recognised(name: str) -> None:
    assert is_person_field(name)


@pytest.mark.parametrize("name", [
    "uid", "Case Number", "Block", "date_start", "location_type", "census_block",
    "street_name", "x", "latitude", "Primary Type", "channel", "beat",
])
def test_place_and_bookkeeping_fields_are_not_person_fields(name: str) -> None:
    assert not is_person_field(name)


def test_gate_drops_unneeded_columns_with_a_notice(tmp_path: Path,
                                                   town_rows: list[dict[str, str]]) -> None:
    src = write_csv(tmp_path / "extra.csv", town_rows[:50], extra={"uid": "7", "beat": "B2"})
    gate = read_crime_events(src, source_crs="EPSG:28992")
    assert gate.report.dropped_columns == ["uid", "beat"]
    assert any("dropped unread: uid, beat" in n.en for n in gate.report.notices)
    assert any("ongelezen weggelaten: uid, beat" in n.nl for n in gate.report.notices)
    assert len(gate.events) == 50
    held = {f for f in gate.events.__dataclass_fields__}
    assert held == {"time", "x", "y", "offence", "channel", "crs", "facility"}


def test_gate_keeps_bad_rows_out_with_file_row_and_field(tmp_path: Path) -> None:
    rows = [
        {"time": "2024-01-01 10:00", "x": "155000", "y": "463000", "channel": "citizen"},
        {"time": "yesterday", "x": "155000", "y": "463000", "channel": "citizen"},
        {"time": "2024-01-02 10:00", "x": "", "y": "463000", "channel": "citizen"},
        {"time": "2024-01-03 10:00", "x": "155000", "y": "463000", "channel": "rumour"},
    ]
    gate = read_crime_events(write_csv(tmp_path / "bad.csv", rows), source_crs="EPSG:28992")
    assert len(gate.events) == 1
    where = [(p.row, p.field) for p in gate.report.rejected]
    assert where == [(3, "time"), (4, "x"), (5, "channel")]


def test_only_citizen_reports_train_by_default(town_csv: Path) -> None:
    gate = read_crime_events(town_csv, source_crs="EPSG:28992")
    police = int((gate.events.channel == "police").sum())
    assert police > 0
    assert len(gate.events.for_training()) == len(gate.events) - police
    assert len(gate.events.for_training(citizen_only=False)) == len(gate.events)


def test_wgs84_events_are_projected_to_the_dutch_grid(tmp_path: Path) -> None:
    # Amersfoort, the origin of RD New's false easting/northing: (155000, 463000).
    rows = [{"time": "2024-01-01", "longitude": "5.38720621", "latitude": "52.15517440"}]
    gate = read_crime_events(write_csv(tmp_path / "a.csv", rows))
    assert gate.events.x[0] == pytest.approx(155_000, abs=1.0)
    assert gate.events.y[0] == pytest.approx(463_000, abs=1.0)
    assert gate.report.channel_assumed
    assert np.all(gate.events.channel == "citizen")


def test_missing_time_column_is_explained(tmp_path: Path) -> None:
    rows = [{"when_it_happened": "2024-01-01", "x": "1", "y": "2"}]
    with pytest.raises(InputError, match="no time column"):
        read_crime_events(write_csv(tmp_path / "t.csv", rows), source_crs="EPSG:28992")


def test_dutch_export_with_semicolons_and_decimal_commas(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Tijdstip;X;Y;Delict;Kanaal\n"
                    "01-03-2024 22:10;155100,5;463100,25;woninginbraak;melding\n"
                    "02-03-2024 08:00;155300,0;463200,0;fietsdiefstal;politie\n",
                    encoding="utf-8")
    gate = read_crime_events(path, source_crs="EPSG:28992")
    assert len(gate.events) == 2
    assert gate.events.x[0] == pytest.approx(155_100.5)
    assert list(gate.events.channel) == ["citizen", "police"]
    assert str(gate.events.time[0]) == "2024-03-01T22:10:00"


def test_parquet_events_pass_with_only_the_gate_columns_read(tmp_path: Path) -> None:
    import datetime as dt

    table = pa.table({
        "time": pa.array([dt.datetime(2024, 1, 1, 10), dt.datetime(2024, 1, 2, 11)]),
        "x": [155_000.0, 155_200.0], "y": [463_000.0, 463_100.0],
        "offence": ["burglary", "burglary"], "uid": [1, 2],
    })
    path = tmp_path / "events.parquet"
    pq.write_table(table, path)
    gate = read_crime_events(path, source_crs="EPSG:28992")
    assert len(gate.events) == 2
    assert gate.report.dropped_columns == ["uid"]
    assert str(gate.events.time[1]) == "2024-01-02T11:00:00"
