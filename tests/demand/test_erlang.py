"""Erlang B and C against closed forms and published table values."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sterkte.demand.erlang import erlang_b, erlang_c, service_level, units_needed


def test_erlang_b_table_value() -> None:
    # Erlang B tables: 5 erlangs on 10 servers block 1.84 % of calls
    assert erlang_b(10, 5.0) == pytest.approx(0.01838, abs=5e-5)


def test_erlang_c_textbook_values() -> None:
    # M/M/1: the probability of waiting is the utilisation
    assert erlang_c(1, 0.5) == pytest.approx(0.5)
    # M/M/2 closed form 2ρ²/(1 + ρ): ρ = 0.5 → 1/3
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3)
    # 2 erlangs on 3 servers: 4/9
    assert erlang_c(3, 2.0) == pytest.approx(4 / 9)
    # the standard call-centre example: 10 erlangs on 11 agents wait 68.2 % of the time
    assert erlang_c(11, 10.0) == pytest.approx(0.6821, abs=5e-5)


def test_overloaded_system_always_waits() -> None:
    assert erlang_c(3, 3.0) == 1.0 and erlang_c(2, 5.0) == 1.0


def test_service_level_falls_to_one_minus_c_at_zero_wait() -> None:
    assert service_level(11, 10.0, 0.0, 3.0) == pytest.approx(1 - erlang_c(11, 10.0))
    assert service_level(11, 10.0, 1.0, 3.0) > service_level(11, 10.0, 0.1, 3.0)


def test_units_needed_is_the_least_that_meets_the_target() -> None:
    c = units_needed(10.0, 0.8)
    assert 1 - erlang_c(c, 10.0) >= 0.8 > 1 - erlang_c(c - 1, 10.0)
    assert units_needed(0.0, 0.9) == 0


@given(st.floats(0.01, 50.0), st.integers(1, 80))
def test_erlang_c_is_a_probability_at_least_erlang_b(load: float, c: int) -> None:
    pc, pb = erlang_c(c, load), erlang_b(c, load)
    assert 0.0 <= pb <= pc <= 1.0 or math.isclose(pb, pc)


@given(st.floats(0.01, 40.0), st.floats(0.5, 0.99))
def test_more_load_never_needs_fewer_units(load: float, p: float) -> None:
    assert units_needed(load * 1.1, p) >= units_needed(load, p)
