"""Numbers as published: Dutch format (``46.174``, ``-2.541``, ``6,5``) or plain (``46174.5``).

An empty cell, ``–``/``—``/``-`` and ``-0`` mean zero, as in the printed tables.
For a CSV file the format is decided once for the whole file ("auto"): a decimal
comma means Dutch, a point followed by other than three digits means plain, and
when nothing tells them apart (only ``12.345``-like values), Dutch — the format
of the published tables — is assumed; pass ``--number-format plain`` to override.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from enum import StrEnum

from sterkte.errors import Msg


class NumberFormat(StrEnum):
    AUTO = "auto"
    DUTCH = "nl"
    PLAIN = "plain"


_ZERO = {"", "–", "—", "-", "−"}
_DUTCH = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
_PLAIN = re.compile(r"^[+-]?\d+(\.\d+)?$")
_DOTTED_NOT_GROUPS = re.compile(r"\.(\d{0,2}|\d{4,})$|\.\d+\.")

EXPECTED = {
    NumberFormat.DUTCH: Msg("een getal in Nederlandse notatie zoals 46.174, -2.541 of 6,5 "
                            "(een lege cel of – betekent 0)",
                            "a number in Dutch format such as 46.174, -2.541 or 6,5 "
                            "(an empty cell or – means 0)"),
    NumberFormat.PLAIN: Msg("een getal zoals 46174, -2541 of 6.5 (een lege cel betekent 0)",
                            "a number such as 46174, -2541 or 6.5 (an empty cell means 0)"),
}


# No cell of these tables (fte, persons, hours, percentages) comes near a billion: a value
# beyond it is a slip, and 10^300 from a spreadsheet, once stored, broke every table shown
# from it (rounding for display has 28 digits).
LARGEST = 1e9


class TooLarge(ValueError):
    """A cell that is a number, but beyond :data:`LARGEST` (or not finite)."""

    def __init__(self, raw: object) -> None:
        super().__init__(Msg(f"{raw!r} is te groot: verwacht een getal kleiner dan een miljard",
                             f"{raw!r} is too large: expected a number below a billion"))
        self.msg: Msg = self.args[0]


def _bounded(value: float, raw: object) -> float:
    if not math.isfinite(value) or abs(value) >= LARGEST:
        raise TooLarge(raw)
    return value + 0.0  # -0.0 → 0.0


def _clean(text: str) -> str:
    return text.strip().replace("\u00a0", "").replace(" ", "").replace("−", "-")


def detect_format(values: Iterable[str]) -> tuple[NumberFormat, str | None]:
    """The format of a file's value cells, and a cell that contradicts it, if any.

    Returns ``(format, conflicting_value)``; the conflict is ``None`` when all
    values fit one format.
    """
    dutch_hint: str | None = None
    plain_hint: str | None = None
    for raw in values:
        v = _clean(raw)
        if "," in v and dutch_hint is None:
            dutch_hint = raw
        if "." in v and _DOTTED_NOT_GROUPS.search(v) and "," not in v and plain_hint is None:
            plain_hint = raw
    if dutch_hint is not None and plain_hint is not None:
        return NumberFormat.DUTCH, plain_hint
    if plain_hint is not None:
        return NumberFormat.PLAIN, None
    return NumberFormat.DUTCH, None


def parse_number(raw: str | float | None, fmt: NumberFormat) -> float:
    """The value of one cell. Raises ``ValueError`` with what was expected
    (:class:`TooLarge` for a number beyond :data:`LARGEST`)."""
    if raw is None:
        return 0.0
    if isinstance(raw, float | int):
        return _bounded(float(raw), raw)
    v = _clean(raw)
    if v in _ZERO:
        return 0.0
    if fmt is NumberFormat.PLAIN:
        if not _PLAIN.match(v):
            raise ValueError(EXPECTED[NumberFormat.PLAIN])
        return _bounded(float(v), raw)
    if not _DUTCH.match(v):
        raise ValueError(EXPECTED[NumberFormat.DUTCH])
    return _bounded(float(v.replace(".", "").replace(",", ".")), raw)
