"""Monte Carlo: many sampled forecasts, vectorised over samples, seeded and reproducible.

Samples are run in blocks of :func:`block_size` (250 for the national model of
15 units, larger for smaller models, a function of the model only); block b draws
from its own generator, seeded ``SeedSequence(seed, spawn_key=(b,))``. A block is
the unit of work wherever it runs (in this process, on threads, or on a Dask
cluster), so the same model, seed and sample count give identical results
everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numpy.typing import NDArray

from sterkte.errors import Msg
from sterkte.forecast.engine import Trajectory, simulate
from sterkte.forecast.inputs import ModelInputs

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]
BLOCK = 250  # samples per block for the national model: part of the sampling scheme
QUANTILES = (5.0, 50.0, 95.0)

Progress = Callable[[int, int], None]  # (samples done, samples in all)


def block_size(inputs: ModelInputs) -> int:
    """Samples per block: :data:`BLOCK` for 15 units, proportionally more for fewer
    units (so small models are not dominated by per-step overhead)."""
    return BLOCK * max(1, 15 // max(1, inputs.n_units))


def blocks(samples: int, size: int = BLOCK) -> list[tuple[int, int]]:
    """(block number, size) for ``samples`` samples in blocks of ``size``."""
    if samples <= 0:
        raise ValueError(Msg("het aantal steekproeven moet positief zijn",
                             "samples must be positive"))
    return [(b, min(size, samples - b * size)) for b in range((samples + size - 1) // size)]


def block_rng(seed: int, block: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(block,))))


def run_block(inputs: ModelInputs, period_of_month: I64, seed: int, block: int, size: int
              ) -> Trajectory:
    """One block of ``size`` sampled forecasts (pure: same arguments, same result)."""
    return simulate(inputs, samples=size, rng=block_rng(seed, block),
                    period_of_month=period_of_month)


def concat(parts: list[Trajectory]) -> Trajectory:
    """The blocks' samples one after the other (one block: itself, no copy)."""
    first = parts[0]
    if len(parts) == 1:
        return first

    def join(arrays: list[F64]) -> F64:
        # along a last sample axis: the compiled engine keeps samples innermost in memory,
        # so this copies contiguous runs; the result is a view with samples first again
        return np.moveaxis(np.concatenate([np.moveaxis(a, 0, -1) for a in arrays], axis=-1),
                           -1, 0)

    return Trajectory(units=first.units, start=first.start, months=first.months,
                      period_of_month=first.period_of_month,
                      flows=join([p.flows for p in parts]),
                      opening=join([p.opening for p in parts]),
                      closing=join([p.closing for p in parts]),
                      monthly=join([p.monthly for p in parts]))


def run_ensemble(inputs: ModelInputs, period_of_month: I64, samples: int, seed: int, *,
                 workers: int = 2, progress: Progress | None = None) -> Trajectory:
    """``samples`` sampled forecasts in this process; blocks run on ``workers`` threads
    (the compiled kernel and numpy's samplers release the GIL), results in block order.

    With the compiled kernel the model's schedules are worked out once and every block
    writes its samples straight into the ensemble's arrays: no per-block results to join
    (joining 1,000 national samples copied 70 MB, most of a second on a busy machine)."""
    size = block_size(inputs)
    todo = blocks(samples, size)
    # numba is imported only when samples are drawn
    from sterkte.forecast.compiled import (
        outputs,
        prepare,
        run_block_into,
        run_kernel,
        trajectory,
    )

    if run_kernel is None:
        return _run_joined(inputs, period_of_month, samples, seed, todo, workers, progress)
    prepared = prepare(inputs, np.asarray(period_of_month, dtype=np.int64))
    out = outputs(prepared, samples)
    done = 0
    if workers <= 1 or len(todo) == 1:  # no thread to start: the same blocks, in order
        for b, n in todo:
            run_block_into(prepared, block_rng(seed, b), out, b * size, n)
            done += n
            if progress is not None:
                progress(done, samples)
        return trajectory(prepared, out)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [pool.submit(run_block_into, prepared, block_rng(seed, b), out, b * size, n)
                   for b, n in todo]
        for fut, (_, n) in zip(futures, todo, strict=True):
            fut.result()
            done += n
            if progress is not None:
                progress(done, samples)
    return trajectory(prepared, out)


def _run_joined(inputs: ModelInputs, period_of_month: I64, samples: int, seed: int,
                todo: list[tuple[int, int]], workers: int, progress: Progress | None
                ) -> Trajectory:
    """The numpy engine's ensemble (no numba): blocks run apart, then joined."""
    done = 0
    results: dict[int, Trajectory] = {}
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = {pool.submit(run_block, inputs, period_of_month, seed, b, n): (b, n)
                   for b, n in todo}
        for fut, (b, n) in futures.items():
            results[b] = fut.result()
            done += n
            if progress is not None:
                progress(done, samples)
    return concat([results[b] for b, _ in todo])


def quantile_bands(values: F64, quantiles: tuple[float, ...] = QUANTILES) -> F64:
    """Percentiles over the sample axis (axis 0): shape ``[len(quantiles), ...]``."""
    return np.asarray(np.percentile(values, quantiles, axis=0), dtype=np.float64)
