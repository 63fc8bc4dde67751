"""Erlang C: how many units so that an urgent call finds one free.

Calls arrive at rate ``λ`` per hour (Poisson), each keeps a unit busy for a mean
``s`` hours (exponential); ``A = λ·s`` is the offered load in erlangs. With ``c``
units, the probability that a call has to wait (finds all units busy) is Erlang C:

    C(c, A) = B(c, A) / (1 − (A/c)(1 − B(c, A)))

with ``B`` the Erlang B blocking probability, computed by the stable recursion
``B(0) = 1``, ``B(k) = A·B(k−1) / (k + A·B(k−1))``. The police question
"the highest-priority calls find a free unit with probability p" is
``1 − C(c, A) ≥ p``; :func:`units_needed` gives the least such ``c``.
"""

from __future__ import annotations

import math


def erlang_b(c: int, load: float) -> float:
    """Blocking probability of an M/M/c/c system with ``load`` erlangs."""
    if c < 0 or load < 0:
        raise ValueError("units and load must be non-negative")
    b = 1.0
    for k in range(1, c + 1):
        b = load * b / (k + load * b)
    return b


def erlang_c(c: int, load: float) -> float:
    """Probability that a call must wait in an M/M/c queue (1 when ``c ≤ load``)."""
    if load == 0:
        return 0.0
    if c <= load:
        return 1.0
    b = erlang_b(c, load)
    rho = load / c
    return b / (1.0 - rho * (1.0 - b))


def service_level(c: int, load: float, wait: float, service: float) -> float:
    """Probability that a call waits at most ``wait`` (same time unit as ``service``,
    the mean service time): ``1 − C·exp(−(c − A)·wait / service)``."""
    if c <= load:
        return 0.0
    return 1.0 - erlang_c(c, load) * math.exp(-(c - load) * wait / service)


def units_needed(load: float, p_free: float) -> int:
    """Least number of units ``c`` with ``1 − C(c, load) ≥ p_free`` (0 when no load)."""
    if not 0.0 < p_free < 1.0:
        raise ValueError("p_free must lie strictly between 0 and 1")
    if load <= 0:
        return 0
    c = max(1, math.floor(load) + 1)
    while 1.0 - erlang_c(c, load) < p_free:
        c += 1
    return c
