"""What the commands say besides their tables: summaries, counts, hints, the refusal
reasons of the HR gate. Each term is (Dutch, English); ``{name}`` marks a placeholder.
Every command takes ``--lang nl|en`` (Dutch by default).
"""

from __future__ import annotations

TERMS: dict[str, tuple[str, str]] = {
    # sterkte hr import / hr rejects
    "hr_import.already": ("{n} bestand(en) al eerder ingelezen (zelfde controlegetal): niets "
                          "gewijzigd.",
                          "{n} file(s) already imported (same checksum): nothing changed."),
    "hr_import.refused": ("{n} rij(en) geweigerd (zie `sterkte hr rejects`); elke rij één keer "
                          "geteld, bij haar eerste probleem:",
                          "{n} row(s) refused (see `sterkte hr rejects`); each row counted "
                          "once, under its first problem:"),
    "hr_import.problems": ("In totaal {n} problemen (een rij kan er meer hebben): {list}.",
                           "{n} problems in all (a row can have several): {list}."),
    "hr_import.first_problems": ("eerste problemen:", "first problems:"),
    "hr_import.stored": ("{n} record(s) opgeslagen in {seconds} s.",
                         "{n} record(s) stored in {seconds} s."),
    "hr_rejects.none": ("Geen geweigerde rijen.", "No rejected rows."),
    "hr_rejects.counts": ("{rows} geweigerde rij(en), elk geteld bij haar eerste probleem; "
                          "{problems} problemen in totaal.",
                          "{rows} refused row(s), each counted under its first problem; "
                          "{problems} problems in all."),
    "hr_rejects.more": ("… en nog {n} (gebruik --limit).", "… and {n} more (use --limit)."),
    # the HR gate's reasons (sterkte.store.hr_gate.REASONS), as the commands explain them
    "hr_reason.unreadable_row": ("de rij kon niet in de velden van de kop worden gesplitst",
                                 "the row could not be split into the header's fields"),
    "hr_reason.missing_value": ("een verplichte waarde ontbreekt", "a required value is empty"),
    "hr_reason.bad_type": ("geen getal of geen datum (JJJJ-MM-DD)",
                           "not a number or not a date (YYYY-MM-DD)"),
    "hr_reason.bad_value": ("geen toegestane waarde of geen geldige code",
                            "not one of the allowed values, or not a valid code"),
    "hr_reason.out_of_range": ("een getal of datum buiten het toegestane bereik (ook een datum "
                               "na de importdag: gegevens gaan over het verleden)",
                               "a number or date outside its allowed range (a date after the "
                               "import day included: records are about the past)"),
    "hr_reason.fte_out_of_range": ("fte buiten (0, 1,2]", "fte outside (0, 1.2]"),
    "hr_reason.unknown_unit": ("geen van de 15 rapportage-eenheden",
                               "not one of the 15 reporting units"),
    "hr_reason.looks_like_bsn": ("een person_id die een geldig burgerservicenummer (BSN) is",
                                 "a person_id that is a valid national ID number (BSN)"),
    "hr_reason.duplicate_in_file": ("dezelfde sleutel staat eerder in het bestand",
                                    "the same key appears earlier in the file"),
    "hr_reason.duplicate_event_id": ("een event_id die al met andere inhoud is opgeslagen",
                                     "an event id already stored with different content"),
    "hr_reason.conflicts_with_store": ("wijkt af van het opgeslagen record met dezelfde sleutel",
                                       "differs from the stored record with the same key"),
    "hr_reason.unknown_person": ("deze person_id staat niet in de persoonsgegevens",
                                 "no such person_id in the persons records"),
    "hr_reason.event_before_hire": ("de persoon is op of voor deze mutatie niet in dienst "
                                    "getreden",
                                    "the person has no hire on or before this event"),
    "hr_reason.event_after_leaving": ("de persoon was al uit dienst",
                                      "the person had already left"),
    "hr_reason.second_hire": ("indiensttreding van iemand die al in dienst is",
                              "a hire for a person already employed"),
    "hr_reason.invalid_transition": ("de mutatie kan niet in de toestand van de persoon",
                                     "the event is not possible in the person's state"),
    "hr_reason.overlapping_sickness": ("overlapt een andere ziekmelding van de persoon",
                                       "overlaps another sickness spell of the person"),
    "hr_reason.not_a_volunteer": ("vrijwilligersuren voor iemand die geen vrijwilliger is",
                                  "volunteer hours for a person who is not a volunteer"),
    # sterkte synth
    "synth.written": ("Synthetische politie (seed {seed}) geschreven naar {out} in {seconds} s:",
                      "Synthetic police (seed {seed}) written to {out} in {seconds} s:"),
    "synth.counts": ("  {persons} personen ({employees} medewerkers en {volunteers} "
                     "vrijwilligers op 31-12-2021), {events} mutaties, {spells} ziekmeldingen, "
                     "{months} vrijwilligersmaanden",
                     "  {persons} persons ({employees} employees and {volunteers} volunteers "
                     "on 31-12-2021), {events} events, {spells} sickness spells, {months} "
                     "volunteer months"),
    "synth.import_with": ("Inlezen met: sterkte hr import {files}",
                          "Import with: sterkte hr import {files}"),
    # every command (sterkte.cli.common); the messages of bad input stay in English
    "cli.error": ("fout", "error"),
    "cli.interrupted": ("onderbroken; er is niets geschreven", "interrupted; nothing was written"),
    # written files, for every command
    "wrote": ("geschreven: {path}", "wrote {path}"),
    # sterkte import
    "import.progress": ("inlezen", "importing"),
    "import.already": ("{file}: al in de store (import #{id} van {at}); niets gewijzigd",
                       "{file}: already in the store (import #{id} of {at}); nothing changed"),
    "migrate.current": ("de store {where} heeft schemaversie {version}; niets te doen",
                        "the store {where} is at schema version {version}; nothing to do"),
    "migrate.version": ("  versie {version}: {description}", "  version {version}: {description}"),
    "migrate.created": ("de store {where} is aangemaakt met schemaversie {version}",
                        "the store {where} is created at schema version {version}"),
    "migrate.upgraded": ("de store {where} is bijgewerkt van versie {before} naar schemaversie "
                         "{version}",
                         "the store {where} is upgraded from version {before} to schema "
                         "version {version}"),
    "import.table": ("{file}: ingelezen als #{id}: {table} {period}, {rows} rijen{kept}",
                     "{file}: imported as #{id}: {table} {period}, {rows} rows{kept}"),
    "import.prognosis": ("{file}: ingelezen als #{id}: prognose {vintage}, tabel {tables}, "
                         "{years}{kept}",
                         "{file}: imported as #{id}: prognosis {vintage}, tabel {tables}, "
                         "{years}{kept}"),
    "import.kept": (", {n} inconsistenties bewaard (sterkte validate)",
                    ", {n} inconsistencies kept on record (sterkte validate)"),
    "import.store": ("store: {path}", "store: {path}"),
    # sterkte validate
    "validate.prognosis_title": ("{file}: prognose, tabel {tables}, {years}",
                                 "{file}: prognosis, tabel {tables}, {years}"),
    "validate.summary": ("{file}: {n} inconsistenties, {rounding} binnen de afronding (ten "
                         "hoogste {half} per afgeronde cel), {beyond} daarbuiten",
                         "{file}: {n} inconsistencies, {rounding} within rounding (at most "
                         "{half} per rounded cell), {beyond} beyond"),
    "validate.check.row_flows": ("stromen = saldo", "flows = saldo"),
    "validate.check.row_stocks": ("begin + saldo = eind", "opening + saldo = closing"),
    "validate.check.column_total": ("eenheden = totaal", "units = total"),
    "validate.check.row_identity": ("begin + stromen = eind", "opening + flows = closing"),
    "validate.check.year_chain": ("begin = geprognosticeerd eind van het jaar ervoor",
                                  "opening = previous year's prognosed closing"),
    "validate.check.realised_opening": ("gerealiseerd begin = geprognosticeerd begin",
                                        "realised opening = prognosed opening"),
    "validate.check.tabel5_total": ("Tabel 5 = Tabel 3 + Tabel 4",
                                    "Tabel 5 = Tabel 3 + Tabel 4"),
    # sterkte capacity
    "capacity.cli_header": ("Capaciteit vanaf {first}, {weeks} week/weken; vraag uit {source}, "
                            "{history} weken historie; personeel op {staff_day}.",
                            "Capacity from {first} for {weeks} week(s); demand from {source}, "
                            "{history} weeks of history; staff on {staff_day}."),
    "capacity.cli_synthetic_source": ("synthetische meldingen (seed {seed})",
                                      "synthetic incidents (seed {seed})"),
    "capacity.cli_file_source": ("{file} ({n} aanvaard, {rejected} geweigerd)",
                                 "{file} ({n} accepted, {rejected} rejected)"),
    "capacity.cli_presence": ("  preventieve presentie (anticipatie): {hours} u in de {weeks} "
                              "week/weken, in de vraag noodhulp hierboven",
                              "  preventive presence (anticipation): {hours} h in the {weeks} "
                              "week(s), in the response demand above"),
    "capacity.cli_erlang": ("  Erlang C: tot {officers} agenten in dienst voor prio-1-meldingen "
                            "(kans {p} op een vrije eenheid); ploegfactor {relief}",
                            "  Erlang C: up to {officers} officers on duty for priority-1 calls "
                            "(p = {p} of a free unit); shift relief factor {relief}"),
    "capacity.cli_short": ("  Tekort (vraag boven de gemiddelde bezetting): ",
                           "  Short (demand above the average on duty): "),
    "capacity.cli_short_by": ("tot {n} personen te weinig", "up to {n} persons short"),
    "capacity.cli_solidarity": ("solidariteitsdiensten uit {source}: {shifts} × {hours} u",
                                "solidarity shifts from {source}: {shifts} × {hours} h"),
    "capacity.cli_across": ("planning over district {source}: {hours} u",
                            "planning across district {source}: {hours} h"),
    "capacity.cli_option": ("  optie week {week}: {what} → verschil daarna {after} u",
                            "  option week {week}: {what} → gap after {after} h"),
    "capacity.cli_run": ("Preventieve presentie uit anticipatierun {run} ({model}, {a} … {b}, "
                         "{verdict}): {hours} u per week, gelijk verdeeld over de dagen "
                         "10:00–22:00 als gepland werk, op {on}.",
                         "Preventive presence from anticipation run {run} ({model}, {a} … {b}, "
                         "{verdict}): {hours} h a week, spread evenly over the days "
                         "10:00–22:00 as planned work, on {on}."),
    "capacity.cli_on_all": ("alle {n} dagen", "all {n} days"),
    "capacity.cli_on_some": ("{n} van de {total} dagen: {a} … {b}, de periode van de run",
                             "{n} of the {total} days: {a} … {b}, the run's period"),
    # sterkte forecast
    "forecast_cli.samples": ("{n} trekkingen", "{n} samples"),
    "forecast_cli.capacity": ("{year}: capaciteit politieacademie {fte} fte",
                              "{year}: academy capacity {fte} fte"),
    "forecast_cli.feasible": ("Haalbaar binnen de capaciteit van de academie.",
                              "Feasible within the academy's capacity."),
    "forecast_cli.not_feasible": ("Niet haalbaar:", "Not feasible:"),
    "forecast_cli.chart": ("grafiek geschreven naar {path}", "chart written to {path}"),
    "forecast_cli.stored": ("opgeslagen als prognoserun(s) {ids} in {path}",
                            "stored as forecast run(s) {ids} in {path}"),
    "forecast_cli.calibrated": ("geschreven naar {out}; gebruik het met `sterkte forecast "
                                "--scenario {out}`",
                                "written to {out}; use it with `sterkte forecast --scenario "
                                "{out}`"),
    # sterkte report, sterkte serve
    "report_cli.written": ("rapport: {path}", "report: {path}"),
    "report_cli.also": ("ook: {xlsx}, {md} en {n} CSV-bestanden in {out}",
                        "also: {xlsx}, {md} and {n} CSV files in {out}"),
    "serve_cli.started": ("sterkte-dashboard op http://{host}:{port}/ (API-documentatie: /docs), "
                          "store {path} alleen-lezen; Ctrl+C stopt het",
                          "sterkte dashboard on http://{host}:{port}/ (API docs: /docs), store "
                          "{path} read-only; Ctrl+C stops it"),
    # sterkte anticipate
    "anticipate_cli.gate": ("poort", "gate"),
    "anticipate_cli.excluded": ("{n} delicten niet gebruikt om te leren (door de politie zelf "
                                "vastgesteld, of andere delictsoorten)",
                                "{n} events not used for training (police-initiated or other "
                                "offence types)"),
    "anticipate_cli.few_origins": ("maar {n} van de {of} startdata voor de toetsing passen in "
                                   "de historie voor --at",
                                   "only {n} of {of} evaluation origins fit in the history "
                                   "before --at"),
    "anticipate_cli.model": ("model", "model"),
    "anticipate_cli.see_backtest": ("; zie `backtest` voor de details",
                                    "; run `backtest` for details"),
    "anticipate_cli.cells": ("{n} cellen, {expected} verwachte delicten ({model}, {origin} + "
                             "{days} dagen)",
                             "{n} cells, {expected} expected events ({model}, {origin} + "
                             "{days} days)"),
    "anticipate_cli.saved": ("opgeslagen als anticipatierun {run} in {path}: {cells} cellen "
                             "aangewezen, {hours} uur preventieve presentie per week over "
                             "{areas} gebied(en)",
                             "saved as anticipation run {run} in {path}: {cells} flagged "
                             "cells, {hours} preventive hours a week over {areas} area(s)"),
    "anticipate_cli.demo": ("synthetisch (niet echt): {n} delicten → {events}; {teams} "
                            "teamgebieden → {areas}",
                            "synthetic (not real): {n} events → {events}; {teams} team areas "
                            "→ {areas}"),
    "anticipate_cli.fails": ("{model}: voldoet niet aan '{requirement}' (gemeten {measured})",
                             "{model}: fails '{requirement}' (measured {measured})"),
    "anticipate_cli.best": ("beste model volgens de succescriteria: {model} — {verdict}",
                            "best model by the success criteria: {model} — {verdict}"),
    "anticipate_cli.scores": ("scores → {path}", "scores → {path}"),
    "anticipate_cli.override_ignored": (
        "--override-unfit genegeerd: de run is niet ongeschikt bevonden",
        "--override-unfit ignored: the run is not one found unfit for use"),
    "anticipate_cli.override": (
        "een run die NIET GESCHIKT VOOR GEBRUIK is wordt toch opgeslagen; reden: {reason}",
        "saving a run NOT FIT FOR USE; reason: {reason}"),
    "anticipate_cli.audit": ("audit → {path} (model {model}: {verdict})",
                             "audit → {path} (model {model}: {verdict})"),
    "anticipation.fit_for_use_lower": ("geschikt voor gebruik", "fit for use"),
    # sterkte parameters list|show (units, references and descriptions are the files' own)
    "parameters.parameter": ("parameter", "parameter"),
    "parameters.unit": ("eenheid", "unit"),
    "parameters.values": ("waarden", "values"),
    "parameters.reference": ("bron", "reference"),
    "parameters.description": ("omschrijving", "description"),
    "parameters.file": ("bestand", "file"),
    "parameters.range": ("bereik", "range"),
    "parameters.from": ("vanaf {date}", "from {date}"),
    "parameters.override": (" (vervangen)", " (override)"),
    "parameters.table_of": ("tabel van {rows} × {columns}", "table of {rows} × {columns}"),
    "parameters.keys": ("{n} sleutels", "{n} keys"),
    # sterkte norms import, norms over-cap
    "norms.imported": ("{file}: {n} rijen {kind} ingelezen (vervangen de eerdere)",
                       "{file}: {n} rows of {kind} imported (replacing earlier ones)"),
    "norms.over_cap_count": ("{n} van {of} vrijwilligers boven het plafond",
                             "{n} of {of} volunteers over the cap"),
    "ledger.nothing": ("Niets te tonen (geen volledige periode, of de filters passen op niets).",
                       "Nothing to show (no complete period, or the filters match nothing)."),
}
