"""Conservation: for any parameters, every month, opening + flows = closing per unit and
category, nobody negative; without dropout or outflow every trainee graduates exactly
once, also across a change of programme length (the one-off wave when 3 → 2 years)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sterkte.forecast import FLOW_KEYS, resolve, simulate, start_from_stocks
from sterkte.forecast.inputs import forecast_parameters
from sterkte.forecast.result import reporting_periods, to_ledger
from sterkte.ledger import CLOSING, Category, Period
from sterkte.org.units import REPORTING_UNIT_CODES
from sterkte.parameters import ParameterSet
from sterkte.parameters.scenario import Scenario

START = 2022 * 12  # January 2022
D = dt.date
GRAD_OUT = FLOW_KEYS.index((Category.ASP, "graduated_out"))
INTAKE = FLOW_KEYS.index((Category.ASP, "intake"))

PARAMS = forecast_parameters()


def scenario(overrides: dict[str, dict[dt.date, object]]) -> ParameterSet:
    return Scenario("test", "test", overrides=overrides).apply(PARAMS)  # type: ignore[arg-type]


def small_start(params: ParameterSet, os: float, asp: float) -> object:
    stocks = {u: os for u in REPORTING_UNIT_CODES[:3]}
    return start_from_stocks(stocks, {u: asp for u in REPORTING_UNIT_CODES[:3]},
                             {u: os / 4 for u in REPORTING_UNIT_CODES[:3]}, params, START, "test")


rate = st.floats(0.0, 0.5)


@settings(max_examples=25, deadline=None)
@given(length_before=st.integers(3, 40), length_after=st.integers(3, 40),
       switch_month=st.integers(0, 30), dropout=rate, unplanned=rate, transfer=rate,
       early=rate, working_time=st.floats(-0.05, 0.05), intake=st.floats(0, 3000),
       lateral=st.floats(0, 200), os=st.floats(0, 2000), asp=st.floats(0, 500),
       sampled=st.booleans(), seed=st.integers(0, 2**31))
def test_ledger_identities_hold_every_month_and_nothing_goes_negative(
        length_before: int, length_after: int, switch_month: int, dropout: float,
        unplanned: float, transfer: float, early: float, working_time: float, intake: float,
        lateral: float, os: float, asp: float, sampled: bool, seed: int) -> None:
    switch = D(2022 + switch_month // 12, switch_month % 12 + 1, 1)
    params = scenario({
        "training_length": {D(1990, 1, 1): length_before, switch: length_after},
        "dropout": {D(2010, 1, 1): {"1": dropout, "2": dropout / 2, "3": dropout / 3}},
        "unplanned_outflow": {D(2010, 1, 1): {k: unplanned for k in
                                              ("15-24", "25-34", "35-44", "45-54", "55-99")}},
        "transfer_rates": {D(2010, 1, 1): {"os_to_nos": transfer, "nos_to_os": transfer,
                                           "os_to_training": transfer / 2}},
        "early_retirement": {D(2010, 1, 1): {"60": early, "64": early}},
        "working_time": {D(2010, 1, 1): {"OS": working_time, "NOS": working_time,
                                         "ASP": -working_time}},
        "academy_intake": {D(2021, 1, 1): intake},
        "lateral_entry": {D(2021, 1, 1): {"OS": {"NN": lateral}, "NOS": {"ON": lateral}}},
    })
    state = small_start(params, os, asp)
    inputs = resolve(params, state, 36)  # type: ignore[arg-type]
    rng = np.random.default_rng(seed) if sampled else None
    traj = simulate(inputs, samples=3 if sampled else 1, rng=rng)
    periods = [Period.month(2022 + t // 12, t % 12 + 1) for t in range(36)]
    for s in range(traj.samples):
        ledger = to_ledger(traj, periods, sample=s)
        assert ledger.check_identities(tolerance=1e-6 * max(1.0, os + asp + intake)) == []
        for period, unit, cat in ledger.cells():
            assert ledger.get(period, unit, cat, CLOSING) >= -1e-9
    assert (traj.monthly >= -1e-9).all()
    if sampled and working_time == 0:  # whole persons, whole flows
        assert np.array_equal(traj.flows, np.round(traj.flows))


def test_without_dropout_every_intake_graduates_once_with_a_wave_at_3_to_2_years() -> None:
    """Programme 36 months for intakes before 2023, 24 from 2023; constant intake.

    Independently: a cohort taken in at month m graduates at m + L(m). So the 2022
    cohorts (36 months) graduate in 2025 together with the 2023 cohorts (24 months):
    twice the yearly intake in 2025, once in other years, nobody lost.
    """
    params = scenario({
        "training_length": {D(2021, 1, 1): 36, D(2023, 1, 1): 24},
        "dropout": {D(2010, 1, 1): {"1": 0.0, "2": 0.0, "3": 0.0}},
        "transfer_rates": {D(2010, 1, 1): {"os_to_nos": 0.0, "nos_to_os": 0.0,
                                           "os_to_training": 0.0}},
        "working_time": {D(2010, 1, 1): {"OS": 0.0, "NOS": 0.0, "ASP": 0.0}},
        "academy_intake": {D(2021, 1, 1): 1200.0},
    })
    state = start_from_stocks({}, {}, {}, params, START, "empty")
    months = 8 * 12
    inputs = resolve(params, state, months)
    pom, periods = reporting_periods(START, months)
    traj = simulate(inputs, period_of_month=pom)
    grads = traj.flows[0, :, GRAD_OUT, :].sum(0)  # national, per year 2022-2029
    intake = traj.flows[0, :, INTAKE, :].sum(0)
    np.testing.assert_allclose(intake, 1200.0)
    expected = {2022: 0, 2023: 0, 2024: 0, 2025: 2400, 2026: 1200, 2027: 1200, 2028: 1200,
                2029: 1200}
    np.testing.assert_allclose(-grads, [expected[p.year] for p in periods], atol=1e-6)
    # nobody lost: what was taken in is either graduated or still in training
    asp_end = traj.closing[0, :, 1, -1].sum()
    assert abs(-grads.sum() + asp_end - intake.sum()) < 1e-6
    # in samples too: every single trainee graduates exactly once, 2022 and 2023 together
    traj_s = simulate(inputs, samples=4, rng=np.random.default_rng(7), period_of_month=pom)
    g = -traj_s.flows[:, :, GRAD_OUT, :].sum(1)
    i = traj_s.flows[:, :, INTAKE, :].sum(1)
    np.testing.assert_array_equal(g[:, :3], 0)
    np.testing.assert_array_equal(g[:, 3], i[:, 0] + i[:, 1])
    np.testing.assert_array_equal(g[:, 4:], i[:, 2:6])


@settings(max_examples=25, deadline=None)
@given(length_before=st.integers(1, 40), length_after=st.integers(1, 40),
       switch_month=st.integers(0, 47), intake=st.floats(1, 5000), sampled=st.booleans(),
       seed=st.integers(0, 2**31), grad_months=st.sets(st.integers(1, 12), min_size=1))
def test_without_dropout_or_outflow_every_trainee_graduates_exactly_once(
        length_before: int, length_after: int, switch_month: int, intake: float,
        sampled: bool, seed: int, grad_months: set[int]) -> None:
    """Any programme lengths, switch date and graduation months: each cohort (January,
    May, October) graduates whole in the first graduation month on or after intake +
    L(intake date), derived here from the parameters alone."""
    switch = D(2022 + switch_month // 12, switch_month % 12 + 1, 1)
    params = scenario({
        "graduation_months": {D(1990, 1, 1): {str(k): float(k in grad_months)
                                              for k in range(1, 13)}},
        "training_length": {D(2021, 1, 1): length_before, switch: length_after},
        "dropout": {D(2010, 1, 1): {"1": 0.0, "2": 0.0, "3": 0.0}},
        "transfer_rates": {D(2010, 1, 1): {"os_to_nos": 0.0, "nos_to_os": 0.0,
                                           "os_to_training": 0.0}},
        "working_time": {D(2010, 1, 1): {"OS": 0.0, "NOS": 0.0, "ASP": 0.0}},
        "academy_intake": {D(2021, 1, 1): intake},
    })
    months = 60
    state = start_from_stocks({}, {}, {}, params, START, "empty")
    inputs = resolve(params, state, months)
    rng = np.random.default_rng(seed) if sampled else None
    traj = simulate(inputs, samples=2 if sampled else 1, rng=rng)
    taken_in = traj.flows[:, :, INTAKE, :].sum(1)  # [S, T] national, per month
    graduated = -traj.flows[:, :, GRAD_OUT, :].sum(1)
    expected = np.zeros_like(graduated)
    for t in range(months):
        m = START + t
        if taken_in[0, t] == 0 and not sampled:
            continue
        length = length_before if D(m // 12, m % 12 + 1, 1) < switch else length_after
        grad = t + length
        while (START + grad) % 12 + 1 not in grad_months:
            grad += 1
        if grad < months:
            expected[:, grad] += taken_in[:, t]
    np.testing.assert_allclose(graduated, expected, rtol=1e-12, atol=1e-9)
    # and nobody is lost: taken in = graduated + still in training
    in_training = traj.monthly[:, :, 1, -1].sum(1)
    np.testing.assert_allclose(taken_in.sum(1), graduated.sum(1) + in_training, rtol=1e-12)


def test_entrants_older_than_anybody_at_the_start_are_counted_and_can_leave() -> None:
    """Everybody at the start is 30; lateral entrants are 25–49. The engine steps only
    the birth years that can hold anybody: the entrants' are among them, so they count
    in the stocks and leave at the same rate as everybody else."""
    ages = PARAMS["age_profile"].table(D(2021, 1, 1))
    all_30 = {c: {a: (1.0 if a == "30" else 0.0) for a in ages[c]} for c in ("OS", "NOS")}
    yearly = 0.06
    params = scenario({
        "age_profile": {D(2021, 1, 1): all_30},
        "unplanned_outflow": {D(2010, 1, 1): {k: yearly for k in
                                              ("15-24", "25-34", "35-44", "45-54", "55-99")}},
        "transfer_rates": {D(2010, 1, 1): {"os_to_nos": 0.0, "nos_to_os": 0.0,
                                           "os_to_training": 0.0}},
        "working_time": {D(2010, 1, 1): {"OS": 0.0, "NOS": 0.0, "ASP": 0.0}},
        "lateral_entry": {D(2021, 1, 1): {"OS": {"NN": 600.0}, "NOS": {"ON": 0.0}}},
    })
    state = start_from_stocks({"NN": 1000.0}, {}, {}, params, START, "test")
    inputs = resolve(params, state, 36)
    assert int(inputs.lateral_ages.max()) > 30
    traj = simulate(inputs)
    os_, nn = 0, inputs.units.index("NN")
    out = traj.flows[0, nn, FLOW_KEYS.index((Category.OS, "outflow_unplanned"))]
    grads = traj.flows[0, nn, FLOW_KEYS.index((Category.OS, "graduated_in"))]
    lateral = traj.flows[0, nn, FLOW_KEYS.index((Category.OS, "lateral_entry"))]
    assert lateral.sum() == pytest.approx(3 * 600.0)
    # the month's outflow is the monthly hazard on the opening stock and the month's
    # graduates (lateral entrants arrive after it)
    hazard = 1.0 - (1.0 - yearly) ** (1.0 / 12.0)
    np.testing.assert_allclose(-out, hazard * (traj.opening[0, nn, os_] + grads), rtol=1e-9)
    for sampled in simulate(inputs, samples=5, rng=np.random.default_rng(3)), traj:
        ledger = to_ledger(sampled, [Period.month(2022 + t // 12, t % 12 + 1)
                                     for t in range(36)], sample=0)
        assert ledger.check_identities(tolerance=1e-6) == []
