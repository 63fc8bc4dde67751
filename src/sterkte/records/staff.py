"""A person as the engines read them from the HR records: a team member on a date, a
sickness spell, a person at a forecast's start, and the persons of a team on a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sterkte.ledger import Category


@dataclass(frozen=True)
class StaffMember:
    """One person of a team on the planning date. ``fte`` = contract fte as recorded
    (None for volunteers); ``hours`` = contract hours per week (None for volunteers): the
    store leaves it None and the app layer sets it from ``fte`` and the police's full-time
    week (the parameter ``roster_police_week_hours``); ``volunteer_hours_used`` = hours
    deployed this calendar year."""

    person_id: str
    team: str
    district: str
    function: str
    category: str  # OS, ASP, NOS, VOL
    hours: float | None
    volunteer_hours_used: float = 0.0
    fte: float | None = None


@dataclass(frozen=True)
class SickSpell:
    """A sickness spell as the HR records hold it: ``end`` inclusive, ``None`` while the
    spell is open; ``percentage`` (0–100] of the working time the person is sick."""

    person_id: str
    start: dt.date
    end: dt.date | None
    percentage: float


@dataclass(frozen=True)
class PersonRecord:
    """One person on the start date, from HR records."""

    unit: str
    category: Category
    birth_year: int
    fte: float


@dataclass(frozen=True)
class TeamRow:
    """Persons of one team on a date, as the store counts them."""

    unit: str
    district: str
    team: str
    counts: dict[str, int]  # persons per category (OS, ASP, NOS, VOL)
    fte: float  # OS + ASP + NOS fte


@dataclass(frozen=True)
class AbsenceRows:
    """Employment and sickness of professionals as day pieces ``[start, end)``, per group
    (unit or team): ``available`` (start, end, fte, group index); ``sick`` (start, end,
    fte × percentage / 100, group index) with, per sick piece, ``spells`` (spell id, first
    day of the whole spell); ``groups`` the group names."""

    available: list[tuple[dt.date, dt.date, float, int]]
    sick: list[tuple[dt.date, dt.date, float, int]]
    spells: list[tuple[int, dt.date]]
    groups: list[str]
