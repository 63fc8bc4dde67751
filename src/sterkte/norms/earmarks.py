"""Earmarked capacity: formatie set aside for programmes and tasks (the MIT, AVIM, the TIM,
the community officers …), the bezetting against each, and the understaffing of tasks.

An earmark is a dated parameter named ``earmark_<programme>`` (a group file in
``data/parameters/norms/earmarks/``): fte per scope (a unit code, or NP when the letters
give no split), in force from its date until the next date, where an empty mapping (or
a mapping without the scope) ends it. Its bezetting is the latest figure on or before the
date judged: from the HR records for an earmark named after an HR function, otherwise
imported. An earmark is met when the bezetting reaches the earmarked fte.

Understaffing of a task is a series of percentages (as the letters give it, e.g. posts
tied to traffic enforcement: 14,4 % in 2017, 12,7 % in April 2019, 14,6 % in September
2019), or computed from formatie and bezetting: (formatie − bezetting) / formatie × 100.

Earmarks count fte of posts and of a programme's staff nationally or per unit, not
figures about persons' characteristics; they are shown as the letters show them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from sterkte.norms.status import Met, judge
from sterkte.parameters import Parameter, ParameterSet

PREFIX = "earmark_"


@dataclass(frozen=True)
class Earmark:
    """One earmark for one scope on a date."""

    programme: str  # the parameter name without the prefix, e.g. 'avim_opsporing'
    scope: str  # unit code or NP
    fte: float  # earmarked on the date
    start: dt.date  # from when this value is in force
    end: dt.date | None  # when a later value ends or changes it (None: open)
    description: str
    reference: str  # the sources in force on the date
    from_hr: bool  # bezetting from the HR records (the programme is an HR function)


@dataclass(frozen=True)
class EarmarkStatus:
    earmark: Earmark
    on: dt.date
    bezetting: float | None  # fte, the latest figure on or before ``on``
    bezetting_on: dt.date | None
    source: str  # where the bezetting comes from
    history: tuple[tuple[dt.date, float], ...] = ()  # every figure up to ``on``

    @property
    def difference(self) -> float | None:
        """Bezetting minus earmark, fte (negative: short)."""
        return None if self.bezetting is None else self.bezetting - self.earmark.fte

    @property
    def understaffing_percent(self) -> float | None:
        """(earmark − bezetting) / earmark × 100; negative when over-staffed."""
        if self.bezetting is None or self.earmark.fte <= 0:
            return None
        return 100.0 * (self.earmark.fte - self.bezetting) / self.earmark.fte

    @property
    def met(self) -> Met:
        return judge(self.bezetting, self.earmark.fte)


def earmark_parameters(params: ParameterSet) -> list[Parameter]:
    return [params[n] for n in sorted(params) if n.startswith(PREFIX)]


def earmarks_on(params: ParameterSet, on: dt.date, functions: Collection[str] = ()
                ) -> list[Earmark]:
    """Every earmark in force on ``on``, one per programme and scope. ``functions``: the
    HR functions (an earmark named after one takes its bezetting from the HR records)."""
    out = []
    for p in earmark_parameters(params):
        if p.first_date > on:
            continue
        start, _ = p.in_force(on)
        values = p.mapping(on)
        later = [d for d in p.values if d > start]
        programme = p.name.removeprefix(PREFIX)
        for scope, fte in sorted(values.items()):
            out.append(Earmark(programme, scope, fte, start, later[0] if later else None,
                               " ".join(p.description.split()), p.reference_text_on(on),
                               programme in functions))
    return out


def judge_earmarks(earmarks: Sequence[Earmark],
                   bezetting: Mapping[tuple[str, str], Sequence[tuple[dt.date, float, str]]],
                   on: dt.date) -> list[EarmarkStatus]:
    """Each earmark beside the latest bezetting on or before ``on``: ``bezetting`` maps
    (programme, scope) to (date, fte, source) figures."""
    out = []
    for e in earmarks:
        figures = sorted((f for f in bezetting.get((e.programme, e.scope), ()) if f[0] <= on),
                         key=lambda f: f[0])
        if figures:
            day, fte, source = figures[-1]
            out.append(EarmarkStatus(e, on, fte, day, source,
                                     tuple((d, v) for d, v, _ in figures)))
        else:
            out.append(EarmarkStatus(e, on, None, None, ""))
    return out


@dataclass(frozen=True)
class TaskUnderstaffing:
    task: str
    period: str
    percent: float  # understaffing, percent of the formatie
    change: float | None  # percentage points since the previous period
    from_figures: bool  # computed from formatie and bezetting
    source: str


def understaffing_series(rows: Sequence[tuple[str, str, float | None, float | None,
                                              float | None, str]]
                         ) -> list[TaskUnderstaffing]:
    """Per task in order of period: the understaffing percentage (as given, or computed
    from formatie and bezetting) and its change from the period before. Rows: (task,
    period, percent, formatie_fte, bezetting_fte, source)."""
    out = []
    by_task: dict[str, list[tuple[str, float, bool, str]]] = {}
    for task, period, pct, formatie, bezetting, source in rows:
        if pct is None:
            if formatie is None or bezetting is None or formatie <= 0:
                continue
            by_task.setdefault(task, []).append(
                (period, 100.0 * (formatie - bezetting) / formatie, True, source))
        else:
            by_task.setdefault(task, []).append((period, pct, False, source))
    for task in sorted(by_task):
        previous: float | None = None
        for period, pct, computed, source in sorted(by_task[task]):
            out.append(TaskUnderstaffing(task, period, pct,
                                         None if previous is None else pct - previous,
                                         computed, source))
            previous = pct
    return out


__all__ = ["PREFIX", "Earmark", "EarmarkStatus", "TaskUnderstaffing", "earmark_parameters",
           "earmarks_on", "judge_earmarks", "understaffing_series"]
