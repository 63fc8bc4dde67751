"""HR records: person-level records and events, the gate, and their derivation into the ledger.

``schema`` (the records), ``validate`` (the gate's rules, in SQL), ``timeline``
(replay of each person's history), ``derive`` (events → ledger), ``absence``
(sickness absence), ``synth`` (the synthetic national police). Persistence is in
:mod:`sterkte.store.hr`, file reading in :mod:`sterkte.sources.hr_records`.
"""
