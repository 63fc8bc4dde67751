"""Events files and GeoJSON areas as an outsider might give them: each refused by file (and
line or feature) in the user's language, exit code 2, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sterkte.cli.anticipate import app

runner = CliRunner()

SQUARE = [[155000.0, 463000.0], [156500.0, 463000.0], [156500.0, 464500.0],
          [155000.0, 464500.0], [155000.0, 463000.0]]


def _collection(*features: object) -> str:
    return json.dumps({"type": "FeatureCollection", "crs": {
        "type": "name", "properties": {"name": "EPSG:28992"}}, "features": list(features)})


def _feature(ring: object = SQUARE) -> dict[str, object]:
    return {"type": "Feature", "properties": {"name": "T1"},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


@pytest.mark.parametrize(("content", "said"), [
    # nested 100,000 deep: json's RecursionError
    (b"[" * 100_000 + b"]" * 100_000, "geen GeoJSON-bestand: "),
    (b'{"type": "Polygon", "coordinates": [}', "rij 1: geen GeoJSON-bestand: "),
    (_collection(_feature()).encode("utf-16"), None),  # UTF-16 with its mark is read
    (b"\xef\xbb\xbf" + _collection(_feature()).encode(), None),  # so is UTF-8 with a BOM
    (_collection(_feature()).replace("T1", "Tw\u00e9\u00e9").encode("latin-1"),
     "rij 1: geen UTF-8-tekst (byte 0xe9 is onleesbaar)"),
    (_collection(1, 2).encode(), "object 1: verwacht een GeoJSON-object"),
    (_collection({"type": "Feature", "geometry": [1], "properties": {}}).encode(),
     "object 1: verwacht een GeoJSON-object"),
    (_collection({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [SQUARE]},
                  "properties": [1]}).encode(), "object 1: verwacht een GeoJSON-object"),
    (json.dumps({"type": "FeatureCollection", "features": 3}).encode(),
     "verwacht een lijst van objecten"),
    # NaN and Infinity are not JSON, but Python's reader takes them as numbers
    (_collection(_feature([[float("nan"), 463000.0], *SQUARE[1:]])).encode(),
     "object 1: onjuist gevormde coördinaten"),
    (_collection(_feature([[float("inf"), 463000.0], *SQUARE[1:]])).encode(),
     "object 1: onjuist gevormde coördinaten"),
])
def test_a_bad_boundary_file_is_refused_by_name(town_csv: Path, tmp_path: Path,
                                                content: bytes, said: str | None) -> None:
    path = tmp_path / "boundary.geojson"
    path.write_bytes(content)
    out = tmp_path / "c.csv"
    result = runner.invoke(app, ["forecast", "--events", str(town_csv), "--source-crs",
                                 "EPSG:28992", "--at", "2025-06-02", "--model", "retrospective",
                                 "--boundary", str(path), "--out", str(out)])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    if said is None:
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 2, result.output
    assert f"fout: {path}" in result.stderr and said in result.stderr
    assert "codec" not in result.stderr and "Expecting" not in result.stderr


def test_a_folder_given_as_areas_is_said_to_be_a_folder(town_csv: Path,
                                                       tmp_path: Path) -> None:
    result = runner.invoke(app, ["forecast", "--events", str(town_csv), "--source-crs",
                                 "EPSG:28992", "--at", "2025-06-02", "--model", "retrospective",
                                 "--boundary", str(tmp_path), "--out", str(tmp_path / "c.csv")])
    assert result.exit_code == 2
    assert f"{tmp_path}: kan niet worden gelezen: is een map" in result.stderr


@pytest.mark.parametrize("where", ["header", "row"])
def test_an_events_file_with_a_cell_of_a_million_characters_names_its_line(
        town_csv: Path, tmp_path: Path, where: str) -> None:
    lines = town_csv.read_text(encoding="utf-8").splitlines()
    if where == "header":
        lines[0] += ",note" + "x" * 1_000_000
    else:
        lines[1] += "x" * 1_000_000
    path = tmp_path / "events.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["forecast", "--events", str(path), "--source-crs",
                                 "EPSG:28992", "--at", "2025-06-02", "--model", "retrospective",
                                 "--out", str(tmp_path / "c.csv")])
    assert result.exit_code == 2, repr(result.exception)
    row = 1 if where == "header" else 2
    assert f"{path}, rij {row}: een cel is langer dan 131.072 tekens" in result.stderr
