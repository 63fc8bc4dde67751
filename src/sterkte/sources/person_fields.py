"""Which columns of an events file hold data about a person (refused at the gate of
:mod:`sterkte.sources.crime_events`): names, ages, dates of birth, ethnicity,
nationality, gender, suspect/victim/witness descriptions, free text and person ids.
The check reads the column name only, never a value."""

from __future__ import annotations

import re

# Person fields. Short words must be a whole token of the column name; longer
# stems may appear anywhere (Dutch compounds such as "naamverdachte").
_PERSON_TOKENS = {
    "name", "names", "naam", "age", "ages", "dob", "sex", "race", "bsn", "ssn",
    "text", "note", "notes", "memo", "pid",
}
_PERSON_STEMS = (
    "surname", "firstname", "lastname", "voornaam", "achternaam", "leeftijd",
    "birth", "geboort", "ethnic", "etnic", "nationalit", "gender", "geslacht",
    "suspect", "verdacht", "victim", "slachtoffer", "offender", "dader",
    "witness", "getuige", "person", "persoon", "passport", "paspoort",
    "phone", "telefoon", "email", "address", "adres", "descript", "beschrijving",
    "omschrijving", "narrative", "tekst", "remark", "opmerking", "comment",
    "toelichting", "signalement", "skin", "huidskleur", "religio", "complexion",
    "licence", "license", "kenteken", "citizen_id", "social_security",
)
# A "name" that is clearly a place name is not a person field.
_PLACE_TOKENS = {"street", "straat", "place", "plaats", "location", "locatie", "area",
                 "district", "beat", "wijk", "buurt", "gemeente", "city", "offence",
                 "offense", "crime", "type"}


def normalise_column(name: str) -> str:
    """``"Primary Type"`` → ``"primary_type"``, ``"suspectName"`` → ``"suspect_name"``."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name.strip())
    return re.sub(r"[^a-z0-9]+", "_", spaced.lower()).strip("_")


def is_person_field(name: str) -> bool:
    """Whether a column name denotes data about a person (refused at the gate)."""
    norm = normalise_column(name)
    tokens = set(norm.split("_"))
    if tokens & {"name", "names", "naam"} and tokens & _PLACE_TOKENS:
        return False
    if tokens & _PERSON_TOKENS:
        return True
    compact = norm.replace("_", "")
    return any(stem.replace("_", "") in compact for stem in _PERSON_STEMS)
