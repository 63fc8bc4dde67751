"""Monte Carlo on a Dask cluster (``--scheduler tcp://…``): the same blocks and seeds
as in-process (:mod:`sterkte.forecast.montecarlo`), so the same results."""

from __future__ import annotations

from typing import Any

from sterkte.errors import Msg, SterkteError, os_reason
from sterkte.forecast.engine import Trajectory
from sterkte.forecast.inputs import ModelInputs
from sterkte.forecast.montecarlo import I64, Progress, block_size, blocks, concat, run_block


class ClusterError(SterkteError):
    """The Dask scheduler cannot be reached."""


def run_ensemble_dask(inputs: ModelInputs, period_of_month: I64, samples: int, seed: int,
                      scheduler: str | Any, *, progress: Progress | None = None,
                      timeout: float = 20.0) -> Trajectory:
    """Run the blocks on the cluster at ``scheduler`` (an address or a ``Client``)."""
    from distributed import Client, as_completed

    own = not isinstance(scheduler, Client)
    client: Any
    try:
        client = Client(scheduler, timeout=timeout) if own else scheduler  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        why = os_reason(exc) if isinstance(exc, OSError) and exc.errno else "geen verbinding"
        raise ClusterError(Msg(f"de Dask-scheduler op {scheduler} is niet bereikbaar: {why}",
                               f"cannot reach the Dask scheduler at {scheduler}: {exc}")
                           ) from None
    try:
        shared = client.scatter(inputs, broadcast=True)
        todo = blocks(samples, block_size(inputs))
        futures = [client.submit(run_block, shared, period_of_month, seed, b, n, pure=True,
                                 key=f"sterkte-forecast-{seed}-{samples}-{b}-{id(inputs)}")
                   for b, n in todo]
        sizes = {f.key: n for f, (_, n) in zip(futures, todo, strict=True)}
        done = 0
        for fut in as_completed(futures):  # type: ignore[no-untyped-call]
            done += sizes[fut.key]
            if progress is not None:
                progress(done, samples)
        parts: list[Trajectory] = client.gather(futures)
        return concat(parts)
    finally:
        if own:
            client.close()
