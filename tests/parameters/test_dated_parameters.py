"""Dated parameters and scenarios: lookup by date, overrides, and clear errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sterkte.errors import InputError
from sterkte.forecast.inputs import forecast_parameters
from sterkte.parameters import ParameterSet, load_parameter, load_scenario

D = dt.date


@pytest.fixture(scope="module")
def params() -> ParameterSet:
    return forecast_parameters()


def test_programme_length_is_36_months_then_8_less_for_q4_2018_to_2020_then_24(
        params: ParameterSet) -> None:
    p = params["training_length"]
    assert p.unit == "months"
    assert p.number(D(2018, 5, 1)) == 36
    assert p.number(D(2018, 10, 1)) == 36 - 8  # the 7 streams of Q4 2018, 2019 and 2020
    assert p.number(D(2020, 12, 31)) == 36 - 8
    assert p.number(D(2021, 1, 1)) == 24
    assert p.number(D(2030, 5, 1)) == 24


def test_every_bundled_parameter_has_description_unit_and_reference(params: ParameterSet) -> None:
    for name, p in params.items():
        assert p.description and p.unit and p.reference, name


def test_formatie_2023_per_unit_and_the_700_from_2024(params: ParameterSet) -> None:
    f23 = params["formatie"].mapping(D(2023, 6, 1))
    assert f23["ON"] == 6139 and f23["LE"] == 4951  # 'ON' is Oost-Nederland, not a boolean
    # the units add up to 46,638; the printed total is 46,639 (rounding in the source)
    assert sum(f23.values()) == 46638
    f24 = params["formatie"].mapping(D(2024, 1, 1))
    assert sum(f24.values()) == pytest.approx(46638 + 700)
    assert f24["LE"] == f23["LE"]  # the 700 go to the regional units


def test_before_the_first_value_there_is_no_value(params: ParameterSet) -> None:
    with pytest.raises(InputError, match="no value in force on 1989-12-31"):
        params["training_length"].at(D(1989, 12, 31))


def test_scenario_overrides_apply_from_their_date(params: ParameterSet) -> None:
    s = load_scenario("short-training")
    out = s.apply(params)
    assert out["training_length"].number(D(2023, 12, 1)) == 24
    assert out["training_length"].number(D(2024, 1, 1)) == 18
    assert params["training_length"].number(D(2024, 1, 1)) == 24  # the base is untouched
    assert out.applied == ("short-training",)


def test_a_partial_mapping_override_changes_only_its_keys(params: ParameterSet,
                                                           tmp_path: Path) -> None:
    f = tmp_path / "nn.yaml"
    f.write_text("description: more for NN\noverrides:\n  formatie:\n    2025-01-01: {NN: 4000}\n")
    out = load_scenario(str(f)).apply(params)
    v = out["formatie"].mapping(D(2025, 3, 1))
    assert v["NN"] == 4000
    assert v["ON"] == params["formatie"].mapping(D(2025, 3, 1))["ON"]


@pytest.mark.parametrize(("text", "field", "expected"), [
    ("overrides:\n  training_lenght:\n    2024-01-01: 18\n", "overrides.training_lenght",
     "unknown parameter"),
    ("overrides:\n  training_length:\n    2024-13-01: 18\n", "overrides.training_length",
     "date"),
    ("overrides:\n  training_length:\n    2024-01-01: {NN: 3}\n",
     "overrides.training_length.2024-01-01", "expected a number"),
    ("overrides:\n  training_length:\n    2024-01-01: 600\n", "values.2024-01-01",
     "in [1, 60]"),
    ("overrides:\n  formatie:\n    2025-01-01: {XX: 3}\n", "overrides.formatie.2025-01-01",
     "unknown key(s) XX"),
    ("overrides:\n  intake_moments:\n    2025-01-01: {'1': 0.5}\n", "values.2025-01-01",
     "add up to 1"),
    ("overrides: [1, 2]\n", "overrides", "expected a mapping"),
    ("colour: blue\n", "colour", "Extra inputs are not permitted"),
])
def test_bad_scenarios_are_input_errors_naming_file_and_field(
        params: ParameterSet, tmp_path: Path, text: str, field: str, expected: str) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(text)
    with pytest.raises(InputError) as info:
        load_scenario(str(f)).apply(params)
    message = str(info.value)
    assert str(f) in message
    assert field in message
    assert expected in message


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    f = tmp_path / "broken.yaml"
    f.write_text("description: x\nvalues:\n  2021-01-01: [1,\n")
    with pytest.raises(InputError, match=r"broken.yaml, row \d+: not valid YAML"):
        load_parameter(f)


def test_a_parameter_file_needs_description_unit_reference_and_values(tmp_path: Path) -> None:
    f = tmp_path / "p.yaml"
    f.write_text("description: x\nvalues:\n  2021-01-01: 3\n")
    with pytest.raises(InputError) as info:
        load_parameter(f)
    assert "unit" in str(info.value) and "reference" in str(info.value)


def test_unknown_scenario_name_lists_the_built_in_ones() -> None:
    with pytest.raises(InputError, match="built-in: base, hjb2022, short-training"):
        load_scenario("no-such-scenario")


def test_an_engine_loads_only_its_own_parameter_files() -> None:
    one = ParameterSet.bundled(["training_length"])
    assert list(one) == ["training_length"]
    with pytest.raises(InputError, match="missing parameter file"):
        ParameterSet.bundled(["no_such_parameter"])


def test_a_scenario_is_described_in_the_readers_language(tmp_path: Path) -> None:
    both = tmp_path / "both.yaml"
    both.write_text("description: more for NN\ndescription_nl: meer voor NN\noverrides: {}\n")
    english_only = tmp_path / "en.yaml"
    english_only.write_text("description: more for NN\noverrides: {}\n")
    s = load_scenario(str(both))
    assert (s.describe("nl"), s.describe("en")) == ("meer voor NN", "more for NN")
    assert s.to_dict()["description_nl"] == "meer voor NN"
    assert load_scenario(str(english_only)).describe("nl") == "more for NN"  # no Dutch: as is
    for name in ("base", "hjb2022", "short-training"):  # the built-in ones have both
        built_in = load_scenario(name)
        assert built_in.description_nl and built_in.describe("nl") != built_in.describe("en")
