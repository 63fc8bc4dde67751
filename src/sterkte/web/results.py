"""A finished run's result as JSON text for the store, and back: its pages in Dutch and
English (:class:`~sterkte.web.views.View`: report tables, charts, headline values).

Stored as data (never as pickled objects, which would run code on reading): a table's
fields, a date as ``{"date": "YYYY-MM-DD"}``, a chart as plotly's JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import plotly.graph_objects as go

from sterkte.report.table import Column, Format, Section, Table
from sterkte.web.views import View

LANGS = ("nl", "en")


def _value(v: Any) -> Any:
    if isinstance(v, dt.date):
        return {"date": v.isoformat()}
    if isinstance(v, float) and not math.isfinite(v):
        return {"float": repr(v)}
    return v


def _unvalue(v: Any) -> Any:
    if isinstance(v, dict) and "date" in v:
        return dt.date.fromisoformat(v["date"])
    if isinstance(v, dict) and "float" in v:
        return float(v["float"])
    return v


def table_dict(t: Table) -> dict[str, Any]:
    return {"name": t.name, "title": t.title, "lang": t.lang,
            "columns": [[c.key, c.header, c.kind, c.decimals, c.signed] for c in t.columns],
            "rows": [[_value(v) for v in r] for r in t.rows], "keys": t.keys,
            "explanation": t.explanation, "notes": t.notes, "totals": sorted(t.totals),
            "sections": [[s.start, s.label, s.title] for s in t.sections],
            "formats": [[i, f.kind, f.decimals] for i, f in sorted(t.formats.items())],
            "stub": t.stub, "key_header": t.key_header, "section_header": t.section_header,
            "synthetic": list(t.synthetic)}


def table_from(d: dict[str, Any]) -> Table:
    return Table(d["name"], d["title"], [Column(*c) for c in d["columns"]],
                 [[_unvalue(v) for v in r] for r in d["rows"]], list(d["keys"]), d["lang"],
                 d["explanation"], list(d["notes"]), set(d["totals"]),
                 [Section(*s) for s in d["sections"]],
                 {int(i): Format(k, n) for i, k, n in d["formats"]}, d["stub"],
                 d["key_header"], d["section_header"], tuple(d["synthetic"]))


def view_dict(v: View) -> dict[str, Any]:
    return {"title": v.title, "grids": [table_dict(g) for g in v.grids],
            "charts": [json.loads(c.to_json()) for c in v.charts],
            "headline": [list(h) for h in v.headline],
            "values": json.loads(json.dumps(v.values, default=_plain)),
            "intro": v.intro, "notes": v.notes, "lang": v.lang,
            "extra_synthetic": list(v.extra_synthetic)}


def _plain(x: Any) -> Any:
    if isinstance(x, dt.date):
        return x.isoformat()
    if isinstance(x, (set, tuple)):
        return list(x)
    return str(x)


def view_from(d: dict[str, Any]) -> View:
    return View(d["title"], [table_from(g) for g in d["grids"]],
                [go.Figure(c) for c in d["charts"]], [tuple(h) for h in d["headline"]],
                d["values"], d["intro"], list(d["notes"]), d["lang"],
                tuple(d["extra_synthetic"]))


def encode_views(views: dict[str, View]) -> str:
    """The views of a result by language, as JSON text."""
    return json.dumps({lang: view_dict(v) for lang, v in views.items()},
                      separators=(",", ":"))


def decode_view(result: Any, lang: str) -> View:
    """The view in ``lang`` of a stored result (as :meth:`JobRunner.get` decodes it)."""
    return view_from(result[lang if lang in result else LANGS[0]])
