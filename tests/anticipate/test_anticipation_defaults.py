"""The anticipation defaults are parameters: changing them in a parameter file changes what
`sterkte anticipate forecast` does (issue 12, Must show), on the synthetic town of
`sterkte anticipate demo`, through the real command line."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sterkte.cli import app

runner = CliRunner()
AT = "2023-01-02"


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("town")
    made = runner.invoke(app, ["anticipate", "demo", "--out", str(folder), "--start",
                               "2022-01-01", "--days", "400"])
    assert made.exit_code == 0, made.output
    return folder


def _override(folder: Path, name: str, unit: str, value: object) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.yaml").write_text(
        f"description: test override of {name}\nunit: {unit}\n"
        f"reference: a test of issue 12\nvalues:\n  2020-01-01: {value}\n", encoding="utf-8")
    return folder


def _forecast(town: Path, out: Path, *before: str, env: dict[str, str] | None = None,
              after: tuple[str, ...] = ()) -> tuple[int, str, list[dict[str, str]]]:
    result = runner.invoke(app, [
        *before, "anticipate", "forecast", "--events", str(town / "synthetic-events.csv"),
        "--source-crs", "EPSG:28992", "--at", AT, "--model", "kde", "--out", str(out),
        "--lang", "en", *after], env=env, terminal_width=300)
    rows = list(csv.DictReader(out.open(encoding="utf-8"))) if out.exists() else []
    return result.exit_code, result.output, rows


def _cells_with_events(town: Path, size: float) -> int:
    """Independent count of the study area: grid cells (edges at multiples of ``size``)
    holding an event before the origin."""
    with (town / "synthetic-events.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["time"] < AT]
    return len({(math.floor(float(r["x"]) / size), math.floor(float(r["y"]) / size))
                for r in rows})


def test_the_cell_size_parameter_sets_the_grid(town: Path, tmp_path: Path) -> None:
    code, output, default = _forecast(town, tmp_path / "default.csv")
    assert code == 0, output
    assert {r["cell_size"] for r in default} == {"125"}
    assert len(default) == _cells_with_events(town, 125.0)
    folder = _override(tmp_path / "params", "cell_size", "metres", 250)
    code, output, wide = _forecast(town, tmp_path / "wide.csv", "--parameters", str(folder))
    assert code == 0, output
    assert {r["cell_size"] for r in wide} == {"250"}
    assert len(wide) == _cells_with_events(town, 250.0) < len(default)
    assert f"{len(wide)} cells" in output
    # an option given for one run still wins over the parameter
    code, output, option = _forecast(town, tmp_path / "option.csv", "--parameters",
                                     str(folder), after=("--cell-size", "125"))
    assert code == 0, output
    assert len(option) == len(default) and {r["cell_size"] for r in option} == {"125"}


def test_the_horizon_parameter_sets_the_days_forecast(town: Path, tmp_path: Path) -> None:
    folder = _override(tmp_path / "params", "horizon_days", "days", 7)
    code, output, week = _forecast(town, tmp_path / "week.csv",
                                   env={"STERKTE_PARAMETERS": str(folder)})
    assert code == 0, output
    assert f"(kde, {AT} + 7 days)" in output
    code, output, fortnight = _forecast(town, tmp_path / "fortnight.csv")
    assert code == 0 and f"(kde, {AT} + 14 days)" in output
    # the same cells; kde forecasts a constant rate, so a week expects half a fortnight
    assert [(r["x_min"], r["y_min"]) for r in week] == \
        [(r["x_min"], r["y_min"]) for r in fortnight]
    total_week = sum(float(r["score"]) for r in week)
    total_fortnight = sum(float(r["score"]) for r in fortnight)
    assert total_week == pytest.approx(total_fortnight / 2, rel=1e-4)


def test_the_crs_parameter_sets_the_grid_and_a_bad_one_is_named(town: Path,
                                                                tmp_path: Path) -> None:
    folder = _override(tmp_path / "params", "crs", "EPSG code", "EPSG:4326")
    code, output, _ = _forecast(town, tmp_path / "c.csv", "--parameters", str(folder))
    assert code == 2 and "not projected" in output and "Traceback" not in output


def test_a_cell_size_out_of_range_is_refused_naming_file_and_field(town: Path,
                                                                   tmp_path: Path) -> None:
    folder = _override(tmp_path / "params", "cell_size", "metres", 0)
    code, output, rows = _forecast(town, tmp_path / "c.csv", "--parameters", str(folder))
    text = " ".join(output.split())
    assert code == 2 and not rows and "Traceback" not in text
    assert "cell_size.yaml" in text and "values.2020-01-01" in text
    assert "expected a number in [1, 100000], found 0" in text


def test_the_anticipation_parameters_are_listed_with_the_others() -> None:
    listed = runner.invoke(app, ["parameters", "list", "--engine", "anticipate", "--format",
                                 "md", "--lang", "en"])
    assert listed.exit_code == 0, listed.output
    for name in ("cell_size", "crs", "horizon_days", "origin_step_days",
                 "model_choice_history_days", "backtest_period_days", "pai_3pct_min",
                 "coverage_share", "ensemble.weight.hawkes"):
        assert f"| `{name}` |" in listed.output, name
    for group in ("criteria", "models", "presence"):
        assert f"### `anticipate/{group}/`" in listed.output
    shown = runner.invoke(app, ["parameters", "show", "crs", "--lang", "en"])
    assert shown.exit_code == 0 and "EPSG:28992" in shown.output
    assert "anticipate/models" in shown.output
