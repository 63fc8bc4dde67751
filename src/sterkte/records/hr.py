"""The HR record schema: persons, events, sickness spells and volunteer hours.

The pydantic models are the single definition of every field: the gate
(:mod:`sterkte.store.hr_gate`) derives its allow-list of columns and its SQL
types from them, the store creates its tables from them, and ``docs/hr.md``
documents them. Units: ``fte`` is a fraction of a full-time contract
(1.0 = the police's full-time week, the parameter ``roster_police_week_hours``: 36 hours
since 2017), ``hours`` contract hours per week, volunteer
``hours`` hours deployed in a calendar month, sickness ``percentage`` the
share of the contract the person is absent (0–100].

Only pseudonymous, coded data enters: no names, no national ID numbers, no
free text (see :data:`REFUSED_COLUMNS`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from types import UnionType
from typing import Annotated, Literal, Union, get_args, get_origin

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from sterkte.errors import Msg
from sterkte.ledger import Category

FTE_MAX = 1.2  # the highest contract fte accepted (overtime contracts); fte must be > 0
# A plausibility bound, not the policy cap (volunteer_hours_cap, a yearly norm the norms
# check): a calendar month has at most 31 × 24 hours.
MONTH_HOURS_MAX = 744.0



def is_bsn(value: str) -> bool:
    """Whether ``value`` is a valid Dutch national ID number (BSN): nine digits passing
    the eleven-test (weights 9..2 and -1)."""
    if len(value) != 9 or not value.isdigit():
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(w * int(d) for w, d in zip(weights, value, strict=True)) % 11 == 0


def _not_bsn(value: str) -> str:
    if is_bsn(value):
        raise ValueError("person_id is a valid national ID number (BSN); use a pseudonymous id")
    return value


CODE_PATTERN = r"^[A-Za-z0-9_.-]{1,32}$"  # ids and codes: no spaces, so no free text
PersonId = Annotated[str, Field(min_length=1, max_length=32, pattern=CODE_PATTERN),
                     AfterValidator(_not_bsn)]


class EventType(StrEnum):
    """What happened to a person on a date. The order is the order within one day."""

    HIRE = "hire"  # enters the organisation in a unit and category (OS, ASP, NOS, VOL)
    ACADEMY_START = "academy_start"  # an OS, NOS or VOL person starts police training
    TRANSFER_CATEGORY = "transfer_category"  # OS <-> NOS, professional <-> volunteer
    TRANSFER_UNIT = "transfer_unit"  # moves to another unit, same category
    FTE_CHANGE = "fte_change"  # a new contract fte
    GRADUATION = "graduation"  # an aspirant completes training and becomes OS
    DROPOUT = "dropout"  # an aspirant stops training and leaves
    LEAVE = "leave"  # leaves the organisation (reason planned or unplanned)


EVENT_ORDER: dict[EventType, int] = {t: i for i, t in enumerate(EventType)}


class LeaveReason(StrEnum):
    PLANNED = "planned"  # voorzien: retirement, end of a fixed-term contract
    UNPLANNED = "unplanned"  # onvoorzien: resignation, dismissal, death, …


# A closed list, so that the function column cannot carry free text.
FUNCTIONS: tuple[str, ...] = (
    "wijkagent",  # community officer
    "noodhulp",  # emergency response
    "opsporing",  # investigations
    "intelligence",
    "specialist",  # specialised operational posts (e.g. traffic, water, dogs)
    "leiding",  # team and unit management
    "aspirant",  # trainee at the Police Academy
    "ondersteuning",  # support and services (NOS)
    "vrijwilliger",  # volunteer
    "overig",
)

# Gender as the personnel administration records it (optional): 'x' as in Dutch
# identity documents (neither, or not registered as, man or woman).
GENDERS: tuple[str, ...] = ("man", "vrouw", "x")

# A volunteer's appointment (aanstelling), the three types the letters count:
# executive with generic deployability (mostly in basisteams), executive with specific
# deployability (ESI: forensics, intelligence, …) and administrative/technical/other (ATH).
APPOINTMENT_TYPES: tuple[str, ...] = ("executief", "esi", "ath")


class Person(BaseModel):
    """One person, as on the extract date (the ledger itself comes from events)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    person_id: PersonId = Field(description="pseudonymous id, never a national ID number")
    birth_year: int = Field(ge=1940, le=2010, description="year of birth")
    unit: str = Field(description="reporting-unit code (NN … LMS) or its name")
    district: str | None = Field(default=None, pattern=CODE_PATTERN, description="district code")
    team: str | None = Field(default=None, pattern=CODE_PATTERN, description="basisteam code")
    function: Literal[FUNCTIONS] = Field(description="function, from a closed list")  # type: ignore[valid-type]
    category: Category = Field(description="OS, ASP, NOS or VOL (volunteer)")
    fte: float | None = Field(default=None, gt=0, le=FTE_MAX,
                              description="contract fte; empty for volunteers")
    hours: float | None = Field(default=None, ge=0, le=60,
                                description="contract hours per week; empty for volunteers")
    gender: Literal[GENDERS] | None = Field(  # type: ignore[valid-type]
        default=None, description="optional: man, vrouw or x")
    appointment_type: Literal[APPOINTMENT_TYPES] | None = Field(  # type: ignore[valid-type]
        default=None, description="volunteers only, optional: executief (generic "
                                  "deployability), esi (specific) or ath (administrative, "
                                  "technical, other)")

    @model_validator(mode="after")
    def _fte_for_staff(self) -> Person:
        if self.fte is None and self.category is not Category.VOLUNTEER:
            raise ValueError("fte is required for OS, ASP and NOS")
        if self.appointment_type is not None and self.category is not Category.VOLUNTEER:
            raise ValueError("appointment_type is for volunteers (VOL) only")
        return self


class Event(BaseModel):
    """One mutation in the personnel administration."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    event_id: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_.-]+$")
    person_id: PersonId
    date: dt.date
    type: EventType
    unit: str | None = Field(default=None, description=(
        "hire: the unit; transfer_unit: the new unit; graduation: the unit where the "
        "graduate starts (default: the unit of training)"))
    team: str | None = Field(default=None, pattern=CODE_PATTERN, description="new basisteam code")
    category: Category | None = Field(default=None, description=(
        "hire: the category; transfer_category: the new category"))
    fte: float | None = Field(default=None, gt=0, le=FTE_MAX, description=(
        "hire and fte_change: the (new) contract fte; required when a volunteer becomes "
        "a professional"))
    reason: LeaveReason | None = Field(default=None, description=(
        "leave, and a professional becoming a volunteer: planned or unplanned"))

    @model_validator(mode="after")
    def _fields_of_type(self) -> Event:
        needs = {"unit": (EventType.HIRE, EventType.TRANSFER_UNIT),
                 "category": (EventType.HIRE, EventType.TRANSFER_CATEGORY),
                 "reason": (EventType.LEAVE,), "fte": (EventType.FTE_CHANGE,)}
        for name, types in needs.items():
            if self.type in types and getattr(self, name) is None:
                raise ValueError(f"{name} is required for {self.type}")
        if (self.type is EventType.HIRE and self.fte is None
                and self.category is not Category.VOLUNTEER):
            raise ValueError("fte is required for hire")
        return self


class SicknessSpell(BaseModel):
    """A period of sickness absence; ``end`` empty while the spell is still running."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    person_id: PersonId
    start: dt.date
    end: dt.date | None = None
    percentage: float = Field(default=100.0, gt=0, le=100,
                              description="percent of the contract the person is absent")

    @model_validator(mode="after")
    def _ends_after_start(self) -> SicknessSpell:
        if self.end is not None and self.end < self.start:
            raise ValueError("end is before start")
        return self


class VolunteerHours(BaseModel):
    """Hours a volunteer was deployed in one calendar month (``YYYY-MM``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    person_id: PersonId
    month: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    hours: float = Field(ge=0, le=MONTH_HOURS_MAX)


class RecordKind(StrEnum):
    PERSONS = "persons"
    EVENTS = "events"
    SICKNESS = "sickness"
    VOLUNTEER_HOURS = "volunteer_hours"


MODELS: dict[RecordKind, type[BaseModel]] = {
    RecordKind.PERSONS: Person,
    RecordKind.EVENTS: Event,
    RecordKind.SICKNESS: SicknessSpell,
    RecordKind.VOLUNTEER_HOURS: VolunteerHours,
}

# Import order: events need their persons, spells and hours need persons too.
IMPORT_ORDER: tuple[RecordKind, ...] = (
    RecordKind.PERSONS, RecordKind.EVENTS, RecordKind.SICKNESS, RecordKind.VOLUNTEER_HOURS,
)

TABLES: dict[RecordKind, str] = {
    RecordKind.PERSONS: "hr_persons",
    RecordKind.EVENTS: "hr_events",
    RecordKind.SICKNESS: "hr_sickness",
    RecordKind.VOLUNTEER_HOURS: "hr_volunteer_hours",
}

# Columns that identify a kind of file from its header.
SIGNATURE: dict[RecordKind, frozenset[str]] = {
    RecordKind.PERSONS: frozenset({"person_id", "birth_year"}),
    RecordKind.EVENTS: frozenset({"event_id", "type"}),
    RecordKind.SICKNESS: frozenset({"person_id", "start", "percentage"}),
    RecordKind.VOLUNTEER_HOURS: frozenset({"person_id", "month", "hours"}),
}

SPECIAL_CATEGORY = Msg(
    "bijzondere persoonsgegevens (zoals culturele achtergrond) worden nooit per persoon "
    "opgeslagen; culturele achtergrond komt alleen binnen als aantallen per eenheid of team "
    "uit een statistische bron (sterkte diversity import)",
    "special-category personal data (such as cultural background) is never "
    "stored per person; cultural background enters only as counts per unit "
    "or team from a statistical source (sterkte diversity import)")

# The marker of synthetic records: `sterkte synth` writes this column (value ``true``)
# into each of its files. It is no field of the records: the gate accepts it in any kind
# of file and records the file as synthetic (``hr_imports.synthetic``), so every report
# built on those records can say so. A column travels with the data where a header
# comment or a sidecar file would be lost (see docs/hr.md, "Synthetic records").
SYNTHETIC_MARKER = "synthetic"
# Person ids the synthetic police gives (``syn000123``): a second sign, for records
# imported before the marker existed.
SYNTHETIC_ID_PREFIX = "syn"

# Columns refused at the gate, with the reason given to the user. Any column not
# in the schema is refused too; these get a message that says why.
# Why each column is refused (in both languages: the gate's message quotes it).
REFUSED_COLUMNS: dict[str, Msg] = {
    **{c: Msg("namen identificeren mensen en worden nooit opgeslagen",
              "names identify people and are never stored") for c in (
        "name", "naam", "voornaam", "achternaam", "first_name", "last_name", "surname",
        "full_name", "initials", "voorletters", "tussenvoegsel", "roepnaam")},
    **{c: Msg("burgerservicenummers (BSN) worden nooit opgeslagen; gebruik een "
              "gepseudonimiseerde person_id",
              "national ID numbers (BSN) are never stored; use a pseudonymous person_id")
       for c in ("bsn", "burgerservicenummer", "sofinummer", "ssn", "national_id",
                 "id_number", "passport", "paspoort")},
    **{c: Msg("vrije tekst kan mensen identificeren en wordt nooit opgeslagen",
              "free text may identify people and is never stored") for c in (
        "comment", "comments", "opmerking", "opmerkingen", "toelichting", "note", "notes",
        "remark", "remarks", "description", "omschrijving", "memo", "vrije_tekst")},
    **{c: Msg("contact- en persoonsgegevens worden nooit opgeslagen",
              "contact and personal details are never stored") for c in (
        "email", "e_mail", "phone", "telefoon", "address", "adres", "postcode", "zipcode",
        "birth_date", "geboortedatum", "date_of_birth", "iban")},
    # Special-category personal data (AVG art. 9): never per person. sterkte takes
    # cultural background only as counts per unit or team from a statistical source.
    **{c: SPECIAL_CATEGORY for c in (
        "cultural_background", "culturele_achtergrond", "background", "achtergrond",
        "migration_background", "migratieachtergrond", "migratie_achtergrond", "herkomst",
        "origin", "ethnicity", "etniciteit", "ethnic_origin", "etnische_afkomst", "afkomst",
        "race", "nationality", "nationaliteit", "country_of_birth", "geboorteland",
        "birth_country", "geboorteland_ouders", "parents_country_of_birth", "religion",
        "religie", "geloof")},
}


@dataclass(frozen=True)
class Column:
    """One column of a record kind: its name, SQL type and whether it is required."""

    name: str
    sql_type: str  # VARCHAR, INTEGER, DOUBLE, DATE
    required: bool


def _sql_type(annotation: object) -> str:
    args = [a for a in get_args(annotation) if a is not type(None)]
    base = args[0] if get_origin(annotation) in (Union, UnionType) and len(args) == 1 \
        else annotation
    if base is dt.date:
        return "DATE"
    if base is int:
        return "INTEGER"
    if base is float:
        return "DOUBLE"
    return "VARCHAR"


def columns(kind: RecordKind) -> tuple[Column, ...]:
    """The columns of ``kind`` in model order, derived from its pydantic model."""
    out = []
    for name, info in MODELS[kind].model_fields.items():
        out.append(Column(name, _sql_type(info.annotation), info.is_required()))
    return tuple(out)
