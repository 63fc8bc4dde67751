"""Working-time rules and soft goals of the roster, by the roster's own keys: the names
reports, pages and `sterkte roster` show. Each term is (Dutch, English).
"""

from __future__ import annotations

TERMS: dict[str, tuple[str, str]] = {
    # hard rules (sterkte.roster: the police rules and the checker's general ones)
    "roster.rule.max_shift_length": ("Maximale diensduur", "Longest shift"),
    "roster.rule.max_week_hours": ("Maximaal uren per week", "Most hours a week"),
    "roster.rule.avg_week_hours_4w": ("Gemiddeld uren per week over 4 weken",
                                      "Average hours a week over 4 weeks"),
    "roster.rule.avg_week_hours_16w": ("Gemiddeld uren per week over 16 weken",
                                       "Average hours a week over 16 weeks"),
    "roster.rule.min_rest": ("Minimale rust tussen diensten", "Least rest between shifts"),
    "roster.rule.weekly_rest": ("Wekelijkse rust", "Weekly rest"),
    "roster.rule.night_max_length": ("Maximale duur nachtdienst", "Longest night shift"),
    "roster.rule.rest_after_night": ("Rust na een nachtdienst", "Rest after a night shift"),
    "roster.rule.rest_after_night_series": ("Rust na een reeks nachtdiensten",
                                            "Rest after a series of night shifts"),
    "roster.rule.max_nights": ("Maximaal aantal nachtdiensten", "Most night shifts"),
    "roster.rule.free_sundays": ("Vrije zondagen", "Free Sundays"),
    "roster.rule.max_minutes": ("Maximale werktijd in de periode",
                                "Most working time in the period"),
    "roster.rule.min_minutes": ("Minimale werktijd in de periode",
                                "Least working time in the period"),
    "roster.rule.volunteer_cap": ("Urenplafond vrijwilligers", "Volunteers' hours cap"),
    "roster.rule.aspirant_with_trained": ("Aspirant alleen met opgeleide collega",
                                          "Trainee only with a trained colleague"),
    "roster.rule.days_off": ("Vrije dagen en ziekte", "Days off and sickness"),
    "roster.rule.neighbourhood_norm": ("Wijkuren wijkagenten (80%-norm)",
                                       "Community officers' neighbourhood hours (80 % norm)"),
    "roster.rule.max_shifts": ("Maximaal aantal diensten", "Most shifts"),
    "roster.rule.max_consecutive": ("Maximaal aantal diensten achter elkaar",
                                    "Most shifts in a row"),
    "roster.rule.min_consecutive": ("Minimaal aantal diensten achter elkaar",
                                    "Least shifts in a row"),
    "roster.rule.min_consecutive_off": ("Minimaal aantal vrije dagen achter elkaar",
                                        "Least days off in a row"),
    "roster.rule.max_weekends": ("Maximaal aantal weekenden", "Most weekends worked"),
    "roster.rule.roster": ("Rooster (onbekende medewerker, dag of dienst)",
                           "Roster (unknown employee, day or shift)"),
    # soft goals (their labels in sterkte.roster)
    "roster.goal.cover": ("Dekking", "Cover"),
    "roster.goal.personal_requests": ("Persoonlijke verzoeken", "Personal requests"),
    "roster.goal.neighbourhood_share": ("Aandeel wijkwerk", "Neighbourhood share"),
    "roster.goal.nights_spread_evenly": ("Nachtdiensten gelijk verdeeld",
                                         "Nights spread evenly"),
    "roster.goal.weekends_spread_evenly": ("Weekenden gelijk verdeeld",
                                           "Weekends spread evenly"),
    # sterkte roster team|teams|nrp|nrp-check
    "roster_cli.solving": ("{team}: {persons} personen, {days} dagen vanaf {first}; oplossen in "
                           "{seconds} s …",
                           "{team}: {persons} people, {days} days from {first}; solving for "
                           "{seconds} s …"),
    "roster_cli.sick": ("Ziekgemeld: {persons}, {days} niet ingeroosterd",
                        "Reported sick: {persons}, {days} not rostered"),
    "roster_cli.person": ("{n} persoon", "{n} person"),
    "roster_cli.persons": ("{n} personen", "{n} persons"),
    "roster_cli.person_day": ("{n} persoonsdag", "{n} person-day"),
    "roster_cli.person_days": ("{n} persoonsdagen", "{n} person-days"),
    "roster_cli.partly": (", {n} gedeeltelijk ziek met minder uren",
                          ", {n} partly sick with fewer hours"),
    "roster_cli.records_until": (" (HR-gegevens tot en met {day})", " (HR records up to {day})"),
    "roster_cli.conflict": ("geen rooster voldoet aan alle harde regels; deze regels botsen: ",
                            "no roster meets all hard rules; these rules conflict: "),
    "roster_cli.rules": ("Harde regels (opnieuw gecontroleerd op het rooster zelf):",
                         "Hard rules (re-checked on the roster itself):"),
    "roster_cli.rule_holds": ("{rule}: gehouden in alle {of} controles",
                              "{rule}: holds in all {of} checks"),
    "roster_cli.rule_fails": ("{rule}: {n} van {of} controles mislukt",
                              "{rule}: {n} of {of} checks fail"),
    "roster_cli.cover": ("Dekking: {met} van {of} cellen gehaald; {short} persoonsslots tekort",
                         "Cover: {met} of {of} cells met; {short} person-slots short"),
    "roster_cli.cover_short": ("tekort {short} op {cell} (nodig {required}, ingeroosterd "
                               "{achieved})",
                               "short {short} at {cell} (needed {required}, got {achieved})"),
    "roster_cli.cell": ("dag {day} {time}", "day {day} {time}"),
    "roster_cli.more_cells": ("… en nog {n} cellen", "… and {n} more cells"),
    "roster_cli.soft": ("Zachte doelen gemist (totale kosten {cost}):",
                        "Soft goals missed (total cost {cost}):"),
    "roster_cli.goal_cost": ("{goal}: kosten {cost}", "{goal}: cost {cost}"),
    "roster_cli.measured": ("Gemeten per persoon:", "Measured per person:"),
    "roster_cli.written": ("rooster geschreven naar {out}", "roster written to {out}"),
    "roster_cli.progress": ("teams roosteren", "rostering teams"),
    "roster_cli.teams_done": ("{n} teams geroosterd vanaf {first}; {valid} geldig bevonden; "
                              "dekking tekort {short} van {need} persoonsuren; geschreven naar "
                              "{out}",
                              "{n} teams rostered from {first}; {valid} checked valid; cover "
                              "short {short} of {need} person-hours; written to {out}"),
    "roster_cli.no_valid": ("geen geldig rooster voor: {teams}", "no valid roster for: {teams}"),
    "roster_cli.none_within": ("geen rooster gevonden binnen {seconds} s ({status})",
                               "no roster found within {seconds} s ({status})"),
    "roster_cli.broken": ("harde regel geschonden: {what}", "hard constraint broken: {what}"),
    "roster_cli.proved": (" (bewezen optimaal)", " (proved optimal)"),
    "roster_cli.nrp_done": ("{name}: doelwaarde {objective}{proved} — verzoeken {requests}, "
                            "dekking {cover}; gecontroleerd; geschreven naar {out}",
                            "{name}: objective {objective}{proved} — requests {requests}, "
                            "cover {cover}; checked; written to {out}"),
    "roster_cli.nrp_checked": ("{name}: doelwaarde {objective} — verzoeken {requests}, dekking "
                               "{cover}; {verdict}",
                               "{name}: objective {objective} — requests {requests}, cover "
                               "{cover}; {verdict}"),
    "roster_cli.valid": ("geldig", "valid"),
    "roster_cli.invalid": ("ONGELDIG", "INVALID"),
}
