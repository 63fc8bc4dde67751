"""Command-line interface: one command per job. See README.md for the reference."""

from __future__ import annotations

import inspect
import os
from pathlib import Path
from typing import Annotated

import typer

from sterkte.cli import (
    accounts,
    anticipate,
    capacity,
    forecast,
    hr,
    ledger_cmds,
    migrate,
    monitors,
    norms,
    parameters,
    report_cmd,
    roster,
    serve,
)
from sterkte.parameters import ENVIRONMENT

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="sterkte: planning and monitoring police capacity.",
    pretty_exceptions_enable=False,
)
app.command("import")(ledger_cmds.import_command)
app.command("validate")(ledger_cmds.validate_command)
app.command("table")(ledger_cmds.table_command)
app.command("report")(report_cmd.report_command)
app.add_typer(hr.app, name="hr")
app.command("synth")(hr.synth_command)
app.command("ledger")(hr.ledger_command)
app.add_typer(forecast.app, name="forecast")
app.add_typer(norms.app, name="norms")
app.add_typer(monitors.teams_app, name="teams")
app.command("commitments")(norms.commitments_command)
app.add_typer(monitors.diversity_app, name="diversity")
app.add_typer(monitors.earmarks_app, name="earmarks")
app.command("synth-aggregates")(monitors.synth_aggregates_command)
app.command("capacity")(capacity.capacity_command)
app.add_typer(roster.app, name="roster")
app.add_typer(anticipate.app, name="anticipate")
app.command("serve")(serve.serve_command)
app.add_typer(parameters.app, name="parameters")
app.add_typer(accounts.users, name="users")
app.add_typer(accounts.tokens, name="tokens")
app.command("audit")(accounts.audit_command)


@app.callback()
def options(
    ctx: typer.Context,
    parameter_folder: Annotated[Path | None, typer.Option(
        "--parameters", help="A folder of parameter files that replace the bundled ones of "
                             "the same name for this command (as $STERKTE_PARAMETERS; see "
                             "docs/parameters.md).")] = None,
) -> None:
    """sterkte: planning and monitoring police capacity."""
    if parameter_folder is None:
        return
    before = os.environ.get(ENVIRONMENT)
    os.environ[ENVIRONMENT] = str(parameter_folder)

    def restore() -> None:  # the override is this command's, not the process's
        if before is None:
            os.environ.pop(ENVIRONMENT, None)
        else:
            os.environ[ENVIRONMENT] = before

    ctx.call_on_close(restore)
app.command("migrate")(migrate.migrate_command)


def _short_helps(group: typer.Typer) -> None:
    """Every command's line in its group's list: the first paragraph of its docstring
    as one line. Typer's rich help keeps the docstring's own line breaks there, so an
    80-column list broke mid-sentence ("one transaction for / all files")."""
    for info in group.registered_commands:
        text = info.help or (info.callback.__doc__ if info.callback else None)
        if info.short_help is None and text:
            info.short_help = " ".join(inspect.cleandoc(text).split("\n\n")[0].split())
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            _short_helps(sub.typer_instance)


_short_helps(app)


def main() -> None:
    app()
