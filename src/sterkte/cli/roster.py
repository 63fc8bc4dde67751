"""`sterkte roster …`: duty rosters with CP-SAT, and the public benchmark that proves it.
Only parsing and rendering here: the jobs are in :mod:`sterkte.app.roster`, the words in
:mod:`sterkte.report.roster_text`."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from sterkte.app.capacity import parse_monday
from sterkte.app.roster import (
    TeamProblems,
    check_nrp_file,
    problems_for,
    reroster_file,
    roster_team,
    roster_teams,
    settings_for,
    solve_nrp,
    team_problems,
)
from sterkte.cli.common import (
    DbOption,
    LangOption,
    check_lang,
    console,
    err_console,
    parse_date,
    say_synthetic,
    user_errors,
)
from sterkte.errors import InputError, Msg
from sterkte.ledger import format_number
from sterkte.records.hr import SYNTHETIC_MARKER as MARKER
from sterkte.report.labels import budget_text, day_text, rule_label, synthetic_notice, term
from sterkte.report.roster_text import bound_lines, check_lines, replan_lines
from sterkte.report.xlsx import no_formulas
from sterkte.roster.check import CheckReport, check_roster
from sterkte.roster.model import MINUTES_PER_DAY, Assignment, RosterProblem
from sterkte.sources.textcells import text_cell

app = typer.Typer(no_args_is_help=True, help="Duty rosters (CP-SAT) and the NRP benchmark.")

SecondsOpt = Annotated[float, typer.Option("--seconds", min=0.1,
                                           help="Time budget of the search, seconds.")]
WorkOpt = Annotated[float | None, typer.Option(
    "--work", min=0.1, help="A deterministic budget (CP-SAT work units, one thread) instead "
                            "of --seconds: the same roster on any machine.")]
WorkersOpt = Annotated[int, typer.Option("--workers", min=1, max=64,
                                         help="CP-SAT worker threads (≤ cores).")]
SeedOpt = Annotated[int, typer.Option("--seed", help="Random seed of the search.")]


@app.command("nrp")
@user_errors
def nrp_command(
    instance_file: Annotated[Path, typer.Argument(help="A Curtois–Qu instance (.txt).")],
    out: Annotated[Path, typer.Option("--out", help="Solution CSV: employee,day,shift.")],
    seconds: SecondsOpt = 60.0,
    work: WorkOpt = None,
    workers: WorkersOpt = 2,
    seed: SeedOpt = 0,
    lang: LangOption = "nl",
) -> None:
    """Solve one NRP benchmark instance and print the checked objective.

    The instance is mapped into the roster model; the solution is written as
    employee,day,shift and its objective recomputed by the independent checker."""
    check_lang(lang)
    run = solve_nrp(instance_file, seconds, settings_for(workers, seed, work))
    if run.check is None:
        err_console.print(term("roster_cli.none_within", lang, seconds=budget_text(seconds, lang),
                               status=run.solution.status))
        raise typer.Exit(1)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["employee", "day", "shift"])
        w.writerows(run.rows)
    check = run.check
    if not check.valid:
        for v in check.violations:
            err_console.print(term("roster_cli.broken", lang, what=v), highlight=False)
        raise typer.Exit(1)
    proved = term("roster_cli.proved", lang) if run.solution.optimal else ""
    console.print(term("roster_cli.nrp_done", lang, name=run.instance.name,
                       objective=check.objective, proved=proved, requests=check.requests,
                       cover=check.cover, out=out), highlight=False)


@app.command("nrp-check")
@user_errors
def nrp_check_command(
    instance_file: Annotated[Path, typer.Argument(help="A Curtois–Qu instance (.txt).")],
    solution: Annotated[Path, typer.Argument(help="Solution CSV: employee,day,shift.")],
    lang: LangOption = "nl",
) -> None:
    """Check a solution of a benchmark instance and print its objective."""
    check_lang(lang)
    inst, check = check_nrp_file(instance_file, solution)
    for v in check.violations:
        err_console.print(term("roster_cli.broken", lang, what=v), highlight=False)
    console.print(term("roster_cli.nrp_checked", lang, name=inst.name,
                       objective=check.objective, requests=check.requests, cover=check.cover,
                       verdict=term("roster_cli.valid" if check.valid else "roster_cli.invalid",
                                    lang)), highlight=False)
    if not check.valid:
        raise typer.Exit(1)


def _sick_line(team: TeamProblems, lang: str) -> str:
    """How much reported sickness kept people off the roster, and to when the records go;
    empty for the example team."""
    sick = team.sick
    if sick is None or team.latest is None:
        return ""

    def count(n: int, word: str) -> str:
        return term(f"roster_cli.{word}" + ("" if n == 1 else "s"), lang,
                    n=format_number(n, lang))

    text = term("roster_cli.sick", lang, persons=count(sick.persons, "person"),
                days=count(sick.person_days, "person_day"))
    if sick.partly:
        text += term("roster_cli.partly", lang, n=format_number(sick.partly, lang))
    return text + term("roster_cli.records_until", lang, day=day_text(team.latest, lang))


TeamOpt = Annotated[list[str] | None, typer.Option(
    "--team", help="Basisteam code (repeatable); from the store's HR records.")]
StartOpt = Annotated[str | None, typer.Option(
    "--start", help="First day, a Monday (default: the Monday after the latest HR record).")]


def _monday(start: str | None) -> dt.date | None:
    return parse_monday(start) if start else None


@app.command("team")
@user_errors
def team_command(
    out: Annotated[Path, typer.Option("--out", help="Roster file: .csv or .xlsx.")],
    team: TeamOpt = None,
    start: StartOpt = None,
    seconds: SecondsOpt = 30.0,
    work: WorkOpt = None,
    workers: WorkersOpt = 2,
    seed: SeedOpt = 1,
    db: DbOption = None,
    lang: LangOption = "nl",
) -> None:
    """Roster one team for one roster period under the working-time rules, checked.

    From the store's HR records and synthetic demand (without --team: a small
    example team); every hard rule is re-checked on the result."""
    check_lang(lang)
    given = problems_for(db, team, _monday(start), seed)
    problem = given.problems[0]
    say_synthetic(given.synthetic, lang)
    console.print(term("roster_cli.solving" if work is None else "roster_cli.solving_work",
                       lang, team=problem.name, persons=len(problem.employees),
                       days=problem.days, first=day_text(given.first, lang),
                       seconds=budget_text(seconds, lang), work=budget_text(work or 0, lang)),
                  highlight=False)
    if sick_line := _sick_line(given, lang):
        console.print(sick_line, highlight=False)
    done = roster_team(problem, seconds, settings_for(workers, seed, work))
    if done.report is None:
        err_console.print(term("roster_cli.conflict", lang) + "; ".join(
            f"{rule_label(k, lang)} ({problem.rules[k].reference})" if k in problem.rules
            else rule_label(k, lang) for k in done.conflict), highlight=False)
        raise typer.Exit(1)
    write_roster(problem, done.solution.assignment, done.report, out, given.first,
                 given.synthetic)
    for line in check_lines(done.report, {k: v.reference for k, v in problem.rules.items()},
                            lang):
        console.print(line, highlight=False)
    for line in bound_lines(done.report, done.bound, lang) if done.bound else []:
        console.print(line, highlight=False)
    console.print(term("roster_cli.written", lang, out=out), highlight=False)
    if not done.report.valid:
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
    work: WorkOpt = None,
    workers: WorkersOpt = 2,
    seed: SeedOpt = 1,
    lang: LangOption = "nl",
    db: DbOption = None,
) -> None:
    """Re-plan a published roster after sickness or leave, changing as few shifts as
    possible once cover is as good as it can be; says why cover is short if it is."""
    check_lang(lang)
    when = None if from_day is None else parse_date(from_day, "--from")
    done = reroster_file(published, sick or [], leave or [], from_day=when, teams=team,
                         start=_monday(start), db=db, seconds=seconds,
                         settings=settings_for(workers, seed, work))
    say_synthetic(done.team.synthetic, lang)
    result = done.plan.result
    if done.report is None:
        err_console.print(term("roster_cli.no_roster", lang, status=result.status),
                          highlight=False)
        raise typer.Exit(1)
    write_roster(result.problem, result.roster, done.report, out, done.team.first,
                 done.team.synthetic)
    for line in replan_lines(done.plan, lang):
        console.print(line, highlight=False)
    console.print(term("roster_cli.written", lang, out=out), highlight=False)


@app.command("teams")
@user_errors
def teams_command(
    out: Annotated[Path, typer.Option("--out", help="Directory for one CSV per team and "
                                                    "summary.csv.")],
    team: TeamOpt = None,
    start: StartOpt = None,
    seconds: Annotated[float, typer.Option(
        "--seconds", min=0.5, help="Budget per team: about that many CPU seconds, spent as "
                                   "deterministic work (the same rosters on any machine).")
    ] = 30.0,
    jobs: Annotated[int, typer.Option("--jobs", min=1, max=64,
                                      help="Teams solved at once in-process.")] = 2,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="Dask scheduler address (tcp://host:port); default in-process."
    )] = None,
    seed: SeedOpt = 1,
    db: DbOption = None,
    lang: LangOption = "nl",
) -> None:
    """Roster every team (or the --team ones) for one roster period, in parallel, each
    checked."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from sterkte.roster.teams import TeamResult

    check_lang(lang)
    given = team_problems(db, team, _monday(start), seed)
    problems, first, synthetic = given.problems, given.first, given.synthetic
    say_synthetic(synthetic, lang)
    console.print(_sick_line(given, lang), highlight=False)
    out.mkdir(parents=True, exist_ok=True)
    with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console) as bar:
        task = bar.add_task(term("roster_cli.progress", lang), total=len(problems))

        def done(r: TeamResult) -> None:
            bar.advance(task)

        results = roster_teams(problems, seconds, jobs=jobs, scheduler=scheduler, seed=seed,
                               progress=done)
    mark = [MARKER] if synthetic else []
    with (out / "summary.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["team", "persons", "valid", "cover_needed_person_hours",
                    "cover_short_person_hours", "soft_cost", "cover_cost",
                    "cover_cost_lower_bound", "status", *mark])
        for r, p in zip(results, problems, strict=True):
            w.writerow([text_cell(r.team), r.persons, r.valid, r.cover_needed, r.cover_short,
                        r.cost, r.cover_cost, r.cover_bound, r.status,
                        *(["true"] if synthetic else [])])
            if r.assignment:
                write_roster(p, r.assignment, check_roster(p, r.assignment),
                             out / f"{r.team}.csv", first, synthetic)
    bad = [r.team for r in results if not r.valid]
    short = sum(r.cover_short for r in results)
    need = sum(r.cover_needed for r in results)
    console.print(term("roster_cli.teams_done", lang, n=len(results),
                       first=day_text(first, lang), valid=len(results) - len(bad),
                       short=format_number(short, lang), need=format_number(need, lang),
                       out=out), highlight=False)
    found = [r for r in results if r.assignment]
    console.print(term("roster_cli.teams_bound", lang,
                       cost=format_number(sum(r.cover_cost for r in found), lang),
                       bound=format_number(sum(r.cover_bound for r in found), lang),
                       at=format_number(sum(r.cover_cost <= r.cover_bound for r in found),
                                        lang),
                       n=format_number(len(found), lang)), highlight=False)
    if bad:
        err_console.print(term("roster_cli.no_valid", lang, teams=", ".join(bad)),
                          highlight=False)
        raise typer.Exit(1)


def _clock(minutes: int) -> str:
    m = minutes % MINUTES_PER_DAY
    return f"{m // 60:02d}:{m % 60:02d}"


def write_roster(problem: RosterProblem, roster: Assignment, report: CheckReport, out: Path,
                 first: dt.date, synthetic: Sequence[str] = ()) -> None:
    """The roster as CSV (one row per shift, and ``<name>-cover.csv`` with the cover
    achieved per slot) or XLSX (sheets: a grid, the shifts, the cover). A roster resting
    on ``synthetic`` data carries the column ``synthetic`` (``true`` in every row) in its
    CSV files and the notice above the grid of its workbook."""
    flag = ["true"] if synthetic else []
    rows = []
    for (e, d), sid in sorted(roster.items()):
        s = problem.shift(sid)
        start = s.start or 0
        rows.append([e, (first + dt.timedelta(days=d)).isoformat(), d, sid, _clock(start),
                     _clock(start + s.length), s.length / 60, s.task or "response", *flag])
    mark = [MARKER] if synthetic else []
    header = ["employee", "date", "day", "shift", "start", "end", "hours", "task", *mark]
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        grid = wb.active
        assert grid is not None
        grid.title = "roster"
        if synthetic:  # above the grid, in the language the command speaks by default
            grid.append([synthetic_notice(synthetic, "nl")])
            grid.sheet_properties.tabColor = "B00000"
        grid.append(["employee"] + [(first + dt.timedelta(days=d)).strftime("%a %d-%m")
                                    for d in range(problem.days)])
        for emp in problem.employees:
            grid.append([emp.id] + [roster.get((emp.id, d), "") for d in range(problem.days)])
        shifts = wb.create_sheet("shifts")
        shifts.append(header)
        for r in rows:
            shifts.append(r)
        cover = wb.create_sheet("cover")
        cover.append(["slot", "required", "achieved", "short", *mark])
        for c in report.cover:
            cover.append([c.label, c.required, c.achieved, c.short, *flag])
        for ws in wb.worksheets:
            no_formulas(ws)
        wb.save(out)
    elif out.suffix.lower() == ".csv":
        with out.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows([text_cell(str(r[0])), *r[1:]] for r in rows)
        # cover achieved per slot beside it
        with out.with_name(f"{out.stem}-cover.csv").open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["slot", "required", "achieved", "short", *mark])
            w.writerows([c.label, c.required, c.achieved, c.short, *flag]
                        for c in report.cover)
    else:
        raise InputError.at(str(out), Msg("verwacht een bestandsnaam op .csv of .xlsx",
                                          "expected a .csv or .xlsx file name"), field="--out")
