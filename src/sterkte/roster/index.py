"""The problem's requests by employee and cover rows by (day, shift), built once.

Column generation lays out every person's shortest path (:mod:`sterkte.roster.columns`);
looking up each person's requests and cover cells over the whole problem cost seconds
on a year with 150 persons (7 of the 12.5 s it took to lay out all of them).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from sterkte.roster.model import Request, RosterProblem


class CoverIndex:
    """The problem's requests by employee and cover rows by (day, shift index), with
    their skill, built once for all persons (looking them up per person cost seconds
    on a year with 150 persons)."""

    def __init__(self, p: RosterProblem) -> None:
        shifts = {s.id: j for j, s in enumerate(p.shifts)}
        self.days = p.days
        self.requests: dict[str, list[Request]] = {}
        for r in p.requests:
            self.requests.setdefault(r.employee, []).append(r)
        self.cells: dict[tuple[int, int], list[tuple[int, str | None]]] = {}
        for ri, cv in enumerate(p.cover):
            for d, sid in cv.cells:
                if sid in shifts:
                    self.cells.setdefault((d, shifts[sid]), []).append((ri, cv.skill))
        self.skills = {cv.skill for cv in p.cover if cv.skill is not None}
        self._rows: dict[frozenset[str], tuple[dict[tuple[int, int], list[int]],
                                               sparse.csr_matrix]] = {}

    def rows(self, skills: frozenset[str] | set[str] | tuple[str, ...], n_cell: int,
             n_cover: int) -> tuple[dict[tuple[int, int], list[int]], sparse.csr_matrix]:
        """The cover rows each (day, shift index) cell counts in for a person with
        ``skills``, and the same as a matrix; shared by persons with the same skills
        that count (read only)."""
        key = frozenset(skills) & self.skills
        if key not in self._rows:
            rows: dict[tuple[int, int], list[int]] = {}
            for cell, counted in self.cells.items():
                mine = [ri for ri, skill in counted if skill is None or skill in key]
                if mine:
                    rows[cell] = mine
            pairs = [(d * (n_cell // max(1, self.days)) + s, r)
                     for (d, s), rs in rows.items() for r in rs]
            cells = sparse.csr_matrix((np.ones(len(pairs)), ([a for a, _ in pairs],
                                                            [b for _, b in pairs])),
                                      shape=(n_cell, n_cover))
            self._rows[key] = (rows, cells)
        return self._rows[key]
