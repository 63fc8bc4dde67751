"""What every norm reports: value, target, met or not (or unknown), trend, projection.

"Unknown" is a first-class answer: when the data to judge a norm is missing,
the status says so and why, and never guesses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from sterkte.ledger import format_number


class Met(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


MET_LABELS = {
    Met.MET: ("voldaan", "met"),
    Met.NOT_MET: ("niet voldaan", "not met"),
    Met.UNKNOWN: ("onbekend", "unknown"),
}


@dataclass(frozen=True)
class TrendPoint:
    period: str  # e.g. '2021', '2021-06'
    value: float


@dataclass(frozen=True)
class NormStatus:
    """One norm for one scope (the nation, a unit, a team) on one date."""

    norm: str  # identifier, e.g. 'wijkagent'
    label_nl: str
    label_en: str
    scope: str  # unit or team code; 'NP' for the nation
    on: dt.date
    value: float | None
    target: float | None
    measure: str  # what value and target are in: 'fte', '%', 'persons', 'hours'
    met: Met
    reference: str  # the law article or parliamentary paper the norm comes from
    detail: dict[str, float | str | None] = field(default_factory=dict)
    trend: tuple[TrendPoint, ...] = ()
    projected: str | None = None  # ISO date the projection meets the norm, or a reason
    note: str = ""  # in English
    note_nl: str = ""  # the note in Dutch (the norm's engine writes both, as its labels)
    # its figures come (partly) from the HR records, so they are synthetic when the records
    # are the synthetic police's; published figures and parameters alone: False
    from_records: bool = False

    def label(self, lang: str = "nl") -> str:
        return self.label_en if lang == "en" else self.label_nl

    def note_text(self, lang: str = "nl") -> str:
        """The note in ``lang`` (the English one when no Dutch was written)."""
        return self.note_nl if lang != "en" and self.note_nl else self.note


def figure(value: float, lang: str) -> str:
    """A parameter's value as a norm's label prints it: whole numbers without decimals,
    others with one, in the language's format (``5.000`` / ``5,000``; ``7,5``)."""
    return format_number(value, lang, 0 if float(value).is_integer() else 1)


def judge(value: float | None, target: float | None, higher_is_better: bool = True) -> Met:
    if value is None or target is None:
        return Met.UNKNOWN
    ok = value >= target if higher_is_better else value <= target
    return Met.MET if ok else Met.NOT_MET


def project_linear(points: Sequence[tuple[dt.date, float]], target: float,
                   higher_is_better: bool = True, horizon: dt.date | None = None
                   ) -> str | None:
    """The first date a straight line through ``points`` reaches ``target``.

    Returns an ISO date, ``'already met'``, ``'not within horizon'`` or ``None``
    when there are fewer than two points to draw a line through.
    """
    if len(points) < 2:
        return None
    xs = [p[0].toordinal() for p in points]
    ys = [p[1] for p in points]
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx if sxx else 0.0
    last_x, last_y = xs[-1], ys[-1]
    gap = target - last_y
    if (gap <= 0 and higher_is_better) or (gap >= 0 and not higher_is_better):
        return "already met"
    if slope == 0 or (slope > 0) != higher_is_better:
        return "not within horizon"
    # From the latest observation along the fitted slope.
    day = dt.date.fromordinal(int(last_x + gap / slope + 0.999))
    if horizon is not None and day > horizon:
        return "not within horizon"
    return day.isoformat()
