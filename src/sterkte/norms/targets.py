"""Yearly national policy targets (Veiligheidsagenda) against their realisation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sterkte.norms.status import Met, NormStatus, TrendPoint, judge

LABELS = {
    "human_trafficking_suspects": (
        "Veiligheidsagenda: verdachten mensenhandel aangeleverd bij het OM",
        "Safety agenda: human-trafficking suspects handed to the prosecutor"),
}


def target_norm(name: str, targets: Mapping[str, float], realised: Mapping[int, float],
                year: int, on: dt.date, reference: str) -> NormStatus:
    """The target of ``year`` against its realisation; earlier years as the trend."""
    nl, en = LABELS.get(name, (name, name))
    target = targets.get(str(year))
    value = realised.get(year)
    trend = tuple(TrendPoint(str(y), v) for y, v in sorted(realised.items()) if y <= year)
    met = judge(value, target) if target is not None else Met.UNKNOWN
    note, note_nl = ("", "") if target is not None else (f"no target set for {year}",
                                                          f"geen doel vastgesteld voor {year}")
    if target is not None and value is None:
        note, note_nl = (f"no realisation imported for {year}",
                         f"geen realisatie ingelezen over {year}")
    return NormStatus(f"target:{name}", nl, en, "NP", on, value, target, "count", met,
                      reference, detail={"year": float(year)}, trend=trend, note=note,
                      note_nl=note_nl)
