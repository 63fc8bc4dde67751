"""Samples on a real Dask cluster give exactly the in-process samples for the same seed."""

from __future__ import annotations

import numpy as np
import pytest
from distributed import LocalCluster

from sterkte.forecast import StartState, resolve
from sterkte.forecast.distributed import ClusterError, run_ensemble_dask
from sterkte.forecast.montecarlo import BLOCK, run_ensemble
from sterkte.forecast.result import reporting_periods
from sterkte.parameters import ParameterSet


def test_dask_cluster_gives_the_same_samples_as_in_process(hjb2022: ParameterSet,
                                                            end_2021: StartState) -> None:
    inputs = resolve(hjb2022, end_2021, 24)
    pom, _ = reporting_periods(end_2021.start, 24)
    samples = 2 * BLOCK + 10  # three blocks, the last one short
    local = run_ensemble(inputs, pom, samples, seed=5)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        seen: list[int] = []
        remote = run_ensemble_dask(inputs, pom, samples, 5, cluster.scheduler_address,
                                   progress=lambda done, total: seen.append(done))
    assert np.array_equal(local.flows, remote.flows)
    assert np.array_equal(local.monthly, remote.monthly)
    assert sorted(seen)[-1] == samples


def test_an_unreachable_scheduler_is_a_clear_error(hjb2022: ParameterSet,
                                                   end_2021: StartState) -> None:
    inputs = resolve(hjb2022, end_2021, 12)
    pom, _ = reporting_periods(end_2021.start, 12)
    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler"):
        run_ensemble_dask(inputs, pom, 10, 1, "tcp://127.0.0.1:9", timeout=2)
