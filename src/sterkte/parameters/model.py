"""One parameter = one YAML file; a :class:`ParameterSet` = a directory of them.

File layout (a civil servant can review a change without reading Python)::

    description: Length of the basic police training (BPO) by intake date
    unit: months
    reference: Kamerstukken II 2019/20, 29628, nr. 944
    range: [1, 60]            # optional: every number must lie in it
    total: 1.0                # optional: every mapping's values must add up to it
    open_keys: true           # optional: scenarios may add keys (ages, months), not
                              # only change existing ones (units: a new key is a typo)
    values:
      1990-01-01: 36          # in force from this date on ...
      2021-01-01: 24          # ... until the next one

A value is a number, a mapping ``key → number`` (per unit, per age band, per
month …) or a mapping ``key → mapping`` (per category, then per unit). Keys are
strings (YAML integers such as month numbers are read as their decimal text).
The value *in force on* a date is the one with the latest start date on or before it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from sterkte.errors import InputError, Problem

Leaf = dict[str, float]
Value = float | dict[str, float] | dict[str, dict[str, float]]


class ParameterFile(BaseModel):
    """The schema of a parameter file, validated on load."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str
    unit: str
    reference: str
    range: tuple[float, float] | None = None
    total: float | None = None
    open_keys: bool = False
    values: dict[dt.date, Value]

    @field_validator("reference", mode="before")
    @classmethod
    def _reference_text(cls, v: object) -> object:
        if isinstance(v, list):  # several sources: one per line
            return "; ".join(str(x) for x in v)
        return v

    @field_validator("values", mode="before")
    @classmethod
    def _keys_as_text(cls, v: object) -> object:
        if not isinstance(v, Mapping):
            return v
        return {_date_key(k): _normalise(x) for k, x in v.items()}


def _date_key(k: object) -> object:
    if isinstance(k, dt.datetime):
        return k.date()
    return k  # a date, or text pydantic will parse (and reject clearly if it is no date)


def _normalise(v: object) -> object:
    if isinstance(v, Mapping):
        return {str(k): _normalise(x) for k, x in v.items()}
    if isinstance(v, bool):  # YAML 'yes'/'no': never a number here
        raise ValueError(f"expected a number, found {v!r}")
    return v


def _leaves(value: Value, path: str = "") -> Iterator[tuple[str, float]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, f"{path}.{k}" if path else k)
    else:
        yield path, float(value)


def _leaf_mappings(value: Value, path: str = "") -> Iterator[tuple[str, Leaf]]:
    if isinstance(value, dict):
        inner = list(value.values())
        if inner and all(isinstance(x, dict) for x in inner):
            for k, v in value.items():
                yield from _leaf_mappings(v, f"{path}.{k}" if path else k)
        elif all(not isinstance(x, dict) for x in inner):
            yield path, {k: float(x) for k, x in value.items()}  # type: ignore[arg-type]


def _shape(value: Value) -> str:
    if not isinstance(value, dict):
        return "number"
    if any(isinstance(x, dict) for x in value.values()):
        return "mapping of mappings"
    return "mapping"


class Parameter:
    """A dated policy parameter: ``at(date)`` gives the value in force."""

    __slots__ = ("description", "name", "open_keys", "range", "reference", "source", "total",
                 "unit", "values")

    def __init__(self, name: str, source: str, spec: ParameterFile) -> None:
        self.name = name
        self.source = source  # the file it came from, for messages
        self.description = spec.description
        self.unit = spec.unit
        self.reference = spec.reference
        self.range = spec.range
        self.total = spec.total
        self.open_keys = spec.open_keys
        self.values: dict[dt.date, Value] = dict(sorted(spec.values.items()))
        self.validate()

    def validate(self, source: str | None = None) -> None:
        """Check every value: one shape for all dates, numbers finite and within
        ``range``, mappings adding up to ``total``. Raises :class:`InputError`."""
        src = source or self.source
        problems: list[Problem] = []
        if not self.values:
            problems.append(Problem(src, None, "values", "expected at least one dated value"))
        shapes = {_shape(v) for v in self.values.values()}
        if len(shapes) > 1:
            problems.append(Problem(src, None, "values",
                                    f"every date must have the same shape, found {sorted(shapes)}"))
        for when, value in self.values.items():
            for path, x in _leaves(value):
                field = f"values.{when}" + (f".{path}" if path else "")
                if not math.isfinite(x):
                    problems.append(Problem(src, None, field, f"expected a finite number, "
                                                              f"found {x}"))
                elif self.range is not None and not self.range[0] <= x <= self.range[1]:
                    problems.append(Problem(src, None, field, f"expected a number in "
                                            f"[{self.range[0]:g}, {self.range[1]:g}], found {x:g}"))
            if self.total is not None:
                for path, leaf in _leaf_mappings(value):
                    s = math.fsum(leaf.values())
                    if abs(s - self.total) > 1e-6:
                        field = f"values.{when}" + (f".{path}" if path else "")
                        problems.append(Problem(src, None, field,
                                                f"expected the values to add up to "
                                                f"{self.total:g}, found {s:g}"))
        if problems:
            raise InputError(problems)

    def __repr__(self) -> str:
        return f"Parameter({self.name!r}, {len(self.values)} dated values)"

    @property
    def first_date(self) -> dt.date:
        return next(iter(self.values))

    def at(self, when: dt.date) -> Value:
        """The value in force on ``when`` (latest start date ≤ ``when``)."""
        found: Value | None = None
        for start, value in self.values.items():
            if start > when:
                break
            found = value
        if found is None:
            raise InputError.at(self.source, f"no value in force on {when.isoformat()} "
                                f"(the first value starts {self.first_date.isoformat()})",
                                field="values")
        return found

    def number(self, when: dt.date) -> float:
        v = self.at(when)
        if isinstance(v, dict):
            raise InputError.at(self.source, "expected a number, found a mapping", field="values")
        return float(v)

    def mapping(self, when: dt.date) -> dict[str, float]:
        v = self.at(when)
        if not isinstance(v, dict) or _shape(v) != "mapping":
            raise InputError.at(self.source, f"expected a mapping of numbers, found a "
                                f"{_shape(v)}", field="values")
        return {k: float(x) for k, x in v.items()}  # type: ignore[arg-type]

    def table(self, when: dt.date) -> dict[str, dict[str, float]]:
        v = self.at(when)
        if not isinstance(v, dict) or _shape(v) != "mapping of mappings":
            raise InputError.at(self.source, f"expected a mapping of mappings, found a "
                                f"{_shape(v)}", field="values")
        return {k: {kk: float(xx) for kk, xx in x.items()}  # type: ignore[union-attr]
                for k, x in v.items()}

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
                               "reference": self.reference}
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
    try:
        raw = text if text is not None else path.read_text(encoding="utf-8")
        return yaml.load(raw, Loader=_Loader)  # a SafeLoader subclass
    except OSError as exc:
        raise InputError.at(str(path), f"cannot read: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        raise InputError.at(str(path), f"not valid YAML: {getattr(exc, 'problem', exc)}",
                            row=row) from None


def pydantic_problems(source: str, exc: ValidationError) -> InputError:
    """A pydantic error as an :class:`InputError` naming file and field."""
    problems = []
    for err in exc.errors():
        field = ".".join(str(x) for x in err["loc"]) or None
        problems.append(Problem(source, None, field, err["msg"]))
    return InputError(problems)


def load_parameter(path: str | Path, *, text: str | None = None, name: str | None = None
                   ) -> Parameter:
    """Read and validate one parameter file (its name is the file stem)."""
    p = Path(path)
    data = _read_yaml(p, text)
    if not isinstance(data, dict):
        raise InputError.at(str(p), "expected a mapping with description, unit, reference "
                            "and values")
    try:
        spec = ParameterFile.model_validate(data)
    except ValidationError as exc:
        raise pydantic_problems(str(p), exc) from None
    return Parameter(name or p.stem, str(p), spec)


class ParameterSet(Mapping[str, Parameter]):
    """Parameters by name. Immutable: overrides return a new set."""

    def __init__(self, parameters: Mapping[str, Parameter], applied: tuple[str, ...] = ()) -> None:
        self._p = dict(parameters)
        self.applied = applied  # names of the scenarios applied, in order

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self._p[name]
        except KeyError:
            raise InputError.at("parameters", f"unknown parameter {name!r}; known: "
                                f"{', '.join(sorted(self._p))}") from None

    def __contains__(self, name: object) -> bool:
        return name in self._p

    def __iter__(self) -> Iterator[str]:
        return iter(self._p)

    def __len__(self) -> int:
        return len(self._p)

    def replace(self, name: str, parameter: Parameter) -> ParameterSet:
        out = dict(self._p)
        out[name] = parameter
        return ParameterSet(out, self.applied)

    def to_dict(self) -> dict[str, Any]:
        return {name: p.to_dict() for name, p in sorted(self._p.items())}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "stored parameters"
                  ) -> ParameterSet:
        """Read back :meth:`to_dict` (e.g. the parameters stored with a forecast run)."""
        params: dict[str, Parameter] = {}
        for name, spec in data.items():
            try:
                parsed = ParameterFile.model_validate(spec)
            except ValidationError as exc:
                raise pydantic_problems(f"{source} ({name})", exc) from None
            params[name] = Parameter(name, f"{source} ({name})", parsed)
        return cls(params)

    @classmethod
    def from_directory(cls, directory: str | Path) -> ParameterSet:
        d = Path(directory)
        files = sorted(d.glob("*.yaml"))
        if not files:
            raise InputError.at(str(d), "no parameter files (*.yaml) here")
        return cls({f.stem: load_parameter(f) for f in files})

    @classmethod
    def bundled(cls, names: Iterable[str] | None = None, *, engine: str | None = None
                ) -> ParameterSet:
        """The parameters shipped in ``sterkte/data/parameters/<engine>/``: all of them, one
        engine's (``engine``), or only ``names`` (so that one engine's files do not depend on
        another's). A parameter's name is its file name, unique across engines."""
        root = resources.files("sterkte") / "data" / "parameters"
        wanted = None if names is None else set(names)
        params: dict[str, Parameter] = {}
        for folder in sorted(root.iterdir(), key=lambda e: e.name):
            # The anticipation parameters still use their own file format (several per file).
            if not folder.is_dir() or folder.name == "anticipate" or (
                    engine is not None and folder.name != engine):
                continue
            for entry in sorted(folder.iterdir(), key=lambda e: e.name):
                name = entry.name.removesuffix(".yaml")
                if not entry.name.endswith(".yaml") or (wanted is not None and name not in wanted):
                    continue
                if name in params:
                    raise InputError.at(f"sterkte/data/parameters/{folder.name}/{entry.name}",
                                        f"parameter {name!r} is defined twice")
                params[name] = load_parameter(
                    f"sterkte/data/parameters/{folder.name}/{entry.name}",
                    text=entry.read_text(encoding="utf-8"), name=name)
        missing = sorted((wanted or set()) - set(params))
        if missing:
            raise InputError.at("sterkte/data/parameters", f"missing parameter file(s): "
                                f"{', '.join(m + '.yaml' for m in missing)}")
        return cls(params)
