"""`sterkte parameters list|show`: the dated parameters every engine reads, with sources."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from sterkte.cli.common import console, user_errors
from sterkte.errors import InputError
from sterkte.parameters import Parameter, ParameterSet, Value

app = typer.Typer(no_args_is_help=True, help="The dated policy and model parameters.")


class Fmt(StrEnum):
    term = "term"
    md = "md"


def _number(x: float) -> str:
    return f"{x:g}"


def value_text(v: Value) -> str:
    """A value in one short line: numbers and text as they are, mappings by their size."""
    if isinstance(v, str):
        return v
    if not isinstance(v, dict):
        return _number(v)
    inner = next(iter(v.values()), None)
    if isinstance(inner, dict):
        return f"table of {len(v)} × {len(inner)}"
    keys = list(v)
    shown = ", ".join(f"{k}: {_number(float(v[k]))}" for k in keys[:3])  # type: ignore[arg-type]
    return f"{{{shown}}}" if len(keys) <= 3 else f"{{{shown}, …}} ({len(keys)} keys)"


def dated_values(p: Parameter, on: dt.date | None) -> str:
    """Every dated value (``from DATE: value``), or only the one in force ``on``."""
    if on is not None:
        try:
            start, v = p.in_force(on)
        except InputError:
            return "—"
        return f"{value_text(v)} (from {start})"
    return "; ".join(f"from {d}: {value_text(v)}" for d, v in p.values.items())


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def markdown(params: ParameterSet, on: dt.date | None = None) -> str:
    """The parameters per engine (folder) as Markdown: name, unit, dated values, sources,
    description. ``docs/parameters.md`` holds this text (a test keeps it current)."""
    lines: list[str] = []
    groups = sorted({p.group for p in params.values()})
    for group in groups:
        lines += [f"### `{group}/`", ""]
        if params.groups.get(group):
            lines += [_cell(params.groups[group]), ""]
        lines += ["| parameter | unit | values | reference | description |",
                  "|---|---|---|---|---|"]
        for name in sorted(n for n, p in params.items() if p.group == group):
            p = params[name]
            lines.append(f"| `{name}` | {_cell(p.unit)} | {_cell(dated_values(p, on))} | "
                         f"{_cell(p.reference)} | {_cell(p.description)} |")
        lines.append("")
    return "\n".join(lines)


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError.at("--date", f"expected a date YYYY-MM-DD, found {text!r}") from None


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
) -> None:
    """Every parameter with its unit, dated values and sources (with the overrides of
    $STERKTE_PARAMETERS / --parameters applied)."""
    params = ParameterSet.bundled(engine=engine)
    if not params:
        engines = sorted({p.group.split("/")[0] for p in ParameterSet.bundled().values()})
        raise InputError.at("--engine", f"no parameters for engine {engine!r}; engines: "
                            f"{', '.join(engines)}")
    on = _date(date)
    if fmt is Fmt.md:
        console.print(markdown(params, on), markup=False, highlight=False, soft_wrap=True)
        return
    tab = Table(box=box.SIMPLE_HEAD)
    for col in ("parameter", "unit", "values", "reference"):
        tab.add_column(col, overflow="fold")
    for name in sorted(params, key=lambda n: (params[n].group, n)):
        p = params[name]
        flag = " (override)" if name in params.overridden else ""
        tab.add_row(f"{p.group}/{name}{flag}", p.unit, dated_values(p, on),
                    p.reference if on is None else p.reference_text_on(on))
    console.print(tab)


@app.command("show")
@user_errors
def show_command(name: Annotated[str, typer.Argument(help="The parameter's name.")]) -> None:
    """One parameter in full: description, unit, file, every dated value and source."""
    params = ParameterSet.bundled()
    p = params[name]
    console.print(f"{p.name} ({p.group}): {p.description}", highlight=False)
    console.print(f"unit: {p.unit}" + (f"; range {p.range[0]:g} … {p.range[1]:g}"
                                       if p.range else ""), highlight=False)
    console.print(f"file: {p.source}" + (" (override)" if name in params.overridden else ""),
                  highlight=False)
    console.print("values:", highlight=False)
    for start, v in p.values.items():
        console.print(f"  from {start}: {v}", highlight=False, markup=False)
    console.print("reference:", highlight=False)
    for start, sources in p.references.dated.items():
        when = f"from {start}: " if p.references.keyed_by_date else ""
        for s in sources:
            console.print(f"  {when}{s.title}" + (f" <{s.href}>" if s.href else ""),
                          highlight=False, markup=False)
