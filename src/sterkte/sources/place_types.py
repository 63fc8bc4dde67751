"""Place types of incident events, reduced at the gate to one flag: a facility or not.

An events file may say *what kind of place* an incident happened at (NYC's
``location_type``: street, residence, vehicle parking, office, …). The gate
keeps only whether the place is a **facility** — an off-street place that is
not a home: a parking lot or garage, an office, a shop, a petrol station, an
airport, … — and drops the category itself (data minimisation: this one bit is
what the ``place_count`` model uses).

Why a facility: repeat victimisation concentrates in a few "risky facilities"
(Clarke & Eck 2007, *Understanding Risky Facilities*, COPS guide 6), so an
event at a facility says more about a cell's lasting rate than an event on an
open street or at a home. On the NYC vehicle thefts of 2015 (the training
year) weighting facility events up raised the two-year count's PAI at 3 %;
weighting homes up lowered it (docs/anticipate.md, "Information the models
did not use"). Street-like and residential values are listed below; any
other non-empty value is a facility, an empty or unknown value is not.
Review the lists for another source's vocabulary.
"""

from __future__ import annotations

import re

#: Values (normalised) of places on the open street: not facilities.
STREET_VALUES = frozenset({
    "street", "streets", "sidewalk", "alley", "road", "highway", "public_road",
    "open_road", "straat", "openbare_weg", "weg", "stoep", "trottoir",
})
#: Values (normalised) of homes: not facilities.
HOME_VALUES = frozenset({
    "residence", "residential", "home", "house", "apartment", "driveway",
    "driveway_residential", "residence_garage", "woning", "woonhuis", "flat",
    "erf", "oprit",
})
#: Values (normalised) meaning "not known": not facilities.
UNKNOWN_VALUES = frozenset({"", "unknown", "onbekend", "na", "n_a", "none", "null"})


def is_facility(value: str) -> bool:
    """Whether a place-type value names a facility (off-street, not a home)."""
    norm = re.sub(r"[^a-z0-9]+", "_", value.strip().lower()).strip("_")
    return norm not in STREET_VALUES | HOME_VALUES | UNKNOWN_VALUES
