"""`sterkte roster …`: duty rosters with CP-SAT, and the public benchmark that proves it."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from sterkte.app.capacity import load_inputs, parse_monday, roster_problems, sickness_summary
from sterkte.cli.common import (
    DbOption,
    LangOption,
    check_lang,
    console,
    err_console,
    say_synthetic,
    user_errors,
)
from sterkte.errors import InputError
from sterkte.ledger import format_number, format_percent
from sterkte.records.hr import SYNTHETIC_MARKER as MARKER
from sterkte.report.labels import day_text, goal_label, rule_label, synthetic_notice, term
from sterkte.roster.check import CheckReport, check_roster
from sterkte.roster.explain import explain_infeasible
from sterkte.roster.model import MINUTES_PER_DAY, Assignment, RosterProblem
from sterkte.roster.nrp import check_nrp, rows_of, to_problem
from sterkte.roster.search import SearchSettings, solve_roster
from sterkte.roster.sickness import SicknessSummary
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
    lang: LangOption = "nl",
) -> None:
    """Solve one NRP benchmark instance and print the checked objective.

    The instance is mapped into the roster model; the solution is written as
    employee,day,shift and its objective recomputed by the independent checker."""
    check_lang(lang)
    inst = read_nrp(instance_file)
    sol = solve_roster(to_problem(inst), seconds, SearchSettings(workers=workers, seed=seed))
    if sol.objective is None:
        err_console.print(term("roster_cli.none_within", lang, seconds=f"{seconds:g}",
                               status=sol.status))
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
            err_console.print(term("roster_cli.broken", lang, what=v), highlight=False)
        raise typer.Exit(1)
    proved = term("roster_cli.proved", lang) if sol.optimal else ""
    console.print(term("roster_cli.nrp_done", lang, name=inst.name, objective=check.objective,
                       proved=proved, requests=check.requests, cover=check.cover, out=out),
                  highlight=False)


@app.command("nrp-check")
@user_errors
def nrp_check_command(
    instance_file: Annotated[Path, typer.Argument(help="A Curtois–Qu instance (.txt).")],
    solution: Annotated[Path, typer.Argument(help="Solution CSV: employee,day,shift.")],
    lang: LangOption = "nl",
) -> None:
    """Check a solution of a benchmark instance and print its objective."""
    check_lang(lang)
    inst = read_nrp(instance_file)
    rows = read_solution(solution)
    check = check_nrp(inst, rows)
    for v in check.violations:
        err_console.print(term("roster_cli.broken", lang, what=v), highlight=False)
    console.print(term("roster_cli.nrp_checked", lang, name=inst.name,
                       objective=check.objective, requests=check.requests, cover=check.cover,
                       verdict=term("roster_cli.valid" if check.valid else "roster_cli.invalid",
                                    lang)), highlight=False)
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


def _sick_line(sick: SicknessSummary, latest: dt.date, lang: str) -> str:
    """How much reported sickness kept people off the roster, and to when the records go."""
    def count(n: int, word: str) -> str:
        return term(f"roster_cli.{word}" + ("" if n == 1 else "s"), lang, n=n)

    text = term("roster_cli.sick", lang, persons=count(sick.persons, "person"),
                days=count(sick.person_days, "person_day"))
    if sick.partly:
        text += term("roster_cli.partly", lang, n=sick.partly)
    return text + term("roster_cli.records_until", lang, day=day_text(latest, lang))


def _store_problems(db: str | None, teams: list[str] | None, start: str | None, days: int,
                    seed: int, lang: str
                    ) -> tuple[list[RosterProblem], dt.date, str, tuple[str, ...]]:
    """Roster problems of ``teams`` (all when None) from the store's HR records (with
    their reported sickness) and synthetic demand; the line that says how much sickness
    kept people off the roster; what of it is synthetic."""
    inputs = load_inputs(resolve_db_path(db), parse_monday(start) if start else None,
                         sick_days=days, with_absence=False)
    chosen = teams or inputs.teams
    problems = roster_problems(inputs, chosen, days, seed)
    return (problems, inputs.first,
            _sick_line(sickness_summary(inputs, chosen, days), inputs.latest, lang),
            inputs.synthetic())


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
    lang: LangOption = "nl",
) -> None:
    """Roster one team for 28 days under the working-time rules, checked.

    From the store's HR records and synthetic demand (without --team: a small
    example team); every hard rule is re-checked on the result."""
    check_lang(lang)
    if team:
        if len(team) != 1:
            raise InputError.at("--team", "give one team (use `sterkte roster teams` for more)")
        problems, first, sick_line, synthetic = _store_problems(db, team, start, 28, seed, lang)
        problem = problems[0]
    else:
        first = parse_monday(start) if start else dt.date(2026, 1, 5)
        problem = example_team(first)
        sick_line, synthetic = "", ("hr", "incidents", "planned")  # all of it made up
    say_synthetic(synthetic, lang)
    console.print(term("roster_cli.solving", lang, team=problem.name,
                       persons=len(problem.employees), days=problem.days,
                       first=day_text(first, lang), seconds=f"{seconds:g}"), highlight=False)
    if sick_line:
        console.print(sick_line, highlight=False)
    sol = solve_in_squads(problem, seconds, settings=SearchSettings(workers=workers, seed=seed))
    if sol.objective is None:
        rules = explain_infeasible(problem, seconds=seconds)
        err_console.print(term("roster_cli.conflict", lang) + "; ".join(
            f"{rule_label(k, lang)} ({problem.rules[k].reference})" if k in problem.rules
            else rule_label(k, lang) for k in rules), highlight=False)
        raise typer.Exit(1)
    report = check_roster(problem, sol.assignment)
    write_roster(problem, sol.assignment, report, out, first, synthetic)
    for line in check_lines(report, {k: v.reference for k, v in problem.rules.items()}, lang):
        console.print(line, highlight=False)
    console.print(term("roster_cli.written", lang, out=out), highlight=False)
    if not report.valid:
        raise typer.Exit(1)


_CELL = re.compile(r"^day (\d+) (\d\d:\d\d)$")


def _cell(label: str, lang: str) -> str:
    """A cover cell's label ('day 3 14:00') in ``lang``."""
    m = _CELL.match(label)
    return term("roster_cli.cell", lang, day=m.group(1), time=m.group(2)) if m else label


def check_lines(report: CheckReport, sources: dict[str, str], lang: str) -> list[str]:
    """The independent check of a roster, rule by rule, then cover and soft goals: what
    `sterkte roster team` prints (the violations are the checker's own words)."""
    out = [term("roster_cli.rules", lang)]
    for key, rc in sorted(report.rules.items()):
        src = f" [{sources[key]}]" if key in sources else ""
        name = rule_label(key, lang)
        if rc.violations:
            out.append("  ✗ " + term("roster_cli.rule_fails", lang, rule=name,
                                      n=len(rc.violations), of=rc.checked) + src)
            out += [f"      {v}" for v in rc.violations[:5]]
        else:
            out.append("  ✓ " + term("roster_cli.rule_holds", lang, rule=name, of=rc.checked)
                       + src)
    short = [c for c in report.cover if c.short]
    out.append(term("roster_cli.cover", lang, met=len(report.cover) - len(short),
                    of=len(report.cover), short=report.cover_short))
    out += ["  " + term("roster_cli.cover_short", lang, short=c.short, cell=_cell(c.label, lang),
                        required=c.required, achieved=c.achieved) for c in short[:10]]
    if len(short) > 10:
        out.append("  " + term("roster_cli.more_cells", lang, n=len(short) - 10))
    out.append(term("roster_cli.soft", lang, cost=report.cost))
    out += ["  " + term("roster_cli.goal_cost", lang, goal=goal_label(g, lang), cost=c)
            for g, c in report.missed if c]
    if report.measures:  # e.g. each community officer's share of neighbourhood work
        out.append(term("roster_cli.measured", lang))
        out += [f"  {k}: {format_percent(100 * v, lang, 1)}" for k, v in report.measures.items()]
    return out


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
    lang: LangOption = "nl",
) -> None:
    """Roster every team (or the --team ones) for 28 days, in parallel, each checked."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from sterkte.roster.teams import TeamResult, solve_teams

    check_lang(lang)
    problems, first, sick_line, synthetic = _store_problems(db, team, start, 28, seed, lang)
    say_synthetic(synthetic, lang)
    console.print(sick_line, highlight=False)
    out.mkdir(parents=True, exist_ok=True)
    with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console) as bar:
        task = bar.add_task(term("roster_cli.progress", lang), total=len(problems))

        def done(r: TeamResult) -> None:
            bar.advance(task)

        results = solve_teams(problems, seconds, jobs=jobs, scheduler=scheduler,
                              progress=done)
    mark = [MARKER] if synthetic else []
    with (out / "summary.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["team", "persons", "valid", "cover_needed_person_hours",
                    "cover_short_person_hours", "soft_cost", "status", *mark])
        for r, p in zip(results, problems, strict=True):
            w.writerow([r.team, r.persons, r.valid, r.cover_needed, r.cover_short, r.cost,
                        r.status, *(["true"] if synthetic else [])])
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
        wb.save(out)
    elif out.suffix.lower() == ".csv":
        with out.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(rows)
        # cover achieved per slot beside it
        with out.with_name(f"{out.stem}-cover.csv").open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["slot", "required", "achieved", "short", *mark])
            w.writerows([c.label, c.required, c.achieved, c.short, *flag]
                        for c in report.cover)
    else:
        raise InputError.at(str(out), "expected a .csv or .xlsx file name", field="--out")
