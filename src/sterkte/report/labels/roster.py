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
    "roster_cli.solving_work": ("{team}: {persons} personen, {days} dagen vanaf {first}; "
                                "oplossen in {work} werkeenheden (deterministisch) …",
                                "{team}: {persons} people, {days} days from {first}; solving "
                                "for {work} work units (deterministic) …"),
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
    "roster_cli.cover": ("Dekking: {met} van {of} cellen gehaald; {short} tekort",
                         "Cover: {met} of {of} cells met; {short} short"),
    "roster_cli.slot": ("{n} persoonsslot", "{n} person-slot"),
    "roster_cli.slots": ("{n} persoonsslots", "{n} person-slots"),
    "roster_cli.cover_short": ("tekort {short} op {cell} (nodig {required}, ingeroosterd "
                               "{achieved})",
                               "short {short} at {cell} (needed {required}, got {achieved})"),
    "roster_cli.cell": ("dag {day} {time}", "day {day} {time}"),
    "roster_cli.more_cell": ("… en nog {n} cel", "… and {n} more cell"),
    "roster_cli.more_cells": ("… en nog {n} cellen", "… and {n} more cells"),
    "roster_cli.soft": ("Zachte doelen gemist (totale kosten {cost}):",
                        "Soft goals missed (total cost {cost}):"),
    "roster_cli.goal_cost": ("{goal}: kosten {cost}", "{goal}: cost {cost}"),
    "roster_cli.measured": ("Gemeten per persoon:", "Measured per person:"),
    "roster_cli.bound": ("Dekkingskosten {cost}, ondergrens {bound} (geen rooster van dit team "
                         "kan lager)",
                         "Cover cost {cost}, lower bound {bound} (no roster of this team can go "
                         "lower)"),
    "roster_cli.bound_at": ("  de dekking is optimaal", "  the cover is optimal"),
    "roster_cli.bound_parts": ("  onvermijdelijk: {over} persoonsslots boven de behoefte, "
                               "{short} tekort",
                               "  unavoidable: {over} person-slots over the need, {short} "
                               "short"),
    "roster_cli.written": ("rooster geschreven naar {out}", "roster written to {out}"),
    "roster_cli.progress": ("teams roosteren", "rostering teams"),
    "roster_cli.teams_done": ("{n} teams geroosterd vanaf {first}; {valid} geldig bevonden; "
                              "dekking tekort {short} van {need} persoonsuren; geschreven naar "
                              "{out}",
                              "{n} teams rostered from {first}; {valid} checked valid; cover "
                              "short {short} of {need} person-hours; written to {out}"),
    "roster_cli.teams_bound": ("Dekkingskosten {cost}, ondergrens {bound}; {at} van {n} teams op "
                               "hun ondergrens (hun dekking is optimaal)",
                               "Cover cost {cost}, lower bound {bound}; {at} of {n} teams at "
                               "their bound (their cover is optimal)"),
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
    "roster_cli.no_roster": ("geen rooster voldoet aan alle harde regels ({status})",
                             "no roster meets all hard rules ({status})"),
    # sterkte roster reroster, and why cover is short (sterkte.report.roster_text); a rule
    # in plain words with its limit ``{v}`` from the dated parameter
    "roster_text.rule.max_shift_length": ("een dienst duurt hoogstens {v:g} uur",
                                          "a shift lasts at most {v:g} hours"),
    "roster_text.rule.max_week_hours": ("hoogstens {v:g} uur werk per week",
                                        "at most {v:g} hours of work a week"),
    "roster_text.rule.avg_week_hours_4w": ("gemiddeld hoogstens {v:g} uur per week over 4 weken",
                                           "on average at most {v:g} hours a week over 4 "
                                           "weeks"),
    "roster_text.rule.avg_week_hours_16w": ("gemiddeld hoogstens {v:g} uur per week over 16 "
                                            "weken",
                                            "on average at most {v:g} hours a week over 16 "
                                            "weeks"),
    "roster_text.rule.min_rest": ("minstens {v:g} uur rust tussen twee diensten",
                                  "at least {v:g} hours of rest between two shifts"),
    "roster_text.rule.weekly_rest": ("elke week minstens {v:g} uur aaneengesloten rust",
                                     "at least {v:g} hours of unbroken rest every week"),
    "roster_text.rule.night_max_length": ("een nachtdienst duurt hoogstens {v:g} uur",
                                          "a night shift lasts at most {v:g} hours"),
    "roster_text.rule.rest_after_night": ("minstens {v:g} uur rust na een nachtdienst",
                                          "at least {v:g} hours of rest after a night shift"),
    "roster_text.rule.rest_after_night_series": ("minstens {v:g} uur rust na drie of meer "
                                                 "nachtdiensten op rij",
                                                 "at least {v:g} hours of rest after three or "
                                                 "more nights in a row"),
    "roster_text.rule.max_nights": ("hoogstens {v:g} nachtdiensten per 16 weken",
                                    "at most {v:g} night shifts in 16 weeks"),
    "roster_text.rule.free_sundays": ("minstens {v:g} vrije zondagen per jaar",
                                      "at least {v:g} free Sundays a year"),
    "roster_text.rule.max_minutes": ("niet meer uren dan het contract en de toegestane extra "
                                     "uren",
                                     "no more hours than the contract and the extra hours "
                                     "allowed"),
    "roster_text.rule.volunteer_cap": ("een vrijwilliger werkt hoogstens {v:g} uur per jaar",
                                       "a volunteer works at most {v:g} hours a year"),
    "roster_text.rule.aspirant_with_trained": ("een aspirant werkt alleen samen met een "
                                               "opgeleide collega",
                                               "an aspirant works only with a trained "
                                               "colleague"),
    "roster_text.rule.neighbourhood_norm": ("een wijkagent werkt minstens {v:.0%} van de tijd "
                                           "in de wijk",
                                           "a community officer spends at least {v:.0%} of the "
                                           "time in the neighbourhood"),
    "roster_text.rule.days_off": ("vrije dagen (verlof, opleiding)",
                                  "days off (leave, training)"),
    "roster_text.rule.max_shifts": ("hoogstens zoveel diensten van één soort",
                                    "at most so many shifts of one kind"),
    "roster_text.rule.min_minutes": ("minstens de uren van het contract",
                                     "at least the contract hours"),
    "roster_text.rule.max_consecutive": ("hoogstens zoveel diensten op rij",
                                         "at most so many shifts in a row"),
    "roster_text.rule.min_consecutive": ("minstens zoveel diensten op rij",
                                         "at least so many shifts in a row"),
    "roster_text.rule.min_consecutive_off": ("minstens zoveel vrije dagen op rij",
                                             "at least so many days off in a row"),
    "roster_text.rule.max_weekends": ("hoogstens zoveel weekenden werken",
                                      "at most so many weekends worked"),
    "roster_text.rule.shift_rotation": ("diensten die niet op elkaar mogen volgen",
                                        "shifts that may not follow each other"),
    "roster_text.sick": ("ziekte", "sickness"),
    "roster_text.leave": ("vrij op verzoek", "leave on request"),
    "roster_text.day": ("dag {day} ({weekday})", "day {day} ({weekday})"),
    **{f"roster_text.month.{m + 1}": pair for m, pair in enumerate(zip(
        ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
        strict=True))},
    "roster_text.and": (" en ", " and "),
    "roster_text.shift": ("{n} dienst", "{n} shift"),
    "roster_text.shifts": ("{n} diensten", "{n} shifts"),
    "roster_text.person_hour": ("{n} persoonsuur", "{n} person-hour"),
    "roster_text.person_hours": ("{n} persoonsuren", "{n} person-hours"),
    "roster_text.off": ("vrij", "off"),
    "roster_text.new_roster": ("Nieuw rooster: {changes} gewijzigd, waarvan {forced} door ziekte "
                               "of verlof vervallen; tekort in de bezetting {short} (was "
                               "{was}).",
                               "New roster: {changes} changed, {forced} of them dropped for "
                               "sickness or leave; cover short {short} (was {was})."),
    "roster_text.not_proved": ("(niet bewezen minimaal binnen de rekentijd)",
                               "(not proved least within the time budget)"),
    "roster_text.cover_met": ("De bezetting is overal gehaald.", "Cover is met everywhere."),
    "roster_text.cover_short": ("Te weinig bezetting: {n} tekort.", "Cover short: {n} short."),
    "roster_text.slot_short": ("{hours} {n} te weinig", "{hours} {n} short"),
    "roster_text.cause_away_one": ("Oorzaak: {what} van {who} ({days}). Als die er was, was het "
                                   "tekort {fill} kleiner (op {when}).",
                                   "Cause: {what} of {who} ({days}). Were they there, the "
                                   "shortfall would be {fill} smaller (on {when})."),
    "roster_text.cause_away_many": ("Oorzaak: {what} van {who} ({days}). Als zij er waren, was "
                                    "het tekort {fill} kleiner (op {when}).",
                                    "Cause: {what} of {who} ({days}). Were they there, the "
                                    "shortfall would be {fill} smaller (on {when})."),
    "roster_text.cause_nobody": ("Oorzaak: te weinig mensen. Ook zonder de roosterregels is er "
                                 "niemand meer om in te zetten op die dagen.",
                                 "Cause: too few people. Even without the roster rules nobody "
                                 "is left to put on those days."),
    "roster_text.cause_together": ("Oorzaak: regels samen: {rules}. Geen van die regels alleen "
                                   "verklaart het tekort; zonder ze zou {who} op {when} kunnen "
                                   "werken ({fill} minder tekort).",
                                   "Cause: rules together: {rules}. None of them alone explains "
                                   "the shortfall; without them {who} could work on {when} "
                                   "({fill} less short)."),
    "roster_text.cause_rule": ("Oorzaak: de regel ‘{rule}’{ref}. Zonder die regel zou {who} op "
                               "{when} kunnen werken; dan is het tekort {fill} kleiner.",
                               "Cause: the rule ‘{rule}’{ref}. Without it {who} could work on "
                               "{when}; the shortfall would be {fill} smaller."),
    # the checker's measures ('neighbourhood share P1')
    "roster_text.share.neighbourhood": ("Aandeel wijkwerk {person}",
                                        "Neighbourhood share {person}"),
}
