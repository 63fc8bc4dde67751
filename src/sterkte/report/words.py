"""Words every report table needs: the language switch and unit names."""

from __future__ import annotations

from sterkte.org import NATIONAL, national_police


def tr(lang: str, nl: str, en: str) -> str:
    """The Dutch or the English text."""
    return en if lang == "en" else nl


def unit_label(code: str, lang: str, national: tuple[str, str] = ("Totaal", "Total")) -> str:
    """A unit's name as the tables print it; the nation as ``national`` (nl, en)."""
    if code == NATIONAL:
        return tr(lang, *national)
    unit = national_police().find(code)
    return unit.label(lang) if unit is not None else code


def scope_label(code: str, lang: str) -> str:
    """A unit's name, the nation as 'Nationaal' (status lists rather than tables)."""
    return unit_label(code, lang, ("Nationaal", "National"))
