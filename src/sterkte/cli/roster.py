"""`sterkte roster …`: duty rosters with CP-SAT, and the public benchmark that proves it."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from sterkte.app.capacity import load_inputs, parse_monday, roster_problems, sickness_summary
from sterkte.cli.common import DbOption, console, err_console, user_errors
from sterkte.errors import InputError
from sterkte.roster.check import CheckReport, check_roster
from sterkte.roster.explain import explain_infeasible
from sterkte.roster.model import MINUTES_PER_DAY, Assignment, RosterProblem
from sterkte.roster.nrp import check_nrp, rows_of, to_problem
from sterkte.roster.search import SearchSettings, solve_roster
from sterkte.roster.squads import solve_in_squads
from sterkte.sources.nrp import read_nrp
from sterkte.store.db import resolve_db_path
from sterkte.synth.team import example_team

app = typer.Typer(no_args_is_help=True, help="Duty rosters (CP-SAT) and the NRP benchmark.")

SecondsOpt = Annotated[float, typer.Option("--seconds", min=0.1,
                                           help="Time budget of the search, seconds.")]
WorkersOpt = Annotated[int, typer.Option("--workers", min=1, max=64,
                                         help="CP-SAT worker threads (≤ cores).")]
SeedOpt = Annotated[int, typer.Option("--seed", help="Random seed of the search.")]


@app.command("nrp")
@user_errors
def nrp_command(
    instance_file: Annotated[Path, typer.Argument(help="A Curtois–Qu instance (.txt).")],
    out: Annotated[Path, typer.Option("--out", help="Solution CSV: employee,day,shift.")],
    seconds: SecondsOpt = 60.0,
    workers: WorkersOpt = 2,
    seed: SeedOpt = 0,
) -> None:
    """Solve one NRP benchmark instance and print the checked objective.

    The instance is mapped into the roster model; the solution is written as
    employee,day,shift and its objective recomputed by the independent checker."""
    inst = read_nrp(instance_file)
    sol = solve_roster(to_problem(inst), seconds, SearchSettings(workers=workers, seed=seed))
    if sol.objective is None:
        err_console.print(f"no roster found within {seconds:g} s ({sol.status})")
        raise typer.Exit(1)
    rows = rows_of(sol.assignment)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["employee", "day", "shift"])
        w.writerows(rows)
    check = check_nrp(inst, rows)
    if not check.valid:
        for v in check.violations:
            err_console.print(f"hard constraint broken: {v}")
        raise typer.Exit(1)
    proved = " (proved optimal)" if sol.optimal else ""
    console.print(f"{inst.name}: objective {check.objective}{proved} — requests "
                  f"{check.requests}, cover {check.cover}; checked; written to {out}")


@app.command("nrp-check")
@user_errors
def nrp_check_command(
    instance_file: Annotated[Path, typer.Argument(help="A Curtois–Qu instance (.txt).")],
    solution: Annotated[Path, typer.Argument(help="Solution CSV: employee,day,shift.")],
) -> None:
    """Check a solution of a benchmark instance and print its objective."""
    inst = read_nrp(instance_file)
    rows = read_solution(solution)
    check = check_nrp(inst, rows)
    for v in check.violations:
        err_console.print(f"hard constraint broken: {v}")
    console.print(f"{inst.name}: objective {check.objective} — requests {check.requests}, "
                  f"cover {check.cover}; {'valid' if check.valid else 'INVALID'}")
    if not check.valid:
        raise typer.Exit(1)


def read_solution(path: Path) -> list[tuple[str, int, str]]:
    """A solution CSV (header ``employee,day,shift``) as rows; bad rows are InputErrors."""
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            header = next(reader, None)
            if header is None or [h.strip() for h in header] != ["employee", "day", "shift"]:
                raise InputError.at(str(path), "expected the header employee,day,shift", row=1)
            rows = []
            for no, rec in enumerate(reader, start=2):
                if len(rec) != 3:
                    raise InputError.at(str(path), f"expected 3 fields, found {len(rec)}",
                                        row=no)
                try:
                    day = int(rec[1])
                except ValueError:
                    raise InputError.at(str(path), f"expected a whole number, found {rec[1]!r}",
                                        row=no, field="day") from None
                rows.append((rec[0].strip(), day, rec[2].strip()))
            return rows
    except OSError as exc:
        raise InputError.at(str(path), f"cannot read: {exc.strerror}") from None


def _store_problems(db: str | None, teams: list[str] | None, start: str | None, days: int,
                    seed: int) -> tuple[list[RosterProblem], dt.date, str]:
    """Roster problems of ``teams`` (all when None) from the store's HR records (with
    their reported sickness) and synthetic demand; and the line that says how much
    sickness kept people off the roster."""
    inputs = load_inputs(resolve_db_path(db), parse_monday(start) if start else None,
                         sick_days=days, with_absence=False)
    chosen = teams or inputs.teams
    problems = roster_problems(inputs, chosen, days, seed)
    return problems, inputs.first, sickness_summary(inputs, chosen, days).line(inputs.latest)


TeamOpt = Annotated[list[str] | None, typer.Option(
    "--team", help="Basisteam code (repeatable); from the store's HR records.")]
StartOpt = Annotated[str | None, typer.Option(
    "--start", help="First day, a Monday (default: the Monday after the latest HR record).")]


@app.command("team")
@user_errors
def team_command(
    out: Annotated[Path, typer.Option("--out", help="Roster file: .csv or .xlsx.")],
    team: TeamOpt = None,
    start: StartOpt = None,
    seconds: SecondsOpt = 30.0,
    workers: WorkersOpt = 2,
    seed: SeedOpt = 1,
    db: DbOption = None,
) -> None:
    """Roster one team for 28 days under the working-time rules, checked.

    From the store's HR records and synthetic demand (without --team: a small
    example team); every hard rule is re-checked on the result."""
    if team:
        if len(team) != 1:
            raise InputError.at("--team", "give one team (use `sterkte roster teams` for more)")
        problems, first, sick_line = _store_problems(db, team, start, 28, seed)
        problem = problems[0]
    else:
        first = parse_monday(start) if start else dt.date(2026, 1, 5)
        problem = example_team(first)
        sick_line = ""
    console.print(f"{problem.name}: {len(problem.employees)} people, 28 days from {first}; "
                  f"solving for {seconds:g} s …", highlight=False)
    if sick_line:
        console.print(sick_line, highlight=False)
    sol = solve_in_squads(problem, seconds, settings=SearchSettings(workers=workers, seed=seed))
    if sol.objective is None:
        rules = explain_infeasible(problem, seconds=seconds)
        err_console.print("no roster meets all hard rules; these rules conflict: "
                          + "; ".join(f"{k} ({problem.rules[k].reference})"
                                      if k in problem.rules else k for k in rules))
        raise typer.Exit(1)
    report = check_roster(problem, sol.assignment)
    write_roster(problem, sol.assignment, report, out, first)
    for line in report.lines({k: v.reference for k, v in problem.rules.items()}):
        console.print(line, highlight=False)
    console.print(f"roster written to {out}")
    if not report.valid:
        raise typer.Exit(1)


@app.command("teams")
@user_errors
def teams_command(
    out: Annotated[Path, typer.Option("--out", help="Directory for one CSV per team and "
                                                    "summary.csv.")],
    team: TeamOpt = None,
    start: StartOpt = None,
    seconds: Annotated[float, typer.Option("--seconds", min=0.5,
                                           help="Time budget per team, seconds.")] = 30.0,
    jobs: Annotated[int, typer.Option("--jobs", min=1, max=64,
                                      help="Teams solved at once in-process.")] = 2,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="Dask scheduler address (tcp://host:port); default in-process."
    )] = None,
    seed: SeedOpt = 1,
    db: DbOption = None,
) -> None:
    """Roster every team (or the --team ones) for 28 days, in parallel, each checked."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from sterkte.roster.teams import TeamResult, solve_teams

    problems, first, sick_line = _store_problems(db, team, start, 28, seed)
    console.print(sick_line, highlight=False)
    out.mkdir(parents=True, exist_ok=True)
    with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console) as bar:
        task = bar.add_task("rostering teams", total=len(problems))

        def done(r: TeamResult) -> None:
            bar.advance(task)

        results = solve_teams(problems, seconds, jobs=jobs, scheduler=scheduler,
                              progress=done)
    with (out / "summary.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["team", "persons", "valid", "cover_needed_person_hours",
                    "cover_short_person_hours", "soft_cost", "status"])
        for r, p in zip(results, problems, strict=True):
            w.writerow([r.team, r.persons, r.valid, r.cover_needed, r.cover_short, r.cost,
                        r.status])
            if r.assignment:
                write_roster(p, r.assignment, check_roster(p, r.assignment),
                             out / f"{r.team}.csv", first)
    bad = [r.team for r in results if not r.valid]
    short = sum(r.cover_short for r in results)
    need = sum(r.cover_needed for r in results)
    console.print(f"{len(results)} teams rostered from {first}; {len(results) - len(bad)} "
                  f"checked valid; cover short {short:,} of {need:,} person-hours; "
                  f"written to {out}", highlight=False)
    if bad:
        err_console.print(f"no valid roster for: {', '.join(bad)}")
        raise typer.Exit(1)


def _clock(minutes: int) -> str:
    m = minutes % MINUTES_PER_DAY
    return f"{m // 60:02d}:{m % 60:02d}"


def write_roster(problem: RosterProblem, roster: Assignment, report: CheckReport, out: Path,
                 first: dt.date) -> None:
    """The roster as CSV (one row per shift, and ``<name>-cover.csv`` with the cover
    achieved per slot) or XLSX (sheets: a grid, the shifts, the cover)."""
    rows = []
    for (e, d), sid in sorted(roster.items()):
        s = problem.shift(sid)
        start = s.start or 0
        rows.append([e, (first + dt.timedelta(days=d)).isoformat(), d, sid, _clock(start),
                     _clock(start + s.length), s.length / 60, s.task or "response"])
    header = ["employee", "date", "day", "shift", "start", "end", "hours", "task"]
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        grid = wb.active
        assert grid is not None
        grid.title = "roster"
        grid.append(["employee"] + [(first + dt.timedelta(days=d)).strftime("%a %d-%m")
                                    for d in range(problem.days)])
        for emp in problem.employees:
            grid.append([emp.id] + [roster.get((emp.id, d), "") for d in range(problem.days)])
        shifts = wb.create_sheet("shifts")
        shifts.append(header)
        for r in rows:
            shifts.append(r)
        cover = wb.create_sheet("cover")
        cover.append(["slot", "required", "achieved", "short"])
        for c in report.cover:
            cover.append([c.label, c.required, c.achieved, c.short])
        wb.save(out)
    elif out.suffix.lower() == ".csv":
        with out.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(rows)
        # cover achieved per slot beside it
        with out.with_name(f"{out.stem}-cover.csv").open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["slot", "required", "achieved", "short"])
            w.writerows([c.label, c.required, c.achieved, c.short] for c in report.cover)
    else:
        raise InputError.at(str(out), "expected a .csv or .xlsx file name", field="--out")
