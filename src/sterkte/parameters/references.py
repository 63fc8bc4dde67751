"""A parameter's sources, keyed by date where they differ per date (as OpenFisca does).

``reference`` in a parameter file is one of::

    reference: Politiewet 2012, art. 38a             # one source for every date
    reference:                                        # several, for every date
      - Aanhangsel Handelingen II 2017/18, nr. 3220
      - Besluit verdeling sterkte en middelen politie
    reference:                                        # sources by the date they apply from
      1990-01-01:
        title: Eerste halfjaarbericht politie 2020 (BPO of 3 years)
      2021-01-01:
        - title: Eerste halfjaarbericht politie 2020 (renewed 2-year programme)
        - title: Eerste halfjaarbericht politie 2022, bijlage 2
          href: https://…                             # optional link

A source under a date may also be plain text (its title). The sources in force on a
date are those of the latest date on or before it, as with values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError, field_validator

from sterkte.errors import InputError, Msg, Problem, pydantic_message


class Source(BaseModel):
    """One source: a title (law article, parliamentary paper, letter) and, where known,
    a link."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    href: str | None = None

    @field_validator("title")
    @classmethod
    def _title_given(cls, v: str) -> str:
        if not v.strip():
            raise ValueError(Msg("verwacht de titel van de bron, gevonden een lege tekst",
                                 "expected the source's title, found an empty text"))
        return v.strip()

    @field_validator("href")
    @classmethod
    def _is_link(cls, v: str | None) -> str | None:
        if v is not None and not (v.startswith(("http://", "https://")) and " " not in v):
            raise ValueError(Msg(f"verwacht een link die begint met http:// of https://, "
                                 f"gevonden {v!r}",
                                 f"expected a link starting with http:// or https://, found "
                                 f"{v!r}"))
        return v

    def __str__(self) -> str:
        return self.title


_DATED = TypeAdapter(dict[dt.date, list[Source]])


@dataclass(frozen=True)
class Reference:
    """The sources of a parameter. ``dated`` holds them by the date they apply from; a
    reference given as text (or a list of texts) applies to every date and is kept under
    :attr:`datetime.date.min` with ``keyed_by_date`` False."""

    dated: dict[dt.date, tuple[Source, ...]]
    keyed_by_date: bool

    @classmethod
    def of_text(cls, text: str) -> Reference:
        return cls({dt.date.min: (Source(title=text),)}, False)

    @property
    def first_date(self) -> dt.date:
        return next(iter(self.dated))

    def on(self, when: dt.date) -> tuple[Source, ...] | None:
        """The sources in force on ``when``; None before the first date."""
        found: tuple[Source, ...] | None = None
        for start, sources in self.dated.items():
            if start > when:
                break
            found = sources
        return found

    @property
    def text(self) -> str:
        """One line for reports: the sources, and for dated ones the date each applies
        from (``1990-01-01: A; 2021-01-01: B; C``)."""
        if not self.keyed_by_date:
            return "; ".join(s.title for s in self.dated[dt.date.min])
        return "; ".join(f"{start.isoformat()}: " + "; ".join(s.title for s in sources)
                         for start, sources in self.dated.items())

    def to_data(self) -> str | dict[str, list[dict[str, str]]]:
        """As a parameter file holds it (JSON-able); :func:`parse_reference` reads it back."""
        if not self.keyed_by_date:
            return self.text
        return {start.isoformat(): [s.model_dump(exclude_none=True) for s in sources]
                for start, sources in self.dated.items()}


def parse_reference(raw: Any, source: str, prefix: str = "") -> Reference:
    """Validate a ``reference`` as read from YAML; :class:`InputError` naming ``source``
    and the field (``reference.2021-01-01.0.href``) otherwise."""
    field = f"{prefix}reference"
    if isinstance(raw, str) and raw.strip():
        return Reference.of_text(raw.strip())
    if isinstance(raw, list) and raw and all(isinstance(x, str) and x.strip() for x in raw):
        return Reference.of_text("; ".join(str(x).strip() for x in raw))
    if not isinstance(raw, Mapping) or not raw:
        raise InputError.at(source, Msg(
            "verwacht de bron als tekst, een lijst van teksten, of een mapping datum → {title, "
            "href} (of een lijst daarvan)",
            "expected the source as text, a list of texts, or a "
            "mapping date → {title, href} (or a list of them)"), field=field)
    data: dict[object, list[object]] = {}
    for key, entry in raw.items():
        key = key.date() if isinstance(key, dt.datetime) else key
        entries = entry if isinstance(entry, list) else [entry]
        data[key] = [{"title": e} if isinstance(e, str) else e for e in entries]
    try:
        dated = _DATED.validate_python(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            where = ".".join([field, *(str(x) for x in err["loc"] if x != "[key]")])
            problems.append(Problem(source, None, where, pydantic_message(err)))
        raise InputError(problems) from None
    empty = [d for d, sources in dated.items() if not sources]
    if empty:
        raise InputError.at(source, Msg("verwacht ten minste één bron",
                                        "expected at least one source"), field=f"{field}."
                            f"{empty[0].isoformat()}")
    return Reference({d: tuple(dated[d]) for d in sorted(dated)}, True)
