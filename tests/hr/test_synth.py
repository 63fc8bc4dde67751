"""The synthetic national police: deterministic, clean at the gate, and — at full size —
its derived 2021 ledger reproduces the published OS and ASP tables cell by cell."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from sterkte.app.norms import absence_series
from sterkte.ledger import Category, Ledger, Period, PeriodKind
from sterkte.org import UnitKind
from sterkte.sources.norm_parameters import bundled_norm_parameters
from sterkte.store.hr import derived_ledger, ingest, org_tree
from sterkte.synth.police import generate
from sterkte.synth.police.calibration import published_table

Y2021 = Period.of_year(2021)


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir())}


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    generate(7, tmp_path / "a", scale=0.03)
    generate(7, tmp_path / "b", scale=0.03)
    generate(8, tmp_path / "c", scale=0.03)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")
    assert sorted(_digest(tmp_path / "a")) == ["events.csv", "persons.csv", "sickness.csv",
                                               "volunteer_hours.csv"]


def test_a_small_synthetic_police_passes_the_gate_and_adds_up(tmp_path: Path) -> None:
    s = generate(3, tmp_path / "synth", scale=0.05)
    con = duckdb.connect(str(tmp_path / "s.duckdb"))
    summary = ingest(con, [str(f) for f in s.files])
    assert summary.rejected == 0, summary.examples
    ledger = derived_ledger(con)
    assert ledger.check_identities() == []
    assert [str(p) for p in ledger.periods()][::12] == ["2019-01", "2020-01", "2021-01",
                                                          "2022-01"]
    names = con.execute("SELECT DISTINCT person_id FROM hr_persons").fetchall()
    assert all(n[0].startswith("syn") for n in names)
    con.close()


@dataclass
class FullPolice:
    ledger: Ledger  # yearly, published flows
    con: duckdb.DuckDBPyConnection
    employees_end_2021: int


@pytest.fixture(scope="module")
def full_police(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FullPolice]:
    folder = tmp_path_factory.mktemp("synth-full")
    s = generate(1, folder / "out")
    con = duckdb.connect(str(folder / "store.duckdb"))
    summary = ingest(con, [str(f) for f in s.files])
    assert summary.rejected == 0, summary.examples
    ledger = derived_ledger(con, period_kind=PeriodKind.YEAR).roll_up_flows()
    yield FullPolice(ledger, con, s.employees_end_2021)
    con.close()


@pytest.mark.parametrize("category", [Category.OS, Category.ASP])
def test_every_published_2021_cell_is_reproduced_within_half_an_fte(
        full_police: FullPolice, category: Category) -> None:
    table = published_table(category)
    led = full_police.ledger
    misses = []
    for unit, row in table.rows.items():
        derived = {"opening": led.opening(Y2021, unit, category),
                   "closing": led.closing(Y2021, unit, category),
                   **{f: led.get(Y2021, unit, category, f) for f in table.flows}}
        misses += [(unit, col, derived[col], printed) for col, printed in row.items()
                   if col != "net" and abs(derived[col] - printed) >= 0.5]
    assert misses == []
    assert len(table.rows) == 15
    assert {u for (p, u, c) in led.cells() if c is category and p == Y2021} == set(table.rows)


@pytest.mark.parametrize("category", [Category.OS, Category.ASP])
def test_saldo_column_and_total_row_also_round_to_print(
        full_police: FullPolice, category: Category) -> None:
    # not promised by the issue, but the calibration aims at them too (< 0.5 fte)
    table = published_table(category)
    led = full_police.ledger
    for unit, row in table.rows.items():
        assert abs(led.net(Y2021, unit, category) - row["net"]) < 0.5, unit
    units = list(table.rows)
    for col, printed in table.total.items():
        if col == "net":
            value = sum(led.net(Y2021, u, category) for u in units)
        else:
            value = sum(led.get(Y2021, u, category, col) for u in units)
        assert abs(value - printed) < 0.5, col


def test_the_synthetic_police_looks_like_the_national_police(full_police: FullPolice) -> None:
    con = full_police.con
    assert 62_000 <= full_police.employees_end_2021 <= 68_000
    teams, districts = con.execute(
        "SELECT COUNT(DISTINCT team), COUNT(DISTINCT district) FROM hr_persons").fetchone() \
        or (0, 0)
    assert (teams, districts) == (168, 43)
    tree = org_tree(con)
    assert len(tree.of_kind(UnitKind.TEAM)) == 168
    assert len(tree.of_kind(UnitKind.DISTRICT)) == 43
    assert all(tree[t.parent or ""].kind is UnitKind.DISTRICT for t in tree.of_kind(UnitKind.TEAM))
    _, series = absence_series(con, dt.date(2021, 12, 31), "unit", bundled_norm_parameters())
    rate = series.moving_average()[series.groups.index("NP"), -1]  # CBS method, the norms'
    assert 5.0 <= rate <= 7.0


def test_community_officers_total_3603_fte_at_the_end_of_2021(full_police: FullPolice) -> None:
    # function as in the persons file, fte as on 31-12-2021 from the events
    from sterkte.store.hr_timeline import timeline_sql

    row = full_police.con.execute(f"""
        WITH t AS ({timeline_sql('hr_events')}),
        last AS (SELECT person_id, MAX(seq) AS seq FROM t WHERE date <= DATE '2021-12-31'
                 GROUP BY person_id)
        SELECT SUM(fte_a) FROM t JOIN last USING (person_id, seq)
        JOIN hr_persons p USING (person_id)
        WHERE act_a = 1 AND cat_a = 'OS' AND p.function = 'wijkagent'""").fetchone()
    assert row is not None and abs(row[0] - 3603) < 0.5


@pytest.mark.parametrize("category", [Category.OS, Category.ASP])
def test_rounded_like_the_letter_the_hr_ledger_prints_the_published_table(
        full_police: FullPolice, category: Category) -> None:
    from sterkte.ledger.display import round_half_away

    table = published_table(category)
    led = full_police.ledger
    units = list(table.rows)

    def derived(unit: str | None, col: str) -> float:
        if unit is None:
            return sum(derived(u, col) for u in units)
        if col == "net":
            return led.net(Y2021, unit, category)
        return led.get(Y2021, unit, category, col)

    printed = {(u, c): v for u, row in table.rows.items() for c, v in row.items()}
    printed |= {(None, c): v for c, v in table.total.items()}
    differ = {k: (float(round_half_away(derived(*k))), v) for k, v in printed.items()
              if float(round_half_away(derived(*k))) != v}
    assert differ == {}


def test_nobody_is_employed_past_the_state_pension_age(full_police: FullPolice) -> None:
    """As the forecast counts it: employment ends in the month the state pension age of
    the birth year (the bundled ``retirement_age`` parameter) is reached."""
    from sterkte.parameters import ParameterSet
    from sterkte.store.forecasts import hr_people_on

    aow = ParameterSet.bundled(["retirement_age"])["retirement_age"]
    last = full_police.con.execute("SELECT MAX(date) FROM hr_events").fetchone()
    assert last is not None and last[0] > dt.date(2022, 6, 30)  # 2022 is generated too
    for day in (dt.date(2021, 12, 31), last[0]):
        people = hr_people_on(full_police.con, day)
        assert len(people) > 60_000
        month = day.year * 12 + day.month - 1
        past = [p for p in people if p.category in (Category.OS, Category.NOS)
                and p.birth_year * 12 + round(12 * aow.number(dt.date(p.birth_year, 1, 1)))
                <= month]
        assert past == [], (day, len(past))


def test_volunteers_on_31_12_2021_are_the_published_2619_with_the_published_flows(
        full_police: FullPolice) -> None:
    # Eerste halfjaarbericht politie 2022 (DOMAIN.md): 2,619 volunteers on 31-12-2021;
    # in 2021 512 in, 342 out, 136 professionals became volunteers, 44 the other way.
    led = full_police.ledger
    units = led.units()
    vol = Category.VOLUNTEER
    assert sum(led.closing(Y2021, u, vol) for u in units) == 2619
    flows = {f: sum(led.get(Y2021, u, vol, f) for u in units)
             for f in ("intake", "outflow", "from_professional", "to_professional")}
    assert flows == {"intake": 512, "outflow": -342, "from_professional": 136,
                     "to_professional": -44}
    assert sum(led.opening(Y2021, u, vol) for u in units) == 2619 - 512 + 342 - 136 + 44


def test_volunteers_by_appointment_type_follow_the_published_split(
        full_police: FullPolice) -> None:
    # Published by type: 1,244 executive generic, 103 ESI, 1,325 ATH, which sum to 2,672,
    # not 2,619 (the letter's own inconsistency). The 2,619 split in those proportions:
    # 1,219.33 / 100.96 / 1,298.71 persons (hand computed).
    rows = full_police.con.execute("""
        WITH t AS (SELECT person_id, MAX(date) AS d FROM hr_events
                   WHERE date <= DATE '2021-12-31' GROUP BY person_id)
        SELECT p.appointment_type, COUNT(*) FROM hr_persons p JOIN t USING (person_id)
        JOIN hr_events e ON e.person_id = p.person_id AND e.date = t.d
        WHERE p.category = 'VOL' AND e.type <> 'leave'
        GROUP BY p.appointment_type""").fetchall()
    got = dict(rows)
    expected = {"executief": 1219.33, "esi": 100.96, "ath": 1298.71}
    assert set(got) == set(expected)
    for kind, x in expected.items():
        assert abs(got[kind] - x) <= 1, (kind, got[kind], x)
    assert sum(got.values()) == 2619
    # everyone else has a gender from the closed list; only volunteers have a type
    genders = dict(full_police.con.execute(
        "SELECT gender, COUNT(*) FROM hr_persons GROUP BY gender").fetchall())
    assert set(genders) == {"man", "vrouw", "x"}
    assert full_police.con.execute(
        "SELECT COUNT(*) FROM hr_persons WHERE appointment_type IS NOT NULL "
        "AND category <> 'VOL'").fetchone() == (0,)


def test_the_diversity_monitor_of_the_synthetic_police_hides_small_cells_for_good(
        full_police: FullPolice) -> None:
    """Per unit and nationally, every population and year: nothing about 1 to k−1 people
    shown, and no hidden figure recoverable from everything shown beside it (totals of
    the gender and age tables, shares), by the intruder's own linear programmes."""
    from sterkte.app.diversity import gather_diversity
    from sterkte.parameters import ParameterSet
    from tests.norms.attack import attack_published

    m = gather_diversity(full_police.con, ParameterSet.bundled(engine="norms"), 2021)
    assert m.k == 10 and m.years == [2019, 2020, 2021, 2022]
    systems: dict[tuple[str, int], list[object]] = {}
    for (pop, year, _), t in m.tables.items():
        systems.setdefault((pop, year), []).append(t)
    assert ("leadership", 2022) in systems and ("leadership", 2021) not in systems
    hidden = 0
    for key, tables in sorted(systems.items()):
        small, recovered = attack_published(tables, m.k)
        assert small == [] and recovered == [], key
        hidden += sum(int(t.protected.cell_hidden.sum()) for t in tables)  # type: ignore[attr-defined]
    assert hidden > 0  # the rule had work to do
    # the national intake of 2021 is the published intake of persons the HR records hold
    intake = m.table("intake", "gender", 2021)
    assert intake is not None and intake.total("NP") == full_police.con.execute("""
        SELECT COUNT(*) FROM hr_events WHERE date BETWEEN DATE '2021-01-01' AND
        DATE '2021-12-31' AND ((type = 'hire' AND category = 'ASP')
        OR type = 'academy_start')""").fetchone()[0]  # type: ignore[index]
