"""Per-month schedules of the compiled forecast kernel (:mod:`sterkte.forecast.compiled`):
which runs of cohorts share a dropout hazard and which runs of birth years share an
unplanned-outflow hazard (the age bands), within the cohorts and birth years that can
hold anybody that month. As CSR arrays: month t's entries are ``ptr[t]:ptr[t + 1]``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from sterkte.forecast.inputs import ModelInputs
from sterkte.forecast.thinning import _jit

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]


def dropout_runs(inputs: ModelInputs, live_lo: I64, live_hi: I64) -> tuple[I64, I64, F64]:
    """Per month, the runs of live cohorts with one dropout hazard (their programme
    year; adjacent years with the same rate are one run), zero hazards left out; a run
    is flagged when it is every live cohort (its total is then kept, not summed)."""
    assert _runs_kernel is not None
    ptr = np.zeros(inputs.months + 1, dtype=np.int64)
    runs = np.zeros((inputs.months * max(1, len(inputs.cohort_start)), 3), dtype=np.int64)
    hazards = np.zeros(runs.shape[0], dtype=np.float64)
    n = _runs_kernel(inputs.start, inputs.cohort_start, inputs.dropout, live_lo, live_hi, ptr,
                     runs, hazards)
    return ptr, runs[:n].copy(), hazards[:n].copy()


def _runs(start: int, cs: I64, dropout: F64, live_lo: I64, live_hi: I64, ptr: I64,
          runs: I64, hazards: F64) -> int:
    n_p = dropout.size
    n = 0
    for t in range(live_lo.size):
        m = start + t
        lo, hi = live_lo[t], live_hi[t]
        a = lo
        while a < hi:
            h = dropout[min(max((m - cs[a]) // 12, 0), n_p - 1)]
            b = a + 1
            while b < hi and dropout[min(max((m - cs[b]) // 12, 0), n_p - 1)] == h:
                b += 1
            if h > 0.0:
                runs[n, 0], runs[n, 1] = a, b
                runs[n, 2] = 1 if a == lo and b == hi else 0
                hazards[n] = h
                n += 1
            a = b
        ptr[t + 1] = n
    return n


def age_bands(inputs: ModelInputs, alive_lo: I64, alive_hi: I64) -> tuple[I64, I64]:
    """Per month, the runs of live birth years with one unplanned-outflow hazard in every
    unit (the age bands), clipped to the birth years that can hold anybody."""
    n_b = inputs.n_birth_years
    edges = [[0, *(np.nonzero(np.any(r[:, 1:] != r[:, :-1], axis=0))[0] + 1).tolist(), n_b]
             for r in inputs.unplanned]
    ptr = np.zeros(inputs.months + 1, dtype=np.int64)
    out: list[tuple[int, int, int]] = []
    for t in range(inputs.months):
        lo, hi = int(alive_lo[t]), int(alive_hi[t])
        for a, b in itertools.pairwise(edges[int(inputs.year_index[t])]):
            if min(b, hi) > max(a, lo):
                out.append((max(a, lo), min(b, hi), int(a <= lo and b >= hi)))
        ptr[t + 1] = len(out)
    return ptr, np.array(out, dtype=np.int64).reshape(-1, 3)


_runs_kernel: Callable[..., int] | None = (
    _jit.njit(cache=True, nogil=True)(_runs) if _jit is not None else None)
