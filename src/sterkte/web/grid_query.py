"""Sorting and filtering a page's tables on the server, remembered in the URL.

Why on the server: the large tables (teams, the roster, the CM-tafel) are sorted and
filtered the same way as the small ones, a sorted page can be bookmarked, printed or
sent to a colleague, and the page works without JavaScript. The parameters are
``sort=<table>:<column>`` (``:-<column>`` for descending; repeatable, one per table) and
``q-<table>=<text>`` (rows whose shown text contains it, case-insensitive). Totals stay
below the rows they total; a table in parts (Tabel 3/4/5) keeps its order. The JSON twin
and the downloads always give the whole table.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from sterkte.errors import Msg
from sterkte.report.table import Table

Params = Sequence[tuple[str, str]]
_HIDDEN = ("×", "–", "")  # hidden or missing: sorted last, whatever the direction


@dataclass
class GridUI:
    """What the page needs to draw one table's sort links and filter box."""

    sortable: bool
    filterable: bool = False
    sort: str | None = None
    desc: bool = False
    query: str = ""
    shown: int = 0
    total: int = 0
    sort_links: dict[str, str] = field(default_factory=dict)  # column key → URL
    hidden: list[tuple[str, str]] = field(default_factory=list)  # other params of the form
    clear: str = ""  # URL without this table's filter


FILTER_FROM = 8  # rows: a shorter table is read at a glance, a filter box would be noise


def _ledger(t: Table) -> bool:
    """A stock-and-flow table (opening, flows, closing; Tabel 3/4/5): its rows are in the
    order of the ledger's identity and are read top to bottom, not sorted or filtered."""
    return bool(t.sections or t.key_header or {"opening", "closing"} & set(t.keys))


def sortable(t: Table) -> bool:
    """Lists of things with figures (units, teams, norms, days) sort; ledgers and lists of
    words do not."""
    return not _ledger(t) and len(t.rows) > 2 and any(c.numeric for c in t.columns)


def filterable(t: Table) -> bool:
    return not _ledger(t) and len(t.rows) >= FILTER_FROM


def _sort_key(t: Table, col: int, i: int) -> tuple[int, float, str]:
    v = t.rows[i][col]
    if isinstance(v, int | float) and not math.isnan(v):
        return (0, float(v), "")
    text = t.text(i, col)
    if text in _HIDDEN:
        return (2, 0.0, "")
    return (1, 0.0, text.casefold())


def arrange(t: Table, sort: str | None, desc: bool, query: str) -> Table:
    """A copy of ``t`` with only the rows matching ``query`` (any cell's shown text),
    ordered by column ``sort``; total rows follow the others in their own order."""
    if not sort and not query:
        return t
    rows = list(range(len(t.rows)))
    if query:
        q = query.casefold()
        rows = [i for i in rows if any(q in t.text(i, j).casefold()
                                       for j in range(len(t.columns)))]
    if sort and sortable(t):
        j = t.column_index(sort)
        body = [i for i in rows if i not in t.totals]
        known = [i for i in body if _sort_key(t, j, i)[0] < 2]
        known.sort(key=lambda i: _sort_key(t, j, i), reverse=desc)
        rows = known + [i for i in body if i not in known] + [i for i in rows if i in t.totals]
    out = replace(t, rows=[t.rows[i] for i in rows], keys=[t.keys[i] for i in rows],
                  totals={n for n, i in enumerate(rows) if i in t.totals},
                  formats={n: t.formats[i] for n, i in enumerate(rows) if i in t.formats},
                  sections=[] if sort else t.sections)
    if query and t.sections:  # a part's heading stays above its first shown row
        ends = [x.start for x in t.sections[1:]] + [len(t.rows)]
        out.sections = []
        for sec, end in zip(t.sections, ends, strict=True):
            first = next((n for n, i in enumerate(rows) if sec.start <= i < end), None)
            if first is not None:
                out.sections.append(replace(sec, start=first))
    return out


def _parse_sorts(params: Params, names: set[str], tables: dict[str, Table]
                 ) -> dict[str, tuple[str, bool]]:
    from sterkte.web.errors import UserError  # here: web.errors renders pages through us

    out: dict[str, tuple[str, bool]] = {}
    for key, value in params:
        if key != "sort":
            continue
        name, _, col = value.partition(":")
        desc = col.startswith("-")
        col = col.lstrip("-")
        if name not in names:
            listed = ", ".join(sorted(names))
            raise UserError(422, Msg(
                f"sort: geen tabel {name!r} op deze pagina; tabellen: {listed}",
                f"sort: no table {name!r} on this page; tables: {listed}"))
        keys = [c.key for c in tables[name].columns]
        if col not in keys:
            listed = ", ".join(keys)
            raise UserError(422, Msg(
                f"sort: tabel {name} heeft geen kolom {col!r}; kolommen: {listed}",
                f"sort: table {name} has no column {col!r}; columns: {listed}"))
        out[name] = (col, desc)
    return out


def _url(path: str, params: Params) -> str:
    return f"{path}?{urlencode(list(params))}" if params else path


def apply(grids: list[Table], params: Params, path: str
          ) -> tuple[list[Table], dict[str, GridUI]]:
    """The page's tables as the URL asks (sorted, filtered) and, per table, its links."""
    by_name = {g.name: g for g in grids}
    # a filter of no table here is not repeated in every link of the page
    params = [(k, v) for k, v in params if not k.startswith("q-") or k[2:] in by_name]
    sorts = _parse_sorts(params, set(by_name), by_name)
    shown: list[Table] = []
    ui: dict[str, GridUI] = {}
    for g in grids:
        sort, desc = sorts.get(g.name, (None, False))
        query = next((v for k, v in params if k == f"q-{g.name}"), "").strip()[:100]
        t = arrange(g, sort, desc, query)
        shown.append(t)
        others = [(k, v) for k, v in params
                  if not (k == "sort" and v.split(":", 1)[0] == g.name)]
        links = {}
        for c in g.columns:
            flip = c.key == sort and not desc
            links[c.key] = _url(path, [*others, ("sort", f"{g.name}:{'-' if flip else ''}"
                                                          f"{c.key}")]) + f"#grid-{g.name}"
        hidden = [(k, v) for k, v in params if k != f"q-{g.name}"]
        ui[g.name] = GridUI(sortable(g), filterable(g) or bool(query), sort, desc, query,
                            len(t.rows) - len(t.totals), len(g.rows) - len(g.totals),
                            links if sortable(g) else {}, hidden,
                            _url(path, hidden) + f"#grid-{g.name}")
    return shown, ui


# The query parameters a page reads; others (a tracker's, a made-up one) are dropped.
PAGE_PARAMS = ("lang", "period", "district", "team", "weeks", "anticipation", "sort")
VALUE_CHARS = 200  # more than any code, sort or filter (a filter reads its first 100)
MAX_PARAMS = 64  # twelve teams, a sort and a filter for each of a page's tables, and more


def query_items(params: Any) -> list[tuple[str, str]]:
    """A request's query parameters that pages read, as pairs (repeated keys kept, the same
    pair once), each value cut at :data:`VALUE_CHARS`. Every sort link and filter form of a
    page repeats them, and a page may be cached under them: a made-up 50 kB parameter made
    a 2.4 MB page, kept in the cache per value. More than :data:`MAX_PARAMS` is a 422."""
    from sterkte.web.errors import UserError  # here: web.errors renders pages through us

    items = list(dict.fromkeys(
        (str(k), str(v)[:VALUE_CHARS]) for k, v in params.multi_items()
        if k in PAGE_PARAMS or str(k).startswith("q-")))
    if len(items) > MAX_PARAMS:
        raise UserError(422, Msg(
            f"te veel parameters in de URL ({len(items)}; ten hoogste {MAX_PARAMS})",
            f"too many parameters in the URL ({len(items)}; at most {MAX_PARAMS})"))
    return items
