"""Academy intake and graduation against the prognosis, each half year, per unit.

The motion Van Nispen/Van Raak asks every half year whether intake and expected
graduates are on course. The police makes yearly prognoses only (intake comes in
January, May and October), so a part of a year is judged against the part of the
yearly prognosis its intake moments make due: for the first half year, the
January and May shares of the year's intake. A whole year is judged against the
yearly prognosis itself.

Each comparison names its prognosis (``basis``): the police's own (its vintage) where
the store holds one, else sterkte's model run — never one silently for the other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sterkte.norms.status import NormStatus, judge

LABELS = {
    "intake": ("Instroom politieacademie t.o.v. {basis}", "Academy intake against {basis}"),
    "graduated": ("Afgestudeerden t.o.v. {basis}", "Graduates against {basis}"),
}
MODEL = ("model sterkte", "sterkte's model")


def police_basis(vintage: str) -> tuple[str, str]:
    """How a comparison with the police's prognosis ``vintage`` is named (nl, en)."""
    return f"prognose politie ({vintage})", f"the police's prognosis ({vintage})"


def due_share(months_elapsed: int, moment_shares: Mapping[str, float]) -> float:
    """Share of a year's flow due after ``months_elapsed`` months, from the intake (or
    graduation) moments and their shares (month number → share)."""
    return sum(s for m, s in moment_shares.items() if int(m) <= months_elapsed)


def academy_norm(flow: str, realised: Mapping[str, float], prognosis_year: Mapping[str, float],
                 months_elapsed: int, moment_shares: Mapping[str, float], on: dt.date,
                 reference: str, tolerance_percent: float,
                 basis: Mapping[str, tuple[str, str]] | None = None) -> list[NormStatus]:
    """Per scope: realised so far this year against the due part of the prognosis (fte).

    Met when the realisation reaches the due part. In a part of a year the due part is
    an estimate from the intake moments, so the realisation may fall short of it by
    ``tolerance_percent`` (the parameter ``academy_tolerance``, shown with the status);
    a whole year is judged on the yearly prognosis without tolerance. ``basis`` names the
    prognosis per scope (nl, en); default sterkte's model.
    """
    whole_year = months_elapsed >= 12
    share = 1.0 if whole_year else due_share(months_elapsed, moment_shares)
    tolerance = 0.0 if whole_year else tolerance_percent
    out = []
    for scope in sorted(set(realised) | set(prognosis_year)):
        year_prog = prognosis_year.get(scope)
        due = year_prog * share if year_prog is not None else None
        value = realised.get(scope)
        threshold = due * (1 - tolerance / 100) if due is not None else None
        nl, en = (basis or {}).get(scope, MODEL)
        out.append(NormStatus(
            f"academy_{flow}", LABELS[flow][0].format(basis=nl),
            LABELS[flow][1].format(basis=en), scope, on, value, due, "fte",
            judge(value, threshold), reference,
            detail={"prognosis_year": year_prog, "due_share": share, "due": due,
                    "tolerance_percent": tolerance, "threshold": threshold,
                    "difference": (value - due) if value is not None and due is not None
                    else None}))
    return out
