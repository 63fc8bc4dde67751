"""Text in the CSV files sterkte writes, and reads back (a published roster): a cell that
starts like a formula is kept from running as one in a spreadsheet."""

from __future__ import annotations

import re

# A spreadsheet opening a CSV file runs a cell that starts with one of these as a formula
# (=HYPERLINK(...), +cmd|...): text from imported files (team codes, person ids, names)
# could carry one. Such text gets a leading apostrophe, which the spreadsheet shows as
# text and :func:`from_text_cell` takes off again; numbers ("-1.701") stay as they are.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?[\d.,]* ?%?$")  # a number, or a lone sign (a dash for none)


def text_cell(text: str) -> str:
    """``text`` as a CSV cell that no spreadsheet runs as a formula."""
    if text.startswith(_FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text


def from_text_cell(text: str) -> str:
    """A cell :func:`text_cell` wrote, as the text it was given."""
    if text.startswith("'") and text[1:].startswith(_FORMULA_START) \
            and not _NUMBER.match(text[1:]):
        return text[1:]
    return text


__all__ = ["from_text_cell", "text_cell"]
