"""Command-line interface: one command per job. See README.md for the reference."""

from __future__ import annotations

import typer

from sterkte.cli import (
    anticipate,
    capacity,
    forecast,
    hr,
    ledger_cmds,
    migrate,
    norms,
    report_cmd,
    roster,
    serve,
)

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
app.command("teams")(norms.teams_command)
app.command("commitments")(norms.commitments_command)
app.command("capacity")(capacity.capacity_command)
app.add_typer(roster.app, name="roster")
app.add_typer(anticipate.app, name="anticipate")
app.command("serve")(serve.serve_command)
app.command("migrate")(migrate.migrate_command)


def main() -> None:
    app()
