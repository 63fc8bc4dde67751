"""Small synthetic worlds for the anticipation tests (never real persons)."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

#: Lower-left corner of the synthetic town, RD New metres (near Amersfoort).
X0, Y0 = 155_000.0, 463_000.0
CELL = 125.0


def synthetic_events(
    days: int = 730, seed: int = 1, start: date = date(2024, 1, 1)
) -> list[dict[str, str]]:
    """Events in a 20 × 20-cell town: three hot cells, a warm street, thin background.

    Rates are events per day. Every fifth event is police-initiated and lands
    in the cell the police watch (cell 15, 15) — a pattern only the
    police-initiated records show.
    """
    rng = np.random.default_rng(seed)
    rows: list[dict[str, str]] = []
    hot = [(3, 4, 0.12), (10, 12, 0.10), (16, 5, 0.08)]
    for d in range(days):
        day = datetime.combine(start + timedelta(days=d), datetime.min.time())
        cells: list[tuple[int, int]] = []
        for cx, cy, rate in hot:
            cells += [(cx, cy)] * int(rng.poisson(rate))
        for _ in range(int(rng.poisson(0.15))):
            cells.append((int(rng.integers(0, 20)), 8))
        for _ in range(int(rng.poisson(0.2))):
            cells.append((int(rng.integers(0, 20)), int(rng.integers(0, 20))))
        for cx, cy in cells:
            t = day + timedelta(minutes=int(rng.integers(0, 1440)))
            rows.append({
                "time": t.strftime("%Y-%m-%d %H:%M"),
                "x": f"{X0 + (cx + rng.random()) * CELL:.1f}",
                "y": f"{Y0 + (cy + rng.random()) * CELL:.1f}",
                "offence": "burglary" if cy != 8 else "bicycle theft",
                "channel": "citizen",
            })
        if d % 5 == 0:
            rows.append({
                "time": day.strftime("%Y-%m-%d 12:00"),
                "x": f"{X0 + 15.5 * CELL:.1f}", "y": f"{Y0 + 15.5 * CELL:.1f}",
                "offence": "burglary", "channel": "police",
            })
    return rows


def write_csv(path: Path, rows: list[dict[str, str]], extra: dict[str, str] | None = None) -> Path:
    """Write rows (plus constant extra columns) as CSV."""
    extra = extra or {}
    fields = [*rows[0].keys(), *extra.keys()]
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        for r in rows:
            w.writerow({**r, **extra})
    return path


@pytest.fixture(scope="session")
def town_rows() -> list[dict[str, str]]:
    return synthetic_events()


@pytest.fixture
def town_csv(tmp_path: Path, town_rows: list[dict[str, str]]) -> Path:
    return write_csv(tmp_path / "town.csv", town_rows)
