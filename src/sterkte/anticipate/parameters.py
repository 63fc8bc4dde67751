"""Dated parameters of crime anticipation, validated on load.

Each parameter in ``sterkte/data/parameters/anticipate/*.yaml`` has a description, a
unit, a reference (why this value) and values keyed by the date they take
effect, in the manner of OpenFisca. ``value(name, on)`` returns the value in
force on a date.
"""

from __future__ import annotations

from datetime import date
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from sterkte.errors import InputError, Problem

Value = float | int | str


class DatedParameter(BaseModel):
    """One parameter: what it is, in which unit, why, and its values by start date."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str
    unit: str
    reference: str
    values: dict[date, Value]

    @field_validator("values")
    @classmethod
    def _not_empty(cls, v: dict[date, Value]) -> dict[date, Value]:
        if not v:
            raise ValueError("at least one dated value is needed")
        return v

    def at(self, on: date) -> Value:
        """The value in force on ``on`` (the latest start date not after it)."""
        starts = sorted(d for d in self.values if d <= on)
        if not starts:
            first = min(self.values)
            raise LookupError(f"no value before {first.isoformat()}")
        return self.values[starts[-1]]


class ParameterSet(BaseModel):
    """The parameters of one YAML file, by name."""

    model_config = ConfigDict(frozen=True)

    source: str
    parameters: dict[str, DatedParameter]

    def value(self, name: str, on: date) -> Value:
        """The value of ``name`` in force on ``on``; ``InputError`` when missing."""
        if name not in self.parameters:
            raise InputError.at(self.source, "parameter missing", field=name)
        try:
            return self.parameters[name].at(on)
        except LookupError as exc:
            raise InputError.at(self.source, f"not in force on {on.isoformat()}: {exc}",
                                field=name) from None

    def number(self, name: str, on: date) -> float:
        """A numeric parameter as a float."""
        v = self.value(name, on)
        if isinstance(v, str):
            raise InputError.at(self.source, f"expected a number, found {v!r}", field=name)
        return float(v)

    def dated(self, name: str, on: date) -> tuple[Value, date, str]:
        """Value, the date it took effect, and its reference — for reports."""
        p = self.parameters[name]
        start = max(d for d in p.values if d <= on)
        return p.values[start], start, p.reference


def parse_parameters(source: str, data: Any) -> ParameterSet:
    """Validate a parsed YAML mapping; every problem names the parameter."""
    if not isinstance(data, dict):
        raise InputError.at(source, "expected a mapping of parameter names")
    params: dict[str, DatedParameter] = {}
    problems: list[Problem] = []
    for name, body in data.items():
        try:
            params[str(name)] = DatedParameter.model_validate(body)
        except ValidationError as exc:
            for err in exc.errors():
                where = ".".join(str(p) for p in err["loc"])
                problems.append(Problem(source, None, f"{name}.{where}", err["msg"]))
    if problems:
        raise InputError(problems)
    return ParameterSet(source=source, parameters=params)


def bundled(name: str) -> ParameterSet:
    """One of the bundled parameter files: ``criteria``, ``presence`` or ``models``."""
    ref = resources.files("sterkte") / "data" / "parameters" / "anticipate" / f"{name}.yaml"
    text = ref.read_text(encoding="utf-8")
    return parse_parameters(f"sterkte/data/parameters/anticipate/{name}.yaml", yaml.safe_load(text))


def parameters_from_text(source: str, text: str) -> ParameterSet:
    """Parse a parameter file's text (e.g. an override given on the command line)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError.at(source, f"not valid YAML ({exc})") from None
    return parse_parameters(source, data)
