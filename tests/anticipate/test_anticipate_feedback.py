"""The feedback loop runs away for naive greedy patrolling, not when corrected."""

from __future__ import annotations

import numpy as np

from sterkte.anticipate.audit import toy_world
from sterkte.anticipate.feedback import simulate_feedback


def test_greedy_patrols_trained_on_their_own_findings_run_away_in_a_toy_world() -> None:
    rates, initial = toy_world()
    run = simulate_feedback(rates, initial, "naive", steps=200, seed=0)
    assert run.runaway
    # Locked on the quietest area (rate 1 of a best 3): two thirds of the reachable rate missed.
    assert np.all(run.attention[-50:, 0] == 1)
    assert run.final_misallocated > 0.6
    # The record says area 0 has far more crime than it has.
    assert run.record_share[0] > 5 * run.true_share[0]


def test_training_on_citizen_reports_only_finds_the_true_hot_spot() -> None:
    rates, initial = toy_world()
    for seed in range(5):
        run = simulate_feedback(rates, initial, "citizen_only", steps=200, seed=seed)
        assert not run.runaway
        assert run.final_misallocated < 0.1
        # The head start fades: the quietest area is not made to look like a hot spot.
        assert run.record_share[0] < 2 * run.true_share[0]


def test_the_simulation_is_reproducible() -> None:
    rates, initial = toy_world()
    a = simulate_feedback(rates, initial, "reweighted", steps=100, seed=3)
    b = simulate_feedback(rates, initial, "reweighted", steps=100, seed=3)
    assert np.array_equal(a.attention, b.attention)
    assert np.array_equal(a.record_share, b.record_share)


def test_without_branching_the_self_exciting_policy_is_the_count_policy() -> None:
    rates, initial = toy_world()
    for rec in ("naive", "citizen_only", "reweighted"):
        a = simulate_feedback(rates, initial, rec, steps=80, seed=2)
        b = simulate_feedback(rates, initial, rec, steps=80, seed=2, policy_branching=0.0,
                              policy_mean_lag=3.0)
        assert np.array_equal(a.attention, b.attention) and b.policy == "count"


def test_patrols_following_a_self_exciting_model_run_away_on_their_own_findings() -> None:
    rates, initial = toy_world()
    for seed in range(5):
        naive = simulate_feedback(rates, initial, "naive", steps=200, seed=seed,
                                  policy_branching=0.3, policy_mean_lag=2.0)
        assert naive.runaway and naive.policy == "self_exciting"
        # Citizen reports only: no runaway, but chasing recent reports costs attention
        # that a ranking by the whole record does not lose (regression guard of the toy).
        recent = simulate_feedback(rates, initial, "citizen_only", steps=200, seed=seed,
                                   policy_branching=0.3, policy_mean_lag=2.0)
        whole = simulate_feedback(rates, initial, "citizen_only", steps=200, seed=seed)
        assert not recent.runaway
        assert recent.final_misallocated > whole.final_misallocated
