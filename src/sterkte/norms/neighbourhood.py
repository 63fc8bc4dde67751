"""The 80 % norm: community officers' worked hours spent in and for their neighbourhood.

From time registrations (see docs/norms.md for the import format): per
registration the hours worked and whether they were for the neighbourhood.
Share = Σ neighbourhood hours / Σ hours worked × 100, per team, unit and nation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sterkte.norms.status import Met, NormStatus, judge

NORM = "neighbourhood_80"
LABELS = ("Wijkagenten: 80 % van de tijd in en voor de wijk",
          "Community officers: 80 % of time in and for the neighbourhood")


def neighbourhood_norm(hours: Mapping[str, tuple[float, float]], on: dt.date,
                       target_percent: float, reference: str) -> list[NormStatus]:
    """``hours``: per scope (team, unit or NP) (neighbourhood hours, hours worked)."""
    if not hours:
        return [NormStatus(NORM, *LABELS, "NP", on, None, target_percent, "%", Met.UNKNOWN,
                           reference, note="no time registrations imported "
                                           "(sterkte norms import time FILE)")]
    out = []
    for scope, (wijk, total) in sorted(hours.items()):
        share = 100.0 * wijk / total if total > 0 else None
        out.append(NormStatus(NORM, *LABELS, scope, on, share, target_percent, "%",
                              judge(share, target_percent), reference,
                              detail={"neighbourhood_hours": wijk, "hours_worked": total}))
    return out
