"""The team commands on a real (small) store: HR records of a synthetic police,
imported with sterkte's own functions; demand from synthetic incidents."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from sterkte.cli.capacity import capacity_command
from sterkte.cli.roster import app as roster_app
from sterkte.ledger import format_number
from sterkte.store.db import connect
from sterkte.store.demand import staff_on
from sterkte.store.hr import ingest
from sterkte.synth.police import generate


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("store")
    files = generate(1, folder / "synth", scale=0.03).files
    db = folder / "sterkte.duckdb"
    con = connect(db)
    try:
        assert ingest(con, list(files)).rejected == 0
    finally:
        con.close()
    return db


def teams_in(db: Path) -> list[str]:
    con = connect(db, read_only=True)
    try:
        row = con.execute("SELECT MAX(date) FROM hr_events").fetchone()
        assert row is not None
        staff = staff_on(con, row[0])
    finally:
        con.close()
    return sorted({s.team for s in staff if s.district == staff[0].district})


def cli() -> typer.Typer:
    app = typer.Typer()
    app.command("capacity")(capacity_command)
    app.add_typer(roster_app, name="roster")
    return app


def run(db: Path, *args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli(), list(args), env={"STERKTE_DB": str(db), "COLUMNS": "200"})
    return r.exit_code, r.stdout, r.stderr


def test_capacity_prints_weekly_gaps_and_erlang(store: Path) -> None:
    team = teams_in(store)[0]
    code, out, err = run(store, "capacity", "--team", team, "--weeks", "2", "--lang", "en")
    assert code == 0, err
    assert team in out and "response demand h" in out and "Erlang C" in out
    assert out.count("-W") >= 2  # two ISO weeks
    # Dutch by default, and the demand is synthetic incidents of a synthetic police
    code, out, err = run(store, "capacity", "--team", team, "--weeks", "2")
    assert code == 0, err
    assert "vraag noodhulp u" in out and "agenten in dienst voor prio-1-meldingen" in out
    assert out.count("Synthetische gegevens: HR-gegevens van de synthetische politie van "
                     "sterkte; vraag uit synthetische meldingen") == 1  # above the one table


def test_capacity_names_an_unknown_team(store: Path) -> None:
    code, _, err = run(store, "capacity", "--team", "nope")
    assert code == 2 and "onbekend team nope" in err
    code, _, err = run(store, "capacity", "--team", "nope", "--lang", "en")
    assert code == 2 and "unknown team nope" in err


@pytest.mark.parametrize(("content", "said"), [
    ("time,team,priority,type,units,minutes_on_scene\n2022-12-01T03:15,T1,1,café,1,45\n"
     .encode("latin-1"), "rij 2: geen UTF-8-tekst (byte 0xe9 is onleesbaar)"),
    (("time,team,priority,type,units,minutes_on_scene\n2022-12-01T03:15,T1,1,burglary,1,"
      + "4" * 1_000_000 + "\n").encode(), "rij 2: een cel is langer dan 131.072 tekens"),
])
def test_an_incident_file_that_cannot_be_read_names_file_and_line(
        store: Path, tmp_path: Path, content: bytes, said: str) -> None:
    # both were tracebacks (UnicodeDecodeError, csv.Error)
    path = tmp_path / "incidents.csv"
    path.write_bytes(content)
    code, _, err = run(store, "capacity", "--team", teams_in(store)[0], "--incidents",
                       str(path))
    assert code == 2 and f"{path}, {said}" in err


def test_an_incident_file_in_utf16_is_read(store: Path, tmp_path: Path) -> None:
    team = teams_in(store)[0]
    path = tmp_path / "incidents.csv"
    path.write_text("time,team,priority,type,units,minutes_on_scene\n"
                    f"2022-12-01T03:15,{team},1,burglary,1,45\n", encoding="utf-16")
    code, out, err = run(store, "capacity", "--team", team, "--incidents", str(path),
                         "--weeks", "1", "--lang", "en")
    assert code == 0 and "incidents.csv" in out, err


def test_one_team_roster_is_checked_and_written(store: Path, tmp_path: Path) -> None:
    team = teams_in(store)[0]
    out = tmp_path / "roster.csv"
    code, text, err = run(store, "roster", "team", "--team", team, "--out", str(out),
                          "--work", "2", "--lang", "en")
    assert code == 0, err
    assert "Hard rules (re-checked on the roster itself)" in text and "✗" not in text
    assert "Least rest between shifts: holds in all" in text  # rules by their names
    assert "Synthetic data: HR records of sterkte's synthetic police" in err
    # a small deterministic budget: the roster may be empty, its files are not
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert set(header) >= {"employee", "date", "shift", "start", "end", "synthetic"}
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["synthetic"] for r in rows} <= {"true"}  # a roster on the synthetic police
    cover = list(csv.DictReader((tmp_path / "roster-cover.csv").open(encoding="utf-8")))
    assert cover and set(cover[0]) == {"slot", "required", "achieved", "short", "synthetic"}
    assert {r["synthetic"] for r in cover} == {"true"}
    code, text, err = run(store, "roster", "team", "--team", team, "--out", str(out),
                          "--work", "2")
    assert code == 0, err
    assert "Harde regels (opnieuw gecontroleerd op het rooster zelf)" in text
    assert "Minimale rust tussen diensten: gehouden in alle" in text
    assert "Synthetische gegevens:" in err
    # the cover cost against the least any roster of the team could reach
    found = re.search(r"Dekkingskosten ([\d.]+), ondergrens ([\d.]+) \(geen rooster van dit "
                      r"team kan lager\)", text)
    assert found, text
    cost, bound = (int(g.replace(".", "")) for g in found.groups())
    assert 0 < bound <= cost


def test_several_teams_in_parallel(store: Path, tmp_path: Path) -> None:
    teams = teams_in(store)[:2]
    args = ["roster", "teams", "--out", str(tmp_path), "--seconds", "3", "--jobs", "2"]
    for t in teams:
        args += ["--team", t]
    code, text, err = run(store, *args)
    assert code == 0, err
    summary = list(csv.DictReader((tmp_path / "summary.csv").open(encoding="utf-8")))
    assert [r["team"] for r in summary] == teams
    assert all(r["valid"] == "True" for r in summary)
    assert all(0 < int(r["cover_cost_lower_bound"]) <= int(r["cover_cost"]) for r in summary)
    at = sum(int(r["cover_cost"]) == int(r["cover_cost_lower_bound"]) for r in summary)
    cost = sum(int(r["cover_cost"]) for r in summary)
    bound = sum(int(r["cover_cost_lower_bound"]) for r in summary)
    line = f"ondergrens {format_number(bound, 'nl')}; {at} van 2 teams op hun ondergrens"
    assert f"Dekkingskosten {format_number(cost, 'nl')}, {line}" in " ".join(text.split())
    assert "2 geldig bevonden" in text  # Dutch by default


def test_teams_on_a_dask_cluster_give_valid_rosters() -> None:
    import datetime as dt

    from dask.distributed import LocalCluster

    from sterkte.roster.police import Officer, flat_cover, police_problem
    from sterkte.roster.teams import solve_teams

    problems = [police_problem([Officer(f"{t}{i}", 36.0) for i in range(6)],
                               flat_cover(7, 1, 1, 1), dt.date(2026, 1, 5), name=t)
                for t in ("A", "B")]
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                      dashboard_address=None) as cluster:
        results = solve_teams(problems, 3.0, scheduler=cluster.scheduler_address)
    assert [r.team for r in results] == ["A", "B"]
    assert all(r.valid for r in results)


def test_a_dask_cluster_gives_the_same_rosters_as_in_process() -> None:
    """Each team has a deterministic budget (CP-SAT work units, one thread), so the same
    problems give the same rosters in this process and in a Dask worker process (whose
    string hashing differs)."""
    import datetime as dt

    from dask.distributed import LocalCluster

    from sterkte.roster.police import Officer, flat_cover, police_problem
    from sterkte.roster.teams import solve_teams

    problems = [police_problem([Officer(f"{t}{i}", 36.0 - 4 * (i % 2)) for i in range(7)],
                               flat_cover(14, 1, 2, 2), dt.date(2026, 1, 5), name=t)
                for t in ("A", "B")]
    here = solve_teams(problems, 2.0, jobs=2)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        there = solve_teams(problems, 2.0, scheduler=cluster.scheduler_address)
    assert all(r.valid for r in here)
    assert [r.assignment for r in here] == [r.assignment for r in there]
    assert [r.cost for r in here] == [r.cost for r in there]


def test_a_teams_problem_is_the_same_whichever_teams_are_asked_for_with_it(
        store: Path) -> None:
    # the synthetic demand drew each team's busy-ness among the teams asked for: a team's
    # cover depended on its company (syn-AM-D1-T02 12,331 person-hours alone, 13,742
    # beside T01), so `roster team` and `roster teams` gave the same team other rosters
    from sterkte.app.roster import team_problems

    con = connect(store, read_only=True)
    try:
        row = con.execute("SELECT MAX(date) FROM hr_events").fetchone()
        assert row is not None
        every = sorted({s.team for s in staff_on(con, row[0]) if s.team})
    finally:
        con.close()
    first, second, last = every[0], every[1], every[-1]

    def need(teams: list[str], team: str) -> list[int]:
        (p,) = [p for p in team_problems(str(store), teams, None, 1).problems if p.name == team]
        return [c.required for c in p.cover]

    assert need([second], second) == need([first, second], second)
    assert need([last], last) == need([first, last], last) == need([second, last], last)
    assert sum(need([last], last)) > 0
