"""Tables of the commands validate, capacity, hr and anticipate backtest, in the language
of their ``--lang`` (Dutch by default). Each term is (Dutch, English); ``{name}`` marks a
placeholder.
"""

from __future__ import annotations

TERMS: dict[str, tuple[str, str]] = {
    # sterkte validate
    "validate.title": ("{file}: {table} {period}, {rows} rijen",
                       "{file}: {table} {period}, {rows} rows"),
    "validate.unit": ("eenheid", "unit"),
    "validate.column": ("kolom", "column"),
    "validate.check": ("controle", "check"),
    "validate.expected": ("verwacht", "expected"),
    "validate.found": ("gevonden", "found"),
    "validate.difference": ("verschil", "difference"),
    "validate.kind": ("soort", "kind"),
    "validate.rounding": ("afronding", "rounding"),
    "validate.beyond": ("meer dan afronding", "beyond rounding"),
    # sterkte capacity
    "capacity.cli_title": ("{team} (district {district})", "{team} (district {district})"),
    "capacity.cli_week": ("week", "week"),
    "capacity.cli_demand": ("vraag noodhulp u", "response demand h"),
    "capacity.cli_supply": ("aanbod noodhulp u", "response supply h"),
    "capacity.cli_gap": ("verschil u", "gap h"),
    "capacity.cli_wijk": ("wijkuren u", "wijk hours h"),
    "capacity.cli_wijk_share": ("wijkaandeel als tekort uit wijkuren",
                                "wijk share if gap filled from wijk"),
    # sterkte hr import, hr rejects, ledger --from-hr
    "hr_import.title": ("HR-import", "HR import"),
    "hr_import.file": ("bestand", "file"),
    "hr_import.kind": ("soort", "kind"),
    "hr_import.rows": ("rijen", "rows"),
    "hr_import.accepted": ("aanvaard", "accepted"),
    "hr_import.unchanged": ("ongewijzigd", "unchanged"),
    "hr_import.rejected": ("geweigerd", "rejected"),
    "hr_import.import": ("import", "import"),
    "hr_import.row": ("rij", "row"),
    "hr_import.column": ("kolom", "column"),
    "hr_import.reason": ("reden", "reason"),
    "hr_import.message": ("melding", "message"),
    "hr_ledger.title": ("{category} ({measure}), uit HR-gegevens",
                        "{category} ({measure}), from HR records"),
    # sterkte anticipate backtest
    "backtest.title": ("Backtest: {n} startdata {first} … {last}, horizon {days} dagen, {cells} "
                       "cellen van {size} m; gemiddelden over de startdata",
                       "Backtest: {n} origins {first} … {last}, {days}-day horizon, {cells} "
                       "cells of {size} m; means over origins"),
    "backtest.model": ("model", "model"),
    "backtest.verdict": ("oordeel", "verdict"),
    "backtest.fit": ("geschikt", "fit"),
    "backtest.not_fit": ("NIET GESCHIKT", "NOT FIT"),
    "backtest.hit": ("treffers {share}", "hit {share}"),
    "backtest.obs_fc": ("waarg./voorsp.", "obs/fc"),
    "backtest.note": ("* geleerd model; waarg./voorsp. = waargenomen / voorspelde delicten, "
                      "samengenomen",
                      "* learned model; obs/fc = observed / forecast events, pooled"),
}
