"""`sterkte roster …`: duty rosters with CP-SAT, and the public benchmark that proves it."""

from __future__ import annotations

import csv
import datetime as dt
import math
from pathlib import Path
from typing import Annotated

import typer

from sterkte.cli.common import (
    DbOption,
    LangOption,
    check_lang,
    console,
    err_console,
    user_errors,
)
from sterkte.demand.model import Incident
from sterkte.errors import InputError
from sterkte.roster.check import CheckReport, check_roster
from sterkte.roster.explain import explain_infeasible
from sterkte.roster.model import MINUTES_PER_DAY, Assignment, RosterProblem
from sterkte.roster.nrp import check_nrp, rows_of, to_problem
from sterkte.roster.search import SearchSettings, solve_roster
from sterkte.roster.squads import solve_in_squads
from sterkte.sources.nrp import read_nrp
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
    from sterkte.demand.capacity import DemandSettings, planning_demand, roster_cover
    from sterkte.parameters import ParameterSet
    from sterkte.roster.sickness import sickness_by_person, summarise
    from sterkte.roster.teams import ROSTERED, team_problem
    from sterkte.store.db import connect, resolve_db_path
    from sterkte.store.demand import latest_hr_date, sickness_during, staff_on
    from sterkte.synth.incidents import generate_blocks, generate_incidents

    con = connect(resolve_db_path(db), read_only=True)
    try:
        latest = latest_hr_date(con)
        first = _parse_monday(start) if start else latest + dt.timedelta(
            days=(7 - latest.weekday()) % 7 or 7)
        staff = staff_on(con, min(latest, first))
        known = sorted({s.team for s in staff})
        chosen = teams or known
        unknown = [t for t in chosen if t not in known]
        if unknown:
            hint = f"teams look like {known[0]}" if known else \
                f"the HR records have nobody in a team on {min(latest, first)}"
            raise InputError.at("--team", f"unknown team {', '.join(unknown)}; {hint}")
        sick = sickness_during(con, first, days, chosen)
    finally:
        con.close()
    rostered = {s.person_id for s in staff if s.team in chosen and s.function in ROSTERED}
    summary = summarise(sickness_by_person(sick, first, days), rostered)
    params = ParameterSet.bundled()
    settings = DemandSettings.from_parameters(params, first)
    weeks = math.ceil(days / 7)
    fte: dict[str, float] = {}
    for s in staff:
        if s.team in chosen and s.category == "OS" and s.hours:
            fte[s.team] = fte.get(s.team, 0.0) + s.hours / 36.0
    hist = first - dt.timedelta(weeks=settings.history_weeks)
    incidents = generate_incidents(fte, hist, settings.history_weeks, seed)
    blocks = generate_blocks(fte, first, weeks, seed)
    by_team: dict[str, list[Incident]] = {}
    for inc in incidents:
        by_team.setdefault(inc.team, []).append(inc)
    problems = []
    for t in chosen:
        pd = planning_demand(by_team.get(t, []), [b for b in blocks if b.team == t], t, first,
                             weeks, settings)
        cover = roster_cover(pd, 0, weeks)[:days]
        problems.append(team_problem(staff, t, cover, first, params, sick))
    return problems, first, summary.line(latest)


def _parse_monday(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise InputError.at("--start", f"expected a date YYYY-MM-DD, found {text!r}") from None
    if day.weekday() != 0:
        raise InputError.at("--start", f"{day} is not a Monday; a roster period starts on one")
    return day


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
        first = _parse_monday(start) if start else dt.date(2026, 1, 5)
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


@app.command("reroster")
@user_errors
def reroster_command(
    published: Annotated[Path, typer.Option("--published", help="The published roster "
                                            "(CSV as `sterkte roster team` writes it).")],
    out: Annotated[Path, typer.Option("--out", help="New roster file: .csv or .xlsx.")],
    sick: Annotated[list[str] | None, typer.Option(
        "--sick", help="PERSON:FROM[:TO] reported sick (dates YYYY-MM-DD; repeatable).")] = None,
    leave: Annotated[list[str] | None, typer.Option(
        "--leave", help="PERSON:FROM[:TO] leave granted on request (repeatable).")] = None,
    from_day: Annotated[str | None, typer.Option(
        "--from", help="First day that may change (YYYY-MM-DD); the days before stay.")] = None,
    team: TeamOpt = None,
    start: StartOpt = None,
    seconds: SecondsOpt = 30.0,
    work: Annotated[float | None, typer.Option(
        "--work", min=0.1, help="A deterministic budget (CP-SAT work units) instead of "
                                "--seconds: the same roster on any machine.")] = None,
    workers: WorkersOpt = 2,
    seed: SeedOpt = 1,
    lang: LangOption = "nl",
    db: DbOption = None,
) -> None:
    """Re-plan a published roster after sickness or leave, changing as few shifts as
    possible once cover is as good as it can be; says why cover is short if it is."""
    from sterkte.roster.reroster import replan

    if team:
        problems, first, _ = _store_problems(db, team[:1], start, 28, seed)
        problem = problems[0]
    else:
        first = _parse_monday(start) if start else dt.date(2026, 1, 5)
        problem = example_team(first)
    try:
        text = published.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError.at(str(published), f"cannot read: {exc.strerror}") from None
    when = None if from_day is None else _parse_date(from_day, "--from")
    plan = replan(problem, first, text, str(published), sick or [], leave or [],
                  from_day=when, seconds=seconds, workers=workers, seed=seed, work=work)
    if not plan.result.found:
        err_console.print(f"no roster meets all hard rules ({plan.result.status})")
        raise typer.Exit(1)
    write_roster(plan.result.problem, plan.result.roster,
                 check_roster(plan.result.problem, plan.result.roster), out, first)
    for line in plan.lines(check_lang(lang)):
        console.print(line, highlight=False)
    console.print(f"roster written to {out}")


def _parse_date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError.at(option, f"expected a date YYYY-MM-DD, found {text!r}") from None


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
