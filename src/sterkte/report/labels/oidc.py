"""Words of logging in through an organisation's identity provider (OpenID Connect), in
Dutch and English. Each term is (Dutch, English)."""

from __future__ import annotations

TERMS: dict[str, tuple[str, str]] = {
    "oidc.login": ("Inloggen via {provider}", "Log in with {provider}"),
    "oidc.done": ("Ingelogd", "Logged in"),
    "oidc.continue": ("Verder naar het dashboard", "On to the dashboard"),
    "oidc.refused_title": ("Inloggen via {provider} geweigerd", "Login with {provider} refused"),
    "oidc.refused_next": ("Probeer het opnieuw vanaf de inlogpagina, of vraag de beheerder "
                          "van sterkte om toegang.",
                          "Try again from the login page, or ask sterkte's administrator "
                          "for access."),
    "oidc.no_group": ("{name} zit in geen groep die toegang geeft tot sterkte; de beheerder "
                      "kent groepen rollen toe.",
                      "{name} is in no group that gives access to sterkte; the administrator "
                      "maps groups to roles."),
    "oidc.no_flow": ("Deze inlogpoging is niet in deze browser begonnen of is verlopen.",
                     "This login was not started in this browser or has expired."),
    "oidc.provider_refused": ("{provider} heeft de inlog geweigerd of afgebroken.",
                              "{provider} refused or cancelled the login."),
    "oidc.unverified": ("Het antwoord van {provider} kon niet worden gecontroleerd "
                        "(handtekening, uitgever, doelgroep, geldigheid of nonce).",
                        "The answer of {provider} could not be verified (signature, "
                        "issuer, audience, validity or nonce)."),
    "oidc.unreachable": ("{provider} antwoordt nu niet; probeer het later opnieuw of log in "
                         "met een lokaal account.",
                         "{provider} does not answer now; try again later or log in with a "
                         "local account."),
    "oidc.no_name": ("Het antwoord noemt geen bruikbare naam (claim {claim}).",
                     "The answer names no usable name (claim {claim})."),
    "oidc.local_name": ("Er bestaat een lokaal account {name}; inloggen via de "
                        "identiteitsprovider onder dezelfde naam kan niet. Log in met het "
                        "lokale account, of laat de beheerder het verwijderen.",
                        "A local account {name} exists; logging in with the identity "
                        "provider under the same name is not possible. Log in with the "
                        "local account, or have the administrator remove it."),
    "access.proxied_open": ("Dit dashboard heeft geen accounts en is daarom alleen open voor "
                            "deze computer, niet via een reverse proxy. Maak eerst een "
                            "beheerder aan (sterkte users add NAAM --role beheerder) of stel "
                            "OpenID Connect in (docs/deploy.md).",
                            "This dashboard has no accounts and is therefore open to this "
                            "machine only, not through a reverse proxy. Create an admin first "
                            "(sterkte users add NAME --role admin) or set up OpenID Connect "
                            "(docs/deploy.md)."),
    "serve_cli.oidc": ("inloggen via {provider} (OpenID Connect, {rules} groepsregel(s)) of "
                       "met een lokaal account", "logins with {provider} (OpenID Connect, "
                       "{rules} group rule(s)) or with a local account"),
}
