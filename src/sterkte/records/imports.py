"""An imported file as the store records it: what, from where, its checksum, when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ImportRecord:
    import_id: int
    source_name: str
    source_path: str
    checksum: str
    kind: str
    category: str | None
    period: str | None
    imported_at: datetime
    entries: int


@dataclass(frozen=True)
class ImportResult:
    record: ImportRecord
    already_present: bool


@dataclass(frozen=True)
class Vintage:
    """Which prognosis: its name, what it is, the first year it forecasts and the day it
    was made (None when the source does not say)."""

    name: str
    description: str
    first_year: int
    made_on: dt.date | None = None
