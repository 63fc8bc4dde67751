"""The roster's words for a team chief: each rule's name in Dutch and English, and days.

A glossary, as :mod:`sterkte.ledger.glossary` is for the ledger: code uses the rule
keys, texts use these names. A name may hold ``{v}``, the rule's limit as its
parameter gives it (:attr:`~sterkte.roster.model.RuleInfo.value`), so the text
follows the parameter when the law changes; a rule without a value falls back to
the wording without it. Every sentence built from them is in
:mod:`sterkte.roster.reroster` and :mod:`sterkte.roster.shortage`; only names live
here.
"""

from __future__ import annotations

import datetime as dt

from sterkte.roster.model import RuleInfo

SICK = "sick"  # not a rule of the model: the days off of persons reported sick
LEAVE = "leave"  # days off granted on request after the roster was published

# rule key → (Dutch, English); ``{v}`` is the rule's limit
RULE_NAMES: dict[str, tuple[str, str]] = {
    "max_shift_length": ("een dienst duurt hoogstens {v:g} uur",
                         "a shift lasts at most {v:g} hours"),
    "max_week_hours": ("hoogstens {v:g} uur werk per week",
                       "at most {v:g} hours of work a week"),
    "avg_week_hours_4w": ("gemiddeld hoogstens {v:g} uur per week over 4 weken",
                          "on average at most {v:g} hours a week over 4 weeks"),
    "avg_week_hours_16w": ("gemiddeld hoogstens {v:g} uur per week over 16 weken",
                           "on average at most {v:g} hours a week over 16 weeks"),
    "min_rest": ("minstens {v:g} uur rust tussen twee diensten",
                 "at least {v:g} hours of rest between two shifts"),
    "weekly_rest": ("elke week minstens {v:g} uur aaneengesloten rust",
                    "at least {v:g} hours of unbroken rest every week"),
    "night_max_length": ("een nachtdienst duurt hoogstens {v:g} uur",
                         "a night shift lasts at most {v:g} hours"),
    "rest_after_night": ("minstens {v:g} uur rust na een nachtdienst",
                         "at least {v:g} hours of rest after a night shift"),
    "rest_after_night_series": ("minstens {v:g} uur rust na drie of meer nachtdiensten op rij",
                                "at least {v:g} hours of rest after three or more nights "
                                "in a row"),
    "max_nights": ("hoogstens {v:g} nachtdiensten per 16 weken",
                   "at most {v:g} night shifts in 16 weeks"),
    "free_sundays": ("minstens {v:g} vrije zondagen per jaar",
                     "at least {v:g} free Sundays a year"),
    "max_minutes": ("niet meer uren dan het contract en de toegestane extra uren",
                    "no more hours than the contract and the extra hours allowed"),
    "volunteer_cap": ("een vrijwilliger werkt hoogstens {v:g} uur per jaar",
                      "a volunteer works at most {v:g} hours a year"),
    "aspirant_with_trained": ("een aspirant werkt alleen samen met een opgeleide collega",
                              "an aspirant works only with a trained colleague"),
    "neighbourhood_norm": ("een wijkagent werkt minstens {v:.0%} van de tijd in de wijk",
                           "a community officer spends at least {v:.0%} of the time in "
                           "the neighbourhood"),
    "days_off": ("vrije dagen (verlof, opleiding)", "days off (leave, training)"),
    "max_shifts": ("hoogstens zoveel diensten van één soort",
                   "at most so many shifts of one kind"),
    "min_minutes": ("minstens de uren van het contract", "at least the contract hours"),
    "max_consecutive": ("hoogstens zoveel diensten op rij", "at most so many shifts in a row"),
    "min_consecutive": ("minstens zoveel diensten op rij", "at least so many shifts in a row"),
    "min_consecutive_off": ("minstens zoveel vrije dagen op rij",
                            "at least so many days off in a row"),
    "max_weekends": ("hoogstens zoveel weekenden werken", "at most so many weekends worked"),
    "shift_rotation": ("diensten die niet op elkaar mogen volgen",
                       "shifts that may not follow each other"),
    SICK: ("ziekte", "sickness"),
    LEAVE: ("vrij op verzoek", "leave on request"),
}

WEEKDAYS = {"nl": ("ma", "di", "wo", "do", "vr", "za", "zo"),
            "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}
MONTHS = {"nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt",
                 "nov", "dec"),
          "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                 "Nov", "Dec")}


def _lang(lang: str) -> str:
    if lang not in WEEKDAYS:
        raise ValueError(f"language {lang!r}: expected 'nl' or 'en'")
    return lang


def rule_name(key: str, info: RuleInfo | None, lang: str = "nl") -> str:
    """The rule in plain words, with its limit where the name has one."""
    nl, en = RULE_NAMES.get(key, (key, key))
    text = nl if _lang(lang) == "nl" else en
    if "{v" in text:
        if info is None or info.value is None:
            return text.split("{v", 1)[0].rstrip(" ,") or (info.description if info else key)
        return text.format(v=info.value)
    return text


def day_name(day: int, first: dt.date | None, lang: str = "nl") -> str:
    """Day ``day`` of the roster: 'ma 12 jan' from the first day's date, else
    'dag 8 (ma)' (day 0 is a Monday)."""
    wd = WEEKDAYS[_lang(lang)][day % 7]
    if first is None:
        return f"dag {day} ({wd})" if lang == "nl" else f"day {day} ({wd})"
    date = first + dt.timedelta(days=day)
    return f"{wd} {date.day} {MONTHS[lang][date.month - 1]}"


def day_span(days: list[int], first: dt.date | None, lang: str = "nl") -> str:
    """Days as runs: 'ma 12 jan – wo 14 jan, za 17 jan'."""
    runs: list[tuple[int, int]] = []
    for d in sorted(set(days)):
        if runs and d == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], d)
        else:
            runs.append((d, d))
    return ", ".join(day_name(a, first, lang) if a == b
                     else f"{day_name(a, first, lang)} – {day_name(b, first, lang)}"
                     for a, b in runs)


def names(items: list[str], lang: str = "nl") -> str:
    """'A', 'A en B', 'A, B en C' (English: 'and')."""
    word = " en " if _lang(lang) == "nl" else " and "
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + word + items[-1]
