"""Server-rendered pages: one Jinja environment, shared with the report's grid macro."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from sterkte.report.labels import CATALOGUE, term
from sterkte.web.views import View

# The menu: each page's path and the term of its name.
NAV = (("/", "nav.overview"), ("/norms", "nav.norms"), ("/commitments", "nav.commitments"),
       ("/scenario", "nav.scenario"), ("/capacity", "nav.capacity"),
       ("/anticipation", "nav.anticipation"), ("/roster", "nav.roster"),
       ("/teams", "nav.teams"), ("/diversity", "nav.diversity"), ("/earmarks", "nav.earmarks"))


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


def page(template: str, *, lang: str, path: str, view: View | None = None,
         api: str = "", unit: str | None = None, **extra: Any) -> str:
    other = "en" if lang == "nl" else "nl"
    charts = [json.dumps(json.loads(c.to_json()), separators=(",", ":"))
              for c in (view.charts if view else [])]
    links = {}
    if view is not None:
        suffix = f"&unit={unit}" if unit else ""
        for g in view.grids:
            links[g.name] = [(fmt.upper(), f"/api/tables/{g.name}?format={fmt}&lang={lang}"
                              f"{suffix}") for fmt in ("csv", "xlsx", "json")]
    return env().get_template(template).render(
        lang=lang, other=other, path=path, nav=[(href, term(key, lang)) for href, key in NAV],
        view=view, charts=charts, api=api, links=links, **extra)
