"""Parameters by name, read from a folder tree laid out per engine.

::

    data/parameters/
      norms/
        index.yaml                  # description: what the parameters of this folder are
        wijkagent_inhabitants.yaml  # one parameter per file (its name: the file stem) …
        criteria.yaml               # … or a group file of several (see below)
      demand/…

A folder's ``index.yaml`` describes it (``description:``), as OpenFisca's does. A *group
file* holds several parameters under their names, with a ``description`` of the group::

    description: Success criteria for crime-anticipation models
    pai_3pct_min:
      description: …
      unit: ratio
      reference: …
      values: {2026-01-01: 3.0}

A parameter's name is its file stem, or its key in a group file; names are unique in
the whole tree (a second definition is an error naming both files).

**Overrides.** ``$STERKTE_PARAMETERS`` names a folder (laid out the same way, or flat)
whose files replace the bundled parameters of the same name, whole: description, unit,
reference and values. Each must name a bundled parameter and keep its unit and the shape
of its values; every :meth:`ParameterSet.bundled` call applies them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from sterkte.errors import InputError, Msg, read_text
from sterkte.parameters.model import (
    SHAPE_NL,
    Parameter,
    ParameterFile,
    _read_yaml,
    parameter_of,
    pydantic_problems,
)

ENVIRONMENT = "STERKTE_PARAMETERS"
BUNDLED = "sterkte/data/parameters"
INDEX = "index.yaml"
_PARAMETER_KEYS = frozenset(ParameterFile.model_fields)


class FolderIndex(BaseModel):
    """A folder's ``index.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str


class ParameterSet(Mapping[str, Parameter]):
    """Parameters by name. Immutable: overrides return a new set. ``groups``: folder or
    group file → its description; ``overridden``: the names replaced from
    ``$STERKTE_PARAMETERS``."""

    def __init__(self, parameters: Mapping[str, Parameter], applied: tuple[str, ...] = (),
                 groups: Mapping[str, str] | None = None,
                 overridden: tuple[str, ...] = ()) -> None:
        self._p = dict(parameters)
        self.applied = applied  # names of the scenarios applied, in order
        self.groups = dict(groups or {})
        self.overridden = overridden

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self._p[name]
        except KeyError:
            known = ", ".join(sorted(self._p))
            raise InputError.at("parameters", Msg(
                f"onbekende parameter {name!r}; bekend: {known}",
                f"unknown parameter {name!r}; known: {known}")) from None

    def __contains__(self, name: object) -> bool:
        return name in self._p

    def __iter__(self) -> Iterator[str]:
        return iter(self._p)

    def __len__(self) -> int:
        return len(self._p)

    def replace(self, name: str, parameter: Parameter) -> ParameterSet:
        out = dict(self._p)
        out[name] = parameter
        return ParameterSet(out, self.applied, self.groups, self.overridden)

    def to_dict(self) -> dict[str, Any]:
        return {name: p.to_dict() for name, p in sorted(self._p.items())}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "stored parameters"
                  ) -> ParameterSet:
        """Read back :meth:`to_dict` (e.g. the parameters stored with a forecast run)."""
        return cls({name: parameter_of(name, f"{source} ({name})", spec)
                    for name, spec in data.items()})

    @classmethod
    def from_directory(cls, directory: str | Path) -> ParameterSet:
        """Every parameter in ``directory`` and its sub-folders (no overrides applied)."""
        d = Path(directory)
        if not d.is_dir():
            raise InputError.at(str(d), Msg("map niet gevonden", "no such folder"))
        found = _Tree()
        found.walk(d, str(d), "")
        if not found.params:
            raise InputError.at(str(d), Msg("hier staan geen parameterbestanden (*.yaml)",
                                            "no parameter files (*.yaml) here"))
        return cls(found.params, groups=found.groups)

    @classmethod
    def bundled(cls, names: Iterable[str] | None = None, *, engine: str | None = None
                ) -> ParameterSet:
        """The parameters shipped in ``sterkte/data/parameters/<engine>/``: all of them, one
        engine's (``engine``), or only ``names`` (so that one engine's files do not depend on
        another's), with the overrides of ``$STERKTE_PARAMETERS`` laid over them."""
        root = resources.files("sterkte") / "data" / "parameters"
        wanted = None if names is None else set(names)
        found = _Tree(wanted)
        for folder in sorted(root.iterdir(), key=lambda e: e.name):
            if not folder.is_dir() or (
                    engine is not None and folder.name != engine):
                continue
            found.walk(folder, f"{BUNDLED}/{folder.name}", folder.name)
        missing = sorted((wanted or set()) - set(found.params))
        if missing:
            listed = ", ".join(m + ".yaml" for m in missing)
            raise InputError.at(BUNDLED, Msg(f"ontbrekende parameterbestand(en): {listed}",
                                             f"missing parameter file(s): {listed}"))
        params, overridden = _apply_overrides(found.params)
        return cls(params, groups=found.groups, overridden=overridden)


class _Tree:
    """Walks a folder tree, collecting parameters (only ``wanted`` ones, when given) and
    the descriptions of folders and group files."""

    def __init__(self, wanted: set[str] | None = None) -> None:
        self.wanted = wanted
        self.params: dict[str, Parameter] = {}
        self.groups: dict[str, str] = {}

    def walk(self, folder: Traversable, label: str, group: str) -> None:
        entries = sorted(folder.iterdir(), key=lambda e: e.name)
        for entry in entries:
            if entry.name == INDEX and entry.is_file():
                self.groups[group] = _index(entry, f"{label}/{INDEX}").description
        for entry in entries:
            where = f"{label}/{entry.name}"
            sub = f"{group}/{entry.name}" if group else entry.name
            if entry.is_dir():
                self.walk(entry, where, sub)
            elif entry.name.endswith(".yaml") and entry.name != INDEX:
                stem = entry.name.removesuffix(".yaml")
                self.add_file(entry, where, group, f"{group}/{stem}" if group else stem)

    def add_file(self, entry: Traversable, where: str, group: str, file_group: str) -> None:
        stem = entry.name.removesuffix(".yaml")
        data = _read_yaml(Path(where), read_text(entry, where))
        if not is_group_file(data):
            if self.wanted is None or stem in self.wanted:
                self.add(parameter_of(stem, where, data, group=group))
            return
        assert isinstance(data, dict)
        try:
            self.groups[file_group] = FolderIndex.model_validate(
                {"description": data.get("description")}).description
        except ValidationError as exc:
            raise pydantic_problems(where, exc) from None
        for key, body in data.items():
            name = str(key)
            if name != "description" and (self.wanted is None or name in self.wanted):
                self.add(parameter_of(name, where, body, prefix=f"{name}.", group=file_group))

    def add(self, p: Parameter) -> None:
        if p.name in self.params:
            also = self.params[p.name].source
            raise InputError.at(p.source, Msg(
                f"parameter {p.name!r} is twee keer gedefinieerd: ook in {also}; een naam moet "
                "uniek zijn over alle rekenmodellen",
                f"parameter {p.name!r} is defined twice: also in "
                f"{also}; a name must be unique "
                "across all engines"), field=p.prefix.rstrip(".") or None)
        self.params[p.name] = p


def is_group_file(data: object) -> bool:
    """Whether parsed YAML is a group file: a mapping without a parameter's own fields,
    whose entries (besides ``description``) are parameters."""
    if not isinstance(data, dict) or _PARAMETER_KEYS & set(map(str, data)) - {"description"}:
        return False
    children = [v for k, v in data.items() if k != "description"]
    return bool(children) and all(isinstance(v, dict) for v in children)


def _index(entry: Traversable, where: str) -> FolderIndex:
    data = _read_yaml(Path(where), read_text(entry, where))
    try:
        return FolderIndex.model_validate(data if isinstance(data, dict) else {})
    except ValidationError as exc:
        raise pydantic_problems(where, exc) from None


@lru_cache(maxsize=1)
def bundled_names() -> frozenset[str]:
    """The names of every bundled parameter (read once: the bundled files do not change
    while sterkte runs)."""
    return frozenset(_all_bundled())


def _all_bundled() -> dict[str, Parameter]:
    root = resources.files("sterkte") / "data" / "parameters"
    found = _Tree()
    for folder in sorted(root.iterdir(), key=lambda e: e.name):
        if folder.is_dir():
            found.walk(folder, f"{BUNDLED}/{folder.name}", folder.name)
    return found.params


def override_folder() -> Path | None:
    """The folder named by ``$STERKTE_PARAMETERS``, or None when it is not set."""
    value = os.environ.get(ENVIRONMENT, "").strip()
    if not value:
        return None
    folder = Path(value)
    if not folder.is_dir():
        raise InputError.at(f"${ENVIRONMENT}={value}", Msg(
            "map niet gevonden: dit moet een map met parameterbestanden zijn die meegeleverde "
            "vervangen",
            "no such folder: it should name a "
            "folder of parameter files that replace bundled ones"))
    return folder


def _apply_overrides(params: dict[str, Parameter]
                     ) -> tuple[dict[str, Parameter], tuple[str, ...]]:
    folder = override_folder()
    if folder is None:
        return params, ()
    found = _Tree()
    found.walk(folder, str(folder), "")
    known = bundled_names()
    out = dict(params)
    replaced = []
    for name, p in found.params.items():
        if name not in known:
            raise InputError.at(p.source, Msg(
                f"geen meegeleverde parameter heet {name!r}: een bestand in ${ENVIRONMENT} "
                "vervangt de meegeleverde parameter met dezelfde naam (zie `sterkte parameters "
                "list`)",
                f"no bundled parameter is named {name!r}: a file "
                f"in ${ENVIRONMENT} replaces the bundled parameter of the "
                "same name (see `sterkte parameters list`)"),
                                field=p.prefix.rstrip(".") or None)
        base = params.get(name)
        if base is None:  # not among those asked for
            continue
        if p.unit != base.unit:
            raise InputError.at(p.source, Msg(
                f"verwacht de eenheid van de meegeleverde parameter, {base.unit!r} (zo lezen "
                f"de rekenmodellen haar), gevonden {p.unit!r}",
                f"expected the unit of the bundled parameter, "
                f"{base.unit!r} (the engines read it so), found {p.unit!r}"),
                                field=f"{p.prefix}unit")
        if p.shape != base.shape:
            raise InputError.at(p.source, Msg(
                f"verwacht waarden in de vorm van de meegeleverde parameter, een "
                f"{SHAPE_NL[base.shape]}, gevonden een {SHAPE_NL[p.shape]}",
                f"expected values of the bundled parameter's shape, "
                f"a {base.shape}, found a {p.shape}"),
                                field=f"{p.prefix}values")
        # the bundled limits are what the engines can take: an override without its own
        # range or total is held to the bundled ones
        if (p.range is None and base.range is not None) or (
                p.total is None and base.total is not None):
            p.range = p.range if p.range is not None else base.range
            p.total = p.total if p.total is not None else base.total
            p.validate()
        p.group = base.group
        out[name] = p
        replaced.append(name)
    return out, tuple(sorted(replaced))

