"""Supply of police capacity per team and week, from HR records.

Per person, hours available per week = contract hours × (1 − sickness absence −
leave − training). How those hours meet demand depends on the function:

- response officers (``noodhulp``): all to response (team leaders, investigators and
  specialists do their own work and are not counted);
- community officers (``wijkagent``): the neighbourhood share (80 % norm) to the
  neighbourhood, the rest to response;
- aspirants: their work share (the rest is school), only beside a trained colleague;
- volunteers: the hours left under the yearly cap, spread over the weeks left in
  the year, at most their usual monthly hours;
- investigators and specialists: their own work, not counted for response.

The shift relief factor is how many full-time officers one post staffed around the
clock (168 hours a week) needs: ``168 / (full-time hours × availability)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sterkte.records.staff import StaffMember

RESPONSE_FUNCTIONS = ("noodhulp",)


@dataclass(frozen=True)
class SupplyRates:
    """Fractions of contract hours not available (absence, leave, training), and the
    shares and caps that decide where hours go."""

    absence: float
    leave: float
    training: float
    neighbourhood_share: float
    aspirant_work_share: float
    volunteer_cap_hours: float  # per calendar year
    volunteer_month_hours: float  # usual hours per month of an active volunteer
    full_time_hours: float  # hours a week of a full-time contract (1.0 fte)

    @property
    def availability(self) -> float:
        return max(0.0, 1.0 - self.absence - self.leave - self.training)

    @property
    def relief_factor(self) -> float:
        """Full-time officers needed to staff one post 24/7."""
        a = self.availability
        return 168.0 / (self.full_time_hours * a) if a > 0 else float("inf")


@dataclass(frozen=True)
class TeamSupply:
    """Person-hours per week a team can put on the roster, by purpose."""

    team: str
    district: str
    response: float
    neighbourhood: float
    aspirant: float  # already inside ``response``; shown apart (needs a colleague)
    volunteer: float  # already inside ``response``
    persons: int
    contract_hours: float  # professionals' contract hours per week
    relief_factor: float


def volunteer_week_hours(used: float, on: dt.date, rates: SupplyRates) -> float:
    """Hours a week a volunteer can still give this year: the cap left spread over the
    weeks left, at most the usual monthly hours / 4.35."""
    left = max(0.0, rates.volunteer_cap_hours - used)
    weeks_left = max(1.0, ((dt.date(on.year, 12, 31) - on).days + 1) / 7.0)
    return min(left / weeks_left, rates.volunteer_month_hours * 12 / 52)


def team_supply(staff: Iterable[StaffMember], team: str, on: dt.date, rates: SupplyRates,
                district: str = "") -> TeamSupply:
    """Weekly supply of ``team`` (person-hours) on the date ``on``."""
    response = neighbourhood = aspirant = volunteer = contract = 0.0
    persons = 0
    avail = rates.availability
    for s in staff:
        if s.team != team:
            continue
        persons += 1
        district = district or s.district
        if s.category == "VOL" or s.function == "vrijwilliger":
            v = volunteer_week_hours(s.volunteer_hours_used, on, rates)
            volunteer += v
            response += v
            continue
        hours = s.hours or 0.0
        contract += hours
        if s.category == "ASP" or s.function == "aspirant":
            a = hours * avail * rates.aspirant_work_share
            aspirant += a
            response += a
        elif s.function == "wijkagent":
            neighbourhood += hours * avail * rates.neighbourhood_share
            response += hours * avail * (1.0 - rates.neighbourhood_share)
        elif s.function in RESPONSE_FUNCTIONS:
            response += hours * avail
    return TeamSupply(team, district, response, neighbourhood, aspirant, volunteer, persons,
                      contract, rates.relief_factor)
