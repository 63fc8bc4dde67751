"""One parameter = one YAML file (or one entry of a group file, see :mod:`.tree`).

File layout (a civil servant can review a change without reading Python)::

    description: Length of the basic police training (BPO) by intake date
    unit: months
    reference:                # text, a list of texts, or sources by date (see .references)
      1990-01-01:
        title: Eerste halfjaarbericht politie 2020 (BPO of 3 years)
      2021-01-01:
        - title: Eerste halfjaarbericht politie 2020 (renewed 2-year programme)
        - title: Eerste halfjaarbericht politie 2022, bijlage 2
    range: [1, 60]            # optional: every number must lie in it
    total: 1.0                # optional: every mapping's values must add up to it
    open_keys: true           # optional: scenarios may add keys (ages, months), not
                              # only change existing ones (units: a new key is a typo)
    values:
      1990-01-01: 36          # in force from this date on ...
      2021-01-01: 24          # ... until the next one

A value is a number, a text (e.g. ``EPSG:28992``), a mapping ``key → number`` (per unit,
per age band, per month …) or a mapping ``key → mapping`` (per category, then per unit).
Every date has the same shape. Keys are strings (YAML integers such as month numbers are
read as their decimal text); text that reads as a number (``1e-3``) is that number.
The value *in force on* a date is the one with the latest start date on or before it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from sterkte.errors import (
    InputError,
    Msg,
    Problem,
    pydantic_message,
    read_text,
)
from sterkte.parameters.references import Source, parse_reference

Leaf = dict[str, float]
Value = float | str | dict[str, float] | dict[str, dict[str, float]]

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


class BadValue(ValueError):
    """A value that is not a number, text or mapping of numbers; ``path`` is where in it
    (``NN`` or ``OS.NN``; empty for the value itself)."""

    def __init__(self, message: Msg, path: str = "") -> None:
        super().__init__(message)
        self.msg = message
        self.path = path


def parse_value(v: object, path: str = "") -> Value:
    """A value as read from YAML, checked and normalised: numbers as floats, mapping keys
    as text, text only as a whole value (never inside a mapping). Raises :class:`BadValue`.
    """
    if isinstance(v, bool):  # YAML true/false: never a number here
        raise BadValue(Msg(f"verwacht een getal, gevonden {str(v).lower()}",
                           f"expected a number, found {str(v).lower()}"), path)
    if isinstance(v, int | float):
        return float(v)
    if isinstance(v, str):
        t = v.strip()
        if _NUMBER.match(t):
            return float(t)
        if path:
            raise BadValue(Msg(f"verwacht een getal, gevonden tekst {v!r}",
                               f"expected a number, found text {v!r}"), path)
        if not t:
            raise BadValue(Msg("verwacht een getal of een tekst, gevonden een lege tekst",
                               "expected a number or a text, found an empty text"), path)
        return t
    if isinstance(v, Mapping):
        if path.count(".") >= 1:
            raise BadValue(Msg("verwacht een getal, gevonden een mapping (waarden zijn hoogstens "
                               "twee niveaus diep: een mapping van mappings)",
                               "expected a number, found a mapping (values nest at most two "
                               "levels: a mapping of mappings)"), path)
        out: dict[str, Any] = {}
        for k, x in v.items():
            out[str(k)] = parse_value(x, f"{path}.{k}" if path else str(k))
        return out
    if v is None:
        raise BadValue(Msg("verwacht een waarde, niets gevonden",
                           "expected a value, found nothing"), path)
    raise BadValue(Msg(f"verwacht een getal, een tekst of een mapping, gevonden een "
                       f"{type(v).__name__}",
                       f"expected a number, a text or a mapping, found a {type(v).__name__}"),
                   path)


class ParameterFile(BaseModel):
    """The schema of a parameter file, validated on load (``reference`` by
    :func:`~sterkte.parameters.references.parse_reference`, values by :func:`parse_value`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str
    unit: str
    reference: Any
    range: tuple[float, float] | None = None
    total: float | None = None
    open_keys: bool = False
    values: dict[dt.date, Any]

    @field_validator("values", mode="before")
    @classmethod
    def _date_keys(cls, v: object) -> object:
        if not isinstance(v, Mapping):
            return v
        return {k.date() if isinstance(k, dt.datetime) else k: x for k, x in v.items()}


def _leaves(value: Value, path: str = "") -> Iterator[tuple[str, float | str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, f"{path}.{k}" if path else k)
    else:
        yield path, value


def _leaf_mappings(value: Value, path: str = "") -> Iterator[tuple[str, Leaf]]:
    if isinstance(value, dict):
        inner = list(value.values())
        if inner and all(isinstance(x, dict) for x in inner):
            for k, v in value.items():
                yield from _leaf_mappings(v, f"{path}.{k}" if path else k)
        elif all(not isinstance(x, dict) for x in inner):
            yield path, {k: float(x) for k, x in value.items()}  # type: ignore[arg-type]


def _shape(value: Value) -> str:
    if isinstance(value, str):
        return "text"
    if not isinstance(value, dict):
        return "number"
    if any(isinstance(x, dict) for x in value.values()):
        return "mapping of mappings"
    return "mapping"


# The shapes in Dutch, for messages.
SHAPE_NL = {"text": "tekst", "number": "getal", "mapping": "mapping",
            "mapping of mappings": "mapping van mappings"}


def _found(value: Value) -> Msg:
    if isinstance(value, str):
        return Msg(f"tekst {value!r}", f"text {value!r}")
    shape = _shape(value)
    return Msg(f"een {SHAPE_NL[shape]}", f"a {shape}")


class Parameter:
    """A dated policy parameter: ``at(date)`` gives the value in force, ``reference_on``
    its sources then. ``group`` is the folder (or group file) it was read from."""

    __slots__ = ("description", "group", "name", "open_keys", "prefix", "range", "references",
                 "source", "total", "unit", "values")

    def __init__(self, name: str, source: str, spec: ParameterFile, *, prefix: str = "",
                 group: str = "") -> None:
        self.name = name
        self.source = source  # the file it came from, for messages
        self.prefix = prefix  # where in the file: '' or 'name.' in a group file
        self.group = group
        self.description = spec.description
        self.unit = spec.unit
        self.references = parse_reference(spec.reference, source, prefix)
        self.range = spec.range
        self.total = spec.total
        self.open_keys = spec.open_keys
        values: dict[dt.date, Value] = {}
        problems: list[Problem] = []
        for when, raw in sorted(spec.values.items()):
            try:
                values[when] = parse_value(raw)
            except BadValue as exc:
                field = f"{prefix}values.{when}" + (f".{exc.path}" if exc.path else "")
                problems.append(Problem(source, None, field, exc.msg))
        if problems:
            raise InputError(problems)
        self.values = values
        self.validate()
        if values and self.references.first_date > self.first_date:
            raise InputError.at(source, Msg(
                f"geen bron voor de waarde vanaf {self.first_date} (de eerste bron geldt vanaf "
                f"{self.references.first_date})",
                f"no source for the value from {self.first_date} (the first source applies "
                f"from {self.references.first_date})"), field=f"{prefix}reference")

    def validate(self, source: str | None = None) -> None:
        """Check every value: one shape for all dates, numbers finite and within
        ``range``, mappings adding up to ``total``. Raises :class:`InputError`."""
        src = source or self.source
        pre = self.prefix if source is None else ""
        problems: list[Problem] = []
        if not self.values:
            problems.append(Problem(src, None, f"{pre}values",
                                    Msg("verwacht ten minste één gedateerde waarde",
                                        "expected at least one dated value")))
        shapes = {_shape(v) for v in self.values.values()}
        if len(shapes) > 1:
            problems.append(Problem(src, None, f"{pre}values", Msg(
                f"elke datum moet dezelfde vorm hebben, gevonden "
                f"{sorted(SHAPE_NL[s] for s in shapes)}",
                f"every date must have the same shape, found {sorted(shapes)}")))
        for when, value in self.values.items():
            for path, x in _leaves(value):
                field = f"{pre}values.{when}" + (f".{path}" if path else "")
                if isinstance(x, str):
                    if self.range is not None or self.total is not None:
                        problems.append(Problem(src, None, field, Msg(
                            f"verwacht een getal (de parameter heeft een bereik of totaal), "
                            f"gevonden tekst {x!r}",
                            f"expected a number (the parameter has a range or total), found "
                            f"text {x!r}")))
                elif not math.isfinite(x):
                    problems.append(Problem(src, None, field, Msg(
                        f"verwacht een eindig getal, gevonden {x}",
                        f"expected a finite number, found {x}")))
                elif self.range is not None and not self.range[0] <= x <= self.range[1]:
                    span = f"[{self.range[0]:g}, {self.range[1]:g}]"
                    problems.append(Problem(src, None, field, Msg(
                        f"verwacht een getal in {span}, gevonden {x:g}",
                        f"expected a number in {span}, found {x:g}")))
            if self.total is not None:
                for path, leaf in _leaf_mappings(value):
                    s = math.fsum(leaf.values())
                    if abs(s - self.total) > 1e-6:
                        field = f"{pre}values.{when}" + (f".{path}" if path else "")
                        problems.append(Problem(src, None, field, Msg(
                            f"verwacht dat de waarden optellen tot {self.total:g}, gevonden "
                            f"{s:g}",
                            f"expected the values to add up to {self.total:g}, found {s:g}")))
        if problems:
            raise InputError(problems)

    def __repr__(self) -> str:
        return f"Parameter({self.name!r}, {len(self.values)} dated values)"

    @property
    def first_date(self) -> dt.date:
        return next(iter(self.values))

    @property
    def shape(self) -> str:
        """``number``, ``text``, ``mapping`` or ``mapping of mappings``."""
        return _shape(next(iter(self.values.values())))

    @property
    def reference(self) -> str:
        """The sources as one line of text (dated ones with the date they apply from)."""
        return self.references.text

    def in_force(self, when: dt.date) -> tuple[dt.date, Value]:
        """(start date, value) in force on ``when`` (latest start date ≤ ``when``)."""
        found: tuple[dt.date, Value] | None = None
        for start, value in self.values.items():
            if start > when:
                break
            found = (start, value)
        if found is None:
            raise InputError.at(self.source, Msg(
                f"geen waarde van kracht op {when.isoformat()} (de eerste waarde begint "
                f"{self.first_date.isoformat()})",
                f"no value in force on {when.isoformat()} "
                f"(the first value starts {self.first_date.isoformat()})"),
                field=f"{self.prefix}values")
        return found

    def at(self, when: dt.date) -> Value:
        """The value in force on ``when`` (latest start date ≤ ``when``)."""
        return self.in_force(when)[1]

    def _wrong(self, when: dt.date, expected: Msg) -> InputError:
        start, v = self.in_force(when)
        found = _found(v)
        return InputError.at(self.source, Msg(f"verwacht {expected.nl}, gevonden {found.nl}",
                                              f"expected {expected.en}, found {found.en}"),
                             field=f"{self.prefix}values.{start}")

    def number(self, when: dt.date) -> float:
        v = self.at(when)
        if isinstance(v, dict | str):
            raise self._wrong(when, Msg("een getal", "a number"))
        return float(v)

    def text(self, when: dt.date) -> str:
        """A text value (e.g. an EPSG code) in force on ``when``."""
        v = self.at(when)
        if not isinstance(v, str):
            raise self._wrong(when, Msg("een tekst", "a text"))
        return v

    def mapping(self, when: dt.date) -> dict[str, float]:
        v = self.at(when)
        if not isinstance(v, dict) or _shape(v) != "mapping":
            raise self._wrong(when, Msg("een mapping van getallen", "a mapping of numbers"))
        return {k: float(x) for k, x in v.items()}  # type: ignore[arg-type]

    def table(self, when: dt.date) -> dict[str, dict[str, float]]:
        v = self.at(when)
        if not isinstance(v, dict) or _shape(v) != "mapping of mappings":
            raise self._wrong(when, Msg("een mapping van mappings", "a mapping of mappings"))
        return {k: {kk: float(xx) for kk, xx in x.items()}  # type: ignore[union-attr]
                for k, x in v.items()}

    def reference_on(self, when: dt.date) -> tuple[Source, ...]:
        """The sources in force on ``when`` (those of the latest reference date on or
        before it; a reference without dates applies to every date)."""
        found = self.references.on(when)
        if found is None:
            raise InputError.at(self.source, Msg(
                f"geen bron van kracht op {when.isoformat()} (de eerste geldt vanaf "
                f"{self.references.first_date})",
                f"no source in force on {when.isoformat()} "
                f"(the first applies from {self.references.first_date})"),
                field=f"{self.prefix}reference")
        return found

    def reference_text_on(self, when: dt.date) -> str:
        """The titles of the sources in force on ``when``, as one line for reports."""
        return "; ".join(s.title for s in self.reference_on(when))

    def with_values(self, values: Mapping[dt.date, Value], source: str) -> Parameter:
        """A copy whose dated values are replaced by ``values`` (validated, errors
        attributed to ``source``)."""
        out = Parameter.__new__(Parameter)
        for slot in Parameter.__slots__:
            setattr(out, slot, getattr(self, slot))
        out.values = dict(sorted(values.items()))
        out.validate(source)
        return out

    def to_dict(self) -> dict[str, Any]:
        """The parameter as its file would read (JSON-able); :meth:`ParameterSet.from_dict`
        reads it back."""
        out: dict[str, Any] = {"description": self.description, "unit": self.unit,
                               "reference": self.references.to_data()}
        if self.range is not None:
            out["range"] = list(self.range)
        if self.total is not None:
            out["total"] = self.total
        if self.open_keys:
            out["open_keys"] = True
        out["values"] = {d.isoformat(): v for d, v in self.values.items()}
        return out


class _Loader(yaml.SafeLoader):
    """YAML 1.1 without 'on/off/yes/no' as booleans (``ON`` is the unit Oost-Nederland)
    and with dates left as text, so pydantic validates them and names the field."""


_DROPPED = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in rs if tag not in _DROPPED]
    for ch, rs in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _ch in "tTfF":
    _Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), [_ch])


def _read_yaml(path: Path, text: str | None = None) -> Any:
    raw = text if text is not None else read_text(path, str(path))
    try:
        return yaml.load(raw, Loader=_Loader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        said = getattr(exc, 'problem', exc)
        raise InputError.at(str(path), Msg(f"geen geldige YAML: {said}",
                                           f"not valid YAML: {said}"),
                            row=row) from None


def pydantic_problems(source: str, exc: ValidationError, prefix: str = "") -> InputError:
    """A pydantic error as an :class:`InputError` naming file and field."""
    problems = []
    for err in exc.errors():
        field = prefix + ".".join(str(x) for x in err["loc"] if x != "[key]") or None
        problems.append(Problem(source, None, field, pydantic_message(err)))
    return InputError(problems)


def parameter_of(name: str, source: str, data: object, *, prefix: str = "",
                 group: str = "") -> Parameter:
    """One parameter from its parsed YAML mapping; errors name ``source`` and the field
    (after ``prefix``, e.g. ``cell_size.`` in a group file)."""
    if not isinstance(data, dict):
        raise InputError.at(source, Msg(
            "verwacht een mapping met description, unit, reference en values",
            "expected a mapping with description, unit, reference "
            "and values"), field=prefix.rstrip(".") or None)
    try:
        spec = ParameterFile.model_validate(data)
    except ValidationError as exc:
        raise pydantic_problems(source, exc, prefix) from None
    return Parameter(name, source, spec, prefix=prefix, group=group)


def load_parameter(path: str | Path, *, text: str | None = None, name: str | None = None
                   ) -> Parameter:
    """Read and validate one parameter file (its name is the file stem)."""
    p = Path(path)
    return parameter_of(name or p.stem, str(p), _read_yaml(p, text))
