"""Tables as CSV: data for a spreadsheet, not a picture of the report.

One convention for every command (`sterkte table`, `sterkte forecast`, `sterkte norms`,
the annex, the dashboard's downloads). Numbers are written unrounded, so reading the
file back gives the same numbers. Dutch (``--lang nl``, the default): ``;``-separated
with a decimal comma, as Excel in a Dutch locale expects; English: ``,``-separated with
a decimal point. A value is never written with exactly three decimals after the mark
(``12.345`` is written ``12.3450``), so no reader can mistake it for a Dutch thousands
separator; never in exponent notation. Percentages are in percent (6.1, not 0.061);
dates are ISO (2021-12-31); no value is an empty cell; text is written as shown.

A table in parts gets a first column naming each row's part; a table with
``key_header`` carries its row keys in a column of that name, after the columns that
name a row (its stub).

Figures resting on synthetic data (:attr:`Table.synthetic`) get a last column
"Synthetische gegevens" ("Synthetic data") reading ``synthetisch`` (``synthetic``) in
every row: the notice travels with every row copied out, and the file stays a plain
table any CSV reader parses (a comment line would not).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math

import numpy as np

from sterkte.report.labels import term
from sterkte.report.table import Table, Value
from sterkte.sources.textcells import text_cell


def plain_number(value: float) -> str:
    """Shortest exact decimal form, never in exponent notation, never '-0'."""
    if value == 0:
        return "0"
    text = np.format_float_positional(value, unique=True, trim="-")
    if "." in text and len(text.split(".")[1]) == 3:
        text += "0"
    return text


def csv_cell(value: Value, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return text_cell(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if math.isnan(value):
        return ""
    text = plain_number(float(value))
    return text if lang == "en" else text.replace(".", ",")


def delimiter(lang: str) -> str:
    return "," if lang == "en" else ";"


def to_csv(table: Table) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter(table.lang), lineterminator="\n")
    stub = table.stub
    headers = [c.header for c in table.columns]
    lead = [table.section_header] if table.sections else []
    keys = [table.key_header] if table.key_header else []
    marker = [term("synthetic.column", table.lang)] if table.synthetic else []
    writer.writerow([*lead, *headers[:stub], *keys, *headers[stub:], *marker])
    flag = [term("synthetic.flag", table.lang)] if table.synthetic else []
    for i, (key, row) in enumerate(zip(table.keys, table.rows, strict=True)):
        section = table.section_of(i)
        lead = [section.label if section is not None else ""] if table.sections else []
        keys = [text_cell(key)] if table.key_header else []
        cells = [csv_cell(v, table.lang) for v in row]
        writer.writerow([*lead, *cells[:stub], *keys, *cells[stub:], *flag])
    return buf.getvalue()
