"""Server-rendered pages: one Jinja environment, shared with the report's grid macro.

A page is rendered in two steps so that it can be cached for every account alike:
:func:`shared` renders what is the same for everyone who may see the page (the access
checks have run before), with a marker where the account's footer and its session's CSRF
token go; :func:`personal` puts those in for the request being answered. A page cached
in its shared form never carries one account's name or token to another.
"""

from __future__ import annotations

import json
import secrets
from collections import OrderedDict
from collections.abc import Sequence
from contextlib import suppress
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from sterkte.report.labels import CATALOGUE, term
from sterkte.report.table import Table
from sterkte.web import grid_query
from sterkte.web.views import View

# The menu: each page's path and the term of its name. New pages add an entry here;
# base.html draws it (block `nav`).
NAV = [("/", "nav.overview"), ("/norms", "nav.norms"), ("/commitments", "nav.commitments"),
       ("/scenario", "nav.scenario"), ("/capacity", "nav.capacity"),
       ("/anticipation", "nav.anticipation"), ("/roster", "nav.roster"),
       ("/teams", "nav.teams"), ("/diversity", "nav.diversity"), ("/earmarks", "nav.earmarks")]

# Parameters a page keeps when the language is switched (the picked unit, period, …).
KEEP = ("period", "district", "team", "weeks", "anticipation", "sort")


def term_html(key: str, lang: str, **values: object) -> Markup:
    """A term whose catalogue text carries markup (``<b>``): the text is trusted, the
    values are escaped."""
    nl, en = CATALOGUE[key]
    return Markup(en if lang == "en" else nl).format(**values)


@lru_cache(maxsize=1)
def env() -> Environment:
    e = Environment(loader=ChoiceLoader([PackageLoader("sterkte.web", "templates"),
                                         PackageLoader("sterkte.report", "templates")]),
                    autoescape=select_autoescape(["html"]))
    e.globals.update(term=term, term_html=term_html)  # the pages' words: the catalogue
    return e


def _other_language(path: str, lang: str, params: Sequence[tuple[str, str]]) -> str:
    other = "en" if lang == "nl" else "nl"
    kept = [(k, v) for k, v in params if k in KEEP or k.startswith("q-")]
    return f"{path}?{urlencode([*kept, ('lang', other)])}"


# Where the account's footer and its session's CSRF token go in a shared page: random per
# server process, so that no text of the data can contain them.
_MARK = secrets.token_hex(12)
FOOTER = Markup(f"<!--access-{_MARK}-->")
CSRF = Markup(f"csrf-{_MARK}")


def personal(html: str, lang: str) -> str:
    """A :func:`shared` page for the request being answered: its account's footer (who is
    logged in, the logout form) and its session's CSRF token in the forms."""
    from sterkte.web.access import current

    who = current()
    csrf = who.csrf if who else ""
    footer = env().get_template("access_footer.html").render(
        who=who, csrf=csrf, lang=lang) if who is not None and who.via in ("open", "session") \
        else ""
    return html.replace(FOOTER, footer).replace(CSRF, str(escape(csrf)))


# Shared pages made whole for requests whose footer is the same for everyone (an API token:
# none; a store without accounts: the open notice), as bytes: such a request costs a look-up.
# Keyed by the shared page itself (a cached string: its hash is computed once). Not a policy
# number: a memory bound (pages of about 100 kB).
_WHOLE: OrderedDict[tuple[str, str], bytes] = OrderedDict()
MAX_WHOLE = 128


def personal_body(html: str, lang: str) -> bytes:
    """:func:`personal`, encoded; kept for the requests without a session (whose page is
    the same for all of them)."""
    from sterkte.web.access import current

    who = current()
    if who is not None and who.via == "session":
        return personal(html, lang).encode("utf-8")
    key = (who.via if who is not None else "", html)
    got = _WHOLE.get(key)
    if got is None:
        got = _WHOLE[key] = personal(html, lang).encode("utf-8")
        while len(_WHOLE) > MAX_WHOLE:
            with suppress(KeyError):  # another thread may have dropped it
                _WHOLE.popitem(last=False)
    return got


def page(template: str, *, lang: str, **kwargs: Any) -> str:
    """A page for the request being answered (:func:`shared`, then :func:`personal`)."""
    return personal(shared(template, lang=lang, **kwargs), lang)


def shared(template: str, *, lang: str, path: str, view: View | None = None,
           api: str = "", unit: str | None = None,
           params: Sequence[tuple[str, str]] = (), **extra: Any) -> str:
    """A page as everyone allowed to see it gets it, with the markers :func:`personal`
    fills in. ``params`` are the request's query parameters: they sort and filter the
    view's tables (:mod:`sterkte.web.grid_query`) and are kept by the language link."""
    extra.setdefault("csrf", CSRF)
    other = "en" if lang == "nl" else "nl"
    charts = [json.dumps(json.loads(c.to_json()), separators=(",", ":"))
              for c in (view.charts if view else [])]
    links: dict[str, list[tuple[str, str]]] = {}
    grids: list[Table] = []
    ui: dict[str, grid_query.GridUI] = {}
    if view is not None:
        suffix = f"&unit={unit}" if unit else ""
        period = next((v for k, v in params if k == "period"), "")
        suffix += f"&period={period}" if period and not api.startswith("/api/capacity") else ""
        for g in view.grids:
            links[g.name] = [(fmt.upper(), f"/api/tables/{g.name}?format={fmt}&lang={lang}"
                              f"{suffix}") for fmt in ("csv", "xlsx", "json")]
        grids, ui = grid_query.apply(view.grids, list(params), path)
    # the notice at the page's top (base.html): tables with the same one only point to it
    page_notice = (view.synthetic_notice if view is not None and view.synthetic
                   else str(extra.get("synthetic_notice") or ""))
    return env().get_template(template).render(
        page_notice=page_notice, access_footer=FOOTER, lang=lang, other=other, path=path,
        nav=[(href, term(key, lang)) for href, key in NAV],
        other_href=_other_language(path, lang, params), view=view, charts=charts, api=api,
        links=links, grids=grids, ui=ui, **extra)
