"""Read incident records (CSV) at the gate.

Format: a CSV file with a header and exactly these columns (any order; header names
are matched without case, spaces or hyphens)::

    time,team,priority,type,units,minutes_on_scene
    2026-01-05T14:32,syn-AM-D2-T05,1,violence,2,75

- ``time``: when the call was dispatched, ISO 8601 local time (``YYYY-MM-DDTHH:MM``
  or with seconds; a space instead of ``T`` is accepted);
- ``team``: code of the basisteam that handled it;
- ``priority``: 1 (urgent) … 4 (no unit on scene);
- ``type``: a short category code (letters, digits, spaces, ``-`` and ``_``; at most 40);
- ``units``: units sent (whole number ≥ 0; 0 only for priority 4);
- ``minutes_on_scene``: minutes each unit spent on it (number ≥ 0, at most 1440).

Columns that could carry personal data (names, addresses, ID numbers, plates,
free text) are refused at the gate, as is any column not in the format. A row
that breaks a rule is rejected with its reason and kept (``rejected``); every other
row is accepted. With ``strict=True`` any rejected row makes the whole file an
:class:`InputError`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sterkte.demand.model import PRIORITIES, Incident
from sterkte.errors import InputError, Msg, Problem, read_text
from sterkte.sources.spreadsheet import csv_error

COLUMNS = ("time", "team", "priority", "type", "units", "minutes_on_scene")
REFUSED = ("name", "naam", "address", "adres", "bsn", "phone", "telefoon", "email",
           "description", "omschrijving", "notes", "plate", "kenteken", "person", "persoon",
           "birth", "geboorte")
_TYPE = re.compile(r"^[\w \-]{1,40}$")


@dataclass
class IncidentImport:
    """Accepted incidents and the rows rejected with their reason."""

    file: str
    incidents: list[Incident] = field(default_factory=list)
    rejected: list[Problem] = field(default_factory=list)


def _norm(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").split())


def read_incidents(path: str | Path, *, strict: bool = False,
                   teams: set[str] | None = None) -> IncidentImport:
    """Read and validate an incident file. ``teams``: known team codes (others rejected)."""
    p = Path(path)
    src = str(p)
    reader = csv.reader(io.StringIO(read_text(p, src), newline=""))
    try:
        return _read(src, reader, strict, teams)
    except csv.Error as exc:
        raise csv_error(src, exc, reader.line_num) from None


def _read(src: str, reader: Iterator[list[str]], strict: bool,
          teams: set[str] | None) -> IncidentImport:
    """The incidents of the rows of ``src`` (a line Python's reader refuses raises)."""
    out = IncidentImport(src)
    header = next(reader, None)
    if header is None:
        raise InputError.at(src, Msg("het bestand is leeg; verwacht een kopregel met "
                                     + ",".join(COLUMNS),
                                     "the file is empty; expected a header with "
                                     + ",".join(COLUMNS)), row=1)
    names = [_norm(h) for h in header]
    problems = []
    for h in names:
        if any(r in h for r in REFUSED):
            problems.append(Problem(src, 1, h, Msg(
                "geweigerd bij de poort: deze kolom kan persoonsgegevens bevatten; "
                "verwijder haar",
                "refused at the gate: this column may carry personal data; remove it")))
        elif h not in COLUMNS:
            problems.append(Problem(src, 1, h, Msg(
                f"onbekende kolom; verwacht {', '.join(COLUMNS)}",
                f"unknown column; expected {', '.join(COLUMNS)}")))
    for c in COLUMNS:
        if c not in names:
            problems.append(Problem(src, 1, c, Msg("kolom ontbreekt", "missing column")))
    if problems:
        raise InputError(problems)
    idx = {c: names.index(c) for c in COLUMNS}
    for row_no, rec in enumerate(reader, start=2):
        if not any(x.strip() for x in rec):
            continue
        if len(rec) != len(names):
            out.rejected.append(Problem(src, row_no, None, Msg(
                f"verwacht {len(names)} velden, gevonden {len(rec)}",
                f"expected {len(names)} fields, found {len(rec)}")))
            continue
        inc = _row(src, row_no, {c: rec[i].strip() for c, i in idx.items()}, teams,
                   out.rejected)
        if inc is not None:
            out.incidents.append(inc)
    if strict and out.rejected:
        raise InputError(out.rejected)
    return out


def _row(src: str, no: int, r: dict[str, str], teams: set[str] | None,
         bad: list[Problem]) -> Incident | None:
    n = len(bad)

    def fail(fld: str, nl: str, en: str) -> None:
        bad.append(Problem(src, no, fld, Msg(nl, en)))

    when: dt.datetime | None = None
    try:
        when = dt.datetime.fromisoformat(r["time"].replace(" ", "T", 1))
        if when.tzinfo is not None:
            fail("time", "verwacht lokale tijd zonder tijdzone",
                 "expected local time without a time zone")
    except ValueError:
        fail("time", f"verwacht een datum en tijd JJJJ-MM-DDTUU:MM, gevonden {r['time']!r}",
             f"expected a date and time YYYY-MM-DDTHH:MM, found {r['time']!r}")
    if not r["team"]:
        fail("team", "verwacht een teamcode, niets gevonden", "expected a team code, found nothing")
    elif teams is not None and r["team"] not in teams:
        fail("team", f"onbekend team {r['team']!r}", f"unknown team {r['team']!r}")
    prio = _int(r["priority"])
    if prio not in PRIORITIES:
        fail("priority", f"verwacht 1, 2, 3 of 4, gevonden {r['priority']!r}",
             f"expected 1, 2, 3 or 4, found {r['priority']!r}")
    if not _TYPE.match(r["type"]):
        fail("type", "verwacht een korte categoriecode (≤ 40 letters, cijfers, spaties, - of "
             f"_), gevonden {r['type'][:50]!r}",
             f"expected a short category code (≤ 40 letters, digits, spaces, - or _), "
             f"found {r['type'][:50]!r}")
    units = _int(r["units"])
    if units is None or units < 0:
        fail("units", f"verwacht een geheel getal ≥ 0, gevonden {r['units']!r}",
             f"expected a whole number ≥ 0, found {r['units']!r}")
    elif units == 0 and prio is not None and prio != 4:
        fail("units", "verwacht ten minste 1 eenheid bij prioriteit 1–3",
             "expected at least 1 unit for priority 1–3")
    try:
        minutes = float(r["minutes_on_scene"].replace(",", "."))
        if not 0 <= minutes <= 1440:
            fail("minutes_on_scene", f"verwacht minuten in 0..1440, gevonden {minutes:g}",
                 f"expected minutes in 0..1440, found {minutes:g}")
    except ValueError:
        minutes = 0.0
        fail("minutes_on_scene", f"verwacht een aantal minuten, gevonden "
             f"{r['minutes_on_scene']!r}", f"expected a number of minutes, found "
             f"{r['minutes_on_scene']!r}")
    if len(bad) > n or when is None or prio is None or units is None:
        return None
    return Incident(when, r["team"], prio, r["type"], units, minutes)


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def write_incidents(path: str | Path, incidents: list[Incident]) -> None:
    """Write incidents in the import format (for the synthetic generator)."""
    with Path(path).open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for i in incidents:
            w.writerow([i.time.isoformat(timespec="minutes"), i.team, i.priority, i.type,
                        i.units, f"{i.minutes:g}"])
