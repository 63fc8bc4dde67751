"""Working-time rules and soft goals of the roster, by the roster's own keys: the names
reports, pages and `sterkte roster` show. Each term is (Dutch, English).
"""

from __future__ import annotations

TERMS: dict[str, tuple[str, str]] = {
    # hard rules (sterkte.roster: the police rules and the checker's general ones)
    "roster.rule.max_shift_length": ("Maximale diensduur", "Longest shift"),
    "roster.rule.max_week_hours": ("Maximaal uren per week", "Most hours a week"),
    "roster.rule.avg_week_hours_4w": ("Gemiddeld uren per week over 4 weken",
                                      "Average hours a week over 4 weeks"),
    "roster.rule.avg_week_hours_16w": ("Gemiddeld uren per week over 16 weken",
                                       "Average hours a week over 16 weeks"),
    "roster.rule.min_rest": ("Minimale rust tussen diensten", "Least rest between shifts"),
    "roster.rule.weekly_rest": ("Wekelijkse rust", "Weekly rest"),
    "roster.rule.night_max_length": ("Maximale duur nachtdienst", "Longest night shift"),
    "roster.rule.rest_after_night": ("Rust na een nachtdienst", "Rest after a night shift"),
    "roster.rule.rest_after_night_series": ("Rust na een reeks nachtdiensten",
                                            "Rest after a series of night shifts"),
    "roster.rule.max_nights": ("Maximaal aantal nachtdiensten", "Most night shifts"),
    "roster.rule.free_sundays": ("Vrije zondagen", "Free Sundays"),
    "roster.rule.max_minutes": ("Maximale werktijd in de periode",
                                "Most working time in the period"),
    "roster.rule.min_minutes": ("Minimale werktijd in de periode",
                                "Least working time in the period"),
    "roster.rule.volunteer_cap": ("Urenplafond vrijwilligers", "Volunteers' hours cap"),
    "roster.rule.aspirant_with_trained": ("Aspirant alleen met opgeleide collega",
                                          "Trainee only with a trained colleague"),
    "roster.rule.days_off": ("Vrije dagen en ziekte", "Days off and sickness"),
    "roster.rule.neighbourhood_norm": ("Wijkuren wijkagenten (80%-norm)",
                                       "Community officers' neighbourhood hours (80 % norm)"),
    "roster.rule.max_shifts": ("Maximaal aantal diensten", "Most shifts"),
    "roster.rule.max_consecutive": ("Maximaal aantal diensten achter elkaar",
                                    "Most shifts in a row"),
    "roster.rule.min_consecutive": ("Minimaal aantal diensten achter elkaar",
                                    "Least shifts in a row"),
    "roster.rule.min_consecutive_off": ("Minimaal aantal vrije dagen achter elkaar",
                                        "Least days off in a row"),
    "roster.rule.max_weekends": ("Maximaal aantal weekenden", "Most weekends worked"),
    "roster.rule.roster": ("Rooster (onbekende medewerker, dag of dienst)",
                           "Roster (unknown employee, day or shift)"),
    # soft goals (their labels in sterkte.roster)
    "roster.goal.cover": ("Dekking", "Cover"),
    "roster.goal.personal_requests": ("Persoonlijke verzoeken", "Personal requests"),
    "roster.goal.neighbourhood_share": ("Aandeel wijkwerk", "Neighbourhood share"),
    "roster.goal.nights_spread_evenly": ("Nachtdiensten gelijk verdeeld",
                                         "Nights spread evenly"),
    "roster.goal.weekends_spread_evenly": ("Weekenden gelijk verdeeld",
                                           "Weekends spread evenly"),
}
