"""Synthetic aggregate inputs for the monitors: counts of cultural background per unit,
employee-survey results per team and wave, bezetting against the earmarks.

These stand in for what a statistical source, the survey bureau and the units deliver.
They are drawn from totals the caller reads from the HR records (persons per unit,
population and year; persons per team), never from persons, and every row says in its
``source`` column that it is synthetic. Same seed and totals, byte-identical files.
Parameters: ``data/synth/aggregates.yaml``.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict

STREAM = 1616  # this generator's random stream: default_rng([seed, STREAM])


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class BackgroundParams(_Model):
    shares: dict[str, dict[str, float]]
    definition: str


class SurveyParams(_Model):
    waves: list[dt.date]
    response_rate: float
    mean: dict[str, float]
    team_sd: float
    wave_sd: float


class EarmarkParams(_Model):
    dates: list[dt.date]
    share: dict[str, float]
    sd: float


class AggregateParams(_Model):
    background: BackgroundParams
    survey: SurveyParams
    earmarks: EarmarkParams


def load_params() -> AggregateParams:
    text = resources.files("sterkte.data").joinpath("synth/aggregates.yaml").read_text("utf-8")
    return AggregateParams.model_validate(yaml.safe_load(text))


@dataclass(frozen=True)
class Written:
    background: Path
    survey: Path
    earmarks: Path
    definition: str  # of the synthetic background groups, for the import
    source: str


def label(seed: int) -> str:
    return f"synthetisch (sterkte synth-aggregates, seed {seed})"


def _write(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    return path


def _nl(x: float, decimals: int) -> str:
    """A number as the import reads it without doubt: Dutch, decimal comma (7,84)."""
    return f"{x:.{decimals}f}".replace(".", ",")


def _split(rng: np.random.Generator, total: int, shares: Mapping[str, float]
           ) -> dict[str, int]:
    groups = sorted(shares)
    p = np.array([shares[g] for g in groups])
    return dict(zip(groups, (int(x) for x in rng.multinomial(total, p / p.sum())),
                    strict=True))


def generate_aggregates(seed: int, out_dir: str | Path,
                        unit_totals: Mapping[tuple[str, int, str], int],
                        team_persons: Mapping[str, int],
                        earmarks: Mapping[str, Mapping[str, float]]) -> Written:
    """Write ``diversity-background.csv``, ``survey.csv`` and ``earmark-bezetting.csv``.

    ``unit_totals``: (population, year, unit) → persons (HR records); ``team_persons``:
    team → persons on the latest day; ``earmarks``: earmark → scope → fte in force.
    """
    params = load_params()
    rng = np.random.default_rng([seed, STREAM])
    source = label(seed)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rows: list[list[object]] = []
    for (pop, year, unit), n in sorted(unit_totals.items()):
        shares = params.background.shares.get(pop)
        if shares is None or n <= 0:
            continue
        for group, persons in _split(rng, n, shares).items():
            rows.append([year, pop, unit, group, persons, source])
    background = _write(out / "diversity-background.csv",
                        ["year", "population", "unit", "group", "persons", "source"], rows)
    s = params.survey
    dims = sorted(s.mean)
    rows = []
    for team in sorted(team_persons):
        effect = {d: rng.normal(0.0, s.team_sd) for d in dims}
        for wave in s.waves:
            answered = int(rng.binomial(team_persons[team], s.response_rate))
            for d in dims:
                score = float(np.clip(s.mean[d] + effect[d] + rng.normal(0.0, s.wave_sd),
                                      0.0, 10.0))
                rows.append([team, wave.isoformat(), d, answered, _nl(score, 2), source])
    survey = _write(out / "survey.csv",
                    ["team", "wave", "dimension", "respondents", "score", "source"], rows)
    e = params.earmarks
    rows = []
    for name in sorted(earmarks):
        if name not in e.share:
            continue
        for scope, fte in sorted(earmarks[name].items()):
            for day in e.dates:
                value = max(0.0, fte * (e.share[name] + rng.normal(0.0, e.sd)))
                rows.append([name.removeprefix("earmark_"), scope, day.isoformat(),
                             _nl(value, 1), source])
    bezetting = _write(out / "earmark-bezetting.csv",
                       ["earmark", "unit", "date", "bezetting_fte", "source"], rows)
    return Written(background, survey, bezetting, " ".join(params.background.definition.split()),
                   source)


__all__ = ["Written", "generate_aggregates", "label", "load_params"]
