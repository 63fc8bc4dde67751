"""Synthetic data to try and test everything, always labelled synthetic downstream.

- :mod:`~sterkte.synth.police` — a synthetic national police: HR records 2019–2022,
  calibrated to the published 2021 tables;
- :mod:`~sterkte.synth.incidents` — incidents and planned work for its teams;
- :mod:`~sterkte.synth.town` — a synthetic town of crime events and team areas;
- :mod:`~sterkte.synth.team` — a small example team for rosters.

No real person, place or event is in any of it.
"""
