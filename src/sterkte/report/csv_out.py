"""Tables as CSV: data for a spreadsheet, not a picture of the report.

Numbers are written unrounded, so reading the file back gives the same ledger.
Dutch (``--lang nl``): ``;``-separated with a decimal comma, as Excel in a Dutch
locale expects; English: ``,``-separated with a decimal point. A value is never
written with exactly three decimals after a point (``12.345`` is written
``12.3450``), so no reader can mistake it for a Dutch thousands separator.
"""

from __future__ import annotations

import csv
import io

import numpy as np

from sterkte.report.tables import Table


def plain_number(value: float) -> str:
    """Shortest exact decimal form, never in exponent notation, never '-0'."""
    if value == 0:
        return "0"
    text = np.format_float_positional(value, unique=True, trim="-")
    if "." in text and len(text.split(".")[1]) == 3:
        text += "0"
    return text


def to_csv(table: Table) -> str:
    delimiter = "," if table.lang == "en" else ";"
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(table.headers)
    for row in table.rows:
        cells = ["" if v is None else plain_number(v) for v in row.values]
        if table.lang != "en":
            cells = [c.replace(".", ",") for c in cells]
        writer.writerow([row.label, *cells])
    return buf.getvalue()
