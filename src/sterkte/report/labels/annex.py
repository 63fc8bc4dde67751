"""The capacity annex, the prognosis, norms, teams and commitments: titles, headers,
notes and explanations. Each term is (Dutch, English); ``{name}`` marks a placeholder.
"""

from __future__ import annotations

TERMS: dict[str, tuple[str, str]] = {
    # the annex as a whole (sterkte.report.annex_render)
    "report.title": ("Capaciteit politie {y}: bijlage bij het halfjaarbericht",
                     "Police capacity {y}: annex to the half-yearly letter"),
    "report.intro": (
        "Operationele sterkte, aspiranten, prognose, formatie en bezetting, politieonderwijs, "
        "vrijwilligers, wijkagenten, verzuim, normen en toezeggingen over {y}, in fte tenzij "
        "anders vermeld. Bij elke tabel staat de realisatie naast de prognose (of de norm), "
        "met een toelichting op de grootste verschillen. Berekend op onafgeronde waarden; "
        "afgerond voor weergave, dus totalen kunnen 1–2 fte afwijken.",
        "Operational strength, trainees, prognosis, formatie and staff in post, police "
        "academy, volunteers, community officers, sickness absence, norms and commitments "
        "for {y}, in fte unless stated. Each table shows the realisation beside the prognosis "
        "(or norm), with a note on the largest differences. Computed on unrounded values and "
        "rounded for display, so totals may differ by 1–2 fte."),
    "report.synthetic_sections": ("Dit geldt voor: {sections}.", "This concerns: {sections}."),
    "annex.scenario_intro": ("Scenario {name}: {description}", "Scenario {name}: {description}"),
    # the kinds of source in the provenance footer (sterkte.app.annex.Source.kind)
    "source.published_table": ("gepubliceerde tabel", "published table"),
    "source.prognosis_table": ("prognosetabel", "prognosis table"),
    "source.HR_records": ("HR-gegevens", "HR records"),
    "source.synthetic_HR_records": ("synthetische HR-gegevens", "synthetic HR records"),
    "source.parameters": ("parameters", "parameters"),
    "source.scenario": ("scenario", "scenario"),
    "source.norm_parameters": ("normparameters", "norm parameters"),
    "source.parameter_override": ("vervangen parameter", "parameter override"),
    "source.inhabitants": ("inwoners", "inhabitants"),
    "source.commitments": ("toezeggingen", "commitments"),
    "report.findings": ("Bevindingen in de gepubliceerde tabel: afrondingsverschillen",
                        "Findings in the published table: rounding differences"),
    "report.sources": ("Bronnen en parameters", "Sources and parameters"),
    "report.generated": ("Gemaakt met sterkte {v} op {t} (UTC).",
                         "Made with sterkte {v} on {t} (UTC)."),
    # the page of published tables (sterkte table --format html)
    "page.findings": ("Bevindingen in de gepubliceerde tabel ({n}): afrondingsverschillen",
                      "Findings in the published table ({n}): rounding differences"),
    "page.charts": ("Per eenheid: bezetting begin → stromen → bezetting eind",
                    "Per unit: opening → flows → closing"),
    "page.sources": ("Bronnen", "Sources"),
    # sections of the annex
    "annex.os_per_unit": ("Operationele sterkte per eenheid", "Operational strength per unit"),
    "annex.asp_per_unit": ("Aspiranten per eenheid", "Trainees per unit"),
    "annex.waterfall": ("{total}: bezetting begin {year} → stromen → bezetting eind",
                        "{total}: opening {year} → flows → closing"),
    "annex.flows_chart": ("Realisatie en prognose per stroom (nationaal)",
                          "Realised and prognosis per flow (national)"),
    "annex.hr": ("Gepubliceerd en uit HR-gegevens afgeleid, {year}",
                 "Published and derived from HR records, {year}"),
    "annex.hr_intro": ("De tabellen 1 en 2 zoals gepubliceerd, naast dezelfde cijfers afgeleid "
                       "uit de personeelsadministratie in de store.",
                       "Tables 1 and 2 as published, beside the same figures derived from the "
                       "personnel records in the store."),
    "annex.prognosis": ("Meerjarige prognose {year}–{last}", "Multi-year prognosis {year}–{last}"),
    "annex.prognosis_note": (
        "Prognose: scenario {scenario}, vanaf de bezetting aanvang {year}; elk jaar begint met "
        "de geprognosticeerde bezetting einde van het jaar ervoor.",
        "Prognosis: scenario {scenario}, from the stocks at the start of {year}; each year "
        "opens with the prognosed closing of the year before."),
    # the police's own prognosis beside the realisation (sterkte.report.police_tables)
    "police.prognosis_year": ("Prognose politie {year}", "Police prognosis {year}"),
    "police.model_year": ("Model sterkte {year}", "sterkte's model {year}"),
    "police.table_title": ("{title} — prognose van de politie ({vintage})",
                           "{title} — the police's prognosis ({vintage})"),
    "police.note": (
        "Prognose van de politie: {vintage} — {description}. De kolom ‘Model sterkte’ is het "
        "eigen model van sterkte (scenario {scenario}), ter vergelijking; het vervangt de "
        "prognose van de politie niet.",
        "The police's prognosis: {vintage} — {description}. The column ‘sterkte's model’ is "
        "sterkte's own model (scenario {scenario}), for comparison; it does not replace the "
        "police's prognosis."),
    "police.academy_title": ("Politieonderwijs {year}, nationaal: realisatie naast de prognose "
                             "van de politie ({vintage}), fte",
                             "Police academy {year}, national: realised beside the police's "
                             "prognosis ({vintage}), fte"),
    "police.graduated_out": ("Uitstroom uit opleiding (afgestudeerd)",
                             "Graduated out of training"),
    "norms.tolerance_note": ("beoordeeld met een tolerantie van {tolerance} %: drempel "
                             "{threshold}",
                             "judged with a tolerance of {tolerance} %: threshold {threshold}"),
    "realised_minus_police": ("Realisatie − prognose politie", "Realised − police prognosis"),
    "model.table_title": ("{title} — model sterkte (scenario {scenario})",
                          "{title} — sterkte's model (scenario {scenario})"),
    "model.year": ("Model {year}", "Model {year}"),
    "annex.start_differs": (
        "Het scenario {scenario} begint volgens zijn eigen definitie elders; hier begint de "
        "prognose bij de bezetting aanvang {year}, zodat de realisatie van {year} naast de "
        "prognose van dat jaar staat. `sterkte forecast --scenario {scenario}` begint waar "
        "het scenario zegt.",
        "Scenario {scenario} itself starts elsewhere; here the prognosis starts from the "
        "stocks at the start of {year}, so that the realisation of {year} stands beside the "
        "prognosis of that year. `sterkte forecast --scenario {scenario}` starts where the "
        "scenario says."),
    "model.no_police": (
        "Geen prognose van de politie voor {year} in de store: de vergelijking is met het eigen "
        "model van sterkte. Importeer de prognosetabellen 3–5 van de politie met sterkte import.",
        "No police prognosis for {year} in the store: the comparison is with sterkte's own "
        "model. Import the police's prognosis tables 3–5 with sterkte import."),
    "annex.flows_beside_model": ("{title}: realisatie naast model sterkte, nationaal",
                                 "{title}: realised beside sterkte's model, national"),
    "annex.formatie": ("Formatie en bezetting", "Formatie and staff in post"),
    "annex.formatie_chart": ("Formatie en bezetting per eenheid", "Formatie and staff in post"),
    "annex.formatie_title": ("Formatie en bezetting per eenheid, 31-12-{year}, fte",
                             "Formatie and staff in post per unit, {year}-12-31, fte"),
    "annex.balance_note": (
        "Balansdatum: eerste maand waarin de bezetting OS de formatie min de tolerantie "
        "bereikt, in de prognose ({scenario}) tot eind {last}.",
        "Balance date: first month in which OS reaches formatie minus the tolerance, in the "
        "prognosis ({scenario}) up to the end of {last}."),
    "annex.academy": ("Politieonderwijs", "Police academy"),
    "annex.academy_chart": ("Instroom en afgestudeerden per eenheid",
                            "Intake and graduates per unit"),
    "annex.academy_title": ("Politieonderwijs {year}: instroom, afgestudeerden en uitval naast "
                            "de prognose, fte",
                            "Police academy {year}: intake, graduates and dropout beside the "
                            "prognosis, fte"),
    "annex.volunteers": ("Politievrijwilligers", "Police volunteers"),
    "annex.volunteers_title": ("Politievrijwilligers {year}: in- en uitstroom per eenheid, "
                               "personen",
                               "Police volunteers {year}: inflow and outflow per unit, persons"),
    "annex.volunteers_lead": ("Grootste afstand tot de groei die de norm vraagt",
                              "Largest distance from the growth the norm needs"),
    "source_hr_mutations": ("Bron: HR-registratie (mutaties).", "Source: HR records (mutations)."),
    "annex.wijkagent": ("Wijkagenten: 1 per 5.000 inwoners",
                        "Community officers: 1 per 5,000 inhabitants"),
    "annex.absence": ("Ziekteverzuim (12-maands voortschrijdend)",
                      "Sickness absence (12-month moving average)"),
    "annex.norms": ("Normen en doelen", "Norms and targets"),
    "annex.commitments_title": ("Toezeggingen en moties die deze rapportage beantwoordt",
                                "Commitments and motions this report answers"),
    # published tables beside the HR records (sterkte.report.hr_tables)
    "hr.title": ("{title}: gepubliceerd en afgeleid uit HR-gegevens",
                 "{title}: published and derived from HR records"),
    "hr.national_title": ("{title}: per stroom, nationaal", "{title}: per flow, national"),
    "hr.lead": ("Grootste verschillen tussen gepubliceerd en HR",
                "Largest differences between published and HR"),
    "hr.closing_published": ("Bezetting eind, gepubliceerd", "Closing, published"),
    "hr.closing_hr": ("Bezetting eind, HR", "Closing, HR"),
    "hr.net_published": ("Saldo, gepubliceerd", "Net, published"),
    "hr.net_hr": ("Saldo, HR", "Net, HR"),
    "hr.largest_flow_difference": ("Grootste verschil in een stroom",
                                   "Largest difference in a flow"),
    # the prognosis (sterkte.report.prognosis); Tabel 3–5 in Dutch as printed
    "prognosis.table3": ("Tabel 3: Prognose operationele bezetting exclusief aspiranten in fte",
                         "Table 3: Prognosis of operational strength excluding trainees, fte"),
    "prognosis.table4": ("Tabel 4: Prognose bezetting aspiranten in fte",
                         "Table 4: Prognosis of trainees, fte"),
    "prognosis.table5": ("Tabel 5: Prognose totale operationele bezetting in fte",
                         "Table 5: Prognosis of total operational strength, fte"),
    "prognosis.formatie_os": ("Formatie OS (opgeleid)", "Formatie OS (trained)"),
    "prognosis.formatie_gap": ("Verschil formatie − bezetting OS",
                               "Difference formatie − OS in post"),
    "prognosis.aspirant_posts": ("Formatie aspiranten (aspirantenplaatsen)",
                                 "Formatie trainees (trainee posts)"),
    "prognosis.samples": ("Steekproef", "Samples"),
    "prognosis.bands_title": ("OS einde boekjaar, P5 / P50 / P95 ({samples} samples, seed "
                              "{seed})",
                              "OS at end of year, P5 / P50 / P95 ({samples} samples, seed "
                              "{seed})"),
    "prognosis.p_balance": ("Kans formatie bereikt (eind boekjaar)",
                            "Probability formatie reached (end of year)"),
    "prognosis.balance_title": ("Balans formatie en bezetting (OS ≥ formatie − tolerantie): "
                                "eerste maand",
                                "Balance of formatie and staff in post (OS ≥ formatie − "
                                "tolerance): first month"),
    "prognosis.required_title": ("{scenario}: benodigde instroom per jaar ({years}) om "
                                 "formatie te bereiken op {target}",
                                 "{scenario}: academy intake needed per year ({years}) to "
                                 "reach formatie on {target}"),
    "prognosis.intake_per_year": ("Instroom fte/jaar", "Intake fte/year"),
    "prognosis.os_on_target": ("OS op doeldatum", "OS on target date"),
    "prognosis.formatie_minus_tolerance": ("Formatie − tol.", "Formatie − tol."),
    "prognosis.variance_title": ("Realisatie {year} naast model sterkte ({scenario}), fte",
                                 "Realised {year} beside sterkte's model ({scenario}), fte"),
    # charts
    "chart.os_prognosis": ("OS prognose ({scenario})", "OS prognosis ({scenario})"),
    "chart.os_and_formatie": ("Bezetting OS en formatie, einde jaar",
                              "OS in post and formatie, end of year"),
    "chart.os_and_formatie_unit": ("Bezetting OS en formatie — {unit}",
                                   "OS in post and formatie — {unit}"),
    # norms (sterkte.report.norm_tables)
    "norms.title_on": ("Normen en doelen op {date}", "Norms and targets on {date}"),
    "norms.overview_title": ("Normen en doelen — {scope}", "Norms and targets — {scope}"),
    "norms.overview_explanation": (
        "{met} van {n} normen voldaan; niet voldaan: {not_met}; onbekend: {unknown}.",
        "{met} of {n} norms met; not met: {not_met}; unknown: {unknown}."),
    "norms.nothing_to_judge": ("Geen gegevens om de norm te toetsen.",
                               "No figures to judge the norm."),
    "absence.title": ("Ziekteverzuim, 12-maands voortschrijdend gemiddelde (CBS-methode); doel "
                      "{target}",
                      "Sickness absence, 12-month moving average (CBS method); target "
                      "{target}"),
    "absence.long_sick": ("Langer dan 2 jaar ziek (personen, apart gemeld)",
                          "Sick longer than 2 years (persons, reported apart)"),
    "annex.absence_intro": (
        "Verzuim tot 2 jaar (CBS-methode): van elk verzuimgeval tellen de kalenderdagen tot "
        "het tweejaarspunt mee, latere dagen niet. Wie op de peildatum langer dan twee jaar "
        "ziek is, staat apart in de kolom '{long}'.",
        "Absence up to 2 years (CBS method): each spell counts its calendar days up to its "
        "two-year point, later days do not. Staff sick for longer than two years on the "
        "date are reported apart, in the column '{long}'."),
    "over_cap.title": ("Vrijwilligers boven {cap} uur in {year} (pseudoniem)",
                       "Volunteers over {cap} hours in {year} (pseudonymous)"),
    # team indicators
    "teams.title": ("Teamindicatoren", "Team indicators"),
    "teams.district_total": ("Totaal district", "District total"),
    "teams.hidden_note": ("{mark} = niet getoond: gaat over minder dan {k} personen, of zou "
                          "zo'n cijfer via de totalen prijsgeven.",
                          "{mark} = not shown: about fewer than {k} people, or would reveal "
                          "such a figure through the totals."),
    "teams.OS": ("OS", "OS"),
    "teams.ASP": ("ASP", "ASP"),
    "teams.NOS": ("NOS", "NOS"),
    "teams.VOL": ("Vrijw.", "Vol."),
    "teams.persons": ("Personen", "Persons"),
    "teams.fte": ("Fte", "Fte"),
    "teams.formatie_fte": ("Formatie", "Formatie"),
    "teams.staffing_percent": ("Bezetting/formatie", "Staffing/formatie"),
    "teams.absence_percent": ("Verzuim", "Absence"),
    "teams.volunteer_share": ("Vrijw./OS", "Vol./OS"),
    "teams.social_safety": ("Sociale veiligheid", "Social safety"),
    "teams.workload": ("Werkdruk", "Workload"),
    # the commitments register
    "commitments.title": ("Toezeggingen en moties", "Commitments and motions"),
    "commitments.id": ("Nr.", "No."),
    "commitments.kind": ("Soort", "Kind"),
    "commitments.text": ("Toezegging / motie", "Commitment / motion"),
    "commitments.date": ("Datum", "Date"),
    "commitments.minister": ("Minister", "Minister"),
    "commitments.due": ("Termijn", "Due"),
    "commitments.status": ("Status", "Status"),
    "commitments.reference": ("Vindplaats", "Reference"),
    "commitments.answered_in": ("Beantwoord in", "Answered in"),
    "commitments.answered_by": ("Beantwoord door", "Answered by"),
    "commitments.recurring": (" (doorlopend)", " (recurring)"),
    "commitments.explanation": ("{n} toezeggingen en moties; {open} openstaand.",
                                "{n} commitments and motions; {open} open."),
}
