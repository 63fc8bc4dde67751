"""Read a commitments register (YAML: a list of commitments), validated on load."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from sterkte.errors import InputError, Msg, Problem, pydantic_message, read_text
from sterkte.norms.commitments import Commitment, Kind, Status
from sterkte.norms.references import parse_reference

BUNDLED = "sterkte/data/commitments.yaml"


class _Loader(yaml.SafeLoader):
    """Dates stay text, so pydantic validates them and names the entry and field."""


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in rs if tag != "tag:yaml.org,2002:timestamp"]
    for ch, rs in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_.-]+$")
    kind: Kind
    text: str = Field(min_length=1)
    text_nl: str = ""  # the text in Dutch (the bundled register's own summary)
    made_on: dt.date | None = None
    minister: str = ""
    due: str
    due_nl: str = ""
    status: Status
    status_by: str = ""
    status_on: dt.date | None = None
    recurring: bool = False
    reference: str | None = None
    answered_in: str = ""
    answered_by: list[str] = []
    decided_by: list[str] = []
    related: list[str] = []

    @field_validator("due", mode="before")
    @classmethod
    def _due_text(cls, v: object) -> object:
        return v.isoformat() if isinstance(v, dt.date) else str(v) if v is not None else v

    @field_validator("answered_by")
    @classmethod
    def _targets(cls, v: list[str]) -> list[str]:
        for t in v:
            if not t.startswith(("norm:", "report:")):
                raise ValueError(Msg(f"{t!r}: verwacht 'norm:NAAM' of 'report:SECTIE'",
                                     f"{t!r}: expected 'norm:NAME' or 'report:SECTION'"))
        return v

    @field_validator("decided_by")
    @classmethod
    def _rules(cls, v: list[str]) -> list[str]:
        for t in v:
            if not t.startswith(("norm:", "earmark:", "target:")):
                raise ValueError(Msg(f"{t!r}: verwacht 'norm:NAAM', 'earmark:PROGRAMMA' of "
                                     "'target:NAAM'",
                                     f"{t!r}: expected 'norm:NAME', 'earmark:PROGRAMME' or "
                                     "'target:NAME'"))
        return v


def load_register(path: str | Path | None = None) -> list[Commitment]:
    """The register in ``path``, or the bundled capacity register."""
    if path is None:
        text = resources.files("sterkte").joinpath("data/commitments.yaml").read_text(
            encoding="utf-8")
        name = BUNDLED
    else:
        name = str(path)
        text = read_text(Path(path), name)
    try:
        data = yaml.load(text, Loader=_Loader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        said = getattr(exc, 'problem', exc)
        raise InputError.at(name, Msg(f"geen geldige YAML: {said}", f"not valid YAML: {said}"),
                            row=mark.line + 1 if mark is not None else None) from None
    if not isinstance(data, list):
        raise InputError.at(name, Msg(
            "verwacht een lijst van toezeggingen (id, kind, text, made_on, minister, due, "
            "status, …)",
            "expected a list of commitments (id, kind, text, made_on, "
            "minister, due, status, …)"))
    problems: list[Problem] = []
    out: list[Commitment] = []
    seen: set[str] = set()
    for i, raw in enumerate(data, start=1):
        where = f"entry {i}"
        try:
            e = _Entry.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                field = ".".join(str(x) for x in err["loc"])
                problems.append(Problem(name, None, f"{where}.{field}", pydantic_message(err)))
            continue
        if e.id in seen:
            problems.append(Problem(name, None, f"{where}.id", Msg(
                f"{e.id!r} komt twee keer voor", f"{e.id!r} appears twice")))
        seen.add(e.id)
        ref = None
        if e.reference:
            try:
                ref = parse_reference(e.reference)
            except ValueError as exc:
                problems.append(Problem(name, None, f"{where}.reference",
                                        f"{e.reference!r}: {exc}"))
                continue
        out.append(Commitment(e.id, e.kind, " ".join(e.text.split()), e.made_on, e.minister,
                              e.due, e.status, e.recurring, ref, e.answered_in,
                              tuple(e.answered_by), tuple(e.related),
                              text_nl=" ".join(e.text_nl.split()), due_nl=e.due_nl,
                              decided_by=tuple(e.decided_by), status_by=e.status_by,
                              status_on=e.status_on))
    for c in out:
        for r in c.related:
            if r not in seen:
                problems.append(Problem(name, None, f"{c.id}.related", Msg(
                    f"{r!r} staat niet in het register", f"{r!r} is not in the register")))
    if problems:
        raise InputError(problems)
    return out
