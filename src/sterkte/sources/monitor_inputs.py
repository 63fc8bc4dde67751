"""Read the aggregate inputs of the issue-16 monitors (CSV or XLSX; formats in
docs/monitors.md), each accepted or refused whole with every problem by row and column:

- ``background``: persons per year, population, unit (optionally team) and group of
  cultural background, from an aggregate statistical source. Any column that could
  carry a person (``person_id``, birth year, gender, …) refuses the file: cultural
  background is special-category personal data and never enters per person;
- ``survey``: employee-survey results (MedewerkersMonitor) per team, wave and dimension,
  with the number of respondents;
- ``earmark_bezetting``: fte in post against an earmark, per unit, on a date;
- ``understaffing``: the understaffing of a task (e.g. traffic enforcement) in percent,
  or its formatie and bezetting, per period.

Each may carry a ``source`` column (e.g. "synthetic"), kept with its rows.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from sterkte.errors import Msg
from sterkte.sources.norm_inputs import (
    Bad,
    InputFormat,
    _date,
    _number,
    _optional_number,
    _optional_text,
    _unit,
    read_input,
    whole_persons,
    whole_year,
)
from sterkte.sources.numbers import NumberFormat
from sterkte.sources.spreadsheet import CellValue

POPULATIONS = ("intake", "leadership", "outflow", "staff")

_PERSON_LEVEL = Msg("culturele achtergrond komt alleen binnen als aantallen per eenheid of "
                    "team uit een statistische bron, nooit per persoon: verwijder kolommen "
                    "per persoon en importeer de geaggregeerde aantallen",
                    "cultural background enters only as counts per unit or team from a "
                    "statistical source, never per person: remove person-level columns "
                    "and import the aggregate counts")
# header names as normalised (letters and digits only, lower case)
PERSON_COLUMNS = {c: _PERSON_LEVEL for c in (
    "personid", "person", "persoon", "personeelsnummer", "employeeid", "birthyear",
    "geboortejaar", "birthdate", "geboortedatum", "gender", "geslacht", "age", "leeftijd")}


def _population(v: CellValue, _: NumberFormat) -> object:
    s = str(v or "").strip().lower()
    if s not in POPULATIONS:
        raise ValueError(Msg(f"verwacht een van {', '.join(POPULATIONS)}, gevonden {v!r}",
                             f"expected one of {', '.join(POPULATIONS)}, found {v!r}"))
    return s


def _code(v: CellValue, _: NumberFormat) -> object:
    s = str(v or "").strip()
    if not re.fullmatch(r"[A-Za-z0-9_.-]{1,40}", s):
        raise ValueError(Msg(f"verwacht een code van letters, cijfers, _ . of - (hoogstens "
                             f"40), gevonden {v!r}",
                             f"expected a code of letters, digits, _ . or - (at most 40), "
                             f"found {v!r}"))
    return s


def _optional_code(v: CellValue, fmt: NumberFormat) -> object:
    return None if v is None or str(v).strip() == "" else _code(v, fmt)


def _period(v: CellValue, _: NumberFormat) -> object:
    """A year, a month or a day: 2017, 2019-04, 2019-09-30 (as the letters date them)."""
    if isinstance(v, dt.datetime | dt.date):
        return v.strftime("%Y-%m-%d")
    s = str(v or "").strip()
    if s.endswith(".0") and s[:-2].isdigit():  # a year read from a spreadsheet as a number
        s = s[:-2]
    if re.fullmatch(r"\d{4}", s) or re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", s):
        return s
    try:
        return dt.date.fromisoformat(s).isoformat()
    except ValueError:
        raise ValueError(Msg(f"verwacht een jaar, maand of dag (2017, 2019-04, 2019-09-30), "
                             f"gevonden {v!r}",
                             f"expected a year, month or day (2017, 2019-04, 2019-09-30), "
                             f"found {v!r}")) from None


def _check_background(r: dict[str, object]) -> Bad | None:
    return whole_year(r) or whole_persons(r, "persons")


def _check_survey(r: dict[str, object]) -> Bad | None:
    bad = whole_persons(r, "respondents")
    if bad:
        return bad
    score = r["score"]
    assert isinstance(score, float)
    return None if score >= 0 else ("score", Msg("verwacht een score, 0 of meer",
                                                 "expected a score, 0 or more"))


def _check_bezetting(r: dict[str, object]) -> Bad | None:
    f = r["bezetting_fte"]
    assert isinstance(f, float)
    return None if f >= 0 else ("bezetting_fte", Msg("verwacht fte, 0 of meer",
                                                     "expected fte, 0 or more"))


def _check_understaffing(r: dict[str, object]) -> Bad | None:
    pct, formatie, bezetting = (r.get("understaffing_percent"), r.get("formatie_fte"),
                                r.get("bezetting_fte"))
    if pct is None and (formatie is None or bezetting is None):
        return "understaffing_percent", Msg(
            "verwacht een percentage, of formatie_fte en bezetting_fte om het uit te berekenen",
            "expected a percentage, or formatie_fte and bezetting_fte to compute it from")
    if isinstance(pct, float) and not -100 <= pct <= 100:
        return "understaffing_percent", Msg("verwacht een percentage van -100 tot 100",
                                            "expected a percentage from -100 to 100")
    if isinstance(formatie, float) and formatie <= 0:
        return "formatie_fte", Msg("verwacht fte, meer dan 0", "expected fte, more than 0")
    return None


def _scope(v: CellValue, fmt: NumberFormat) -> object:
    """A unit code or NP (national)."""
    s = str(v or "").strip()
    return "NP" if s.upper() in ("NP", "NATIONAAL", "NATIONAL") else _unit(v, fmt)


FORMATS: dict[str, InputFormat] = {
    "background": InputFormat(
        "background", {"year": _number, "population": _population, "unit": _unit,
                       "group": _code, "persons": _number},
        {"team": _optional_code, "source": _optional_text}, _check_background,
        refused=PERSON_COLUMNS),
    "survey": InputFormat(
        "survey", {"team": _code, "wave": _date, "dimension": _code,
                   "respondents": _number, "score": _number},
        {"source": _optional_text}, _check_survey),
    "earmark_bezetting": InputFormat(
        "earmark_bezetting", {"earmark": _code, "unit": _scope, "date": _date,
                              "bezetting_fte": _number},
        {"source": _optional_text}, _check_bezetting),
    "understaffing": InputFormat(
        "understaffing", {"task": _code, "period": _period},
        {"understaffing_percent": _optional_number, "formatie_fte": _optional_number,
         "bezetting_fte": _optional_number, "source": _optional_text}, _check_understaffing),
}


def read_monitor_input(path: str | Path, kind: str) -> list[dict[str, object]]:
    """The rows of a monitor input file of ``kind`` (see the module), validated whole."""
    return read_input(path, FORMATS[kind])


__all__ = ["FORMATS", "PERSON_COLUMNS", "POPULATIONS", "read_monitor_input"]
