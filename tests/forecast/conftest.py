"""Shared fixtures: the bundled parameters and the published end-2021 stocks."""

from __future__ import annotations

import pytest

from sterkte.forecast import StartState, scenario_start, start_from_ledger, start_from_published
from sterkte.forecast.inputs import forecast_parameters
from sterkte.ledger import Ledger
from sterkte.parameters import ParameterSet, load_scenario
from sterkte.sources.published import read_published_table
from sterkte.store.ledgers import bundled_dataset


@pytest.fixture(scope="session")
def params() -> ParameterSet:
    return forecast_parameters()


@pytest.fixture(scope="session")
def hjb2022(params: ParameterSet) -> ParameterSet:
    return load_scenario("hjb2022").apply(params)


@pytest.fixture(scope="session")
def published_2021() -> Ledger:
    out = Ledger()
    for path in bundled_dataset():
        for key, value in read_published_table(path).ledger:
            out.set(*key, value)
    return out


@pytest.fixture(scope="session")
def end_2021(published_2021: Ledger, hjb2022: ParameterSet) -> StartState:
    return start_from_ledger(published_2021, hjb2022)


@pytest.fixture(scope="session")
def opening_2021(published_2021: Ledger, hjb2022: ParameterSet) -> StartState:
    """Where hjb2022 starts (its ``start:``): the published stocks of 31-12-2020, as the
    police's prognosis table does."""
    return start_from_published(published_2021, hjb2022, scenario_start(load_scenario("hjb2022")))
