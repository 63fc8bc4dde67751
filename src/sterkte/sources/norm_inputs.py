"""Read the inputs of the norms: population, time registrations, target realisations and
employee-survey scores (CSV or XLSX). Formats are in docs/norms.md.

A file is accepted whole or refused whole, with every problem listed by row and
column: these are small reference tables where half an import would mislead.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from io import StringIO
from pathlib import Path

from sterkte.errors import InputError, Msg, Problem
from sterkte.org import national_police, normalise_name
from sterkte.sources.numbers import NumberFormat, detect_format, parse_number
from sterkte.sources.spreadsheet import CellValue, read_sheet

Parser = Callable[[CellValue, NumberFormat], object]
# A row check's finding: the field and what was expected. Parsers raise ValueError(Msg).
Bad = tuple[str, Msg]


def _text(v: CellValue, _: NumberFormat) -> object:
    s = "" if v is None else str(v).strip()
    if not s:
        raise ValueError(Msg("verwacht een waarde, gevonden een lege cel",
                             "expected a value, found an empty cell"))
    return s


def _optional_text(v: CellValue, _: NumberFormat) -> object:
    return None if v is None or str(v).strip() == "" else str(v).strip()


def _number(v: CellValue, fmt: NumberFormat) -> object:
    if v is None or (isinstance(v, str) and not v.strip()):
        raise ValueError(Msg("verwacht een getal, gevonden een lege cel",
                             "expected a number, found an empty cell"))
    return parse_number(v, fmt)


def _optional_number(v: CellValue, fmt: NumberFormat) -> object:
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    return parse_number(v, fmt)


def _date(v: CellValue, _: NumberFormat) -> object:
    s = "" if v is None else str(v).strip()[:10]
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        raise ValueError(Msg(f"verwacht een datum als JJJJ-MM-DD, gevonden {v!r}",
                             f"expected a date as YYYY-MM-DD, found {v!r}")) from None


def _unit(v: CellValue, _: NumberFormat) -> object:
    unit = national_police().find(str(v or ""))
    if unit is None:
        raise ValueError(Msg(f"onbekende eenheid {v!r}: verwacht een code zoals NN of een naam "
                             "zoals Noord-Nederland",
                             f"unknown unit {v!r}: expected a code such as NN or a name such "
                             "as Noord-Nederland"))
    return unit.code


@dataclass(frozen=True)
class InputFormat:
    kind: str
    columns: dict[str, Parser]  # required columns, in order
    optional: dict[str, Parser]
    checks: Callable[[dict[str, object]], Bad | None] | None = None
    refused: Mapping[str, Msg] = field(default_factory=dict)  # column → why it is refused


def _check_time(r: dict[str, object]) -> Bad | None:
    hours, wijk = r["hours"], r["neighbourhood_hours"]
    assert isinstance(hours, float) and isinstance(wijk, float)
    if not 0 <= hours <= 24:
        return "hours", Msg("verwacht de gewerkte uren op één dag, 0 tot 24",
                            "expected hours worked on one day, 0 to 24")
    if not 0 <= wijk <= hours:
        return "neighbourhood_hours", Msg("verwacht 0 tot de gewerkte uren",
                                          "expected 0 up to the hours worked")
    return None


# The store keeps counts of persons and years as INTEGER: a count above it is no count of
# people (10^20 inhabitants was read as a number and broke the store's insert).
MOST_PERSONS = 2**31 - 1


def whole_persons(r: dict[str, object], key: str) -> Bad | None:
    """``r[key]`` is a whole number of persons the store can keep, else what was expected."""
    n = r[key]
    assert isinstance(n, float)
    if not 0 <= n <= MOST_PERSONS or not n.is_integer():
        return key, Msg("verwacht een geheel aantal personen, 0 tot en met 2.147.483.647",
                        "expected a whole number of persons, 0 up to 2,147,483,647")
    return None


def whole_year(r: dict[str, object], key: str = "year") -> Bad | None:
    """``r[key]`` is a year of the letters' era (1990–2100), else what was expected."""
    y = r[key]
    assert isinstance(y, float)
    if not y.is_integer() or not 1990 <= y <= 2100:
        return key, Msg("verwacht een jaar zoals 2021", "expected a year such as 2021")
    return None


def _check_population(r: dict[str, object]) -> Bad | None:
    return whole_persons(r, "inhabitants")


def _check_targets(r: dict[str, object]) -> Bad | None:
    return whole_year(r)


def _check_survey(r: dict[str, object]) -> Bad | None:
    bad = whole_persons(r, "respondents")
    if bad:
        return bad
    for k in ("social_safety", "workload"):
        v = r.get(k)
        if v is not None and not (isinstance(v, float) and 0 <= v <= 10):
            return k, Msg("verwacht een score van 0 tot 10", "expected a score from 0 to 10")
    return None


def _check_formatie(r: dict[str, object]) -> Bad | None:
    f = r["formatie_fte"]
    assert isinstance(f, float)
    return None if f >= 0 else ("formatie_fte", Msg("verwacht fte, 0 of meer",
                                                    "expected fte, 0 or more"))


FORMATS: dict[str, InputFormat] = {
    "population": InputFormat(
        "population", {"unit": _unit, "inhabitants": _number},
        {"municipality_code": _optional_text, "municipality": _optional_text},
        _check_population),
    "time": InputFormat(
        "time", {"person_id": _text, "date": _date, "hours": _number,
                 "neighbourhood_hours": _number}, {}, _check_time),
    "targets": InputFormat(
        "targets", {"target": _text, "year": _number, "realised": _number}, {},
        _check_targets),
    "team_formatie": InputFormat(
        "team_formatie", {"team": _text, "formatie_fte": _number}, {}, _check_formatie),
    "survey": InputFormat(
        "survey", {"team": _text, "respondents": _number},
        {"social_safety": _optional_number, "workload": _optional_number}, _check_survey),
}

REFUSED = {"name", "naam", "bsn", "comment", "comments", "opmerking", "toelichting",
           "email", "free_text", "vrije_tekst"}


def read_norm_input(path: str | Path, kind: str) -> list[dict[str, object]]:
    """The rows of a norm-input file of ``kind``, validated; InputError lists problems."""
    return read_input(path, FORMATS[kind])


def read_input(path: str | Path, fmt: InputFormat) -> list[dict[str, object]]:
    """The rows of a small input table of format ``fmt`` (CSV or XLSX), validated whole:
    InputError lists every problem by row and column."""
    p = Path(path)
    name = str(p)
    grid = read_sheet(p)
    rows = [(r, cells) for r, cells in grid.rows if any(c not in (None, "") for c in cells)]
    if not rows:
        raise InputError.at(name, Msg("geen kopregel", "no header row"))
    header_row, header = rows[0]
    names = [normalise_name(str(h or "")) for h in header]
    wanted = {normalise_name(c): c for c in [*fmt.columns, *fmt.optional]}
    problems: list[Problem] = []
    for h, n in zip(header, names, strict=True):
        if n in REFUSED:
            problems.append(Problem(name, header_row, str(h), Msg(
                "namen, burgerservicenummers en vrije tekst worden nooit opgeslagen; verwijder "
                "deze kolom",
                "names, national ID numbers and "
                "free text are never stored; remove this column")))
        elif n in fmt.refused:
            problems.append(Problem(name, header_row, str(h), fmt.refused[n]))
    index: dict[str, int] = {}
    for i, n in enumerate(names):
        if n in wanted:
            index[wanted[n]] = i
    for c in fmt.columns:
        if c not in index:
            expected = ", ".join([*fmt.columns, *fmt.optional])
            problems.append(Problem(name, header_row, None, Msg(
                f"kolom {c!r} ontbreekt: verwacht {expected}",
                f"missing column {c!r}: expected {expected}")))
    if problems:
        raise InputError(problems)
    numfmt, _ = detect_format([c for _, cells in rows[1:] for c in cells if isinstance(c, str)])
    out: list[dict[str, object]] = []
    for r, cells in rows[1:]:
        rec: dict[str, object] = {}
        for col, parse in [*fmt.columns.items(), *fmt.optional.items()]:
            if col not in index:
                continue
            raw = cells[index[col]] if index[col] < len(cells) else None
            try:
                rec[col] = parse(raw, numfmt)
            except ValueError as exc:
                said = exc.args[0] if exc.args else None
                problems.append(Problem(name, r, col, said if isinstance(said, Msg) else
                                        str(exc)))
        if len(rec) == len([c for c in [*fmt.columns, *fmt.optional] if c in index]) \
                and fmt.checks is not None:
            bad = fmt.checks(rec)
            if bad:
                problems.append(Problem(name, r, bad[0], bad[1]))
        out.append(rec)
    if problems:
        raise InputError(problems)
    if not out:
        raise InputError.at(name, Msg("het bestand heeft een kopregel maar geen rijen",
                                      "the file has a header but no rows"), row=header_row)
    return out


def bundled_target_realisations() -> dict[str, dict[int, float]]:
    """Realisations of the national targets shipped with sterkte
    (``data/veiligheidsagenda-realisations.csv``): target → year → realised."""
    text = resources.files("sterkte").joinpath(
        "data/veiligheidsagenda-realisations.csv").read_text(encoding="utf-8")
    out: dict[str, dict[int, float]] = {}
    for row in csv.DictReader(StringIO(text)):
        out.setdefault(row["target"], {})[int(row["year"])] = float(row["realised"])
    return out
