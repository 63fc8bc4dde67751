"""Personnel prognosis: academy cohorts, outflow by age, formatie, scenarios, uncertainty.

Pure functions, no I/O: parameters (:mod:`sterkte.parameters`) and a start state
(from a ledger or HR records) in; a ledger, formatie, balance dates and sample
bands out. See docs/forecast.md for the model and its assumptions.
"""

from sterkte.forecast.balance import Balance
from sterkte.forecast.engine import CATEGORIES, FLOW_KEYS, Trajectory, simulate
from sterkte.forecast.inputs import FORECAST_PARAMETERS, ModelInputs, forecast_parameters, resolve
from sterkte.forecast.run import ForecastRun, run_forecast
from sterkte.forecast.start import (
    StartState,
    scenario_start,
    start_from_ledger,
    start_from_people,
    start_from_published,
    start_from_stocks,
)
from sterkte.records.staff import PersonRecord

__all__ = [
    "CATEGORIES",
    "FLOW_KEYS",
    "FORECAST_PARAMETERS",
    "Balance",
    "ForecastRun",
    "ModelInputs",
    "PersonRecord",
    "StartState",
    "Trajectory",
    "forecast_parameters",
    "resolve",
    "run_forecast",
    "scenario_start",
    "simulate",
    "start_from_ledger",
    "start_from_people",
    "start_from_published",
    "start_from_stocks",
]
