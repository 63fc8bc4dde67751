"""The catalogue of display terms: every term in both languages with the same
placeholders, every term the code asks for present, and the prognosis tables titled
as printed."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from sterkte.forecast.tables import T3, T4, T5
from sterkte.report.labels import CATALOGUE, term

SRC = Path(__file__).resolve().parents[2] / "src" / "sterkte"


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_term_has_dutch_and_english_with_the_same_placeholders() -> None:
    empty = [k for k, (nl, en) in CATALOGUE.items() if not (nl.strip() and en.strip())]
    differ = [k for k, (nl, en) in CATALOGUE.items() if _placeholders(nl) != _placeholders(en)]
    assert not empty and not differ


def _sources() -> list[Path]:
    return [f for path in (SRC / "report", SRC / "web", SRC / "cli")
            for pattern in ("*.py", "*.html") for f in path.rglob(pattern)]


def test_every_term_the_code_and_the_pages_name_is_in_the_catalogue() -> None:
    used: dict[str, str] = {}
    pattern = re.compile(r"""\bterm(?:_html)?\(\s*["']([\w.]+)["']""")
    for f in _sources():
        for key in pattern.findall(f.read_text(encoding="utf-8")):
            used[key] = str(f.relative_to(SRC))
    assert len(used) > 200
    # a key ending in '.' is a family completed at run time ('job.' ~ job.status)
    missing = {k: where for k, where in used.items()
               if (k not in CATALOGUE if not k.endswith(".") else
                   not any(c.startswith(k) for c in CATALOGUE))}
    assert not missing


def test_every_state_of_a_background_run_has_its_words() -> None:
    states = set(re.findall(r'"(queued|running|done|failed)"',
                            (SRC / "web" / "jobs.py").read_text(encoding="utf-8")))
    assert states == {"queued", "running", "done", "failed"}
    assert all(f"job.{s}" in CATALOGUE for s in states)


def test_no_language_switch_is_written_inline_beside_the_catalogue() -> None:
    # The report, dashboard and commands take their words from the catalogue; the old
    # helper tr(lang, nl, en) is gone, and no page picks its words by language inline.
    for f in _sources():
        text = f.read_text(encoding="utf-8")
        assert not re.search(r"\btr\(lang|lang == 'nl'|lang == 'en'", text), f


def test_prognosis_tables_are_titled_as_printed_in_the_annex() -> None:
    # Tabel 3–5 of the June 2022 letter's prognosis annex, in Dutch as printed.
    assert [term(f"prognosis.table{n}", "nl") for n in (3, 4, 5)] == [T3, T4, T5]


def test_placeholders_are_filled_in_and_a_missing_one_is_an_error() -> None:
    assert term("realised_year", "nl", year=2021) == "Realisatie 2021"
    assert term("realised_year", "en", year=2021) == "Realised 2021"
    with pytest.raises(KeyError):
        term("realised_year", "nl")  # no year given: the text would be wrong
