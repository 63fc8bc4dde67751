"""How old the events may be when a forecast is made: stale data are refused.

An events file that ends months before the forecast origin gives a forecast
of nothing — every recent window is empty, so the recent-level models
forecast zeros everywhere — and a backtest over periods without data has
nothing to score. Neither is an answer; both are refused with the file, its
last event and the origin, so the user can fetch recent data or choose an
earlier origin. The limit is a dated parameter (``max_data_age_days`` in
``criteria.yaml``).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt

from sterkte.errors import InputError, Msg, render


def last_event_before(times: npt.NDArray[np.datetime64], origin: date) -> date | None:
    """The date of the last event before ``origin`` (00:00); None when there is none."""
    before = times[times < np.datetime64(origin, "s")]
    if before.size == 0:
        return None
    return before.max().astype("datetime64[D]").astype(date)  # type: ignore[no-any-return]


FORECAST_ORIGIN = Msg("het startpunt van de voorspelling", "the forecast origin")


def check_data_age(source: str, last_event: date | None, origin: date, max_age_days: int,
                   what: str | Msg = FORECAST_ORIGIN) -> None:
    """Refuse when the events end more than ``max_age_days`` before ``origin``.

    ``source`` names the events file; ``what`` says what ``origin`` is (for
    the message, e.g. "the last day to evaluate (--end)").
    """
    if last_event is None:
        raise InputError.at(source, Msg(
            f"geen gebeurtenis vóór {render(what, 'nl')} {origin.isoformat()}: er is niets om "
            "een voorspelling op te baseren",
            f"no event before {render(what, 'en')} {origin.isoformat()}: there is "
            "nothing to forecast from"))
    age = (origin - last_event).days
    if age > max_age_days:
        last, at = last_event.isoformat(), origin.isoformat()
        raise InputError.at(source, Msg(
            f"de gebeurtenissen eindigen op {last}, {age} dagen vóór {render(what, 'nl')} "
            f"{at}; de gegevens mogen hoogstens {max_age_days} dagen oud zijn "
            "(max_data_age_days in criteria.yaml). Een voorspelling uit deze gegevens zou "
            "vrijwel niets tonen en niets zeggen over de periode. Gebruik een "
            f"gebeurtenissenbestand dat tot {at} loopt, of kies een datum hoogstens "
            f"{max_age_days} dagen na {last}",
            f"the events end on {last}, {age} days before {render(what, 'en')} "
            f"{at}; data may be at most {max_age_days} days old "
            "(max_data_age_days in criteria.yaml). A forecast from these data would show "
            "next to nothing and say nothing about the period. Use an events file that "
            f"runs up to {at}, or choose a date at most {max_age_days} days "
            f"after {last}"))
