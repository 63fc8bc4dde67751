"""The 80 % norm: community officers' worked hours spent in and for their neighbourhood.

From time registrations (see docs/norms.md for the import format): per
registration the hours worked and whether they were for the neighbourhood.
Share = Σ neighbourhood hours / Σ hours worked × 100, per team, unit and nation, against
the parameter ``neighbourhood_share`` (a fraction: 0.8 is the 80%-norm).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sterkte.norms.status import Met, NormStatus, figure, judge

NORM = "neighbourhood_80"  # an identifier (kept when the share changes): the 80%-norm


def labels(target_percent: float) -> tuple[str, str]:
    """The norm's name in Dutch and English, with the share in force."""
    return (f"Wijkagenten: {figure(target_percent, 'nl')} % van de tijd in en voor de wijk",
            f"Community officers: {figure(target_percent, 'en')} % of time in and for the "
            "neighbourhood")


def neighbourhood_norm(hours: Mapping[str, tuple[float, float]], on: dt.date,
                       target_percent: float, reference: str) -> list[NormStatus]:
    """``hours``: per scope (team, unit or NP) (neighbourhood hours, hours worked);
    ``target_percent``: the share to reach, percent."""
    names = labels(target_percent)
    if not hours:
        return [NormStatus(NORM, *names, "NP", on, None, target_percent, "%", Met.UNKNOWN,
                           reference, note="no time registrations imported "
                                           "(sterkte norms import time FILE)",
                           note_nl="geen tijdregistratie ingelezen (sterkte norms import "
                                   "time BESTAND)")]
    out = []
    for scope, (wijk, total) in sorted(hours.items()):
        share = 100.0 * wijk / total if total > 0 else None
        out.append(NormStatus(NORM, *names, scope, on, share, target_percent, "%",
                              judge(share, target_percent), reference,
                              detail={"neighbourhood_hours": wijk, "hours_worked": total}))
    return out
