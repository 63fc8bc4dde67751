"""Scenarios: named sets of overrides on the dated parameters.

A scenario file::

    name: short-training          # optional; default the file stem
    description: BPO of 18 months for intakes from 2025 on
    description_nl: BPO van 18 maanden voor instroom vanaf 2025   # optional
    reference: (optional) the decision or letter it models
    start:                        # optional: where the forecast starts (default: the
      stocks: published           #   closing stocks of the latest published year)
      at: opening                 # opening | closing of …
      year: 2021                  # … this published year (default: the latest)
    # or, from HR records:  start: {stocks: hr, date: 2021-12-31}  (the day whose end
    # is the start; default the last complete month)
    overrides:
      training_length:
        2025-01-01: 18            # dated values merged into the parameter's own
      formatie:
        2025-01-01: {NN: 3700}    # a partial mapping updates those keys only

Semantics: each override date takes effect from that date on, replacing any
value the parameter had on exactly that date; earlier values stay. A mapping
override is laid over the value in force on its date, so a scenario can change
one unit without restating the others; parameters marked ``open_keys`` (ages,
months) also accept new keys. Unknown parameters, unknown keys, values
of the wrong shape or outside the parameter's range are :class:`InputError`s
naming the file and field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from sterkte.errors import InputError, Msg, read_text
from sterkte.parameters.model import (
    SHAPE_NL,
    BadValue,
    Value,
    _read_yaml,
    _shape,
    parse_value,
    pydantic_problems,
)
from sterkte.parameters.tree import ParameterSet


class ScenarioStart(BaseModel):
    """Where a scenario's forecast starts: which stocks, on which date.

    ``stocks: published`` — the published tables (store, else the bundled ones): the
    ``opening`` (31-12 of the year before) or ``closing`` stocks of ``year`` (default: the
    latest year). ``stocks: hr`` — the HR records on the end of ``date`` (the last day
    of a month; default: the last complete month).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    stocks: Literal["published", "hr"] = "published"
    at: Literal["opening", "closing"] = "closing"
    year: int | None = None
    date: dt.date | None = None

    def describe(self) -> str:
        if self.stocks == "hr":
            return f"HR records on {self.date.isoformat() if self.date else 'the last month'}"
        return f"published {self.at} stocks of {self.year if self.year else 'the latest year'}"


class ScenarioFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str | None = None
    description: str = ""
    description_nl: str = ""
    reference: str = ""
    start: ScenarioStart | None = None
    overrides: dict[str, dict[dt.date, Value]] = {}


@dataclass(frozen=True)
class Scenario:
    name: str
    source: str
    description: str = ""
    reference: str = ""
    overrides: dict[str, dict[dt.date, Value]] = field(default_factory=dict)
    description_nl: str = ""
    start: ScenarioStart | None = None  # None: the caller's default start

    def describe(self, lang: str) -> str:
        """The description in ``lang`` (``nl``: the Dutch one when the file has it)."""
        if lang == "nl" and self.description_nl:
            return self.description_nl
        return self.description or self.description_nl

    def apply(self, params: ParameterSet) -> ParameterSet:
        """``params`` with this scenario's overrides laid over them."""
        out = params
        for pname, dated in self.overrides.items():
            if pname not in params:
                known = ", ".join(sorted(params))
                raise InputError.at(self.source, Msg(f"onbekende parameter; bekend: {known}",
                                                     f"unknown parameter; known: {known}"),
                                    field=f"overrides.{pname}")
            base = params[pname]
            values = dict(base.values)
            for when, value in sorted(dated.items()):
                where = f"overrides.{pname}.{when.isoformat()}"
                try:
                    in_force: Value | None = base.at(when)
                except InputError:
                    in_force = None
                template = in_force if in_force is not None else next(iter(base.values.values()))
                if _shape(value) != _shape(template):
                    want, got = _shape(template), _shape(value)
                    raise InputError.at(self.source, Msg(
                        f"verwacht een {SHAPE_NL[want]} (zoals in {base.source}), gevonden een "
                        f"{SHAPE_NL[got]}",
                        f"expected a {want} (as in {base.source}), found a {got}"), field=where)
                values[when] = _merge(template if in_force is not None else None, value,
                                      self.source, where, base.open_keys)
            out = out.replace(pname, base.with_values(values, f"{self.source} ({pname})"))
        return ParameterSet(dict(out.items()), (*params.applied, self.name), params.groups,
                            params.overridden)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "description": self.description,
                "description_nl": self.description_nl, "reference": self.reference,
                **({"start": self.start.model_dump(mode="json", exclude_none=True)}
                   if self.start is not None else {}),
                "overrides": {p: {d.isoformat(): v for d, v in dv.items()}
                              for p, dv in self.overrides.items()}}


def _merge(base: Value | None, value: Value, source: str, where: str,
           open_keys: bool = False) -> Value:
    if not isinstance(value, dict) or base is None:
        return value
    assert isinstance(base, dict)
    unknown = sorted(set(value) - set(base))
    if unknown and not open_keys:
        raise InputError.at(source, Msg(
            f"onbekende sleutel(s) {', '.join(unknown)}; verwacht enkele van {', '.join(base)}",
            f"unknown key(s) {', '.join(unknown)}; expected some of "
            f"{', '.join(base)}"), field=where)
    out: dict[str, Any] = dict(base)
    for k, v in value.items():
        out[k] = _merge(base.get(k), v, source, f"{where}.{k}", open_keys)
    return out


def resolve_scenario_path(name_or_path: str) -> tuple[str, str]:
    """(source name, YAML text) of a scenario given as a file path or a built-in name
    (``hjb2022`` or ``hjb2022.yaml`` when no such file exists here)."""
    p = Path(name_or_path)
    if p.is_file():
        return str(p), read_text(p, str(p))
    stem = p.name.removesuffix(".yaml").removesuffix(".yml")
    root = resources.files("sterkte") / "data" / "scenarios"
    entry = root / f"{stem}.yaml"
    if p.parent == Path(".") and entry.is_file():
        where = f"sterkte/data/scenarios/{stem}.yaml"
        return where, read_text(entry, where)
    builtin = sorted(e.name.removesuffix(".yaml") for e in root.iterdir()
                     if e.name.endswith(".yaml"))
    raise InputError.at(name_or_path, Msg(
        f"geen scenariobestand gevonden, en geen ingebouwd scenario (ingebouwd: "
        f"{', '.join(builtin)})",
        f"no such scenario file, and not a built-in scenario "
        f"(built-in: {', '.join(builtin)})"))


def load_scenario(name_or_path: str, *, text: str | None = None) -> Scenario:
    """Read and validate a scenario (file path or built-in name)."""
    if text is None:
        source, text = resolve_scenario_path(name_or_path)
    else:
        source = name_or_path
    data = _read_yaml(Path(source), text)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError.at(source, Msg("verwacht een mapping met description en overrides",
                                        "expected a mapping with description and overrides"))
    overrides = data.get("overrides")
    if overrides is not None and not isinstance(overrides, dict):
        raise InputError.at(source, Msg("verwacht een mapping parameter → {datum: waarde}",
                                        "expected a mapping parameter → {date: value}"),
                            field="overrides")
    if isinstance(overrides, dict):
        clean: dict[str, Any] = {}
        for pname, dv in overrides.items():
            if not isinstance(dv, dict):
                raise InputError.at(source, Msg("verwacht een mapping {datum: waarde}",
                                                "expected a mapping {date: value}"),
                                    field=f"overrides.{pname}")
            clean[str(pname)] = {}
            for k, v in dv.items():
                try:
                    clean[str(pname)][k] = parse_value(v)
                except BadValue as exc:
                    raise InputError.at(source, exc.msg, field=f"overrides.{pname}.{k}"
                                        + (f".{exc.path}" if exc.path else "")) from None
        data = {**data, "overrides": clean}
    try:
        spec = ScenarioFile.model_validate(data)
    except ValidationError as exc:
        raise pydantic_problems(source, exc) from None
    stem = Path(source).name.removesuffix(".yaml").removesuffix(".yml")
    return Scenario(name=spec.name or stem, source=source, description=spec.description,
                    reference=spec.reference, overrides=dict(spec.overrides),
                    description_nl=spec.description_nl, start=spec.start)
