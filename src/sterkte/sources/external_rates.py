"""An external rate per area (e.g. a victimisation survey) for the anticipation bias audit:
a CSV with the columns ``area`` and ``rate``."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from sterkte.errors import InputError, Msg


def read_external_rates(path: Path) -> dict[str, float]:
    """Rate (≥ 0) per area name; a bad row is an :class:`InputError` naming it."""
    if not path.is_file():
        raise InputError.at(str(path), Msg("bestand niet gevonden", "file not found"))
    rates: dict[str, float] = {}
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        fields = reader.fieldnames or []
        if "area" not in fields or "rate" not in fields:
            raise InputError.at(str(path), Msg("verwacht de kolommen 'area' en 'rate'",
                                               "expected columns 'area' and 'rate'"), row=1)
        for i, row in enumerate(reader, start=2):
            try:
                value = float(row["rate"])
            except (TypeError, ValueError):
                raise InputError.at(str(path), Msg(f"rate {row['rate']!r} is geen getal",
                                                   f"rate {row['rate']!r} is not a number"),
                                    row=i, field="rate") from None
            if not np.isfinite(value) or value < 0:
                raise InputError.at(str(path), Msg("verwacht een rate ≥ 0", "expected a rate ≥ 0"),
                                    row=i, field="rate")
            rates[row["area"]] = value
    return rates
