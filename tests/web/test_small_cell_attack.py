"""An intruder attacks every team table the dashboard's API serves and recovers no hidden
count, neither exactly nor to within the protection interval.

Written apart from the code under test, as an intruder would: from the JSON of a real
server over the synthetic police (every column, ratios included), one integer programme
per district with every published relation —

- the counts: each team's OS, ASP, NOS and volunteers add up to its persons, the teams
  to the district total, the categories to the district's persons;
- a hidden count (``×``) is at least 1: zeros are shown (the table's note says so);
- the volunteer share: 100 × volunteers = share × OS (the API gives the unrounded share);
- fte: a professional's contract is at most 1,2 fte (the HR gate's published rule,
  docs/hr.md), so a team's OS + ASP + NOS ≥ its fte / 1,2; the district's fte less the
  published teams' gives the same bound on the teams whose fte is hidden; staffing
  (fte / formatie) with a published formatie gives the fte;

— and, for each hidden count, its least and greatest value (``scipy.optimize.milp``).
The range must be at least the protection width of :mod:`sterkte.norms.suppression`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import httpx
import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from sterkte.norms.suppression import protection_width
from sterkte.sources.norm_parameters import bundled_norm_parameters
from tests.conftest import Cli
from tests.web.conftest import Server

CATS = ("OS", "ASP", "NOS", "VOL")
PROFESSIONALS = ("OS", "ASP", "NOS")
FTE_MAX = 1.2  # docs/hr.md: 0 < fte ≤ 1,2 — the intruder reads it there
HIDDEN = "×"
TOL = 1e-6


@dataclass
class Programme:
    """Integer variables with bounds, linear rows lo ≤ a·x ≤ hi, and names of the hidden."""

    lb: list[float] = field(default_factory=list)
    ub: list[float] = field(default_factory=list)
    rows: list[tuple[dict[int, float], float, float]] = field(default_factory=list)
    hidden: dict[int, str] = field(default_factory=dict)

    def var(self, value: Any, name: str) -> int:
        i = len(self.lb)
        if value == HIDDEN:
            self.lb.append(1.0)  # zeros are shown: a hidden count is at least 1
            self.ub.append(math.inf)
            self.hidden[i] = name
        else:
            assert isinstance(value, int | float), (name, value)
            self.lb.append(float(value))
            self.ub.append(float(value))
        return i

    def equal(self, terms: dict[int, float], rhs: float = 0.0) -> None:
        self.rows.append((terms, rhs - TOL, rhs + TOL))

    def at_least(self, terms: dict[int, float], rhs: float) -> None:
        self.rows.append((terms, rhs - TOL, math.inf))

    def ranges(self) -> dict[str, tuple[float, float]]:
        n = len(self.lb)
        a = np.zeros((len(self.rows), n))
        for r, (terms, _, _) in enumerate(self.rows):
            for i, coef in terms.items():
                a[r, i] += coef
        cons = LinearConstraint(a, [lo for _, lo, _ in self.rows],
                                [hi for _, _, hi in self.rows])
        out = {}
        for i, name in self.hidden.items():
            ends = []
            for sign in (1.0, -1.0):
                c = np.zeros(n)
                c[i] = sign
                res = milp(c, integrality=np.ones(n), bounds=Bounds(self.lb, self.ub),
                           constraints=cons)
                if res.status == 3 or (sign < 0 and res.status != 0 and res.status != 2):
                    ends.append(math.inf)  # unbounded above: nothing pins it down
                    continue
                assert res.status == 0, (name, res.message)  # the tables are consistent
                ends.append(sign * float(res.fun))
            out[name] = (ends[0], ends[1])
        return out


def _number(v: Any) -> float | None:
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None


def district_programme(rows: list[dict[str, Any]], total: dict[str, Any]) -> Programme:
    """Every published relation of one district's teams and total row."""
    p = Programme()
    x = {(i, c): p.var(r[c], f"{r['team']} {c}") for i, r in enumerate(rows) for c in CATS}
    persons = [p.var(r["persons"], f"{r['team']} persons") for r in rows]
    tot = {c: p.var(total[c], f"{total['district']} total {c}") for c in CATS}
    grand = p.var(total["persons"], f"{total['district']} total persons")
    for i in range(len(rows)):
        p.equal({**{x[i, c]: 1.0 for c in CATS}, persons[i]: -1.0})
    for c in CATS:
        p.equal({**{x[i, c]: 1.0 for i in range(len(rows))}, tot[c]: -1.0})
    p.equal({**{tot[c]: 1.0 for c in CATS}, grand: -1.0})
    p.equal({**{persons[i]: 1.0 for i in range(len(rows))}, grand: -1.0})

    def share(r: dict[str, Any], vol: int, os: int) -> None:
        v = _number(r["volunteer_share"])
        if v is not None:  # 100 × volunteers = share × OS
            p.equal({vol: 100.0, os: -v})

    def fte_of(r: dict[str, Any]) -> float | None:
        f = _number(r["fte"])
        s, formatie = _number(r["staffing_percent"]), _number(r["formatie_fte"])
        if f is None and s is not None and formatie is not None:
            f = s * formatie / 100.0  # staffing beside a published formatie gives the fte
        return f

    for i, r in enumerate(rows):
        share(r, x[i, "VOL"], x[i, "OS"])
        f = fte_of(r)
        if f is not None:
            p.at_least({x[i, c]: 1.0 for c in PROFESSIONALS}, f / FTE_MAX)
    share(total, tot["VOL"], tot["OS"])
    district_fte = fte_of(total)
    if district_fte is not None:
        unknown = [i for i, r in enumerate(rows) if fte_of(r) is None]
        rest = district_fte - sum(f for r in rows if (f := fte_of(r)) is not None)
        if unknown:
            p.at_least({x[i, c]: 1.0 for i in unknown for c in PROFESSIONALS},
                       rest / FTE_MAX)
    return p


def team_tables(http: httpx.Client) -> list[dict[str, Any]]:
    """Every team table of every unit page's JSON twin, in Dutch and English."""
    out = []
    for unit in http.get("/api/units").json()["units"]:
        for lang in ("nl", "en"):
            payload = http.get(f"/api/units/{unit['code']}", params={"lang": lang}).json()
            out += [t for t in payload["tables"] if t["name"].startswith("teams")]
    return out


def attack(table: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """Each hidden count of ``table`` → (least, greatest) value an intruder can derive."""
    rows = [r["values"] for r in table["rows"]]
    by_district: dict[str, list[dict[str, Any]]] = {}
    totals: dict[str, dict[str, Any]] = {}
    for r, meta in zip(rows, table["rows"], strict=True):
        if meta["total"]:
            totals[r["district"]] = r
        else:
            by_district.setdefault(r["district"], []).append(r)
    found = {}
    for district, teams in by_district.items():
        found.update(district_programme(teams, totals[district]).ranges())
    return found


def test_no_hidden_team_count_can_be_recovered_from_what_the_api_serves(
        http: httpx.Client) -> None:
    width = protection_width(bundled_norm_parameters(), dt.date.today())
    tables = team_tables(http)
    assert len(tables) >= 20  # ten regional units with teams, in two languages
    hidden = 0
    narrow = []
    for table in tables:
        for name, (lo, hi) in attack(table).items():
            hidden += 1
            if hi - lo < width - TOL:
                narrow.append(f"{table['name']} {name}: {lo:g} … {hi:g}")
    assert hidden > 50  # small teams: there is something to attack
    assert not narrow, f"{len(narrow)} of {hidden} hidden counts recovered:\n" + "\n".join(narrow[:40])


def test_the_cli_hides_exactly_what_the_api_hides(http: httpx.Client, server: Server) -> None:
    """`sterkte teams` prints the same team tables: the attack above holds for it too."""
    api: dict[tuple[str, str], list[str]] = {}
    on = None
    for unit in http.get("/api/units").json()["units"]:
        payload = http.get(f"/api/units/{unit['code']}").json()
        on = payload["norms_on"]
        for t in (t for t in payload["tables"] if t["name"].startswith("teams")):
            keys = [c["key"] for c in t["columns"]]
            for r in t["rows"]:
                api[(r["values"]["district"], r["text"]["team"])] = [r["text"][k] for k in keys]
    assert on is not None
    code, out, err = Cli(server.db)("teams", "--date", on, "--format", "csv")
    assert code == 0, err
    cli = {}
    for line in out.splitlines()[1:]:
        cells = line.split(";")[:15]  # the last column says the figures are synthetic
        cli[(cells[1], cells[2])] = cells
    assert cli.keys() == api.keys()
    for key, cells in cli.items():
        assert [c == HIDDEN for c in cells] == [c == HIDDEN for c in api[key]], key
