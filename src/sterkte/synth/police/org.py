"""Synthetic districts and basisteams under the regional units (codes clearly synthetic).

43 districts and 168 basisteams are spread over the 10 regional units in
proportion to their operational strength (largest remainder, at least one
district and two teams each). Codes look like ``syn-AM-D2`` and
``syn-AM-D2-T05``: no real district or team is named.
"""

from __future__ import annotations

from dataclasses import dataclass

from sterkte.org import REGIONAL_UNIT_CODES, OrgTree, Unit, UnitKind, national_police


@dataclass(frozen=True)
class Team:
    code: str
    district: str
    unit: str


def largest_remainder(total: int, weights: dict[str, float], minimum: int) -> dict[str, int]:
    """Split ``total`` over the keys in proportion to ``weights``, each at least ``minimum``."""
    keys = list(weights)
    rest = total - minimum * len(keys)
    w = sum(weights.values())
    raw = {k: rest * weights[k] / w for k in keys}
    out = {k: minimum + int(raw[k]) for k in keys}
    left = total - sum(out.values())
    for k in sorted(keys, key=lambda k: (-(raw[k] - int(raw[k])), k))[:left]:
        out[k] += 1
    return out


def synthetic_teams(os_fte: dict[str, float], districts: int,
                    basisteams: int) -> dict[str, list[Team]]:
    """Regional-unit code → its basisteams, districts numbered within the unit."""
    weights = {u: os_fte[u] for u in REGIONAL_UNIT_CODES}
    n_districts = largest_remainder(districts, weights, 1)
    n_teams = largest_remainder(basisteams, weights, 2)
    out: dict[str, list[Team]] = {}
    for u in REGIONAL_UNIT_CODES:
        per_district = largest_remainder(
            n_teams[u], {str(d): 1.0 for d in range(1, n_districts[u] + 1)}, 1)
        teams: list[Team] = []
        for d, k in per_district.items():
            district = f"syn-{u}-D{d}"
            for _ in range(k):
                teams.append(Team(f"{district}-T{len(teams) + 1:02d}", district, u))
        out[u] = teams
    return out


def tree_with_teams(teams: dict[str, list[Team]]) -> OrgTree:
    """The national tree with the synthetic districts and basisteams added."""
    tree = national_police()
    for unit_teams in teams.values():
        for t in unit_teams:
            if t.district not in tree:
                tree.add(Unit(t.district, f"Synthetisch district {t.district[4:]}",
                              UnitKind.DISTRICT, t.unit))
            tree.add(Unit(t.code, f"Synthetisch basisteam {t.code[4:]}", UnitKind.TEAM,
                          t.district))
    return tree
