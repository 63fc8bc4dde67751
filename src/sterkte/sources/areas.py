"""Read named areas (basisteams, neighbourhoods) or a study-area boundary from GeoJSON into
polygons in a projected CRS. Only geometry and the name property are read."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from pyproj import Transformer

from sterkte.errors import InputError, Msg, read_text
from sterkte.records.outlines import AreaOutline
from sterkte.sources.crime_events import _check_crs


@dataclass(frozen=True)
class Area:
    """A named area (e.g. a neighbourhood) as polygons in a projected CRS.

    Each polygon is a list of rings (outer ring first, then holes); each ring
    an ``(n, 2)`` array of metres.
    """

    name: str
    polygons: list[list[npt.NDArray[np.float64]]]
    synthetic: bool = False  # the file marks the area made up (property synthetic: true)


def read_areas(
    path: str | Path, *, target_crs: str = "EPSG:28992", name_property: str = "name"
) -> list[Area]:
    """Read areas (or a study-area boundary) from a GeoJSON file.

    Coordinates are WGS84 longitude/latitude as GeoJSON prescribes, unless
    the file names another CRS in its legacy ``crs`` member. Only geometry and
    the name property are read.
    """
    p = Path(path)
    file = str(p)
    doc = _read_json(p)
    src_code = "EPSG:4326"
    crs_member = doc.get("crs") if isinstance(doc, dict) else None
    if isinstance(crs_member, dict):
        props = crs_member.get("properties", {})
        if isinstance(props, dict) and isinstance(props.get("name"), str):
            src_code = props["name"]
    transformer = Transformer.from_crs(
        _check_crs(src_code, file), _check_crs(target_crs, file), always_xy=True
    )
    if isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
        features = doc.get("features", [])
        if not isinstance(features, list):
            raise InputError.at(file, Msg("verwacht een lijst van objecten bij 'features'",
                                          "expected a list of features at 'features'"),
                                field="features")
    elif isinstance(doc, dict) and doc.get("type") == "Feature":
        features = [doc]
    elif isinstance(doc, dict) and doc.get("type") in {"Polygon", "MultiPolygon"}:
        features = [{"type": "Feature", "geometry": doc, "properties": {}}]
    else:
        raise InputError.at(file, Msg(
            "verwacht een GeoJSON FeatureCollection, Feature of Polygon",
            "expected a GeoJSON FeatureCollection, Feature or Polygon"))
    areas: list[Area] = []
    for i, feat in enumerate(features, start=1):
        geom = (feat.get("geometry") or {}) if isinstance(feat, dict) else None
        props = (feat.get("properties") or {}) if isinstance(feat, dict) else None
        if not isinstance(geom, dict) or not isinstance(props, dict):
            raise InputError.at(file, Msg(
                f"object {i}: verwacht een GeoJSON-object met 'geometry' en 'properties' "
                "(elk een mapping)",
                f"feature {i}: expected a GeoJSON feature with 'geometry' and 'properties' "
                "(each a mapping)"), field="features")
        gtype = geom.get("type")
        coords: Any = geom.get("coordinates") or []
        raw: list[Any]
        if gtype == "Polygon":
            raw = [coords]
        elif gtype == "MultiPolygon":
            raw = list(coords)
        else:
            raise InputError.at(file, Msg(f"object {i}: geometrie {gtype!r} is geen polygoon",
                                          f"feature {i}: geometry {gtype!r} is not a polygon"),
                                field="geometry")
        polys: list[list[npt.NDArray[np.float64]]] = []
        try:
            for poly in raw:
                rings = []
                for ring in poly:
                    arr = np.asarray(ring, dtype=np.float64)[:, :2]
                    if not np.isfinite(arr).all():  # json reads NaN and Infinity
                        raise ValueError(arr)
                    rx, ry = transformer.transform(arr[:, 0], arr[:, 1])
                    rings.append(np.column_stack([rx, ry]))
                polys.append(rings)
        except (ValueError, IndexError, TypeError):
            raise InputError.at(file, Msg(f"object {i}: onjuist gevormde coördinaten",
                                          f"feature {i}: malformed coordinates"),
                                field="geometry") from None
        name = str(props.get(name_property, f"area {i}"))
        areas.append(Area(name=name, polygons=polys, synthetic=props.get("synthetic") is True))
    if not areas:
        raise InputError.at(file, Msg("geen polygonen in het bestand", "no polygons in the file"))
    return areas


def _read_json(p: Path) -> Any:
    """The JSON document in ``p``; an :class:`InputError` naming file (and line) when it
    cannot be read or is no JSON."""
    file = str(p)
    text = read_text(p, file)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError.at(file, Msg(
            f"geen GeoJSON-bestand: geen geldige JSON bij teken {exc.colno}",
            f"not a GeoJSON file: no valid JSON at character {exc.colno}"),
            row=exc.lineno) from None
    except RecursionError:  # arrays nested deeper than any geometry
        raise InputError.at(file, Msg("geen GeoJSON-bestand: te diep geneste lijsten",
                                      "not a GeoJSON file: lists nested too deep")) from None


def area_outlines(path: str | Path, name_property: str = "name",
                  target_crs: str = "EPSG:28992") -> list[AreaOutline]:
    """The areas of a GeoJSON file as outlines in ``target_crs`` (kept with an anticipation
    run, so the dashboard draws them under the cells)."""
    return [AreaOutline(a.name, [[[(float(x), float(y)) for x, y in ring] for ring in poly]
                                 for poly in a.polygons], a.synthetic)
            for a in read_areas(path, target_crs=target_crs, name_property=name_property)]
