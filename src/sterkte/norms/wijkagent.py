"""At least one community officer (wijkagent) per 5,000 inhabitants.

Politiewet 2012, art. 38a: the norm is national; each regional unit applies it
as its starting point, so it is computed nationally and per regional unit.
Required fte = inhabitants / inhabitants per wijkagent, unrounded; the report
rounds (17,591,394 inhabitants → 3,518 fte; with 3,603 fte that is 85 above).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sterkte.norms.status import NormStatus, figure, judge
from sterkte.org import NATIONAL

NORM = "wijkagent"


def labels(inhabitants_per_officer: float) -> tuple[str, str]:
    """The norm's name in Dutch and English, with the number of inhabitants in force."""
    return (f"Wijkagenten: ten minste 1 per {figure(inhabitants_per_officer, 'nl')} inwoners",
            f"Community officers: at least 1 per {figure(inhabitants_per_officer, 'en')} "
            "inhabitants")


def wijkagent_norm(
    inhabitants: Mapping[str, int], wijkagent_fte: Mapping[str, float], on: dt.date,
    inhabitants_per_officer: float, reference: str,
) -> list[NormStatus]:
    """The norm per regional unit in ``inhabitants`` and nationally (``NP``).

    ``inhabitants``: persons per regional-unit code; ``wijkagent_fte``: fte of
    community officers per unit (units absent count as 0 fte). A national figure
    may be given under ``NP`` in either mapping; otherwise it is the sum. With only
    national figures (no unit in ``inhabitants``), only the national status.
    """
    out = []
    nl, en = labels(inhabitants_per_officer)
    scopes = sorted(u for u in inhabitants if u != NATIONAL)
    for scope in [*scopes, NATIONAL]:
        if scope == NATIONAL:
            people = inhabitants.get(NATIONAL, sum(inhabitants[u] for u in scopes))
            fte = wijkagent_fte.get(NATIONAL, sum(wijkagent_fte.get(u, 0.0) for u in scopes))
        else:
            people = inhabitants[scope]
            fte = wijkagent_fte.get(scope, 0.0)
        required = people / inhabitants_per_officer
        out.append(NormStatus(
            norm=NORM, label_nl=nl, label_en=en, scope=scope, on=on,
            value=fte, target=required, measure="fte", met=judge(fte, required),
            reference=reference,
            detail={"inhabitants": float(people), "required_fte": required,
                    "actual_fte": fte, "surplus_fte": fte - required},
        ))
    return out
