"""The diversity monitor: groups per unit against the targets, the small-cell rule over
every table of a population and year together, cultural background only as imported
aggregate counts (a small synthetic police with its synthetic aggregates)."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sterkte.app.diversity import diversity_monitor, import_background
from sterkte.app.synth_aggregates import synthetic_aggregates
from sterkte.cli import app
from sterkte.errors import InputError
from sterkte.norms.diversity import NATIONAL, age_band, protect_population
from sterkte.norms.status import Met
from sterkte.store.db import connect
from tests.norms.attack import attack_published
from tests.report.store_builder import build_store

K = 10


def test_age_bands_by_their_lowest_age() -> None:
    bands = {"<25": 0, "25-34": 25, "35-44": 35, "45-54": 45, "55+": 55}
    assert [age_band(a, bands) for a in (18, 24, 25, 34, 35, 54, 55, 66)] == [
        "<25", "<25", "25-34", "25-34", "35-44", "45-54", "55+", "55+"]


@pytest.mark.parametrize("focus", [None, {}])
def test_a_share_beside_a_hidden_count_is_hidden_and_so_is_everything_from_it(
        focus: dict[str, set[str]] | None) -> None:
    # Units A, B, C by gender; A has 3 persons 'x' (1 to 9: hidden), so complements
    # follow. Targets for women in A and B.
    counts = {"A": {"man": 60, "vrouw": 40, "x": 3}, "B": {"man": 70, "vrouw": 50, "x": 0},
              "C": {"man": 45, "vrouw": 52, "x": 0}}
    groups = ("man", "vrouw", "x")
    targets = {"gender": {"vrouw": {"A": 40.0, "B": 45.0}}}
    t = protect_population("intake", 2021, ["A", "B", "C"], {"gender": (groups, counts)},
                           K, targets, focus)["gender"]
    assert math.isnan(t.count("A", "x"))
    for scope in ("A", "B", "C", NATIONAL):
        for g in groups:
            n, total, share = t.count(scope, g), t.total(scope), t.share(scope, g)
            assert share is not None
            if math.isnan(n) or math.isnan(total):
                assert math.isnan(share)
                if t.target(scope, g) is not None:
                    assert math.isnan(t.gap(scope, g)) and t.met(scope, g) is None  # type: ignore[arg-type]
            else:
                assert share == pytest.approx(100 * n / total)
                if t.target(scope, g) is not None:
                    assert t.gap(scope, g) == pytest.approx(share - t.target(scope, g))  # type: ignore[operator]
                    assert t.met(scope, g) is (Met.MET if share >= t.target(scope, g)  # type: ignore[operator]
                                               else Met.NOT_MET)
    assert t.target("C", "vrouw") is None  # C has no target: nothing to judge
    assert t.met("C", "vrouw") in (None, Met.UNKNOWN)  # (None where the share is hidden)
    assert attack_published([t], K) == ([], [])


@dataclass
class Store:
    db: Path
    background: Path
    definition: str


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("diversity")
    db = build_store(folder)
    written = synthetic_aggregates(db, folder / "aggregates", seed=1)
    import_background(db, written.background, None, written.definition)
    yield Store(db, written.background, written.definition)


def test_background_counts_come_in_per_unit_with_their_source_and_definition(
        store: Store) -> None:
    m = diversity_monitor(store.db, 2021)
    assert m.background is not None
    assert m.background.source == "synthetisch (sterkte synth-aggregates, seed 1)"
    assert m.background.definition == store.definition
    t = m.table("staff", "background")
    assert t is not None and t.groups == ("syn_a", "syn_b", "syn_c")
    # the file's counts, read without sterkte, are what the table holds where shown
    with store.background.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["year"] == "2021"
                and r["population"] == "staff"]
    for r in rows:
        shown = t.count(r["unit"], r["group"])
        assert math.isnan(shown) or shown == int(r["persons"])
    # the synthetic counts are drawn from the HR totals: the tables are linked
    gender = m.table("staff", "gender")
    assert gender is not None
    assert list(t.protected.row_totals) == list(gender.protected.row_totals)
    assert (t.protected.row_hidden == gender.protected.row_hidden).all()


def test_every_table_of_the_small_police_resists_the_attack(store: Store) -> None:
    m = diversity_monitor(store.db)
    systems: dict[tuple[str, int], list[object]] = {}
    for (pop, year, _), t in m.tables.items():
        systems.setdefault((pop, year), []).append(t)
    assert {len(v) for v in systems.values()} == {3}  # gender, age, background
    for key, tables in sorted(systems.items()):
        small, recovered = attack_published(tables, m.k)
        assert small == [] and recovered == [], key


def test_the_command_prints_targets_shares_and_hidden_cells(store: Store) -> None:
    got = CliRunner().invoke(app, ["diversity", "--db", str(store.db), "--year", "2021",
                                   "--population", "intake", "--dimension", "gender",
                                   "--format", "csv", "--no-trend"])
    assert got.exit_code == 0, got.stderr
    rows = list(csv.reader(io.StringIO(got.stdout), delimiter=";"))
    header = rows[0]
    assert header[:6] == ["Eenheid", "man", "vrouw", "x", "onbekend", "Totaal"]
    assert "Doel vrouw" in header and "Aandeel vrouw" in header
    m = diversity_monitor(store.db, 2021)
    t = m.table("intake", "gender")
    assert t is not None
    by_unit = {r[0]: r for r in rows[1:] if r and r[0]}
    am = by_unit["Amsterdam"]
    target = header.index("Doel vrouw")
    assert am[target] == "45"  # the bundled example target for Amsterdam
    for r in rows[1:]:
        for cell in r[1:6]:
            if cell not in ("", "×"):
                assert float(cell.replace(",", ".")) == 0 or float(cell.replace(",", ".")) >= K
    national = by_unit["Totaal"]
    assert national[header.index("Totaal")] == f"{t.total(NATIONAL):g}"


def test_an_import_without_a_definition_is_refused(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="definition"):
        import_background(tmp_path / "x.duckdb", store.background, "a source", "")
    bad = tmp_path / "bad.csv"
    bad.write_text("year,population,unit,group,persons\n2021,staff,NN,a,1.5\n"
                   "2021,everyone,NN,a,3\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        import_background(tmp_path / "x.duckdb", bad, "a source", "a definition")
    assert {(p.row, p.field) for p in err.value.problems} == {(2, "persons"),
                                                              (3, "population")}


def test_without_hr_records_the_monitor_says_what_to_do(tmp_path: Path) -> None:
    con = connect(tmp_path / "empty.duckdb")
    con.close()
    got = CliRunner().invoke(app, ["diversity", "--db", str(tmp_path / "empty.duckdb")])
    assert got.exit_code == 2 and "sterkte hr import" in got.stderr
