"""Volunteers: a share of operational professional strength (10 %, parameter
``volunteer_share``) by the end of the target year, and at most a number of hours of
deployment per volunteer per year (576, ``volunteer_hours_cap``).

Share = volunteers (persons) / operational strength (OS, fte) × 100.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from sterkte.norms.status import Met, NormStatus, TrendPoint, figure, judge, project_linear

NORM = "volunteers"
CAP_NORM = "volunteer_hours"


def labels(target_percent: float) -> tuple[str, str]:
    """The share norm's name in Dutch and English, with the share in force."""
    return (f"Politievrijwilligers: {figure(target_percent, 'nl')} % van de operationele "
            "sterkte",
            f"Police volunteers: {figure(target_percent, 'en')} % of operational strength")


def cap_labels(cap: float) -> tuple[str, str]:
    """The hour cap's name in Dutch and English, with the cap in force."""
    return (f"Inzet vrijwilligers: ten hoogste {figure(cap, 'nl')} uur per jaar",
            f"Volunteer deployment: at most {figure(cap, 'en')} hours a year")


def volunteer_norm(
    volunteers: Mapping[str, float], os_fte: Mapping[str, float], on: dt.date,
    target_percent: float, target_year: int, reference: str,
    history: Mapping[str, Sequence[tuple[dt.date, float, float]]] | None = None,
) -> list[NormStatus]:
    """Per scope: current share, volunteers needed, the yearly increase needed to reach
    the target by 31 December of ``target_year``, and a trend projection.

    ``history`` per scope: (date, volunteers, OS fte) at earlier dates, for the trend.
    """
    deadline = dt.date(target_year, 12, 31)
    names = labels(target_percent)
    out = []
    for scope in sorted(set(volunteers) | set(os_fte)):
        vol = volunteers.get(scope, 0.0)
        os = os_fte.get(scope)
        if not os:
            out.append(NormStatus(NORM, *names, scope, on, None, target_percent, "%",
                                  Met.UNKNOWN, reference,
                                  note="no operational strength to relate volunteers to",
                                  note_nl="geen operationele sterkte om vrijwilligers op te "
                                          "betrekken"))
            continue
        share = 100.0 * vol / os
        required = target_percent / 100.0 * os
        years_left = max((deadline - on).days / 365.25, 0.0)
        per_year = (required - vol) / years_left if years_left > 0 else None
        points = [(d, 100.0 * v / o) for d, v, o in (history or {}).get(scope, ()) if o]
        trend = tuple(TrendPoint(d.isoformat(), s) for d, s in points)
        projected = project_linear([*points, (on, share)], target_percent, horizon=deadline)
        # Met means: reached now. Before the deadline, "on track" is what the
        # projection says; after it, not reached is not met.
        met = judge(share, target_percent)
        out.append(NormStatus(
            NORM, *names, scope, on, share, target_percent, "%", met, reference,
            detail={"volunteers": vol, "os_fte": os, "required_volunteers": required,
                    "shortfall": max(required - vol, 0.0),
                    "needed_per_year": per_year, "deadline": deadline.isoformat()},
            trend=trend, projected=projected,
        ))
    return out


def hours_cap(hours_by_person: Mapping[str, float], cap: float, year: int, on: dt.date,
              reference: str) -> tuple[NormStatus, list[tuple[str, float]]]:
    """The volunteers deployed more than ``cap`` hours in ``year``, by pseudonymous id
    only, and the status (met when nobody is over the cap)."""
    over = sorted(((p, h) for p, h in hours_by_person.items() if h > cap),
                  key=lambda x: (-x[1], x[0]))
    cap_names = cap_labels(cap)
    if not hours_by_person:
        status = NormStatus(CAP_NORM, *cap_names, "NP", on, None, cap, "hours",
                            Met.UNKNOWN, reference, note=f"no volunteer hours for {year}",
                            note_nl=f"geen vrijwilligersuren over {year}")
    else:
        status = NormStatus(CAP_NORM, *cap_names, "NP", on, float(len(over)), 0.0, "persons",
                            Met.MET if not over else Met.NOT_MET, reference,
                            detail={"year": float(year), "volunteers": len(hours_by_person),
                                    "over_cap": len(over),
                                    "max_hours": max(hours_by_person.values())})
    return status, over
