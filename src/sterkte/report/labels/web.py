"""The dashboard's pages: menu, overview, norms, CM-tafel, anticipation, roster, scenario.
Each term is (Dutch, English); ``{name}`` marks a placeholder.
"""

from __future__ import annotations

TERMS: dict[str, tuple[str, str]] = {
    # the menu
    "nav.overview": ("Overzicht", "Overview"),
    "nav.norms": ("Normen", "Norms"),
    "nav.commitments": ("Toezeggingen", "Commitments"),
    "nav.scenario": ("Scenario", "Scenario"),
    "nav.capacity": ("Capaciteit", "Capacity"),
    "nav.anticipation": ("Anticipatie", "Anticipation"),
    "nav.roster": ("Rooster", "Roster"),
    "nav.teams": ("Teams", "Teams"),
    "nav.diversity": ("Diversiteit", "Diversity"),
    "nav.earmarks": ("Oormerken", "Earmarks"),
    # words on the page templates (sterkte/web/templates)
    "web.other_language": ("English", "Nederlands"),  # the link to the other language
    "web.units": ("Eenheden", "Units"),
    "web.teams": ("Teams", "Teams"),
    "web.team": ("Team", "Team"),
    "web.diversity_none": ("Geen HR-gegevens over het jaar van de cijfers: de "
                           "diversiteitsmonitor telt personen uit de HR-registratie (sterkte "
                           "hr import).",
                           "No HR records over the figures' year: the diversity monitor "
                           "counts persons from the HR records (sterkte hr import)."),
    "web.weeks": ("Weken", "Weeks"),
    "web.with_presence": ("met preventieve presentie uit de opgeslagen anticipatierun",
                          "with preventive presence from the stored anticipation run"),
    "web.show": ("Toon", "Show"),
    "web.presence_to_cm": ("Aanbevolen uren per week gaan als gepland werk naar de CM-tafel:",
                           "Recommended hours a week go to the CM-tafel as planned work:"),
    "web.scenario_heading": ("Wat als? Een variant op de prognose",
                             "What if? A variant of the prognosis"),
    # markup: the page fills it in with term_html, which escapes the values
    "web.scenario_intro": (
        "De variant legt deze waarden vanaf 1 januari van het gekozen jaar over het "
        "referentiescenario <b>{reference}</b> en rekent vanaf de bezetting begin {year}. De "
        "opgeslagen gegevens veranderen niet.",
        "The variant lays these values, from 1 January of the chosen year, over the reference "
        "scenario <b>{reference}</b> and runs from the stocks at the start of {year}. Stored "
        "data are not changed."),
    "web.run": ("Bereken", "Run"),
    "web.new_variant": ("Nieuwe variant", "New variant"),
    "web.samples_done": ("({done}/{total} trekkingen)", "({done}/{total} samples)"),
    "web.roster_heading": ("Rooster van 28 dagen voor een team", "A 28-day roster for a team"),
    "web.roster_intro": (
        "Het rooster wordt op de achtergrond berekend (CP-SAT, politie-arbeidstijdregels) en "
        "daarna onafhankelijk gecontroleerd. Personeel uit de HR-gegevens, vraag uit "
        "synthetische meldingen. Er wordt niets opgeslagen.",
        "The roster is computed in the background (CP-SAT, police working-time rules) and "
        "then checked independently. Staff from the HR records, demand from synthetic "
        "incidents. Nothing is stored."),
    "web.time_budget": ("Rekentijd, seconden", "Time budget, seconds"),
    "web.roster_button": ("Roosteren", "Roster"),
    "web.roster_team": ("Rooster {team}", "Roster {team}"),
    "web.another_team": ("Ander team", "Another team"),
    # a background run's state (sterkte.web.jobs)
    "job.queued": ("in de wachtrij", "queued"),
    "job.running": ("bezig", "running"),
    "job.done": ("klaar", "done"),
    "job.failed": ("mislukt", "failed"),
    # overview, unit and norms pages (sterkte.web.views)
    "web.overview_title": ("Capaciteit politie — overzicht {year}",
                           "Police capacity — overview {year}"),
    "web.overview_intro": ("Prognose: scenario {scenario}. Normen op {date}.",
                           "Prognosis: scenario {scenario}. Norms on {date}."),
    "web.os_in_post_on": ("Bezetting OS 31-12-{year}", "OS in post {year}-12-31"),
    "web.balance_date_national": ("Balansdatum (nationaal)", "Balance date (national)"),
    "web.waterfall": ("Operationele sterkte {year}: begin → stromen → eind (nationaal)",
                      "Operational strength {year}: opening → flows → closing (national)"),
    "web.formatie_chart": ("Formatie en bezetting per eenheid",
                           "Formatie and staff in post per unit"),
    "web.volunteers": ("Politievrijwilligers", "Volunteers"),
    "web.wijkagent": ("Wijkagenten", "Community officers"),
    "web.absence": ("Ziekteverzuim", "Sickness absence"),
    "web.academy_intake": ("Instroom politieacademie", "Academy intake"),
    "web.graduates": ("Afgestudeerden", "Graduates"),
    # the what-if form and its comparison (sterkte.web.scenario)
    "scenario.training_length": ("Duur basisopleiding, maanden", "Programme length, months"),
    "scenario.intake": ("Instroom in opleiding per jaar, fte", "Academy intake per year, fte"),
    "scenario.lateral_entry": ("Zij-instroom in OS per jaar, fte (nationaal)",
                               "Lateral entry into OS per year, fte (national)"),
    "scenario.extra_formatie": ("Extra formatie (opgeleid), fte (nationaal)",
                                "Extra trained formatie, fte (national)"),
    "scenario.from_year": ("Wijzigingen gelden vanaf 1 januari van",
                           "Changes apply from 1 January"),
    "scenario.years": ("Horizon, jaren", "Horizon, years"),
    "scenario.samples": ("Monte-Carlo-trekkingen (0: alleen exact)",
                         "Monte Carlo samples (0: exact only)"),
    "scenario.os_in_post": ("Bezetting OS ({name})", "OS in post ({name})"),
    "scenario.trainees_variant": ("Aspiranten (variant)", "Trainees (variant)"),
    "scenario.os_title": ("Bezetting OS einde jaar: variant naast referentie (eenheden met "
                          "formatie), fte",
                          "OS in post at year end: variant beside reference (units with a "
                          "formatie), fte"),
    "scenario.balance_title": ("Balansdatum formatie en bezetting",
                               "Balance date of formatie and staff in post"),
    # the CM-tafel (sterkte.web.capacity)
    "capacity.title": ("Capaciteit per team (CM-tafel)", "Capacity per team (CM-tafel)"),
    "capacity.weeks_title": ("{team} (district {district}): vraag en aanbod per week",
                             "{team} (district {district}): demand and supply per week"),
    "capacity.demand": ("Vraag noodhulp, uur", "Response demand, h"),
    "capacity.preventive": ("waarvan preventieve presentie, uur",
                            "of which preventive presence, h"),
    "capacity.supply": ("Aanbod noodhulp, uur", "Response supply, h"),
    "capacity.gap": ("Verschil, uur", "Gap, h"),
    "capacity.wijk": ("Wijkuren, uur", "Neighbourhood hours, h"),
    "capacity.wijk_share": ("Wijkaandeel als tekort uit wijkuren",
                            "Neighbourhood share if gap filled from it"),
    "capacity.erlang": ("Erlang C: tot {officers} agenten in dienst voor prio-1-meldingen (kans "
                        "{p} op een vrije eenheid); ploegfactor {relief}.",
                        "Erlang C: up to {officers} officers on duty for priority-1 calls "
                        "(p = {p} of a free unit); shift relief factor {relief}."),
    "capacity.supply_hidden": ("× : aanbod niet getoond (team of districtsgenoot kleiner dan "
                               "{k} personen).",
                               "× : supply not shown (team or a district mate smaller than "
                               "{k} persons)."),
    "capacity.short_title": ("{team}: uren waarin de vraag boven de gemiddelde bezetting ligt",
                             "{team}: hours in which demand exceeds the average on duty"),
    "capacity.hours_week": ("Uren (ma–zo)", "Hours (Mon–Sun)"),
    "capacity.short_by": ("Tekort tot, personen", "Short by up to, persons"),
    "capacity.not_shown": ("Niet getoond: volgt uit het aanbod van een klein team.",
                           "Not shown: follows from a small team's supply."),
    "capacity.options_title": ("{team}: opties voor de CM-tafel",
                               "{team}: options for the CM-tafel"),
    "capacity.option": ("Optie", "Option"),
    "capacity.from": ("Van", "From"),
    "capacity.shifts": ("Diensten van {hours} uur", "{hours}-hour shifts"),
    "capacity.gap_after": ("Verschil daarna, uur", "Gap after, h"),
    "capacity.no_shortfall": ("Geen tekort: geen opties nodig.",
                              "No shortfall: no options needed."),
    "capacity.solidarity": ("solidariteitsdiensten", "solidarity shifts"),
    "capacity.across_district": ("planning over het district", "planning across the district"),
    "capacity.team_demand": ("{team} vraag", "{team} demand"),
    "capacity.team_supply": ("{team} aanbod", "{team} supply"),
    "capacity.chart": ("Vraag (staven) en aanbod (lijnen) noodhulp, persoonsuren per week",
                       "Response demand (bars) and supply (lines), person-hours a week"),
    "capacity.synthetic_source": ("synthetische meldingen (seed 1)",
                                  "synthetic incidents (seed 1)"),
    "capacity.no_run": (" Er is geen anticipatierun opgeslagen.",
                        " No anticipation run is stored."),
    "capacity.intro": (
        "Vanaf {first}, {weeks} weken; vraag uit {source}, {history} weken historie; personeel "
        "op {staff_day}. Persoonsuren per week. Vraag is werklast, geen gegeven over personen; "
        "aanbod wordt alleen getoond voor teams van ten minste {k} personen.",
        "From {first}, {weeks} weeks; demand from {source}, {history} weeks of history; staff "
        "on {staff_day}. Person-hours per week. Demand is workload, not a figure about "
        "persons; supply is shown only for teams of at least {k} persons."),
    "capacity.run_outside": (
        " Anticipatierun {run} ({model}) voorspelt {a} t/m {b}: geen dag van deze weken, dus "
        "telt er geen preventieve presentie mee (een plan zegt niets over andere weken). Maak "
        "een anticipatievoorspelling voor deze weken (sterkte anticipate forecast … --at {at} "
        "--areas … --save).",
        " Anticipation run {run} ({model}) forecasts {a} … {b}: no day of these weeks, so it "
        "adds no preventive presence (a plan says nothing about other weeks). Make an "
        "anticipation forecast for these weeks (sterkte anticipate forecast … --at {at} "
        "--areas … --save)."),
    "capacity.run_unfit_refused": (
        "anticipatierun {run} ({model}, opgeslagen {saved}) is NIET GESCHIKT VOOR GEBRUIK "
        "({verdict}) en is opgeslagen zonder override, dus wordt de presentie niet gepland. "
        "Sla een run op die aan de succescriteria voldoet, of een met "
        "`--override-unfit \"REDEN\"` als hij toch gebruikt moet worden",
        "anticipation run {run} ({model}, saved {saved}) is NOT FIT FOR USE ({verdict}) and "
        "was saved without an override, so its presence is not planned. Save a run that "
        "meets the success criteria, or one with `--override-unfit \"REASON\"` if it must "
        "be used anyway"),
    "capacity.run_override": (
        "anticipatierun {run} is NIET GESCHIKT VOOR GEBRUIK; toch gepland om de reden die "
        "bij het opslaan is gegeven: {reason}",
        "anticipation run {run} is NOT FIT FOR USE; planned anyway for the reason given when "
        "it was saved: {reason}"),
    "capacity.run_refused_page": (
        " Anticipatierun {run} ({model}) is NIET GESCHIKT VOOR GEBRUIK en is opgeslagen zonder "
        "override: de preventieve presentie telt niet mee. Sla een run op die aan de "
        "succescriteria voldoet, of een met --override-unfit \"REDEN\".",
        " Anticipation run {run} ({model}) is NOT FIT FOR USE and was saved without an "
        "override: its preventive presence is not counted. Save a run that meets the "
        "success criteria, or one with --override-unfit \"REASON\"."),
    "capacity.run_override_page": (
        " OVERRIDE: deze run is NIET GESCHIKT VOOR GEBRUIK en wordt toch gepland; reden bij "
        "het opslaan: {reason}.",
        " OVERRIDE: this run is NOT FIT FOR USE and is planned anyway; reason given when it "
        "was saved: {reason}."),
    "capacity.run_included": (
        " Inclusief preventieve presentie uit anticipatierun {run} ({model}, voorspelling voor "
        "{a} t/m {b}), gelijk verdeeld over de dagen, 10–22 uur, ",
        " Including preventive presence from anticipation run {run} ({model}, forecast for "
        "{a} … {b}), spread evenly over the days, 10:00–22:00, "),
    "capacity.on_all_days": ("op alle {total} dagen.", "on all {total} days."),
    "capacity.on_some_days": ("op {n} van de {total} dagen ({x} t/m {y}); dagen buiten de "
                              "periode van de run krijgen geen presentie.",
                              "on {n} of the {total} days ({x} … {y}); days outside the run's "
                              "period get none."),
    "capacity.areas_left_out": (" Gebieden die geen team zijn, tellen niet mee: {areas}.",
                                " Areas that are not teams are left out: {areas}."),
    # the anticipation page (sterkte.web.anticipation)
    "anticipation.title": ("Criminaliteitsanticipatie", "Crime anticipation"),
    "anticipation.never_persons": (
        "Anticipatie gaat over plaatsen en perioden, nooit over personen: een cel is een "
        "vierkant op de kaart, een telling is een verwacht aantal geregistreerde delicten.",
        "Anticipation is about places and periods, never about persons: a cell is a square on "
        "the map, a count is an expected number of recorded offences."),
    "anticipation.no_run": ("Er is geen anticipatierun opgeslagen: voer `sterkte anticipate "
                            "forecast … --save` uit.",
                            "No anticipation run stored: run `sterkte anticipate forecast … "
                            "--save`."),
    "anticipation.expected_lower": ("verwacht", "expected"),
    "anticipation.preventive_presence": ("preventieve presentie", "preventive presence"),
    "anticipation.map_title": ("Verwachte delicten per cel van {size} m; omlijnd: preventieve "
                               "presentie",
                               "Expected offences per {size} m cell; outlined: preventive "
                               "presence"),
    "anticipation.areas_title": ("Gebieden met de meeste aanbevolen presentie",
                                 "Areas with the most recommended presence"),
    "anticipation.area_team": ("Gebied (team)", "Area (team)"),
    "anticipation.expected_in_area": ("Verwacht in het gebied", "Expected in the area"),
    "anticipation.cells_with_presence": ("Cellen met presentie", "Cells with presence"),
    "anticipation.expected_in_cells": ("Verwacht in die cellen", "Expected in those cells"),
    "anticipation.recommended_hours": ("Aanbevolen uur per week", "Recommended hours a week"),
    "anticipation.areas_explanation": ("Verwachte delicten in {days} dagen vanaf {origin}.",
                                       "Expected offences in {days} days from {origin}."),
    "anticipation.cells_title": ("Cellen met preventieve presentie (hoogste verwachting "
                                 "eerst, ten hoogste {n})",
                                 "Cells with preventive presence (highest forecast first, at "
                                 "most {n})"),
    "anticipation.area": ("Gebied", "Area"),
    "anticipation.expected": ("Verwacht", "Expected"),
    "anticipation.minutes_a_day": ("Minuten per dag", "Minutes a day"),
    "anticipation.verdict_fit": ("voldoet aan de succescriteria", "meets the success criteria"),
    "anticipation.verdict_not_fit": ("NIET GESCHIKT VOOR GEBRUIK: geen model voldoet aan de "
                                     "succescriteria",
                                     "NOT FIT FOR USE: no model meets the success criteria"),
    "anticipation.verdict_unchecked": ("model gekozen met --model; niet getoetst aan de "
                                       "succescriteria",
                                       "model named with --model; not checked against the "
                                       "success criteria"),
    "anticipation.run_title": ("De opgeslagen run", "The stored run"),
    "anticipation.model": ("Model", "Model"),
    "anticipation.verdict": ("Oordeel", "Verdict"),
    "anticipation.period": ("Periode", "Period"),
    "anticipation.cells": ("Cellen", "Cells"),
    "anticipation.data": ("Gegevens", "Data"),
    "anticipation.saved": ("Opgeslagen", "Saved"),
    "anticipation.parameters_of": ("Parameters van", "Parameters of"),
    "anticipation.fit_for_use": ("Geschikt voor gebruik", "Fit for use"),
    "anticipation.expected_in_days": ("Verwacht in {days} dagen", "Expected in {days} days"),
    "anticipation.presence_hours": ("Preventieve presentie, uur per week",
                                    "Preventive presence, hours a week"),
    # the roster page (sterkte.web.roster)
    "roster.title": ("Rooster {team}, {days} dagen vanaf {first}",
                     "Roster {team}, {days} days from {first}"),
    "roster.none_found": ("Geen rooster gevonden dat aan alle harde regels voldoet binnen "
                          "{seconds} s ({status}).",
                          "No roster meeting every hard rule found within {seconds} s "
                          "({status})."),
    "roster.employee": ("Medewerker", "Employee"),
    "roster.shifts_title": ("Diensten per medewerker en dag", "Shifts per employee and day"),
    "roster.shifts_note": ("Diensten: {shifts}", "Shifts: {shifts}"),
    "roster.pseudonymous": ("Medewerkers zijn pseudonieme HR-nummers van de synthetische "
                            "politie.",
                            "Employees are pseudonymous HR ids of the synthetic police."),
    "roster.cover_title": ("Dekking per uur: ingeroosterd/nodig (personen noodhulp)",
                           "Cover per hour: rostered/needed (response persons)"),
    "roster.short_title": ("Dagen met te weinig dekking", "Days with too little cover"),
    "roster.hours_short": ("Uren met tekort", "Hours short"),
    "roster.short_person_hours": ("Tekort, persoonsuren", "Short, person-hours"),
    "roster.largest_shortfall": ("Grootste tekort, personen", "Largest shortfall, persons"),
    "roster.every_hour_covered": ("Elk uur voldoende gedekt.", "Every hour covered."),
    "roster.missed_title": ("Gemiste zachte doelen en hun kosten",
                            "Soft goals missed and their cost"),
    "roster.goal": ("Doel", "Goal"),
    "roster.cost": ("Kosten", "Cost"),
    "roster.total_cost": ("Totaal: {cost}", "Total: {cost}"),
    "roster.rules_title": ("Harde regels, opnieuw gecontroleerd op het rooster zelf",
                           "Hard rules, re-checked on the roster itself"),
    "roster.rule": ("Regel", "Rule"),
    "roster.checks": ("Controles", "Checks"),
    "roster.broken": ("Geschonden", "Broken"),
    "roster.verdict": ("Oordeel", "Verdict"),
    "roster.hard_rules": ("Harde regels", "Hard rules"),
    "roster.all_hold": ("alle gehouden", "all hold"),
    "roster.broken_upper": ("GESCHONDEN", "BROKEN"),
    "roster.cover_short": ("Dekking tekort, persoonsuren", "Cover short, person-hours"),
    "roster.soft_cost": ("Kosten zachte doelen", "Soft-goal cost"),
    "roster.cover_bound": ("Dekkingskosten (ondergrens voor elk rooster)",
                           "Cover cost (lower bound for any roster)"),
    "roster.cover_bound_value": ("{cost} ({bound})", "{cost} ({bound})"),
    "roster.employees": ("Medewerkers", "Employees"),
    "roster.intro": ("Opgelost in {seconds} s ({status}); vraag uit synthetische meldingen "
                     "(seed 1), regels: politie-arbeidstijden.",
                     "Solved in {seconds} s ({status}); demand from synthetic incidents "
                     "(seed 1), rules: police working time."),
    "roster.sick": (" Ziekgemeld (HR-gegevens): {persons} medewerker(s), {days} persoonsdagen "
                    "niet ingeroosterd{partly}.",
                    " Reported sick (HR records): {persons} employee(s), {days} person-days "
                    "not rostered{partly}."),
    "roster.partly": (", {n} gedeeltelijk ziek met minder uren",
                      ", {n} partly sick with fewer hours"),
    "roster.no_shift": (" Binnen deze rekentijd is geen enkele dienst ingeroosterd: geef meer "
                        "seconden.",
                        " No shift was rostered within this time budget: give more seconds."),
}
