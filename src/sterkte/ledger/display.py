"""Rounding and number format for display. Only reports call this; the ledger never rounds.

Dutch (default): ``46.174``, ``-2.541``, ``6,1 %``. English: ``46,174``, ``6.1 %``.
Rounding is half away from zero, as in the published tables.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal


def round_half_away(value: float, decimals: int = 0) -> Decimal:
    q = Decimal(1).scaleb(-decimals)
    # float(): a numpy float's repr is 'np.float64(…)', which Decimal cannot read.
    return Decimal(repr(float(value))).quantize(q, rounding=ROUND_HALF_UP)


def format_number(value: float | None, lang: str = "nl", decimals: int = 0,
                  signed: bool = False) -> str:
    """A number for a report cell. ``None`` and NaN render as an en dash (no value)."""
    if value is None or math.isnan(value):
        return "–"
    d = round_half_away(value, decimals)
    if d == 0:
        d = abs(d)  # never print "-0"
    text = f"{d:,.{decimals}f}"  # 1,234.5
    if lang != "en":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    if signed and d > 0:
        text = "+" + text
    return text


def format_percent(value: float | None, lang: str = "nl", decimals: int = 1) -> str:
    """``6,1 %`` (nl) or ``6.1 %`` (en); value in percent, not a fraction."""
    if value is None or math.isnan(value):
        return "–"
    return f"{format_number(value, lang, decimals)} %"
