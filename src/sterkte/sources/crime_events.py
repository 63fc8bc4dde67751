"""The gate: reading incident events for crime anticipation, and nothing more.

An events file (CSV or Parquet) passes the gate only with the fields the
anticipation engine needs:

* ``time`` — when the incident happened (local time, naive);
* a location — ``longitude``/``latitude`` in WGS84, or ``x``/``y`` in the
  file's CRS (metres);
* ``offence`` — the offence type (optional; a default can be given);
* ``channel`` — how the event reached the police: ``citizen`` (a report by
  a citizen) or ``police`` (police-initiated, e.g. a stop or an officer's own
  observation). Optional: without it every event is taken as
  citizen-reported and the gate report says so;
* ``place_type`` — what kind of place (optional), kept only as one flag per
  event: a facility or not (:mod:`sterkte.sources.place_types`).

Any other column is dropped with a notice and never read past the header,
except person fields — names, ages, dates of birth, ethnicity, nationality,
gender, suspect/victim/witness descriptions, free text and person ids — which
are refused: the whole file is rejected with a message naming each such
column, and nothing of the file is returned. The check runs on the header
only, before any row is read, so a refused file leaves no data behind.

Rows with a missing or unreadable time or location are rejected one by one
and kept as :class:`~sterkte.errors.Problem` (file, row, field, reason); the
accepted rows are reprojected with pyproj to the target CRS (default
EPSG:28992, the Dutch national grid RD New).
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
import numpy.typing as npt
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from sterkte.errors import InputError, Msg, Problem
from sterkte.sources.person_fields import is_person_field, normalise_column
from sterkte.sources.place_types import is_facility
from sterkte.sources.spreadsheet import csv_error

CITIZEN = "citizen"
POLICE = "police"

#: Accepted header spellings per gate field, in order of preference
#: (compared after :func:`normalise_column`).
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "time": (
        "time", "datetime", "date_time", "occurred_at", "date_single", "date",
        "tijd", "tijdstip", "pleegdatum",
    ),
    "longitude": ("longitude", "lon", "lng", "long"),
    "latitude": ("latitude", "lat"),
    "x": ("x", "x_coord", "x_coordinate", "rd_x"),
    "y": ("y", "y_coord", "y_coordinate", "rd_y"),
    "offence": (
        "offence", "offense", "offence_type", "offense_type", "primary_type",
        "crime_type", "delict", "misdrijf",
    ),
    "channel": ("channel", "reporting_channel", "report_channel", "kanaal"),
    "place_type": ("place_type", "location_type", "premises_type", "premise_type",
                   "locatie_type", "plaatstype", "soort_locatie"),
}

_CITIZEN_VALUES = {
    "citizen", "citizen_report", "burger", "melding", "burgermelding", "aangifte",
    "report", "reported", "call", "911", "112",
}
_POLICE_VALUES = {
    "police", "police_initiated", "politie", "proactive", "proactief",
    "eigen_waarneming", "officer", "self_initiated", "stop",
}

_TIME_FORMATS = (
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
)


@dataclass(frozen=True)
class CrimeEvents:
    """Incident events that passed the gate, in a projected CRS.

    ``time`` is naive local time (numpy ``datetime64[s]``); ``x``/``y`` are
    metres in ``crs``; ``offence`` is the lower-case offence type; ``channel``
    is ``"citizen"`` or ``"police"``; ``facility`` whether it happened at a
    facility (False when the file has no place type). Nothing else is held.
    """

    time: npt.NDArray[np.datetime64]
    x: npt.NDArray[np.float64]
    y: npt.NDArray[np.float64]
    offence: npt.NDArray[np.str_]
    channel: npt.NDArray[np.str_]
    crs: str
    facility: npt.NDArray[np.bool_]

    def __len__(self) -> int:
        return int(self.time.shape[0])

    def select(self, mask: npt.NDArray[np.bool_]) -> CrimeEvents:
        """The events where ``mask`` is true."""
        return CrimeEvents(
            self.time[mask], self.x[mask], self.y[mask], self.offence[mask],
            self.channel[mask], self.crs, self.facility[mask],
        )

    def for_training(
        self, *, citizen_only: bool = True, offences: Sequence[str] | None = None
    ) -> CrimeEvents:
        """Events that may train a model.

        By default only citizen-reported events: police-initiated records
        reflect where the police already looked, and training on them feeds
        a forecast back into itself.
        """
        mask = np.ones(len(self), dtype=bool)
        if citizen_only:
            mask &= self.channel == CITIZEN
        if offences:
            mask &= np.isin(self.offence, [o.strip().lower() for o in offences])
        return self.select(mask)


@dataclass
class GateReport:
    """What the gate did with one file: the record for the audit."""

    file: str
    sha256: str
    rows_read: int
    rows_accepted: int
    column_map: dict[str, str]
    dropped_columns: list[str]
    rejected: list[Problem] = field(default_factory=list)
    channel_assumed: bool = False
    source_crs: str = "EPSG:4326"
    target_crs: str = "EPSG:28992"
    notices: list[Msg] = field(default_factory=list)


@dataclass(frozen=True)
class GateResult:
    """The accepted events and the gate's report."""

    events: CrimeEvents
    report: GateReport


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _check_crs(code: str, file: str) -> CRS:
    try:
        return CRS.from_user_input(code)
    except CRSError:
        raise InputError.at(
            file, Msg(f"onbekend coördinatenstelsel {code!r}; verwacht bijv. 'EPSG:28992'",
                      f"unknown coordinate reference system {code!r}; expected e.g. 'EPSG:28992'")
        ) from None


PERSON_FIELD = Msg(
    "persoonsveld geweigerd bij de poort: namen, leeftijden, geboortedata, etniciteit, "
    "nationaliteit, geslacht, signalementen van verdachten of slachtoffers, vrije tekst en "
    "persoonsnummers worden nooit aangenomen. Verwijder de kolom uit de export en probeer het "
    "opnieuw; niets van dit bestand is opgeslagen",
    "person field refused at the gate: names, ages, dates of birth, ethnicity, nationality, "
    "gender, suspect/victim descriptions, free text and person ids are never accepted. Remove "
    "the column from the export and try again; nothing of this file was stored")


def _map_columns(header: Sequence[str], file: str) -> tuple[dict[str, int], list[str]]:
    """Gate fields → column positions, and the dropped column names.

    Refuses the file (``InputError``) when any column is a person field.
    """
    refused = [Problem(file=file, row=1, field=name, message=PERSON_FIELD)
               for name in header if is_person_field(name)]
    if refused:
        raise InputError(refused)
    normalised = [normalise_column(h) for h in header]
    positions: dict[str, int] = {}
    for gate_field, aliases in FIELD_ALIASES.items():
        for alias in aliases:
            if alias in normalised:
                positions[gate_field] = normalised.index(alias)
                break
    if "time" not in positions:
        raise InputError.at(
            file, Msg("geen tijdkolom; verwacht een van " + ", ".join(FIELD_ALIASES["time"]),
                      "no time column; expected one of " + ", ".join(FIELD_ALIASES["time"])),
            row=1,
        )
    has_lonlat = "longitude" in positions and "latitude" in positions
    has_xy = "x" in positions and "y" in positions
    if not (has_lonlat or has_xy):
        raise InputError.at(
            file, Msg("geen locatiekolommen; verwacht 'longitude' en 'latitude' (WGS84) "
                      "of 'x' en 'y' (geprojecteerde meters, met het bronstelsel opgegeven)",
                      "no location columns; expected 'longitude' and 'latitude' (WGS84) "
                      "or 'x' and 'y' (projected metres, with the source CRS given)"), row=1,
        )
    if has_lonlat and has_xy:
        # Use the projected pair; the geographic pair is then redundant.
        del positions["longitude"], positions["latitude"]
    used = set(positions.values())
    dropped = [header[i] for i in range(len(header)) if i not in used]
    return positions, dropped


def _parse_time(text: str) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        pass
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def _parse_float(text: str) -> float | None:
    try:
        value = float(text.strip().replace(",", ".")) if text.strip() else None
    except ValueError:
        return None
    if value is None or not np.isfinite(value):
        return None
    return value


def _channel(text: str) -> str | None:
    norm = normalise_column(text)
    if norm in _CITIZEN_VALUES:
        return CITIZEN
    if norm in _POLICE_VALUES:
        return POLICE
    return None


_NOT_UTF8 = Msg("geen UTF-8-tekst; verwacht een CSV-bestand in UTF-8",
                "not UTF-8 text; expected a CSV file in UTF-8")


def _csv_rows(path: Path) -> tuple[list[str], Iterator[list[str]]]:
    fh = path.open(newline="", encoding="utf-8-sig")
    first = fh.readline()
    fh.seek(0)
    if first.startswith("\ufeff"):
        first = first[1:]
    # Dutch exports often separate fields with semicolons.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(fh, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        fh.close()
        raise InputError.at(str(path), Msg("het bestand is leeg; verwacht een kopregel",
                                           "the file is empty; expected a header row")) from None

    def rows() -> Iterator[list[str]]:
        try:
            yield from reader
        finally:
            fh.close()

    return header, rows()


def _parquet_rows(
    path: Path, pick: dict[str, int], header: list[str]
) -> Iterator[list[str]]:
    import pyarrow.parquet as pq

    # Only the gate's columns are read from disk; the rest never leave the file.
    names = [header[i] for i in sorted(set(pick.values()))]
    table = pq.read_table(path, columns=names)
    columns = {n: table.column(n).to_pylist() for n in names}
    width = len(header)
    for i in range(table.num_rows):
        row = [""] * width
        for n in names:
            value = columns[n][i]
            row[header.index(n)] = "" if value is None else str(value)
        yield row


def read_crime_events(
    path: str | Path,
    *,
    target_crs: str = "EPSG:28992",
    source_crs: str | None = None,
    default_offence: str = "unspecified",
) -> GateResult:
    """Read an events file through the gate.

    ``source_crs`` is the CRS of ``x``/``y`` columns (ignored for
    longitude/latitude, which are WGS84). Raises :class:`InputError` when the
    file cannot be read, lacks the required fields, holds a person field, or
    when no row is usable; row problems are kept in the report instead.
    """
    p = Path(path)
    file = str(p)
    if not p.is_file():
        raise InputError.at(file, Msg("bestand niet gevonden", "file not found"))
    target = _check_crs(target_crs, file)
    if not target.is_projected:
        raise InputError.at(file, Msg(
            f"doelstelsel {target_crs} is niet geprojecteerd; cellen hebben meters nodig",
            f"target CRS {target_crs} is not projected; cells need metres"))
    suffix = p.suffix.lower()
    if suffix in {".parquet", ".pq"}:
        try:
            import pyarrow.parquet as pq

            header = list(pq.read_schema(p).names)
        except Exception as exc:  # pyarrow raises many types for a bad file
            raise InputError.at(file, Msg(f"geen leesbaar Parquet-bestand ({exc})",
                                          f"not a readable Parquet file ({exc})")) from None
        positions, dropped = _map_columns(header, file)
        rows: Iterator[list[str]] = _parquet_rows(p, positions, header)
    elif suffix in {".csv", ".txt"}:
        try:
            header, rows = _csv_rows(p)
        except UnicodeDecodeError:
            raise InputError.at(file, _NOT_UTF8) from None
        except csv.Error as exc:
            raise csv_error(file, exc, 1) from None
        positions, dropped = _map_columns(header, file)
    else:
        raise InputError.at(file, Msg(
            f"bestandstype {suffix!r} wordt niet ondersteund; verwacht .csv of .parquet",
            f"unsupported file type {suffix!r}; expected .csv or .parquet"))

    geographic = "longitude" in positions
    if geographic:
        src = CRS.from_epsg(4326)
    elif source_crs is None:
        raise InputError.at(file, Msg(
            "x/y-kolommen hebben het bronstelsel nodig (bijv. --source-crs EPSG:28992)",
            "x/y columns need the source CRS (e.g. --source-crs EPSG:28992)"))
    else:
        src = _check_crs(source_crs, file)
    fx, fy = ("longitude", "latitude") if geographic else ("x", "y")

    times: list[datetime] = []
    xs: list[float] = []
    ys: list[float] = []
    offences: list[str] = []
    channels: list[str] = []
    facilities: list[bool] = []
    rejected: list[Problem] = []
    rows_read = 0
    default_off = default_offence.strip().lower() or "unspecified"
    try:
        for rownum, row in enumerate(rows, start=2):
            rows_read += 1

            def cell(name: str, row: list[str] = row) -> str:
                i = positions[name]
                return row[i] if i < len(row) else ""

            t = _parse_time(cell("time"))
            if t is None:
                rejected.append(Problem(file, rownum, header[positions["time"]],
                                        Msg(f"onleesbare tijd {cell('time')!r}",
                                            f"unreadable time {cell('time')!r}")))
                continue
            cx, cy = _parse_float(cell(fx)), _parse_float(cell(fy))
            if cx is None or cy is None:
                rejected.append(Problem(file, rownum, header[positions[fx]],
                                        Msg("ontbrekende of onleesbare coördinaten",
                                            "missing or unreadable coordinates")))
                continue
            if geographic and not (-180 <= cx <= 180 and -90 <= cy <= 90):
                rejected.append(Problem(file, rownum, header[positions[fx]], Msg(
                    f"coördinaten ({cx}, {cy}) zijn geen lengte-/breedtegraad",
                    f"coordinates ({cx}, {cy}) are not longitude/latitude")))
                continue
            if "channel" in positions:
                ch = _channel(cell("channel"))
                if ch is None:
                    rejected.append(Problem(
                        file, rownum, header[positions["channel"]],
                        Msg(f"onbekend meldkanaal {cell('channel')!r}; verwacht 'citizen' of "
                            f"'police'", f"unknown reporting channel {cell('channel')!r}; "
                            "expected 'citizen' or 'police'")))
                    continue
            else:
                ch = CITIZEN
            off = cell("offence").strip().lower() if "offence" in positions else ""
            times.append(t)
            xs.append(cx)
            ys.append(cy)
            offences.append(off or default_off)
            channels.append(ch)
            facilities.append("place_type" in positions and is_facility(cell("place_type")))
    except csv.Error as exc:
        raise csv_error(file, exc, rows_read + 2) from None
    except UnicodeDecodeError:
        raise InputError.at(file, _NOT_UTF8, row=rows_read + 2) from None
    if not times:
        none = Msg("geen bruikbare gebeurtenissen in het bestand", "no usable events in the file")
        raise InputError([Problem(file, None, None, none), *rejected[:5]])

    transformer = Transformer.from_crs(src, target, always_xy=True)
    px, py = transformer.transform(np.asarray(xs), np.asarray(ys))
    px = np.asarray(px, dtype=np.float64)
    py = np.asarray(py, dtype=np.float64)
    finite = np.isfinite(px) & np.isfinite(py)
    if not finite.all():
        for i in np.flatnonzero(~finite)[:1000]:
            rejected.append(Problem(file, None, fx, Msg(
                f"gebeurtenis {i + 1} kan niet worden geprojecteerd",
                f"event {i + 1} cannot be projected")))
    target_code = target.to_string()
    events = CrimeEvents(
        time=np.asarray(times, dtype="datetime64[s]")[finite],
        x=px[finite],
        y=py[finite],
        offence=np.asarray(offences, dtype=np.str_)[finite],
        channel=np.asarray(channels, dtype=np.str_)[finite],
        crs=target_code,
        facility=np.asarray(facilities, dtype=bool)[finite],
    )
    column_map = {g: header[i] for g, i in positions.items()}
    notices: list[Msg] = []
    if dropped:
        listed = ", ".join(dropped)
        notices.append(Msg(f"kolommen die de poort niet nodig heeft, ongelezen weggelaten: "
                           f"{listed}",
                           f"columns not needed by the gate were dropped unread: {listed}"))
    channel_assumed = "channel" not in positions
    if channel_assumed:
        notices.append(Msg("geen kolom met het meldkanaal: elke gebeurtenis geldt als door "
                           "een burger gemeld",
                           "no reporting-channel column: every event is taken as "
                           "citizen-reported"))
    if "offence" not in positions:
        notices.append(Msg(f"geen kolom met het delict: elke gebeurtenis is van het type "
                           f"{default_off!r}",
                           f"no offence column: every event is of type {default_off!r}"))
    if rejected:
        notices.append(Msg(f"{len(rejected)} rijen geweigerd (bewaard met hun reden)",
                           f"{len(rejected)} rows rejected (kept with their reason)"))
    report = GateReport(
        file=file,
        sha256=_sha256(p),
        rows_read=rows_read,
        rows_accepted=len(events),
        column_map=column_map,
        dropped_columns=dropped,
        rejected=rejected,
        channel_assumed=channel_assumed,
        source_crs=src.to_string(),
        target_crs=target_code,
        notices=notices,
    )
    return GateResult(events=events, report=report)
