"""No suppressed cell can be recovered from what is published (attacked with LPs)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from sterkte.norms.suppression import protect, protection_width
from sterkte.norms.teams import TeamFigures, protect_teams
from sterkte.sources.norm_parameters import bundled_norm_parameters

K = 10
WIDTH = protection_width(bundled_norm_parameters(), dt.date(2021, 12, 31))


def attack(cells: np.ndarray, hidden_cells: np.ndarray, row_hidden: np.ndarray,
           col_hidden: np.ndarray, grand_hidden: bool) -> list[tuple[str, float, float]]:
    """Try every hidden cell: its least and greatest value given every published cell,
    row total, column total and grand total, and that a hidden entry is at least 1 (zeros
    are shown). Returns those narrower than the protection width.

    Written here, apart from the code under test, as an intruder would.
    """
    r, c = cells.shape
    names = [("cell", i, j) for i in range(r) for j in range(c) if hidden_cells[i, j]]
    names += [("row", i, -1) for i in range(r) if row_hidden[i]]
    names += [("col", -1, j) for j in range(c) if col_hidden[j]]
    if grand_hidden:
        names.append(("grand", -1, -1))
    var = {n: k for k, n in enumerate(names)}

    def term(kind: str, i: int, j: int) -> tuple[int | None, float]:
        if (kind, i, j) in var:
            return var[(kind, i, j)], 0.0
        value = {"cell": lambda: cells[i, j], "row": lambda: cells[i].sum(),
                 "col": lambda: cells[:, j].sum(), "grand": lambda: cells.sum()}[kind]()
        return None, float(value)

    equations = []
    for i in range(r):
        equations.append([("cell", i, j) for j in range(c)] + [("row", i, -1)])
    for j in range(c):
        equations.append([("cell", i, j) for i in range(r)] + [("col", -1, j)])
    equations.append([("row", i, -1) for i in range(r)] + [("grand", -1, -1)])
    equations.append([("col", -1, j) for j in range(c)] + [("grand", -1, -1)])
    a_eq, b_eq = [], []
    for eq in equations:
        row = np.zeros(len(names))
        rhs = 0.0
        for n, sign in [(x, 1.0) for x in eq[:-1]] + [(eq[-1], -1.0)]:
            idx, val = term(*n)
            if idx is None:
                rhs -= sign * val
            else:
                row[idx] += sign
        if row.any():
            a_eq.append(row)
            b_eq.append(rhs)
    pinned = []
    for n, k in var.items():
        obj = np.zeros(len(names))
        obj[k] = 1
        lo = linprog(obj, A_eq=np.array(a_eq), b_eq=b_eq, bounds=(1, None), method="highs")
        hi = linprog(-obj, A_eq=np.array(a_eq), b_eq=b_eq, bounds=(1, None), method="highs")
        assert lo.status == 0  # the published table is consistent
        if hi.status == 3:  # unbounded above: nothing pins it down
            continue
        assert hi.status == 0
        # (the table's equations are a network matrix: the bounds are whole numbers)
        if -hi.fun - lo.fun < WIDTH - 1e-6:
            pinned.append((str(n), lo.fun, -hi.fun))
    return pinned


tables = st.integers(min_value=2, max_value=6).flatmap(
    lambda r: st.integers(min_value=2, max_value=5).flatmap(
        lambda c: st.lists(st.lists(st.one_of(st.integers(0, 12), st.integers(0, 300)),
                                    min_size=c, max_size=c), min_size=r, max_size=r)))


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_suppressed_cell_of_a_team_table_can_be_recovered_from_its_margins(
        rows: list[list[int]]) -> None:
    cells = np.array(rows, dtype=float)
    p = protect(cells, K, width=WIDTH)
    # Nothing about 1 to 9 people is shown...
    shown = ~p.cell_hidden
    assert not ((cells > 0) & (cells < K) & shown).any()
    assert not ((p.row_totals > 0) & (p.row_totals < K) & ~p.row_hidden).any()
    # ...and no hidden entry can be worked out from what is shown.
    assert attack(cells, p.cell_hidden, p.row_hidden, p.col_hidden, p.grand_hidden) == []


def test_a_value_that_follows_from_far_away_totals_is_protected_too() -> None:
    # Found by hypothesis: with every small entry hidden, cell (1, 2) = 1 still followed
    # from the grand total 15 less row total 12 less the two hidden cells of column 3
    # (which add up to 12 − 10). No equation through the cell had anything left to hide.
    cells = np.array([[0, 0, 0, 1], [0, 0, 1, 1], [0, 1, 1, 10]], dtype=float)
    p = protect(cells, K, width=WIDTH)
    assert attack(cells, p.cell_hidden, p.row_hidden, p.col_hidden, p.grand_hidden) == []


def test_a_lone_small_cell_gets_a_complement_in_its_row_and_column() -> None:
    cells = np.array([[50, 3, 40], [60, 70, 80], [30, 20, 25]], dtype=float)
    p = protect(cells, K, width=WIDTH)
    assert p.cell_hidden[0, 1]
    assert p.cell_hidden[0].sum() >= 2 and p.cell_hidden[:, 1].sum() >= 2
    assert attack(cells, p.cell_hidden, p.row_hidden, p.col_hidden, p.grand_hidden) == []


def _team(name: str, persons: int, absence: float, respondents: int = 0,
          safety: float | None = None) -> TeamFigures:
    return TeamFigures("LB", "D1", name, persons, {"OS": persons}, float(persons), absence,
                       respondents, safety)


def test_a_small_team_hides_its_rates_and_one_more_team_hides_them_too() -> None:
    rows = protect_teams([_team("T1", 8, 6.0), _team("T2", 120, 5.0), _team("T3", 40, 4.0)],
                         K, WIDTH)
    by = {r.team: r.values for r in rows}
    assert math.isnan(by["T1"]["absence_percent"])  # type: ignore[arg-type]
    # With only T1 hidden, the district's rate would give it away: T3 (next smallest).
    assert math.isnan(by["T3"]["absence_percent"])  # type: ignore[arg-type]
    assert by["T2"]["absence_percent"] == 5.0
    assert by["D1"]["absence_percent"] == (8 * 6 + 120 * 5 + 40 * 4) / 168


def test_survey_scores_need_k_respondents() -> None:
    rows = protect_teams([_team("T1", 50, 5, 9, 7.5), _team("T2", 50, 5, 30, 6.0),
                          _team("T3", 50, 5, 25, 8.0)], K, WIDTH)
    by = {r.team: r.values for r in rows}
    assert math.isnan(by["T1"]["social_safety"])  # type: ignore[arg-type]
    assert sum(math.isnan(by[t]["social_safety"]) for t in ("T2", "T3")) == 1  # type: ignore[arg-type]


# -- several tables over the same persons (the diversity monitor) -----------------------

def _linked_attack(tables: list[np.ndarray], protected: list) -> list[tuple[str, float]]:
    """Attack linked tables as published (cells, totals, shares), with the intruder's
    own equations (tests/norms/attack.py)."""
    from tests.norms.attack import pinned, table_equations

    rows = [str(i) for i in range(tables[0].shape[0])]
    eqs: list = []
    known: dict[str, float] = {}
    hidden: list[str] = []
    for t, (cells, p) in enumerate(zip(tables, protected, strict=True)):
        cols = [str(j) for j in range(cells.shape[1])]
        eqs += table_equations(f"t{t}", rows, cols)
        for i, r in enumerate(rows):
            for j, c in enumerate(cols):
                name = f"t{t}:{r}:{c}"
                (hidden.append(name) if p.cell_hidden[i, j] else
                 known.__setitem__(name, cells[i, j]))
        for j, c in enumerate(cols):
            name = f"t{t}:*:{c}"
            (hidden.append(name) if p.col_hidden[j] else
             known.__setitem__(name, cells[:, j].sum()))
    p0 = protected[0]
    for i, r in enumerate(rows):
        (hidden.append(f"total:{r}") if p0.row_hidden[i] else
         known.__setitem__(f"total:{r}", tables[0][i].sum()))
    (hidden.append("total:*") if p0.grand_hidden else
     known.__setitem__("total:*", tables[0].sum()))
    # a share is printed where its count and total are: one more equation each
    for t, (cells, p) in enumerate(zip(tables, protected, strict=True)):
        for i, r in enumerate(rows):
            total = cells[i].sum()
            for j in range(cells.shape[1]):
                shown = not p.cell_hidden[i, j] and not p0.row_hidden[i]
                if shown and total > 0:
                    share = cells[i, j] / total
                    eqs.append([(f"t{t}:{r}:{j}", 1.0), (f"total:{r}", -share)])
    return pinned(eqs, known, hidden)


linked = st.integers(min_value=2, max_value=5).flatmap(
    lambda r: st.tuples(
        st.lists(st.lists(st.one_of(st.integers(0, 12), st.integers(0, 200)), min_size=3,
                          max_size=3), min_size=r, max_size=r),
        st.lists(st.lists(st.one_of(st.integers(0, 12), st.integers(0, 200)), min_size=2,
                          max_size=2), min_size=r, max_size=r)))


@settings(max_examples=60, deadline=None)
@given(linked, st.lists(st.booleans(), min_size=3, max_size=3))
def test_no_hidden_cell_of_linked_tables_can_be_recovered_from_all_they_publish(
        pair: tuple[list[list[int]], list[list[int]]], keep: list[bool]) -> None:
    from sterkte.norms.suppression import protect_linked

    first = np.array(pair[0], dtype=float)
    # a second table over the same persons: the same row totals, split otherwise
    splits = [min(sum(r), x[0]) for r, x in zip(pair[0], pair[1], strict=True)]
    second = np.array([[float(sum(r) - s), float(s)]
                       for r, s in zip(pair[0], splits, strict=True)])
    done = protect_linked([first, second], K, [keep, [False, True]])
    for cells, p in zip([first, second], done, strict=True):
        assert not ((cells > 0) & (cells < K) & ~p.cell_hidden).any()
        assert not ((p.row_totals > 0) & (p.row_totals < K) & ~p.row_hidden).any()
        assert not ((p.col_totals > 0) & (p.col_totals < K) & ~p.col_hidden).any()
    assert (done[0].row_hidden == done[1].row_hidden).all()  # shared totals, shared fate
    assert _linked_attack([first, second], done) == []


def test_a_small_unit_total_hidden_in_one_table_is_hidden_in_the_other() -> None:
    from sterkte.norms.suppression import protect_linked

    gender = np.array([[40, 30, 0], [3, 2, 0], [50, 45, 1]], dtype=float)
    age = np.array([[20, 50], [0, 5], [60, 36]], dtype=float)
    g, a = protect_linked([gender, age], K)
    assert g.row_hidden[1] and a.row_hidden[1]
    assert _linked_attack([gender, age], [g, a]) == []
