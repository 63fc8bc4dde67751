"""Gender and the volunteers' appointment types of the synthetic police.

Drawn after the people and their histories exist, from a random stream of their own
(derived from the seed), so these attributes do not move any other draw. Volunteers on
31-12-2021 are split over the three appointment types exactly in the published
proportions (largest remainders); the published types sum to 2,672 while the letter's
total is 2,619, so the proportions, not the counts, are what can be reproduced.
"""

from __future__ import annotations

import numpy as np

from sterkte.synth.police.generator import VOL, Person
from sterkte.synth.police.params import SynthParams

STREAM = 16  # the attributes' stream: numpy.random.default_rng([seed, STREAM])


def quotas(total: int, weights: dict[str, int | float]) -> dict[str, int]:
    """``total`` split in proportion to ``weights`` by largest remainders (ties by key)."""
    w = sum(weights.values())
    raw = {k: total * v / w for k, v in weights.items()}
    out = {k: int(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: (-(raw[k] - out[k]), k))[: total - sum(out.values())]:
        out[k] += 1
    return out


def assign_attributes(people: list[Person], params: SynthParams, seed: int) -> None:
    """Set ``gender`` on everyone and ``appointment_type`` on everyone whose record is a
    volunteer's (the person record describes the extract date)."""
    rng = np.random.default_rng([seed, STREAM])
    shares = params.gender.shares
    for p in people:
        cat = p.open_cat or p.cat
        s = shares.get(cat) or shares[VOL]
        names = sorted(s)
        p.gender = str(names[int(rng.choice(len(names), p=[s[n] for n in names]))])
    published = params.volunteers.appointment_types_2021
    types = sorted(published)
    stock = [p for p in people if p.cat == VOL and p.cat_2021 == VOL]
    counts = quotas(len(stock), dict(published))
    labels = [t for t in types for _ in range(counts[t])]
    for i, p in zip(rng.permutation(len(stock)), stock, strict=True):
        p.appointment_type = labels[int(i)]
    total = sum(published.values())
    probs = [published[t] / total for t in types]
    for p in people:
        if p.cat == VOL and not p.appointment_type:
            p.appointment_type = str(types[int(rng.choice(len(types), p=probs))])
