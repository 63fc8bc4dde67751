"""`sterkte parameters list|show`: the dated parameters every engine reads, with sources."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from sterkte.cli.common import LangOption, check_lang, console, maybe_date, user_errors
from sterkte.errors import InputError, Msg
from sterkte.parameters import Parameter, ParameterSet, Value
from sterkte.report.labels import term

app = typer.Typer(no_args_is_help=True, help="The dated policy and model parameters.")


class Fmt(StrEnum):
    term = "term"
    md = "md"


def _number(x: float) -> str:
    return f"{x:g}"


def value_text(v: Value, lang: str = "en") -> str:
    """A value in one short line: numbers and text as they are, mappings by their size."""
    if isinstance(v, str):
        return v
    if not isinstance(v, dict):
        return _number(v)
    inner = next(iter(v.values()), None)
    if isinstance(inner, dict):
        return term("parameters.table_of", lang, rows=len(v), columns=len(inner))
    keys = list(v)
    shown = ", ".join(f"{k}: {_number(float(v[k]))}" for k in keys[:3])  # type: ignore[arg-type]
    return f"{{{shown}}}" if len(keys) <= 3 else \
        f"{{{shown}, …}} ({term('parameters.keys', lang, n=len(keys))})"


def dated_values(p: Parameter, on: dt.date | None, lang: str = "en") -> str:
    """Every dated value (``from DATE: value``), or only the one in force ``on``."""
    if on is not None:
        try:
            start, v = p.in_force(on)
        except InputError:
            return "—"
        return f"{value_text(v, lang)} ({term('parameters.from', lang, date=start)})"
    return "; ".join(f"{term('parameters.from', lang, date=d)}: {value_text(v, lang)}"
                     for d, v in p.values.items())


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def markdown(params: ParameterSet, on: dt.date | None = None, lang: str = "en") -> str:
    """The parameters per engine (folder) as Markdown: name, unit, dated values, sources,
    description. ``docs/parameters.md`` holds this text in English (a test keeps it
    current). Units, references and descriptions are the files' own words."""
    head = " | ".join(term(f"parameters.{c}", lang)
                      for c in ("parameter", "unit", "values", "reference", "description"))
    lines: list[str] = []
    groups = sorted({p.group for p in params.values()})
    for group in groups:
        lines += [f"### `{group}/`", ""]
        if params.groups.get(group):
            lines += [_cell(params.groups[group]), ""]
        lines += [f"| {head} |", "|---|---|---|---|---|"]
        for name in sorted(n for n, p in params.items() if p.group == group):
            p = params[name]
            lines.append(f"| `{name}` | {_cell(p.unit)} | {_cell(dated_values(p, on, lang))} | "
                         f"{_cell(p.reference)} | {_cell(p.description)} |")
        lines.append("")
    return "\n".join(lines)


@app.command("list")
@user_errors
def list_command(
    engine: Annotated[str | None, typer.Option(
        "--engine", help="Only this engine's parameters (forecast, norms, demand, roster).")
    ] = None,
    date: Annotated[str | None, typer.Option(
        "--date", help="Show the value in force on this date (default: every dated value).")
    ] = None,
    fmt: Annotated[Fmt, typer.Option("--format", help="term or md (Markdown).")] = Fmt.term,
    lang: LangOption = "nl",
) -> None:
    """Every parameter with its unit, dated values and sources (with the overrides of
    $STERKTE_PARAMETERS / --parameters applied)."""
    check_lang(lang)
    params = ParameterSet.bundled(engine=engine)
    if not params:
        engines = sorted({p.group.split("/")[0] for p in ParameterSet.bundled().values()})
        listed = ", ".join(engines)
        raise InputError.at("--engine", Msg(
            f"geen parameters voor rekenmodel {engine!r}; rekenmodellen: {listed}",
            f"no parameters for engine {engine!r}; engines: {listed}"))
    on = maybe_date(date)
    if fmt is Fmt.md:
        console.print(markdown(params, on, lang), markup=False, highlight=False,
                      soft_wrap=True)
        return
    tab = Table(box=box.SIMPLE_HEAD)
    for col in ("parameter", "unit", "values", "reference"):
        tab.add_column(term(f"parameters.{col}", lang), overflow="fold")
    for name in sorted(params, key=lambda n: (params[n].group, n)):
        p = params[name]
        flag = term("parameters.override", lang) if name in params.overridden else ""
        tab.add_row(f"{p.group}/{name}{flag}", p.unit, dated_values(p, on, lang),
                    p.reference if on is None else p.reference_text_on(on))
    console.print(tab)


@app.command("show")
@user_errors
def show_command(name: Annotated[str, typer.Argument(help="The parameter's name.")],
                 lang: LangOption = "nl") -> None:
    """One parameter in full: description, unit, file, every dated value and source (the
    description, unit and sources are the file's own words)."""
    check_lang(lang)
    params = ParameterSet.bundled()
    p = params[name]
    console.print(f"{p.name} ({p.group}): {p.description}", highlight=False)
    console.print(f"{term('parameters.unit', lang)}: {p.unit}"
                  + (f"; {term('parameters.range', lang)} {p.range[0]:g} … {p.range[1]:g}"
                     if p.range else ""), highlight=False)
    console.print(f"{term('parameters.file', lang)}: {p.source}"
                  + (term("parameters.override", lang) if name in params.overridden else ""),
                  highlight=False)
    console.print(f"{term('parameters.values', lang)}:", highlight=False)
    for start, v in p.values.items():
        console.print(f"  {term('parameters.from', lang, date=start)}: {v}", highlight=False,
                      markup=False)
    console.print(f"{term('parameters.reference', lang)}:", highlight=False)
    for start, sources in p.references.dated.items():
        when = (f"{term('parameters.from', lang, date=start)}: "
                if p.references.keyed_by_date else "")
        for s in sources:
            console.print(f"  {when}{s.title}" + (f" <{s.href}>" if s.href else ""),
                          highlight=False, markup=False)
