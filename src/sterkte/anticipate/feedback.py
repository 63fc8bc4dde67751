"""Feedback-loop simulation: does attention run away if patrols follow the forecast?

After the urn models of Ensign, Friedler, Neville, Scheidegger &
Venkatasubramanian (2018), "Runaway feedback loops in predictive policing"
(FAT* 2018), written for sterkte. A world of areas has true incident rates
(incidents per step). Each step:

1. the policy patrols the ``patrolled`` areas with the highest *training
   record* (ties broken by a seeded random draw);
2. incidents happen, Poisson with the true rates; citizens report each with
   probability ``report_prob`` (wherever it happens); a patrol records each
   incident in its area with probability ``discovery_prob``;
3. the training record grows, depending on what is recorded for training:

   * ``naive`` — every record, citizen reports and patrol findings alike
     (what happens without the gate's channel rule);
   * ``citizen_only`` — citizen reports only (the gate's default);
   * ``reweighted`` — patrols explore a random set of areas with probability
     ``explore``, and a patrol finding counts ``1 / P(area patrolled)``:
     an unbiased record of every area's incidents (Ensign et al.'s correction
     in spirit).

The policy ranks areas by their training record as a whole, or — for a
self-exciting model (``policy_branching > 0``) — as that model would: a
background of ``1 - θ`` times the record's average per step plus ``θ`` times
the recent records, each weighing ``(1 - a) a^(age - 1)`` (a geometric lag
with mean ``policy_mean_lag`` steps). Recent records, patrol findings
included, then count for more: the loop Lum & Isaac (2016, Significance
13(5), 14-19) showed on a self-exciting model.

*Misallocated attention* at a step is ``1 − (true rate of the patrolled
areas) / (true rate of the truly highest-rate areas)``: the share of what
patrols could have been near that they miss. The loop *runs away* when, over
the last quarter of the steps, more than half is misallocated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from sterkte.anticipate.grid import FloatArray
from sterkte.errors import Msg

Recording = Literal["naive", "citizen_only", "reweighted"]
RECORDINGS: tuple[Recording, ...] = ("naive", "citizen_only", "reweighted")
#: More than this share of attention misallocated counts as runaway.
RUNAWAY_THRESHOLD = 0.5


@dataclass(frozen=True)
class FeedbackRun:
    """The course of one simulation.

    ``attention`` is steps × areas (1 where patrolled, else 0);
    ``record_share`` is each area's share of the final training record;
    ``true_share`` each area's share of true incidents.
    """

    recording: Recording
    attention: FloatArray
    record_share: FloatArray
    true_share: FloatArray
    misallocated: FloatArray
    #: "count" (rank by the whole record) or "self_exciting" (recent records weigh more).
    policy: str = "count"

    @property
    def final_misallocated(self) -> float:
        """Mean misallocated attention over the last quarter of steps."""
        q = max(1, self.misallocated.size // 4)
        return float(self.misallocated[-q:].mean())

    @property
    def first_misallocated(self) -> float:
        """Mean misallocated attention over the first quarter of steps."""
        q = max(1, self.misallocated.size // 4)
        return float(self.misallocated[:q].mean())

    @property
    def runaway(self) -> bool:
        return self.final_misallocated > RUNAWAY_THRESHOLD

    def record_gap(self, top: int) -> float:
        """Record share / true share of the ``top`` areas most present in the record."""
        order = np.argsort(-self.record_share, kind="stable")[:top]
        true = float(self.true_share[order].sum())
        return float(self.record_share[order].sum()) / true if true > 0 else float("inf")


def simulate_feedback(
    rates: FloatArray,
    initial_record: FloatArray,
    recording: Recording,
    *,
    steps: int = 200,
    patrolled: int = 1,
    report_prob: float = 0.05,
    discovery_prob: float = 0.8,
    explore: float = 0.1,
    seed: int = 0,
    policy_branching: float = 0.0,
    policy_mean_lag: float = 1.0,
) -> FeedbackRun:
    """Run the loop for ``steps`` steps; same seed, same course.

    The initial record counts as one step's worth of records, the most recent.
    """
    n = rates.size
    if initial_record.shape != rates.shape:
        raise ValueError(Msg("de beginregistratie en de intensiteiten moeten dezelfde gebieden "
                             "beslaan", "initial record and rates must cover the same areas"))
    if not 0 < patrolled <= n:
        raise ValueError(Msg("het aantal bestreken gebieden moet tussen 1 en het aantal "
                             "gebieden liggen",
                             "patrolled must be between 1 and the number of areas"))
    rng = np.random.default_rng(seed)
    record = initial_record.astype(np.float64).copy()
    recent = record.copy()
    theta = float(policy_branching)
    decay = 1.0 - 1.0 / max(policy_mean_lag, 1.0)
    best = float(np.sort(rates)[::-1][:patrolled].sum())
    attention = np.zeros((steps, n))
    misallocated = np.zeros(steps)
    p_random = patrolled / n
    for t in range(steps):
        jitter = rng.random(n) * 1e-9
        if theta > 0:
            score = (1 - theta) * record / (t + 1) + theta * (1 - decay) * recent + jitter
        else:
            score = record + jitter
        chosen = np.argsort(-score, kind="stable")[:patrolled]
        explored = recording == "reweighted" and rng.random() < explore
        if explored:
            chosen = rng.choice(n, size=patrolled, replace=False)
        patrol = np.zeros(n, dtype=bool)
        patrol[chosen] = True
        attention[t] = patrol
        misallocated[t] = 1.0 - float(rates[patrol].sum()) / best if best > 0 else 0.0
        incidents = rng.poisson(rates)
        reported = rng.binomial(incidents, report_prob)
        found = np.where(patrol, rng.binomial(incidents, discovery_prob), 0)
        if recording == "naive":
            new = reported + found
        elif recording == "citizen_only":
            new = reported.astype(np.float64)
        else:
            # P(patrolled) = exploitation of the current top + exploration.
            greedy = np.zeros(n, dtype=bool)
            greedy[np.argsort(-score, kind="stable")[:patrolled]] = True
            prob = (1 - explore) * greedy + explore * p_random
            new = reported + np.where(patrol, found / prob, 0.0)
        record += new
        recent = decay * recent + new
    total = record.sum()
    return FeedbackRun(
        recording=recording,
        attention=attention,
        record_share=record / total if total > 0 else record,
        true_share=rates / rates.sum(),
        misallocated=misallocated,
        policy="self_exciting" if theta > 0 else "count",
    )
