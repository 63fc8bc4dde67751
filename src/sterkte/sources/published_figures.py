"""Single figures the letters state in their text (``data/published-figures.csv``): a measure
for a scope on a date, with its source — e.g. the inhabitants and the wijkagenten at the end
of 2021. Tables are read by :mod:`sterkte.sources.published` and
:mod:`sterkte.sources.prognosis`; these are the numbers that stand in a sentence."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from importlib import resources
from io import StringIO


@dataclass(frozen=True)
class PublishedFigure:
    measure: str  # e.g. 'inhabitants', 'wijkagent_fte'
    scope: str  # 'NP' or a unit code
    on: dt.date
    value: float
    unit: str  # 'persons', 'fte'
    source: str


def bundled_figures() -> list[PublishedFigure]:
    """The figures shipped with sterkte (see data/SOURCES.md)."""
    text = resources.files("sterkte.data").joinpath("published-figures.csv").read_text("utf-8")
    return [PublishedFigure(r["measure"], r["scope"], dt.date.fromisoformat(r["date"]),
                            float(r["value"]), r["unit"], r["source"])
            for r in csv.DictReader(StringIO(text))]


def figure_on(measure: str, scope: str, on: dt.date) -> PublishedFigure | None:
    """The bundled figure of ``measure`` for ``scope`` on exactly ``on``, or None."""
    return next((f for f in bundled_figures()
                 if f.measure == measure and f.scope == scope and f.on == on), None)
