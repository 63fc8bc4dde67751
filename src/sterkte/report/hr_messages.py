"""The HR gate's row messages in Dutch.

The gate writes each refused row's message in SQL, in English, into the store's rejects
(``hr_rejects.message``, beside the machine-readable ``reason``): the same English text for
every reader, in DuckDB and PostgreSQL alike. A report in Dutch shows it through
:func:`in_dutch`, which knows every message the gate (:mod:`sterkte.store.hr_gate`,
:mod:`sterkte.store.hr_histories`) and the reader (:mod:`sterkte.sources.hr_records`)
write; values (quoted as the file gave them), field names and codes stay as they are. A
message it does not know is shown as it is (tests/hr/test_reject_messages.py runs every
rule and checks that none is left in English)."""

from __future__ import annotations

import re

_V = r"(?P<v>.*)"  # a value as the message quotes it
_PATTERNS: list[tuple[str, str]] = [
    (r"(?P<f>\w+) is required", "{f} is verplicht"),
    (rf"{_V} is not a number", "{v} is geen getal"),
    (rf"{_V} is not a date; expected YYYY-MM-DD", "{v} is geen datum; verwacht JJJJ-MM-DD"),
    (rf"{_V} is not a month; expected YYYY-MM", "{v} is geen maand; verwacht JJJJ-MM"),
    (r"person_id must be 1-32 letters, digits, _ \. or -",
     "person_id moet 1-32 letters, cijfers, _ . of - zijn"),
    (r"(?P<f>\w+) must be 1-40 letters, digits, _ \. or -",
     "{f} moet 1-40 letters, cijfers, _ . of - zijn"),
    (r"(?P<f>\w+) must be a code of letters, digits, _ \. or -",
     "{f} moet een code van letters, cijfers, _ . of - zijn"),
    (r"person_id is a valid national ID number \(BSN\); use a pseudonymous id \(the value is "
     r"not shown or stored\)",
     "person_id is een geldig burgerservicenummer (BSN); gebruik een gepseudonimiseerde id "
     "(de waarde wordt niet getoond of opgeslagen)"),
    (rf"{_V} is not one of: (?P<l>.*)", "{v} is niet een van: {l}"),
    (r"(?P<f>\w+) (?P<d>\S+) is before 1950", "{f} {d} ligt vóór 1950"),
    (r"(?P<f>\w+) (?P<d>\S+) is after the import day (?P<a>\S+): a date in the future",
     "{f} {d} ligt na de importdag {a}: een datum in de toekomst"),
    (rf"{_V} is not one of the 15 reporting units",
     "{v} is geen van de 15 rapportage-eenheden"),
    (r"fte (?P<n>\S+) is outside (?P<r>\(0, \S+\])", "fte {n} ligt buiten {r}"),
    (r"birth year (?P<n>\S+) is outside 1940-2010", "geboortejaar {n} ligt buiten 1940-2010"),
    (rf"{_V} is not a known function \((?P<l>.*)\)", "{v} is geen bekende functie ({l})"),
    (rf"{_V} is not OS, ASP, NOS or VOL", "{v} is niet OS, ASP, NOS of VOL"),
    (r"fte is required for OS, ASP and NOS", "fte is verplicht voor OS, ASP en NOS"),
    (r"hours (?P<n>\S+) is outside 0-60 a week", "uren {n} liggen buiten 0-60 per week"),
    (r"hours (?P<n>\S+) is outside 0-(?P<m>\S+) \(hours in a month\)",
     "uren {n} liggen buiten 0-{m} (uren in een maand)"),
    (r"appointment_type is for volunteers \(VOL\) only",
     "appointment_type geldt alleen voor vrijwilligers (VOL)"),
    (rf"{_V} is not an event type \((?P<l>.*)\)", "{v} is geen soort gebeurtenis ({l})"),
    (r"(?P<f>\w+) is required for (?P<t>\w+)", "{f} is verplicht bij {t}"),
    (r"reason \(planned or unplanned\) is required for leave",
     "reason (planned of unplanned) is verplicht bij leave"),
    (rf"{_V} is not planned or unplanned", "{v} is niet planned of unplanned"),
    (r"end (?P<e>\S+) is before start (?P<s>\S+)", "end {e} ligt vóór start {s}"),
    (r"percentage (?P<n>\S+) is outside \(0, 100\]", "percentage {n} ligt buiten (0, 100]"),
    (r"month (?P<m>\S+) is after the month of the import day (?P<a>\S+): a month in the "
     r"future", "maand {m} ligt na de maand van de importdag {a}: een maand in de toekomst"),
    (r"person (?P<p>\S+) was never a volunteer", "persoon {p} was nooit vrijwilliger"),
    (r"person (?P<p>\S+) is not in the persons records",
     "persoon {p} staat niet in de persoonsgegevens"),
    (rf"{_V} appears earlier in the file, on row (?P<r>\d+)",
     "{v} staat al eerder in het bestand, in rij {r}"),
    (rf"{_V} is already stored with different values",
     "{v} is al opgeslagen met andere waarden"),
    (r"spell from (?P<a>\S+) overlaps the spell from (?P<b>\S+)",
     "ziekmelding vanaf {a} overlapt de ziekmelding vanaf {b}"),
    (r"expected (?P<n>\d+) fields, found (?P<m>\d+)", "verwacht {n} velden, gevonden {m}"),
    # the histories (sterkte.store.hr_histories)
    (r"(?P<t>\w+) on (?P<d>\S+): the person has no hire on or before",
     "{t} op {d}: de persoon heeft geen indiensttreding op of vóór die dag"),
    (r"(?P<t>\w+) on (?P<d>\S+): the person had already left \(someone who returns gets a new "
     r"person_id\)", "{t} op {d}: de persoon was al uit dienst (wie terugkomt krijgt een "
                     "nieuwe person_id)"),
    (r"hire on (?P<d>\S+): the person is already employed",
     "hire op {d}: de persoon is al in dienst"),
    (r"a volunteer becoming a professional needs an fte",
     "een vrijwilliger die beroeps wordt heeft een fte nodig"),
    (r"transfer_unit to the unit the person is already in \((?P<u>\S+)\)",
     "transfer_unit naar de eenheid waar de persoon al is ({u})"),
    (r"volunteers do not transfer between units: record a leave and a new hire",
     "vrijwilligers gaan niet over tussen eenheden: leg een leave en een nieuwe hire vast"),
    (r"transfer_category from (?P<a>\S+) to (?P<b>\S+) is not possible \(aspirants start with "
     r"academy_start and end with graduation or dropout\)",
     "transfer_category van {a} naar {b} is niet mogelijk (aspiranten beginnen met "
     "academy_start en eindigen met graduation of dropout)"),
    (r"(?P<t>\w+) on (?P<d>\S+) is not possible for a person who is (?P<c>\S+)",
     "{t} op {d} is niet mogelijk voor een persoon die {c} is"),
]
_COMPILED = [(re.compile(p + r"\Z", re.DOTALL), nl) for p, nl in _PATTERNS]
_WOULD = re.compile(r"(?P<t>\w+) on (?P<d>\S+) would make the stored (?P<s>\w+) on (?P<e>\S+) "
                    r"impossible \((?P<m>.*)\)\Z", re.DOTALL)


def in_dutch(message: str) -> str:
    """The gate's English ``message`` in Dutch (as it is when it is none the gate writes)."""
    m = _WOULD.match(message)
    if m:  # a later event that breaks a stored one: the stored one's reason nested
        return (f"{m['t']} op {m['d']} zou de opgeslagen {m['s']} op {m['e']} onmogelijk "
                f"maken ({in_dutch(m['m'])})")
    for pattern, nl in _COMPILED:
        m = pattern.match(message)
        if m:
            return nl.format(**m.groupdict())
    return message


def row_message(message: str, lang: str) -> str:
    """A stored row message in ``lang``."""
    return message if lang == "en" else in_dutch(message)
