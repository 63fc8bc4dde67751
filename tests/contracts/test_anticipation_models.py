"""The contract every crime-anticipation model keeps, found through the engine's registry
(:data:`~sterkte.anticipate.models.registry.MODEL_NAMES`, built by ``build_model`` from
the bundled parameters): a finite, non-negative expected count for every study cell;
nothing after the origin changes the forecast (it may only learn from the past); the
same parameters and seed give the same forecast; a missing or bad parameter is a clear
error naming it. A model added to the registry is checked without a new test.

(No accounting identity applies to a forecast of counts by itself; the presence plan's
hours are checked in tests/anticipate/test_anticipate_presence.py.)"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pytest

from sterkte.anticipate.history import EventHistory
from sterkte.anticipate.models.registry import MODEL_NAMES, build_model
from sterkte.anticipate.predict import build_history
from sterkte.errors import InputError
from sterkte.parameters import ParameterSet

ON = date(2026, 6, 1)  # parameters in force
FIRST = date(2023, 1, 1)
ORIGIN = date(2024, 10, 1)
HORIZON = 14
CELL = 125.0
PARAMS = ParameterSet.bundled(engine="anticipate")
MODEL_PARAMETERS = sorted(n for n in PARAMS if PARAMS[n].group == "anticipate/models")


def _events(seed: int, days: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Events on a 16 × 16-cell town (RD metres): three hot cells and a thin background;
    one burst of near-repeats, so the self-exciting model has something to find."""
    rng = np.random.default_rng(seed)
    times, xs, ys = [], [], []
    hot = [(3, 4, 0.15), (10, 12, 0.1), (13, 2, 0.08)]
    for d in range(days):
        day = datetime.combine(FIRST + timedelta(days=d), datetime.min.time())
        cells = [(cx, cy) for cx, cy, r in hot for _ in range(int(rng.poisson(r)))]
        cells += [(int(rng.integers(0, 16)), int(rng.integers(0, 16)))
                  for _ in range(int(rng.poisson(0.3)))]
        if 400 <= d < 410:
            cells += [(7, 7)] * 2
        for cx, cy in cells:
            times.append(np.datetime64(day + timedelta(minutes=int(rng.integers(0, 1440))), "s"))
            xs.append(155_000.0 + (cx + rng.random()) * CELL)
            ys.append(463_000.0 + (cy + rng.random()) * CELL)
    return np.array(times), np.array(xs), np.array(ys)


def _history(with_future: bool) -> EventHistory:
    t, x, y = _events(1, (ORIGIN - FIRST).days)
    if with_future:  # a different world after the origin: nothing a forecast may see
        t2, x2, y2 = _events(99, 120)
        t2 = t2 + (np.datetime64(ORIGIN, "s") - np.datetime64(FIRST, "s"))
        t, x, y = np.concatenate([t, t2]), np.concatenate([x, x2]), np.concatenate([y, y2])
    return build_history(t, x, y, CELL, ORIGIN)


@pytest.fixture(scope="module")
def history() -> EventHistory:
    return _history(False)


@pytest.fixture(scope="module")
def later() -> EventHistory:
    return _history(True)


def _forecast(name: str, history: EventHistory, params: ParameterSet = PARAMS) -> np.ndarray:
    model = build_model(name, params, ON)
    return np.asarray(model.forecast(history, history.day_of(ORIGIN), HORIZON))


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_every_cell_gets_a_finite_non_negative_count(name: str, history: EventHistory) -> None:
    score = _forecast(name, history)
    assert score.shape == (history.area.n_cells,)
    assert np.isfinite(score).all() and (score >= 0).all()
    assert score.sum() > 0  # a town with events every day expects some


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_events_after_the_origin_do_not_change_the_forecast(
        name: str, history: EventHistory, later: EventHistory) -> None:
    assert later.area.n_cells == history.area.n_cells  # the study area is fixed before
    np.testing.assert_allclose(_forecast(name, later), _forecast(name, history),
                               rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_the_same_parameters_and_seed_give_the_same_forecast(
        name: str, history: EventHistory) -> None:
    assert np.array_equal(_forecast(name, history), _forecast(name, history))


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_a_missing_parameter_is_named(name: str) -> None:
    """Every parameter a model reads, taken away, is an error that names it (a model
    reading none builds without any)."""
    required = []
    for pname in MODEL_PARAMETERS:
        without = ParameterSet({n: p for n, p in PARAMS.items() if n != pname})
        try:
            build_model(name, without, ON)
        except InputError as exc:
            assert f"unknown parameter {pname!r}" in str(exc)
            required.append(pname)
    # every model but the last fortnight's count reads parameters
    assert bool(required) == (name != "last_period"), required


@pytest.mark.parametrize("pname", [n for n in MODEL_PARAMETERS if PARAMS[n].shape == "number"])
def test_a_value_outside_its_range_is_refused_naming_it(pname: str) -> None:
    p = PARAMS[pname]
    assert p.range is not None, f"{pname} has no range"
    with pytest.raises(InputError) as err:
        p.with_values({date(2026, 1, 1): p.range[1] + 1}, f"override ({pname})")
    assert pname in str(err.value) and "expected a number in" in str(err.value)


def test_an_unknown_model_is_named_with_the_known_ones() -> None:
    with pytest.raises(InputError, match="unknown model 'crystal_ball'; expected one of"):
        build_model("crystal_ball", PARAMS, ON)
