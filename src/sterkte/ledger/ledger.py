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
    value: the operations below return new ledgers. Internally entries are kept per
    cell, so reading a cell costs nothing however large the ledger is.
    """

    __slots__ = ("_c",)

    def __init__(self, entries: Mapping[Key, float] | Iterable[tuple[Key, float]] = ()) -> None:
        self._c: dict[Cell, dict[str, float]] = {}
        items = entries.items() if isinstance(entries, Mapping) else entries
        for (period, unit, category, flow), value in items:
            self.add(period, unit, category, flow, value)

    # -- building ------------------------------------------------------------
    def set(self, period: Period, unit: str, category: Category, flow: str, value: float) -> None:
        self._check_name(category, flow)
        self._c.setdefault((period, unit, category), {})[flow] = float(value)

    def add(self, period: Period, unit: str, category: Category, flow: str, value: float) -> None:
        self._check_name(category, flow)
        cell = self._c.setdefault((period, unit, category), {})
        cell[flow] = cell.get(flow, 0.0) + float(value)

    def _add_unchecked(self, cell: Cell, flow: str, value: float) -> None:
        entries = self._c.setdefault(cell, {})
        entries[flow] = entries.get(flow, 0.0) + value

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
    def _items(self) -> Iterator[tuple[Key, float]]:
        for (period, unit, cat), entries in self._c.items():
            for flow, value in entries.items():
                yield (period, unit, cat, flow), value

    def __len__(self) -> int:
        return sum(len(e) for e in self._c.values())

    def __iter__(self) -> Iterator[tuple[Key, float]]:
        return iter(sorted(self._items(), key=lambda kv: _sort_key(kv[0])))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Ledger) and dict(self._items()) == dict(other._items())

    def __hash__(self) -> int:  # a mutable container: not hashable
        raise TypeError("Ledger is not hashable")

    def __repr__(self) -> str:
        return f"Ledger({len(self)} entries, {len(self._c)} cells)"

    def get(self, period: Period, unit: str, category: Category, flow: str) -> float:
        return self._c.get((period, unit, category), {}).get(flow, 0.0)

    def has(self, period: Period, unit: str, category: Category, flow: str) -> bool:
        return flow in self._c.get((period, unit, category), {})

    def cells(self) -> list[Cell]:
        return sorted(self._c, key=lambda c: (c[0], c[1], c[2].value))

    def periods(self) -> list[Period]:
        return sorted({c[0] for c in self._c})

    def units(self) -> list[str]:
        return sorted({c[1] for c in self._c})

    def categories(self) -> list[Category]:
        return sorted({c[2] for c in self._c}, key=lambda c: c.value)

    def flows(self, period: Period, unit: str, category: Category) -> dict[str, float]:
        """The flows of one cell (stocks and net excluded)."""
        return {f: v for f, v in self._c.get((period, unit, category), {}).items()
                if f not in SPECIAL}

    def flow_names(self) -> frozenset[str]:
        return frozenset(f for e in self._c.values() for f in e if f not in SPECIAL)

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
        out._c = {c: dict(e) for c, e in self._c.items()
                  if (ps is None or c[0] in ps) and (us is None or c[1] in us)
                  and (cs is None or c[2] in cs)}
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
            entries = self._c[(period, unit, cat)]
            flows = math.fsum(v for f, v in entries.items() if f not in SPECIAL)
            if NET in entries:
                net = entries[NET]
                if abs(flows - net) > tolerance:
                    out.append(IdentityViolation(period, unit, cat, "flows = net", net, flows))
            else:
                net = flows
            opening = entries.get(OPENING, 0.0)
            closing = entries.get(CLOSING, 0.0)
            if abs(opening + net - closing) > tolerance:
                out.append(IdentityViolation(period, unit, cat, "opening + flows = closing",
                                             opening + net, closing))
            following = self._c.get((period.next(), unit, cat), {})
            if (OPENING in following and CLOSING in entries
                    and abs(following[OPENING] - closing) > tolerance):
                out.append(IdentityViolation(period.next(), unit, cat, "closing = next opening",
                                             closing, following[OPENING]))
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

        chains = {u: chain(u) for u in {c[1] for c in self._c}}
        aggregates = {a for c in chains.values() for a in c}
        out = Ledger()
        for (period, unit, cat), entries in self._c.items():
            if unit in aggregates:
                continue
            targets = ([unit] if keep else []) + chains[unit]
            for target in targets:
                for flow, value in entries.items():
                    out._add_unchecked((period, target, cat), flow, value)
        return out

    def aggregate_periods(self, kind: PeriodKind) -> Ledger:
        """Months (or any finer periods) → tertials, half-years or years.

        Flows and net are summed; the opening is the first sub-period's opening and
        the closing the last one's. A coarser period is produced only from a
        complete run of its sub-periods; incomplete ones raise ``ValueError``,
        because a year made of four months would silently misstate its flows.
        """
        groups: dict[tuple[Period, str, Category], list[Period]] = defaultdict(list)
        for period, unit, cat in self._c:
            groups[(period.containing(kind), unit, cat)].append(period)
        out = Ledger()
        for (target, unit, cat), subs in groups.items():
            subs.sort()
            covered = sum(p.last_month - p.first_month + 1 for p in subs)
            if covered != target.last_month - target.first_month + 1:
                have = ", ".join(str(p) for p in subs)
                raise ValueError(f"{target} {unit} {cat}: incomplete, has only {have}")
            cell = (target, unit, cat)
            for p in subs:
                for flow, value in self._c[(p, unit, cat)].items():
                    if flow == OPENING:
                        if p == subs[0]:
                            out._c.setdefault(cell, {})[OPENING] = value
                    elif flow == CLOSING:
                        if p == subs[-1]:
                            out._c.setdefault(cell, {})[CLOSING] = value
                    else:
                        out._add_unchecked(cell, flow, value)
        return out

    def roll_up_flows(self) -> Ledger:
        """Detailed flows summed into the flows the realisation tables publish."""
        out = Ledger()
        for cell, entries in self._c.items():
            for flow, value in entries.items():
                name = flow if flow in SPECIAL else (FLOW_BY_NAME[flow].parent or flow)
                out._add_unchecked(cell, name, value)
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
