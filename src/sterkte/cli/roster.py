"""`sterkte roster …`: duty rosters with CP-SAT, and the public benchmark that proves it."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from sterkte.cli.common import console, err_console, user_errors
from sterkte.errors import InputError
from sterkte.roster.check import CheckReport, check_roster
from sterkte.roster.explain import explain_infeasible
from sterkte.roster.model import MINUTES_PER_DAY, Assignment, RosterProblem
from sterkte.roster.nrp import check_nrp, rows_of, to_problem
from sterkte.roster.police import example_team
from sterkte.roster.search import SearchSettings, solve_roster
from sterkte.sources.nrp import read_nrp

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
    """Solve one benchmark instance in the roster model, write the solution, and print
    the objective as recomputed by the independent checker."""
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


@app.command("team")
@user_errors
def team_command(
    out: Annotated[Path, typer.Option("--out", help="Roster file: .csv or .xlsx.")],
    start: Annotated[str, typer.Option("--start", help="First day (a Monday), YYYY-MM-DD.")
                     ] = "2026-01-05",
    seconds: SecondsOpt = 10.0,
    workers: WorkersOpt = 1,
    seed: SeedOpt = 0,
) -> None:
    """Roster the example team over one 28-day period under the police working-time
    rules, check every hard rule on the result, and write it."""
    try:
        first = dt.date.fromisoformat(start)
    except ValueError:
        raise typer.BadParameter("expected a date YYYY-MM-DD", param_hint="--start") from None
    problem = example_team(first)
    sol = solve_roster(problem, seconds, SearchSettings(workers=workers, seed=seed))
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


def _clock(minutes: int) -> str:
    m = minutes % MINUTES_PER_DAY
    return f"{m // 60:02d}:{m % 60:02d}"


def write_roster(problem: RosterProblem, roster: Assignment, report: CheckReport, out: Path,
                 first: dt.date) -> None:
    """The roster as CSV (one row per shift) or XLSX (a grid, the shifts and the cover)."""
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
    else:
        raise InputError.at(str(out), "expected a .csv or .xlsx file name", field="--out")
