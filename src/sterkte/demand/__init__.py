"""Tactical demand for police capacity per team and hour of the week.

- :mod:`~sterkte.demand.model` — incidents and planned work as plain records.
- :mod:`~sterkte.demand.workload` — obligated hours (Wilson & Weiss), planned blocks
  and the policy share of uncommitted time, per week and hour-of-week slot.
- :mod:`~sterkte.demand.erlang` — Erlang C: officers needed so that urgent calls find
  a free unit with a chosen probability.

Synthetic incidents for the synthetic police's teams are in :mod:`sterkte.synth.incidents`.
"""
