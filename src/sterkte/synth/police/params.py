"""Parameters of the synthetic police, read from ``data/synth/police.yaml`` and validated."""

from __future__ import annotations

import datetime as dt
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class History(_Model):
    start: dt.date
    end: dt.date
    calibration_year: int


class FteParams(_Model):
    values: list[float]
    shares: dict[str, list[float]]

    @model_validator(mode="after")
    def _shares_fit(self) -> FteParams:
        for cat, s in self.shares.items():
            if len(s) != len(self.values) or abs(sum(s) - 1) > 1e-9:
                raise ValueError(f"fte shares of {cat} must match values and sum to 1")
        return self


class AgeBands(_Model):
    lower: list[int]
    upper: int
    shares: dict[str, list[float]]


class NosOpening(_Model):
    share_of_os_regional: float
    share_of_os_le: float
    absolute: dict[str, float]


class Volunteers(_Model):
    closing_persons_2021: int
    flows_2021: dict[str, int]
    appointment_types_2021: dict[str, int]
    monthly_hours_mean: float


class Gender(_Model):
    shares: dict[str, dict[str, float]]

    @model_validator(mode="after")
    def _shares_fit(self) -> Gender:
        for cat, s in self.shares.items():
            if abs(sum(s.values()) - 1) > 1e-9:
                raise ValueError(f"gender shares of {cat} must sum to 1")
        return self


class Rates(_Model):
    os_outflow: float
    os_outflow_planned_share: float
    os_lateral_entry: float
    os_graduates: float
    os_to_nos: float
    os_between_units: float
    asp_intake: float
    asp_dropout: float
    academy_from_os_share: float
    nos_outflow: float
    nos_outflow_planned_share: float
    nos_lateral_entry: float
    fte_change: float
    volunteer_intake: float
    volunteer_outflow: float


class CommunityOfficers(_Model):
    fte_end_2021: float
    function_shares: dict[str, float]


class Teams(_Model):
    districts: int
    basisteams: int
    share_in_teams: dict[str, float]


class SpellKind(_Model):
    rate: float = Field(ge=0)  # spells per person-year
    mean_days: float = Field(gt=0)


class Sickness(_Model):
    short: SpellKind
    medium: SpellKind
    long: SpellKind
    partial_share: float


class SynthParams(_Model):
    history: History
    fte: FteParams
    age_bands: AgeBands
    nos_opening_fte: NosOpening
    volunteers: Volunteers
    gender: Gender
    rates: Rates
    community_officers: CommunityOfficers
    teams: Teams
    sickness: Sickness


def load_params() -> SynthParams:
    """The bundled parameters (``sterkte/data/synth/police.yaml``)."""
    text = resources.files("sterkte.data").joinpath("synth/police.yaml").read_text("utf-8")
    return SynthParams.model_validate(yaml.safe_load(text))
