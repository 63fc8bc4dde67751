"""Read a Curtois–Qu employee shift scheduling instance (the "NRP" benchmark).

The format is plain text with ``#`` comments and sections (see the instance files
and ``shared/benchmarks/nrp/README.md``): ``SECTION_HORIZON`` (days),
``SECTION_SHIFTS`` (id, minutes, shifts that may not follow), ``SECTION_STAFF``
(id, max shifts per type, max/min total minutes, max/min consecutive shifts, min
consecutive days off, max weekends), ``SECTION_DAYS_OFF``, ``SECTION_SHIFT_ON_REQUESTS``,
``SECTION_SHIFT_OFF_REQUESTS`` and ``SECTION_COVER`` (day, shift, required,
weight under, weight over). This module only reads and validates; mapping an
instance into the roster model is :mod:`sterkte.roster.nrp`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sterkte.errors import InputError, Msg, Problem, read_text
from sterkte.sources.spreadsheet import read_sheet


@dataclass(frozen=True)
class NrpShift:
    id: str
    minutes: int
    not_followed_by: tuple[str, ...]


@dataclass(frozen=True)
class NrpStaff:
    id: str
    max_shifts: dict[str, int]
    max_minutes: int
    min_minutes: int
    max_consecutive: int
    min_consecutive: int
    min_consecutive_off: int
    max_weekends: int


@dataclass(frozen=True)
class NrpRequest:
    employee: str
    day: int
    shift: str
    weight: int


@dataclass(frozen=True)
class NrpCover:
    day: int
    shift: str
    required: int
    weight_under: int
    weight_over: int


@dataclass(frozen=True)
class NrpInstance:
    """One benchmark instance as written in its file (minutes, days from 0)."""

    name: str
    days: int
    shifts: tuple[NrpShift, ...]
    staff: tuple[NrpStaff, ...]
    days_off: dict[str, frozenset[int]]
    on_requests: tuple[NrpRequest, ...]
    off_requests: tuple[NrpRequest, ...]
    cover: tuple[NrpCover, ...]


SECTIONS = ("SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF", "SECTION_DAYS_OFF",
            "SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS", "SECTION_COVER")


# Bounds no roster reaches, so that the model is never asked for the impossible: a
# horizon of 10^11 days asked numpy for 93 GiB, a cover of 10^20 persons broke CP-SAT's
# 64-bit arithmetic. Ten years of days (the benchmark's longest is 364), and 2^31 - 1 for
# every count, minute and weight.
MOST = 2**31 - 1
MOST_DAYS = 3653


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def bad(self, row: int, field: str, nl: str, en: str) -> None:
        self.problems.append(Problem(self.file, row, field, Msg(nl, en)))

    def int_(self, text: str, row: int, field: str, lo: int = 0, hi: int = MOST) -> int:
        try:
            v = int(text.strip())
        except ValueError:
            self.bad(row, field, f"verwacht een geheel getal, gevonden {text.strip()!r}",
                     f"expected a whole number, found {text.strip()!r}")
            return lo
        if not lo <= v <= hi:
            self.bad(row, field, f"verwacht een geheel getal van {lo} tot en met "
                     f"{hi:,}".replace(",", ".") + f", gevonden {v}",
                     f"expected a whole number from {lo} up to {hi:,}, found {v}")
            return lo
        return v


def read_nrp(path: str | Path) -> NrpInstance:
    """Read and validate one instance file; every problem is an :class:`InputError`
    naming the file, the line and the field."""
    p = Path(path)
    text = read_text(p, str(p), Msg(
        "geen tekst (het bevat NUL-bytes): verwacht een instantie als tekst in UTF-8",
        "not text (it contains NUL bytes): expected an instance as UTF-8 text"))
    return parse_nrp(text, str(p), p.stem)


def parse_nrp(text: str, file: str, name: str) -> NrpInstance:
    r = _Reader(file)
    text = text.removeprefix("\ufeff")
    rows: dict[str, list[tuple[int, list[str]]]] = {s: [] for s in SECTIONS}
    section: str | None = None
    for no, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("SECTION_"):
            if line not in rows:
                r.bad(no, "section", f"onbekende sectie {line!r}; verwacht een van "
                      f"{', '.join(SECTIONS)}", f"unknown section {line!r}; expected one of "
                      f"{', '.join(SECTIONS)}")
            section = line
            continue
        if section is None or section not in rows:
            r.bad(no, "section", "gegevens vóór een bekende SECTION_-kop",
                  "data before any known SECTION_ header")
            continue
        rows[section].append((no, [f.strip() for f in line.split(",")]))

    def need(sec: str, row: int, fields: list[str], names: tuple[str, ...]) -> bool:
        if len(fields) != len(names):
            r.bad(row, sec, f"verwacht {len(names)} velden ({', '.join(names)}), "
                  f"gevonden {len(fields)}", f"expected {len(names)} fields "
                  f"({', '.join(names)}), found {len(fields)}")
            return False
        return True

    if len(rows["SECTION_HORIZON"]) != 1:
        raise InputError.at(file, Msg("verwacht precies één regel met het aantal dagen",
                                      "expected exactly one line with the number of days"),
                            field="SECTION_HORIZON")
    hrow, hfields = rows["SECTION_HORIZON"][0]
    days = r.int_(hfields[0], hrow, "horizon", lo=1, hi=MOST_DAYS)

    shifts: list[NrpShift] = []
    for no, f in rows["SECTION_SHIFTS"]:
        if len(f) == 2:  # no shift that may not follow it, and no trailing comma
            f = [*f, ""]
        if need("SECTION_SHIFTS", no, f, ("id", "minutes", "not_followed_by")):
            nxt = tuple(s for s in f[2].split("|") if s)
            # 0 minutes is read as written (a shift counting for cover and requests,
            # not for the minutes worked)
            shifts.append(NrpShift(f[0], r.int_(f[1], no, "minutes"), nxt))
    ids = {s.id for s in shifts}
    if len(ids) != len(shifts):
        r.bad(0, "SECTION_SHIFTS", "diensten moeten een unieke id hebben",
              "shift ids must be unique")
    for s in shifts:
        for other in s.not_followed_by:
            if other not in ids:
                r.bad(0, "not_followed_by", f"dienst {s.id}: onbekende dienst {other!r}",
                      f"shift {s.id}: unknown shift {other!r}")

    staff: list[NrpStaff] = []
    names = ("id", "max_shifts", "max_minutes", "min_minutes", "max_consecutive",
             "min_consecutive", "min_consecutive_off", "max_weekends")
    for no, f in rows["SECTION_STAFF"]:
        if not need("SECTION_STAFF", no, f, names):
            continue
        mx: dict[str, int] = {}
        for part in f[1].split("|"):
            if not part.strip():
                continue  # an empty field: no limit per shift type
            sid, _, val = part.partition("=")
            if sid not in ids:
                r.bad(no, "max_shifts", f"onbekende dienst {sid!r}", f"unknown shift {sid!r}")
            mx[sid] = r.int_(val, no, "max_shifts")
        vals = [r.int_(f[i], no, names[i]) for i in range(2, 8)]
        staff.append(NrpStaff(f[0], mx, *vals))
    emp_ids = {s.id for s in staff}

    days_off: dict[str, set[int]] = {}
    for no, f in rows["SECTION_DAYS_OFF"]:
        if f[0] not in emp_ids:
            r.bad(no, "employee", f"onbekende medewerker {f[0]!r}",
                  f"unknown employee {f[0]!r}")
        for d in f[1:]:
            if not d:
                continue  # a trailing comma
            day = r.int_(d, no, "day")
            if not 0 <= day < days:
                r.bad(no, "day", f"verwacht een dag in 0..{days - 1}, gevonden {day}",
                      f"expected a day in 0..{days - 1}, found {day}")
            days_off.setdefault(f[0], set()).add(day)

    def requests(sec: str) -> list[NrpRequest]:
        out = []
        for no, f in rows[sec]:
            if not need(sec, no, f, ("employee", "day", "shift", "weight")):
                continue
            if f[0] not in emp_ids:
                r.bad(no, "employee", f"onbekende medewerker {f[0]!r}",
                      f"unknown employee {f[0]!r}")
            if f[2] not in ids:
                r.bad(no, "shift", f"onbekende dienst {f[2]!r}", f"unknown shift {f[2]!r}")
            day = r.int_(f[1], no, "day")
            if not 0 <= day < days:
                r.bad(no, "day", f"verwacht een dag in 0..{days - 1}, gevonden {day}",
                      f"expected a day in 0..{days - 1}, found {day}")
            out.append(NrpRequest(f[0], day, f[2], r.int_(f[3], no, "weight")))
        return out

    on, off = requests("SECTION_SHIFT_ON_REQUESTS"), requests("SECTION_SHIFT_OFF_REQUESTS")
    cover: list[NrpCover] = []
    for no, f in rows["SECTION_COVER"]:
        if not need("SECTION_COVER", no, f, ("day", "shift", "required", "weight_under",
                                             "weight_over")):
            continue
        if f[1] not in ids:
            r.bad(no, "shift", f"onbekende dienst {f[1]!r}", f"unknown shift {f[1]!r}")
        day = r.int_(f[0], no, "day")
        if not 0 <= day < days:
            r.bad(no, "day", f"verwacht een dag in 0..{days - 1}, gevonden {day}",
                  f"expected a day in 0..{days - 1}, found {day}")
        cover.append(NrpCover(day, f[1], r.int_(f[2], no, "required"),
                              r.int_(f[3], no, "weight_under"), r.int_(f[4], no, "weight_over")))
    if not staff:
        r.bad(0, "SECTION_STAFF", "verwacht ten minste één medewerker",
              "expected at least one employee")
    if r.problems:
        raise InputError([Problem(pr.file, pr.row or None, pr.field, pr.message)
                          for pr in r.problems])
    return NrpInstance(name, days, tuple(shifts), tuple(staff),
                       {k: frozenset(v) for k, v in days_off.items()},
                       tuple(on), tuple(off), tuple(cover))


def read_nrp_solution(path: Path) -> list[tuple[str, int, str]]:
    """A solution CSV (header ``employee,day,shift``) as rows; bad rows are InputErrors
    naming the file, row and field."""
    grid = read_sheet(path)  # not text, not UTF-8, a folder …: said by the table reader
    header = grid.rows[0][1] if grid.rows else []
    if [str(h or "").strip() for h in header] != ["employee", "day", "shift"]:
        raise InputError.at(str(path), Msg("verwacht de kopregel employee,day,shift",
                                           "expected the header employee,day,shift"), row=1)
    rows = []
    for no, rec in grid.rows[1:]:
        if len(rec) != 3:
            raise InputError.at(str(path), Msg(f"verwacht 3 velden, gevonden {len(rec)}",
                                               f"expected 3 fields, found {len(rec)}"), row=no)
        # a workbook holds the day as a float: 3.0 is day 3, 2.5 no day
        cells = [format(c, "g") if isinstance(c, float) else str(c or "").strip() for c in rec]
        try:
            day = int(cells[1])
        except ValueError:
            raise InputError.at(str(path), Msg(
                f"verwacht een geheel getal, gevonden {cells[1]!r}",
                f"expected a whole number, found {cells[1]!r}"), row=no, field="day") from None
        rows.append((cells[0], day, cells[2]))
    return rows
