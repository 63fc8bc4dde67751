"""Synthetic aggregate inputs for the monitors, drawn from the totals of the HR records in
the store (:mod:`sterkte.synth.aggregates`): background counts per unit, survey results
per team and wave, bezetting against the imported earmarks. Labelled synthetic."""

from __future__ import annotations

from pathlib import Path

from sterkte.errors import Msg, SterkteError
from sterkte.norms.earmarks import PREFIX, earmarks_on
from sterkte.parameters import ParameterSet
from sterkte.records.hr import FUNCTIONS
from sterkte.store.db import connect
from sterkte.store.diversity import hr_years, person_counts
from sterkte.store.norm_data import latest_event_date, team_rows
from sterkte.synth.aggregates import Written, generate_aggregates


def synthetic_aggregates(db: str | Path | None, out_dir: str | Path, seed: int = 1
                         ) -> Written:
    params = ParameterSet.bundled(engine="norms")
    con = connect(db, read_only=True)
    try:
        latest = latest_event_date(con)
        if latest is None:
            raise SterkteError(Msg(
                "geen HR-gegevens in de opslag: de synthetische aggregaten worden uit hun "
                "totalen getrokken (sterkte synth, sterkte hr import)",
                "no HR records in the store: the synthetic aggregates are "
                "drawn from their totals (sterkte synth, sterkte hr import)"))
        totals: dict[tuple[str, int, str], int] = {}
        for c in person_counts(con, hr_years(con)):
            key = (c.population, c.year, c.unit)
            totals[key] = totals.get(key, 0) + c.persons
        teams = {r.team: sum(r.counts.values()) for r in team_rows(con, latest)}
    finally:
        con.close()
    earmarks: dict[str, dict[str, float]] = {}
    for e in earmarks_on(params, latest, FUNCTIONS):
        if not e.from_hr:
            earmarks.setdefault(PREFIX + e.programme, {})[e.scope] = e.fte
    return generate_aggregates(seed, out_dir, totals, teams, earmarks)
