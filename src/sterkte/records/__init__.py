"""Plain record types that the layers exchange and the store persists: data, no behaviour.

- :mod:`~sterkte.records.hr` — HR records (persons, events, sickness spells, volunteer
  hours): the one definition of every field, used by the gate, the store and the
  synthetic police;
- :mod:`~sterkte.records.staff` — a person as the engines read them from the HR records
  (a team member on a date, a sickness spell, a person at a forecast's start, the persons
  of a team);
- :mod:`~sterkte.records.presence` — a stored anticipation run's recommended preventive
  presence.

The store imports these, never an engine; the engines import them too.
"""
