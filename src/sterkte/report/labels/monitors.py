"""The monitors of issue 16: diversity, the team dashboard, earmarked capacity, volunteers
by appointment type and the commitments' statuses. Each term is (Dutch, English);
``{name}`` marks a placeholder."""

from __future__ import annotations

TERMS: dict[str, tuple[str, str]] = {
    # the diversity monitor
    "annex.diversity": ("Diversiteit en inclusie (Politie voor Iedereen)",
                        "Diversity and inclusion (Politie voor Iedereen)"),
    "annex.diversity_intro": ("Personen per eenheid naar geslacht en culturele achtergrond, "
                              "naast de doelen per eenheid. Geen cijfer gaat over minder dan "
                              "{k} personen, en geen verborgen cijfer is uit de totalen of "
                              "aandelen af te leiden. Culturele achtergrond komt alleen als "
                              "tellingen per eenheid uit een statistische bron, nooit per "
                              "persoon.",
                              "Persons per unit by gender and cultural background, beside "
                              "the targets per unit. No figure is about fewer than {k} "
                              "people, and no hidden figure can be derived from the totals "
                              "or shares. Cultural background comes only as counts per unit "
                              "from a statistical source, never per person."),
    "div.title": ("Diversiteit {year}: {population} naar {dimension}, personen",
                  "Diversity {year}: {population} by {dimension}, persons"),
    "div.trend_title": ("Aandeel {group} in {population} per jaar, %",
                        "Share of {group} in {population} per year, %"),
    "div.population.intake": ("instroom politieopleiding", "academy intake"),
    "div.population.leadership": ("leidinggevenden", "leadership positions"),
    "div.population.outflow": ("uitstroom", "outflow"),
    "div.population.staff": ("personeel", "staff"),
    "div.dimension.gender": ("geslacht", "gender"),
    "div.dimension.age": ("leeftijd", "age band"),
    "div.dimension.background": ("culturele achtergrond", "cultural background"),
    "div.group.man": ("man", "men"),
    "div.group.vrouw": ("vrouw", "women"),
    "div.group.x": ("x", "x"),
    "div.group.onbekend": ("onbekend", "unknown"),
    "div.share": ("Aandeel {group}", "Share {group}"),
    "div.target": ("Doel {group}", "Target {group}"),
    "div.gap": ("Verschil {group} (%-punt)", "Difference {group} (pp)"),
    "div.status": ("Doel {group} gehaald", "Target {group} met"),
    "div.explanation": ("Aandeel {group} nationaal {share}; doel gehaald in {met} van {n} "
                        "eenheden met een doel en een zichtbaar aandeel.",
                        "Share of {group} nationally {share}; target met in {met} of {n} "
                        "units with a target and a shown share."),
    "div.trend_explanation": ("Aandeel {group} nationaal: {p1} in {first}, {p2} in {last}.",
                              "Share of {group} nationally: {p1} in {first}, {p2} in "
                              "{last}."),
    "div.trend_hidden": ("Het nationale aandeel is in te weinig jaren zichtbaar voor een "
                         "trend.",
                         "The national share is shown in too few years for a trend."),
    "vol.types_unit_title": ("Politievrijwilligers op 31-12-{year} per eenheid naar "
                             "aanstelling, personen",
                             "Police volunteers on {year}-12-31 per unit by appointment "
                             "type, persons"),
    "vol.types_unit_explanation": ("{n} vrijwilligers in {units} eenheden; de meeste in "
                                   "{largest}.",
                                   "{n} volunteers in {units} units; most in {largest}."),
    "div.explanation_plain": ("{n} personen; aandelen per groep nationaal: {shares}.",
                              "{n} persons; shares by group nationally: {shares}."),
    "div.source_hr": ("Bron: HR-registratie (geslacht en geboortejaar per persoon, optioneel "
                      "geregistreerd; onbekend = niet geregistreerd).",
                      "Source: HR records (gender and birth year per person, gender "
                      "optional; unknown = not recorded)."),
    "div.source_background": ("Bron: {source}, als tellingen per eenheid (nooit per "
                              "persoon). Definitie: {definition}",
                              "Source: {source}, as counts per unit (never per person). "
                              "Definition: {definition}"),
    "div.leadership_note": ("Leidinggevenden: functie 'leiding' volgens de HR-registratie "
                            "op de extractiedatum; functies zijn niet gehistoriseerd, dus "
                            "alleen voor {year}.",
                            "Leadership: function 'leiding' in the HR records on the "
                            "extract date; functions are not historised, so only for "
                            "{year}."),
    "div.targets_note": ("Doelen per eenheid: {reference}",
                         "Targets per unit: {reference}"),
    "div.no_target": ("geen", "none"),
    # the team dashboard
    "team.title": ("Teamdashboard {team}", "Team dashboard {team}"),
    "team.intro": ("{unit}, district {district}; bezetting op {date}.",
                   "{unit}, district {district}; staffing on {date}."),
    "team.staffing_title": ("{team}: bezetting, verzuim en vrijwilligers op {date}",
                            "{team}: staffing, absence and volunteers on {date}"),
    "team.indicator": ("Indicator", "Indicator"),
    "team.survey_title": ("{team}: MedewerkersMonitor per meting en dimensie (score)",
                          "{team}: employee survey (MedewerkersMonitor) per wave and "
                          "dimension (score)"),
    "team.respondents_title": ("{team}: respondenten per meting en dimensie",
                               "{team}: respondents per wave and dimension"),
    "team.change_title": ("{team}: verandering sinds de vorige meting (score)",
                          "{team}: change since the previous wave (score)"),
    "team.dimension": ("Dimensie", "Dimension"),
    "team.dimension.sociale_veiligheid": ("Sociale veiligheid", "Social safety"),
    "team.dimension.werkdruk": ("Werkdruk", "Workload"),
    "team.dimension.leiderschap": ("Leiderschap", "Leadership"),
    "team.dimension.betrokkenheid": ("Betrokkenheid", "Engagement"),
    "team.survey_note": ("{mark} = niet getoond: minder dan {k} respondenten, of zou via een "
                         "districtscijfer zo'n score prijsgeven.",
                         "{mark} = not shown: fewer than {k} respondents, or would reveal "
                         "such a score through a district figure."),
    "team.survey_source": ("Bron enquête: {source}.", "Survey source: {source}."),
    "team.left_out": ("Weggelaten (dimensie niet in de editie van die golf, of score buiten "
                      "de schaal): {what}.",
                      "Left out (dimension not in force on its wave, or score off its "
                      "scale): {what}."),
    "team.no_survey": ("Geen enquêteresultaten voor dit team in de store (sterkte teams "
                       "import-survey).",
                       "No survey results for this team in the store (sterkte teams "
                       "import-survey)."),
    "team.pressure_title": ("{team}: CM-tafel en overwerkdruk, {weeks} weken vanaf {date} "
                            "(persoonsuren per week)",
                            "{team}: CM-tafel and overtime pressure, {weeks} weeks from "
                            "{date} (person-hours per week)"),
    "team.demand": ("Vraag (noodhulp en gepland werk)", "Demand (response and planned work)"),
    "team.supply": ("Aanbod", "Supply"),
    "team.gap": ("Aanbod − vraag", "Supply − demand"),
    "team.professionals": ("Medewerkers met contracturen", "Staff with contract hours"),
    "team.overtime": ("Extra uren per medewerker per jaar om het tekort te dichten",
                      "Extra hours per person a year to close the gap"),
    "team.overtime_cap": ("Ten hoogste extra uren per jaar (Barp art. 12)",
                          "Most extra hours a year (Barp art. 12)"),
    "team.pressure_note": ("Vraag uit synthetische incidenten (zoals sterkte capacity zonder "
                           "--incidents); aanbod en wat eruit volgt gaan over de mensen van "
                           "het team en zijn {mark} onder {k} personen.",
                           "Demand from synthetic incidents (as sterkte capacity without "
                           "--incidents); supply and what follows from it are about the "
                           "team's people and are {mark} under {k} persons."),
    "team.wave": ("Meting {date}", "Wave {date}"),
    # earmarked capacity
    "earmarks.section": ("Geoormerkte capaciteit", "Earmarked capacity"),
    "earmarks.title": ("Geoormerkte capaciteit op {date}: formatie en bezetting, fte",
                       "Earmarked capacity on {date}: formatie and bezetting, fte"),
    "earmarks.programme": ("Programma / taak", "Programme / task"),
    "earmarks.scope": ("Eenheid", "Unit"),
    "earmarks.earmarked": ("Geoormerkt", "Earmarked"),
    "earmarks.since": ("Sinds", "Since"),
    "earmarks.until": ("Tot", "Until"),
    "earmarks.bezetting": ("Bezetting", "In post"),
    "earmarks.bezetting_on": ("Peildatum bezetting", "In post on"),
    "earmarks.difference": ("Bezetting − oormerk", "In post − earmarked"),
    "earmarks.understaffing": ("Onderbezetting", "Understaffing"),
    "earmarks.source": ("Bron bezetting", "Source of in post"),
    "earmarks.reference": ("Bron oormerk", "Source of earmark"),
    "earmarks.hr": ("HR-registratie (functie)", "HR records (function)"),
    "earmarks.none": ("geen bezetting bekend (sterkte earmarks import)",
                      "no bezetting known (sterkte earmarks import)"),
    "earmarks.explanation": ("{met} van {n} oormerken gevuld; {unknown} zonder bezetting.",
                             "{met} of {n} earmarks filled; {unknown} without bezetting."),
    "earmarks.programme.mit": ("Multidisciplinair Interventieteam (MIT)",
                               "Multidisciplinary Intervention Team (MIT)"),
    "earmarks.programme.avim_opsporing": ("AVIM mensenhandel: opsporing",
                                          "AVIM human trafficking: investigation"),
    "earmarks.programme.avim_identificatie": ("AVIM mensenhandel: identificatie",
                                              "AVIM human trafficking: identification"),
    "earmarks.programme.tim": ("TIM (vaste formatie)", "TIM (fixed formatie)"),
    "earmarks.programme.wijkagent": ("Wijkagenten", "Community officers"),
    "earmarks.task.verkeershandhaving": ("Verkeershandhaving", "Traffic enforcement"),
    "understaffing.title": ("Onderbezetting per taak, % van de formatie",
                            "Understaffing per task, % of the formatie"),
    "understaffing.task": ("Taak", "Task"),
    "understaffing.period": ("Peildatum", "Period"),
    "understaffing.percent": ("Onderbezetting", "Understaffing"),
    "understaffing.change": ("Verandering (%-punt)", "Change (pp)"),
    "understaffing.bundled": ("Geen import: de in de halfjaarberichten gepubliceerde cijfers "
                              "(meegeleverd).",
                              "No import: the figures published in the half-yearly letters "
                              "(bundled)."),
    "understaffing.explanation": ("{task}: van {first} ({p1}) naar {last} ({p2}).",
                                  "{task}: from {first} ({p1}) to {last} ({p2})."),
    # volunteers by appointment type
    "vol.types_title": ("Politievrijwilligers op 31-12-{year} naar aanstelling, personen",
                        "Police volunteers on {year}-12-31 by appointment type, persons"),
    "vol.type": ("Aanstelling", "Appointment type"),
    "vol.type.executief": ("Executief, generiek inzetbaar", "Executive, generic deployability"),
    "vol.type.esi": ("Executief, specifiek inzetbaar (ESI)",
                     "Executive, specific deployability (ESI)"),
    "vol.type.ath": ("Administratief, technisch en overig (ATH)",
                     "Administrative, technical and other (ATH)"),
    "vol.type.unknown": ("Onbekend", "Unknown"),
    "vol.count": ("Aantal", "Number"),
    "vol.share": ("Aandeel", "Share"),
    "vol.published": ("Gepubliceerd 31-12-2021", "Published 2021-12-31"),
    "vol.published_share": ("Aandeel gepubliceerd", "Published share"),
    "vol.target_row": ("Doel (personen)", "Target (persons)"),
    "vol.target_gap": ("Afstand tot het doel", "Distance to the target"),
    "vol.published_note": ("Gepubliceerd: 2.619 vrijwilligers op 31-12-2021; de brief "
                           "noemt per aanstelling 1.244 + 103 + 1.325 = 2.672, niet 2.619 "
                           "(een inconsistentie in de brief zelf). Aandelen zijn van 2.672.",
                           "Published: 2,619 volunteers on 2021-12-31; the letter gives by "
                           "type 1,244 + 103 + 1,325 = 2,672, not 2,619 (an inconsistency "
                           "in the letter itself). Shares are of 2,672."),
    "vol.target_note": ("Doel: {target} vrijwilligers ({reference}).",
                        "Target: {target} volunteers ({reference})."),
    "vol.flows_explanation": ("{opening} op 31-12-{prev} + {intake} instroom − {outflow} "
                              "uitstroom + {from_prof} van beroeps − {to_prof} naar beroeps "
                              "= {closing} op 31-12-{year}; doel {target}: nog {gap}.",
                              "{opening} on {prev}-12-31 + {intake} in − {outflow} out + "
                              "{from_prof} from professional posts − {to_prof} to professional "
                              "posts = {closing} on {year}-12-31; target {target}: {gap} to "
                              "go."),
    # the commitments' statuses
    "commitments.decided_by": ("Status volgens", "Status by"),
    "commitments.decided_data": ("gegevens: {what}", "data: {what}"),
    "commitments.decided_analyst": ("analist: {who}, {when}", "analyst: {who}, {when}"),
    "commitments.no_reference": ("niet vermeld in de brief", "not given in the letter"),
    "commitments.unknown_date": ("onbekend", "unknown"),
    "commitments.data_count": ("{n} met status uit de gegevens", "{n} with a status from data"),
    # what the monitor commands print
    "diversity.nothing": ("niets te tonen voor die populatie en dimensie in {year} (culturele "
                          "achtergrond vraagt `sterkte diversity import`)",
                          "nothing to show for that population and dimension in {year} "
                          "(cultural background needs `sterkte diversity import`)"),
    "diversity.imported": ("{file}: {n} aantallen naar culturele achtergrond ingelezen "
                           "(vervangen de eerdere)",
                           "{file}: {n} counts of cultural background imported (replacing "
                           "earlier ones)"),
    "earmarks.imported": ("{file}: {n} rijen {kind} ingelezen (vervangen de eerdere)",
                          "{file}: {n} rows of {kind} imported (replacing earlier ones)"),
    "survey.imported": ("{file}: {n} enquêteresultaten ingelezen (vervangen de eerdere)",
                        "{file}: {n} survey results imported (replacing earlier ones)"),
    "synth_aggregates.wrote": ("{background}, {survey} en {earmarks} geschreven "
                               "(synthetisch). Inlezen:",
                               "wrote {background}, {survey} and {earmarks} (synthetic). "
                               "Import:"),
}
