"""`sterkte users …`, `sterkte tokens …` and `sterkte audit`: accounts, roles, API tokens
and the audit trail of a store (see docs/deploy.md). Dutch by default, ``--lang en``."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated

import typer

from sterkte.cli.common import DbOption, LangOption, check_lang, console, show, user_errors
from sterkte.errors import Msg, SterkteError
from sterkte.report.labels import term
from sterkte.report.table import Column, Table

users = typer.Typer(no_args_is_help=True, help="Accounts and roles of the dashboard and API.")
tokens = typer.Typer(no_args_is_help=True, help="API tokens (only a hash is stored).")

Role = Annotated[str, typer.Option("--role", help="viewer (lezer), planner or admin "
                                                 "(beheerder)")]
Units = Annotated[list[str] | None, typer.Option(
    "--unit", help="Limit the account to this unit (repeatable): national aggregates and "
                   "everything of the unit and its teams")]
Teams = Annotated[list[str] | None, typer.Option(
    "--team", help="Limit the account to this team (repeatable)")]
PasswordStdin = Annotated[bool, typer.Option(
    "--password-stdin", help="Read the password from the first line of standard input "
                             "(otherwise it is asked for twice)")]
Lang = Annotated[str, typer.Option("--lang", callback=check_lang,
                                   help="nl (default) or en")]


def _password(stdin: bool) -> str:
    if stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("password", hide_input=True, confirmation_prompt=True))


def _role(role: str, lang: str) -> str:
    return term(f"role.{role}", lang)


def _scope(units: tuple[str, ...], teams: tuple[str, ...], lang: str) -> str:
    return ", ".join([*units, *teams]) or term("users.scope_all", lang)


@user_errors
def add_command(name: str, role: Role, unit: Units = None, team: Teams = None,
                password_stdin: PasswordStdin = False,
                no_password: Annotated[bool, typer.Option(
                    "--no-password", help="An account that uses API tokens only")] = False,
                db: DbOption = None, lang: Lang = "nl") -> None:
    """Create an account: `sterkte users add anna --role viewer --unit AM`."""
    from sterkte.app import accounts

    password = None if no_password else _password(password_stdin)
    with accounts.for_command(db) as con:
        row = accounts.add_user(con, name, role, units=unit or [], teams=team or [],
                                password=password)
    console.print(term("users.added", lang, name=row.name, role=_role(row.role, lang))
                  + f"; {_scope(row.units, row.teams, lang)}", highlight=False)


@user_errors
def list_command(db: DbOption = None, lang: Lang = "nl") -> None:
    """The accounts, their roles and what they may see."""
    from sterkte.app import accounts
    from sterkte.store import accounts as store

    with accounts.for_command(db) as con:
        rows = store.list_users(con)
    if not rows:
        console.print(term("users.none", lang), highlight=False)
        return
    t = Table("accounts", term("users.title", lang), [
        Column("name", term("users.name", lang), "text"),
        Column("role", term("users.role", lang), "text"),
        Column("scope", term("users.units", lang) + " / " + term("users.teams", lang), "text"),
        Column("password", term("users.password", lang), "text"),
        Column("created", term("users.created", lang), "date")], lang=lang)
    for r in rows:
        t.add(r.name, [r.name, _role(r.role, lang), _scope(r.units, r.teams, lang),
                       term("users.yes" if r.password_hash else "users.no", lang),
                       r.created_at.date()])
    show(t)


@user_errors
def remove_command(name: str, db: DbOption = None, lang: Lang = "nl") -> None:
    """Remove an account with its tokens and sessions (the audit trail keeps its lines)."""
    from sterkte.app import accounts

    with accounts.for_command(db) as con:
        accounts.remove_user(con, name)
    console.print(term("users.removed", lang, name=name), highlight=False)


@user_errors
def grant_command(name: str, role: Annotated[str | None, typer.Option(
                      "--role", help="The new role")] = None,
                  unit: Units = None, team: Teams = None,
                  national: Annotated[bool, typer.Option(
                      "--national", help="Lift every unit and team limit")] = False,
                  db: DbOption = None, lang: Lang = "nl") -> None:
    """Change an account's role, or the units or teams it is limited to (given ones
    replace the old ones)."""
    from sterkte.app import accounts

    if national and (unit or team):
        raise SterkteError(Msg("--national heft de beperkingen op: geef het zonder --unit of "
                               "--team",
                               "--national lifts the limits: give it without --unit or --team"))
    with accounts.for_command(db) as con:
        row = accounts.grant(con, name, role=role,
                             units=[] if national else unit, teams=[] if national else team)
    console.print(term("users.granted", lang, name=row.name, role=_role(row.role, lang),
                       scope=_scope(row.units, row.teams, lang)), highlight=False)


@user_errors
def passwd_command(name: str, password_stdin: PasswordStdin = False, db: DbOption = None,
                   lang: Lang = "nl") -> None:
    """Set an account's password."""
    from sterkte.app import accounts

    password = _password(password_stdin)
    with accounts.for_command(db) as con:
        accounts.set_password(con, name, password)
    console.print(term("users.passwd", lang, name=name), highlight=False)


@user_errors
def token_create_command(name: str, db: DbOption = None, lang: Lang = "nl") -> None:
    """A new API token for the account, printed on the last line (once)."""
    from sterkte.app import accounts

    with accounts.for_command(db) as con:
        token_id, token = accounts.create_token(con, name)
    console.print(term("tokens.created", lang, id=token_id, name=name), highlight=False)
    sys.stdout.flush()
    print(token)


@user_errors
def token_revoke_command(token_id: Annotated[str, typer.Argument(
        help="The token's id (the part after stk_, as `sterkte tokens list` shows)")],
        db: DbOption = None, lang: Lang = "nl") -> None:
    """Revoke an API token: requests with it are refused from now on."""
    from sterkte.app import accounts

    with accounts.for_command(db) as con:
        owner = accounts.revoke_token(con, token_id)
    console.print(term("tokens.revoked_msg", lang, id=token_id, name=owner), highlight=False)


@user_errors
def token_list_command(user: Annotated[str | None, typer.Option("--user")] = None,
                       db: DbOption = None, lang: Lang = "nl") -> None:
    """The API tokens (ids, never the tokens)."""
    from sterkte.app import accounts
    from sterkte.store import accounts as store

    with accounts.for_command(db) as con:
        rows = store.list_tokens(con, user)
    t = Table("tokens", term("tokens.title", lang), [
        Column("id", term("tokens.id", lang), "text"),
        Column("name", term("users.name", lang), "text"),
        Column("created", term("users.created", lang), "text"),
        Column("revoked", term("tokens.revoked", lang), "text")], lang=lang)
    for token_id, owner, created, revoked in rows:
        t.add(token_id, [token_id, owner, f"{created:%Y-%m-%d %H:%M}",
                         f"{revoked:%Y-%m-%d %H:%M}" if revoked else ""])
    show(t)


def _since(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise SterkteError(Msg(f"--since {value!r}: verwacht een datum JJJJ-MM-DD (of "
                               "JJJJ-MM-DDTUU:MM)",
                               f"--since {value!r}: expected a date YYYY-MM-DD (or "
                               "YYYY-MM-DDTHH:MM)")) from None


@user_errors
def audit_command(since: Annotated[str | None, typer.Option(
                      "--since", help="From this date (UTC), YYYY-MM-DD")] = None,
                  user: Annotated[str | None, typer.Option(
                      "--user", help="Only what this account did")] = None,
                  action: Annotated[str | None, typer.Option(
                      "--action", help="Only this action (login, token.use, job.start, "
                                       "user.add, import, …)")] = None,
                  db: DbOption = None, lang: LangOption = "nl") -> None:
    """The audit trail: logins, token use, runs, account changes and imports, with who,
    when, what and the outcome."""
    from sterkte.app import accounts
    from sterkte.store import accounts as store

    check_lang(lang)
    with accounts.for_command(db) as con:
        rows = store.audit_lines(con, _since(since), user, action)
    t = Table("audit", term("audit.title", lang), [
        Column("at", term("audit.at", lang), "text"),
        Column("user", term("audit.user", lang), "text"),
        Column("action", term("audit.action", lang), "text"),
        Column("target", term("audit.target", lang), "text"),
        Column("outcome", term("audit.outcome", lang), "text"),
        Column("address", term("audit.address", lang), "text")], lang=lang)
    for r in rows:
        t.add(str(r.id), [f"{r.at:%Y-%m-%d %H:%M:%S}", r.user or "", r.action, r.target,
                          r.outcome, r.address])
    show(t)


users.command("add")(add_command)
users.command("list")(list_command)
users.command("remove")(remove_command)
users.command("grant")(grant_command)
users.command("passwd")(passwd_command)
users.command("token")(token_create_command)
tokens.command("create")(token_create_command)
tokens.command("revoke")(token_revoke_command)
tokens.command("list")(token_list_command)
