"""The monitors (issue 16) on a DuckDB file and on a PostgreSQL database give the same
answers, and what they count from the HR records is what the records say.

One small synthetic police (seed 1, 5 % scale) with its aggregate inputs (background
counts, survey waves, earmark bezetting, the published traffic understaffing) is
imported into both stores through the CLI; every monitor command then prints the same
on both. The volunteers by appointment type and the staff by gender are also counted
here from the synthetic files themselves, with the csv module (an independent count).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from sterkte.store.db import connect
from sterkte.store.diversity import person_counts
from sterkte.store.monitors import volunteers_by_type
from sterkte.synth.police import generate
from tests.conftest import Cli, new_pg_store

SCALE = 0.05
BACKENDS = ("duckdb", "postgres")
TRAFFIC = Path(__file__).resolve().parents[2] / "src/sterkte/data/traffic-understaffing.csv"


@dataclass
class Stores:
    cli: dict[str, Cli]
    synth: Path  # the synthetic police's files
    team: str  # a team with survey results


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory, pg_database: str) -> Stores:
    folder = tmp_path_factory.mktemp("monitors-both")
    files = generate(1, folder / "synth", scale=SCALE).files
    clis = {"duckdb": Cli(folder / "store.duckdb"), "postgres": Cli(new_pg_store(pg_database))}
    for cli in clis.values():
        for args in (["import"], ["hr", "import", *files]):
            code, _, err = cli(*args)
            assert code == 0, err
    agg = folder / "agg"
    code, _, err = clis["duckdb"]("synth-aggregates", "--out", agg)
    assert code == 0, err
    for cli in clis.values():
        for args in (["diversity", "import", agg / "diversity-background.csv",
                      "--definition", "synthetische groepen"],
                     ["teams", "import-survey", agg / "survey.csv"],
                     ["earmarks", "import", "bezetting", agg / "earmark-bezetting.csv"],
                     ["earmarks", "import", "understaffing", TRAFFIC]):
            code, _, err = cli(*args)
            assert code == 0, (args, err)
    with (agg / "survey.csv").open(encoding="utf-8") as f:
        team = next(csv.DictReader(f))["team"]
    return Stores(clis, folder / "synth", team)


def _comparable(text: str) -> str:
    return re.sub(r"(?m)^store: .*$", "", text)


@pytest.mark.parametrize("args", [
    ["diversity", "--year", "2021", "--format", "csv"],
    ["earmarks", "--date", "2021-12-31", "--format", "csv"],
    ["teams", "--unit", "AM", "--format", "csv"],
    ["commitments", "--format", "csv"],
], ids=lambda a: " ".join(a))
def test_every_monitor_prints_the_same_on_both(stores: Stores, args: list[str]) -> None:
    printed = {}
    for name in BACKENDS:
        code, out, err = stores.cli[name](*args)
        assert code == 0, (name, err)
        printed[name] = _comparable(out)
    assert printed["postgres"] == printed["duckdb"]
    assert len(printed["duckdb"].splitlines()) > 3


def test_a_team_dashboard_is_the_same_on_both(stores: Stores) -> None:
    printed = {}
    for name in BACKENDS:
        code, out, err = stores.cli[name]("teams", "--team", stores.team, "--format", "csv")
        assert code == 0, (name, err)
        printed[name] = out
    assert printed["postgres"] == printed["duckdb"]
    assert "Meting" in printed["duckdb"]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


# the order of events within a day, as the records define it (docs/hr.md)
ORDER = ("hire", "academy_start", "transfer_category", "transfer_unit", "fte_change",
         "graduation", "dropout", "leave")


def _state_on(synth: Path, on: dt.date) -> dict[str, tuple[str, str]]:
    """person → (unit, category) of everyone in the organisation on ``on``, replaying the
    events file here: a hire sets both, a unit transfer (or a graduation naming one) the
    unit, a category transfer the category, an academy start makes an aspirant and a
    graduation an officer; leaving and dropping out end it."""
    state: dict[str, tuple[str, str] | None] = {}
    events = sorted((e for e in _rows(synth / "events.csv")
                     if dt.date.fromisoformat(e["date"]) <= on),
                    key=lambda e: (e["person_id"], e["date"], ORDER.index(e["type"]),
                                   e["event_id"]))
    for e in events:
        p, kind, before = e["person_id"], e["type"], state.get(e["person_id"])
        if kind == "hire":
            state[p] = (e["unit"], e["category"].upper())
        elif kind in ("leave", "dropout"):
            state[p] = None
        elif before is not None:
            unit, cat = before
            if kind in ("transfer_unit", "graduation") and e["unit"]:
                unit = e["unit"]
            if kind == "transfer_category":
                cat = e["category"].upper()
            cat = {"academy_start": "ASP", "graduation": "OS"}.get(kind, cat)
            state[p] = (unit, cat)
    return {p: s for p, s in state.items() if s is not None}


def test_volunteers_by_type_and_staff_by_gender_are_the_records_counted_by_hand(
        stores: Stores) -> None:
    persons = {r["person_id"]: r for r in _rows(stores.synth / "persons.csv")}
    on = dt.date(2021, 12, 31)
    state = _state_on(stores.synth, on)
    by_type = Counter((unit, persons[p]["appointment_type"] or None)
                      for p, (unit, cat) in state.items() if cat == "VOL")
    staff = Counter((unit, persons[p]["gender"] or None)
                    for p, (unit, cat) in state.items() if cat in ("OS", "ASP", "NOS"))
    for name in BACKENDS:
        con = connect(stores.cli[name].db, read_only=True)
        try:
            assert volunteers_by_type(con, on) == dict(by_type), name
            got: Counter[tuple[str, str | None]] = Counter()
            for c in person_counts(con, [2021]):
                if c.population == "staff":
                    got[c.unit, c.gender] += c.persons
            assert got == staff, name
        finally:
            con.close()
