"""The what-if: a few parameters laid over the reference scenario (the dashboard's form).

The form's values become a :class:`~sterkte.parameters.Scenario` of dated overrides
(from January of ``from_year`` to the end of the horizon) on top of the scenario the
figures show (``hjb2022`` by default). Nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from sterkte.app.annex import Figures
from sterkte.app.forecast import prognosis_run, scenario_params
from sterkte.errors import Msg
from sterkte.forecast import ForecastRun
from sterkte.forecast.montecarlo import Progress
from sterkte.parameters import ParameterSet, Scenario


class ScenarioForm(BaseModel):
    """What the user may change. Bounds are generous but keep the model meaningful."""

    model_config = ConfigDict(extra="forbid")

    training_length: int = Field(24, ge=6, le=48, description="Programme length, months")
    intake: float = Field(2101, ge=0, le=6000, description="Academy intake per year, fte")
    lateral_entry: float = Field(1178, ge=0, le=5000,
                                 description="Lateral entry into OS per year, fte (national)")
    extra_formatie: float = Field(0, ge=-5000, le=10000,
                                  description="Extra trained formatie, fte (national)")
    from_year: int = Field(2023, ge=2000, le=2100, description="Changes apply from 1 January")
    years: int = Field(6, ge=2, le=12, description="Horizon, years")
    samples: int = Field(0, ge=0, le=2000, description="Monte Carlo samples (0: exact only)")

    @field_validator("*", mode="before")
    @classmethod
    def _no_booleans(cls, value: Any) -> Any:
        # true/false is no number: pydantic would read it as 1/0, the schema says number
        if isinstance(value, bool):
            raise ValueError(Msg("verwacht een getal, geen true of false",
                                 "expected a number, not true or false"))
        return value


def defaults(fig: Figures) -> ScenarioForm:
    """The form filled in with the reference scenario's values in the year after."""
    y = fig.year + 2
    on = dt.date(y, 1, 1)
    params = fig.params
    lateral = params["lateral_entry"].at(on)
    os_lateral = lateral.get("OS", {}) if isinstance(lateral, dict) else {}
    total = sum(float(v) for v in os_lateral.values()) if isinstance(os_lateral, dict) else 0.0
    return ScenarioForm(training_length=int(params["training_length"].number(on)),
                        intake=params["academy_intake"].number(on),
                        lateral_entry=total,
                        extra_formatie=0, from_year=y, years=6, samples=0)


def check_years(form: ScenarioForm, fig: Figures) -> str | None:
    """A message when ``from_year`` lies outside the horizon, else None."""
    last = fig.year + form.years - 1
    if not fig.year < form.from_year <= last:
        return (f"from_year must lie after {fig.year} and within the horizon "
                f"({fig.year + 1}–{last}); found {form.from_year}")
    return None


def build_scenario(form: ScenarioForm, fig: Figures) -> Scenario:
    base = fig.params
    overrides: dict[str, dict[dt.date, Any]] = {
        name: dict(values) for name, values in fig.scenario.overrides.items()}
    last = fig.year + form.years - 1
    for year in range(form.from_year, last + 1):
        on = dt.date(year, 1, 1)
        overrides.setdefault("training_length", {})[on] = form.training_length
        overrides.setdefault("academy_intake", {})[on] = form.intake
        lateral = base["lateral_entry"].at(on)
        assert isinstance(lateral, dict)
        os_part = {u: float(v) for u, v in lateral["OS"].items()}  # type: ignore[union-attr]
        total = sum(os_part.values())
        factor = form.lateral_entry / total if total else 0.0
        overrides.setdefault("lateral_entry", {})[on] = {
            "OS": {u: v * factor for u, v in os_part.items()}}
        formatie = {u: float(v) for u, v in base["formatie"].mapping(on).items()}
        ftotal = sum(formatie.values())
        overrides.setdefault("formatie", {})[on] = {
            u: max(0.0, v + form.extra_formatie * v / ftotal) for u, v in formatie.items()}
    return Scenario(name="dashboard", source="dashboard form",
                    description=f"{fig.scenario.name} with the dashboard's changes from "
                                f"{form.from_year}", overrides=overrides,
                    description_nl=f"{fig.scenario.name} met de wijzigingen van het "
                                   f"dashboard vanaf {form.from_year}")


def run_variant(form: ScenarioForm, fig: Figures, progress: Progress | None = None
                ) -> tuple[ForecastRun, ForecastRun]:
    """(reference run, variant run) over the same horizon, from the same start."""
    sc = build_scenario(form, fig)
    params: ParameterSet = sc.apply(ParameterSet.bundled())
    reference = fig.run if form.years == len(fig.run.periods) else prognosis_run(
        fig.realised, fig.year, fig.scenario, scenario_params(fig.scenario), form.years)
    variant = prognosis_run(fig.realised, fig.year, sc, params, form.years,
                            samples=form.samples, seed=0, progress=progress)
    return reference, variant
