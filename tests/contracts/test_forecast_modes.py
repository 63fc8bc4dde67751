"""The contract every forecast mode keeps, found through the engine's registry
(:data:`sterkte.forecast.modes.MODES`), as scikit-learn checks every estimator: opening +
inflows − outflows = closing in every period, unit and category; no stock or flow of
people below zero; the same seed gives the same numbers; bad parameters are a clear
error naming the parameter, never a traceback. A new mode in the registry is checked
without a new test."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from sterkte.errors import InputError
from sterkte.forecast import resolve, start_from_stocks
from sterkte.forecast.inputs import forecast_parameters
from sterkte.forecast.modes import MODES
from sterkte.forecast.result import reporting_periods, to_ledger
from sterkte.ledger import CLOSING
from sterkte.org.units import REPORTING_UNIT_CODES
from sterkte.parameters import ParameterSet
from sterkte.parameters.scenario import Scenario

START = 2022 * 12  # January 2022
MONTHS = 24
UNITS = REPORTING_UNIT_CODES[:3]
PARAMS = forecast_parameters()


def _inputs(params: ParameterSet = PARAMS) -> object:
    state = start_from_stocks({u: 1500.0 for u in UNITS}, {u: 300.0 for u in UNITS},
                              {u: 400.0 for u in UNITS}, params, START, "contract")
    return resolve(params, state, MONTHS)


@pytest.fixture(scope="module")
def inputs() -> object:
    return _inputs()


def _run(name: str, inputs: object, seed: int = 7) -> object:
    pom, _ = reporting_periods(START, MONTHS)
    return MODES[name](inputs, pom, 3, seed)  # type: ignore[arg-type]


def test_the_registry_holds_the_exact_and_the_sampled_mode() -> None:
    assert set(MODES) >= {"exact", "sampled"}


@pytest.mark.parametrize("name", sorted(MODES))
def test_opening_plus_flows_is_closing_in_every_period(name: str, inputs: object) -> None:
    traj = _run(name, inputs)
    _, periods = reporting_periods(START, MONTHS)
    for s in range(traj.samples):  # type: ignore[attr-defined]
        ledger = to_ledger(traj, periods, sample=s)  # type: ignore[arg-type]
        assert ledger.check_identities(tolerance=1e-6) == []
        assert len(list(ledger.cells())) > 0


@pytest.mark.parametrize("name", sorted(MODES))
def test_no_stock_below_zero(name: str, inputs: object) -> None:
    traj = _run(name, inputs)
    _, periods = reporting_periods(START, MONTHS)
    assert (traj.monthly >= -1e-9).all()  # type: ignore[attr-defined]
    assert (traj.opening >= -1e-9).all() and (traj.closing >= -1e-9).all()  # type: ignore[attr-defined]
    for s in range(traj.samples):  # type: ignore[attr-defined]
        ledger = to_ledger(traj, periods, sample=s)  # type: ignore[arg-type]
        for period, unit, cat in ledger.cells():
            assert ledger.get(period, unit, cat, CLOSING) >= -1e-9


@pytest.mark.parametrize("name", sorted(MODES))
def test_the_same_seed_gives_the_same_numbers(name: str, inputs: object) -> None:
    a, b = _run(name, inputs, seed=11), _run(name, inputs, seed=11)
    for field in ("flows", "opening", "closing", "monthly"):
        assert np.array_equal(getattr(a, field), getattr(b, field)), field


def test_the_sampled_mode_depends_on_its_seed(inputs: object) -> None:
    # the check above would pass for a mode that ignores its seed; sampling must not
    a, b = _run("sampled", inputs, seed=1), _run("sampled", inputs, seed=2)
    assert not np.array_equal(a.flows, b.flows)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(MODES))
@pytest.mark.parametrize("parameter, value, expected", [
    ("training_length", 600.0, "expected a number in [1, 60], found 600"),
    ("dropout", {"1": 2.0}, "dropout"),
])
def test_bad_parameters_are_refused_naming_the_parameter(
        name: str, parameter: str, value: object, expected: str) -> None:
    scenario = Scenario("bad", "a bad value", overrides={
        parameter: {dt.date(2022, 1, 1): value}})  # type: ignore[dict-item]
    with pytest.raises(InputError) as err:
        params = scenario.apply(PARAMS)
        _run(name, _inputs(params))
    text = str(err.value)
    assert parameter in text and expected in text


@pytest.mark.parametrize("name", sorted(MODES))
def test_a_missing_parameter_is_named(name: str) -> None:
    params = ParameterSet({n: p for n, p in PARAMS.items() if n != "working_time"})
    with pytest.raises(InputError, match="unknown parameter 'working_time'"):
        _run(name, _inputs(params))
