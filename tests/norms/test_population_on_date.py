"""A norm is judged with the population of its own date, not the latest file (issue 13 §4):
the wijkagent norm of the end of 2021 uses the 17,591,394 inhabitants the June 2022 letter
states for that date, and the letter's 3,603 fte wijkagenten."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from sterkte.app.annex import annex_figures
from sterkte.app.population import inhabitants_on
from sterkte.norms.status import Met
from sterkte.org import NATIONAL, REGIONAL_UNIT_CODES
from tests.conftest import Cli

END_2021 = dt.date(2021, 12, 31)


@pytest.fixture
def published_store(cli: Cli) -> Path:
    assert cli("import")[0] == 0
    return cli.db


def test_the_2021_annex_judges_the_wijkagent_norm_with_the_letters_figures(
        published_store: Path) -> None:
    fig = annex_figures(published_store)
    (nation,) = [s for s in fig.norms if s.norm == "wijkagent"]  # no HR: national only
    assert nation.scope == NATIONAL and nation.on == END_2021
    # 17,591,394 / 5,000 = 3,518.28 required; 3,603 in post: 85 above (the letter's figures)
    assert nation.target == pytest.approx(17_591_394 / 5_000)
    assert round(nation.target) == 3518 and nation.value == 3603
    assert round(nation.value - nation.target) == 85 and nation.met is Met.MET
    assert "17,591,394 on 31-12-2021" in nation.note and "3.603 fte" in nation.note


def test_per_unit_the_split_of_the_nearest_file_is_scaled_and_said_to_be_estimated(
        published_store: Path) -> None:
    con = duckdb.connect(str(published_store), read_only=True)
    try:
        people = inhabitants_on(con, END_2021)
        later = inhabitants_on(con, dt.date(2024, 6, 30))
    finally:
        con.close()
    assert people.by_unit[NATIONAL] == 17_591_394 and people.estimated
    assert abs(sum(people.by_unit[u] for u in REGIONAL_UNIT_CODES) - 17_591_394) <= 10
    assert "estimated from the distribution on 01-01-2024" in people.describe()
    # on a date after the 2024 file, that file is the latest source, whole and not estimated
    assert later.national_on == dt.date(2024, 1, 1) and not later.estimated
    assert later.by_unit[NATIONAL] == sum(later.by_unit[u] for u in REGIONAL_UNIT_CODES)


def test_an_imported_population_of_the_date_itself_is_used_whole(cli: Cli,
                                                                  tmp_path: Path) -> None:
    assert cli("import")[0] == 0
    rows = ["municipality_code;municipality;unit;inhabitants"]
    rows += [f"GM{i:04d};Gemeente {u};{u};{1_000_000 + i}" for i, u in
             enumerate(REGIONAL_UNIT_CODES)]
    path = tmp_path / "inwoners-2021.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = cli("norms", "import", "population", path, "--date", "2021-12-31")
    assert code == 0, (out, err)
    con = duckdb.connect(str(cli.db), read_only=True)
    try:
        people = inhabitants_on(con, END_2021)
    finally:
        con.close()
    # the imported file and the letter's national figure share the date: the user's own
    # file for that date wins, whole (nothing scaled, nothing estimated)
    assert people.units_on == people.national_on == END_2021 and not people.estimated
    assert people.by_unit["AM"] == 1_000_000 + REGIONAL_UNIT_CODES.index("AM")
    assert people.by_unit[NATIONAL] == sum(1_000_000 + i for i in range(10))
