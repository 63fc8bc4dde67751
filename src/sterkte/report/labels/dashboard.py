"""The dashboard's navigation, pickers, table controls, states and error pages (issue 17).
Each term is (Dutch, English); ``{name}`` marks a placeholder.
"""

from __future__ import annotations

TERMS: dict[str, tuple[str, str]] = {
    "web.menu": ("Menu", "Menu"),
    # pickers (unit, period, district, team)
    "pick.unit": ("Eenheid", "Unit"),
    "pick.period": ("Periode", "Period"),
    "pick.district": ("District", "District"),
    "pick.all_districts": ("alle districten", "all districts"),
    "pick.national": ("Nationaal (overzicht)", "National (overview)"),
    "pick.show": ("Toon", "Show"),
    "pick.legend": ("Kies eenheid en periode", "Choose unit and period"),
    "pick.one_period": ("De opslag bevat één jaar met gepubliceerde tabellen; importeer meer "
                        "jaren met `sterkte import` om te kiezen.",
                        "The store holds one year of published tables; import more years "
                        "with `sterkte import` to choose."),
    # sortable, filterable tables
    "grid.filter": ("Filter rijen", "Filter rows"),
    "grid.synthetic_tag": ("Synthetische gegevens (zie de melding bovenaan)",
                           "Synthetic data (see the notice at the top)"),
    "grid.filter_button": ("Filter", "Filter"),
    "grid.clear": ("wis filter", "clear filter"),
    "grid.rows_shown": ("{shown} van {total} rijen", "{shown} of {total} rows"),
    "grid.sort_by": ("Sorteer op {column}", "Sort by {column}"),
    "grid.no_rows": ("Geen rij bevat “{query}”.", "No row contains “{query}”."),
    # the overview's two national totals
    "web.totals_note": (
        "De kaarten tellen de {n} eenheden met een formatie ({cards} fte). Tabel 1 telt "
        "alle {all} onderdelen ({table} fte): het verschil van {diff} fte zit bij {others}, "
        "die geen eigen formatie hebben.",
        "The cards count the {n} units with a formatie ({cards} fte). Table 1 counts all "
        "{all} parts ({table} fte): the difference of {diff} fte is in {others}, which have "
        "no formatie of their own."),
    # charts
    "chart.axis_broken": ("as onderbroken: begint bij {start}", "axis broken: starts at {start}"),
    "chart.bezetting": ("Bezetting OS", "OS in post"),
    "chart.formatie_marker": ("Formatie", "Formatie"),
    "chart.target_marker": ("Norm/doel", "Norm/target"),
    # the anticipation page's map and status
    "anticipation.synthetic": (
        "SYNTHETISCH — een verzonnen stad om te laten zien hoe de pagina werkt, geen echte "
        "delicten en geen echte gebieden.",
        "SYNTHETIC — a made-up town to show how the page works; no real offences and no "
        "real areas."),
    "anticipation.status_fit": ("Het model voldoet aan de succescriteria: de kaart is bruikbaar "
                                "voor het plannen van preventieve presentie.",
                                "The model meets the success criteria: the map can be used to "
                                "plan preventive presence."),
    "anticipation.status_not_fit": (
        "NIET GESCHIKT VOOR GEBRUIK: geen model voldoet aan de succescriteria. Plan geen "
        "presentie op deze kaart; zie `sterkte anticipate backtest`.",
        "NOT FIT FOR USE: no model meets the success criteria. Do not plan presence from "
        "this map; see `sterkte anticipate backtest`."),
    "anticipation.status_unchecked": (
        "Niet getoetst: het model is met --model gekozen en niet aan de succescriteria "
        "getoetst. Gebruik de kaart niet voor planning voordat dat is gebeurd.",
        "Not checked: the model was named with --model and not checked against the success "
        "criteria. Do not plan from this map until it is."),
    "synthetic_upper": ("SYNTHETISCH", "SYNTHETIC"),
    "anticipation.outlines": ("Gebiedsgrenzen", "Area outlines"),
    "anticipation.no_outlines": (
        "Deze run heeft geen gebiedsgrenzen opgeslagen (opgeslagen zonder --areas of met een "
        "oudere versie): de kaart toont alleen de cellen.",
        "This run stored no area outlines (saved without --areas or by an older version): "
        "the map shows the cells only."),
    "anticipation.legend": ("Legenda: verwachte delicten per cel", "Legend: expected offences "
                            "per cell"),
    "anticipation.legend_band": ("{low} – {high}", "{low} – {high}"),
    "anticipation.area_label": ("{area}: {n} verwacht", "{area}: {n} expected"),
    "anticipation.empty_next": (
        "Sla een run op met `sterkte anticipate forecast --events E.csv --at DATUM --areas "
        "A.geojson --save`, of maak een synthetische stad met `sterkte anticipate demo --out "
        "MAP` (`make run` doet beide).",
        "Store a run with `sterkte anticipate forecast --events E.csv --at DATE --areas "
        "A.geojson --save`, or make a synthetic town with `sterkte anticipate demo --out DIR` "
        "(`make run` does both)."),
    # honest states of a background run
    "state.queued": ("In de wachtrij: de berekening begint zodra een eerdere klaar is. Deze "
                     "pagina ververst zichzelf.",
                     "Queued: the run starts when an earlier one is done. This page refreshes "
                     "itself."),
    "state.running": ("Bezig met rekenen. Deze pagina ververst zichzelf; u kunt haar ook "
                      "sluiten en de link later openen.",
                      "Running. This page refreshes itself; you can also close it and open "
                      "the link later."),
    "state.failed": ("Mislukt. Controleer de invoer en probeer opnieuw; blijft het mislukken, "
                     "meld dan de fout hieronder aan de beheerder.",
                     "Failed. Check the input and try again; if it keeps failing, report the "
                     "error below to the administrator."),
    "roster.empty_headline": ("geen rooster gevonden", "no roster found"),
    "roster.empty_next": (
        "Binnen {seconds} s is geen dienst ingeroosterd: dit is geen bruikbaar rooster, ook al "
        "schendt een leeg rooster geen harde regel. Geef meer rekentijd (minstens 30 s) en "
        "probeer opnieuw.",
        "No shift was rostered within {seconds} s: this is not a usable roster, even though "
        "an empty roster breaks no hard rule. Give more time (at least 30 s) and try again."),
    "roster.not_checked": ("niet beoordeeld", "not judged"),
    # error pages
    "error.title_404": ("Pagina niet gevonden", "Page not found"),
    "error.title_422": ("Deze invoer kan niet", "This input is not valid"),
    "error.title_500": ("Er ging iets mis", "Something went wrong"),
    "error.title_503": ("De gegevens zijn niet beschikbaar", "The data are not available"),
    "error.title_other": ("Fout {status}", "Error {status}"),
    "error.next_404": ("Controleer het adres, of kies een pagina in het menu hierboven.",
                       "Check the address, or choose a page from the menu above."),
    "error.next_422": ("Pas de invoer aan en probeer opnieuw.",
                       "Change the input and try again."),
    "error.next_500": ("De fout is vastgelegd in het serverlog. Probeer het opnieuw; blijft "
                       "het misgaan, meld dan het tijdstip aan de beheerder.",
                       "The error was written to the server log. Try again; if it keeps "
                       "happening, report the time to the administrator."),
    "error.next_503": ("De opslag kan nu niet gelezen worden. Vraag de beheerder de gegevens "
                       "te (her)importeren (`sterkte import`), of probeer het over een minuut "
                       "opnieuw.",
                       "The store cannot be read now. Ask the administrator to (re-)import "
                       "the data (`sterkte import`), or try again in a minute."),
    "error.no_page": ("Er is geen pagina op {path}.", "There is no page at {path}."),
    "error.home": ("Naar het overzicht", "To the overview"),
    "error.api_docs": ("API-documentatie", "API documentation"),
}
