"""The synthetic national police: ``generate(seed, out_dir)`` writes four HR files.

``persons.csv``, ``events.csv``, ``sickness.csv`` and ``volunteer_hours.csv``,
in the import schema (:mod:`sterkte.records.hr`), byte-identical for the same
seed. Calibrated so that the derived 2021 ledger reproduces the published OS
and ASP tables per unit and flow (see :mod:`sterkte.synth.police.calibration`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sterkte.parameters import ParameterSet
from sterkte.records.hr import EVENT_ORDER, SYNTHETIC_MARKER, RecordKind, columns
from sterkte.synth.police.absence import sickness_spells, volunteer_hours
from sterkte.synth.police.attributes import assign_attributes
from sterkte.synth.police.generator import VOL, Police
from sterkte.synth.police.params import load_params
from sterkte.synth.police.population import generate_police

FILES: dict[RecordKind, str] = {
    RecordKind.PERSONS: "persons.csv",
    RecordKind.EVENTS: "events.csv",
    RecordKind.SICKNESS: "sickness.csv",
    RecordKind.VOLUNTEER_HOURS: "volunteer_hours.csv",
}


@dataclass(frozen=True)
class SynthSummary:
    out_dir: Path
    files: tuple[Path, ...]
    persons: int  # person rows (everyone employed at some time 2019–2022)
    employees_end_2021: int  # OS, ASP and NOS persons on 31-12-2021
    volunteers_end_2021: int  # persons
    events: int
    spells: int
    volunteer_months: int


def _num(x: float | None, digits: int = 4) -> str:
    return "" if x is None else f"{x:.{digits}f}"


def _pid(pid: int) -> str:
    return f"syn{pid:06d}"


def generate(seed: int, out_dir: str | Path, *, scale: float = 1.0) -> SynthSummary:
    """Generate the synthetic police for ``seed`` into ``out_dir`` (created if needed).

    ``scale`` < 1 makes a proportionally smaller police for quick tests; only
    ``scale=1`` is calibrated to the published tables.
    """
    params = load_params()
    police = generate_police(params, seed, scale)
    assign_attributes(police.people, params, seed)
    spells = sickness_spells(police, params, seed)
    hours = volunteer_hours(police, params, seed)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {k: out / name for k, name in FILES.items()}
    _write_persons(paths[RecordKind.PERSONS], police)
    n_events = _write_events(paths[RecordKind.EVENTS], police)
    _write(paths[RecordKind.SICKNESS], RecordKind.SICKNESS,
           ([_pid(p), s.isoformat(), e.isoformat() if e else "", _num(pc, 0)]
            for p, s, e, pc in spells))
    _write(paths[RecordKind.VOLUNTEER_HOURS], RecordKind.VOLUNTEER_HOURS,
           ([_pid(p), m, _num(h, 1)] for p, m, h in hours))
    employees = sum(1 for p in police.people if p.cat_2021 in ("OS", "ASP", "NOS"))
    volunteers = sum(1 for p in police.people if p.cat_2021 == VOL)
    return SynthSummary(out, tuple(paths.values()), len(police.people), employees, volunteers,
                        n_events, len(spells), len(hours))


def _write(path: Path, kind: RecordKind, rows: Iterable[Sequence[object]]) -> None:
    """One file in the import schema, each row marked synthetic (the marker column the
    gate records, so every report built on these records says they are synthetic)."""
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([*(c.name for c in columns(kind)), SYNTHETIC_MARKER])
        w.writerows([*r, "true"] for r in rows)


def _write_persons(path: Path, police: Police) -> None:
    rows = []
    # contract hours as an HR extract holds them: fte × the full-time week on its last day
    week = ParameterSet.bundled(["roster_police_week_hours"])["roster_police_week_hours"]
    full_time = week.number(police.end)
    for p in police.people:
        fte = None if p.cat == VOL else p.fte
        rows.append([_pid(p.pid), p.birth_year, p.unit, p.district or "", p.team or "",
                     p.function, p.cat, _num(fte),
                     _num(fte * full_time if fte is not None else None, 2), p.gender,
                     p.appointment_type if p.cat == VOL else ""])
    _write(path, RecordKind.PERSONS, rows)


def _write_events(path: Path, police: Police) -> int:
    order = {t.value: i for t, i in EVENT_ORDER.items()}
    events = sorted(police.events, key=lambda e: (e[0], e[1], order[e[2]]))
    rows = []
    for i, (date, pid, kind, unit, category, fte, reason) in enumerate(events, start=1):
        rows.append([f"E{i:07d}", _pid(pid), date.isoformat(), kind, unit or "", "",
                     category or "", _num(fte), reason or ""])
    _write(path, RecordKind.EVENTS, rows)
    return len(rows)


__all__ = ["FILES", "SynthSummary", "generate"]
