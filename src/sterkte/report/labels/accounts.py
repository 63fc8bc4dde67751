"""Words of the accounts, tokens and audit commands and of the dashboard's login page and
background runs, in Dutch and English. Each term is (Dutch, English)."""

from __future__ import annotations

TERMS: dict[str, tuple[str, str]] = {
    # roles as shown
    "role.viewer": ("lezer", "viewer"),
    "role.planner": ("planner", "planner"),
    "role.admin": ("beheerder", "admin"),
    # sterkte users list / tokens list / audit
    "users.title": ("Accounts", "Accounts"),
    "users.name": ("account", "account"),
    "users.role": ("rol", "role"),
    "users.units": ("eenheden", "units"),
    "users.teams": ("teams", "teams"),
    "users.scope_all": ("alles (landelijk)", "everything (national)"),
    "users.password": ("wachtwoord", "password"),
    "users.created": ("aangemaakt", "created"),
    "users.none": ("geen accounts: het dashboard is open voor wie het bereikt (alleen op deze "
                   "computer)", "no accounts: the dashboard is open to whoever reaches it "
                   "(this machine only)"),
    "users.added": ("account {name} aangemaakt ({role})", "account {name} created ({role})"),
    "users.granted": ("account {name}: {role}, {scope}", "account {name}: {role}, {scope}"),
    "users.removed": ("account {name} verwijderd, met zijn tokens en sessies",
                      "account {name} removed, with its tokens and sessions"),
    "users.passwd": ("wachtwoord van {name} gewijzigd", "password of {name} changed"),
    "users.yes": ("ja", "yes"),
    "users.no": ("nee", "no"),
    "tokens.title": ("API-tokens", "API tokens"),
    "tokens.id": ("token", "token"),
    "tokens.revoked": ("ingetrokken", "revoked"),
    "tokens.created": ("nieuw token {id} voor {name}; het staat hieronder en wordt niet "
                       "opnieuw getoond (opgeslagen is alleen een hash):",
                       "new token {id} for {name}; it is below and is not shown again (only "
                       "a hash is stored):"),
    "tokens.revoked_msg": ("token {id} van {name} ingetrokken", "token {id} of {name} revoked"),
    "audit.title": ("Audittrail", "Audit trail"),
    "audit.at": ("tijd (UTC)", "time (UTC)"),
    "audit.user": ("wie", "who"),
    "audit.action": ("wat", "action"),
    "audit.target": ("waarop", "target"),
    "audit.outcome": ("uitkomst", "outcome"),
    "audit.address": ("adres", "address"),
    # the dashboard: login page and banners
    "login.title": ("Inloggen", "Log in"),
    "login.name": ("Account", "Account"),
    "login.password": ("Wachtwoord", "Password"),
    "login.submit": ("Inloggen", "Log in"),
    "login.bad": ("Onbekend account of onjuist wachtwoord.", "Unknown account or wrong password."),
    "login.slowed": ("Te veel mislukte pogingen voor dit account: probeer het over {minutes} "
                     "minuten opnieuw.", "Too many failed attempts for this account: try "
                     "again in {minutes} minutes."),
    "login.busy": ("De opslag is bezet; probeer het zo opnieuw.",
                   "The store is busy; try again in a moment."),
    "login.logout": ("Uitloggen", "Log out"),
    "login.as": ("Ingelogd als {name} ({role}, {scope})",
                 "Logged in as {name} ({role}, {scope})"),
    "login.open": ("Dit dashboard heeft geen accounts: iedereen die het bereikt kan alles zien "
                   "en runs starten. Het luistert alleen op deze computer; zie docs/deploy.md "
                   "om accounts aan te maken.",
                   "This dashboard has no accounts: anyone who reaches it can see everything "
                   "and start runs. It listens on this machine only; see docs/deploy.md to "
                   "create accounts."),
    # sterkte serve
    "serve_cli.refuse_open": ("de opslag heeft geen accounts: zonder accounts luistert het "
                              "dashboard alleen op deze computer (--host 127.0.0.1), niet op "
                              "{host}; maak eerst een beheerder aan: sterkte users add NAAM "
                              "--role beheerder (docs/deploy.md)",
                              "the store has no accounts: without accounts the dashboard "
                              "listens on this machine only (--host 127.0.0.1), not on {host}; "
                              "create an admin first: sterkte users add NAME --role admin "
                              "(docs/deploy.md)"),
    "serve_cli.busy": ("de opslag is nu bezet (er wordt ingelezen): het dashboard start en "
                       "vraagt om in te loggen zodra de opslag accounts blijkt te hebben",
                       "the store is busy now (an import is writing): the dashboard starts and "
                       "asks for a login as soon as the store turns out to have accounts"),
    "serve_cli.open": ("geen accounts: het dashboard is open voor iedereen op deze computer",
                       "no accounts: the dashboard is open to everyone on this machine"),
    "serve_cli.guarded": ("accounts: inloggen of een API-token is nodig",
                          "accounts: a login or an API token is needed"),
    # refusals (403/401/429) of the dashboard and API
    "access.login": ("log in (of stuur een API-token: Authorization: Bearer …)",
                     "log in (or send an API token: Authorization: Bearer …)"),
    "access.unit": ("{name} mag eenheid {code} niet zien (wel: {scope})",
                    "{name} may not see unit {code} (may see: {scope})"),
    "access.team": ("{name} mag team {code} niet zien (wel: {scope})",
                    "{name} may not see team {code} (may see: {scope})"),
    "access.choose_team": ("kies een eigen team: ?team=… (wel: {scope})",
                           "choose a team of your own: ?team=… (may see: {scope})"),
    "access.choose_unit": ("kies een eenheid: ?unit=… (wel: {scope}, of NP voor het land)",
                           "choose a unit: ?unit=… (may see: {scope}, or NP for the country)"),
    "access.run": ("{name} ({role}) mag geen runs starten: dat mogen planners en beheerders",
                   "{name} ({role}) may not start runs: planners and admins may"),
    "access.admin": ("alleen beheerders mogen dit", "admins only"),
    "access.csrf": ("formulier verlopen of niet van dit dashboard: laad de pagina opnieuw",
                    "form expired or not from this dashboard: reload the page"),
    "access.origin": ("verzoek van een andere site ({origin}) geweigerd",
                      "request from another site ({origin}) refused"),
    "access.not_yours": ("run {id} is van een ander account", "run {id} belongs to another "
                         "account"),
    # background runs
    "jobs.limit_user": ("u heeft al {running} run(s) lopen en {queued} in de wachtrij (grens: "
                        "{limit}); wacht tot er een klaar is of annuleer er een",
                        "you already have {running} run(s) running and {queued} queued "
                        "(limit: {limit}); wait for one to finish or cancel one"),
    "jobs.limit_all": ("de wachtrij is vol ({queued} runs wachten, grens {limit}); probeer het "
                       "later opnieuw", "the queue is full ({queued} runs waiting, limit "
                       "{limit}); try again later"),
    "jobs.position": ("plaats {position} in de wachtrij", "position {position} in the queue"),
    "jobs.cancel": ("Annuleren", "Cancel"),
    "job.cancelled": ("geannuleerd", "cancelled"),
    "jobs.restarted": ("de server is herstart terwijl deze run liep of wachtte; start hem "
                       "opnieuw", "the server restarted while this run was running or "
                       "waiting; start it again"),
}
