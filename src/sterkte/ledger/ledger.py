"""The ledger: staff per (period, unit, category, flow), with its identities.

Every *cell* — a (period, unit, category) — holds an ``opening`` and a
``closing`` stock and any number of signed flows, and must satisfy
``closing = opening + Σ flows``. A published table also prints a saldo
(``net``); when a cell carries it, the ledger keeps it as published and checks
``Σ flows = net`` and ``opening + net = closing`` instead, so that a table read
from a letter renders back exactly as printed and its rounding differences are
reported, not hidden.

Values are floats in the category's unit (fte; persons for volunteers) and are
never rounded here: rounding is for display only (:mod:`sterkte.ledger.display`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from sterkte.ledger.glossary import CLOSING, FLOW_BY_NAME, NET, OPENING, STOCKS, Category
from sterkte.ledger.periods import Period, PeriodKind

Key = tuple[Period, str, Category, str]
Cell = tuple[Period, str, Category]

SPECIAL = (OPENING, CLOSING, NET)


@dataclass(frozen=True)
class IdentityViolation:
    """A cell (or a pair of consecutive cells) where the ledger does not add up."""

    period: Period
    unit: str
    category: Category
    identity: str  # 'flows = net', 'opening + flows = closing', 'closing = next opening'
    expected: float
    found: float

    @property
    def difference(self) -> float:
        return self.found - self.expected

    def __str__(self) -> str:
        return (f"{self.period} {self.unit} {self.category}: {self.identity}: expected "
                f"{self.expected:g}, found {self.found:g} (difference {self.difference:+g})")


class Ledger:
    """A mapping (period, unit, category, flow) → value, with the ledger identities.

    Use :meth:`add` to accumulate and :meth:`set` to overwrite. A ledger is a plain
    value: the operations below return new ledgers.
    """

    __slots__ = ("_v",)

    def __init__(self, entries: Mapping[Key, float] | Iterable[tuple[Key, float]] = ()) -> None:
        self._v: dict[Key, float] = {}
        items = entries.items() if isinstance(entries, Mapping) else entries
        for (period, unit, category, flow), value in items:
            self.add(period, unit, category, flow, value)

    # -- building ------------------------------------------------------------
    def set(self, period: Period, unit: str, category: Category, flow: str, value: float) -> None:
        self._check_name(category, flow)
        self._v[(period, unit, category, flow)] = float(value)

    def add(self, period: Period, unit: str, category: Category, flow: str, value: float) -> None:
        self._check_name(category, flow)
        key = (period, unit, category, flow)
        self._v[key] = self._v.get(key, 0.0) + float(value)

    @staticmethod
    def _check_name(category: Category, flow: str) -> None:
        if flow in SPECIAL:
            return
        f = FLOW_BY_NAME.get(flow)
        if f is None:
            raise KeyError(f"unknown flow {flow!r}")
        if category not in f.categories:
            raise KeyError(f"flow {flow!r} does not apply to category {category}")

    # -- reading -------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._v)

    def __iter__(self) -> Iterator[tuple[Key, float]]:
        return iter(sorted(self._v.items(), key=lambda kv: _sort_key(kv[0])))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Ledger) and self._v == other._v

    def __hash__(self) -> int:  # a mutable container: not hashable
        raise TypeError("Ledger is not hashable")

    def __repr__(self) -> str:
        return f"Ledger({len(self._v)} entries, {len(self.cells())} cells)"

    def get(self, period: Period, unit: str, category: Category, flow: str) -> float:
        return self._v.get((period, unit, category, flow), 0.0)

    def has(self, period: Period, unit: str, category: Category, flow: str) -> bool:
        return (period, unit, category, flow) in self._v

    def cells(self) -> list[Cell]:
        return sorted({k[:3] for k in self._v}, key=lambda c: (c[0], c[1], c[2].value))

    def periods(self) -> list[Period]:
        return sorted({k[0] for k in self._v})

    def units(self) -> list[str]:
        return sorted({k[1] for k in self._v})

    def categories(self) -> list[Category]:
        return sorted({k[2] for k in self._v}, key=lambda c: c.value)

    def flows(self, period: Period, unit: str, category: Category) -> dict[str, float]:
        """The flows of one cell (stocks and net excluded)."""
        return {k[3]: v for k, v in self._v.items()
                if k[:3] == (period, unit, category) and k[3] not in SPECIAL}

    def flow_names(self) -> frozenset[str]:
        return frozenset(k[3] for k in self._v if k[3] not in SPECIAL)

    def opening(self, period: Period, unit: str, category: Category) -> float:
        return self.get(period, unit, category, OPENING)

    def closing(self, period: Period, unit: str, category: Category) -> float:
        return self.get(period, unit, category, CLOSING)

    def net(self, period: Period, unit: str, category: Category) -> float:
        """The saldo: as published when the cell carries one, else the sum of its flows."""
        if self.has(period, unit, category, NET):
            return self.get(period, unit, category, NET)
        return math.fsum(self.flows(period, unit, category).values())

    def select(self, *, periods: Iterable[Period] | None = None,
               units: Iterable[str] | None = None,
               categories: Iterable[Category] | None = None) -> Ledger:
        ps = set(periods) if periods is not None else None
        us = set(units) if units is not None else None
        cs = set(categories) if categories is not None else None
        out = Ledger()
        out._v = {k: v for k, v in self._v.items()
                  if (ps is None or k[0] in ps) and (us is None or k[1] in us)
                  and (cs is None or k[2] in cs)}
        return out

    # -- identities ----------------------------------------------------------
    def check_identities(self, tolerance: float = 1e-6) -> list[IdentityViolation]:
        """Every place the ledger does not add up, beyond ``tolerance``.

        Checks per cell ``Σ flows = net`` (when a net is carried) and
        ``opening + net = closing``; and between consecutive periods of the same
        kind, unit and category, ``closing = next opening``.
        """
        out: list[IdentityViolation] = []
        for period, unit, cat in self.cells():
            flows = math.fsum(self.flows(period, unit, cat).values())
            if self.has(period, unit, cat, NET):
                net = self.get(period, unit, cat, NET)
                if abs(flows - net) > tolerance:
                    out.append(IdentityViolation(period, unit, cat, "flows = net", net, flows))
            else:
                net = flows
            opening = self.opening(period, unit, cat)
            closing = self.closing(period, unit, cat)
            if abs(opening + net - closing) > tolerance:
                out.append(IdentityViolation(period, unit, cat, "opening + flows = closing",
                                             opening + net, closing))
            nxt = period.next()
            if self.has(nxt, unit, cat, OPENING) and self.has(period, unit, cat, CLOSING):
                following = self.opening(nxt, unit, cat)
                if abs(following - closing) > tolerance:
                    out.append(IdentityViolation(nxt, unit, cat, "closing = next opening",
                                                 closing, following))
        return out

    # -- aggregation ---------------------------------------------------------
    def map_units(self, parent_of: Mapping[str, str | None], keep: bool = True) -> Ledger:
        """Sum every unit into each of its ancestors named by ``parent_of`` (child → parent).

        A unit that has descendants in this ledger is an aggregate: its own entries
        (such as a printed total row) are replaced by the sum of its descendants,
        so aggregating never counts anything twice. With ``keep`` the other units
        stay in the result, so a ledger of teams becomes a ledger of teams,
        districts, units and the nation; without it only the ancestors remain.
        """
        def chain(unit: str) -> list[str]:
            out: list[str] = []
            parent = parent_of.get(unit)
            while parent is not None:
                if parent in out or parent == unit:
                    raise ValueError(f"unit tree has a cycle at {parent!r}")
                out.append(parent)
                parent = parent_of.get(parent)
            return out

        chains = {u: chain(u) for u in {k[1] for k in self._v}}
        aggregates = {a for c in chains.values() for a in c}
        out = Ledger()
        for (period, unit, cat, flow), value in self._v.items():
            if unit in aggregates:
                continue
            if keep:
                out._v[(period, unit, cat, flow)] = value
            for parent in chains[unit]:
                key = (period, parent, cat, flow)
                out._v[key] = out._v.get(key, 0.0) + value
        return out

    def aggregate_periods(self, kind: PeriodKind) -> Ledger:
        """Months (or any finer periods) → tertials, half-years or years.

        Flows and net are summed; the opening is the first sub-period's opening and
        the closing the last one's. A coarser period is produced only from a
        complete run of its sub-periods; incomplete ones raise ``ValueError``,
        because a year made of four months would silently misstate its flows.
        """
        groups: dict[tuple[Period, str, Category], list[Period]] = defaultdict(list)
        for period, unit, cat in self.cells():
            groups[(period.containing(kind), unit, cat)].append(period)
        out = Ledger()
        for (target, unit, cat), subs in groups.items():
            subs.sort()
            covered = sum(p.last_month - p.first_month + 1 for p in subs)
            if covered != target.last_month - target.first_month + 1:
                have = ", ".join(str(p) for p in subs)
                raise ValueError(f"{target} {unit} {cat}: incomplete, has only {have}")
            first, last = subs[0], subs[-1]
            for (p, u, c, flow), value in self._v.items():
                if u != unit or c != cat or p not in subs:
                    continue
                if flow == OPENING:
                    if p == first:
                        out._v[(target, unit, cat, OPENING)] = value
                elif flow == CLOSING:
                    if p == last:
                        out._v[(target, unit, cat, CLOSING)] = value
                else:
                    key = (target, unit, cat, flow)
                    out._v[key] = out._v.get(key, 0.0) + value
        return out

    def roll_up_flows(self) -> Ledger:
        """Detailed flows summed into the flows the realisation tables publish."""
        out = Ledger()
        for (period, unit, cat, flow), value in self._v.items():
            name = flow if flow in SPECIAL else (FLOW_BY_NAME[flow].parent or flow)
            key = (period, unit, cat, name)
            out._v[key] = out._v.get(key, 0.0) + value
        return out

    def to_records(self) -> list[dict[str, str | float]]:
        return [{"period": str(p), "unit": u, "category": c.value, "flow": f, "value": v}
                for (p, u, c, f), v in self]

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, object]]) -> Ledger:
        out = cls()
        for r in records:
            out.add(Period.parse(str(r["period"])), str(r["unit"]), Category(str(r["category"])),
                    str(r["flow"]), float(str(r["value"])))
        return out


def _sort_key(key: Key) -> tuple[Period, str, str, int, str]:
    period, unit, cat, flow = key
    order = 0 if flow == OPENING else (2 if flow == NET else (3 if flow == CLOSING else 1))
    return (period, unit, cat.value, order, flow)


def stocks_and_flows(ledger: Ledger, cell: Cell) -> dict[str, float]:
    """Opening, each flow, net and closing of one cell, in ledger order."""
    period, unit, cat = cell
    out = {OPENING: ledger.opening(period, unit, cat)}
    out.update(dict(sorted(ledger.flows(period, unit, cat).items())))
    out[NET] = ledger.net(period, unit, cat)
    out[CLOSING] = ledger.closing(period, unit, cat)
    return out


__all__ = ["STOCKS", "Cell", "IdentityViolation", "Key", "Ledger", "stocks_and_flows"]
