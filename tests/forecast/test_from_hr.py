"""Forecasts from HR records (actual ages) and rates calibrated from a year of HR history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from sterkte.cli.forecast import app
from sterkte.forecast import start_from_people
from sterkte.forecast.calibrate import calibrate
from sterkte.forecast.inputs import forecast_parameters
from sterkte.ledger import Category
from sterkte.parameters import load_scenario
from sterkte.store.forecasts import hr_events_between, hr_people_on
from sterkte.store.hr import ingest

YEAR = 2021


@pytest.fixture(scope="module")
def hr_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """400 staff hired in 2015 in NN and ON (every 4th NOS); in 2021 every 10th leaves
    (unplanned), every 23rd other OS officer moves to NOS, and 20 officers born in 1996
    are hired in NN."""
    d = tmp_path_factory.mktemp("hr")
    persons = ["person_id,birth_year,unit,function,category,fte"]
    events = ["event_id,person_id,date,type,unit,category,fte,reason"]
    n = 0
    for i in range(400):
        unit, cat, born = ("NN", "ON")[i % 2], "OS" if i % 4 else "NOS", 1960 + i % 39
        persons.append(f"p{i},{born},{unit},noodhulp,{cat},1.0")
        n += 1
        events.append(f"e{n},p{i},2015-01-01,hire,{unit},{cat},1.0,")
        if i % 10 == 0:
            n += 1
            events.append(f"e{n},p{i},{YEAR}-06-15,leave,,,,unplanned")
        elif i % 23 == 0 and cat == "OS":
            n += 1
            events.append(f"e{n},p{i},{YEAR}-03-01,transfer_category,,NOS,,")
    for j in range(20):
        persons.append(f"n{j},1996,NN,noodhulp,OS,1.0")
        n += 1
        events.append(f"e{n},n{j},{YEAR}-04-01,hire,NN,OS,1.0,")
    (d / "persons.csv").write_text("\n".join(persons) + "\n")
    (d / "events.csv").write_text("\n".join(events) + "\n")
    db = d / "hr.duckdb"
    con = duckdb.connect(str(db))
    summary = ingest(con, [d / "persons.csv", d / "events.csv"])
    con.close()
    assert summary.rejected == 0
    return db


def test_start_from_hr_uses_actual_ages(hr_store: Path) -> None:
    con = duckdb.connect(str(hr_store))
    people = hr_people_on(con, dt.date(YEAR, 12, 31))
    con.close()
    leavers = len(range(0, 400, 10))
    movers = len([i for i in range(400) if i % 10 and i % 23 == 0 and i % 4])
    assert len(people) == 400 - leavers + 20
    os_count = sum(1 for p in people if p.category is Category.OS)
    assert os_count == len([i for i in range(400) if i % 4 and i % 10]) - movers + 20
    state = start_from_people(people, forecast_parameters(), (YEAR + 1) * 12)
    born_1996 = state.people[0, 0, 1996 - state.birth_year0]  # OS in NN born in 1996
    assert born_1996 == 20 + len([i for i in range(400) if i % 2 == 0 and i % 4 and i % 10
                                  and 1960 + i % 39 == 1996 and i % 23])


def test_calibrated_rates_are_moves_over_exposure(hr_store: Path) -> None:
    con = duckdb.connect(str(hr_store))
    before = hr_people_on(con, dt.date(YEAR - 1, 12, 31))
    after = hr_people_on(con, dt.date(YEAR, 12, 31))
    events = hr_events_between(con, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
    con.close()
    est = calibrate(before, after, events, YEAR)
    os_before = sum(1 for p in before if p.category is Category.OS)
    os_after = sum(1 for p in after if p.category is Category.OS)
    movers = len([i for i in range(400) if i % 10 and i % 23 == 0 and i % 4])
    assert est.transfers["os_to_nos"] == pytest.approx(movers / ((os_before + os_after) / 2))
    assert est.lateral["OS"]["NN"] == 20 and est.lateral["OS"]["ON"] == 0
    # leavers aged 55 or over in 2021, over the average staff of that age band
    old = [i for i in range(400) if YEAR - (1960 + i % 39) >= 55]
    left = len([i for i in old if i % 10 == 0])
    expo = (len(old) + len([i for i in old if i % 10])) / 2
    assert est.unplanned["55-99"] == pytest.approx(left / expo)


def test_calibrate_then_forecast_from_hr_on_the_command_line(hr_store: Path,
                                                              tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "cal.yaml"
    r = runner.invoke(app, ["calibrate", "--db", str(hr_store), "--year", str(YEAR),
                            "--out", str(out)])
    assert r.exit_code == 0, r.stdout + r.stderr
    sc = load_scenario(str(out))
    assert sc.name == f"calibrated-{YEAR}"
    sc.apply(forecast_parameters())  # a valid scenario
    r = runner.invoke(app, ["--from-hr", "--db", str(hr_store), "--start-date",
                            f"{YEAR}-12-31", "--years", "2", "--scenario", str(out),
                            "--unit", "NN", "--format", "csv", "--no-save"])
    assert r.exit_code == 0, r.stdout + r.stderr
    # the report's CSV (Dutch): ';' and a decimal comma
    opening = next(line for line in r.stdout.splitlines() if ";opening;" in line)
    con = duckdb.connect(str(hr_store))
    nn_os = sum(p.fte for p in hr_people_on(con, dt.date(YEAR, 12, 31))
                if p.unit == "NN" and p.category is Category.OS)
    con.close()
    assert float(opening.split(";")[3].replace(",", ".")) == nn_os
