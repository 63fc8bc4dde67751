"""The commitments register with the statuses the figures decide: the evidence of each
rule (a norm nationally, an earmark in every scope, a target) from the norms and the
earmarks, then :func:`sterkte.norms.commitments.decide` per commitment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from sterkte.app.earmarks import gather_earmarks
from sterkte.app.norms import norms_status
from sterkte.errors import SterkteError
from sterkte.ledger import format_number, format_percent
from sterkte.norms.commitments import Commitment, Decision, Evidence, decide
from sterkte.norms.earmarks import EarmarkStatus
from sterkte.norms.status import Met, NormStatus
from sterkte.parameters import ParameterSet
from sterkte.sources.commitments import load_register
from sterkte.store.db import connect

NATIONAL = "NP"


def _norm_evidence(s: NormStatus) -> Evidence:
    def shown(v: float | None) -> str:
        if v is None:
            return "–"
        return format_percent(v, "nl", 1) if s.measure == "%" else format_number(v, "nl")

    met = None if s.met is Met.UNKNOWN else s.met is Met.MET
    return Evidence(met, f"{s.norm} {shown(s.value)} / {shown(s.target)}")


def _earmark_evidence(programme: str, statuses: Sequence[EarmarkStatus]) -> Evidence:
    mine = [s for s in statuses if s.earmark.programme == programme]
    if not mine or any(s.bezetting is None for s in mine):
        return Evidence(None, f"{programme}: –")
    bez = sum(s.bezetting or 0.0 for s in mine)
    fte = sum(s.earmark.fte for s in mine)
    return Evidence(all(s.met is Met.MET for s in mine),
                    f"{programme} {format_number(bez, 'nl', 1)} / {format_number(fte, 'nl', 1)}"
                    " fte")


def evidence(norms: Sequence[NormStatus], earmarks: Sequence[EarmarkStatus],
             targets: dict[str, tuple[float | None, float]] | None = None
             ) -> dict[str, Evidence]:
    """Every rule a register can name, with its figure: ``norm:NAME`` (the national
    status), ``earmark:PROGRAMME`` (met when every scope is), ``target:NAME`` (value ≥
    target; ``targets`` maps NAME to (value, target))."""
    out = {f"norm:{s.norm}": _norm_evidence(s) for s in norms if s.scope == NATIONAL}
    for programme in {s.earmark.programme for s in earmarks}:
        out[f"earmark:{programme}"] = _earmark_evidence(programme, earmarks)
    for name, (value, target) in (targets or {}).items():
        out[f"target:{name}"] = Evidence(
            None if value is None else value >= target,
            f"{name} {'–' if value is None else format_number(value, 'nl')} / "
            f"{format_number(target, 'nl')}")
    return out


def decisions(register: Sequence[Commitment], found: dict[str, Evidence]) -> list[Decision]:
    return [decide(c, found) for c in register]


def volunteer_target(norms: Sequence[NormStatus], params: ParameterSet, on: dt.date
                     ) -> dict[str, tuple[float | None, float]]:
    """The volunteers (persons, national) against ``volunteer_target_persons``."""
    nat = next((s for s in norms if s.norm == "volunteers" and s.scope == NATIONAL), None)
    value = nat.detail.get("volunteers") if nat is not None else None
    p = params["volunteer_target_persons"]
    return {"volunteer_persons": (float(value) if isinstance(value, int | float) else None,
                                  p.number(on))}


def register_decisions(db: str | Path | None, register: str | Path | None = None
                       ) -> list[Decision]:
    """The register (bundled, or ``register``) with the statuses the store's figures
    decide; without a store (or HR records), the recorded statuses."""
    entries = load_register(register)
    try:
        norms = norms_status(db)
    except SterkteError:
        return decisions(entries, {})
    params = ParameterSet.bundled(engine="norms")
    con = connect(db, read_only=True)
    try:
        marks = gather_earmarks(con, params, norms[0].on if norms else None)
    finally:
        con.close()
    on = norms[0].on if norms else marks.on
    return decisions(entries, evidence(norms, marks.statuses,
                                       volunteer_target(norms, params, on)))
