"""Events become the published flows (DOMAIN.md), per month, unit and category."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from sterkte.ledger import Category, Ledger, Period, PeriodKind
from sterkte.store.db import Connection
from sterkte.store.hr import derived_ledger, ingest

from .conftest import EVENT_COLUMNS, PERSON_COLUMNS, write_csv

OS, ASP, NOS, VOL = Category.OS, Category.ASP, Category.NOS, Category.VOLUNTEER
Y = Period.of_year(2021)

EventRow = tuple[str, str, str, str | None, str | None, str | None, str | None]


def load(tmp_path: Path, con: Connection, events: Sequence[EventRow]) -> Ledger:
    """Store persons (from the hires) and ``events`` (person, date, type, unit, category,
    fte, reason) and return the derived yearly ledger."""
    persons = {}
    for person, _, kind, unit, cat, fte, _ in events:
        if kind == "hire":
            persons[person] = (person, 1980, unit, None, None, "overig", cat, fte,
                               None if fte is None else float(fte) * 36)
    rows = [(f"e{i}", p, d, k, u, None, c, f, r) for i, (p, d, k, u, c, f, r) in
            enumerate(events)]
    # a mutation in January 2021 fixes the start of the ledger window at 2021
    rows.append(("z0", "anchor", "2021-01-01", "fte_change", None, None, None, "0.5", None))
    rows.append(("z1", "anchor", "2000-01-01", "hire", "SKL", None, "NOS", "1", None))
    rows.append(("z2", "anchor", "2021-12-31", "fte_change", None, None, None, "1", None))
    write_csv(tmp_path / "p.csv", PERSON_COLUMNS,
              [*persons.values(), ("anchor", 1970, "SKL", None, None, "overig", "NOS", "1", 36)])
    write_csv(tmp_path / "e.csv", EVENT_COLUMNS, rows)
    summary = ingest(con, [str(tmp_path / "p.csv"), str(tmp_path / "e.csv")])
    assert summary.rejected == 0, summary.examples
    return derived_ledger(con, period_kind=PeriodKind.YEAR)


def test_graduation_moves_fte_from_aspirants_to_os_as_graduated_in(
        tmp_path: Path, store: Connection) -> None:
    led = load(tmp_path, store, [
        ("a", "2019-09-01", "hire", "NN", "ASP", "1.0", None),
        ("a", "2021-02-01", "graduation", None, None, None, None),
        ("b", "2019-09-01", "hire", "NN", "ASP", "0.8", None),
        ("b", "2021-06-01", "graduation", "LB", None, None, None),  # placed in another unit
    ])
    assert led.get(Y, "NN", ASP, "graduated_out") == pytest.approx(-1.8)
    assert led.get(Y, "NN", OS, "graduated_in") == pytest.approx(1.0)
    assert led.get(Y, "LB", OS, "graduated_in") == pytest.approx(0.8)
    assert led.opening(Y, "NN", ASP) == pytest.approx(1.8)
    assert led.closing(Y, "NN", ASP) == 0
    assert led.roll_up_flows().get(Y, "NN", ASP, "graduated_or_transfer_out") == \
        pytest.approx(-1.8)


def test_a_trainee_moving_unit_is_an_outgoing_and_an_incoming_transfer(
        tmp_path: Path, store: Connection) -> None:
    led = load(tmp_path, store, [
        ("a", "2020-01-01", "hire", "RT", "ASP", "1.0", None),
        ("a", "2021-04-12", "transfer_unit", "DH", None, None, None),
    ])
    assert led.get(Y, "RT", ASP, "transfer_out") == -1.0
    assert led.get(Y, "DH", ASP, "transfer_in") == 1.0


def test_a_trainee_replaced_in_the_month_of_intake_is_a_negative_incoming_transfer(
        tmp_path: Path, store: Connection) -> None:
    # PDC 2021 as published: intake 4, inkomende doorstroom -4
    led = load(tmp_path, store, [
        ("a", "2021-10-01", "hire", "PDC", "ASP", "1.0", None),
        ("a", "2021-10-15", "transfer_unit", "DH", None, None, None),
    ])
    assert led.get(Y, "PDC", ASP, "intake") == 1.0
    assert led.get(Y, "PDC", ASP, "transfer_in") == -1.0
    assert not led.has(Y, "PDC", ASP, "transfer_out")
    assert led.get(Y, "DH", ASP, "transfer_in") == 1.0


def test_moves_between_os_and_nos_and_into_training(tmp_path: Path,
                                                    store: Connection) -> None:
    led = load(tmp_path, store, [
        ("o", "2010-01-01", "hire", "AM", "OS", "1.0", None),
        ("o", "2021-03-01", "transfer_category", None, "NOS", None, None),
        ("n", "2010-01-01", "hire", "AM", "NOS", "0.5", None),
        ("n", "2021-03-01", "transfer_category", None, "OS", None, None),
        ("t", "2010-01-01", "hire", "AM", "OS", "0.9", None),
        ("t", "2021-05-01", "academy_start", None, None, None, None),
        ("m", "2010-01-01", "hire", "AM", "OS", "0.7", None),
        ("m", "2021-07-01", "transfer_unit", "NH", None, None, None),
    ])
    assert led.get(Y, "AM", OS, "transfer_os_to_nos") == -1.0
    assert led.get(Y, "AM", NOS, "transfer_os_to_nos") == 1.0
    assert led.get(Y, "AM", OS, "transfer_nos_to_os") == 0.5
    assert led.get(Y, "AM", NOS, "transfer_nos_to_os") == -0.5
    assert led.get(Y, "AM", OS, "transfer_to_training") == -0.9
    assert led.get(Y, "AM", ASP, "transfer_in") == 0.9
    assert led.get(Y, "AM", OS, "transfer_between_units") == -0.7
    assert led.get(Y, "NH", OS, "transfer_between_units") == 0.7
    rolled = led.roll_up_flows()
    assert rolled.get(Y, "AM", OS, "transfer_other") == pytest.approx(0.5 - 1.0 - 0.9 - 0.7)


def test_leavers_are_split_planned_and_unplanned_and_trainees_who_leave_drop_out(
        tmp_path: Path, store: Connection) -> None:
    led = load(tmp_path, store, [
        ("a", "1990-01-01", "hire", "LE", "OS", "1.0", None),
        ("a", "2021-06-30", "leave", None, None, None, "planned"),
        ("b", "2015-01-01", "hire", "LE", "OS", "0.6", None),
        ("b", "2021-02-14", "leave", None, None, None, "unplanned"),
        ("c", "2020-05-01", "hire", "LE", "ASP", "1.0", None),
        ("c", "2021-02-14", "leave", None, None, None, "unplanned"),
        ("d", "2020-05-01", "hire", "LE", "ASP", "1.0", None),
        ("d", "2021-03-01", "dropout", None, None, None, None),
    ])
    assert led.get(Y, "LE", OS, "outflow_planned") == -1.0
    assert led.get(Y, "LE", OS, "outflow_unplanned") == -0.6
    assert led.roll_up_flows().get(Y, "LE", OS, "outflow") == pytest.approx(-1.6)
    assert led.get(Y, "LE", ASP, "dropout") == -2.0


def test_working_time_is_the_change_in_contract_fte(tmp_path: Path,
                                                    store: Connection) -> None:
    led = load(tmp_path, store, [
        ("a", "2010-01-01", "hire", "MN", "OS", "1.0", None),
        ("a", "2021-03-01", "fte_change", None, None, "0.8889", None),
        ("a", "2021-09-01", "fte_change", None, None, "0.7778", None),
        ("b", "2021-02-01", "hire", "MN", "OS", "0.5", None),
        ("b", "2021-08-01", "fte_change", None, None, "1.0", None),
    ])
    assert led.get(Y, "MN", OS, "working_time") == pytest.approx(-0.2222 + 0.5)
    assert led.get(Y, "MN", OS, "lateral_entry") == 0.5
    assert led.closing(Y, "MN", OS) == pytest.approx(0.7778 + 1.0)


def test_volunteers_are_counted_in_persons(tmp_path: Path,
                                          store: Connection) -> None:
    led = load(tmp_path, store, [
        ("v1", "2018-01-01", "hire", "OB", "VOL", None, None),
        ("v2", "2021-01-01", "hire", "OB", "VOL", None, None),
        ("v3", "2018-01-01", "hire", "OB", "VOL", None, None),
        ("v3", "2021-05-01", "academy_start", None, None, "1.0", None),
        ("o", "1985-01-01", "hire", "OB", "OS", "0.8", None),
        ("o", "2021-06-01", "transfer_category", None, "VOL", None, "planned"),
        ("v1", "2021-11-01", "leave", None, None, None, "unplanned"),
    ])
    assert led.opening(Y, "OB", VOL) == 2
    assert led.get(Y, "OB", VOL, "intake") == 1
    assert led.get(Y, "OB", VOL, "to_professional") == -1
    assert led.get(Y, "OB", ASP, "intake") == 1.0
    assert led.get(Y, "OB", VOL, "from_professional") == 1
    assert led.get(Y, "OB", OS, "outflow_planned") == -0.8
    assert led.get(Y, "OB", VOL, "outflow_unplanned") == -1
    assert led.closing(Y, "OB", VOL) == 2


def test_months_aggregate_to_tertials_halves_and_years(
        tmp_path: Path, store: Connection) -> None:
    load(tmp_path, store, [
        ("a", "2010-01-01", "hire", "ZWB", "OS", "1.0", None),
        ("a", "2021-05-20", "leave", None, None, None, "unplanned"),
        ("b", "2021-09-01", "hire", "ZWB", "OS", "1.0", None),
    ])
    monthly = derived_ledger(store)
    assert len(monthly.periods()) == 12 and not monthly.check_identities()
    for kind, n in ((PeriodKind.TERTIAL, 3), (PeriodKind.HALF, 2), (PeriodKind.YEAR, 1)):
        led = derived_ledger(store, period_kind=kind)
        assert led == monthly.aggregate_periods(kind)
        assert len(led.periods()) == n
    t = derived_ledger(store, period_kind=PeriodKind.TERTIAL)
    assert t.get(Period(PeriodKind.TERTIAL, 2021, 2), "ZWB", OS, "outflow_unplanned") == -1.0
    assert t.get(Period(PeriodKind.TERTIAL, 2021, 3), "ZWB", OS, "lateral_entry") == 1.0


def test_the_stored_timeline_and_flows_follow_every_import(tmp_path: Path,
                                                           store: Connection) -> None:
    """hr_timeline and hr_flows, kept by the imports for the persons they touch, equal the
    histories replayed from all stored events (also when a later file adds an event
    before ones already stored)."""
    from sterkte.store.hr_derive import flows_sql
    from sterkte.store.hr_timeline import TIMELINE_COLUMNS, timeline_sql

    load(tmp_path, store, [
        ("a", "2019-09-01", "hire", "NN", "OS", "1.0", None),
        ("a", "2021-06-01", "fte_change", None, None, "0.8", None),
        ("b", "2020-01-01", "hire", "LB", "ASP", "1.0", None),
    ])
    later = write_csv(tmp_path / "e2.csv", EVENT_COLUMNS, [
        ("x1", "a", "2021-03-01", "transfer_unit", "LB", None, None, None, None),  # before
        ("x2", "b", "2021-09-01", "graduation", None, None, None, None, None),
        ("x3", "a", "2021-10-31", "leave", None, None, None, None, "planned")])
    summary = ingest(store, [str(later)])
    assert summary.rejected == 0, summary.examples
    cols = ", ".join(f'"{c}"' for c in TIMELINE_COLUMNS)
    replayed = sorted(store.execute(
        f"SELECT {cols} FROM ({timeline_sql('hr_events', con=store)}) t").fetchall(), key=repr)
    stored = sorted(store.execute(f"SELECT {cols} FROM hr_timeline").fetchall(), key=repr)
    assert stored == replayed and len(stored) == 9
    computed = store.execute(flows_sql(store, "(SELECT * FROM hr_events)")).fetchall()
    flows = store.execute("SELECT month, unit, category, flow, value FROM hr_flows "
                          "ORDER BY month, unit, category, flow").fetchall()
    assert flows == computed
    # read by hand: a moved to LB in March at 1.0 fte, so LB's OS lost 0.2 fte in June
    june = Period.month(2021, 6)
    led = derived_ledger(store)
    assert led.get(june, "LB", OS, "working_time") == pytest.approx(-0.2)
    assert led.get(june, "NN", OS, "working_time") == 0
