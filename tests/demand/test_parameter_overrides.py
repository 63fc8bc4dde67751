"""Changing a parameter changes the CM-tafel's figures, on a real store built from the
synthetic police: the two-year point of the absence rule (`absence_long_spell_days`)
moves the absence per team and with it the supply, through an override folder
($STERKTE_PARAMETERS, or `sterkte --parameters`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sterkte.app.capacity import CapacityInputs, cm_tafel, load_inputs
from sterkte.cli import app
from sterkte.parameters import ParameterSet
from tests.report.store_builder import build_store

BUNDLED = Path(__file__).resolve().parents[2] / "src" / "sterkte" / "data" / "parameters"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("overrides"))


@pytest.fixture(scope="module")
def short_limit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An override folder: a spell's days after its 30th (not its 730th) leave the absence
    figure."""
    folder = tmp_path_factory.mktemp("my-parameters")
    text = (BUNDLED / "norms" / "absence_long_spell_days.yaml").read_text(encoding="utf-8")
    assert "2004-01-01: 730" in text
    (folder / "absence_long_spell_days.yaml").write_text(
        text.replace("2004-01-01: 730", "2004-01-01: 30"), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def both(store: Path, short_limit: Path) -> tuple[CapacityInputs, CapacityInputs]:
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("STERKTE_PARAMETERS", raising=False)
        bundled = load_inputs(store)
        mp.setenv("STERKTE_PARAMETERS", str(short_limit))
        short = load_inputs(store)
    return bundled, short


def test_a_shorter_long_spell_limit_leaves_out_more_sickness(
        both: tuple[CapacityInputs, CapacityInputs]) -> None:
    bundled, short = both
    assert set(short.absence) == set(bundled.absence) and bundled.absence
    # days 31-730 of a spell counted before and not now: no team's absence can rise
    assert all(short.absence[t] <= bundled.absence[t] + 1e-12 for t in bundled.absence)
    lower = [t for t in bundled.absence if short.absence[t] < bundled.absence[t] - 1e-6]
    assert len(lower) >= len(bundled.absence) // 2, "long spells are common in the police"


def test_the_cm_tafel_supply_rises_by_the_absence_no_longer_counted(
        both: tuple[CapacityInputs, CapacityInputs]) -> None:
    bundled, short = both
    params = ParameterSet.bundled()
    on = bundled.first
    share = params["neighbourhood_share"].number(on)
    work = params["supply_aspirant_work_share"].number(on)
    team = max(bundled.absence, key=lambda t: bundled.absence[t] - short.absence[t])
    before = cm_tafel(bundled.staff, bundled.absence, [team], on, 1, params).gaps[team].weeks[0]
    after = cm_tafel(short.staff, short.absence, [team], on, 1, params).gaps[team].weeks[0]
    # by hand: absence takes its share of the hours each person gives to response duty —
    # response officers all, community officers the part outside the 80 %-norm, aspirants
    # their work share; volunteers have no absence rate
    response_hours = 0.0
    for s in bundled.staff:
        if s.team != team or s.hours is None:
            continue
        if s.category == "ASP" or s.function == "aspirant":
            response_hours += s.hours * work
        elif s.function == "wijkagent":
            response_hours += s.hours * (1 - share)
        elif s.function == "noodhulp":
            response_hours += s.hours
    drop = bundled.absence[team] - short.absence[team]
    assert drop > 0.001 and response_hours > 0
    assert after.supply - before.supply == pytest.approx(drop * response_hours, rel=1e-9)
    assert after.demand == before.demand  # demand does not depend on absence
    assert after.supply > before.supply


def supply_column(out: str) -> list[int]:
    """The 'response supply h' column of `sterkte capacity` (Dutch thousands separator)."""
    rows = re.findall(r"^\s*\d{4}-W\d\d\s+(\S+)\s+(\S+)", out, flags=re.M)
    return [int(supply.replace(".", "")) for _, supply in rows]


def test_sterkte_capacity_with_parameters_prints_the_higher_supply(
        store: Path, short_limit: Path, both: tuple[CapacityInputs, CapacityInputs]) -> None:
    bundled, short = both
    team = max(bundled.absence, key=lambda t: bundled.absence[t] - short.absence[t])
    runner = CliRunner()
    args = ["capacity", "--team", team, "--weeks", "2", "--db", str(store)]
    env = {"COLUMNS": "200", "STERKTE_PARAMETERS": ""}
    plain = runner.invoke(app, args, env=env)
    changed = runner.invoke(app, ["--parameters", str(short_limit), *args], env=env)
    assert plain.exit_code == 0 and changed.exit_code == 0, plain.output + changed.output
    before, after = supply_column(plain.stdout), supply_column(changed.stdout)
    assert len(before) == len(after) == 2
    assert all(a > b for a, b in zip(after, before, strict=True))
    params = ParameterSet.bundled()
    expected = cm_tafel(short.staff, short.absence, [team], short.first, 2, params)
    assert after == [round(w.supply) for w in expected.gaps[team].weeks]
