"""Academy intake and graduation against the prognosis, each half year, per unit.

The motion Van Nispen/Van Raak asks every half year whether intake and expected
graduates are on course. The police makes yearly prognoses only (intake comes in
January, May and October), so a half year is judged against the part of the
yearly prognosis its intake moments make due: for the first half year, the
January and May shares of the year's intake.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sterkte.norms.status import NormStatus, judge

LABELS = {
    "intake": ("Instroom politieacademie t.o.v. prognose", "Academy intake against prognosis"),
    "graduated": ("Afgestudeerden t.o.v. prognose", "Graduates against prognosis"),
}


def due_share(months_elapsed: int, moment_shares: Mapping[str, float]) -> float:
    """Share of a year's flow due after ``months_elapsed`` months, from the intake (or
    graduation) moments and their shares (month number → share)."""
    return sum(s for m, s in moment_shares.items() if int(m) <= months_elapsed)


def academy_norm(flow: str, realised: Mapping[str, float], prognosis_year: Mapping[str, float],
                 months_elapsed: int, moment_shares: Mapping[str, float], on: dt.date,
                 reference: str, tolerance_percent: float) -> list[NormStatus]:
    """Per scope: realised so far this year against the due part of the prognosis (fte).

    Met when the realisation reaches the due part less ``tolerance_percent`` of it (the
    parameter ``academy_tolerance``).
    """
    share = due_share(months_elapsed, moment_shares)
    out = []
    for scope in sorted(set(realised) | set(prognosis_year)):
        year_prog = prognosis_year.get(scope)
        due = year_prog * share if year_prog is not None else None
        value = realised.get(scope)
        threshold = due * (1 - tolerance_percent / 100) if due is not None else None
        out.append(NormStatus(
            f"academy_{flow}", *LABELS[flow], scope, on, value, due, "fte",
            judge(value, threshold), reference,
            detail={"prognosis_year": year_prog, "due_share": share, "due": due,
                    "difference": (value - due) if value is not None and due is not None
                    else None}))
    return out
