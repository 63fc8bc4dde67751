"""Parameters are dated, sourced and validated on load."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sterkte.anticipate.models.registry import MODEL_NAMES, build_models
from sterkte.errors import InputError
from sterkte.parameters import ParameterSet


def bundled() -> ParameterSet:
    return ParameterSet.bundled(engine="anticipate")


def parameters_from_text(tmp: Path, text: str) -> ParameterSet:
    """A group file of parameters, read by the one parameter system."""
    (tmp / "t.yaml").write_text("description: test group\n" + text, encoding="utf-8")
    return ParameterSet.from_directory(tmp)


def test_every_bundled_parameter_file_loads() -> None:
    p = bundled()
    for name in ("criteria", "presence", "models"):
        assert [n for n in p if p[n].group == f"anticipate/{name}"]


def test_the_value_in_force_is_the_latest_before_the_date(tmp_path: Path) -> None:
    p = parameters_from_text(tmp_path, """
minutes:
  description: d
  unit: minutes
  reference: r
  values:
    2024-01-01: 10
    2026-01-01: 20
""")
    assert p["minutes"].number(date(2025, 6, 1)) == 10
    assert p["minutes"].number(date(2026, 1, 1)) == 20


def test_a_parameter_without_reference_is_refused_with_its_name(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"minutes\.reference"):
        parameters_from_text(tmp_path, """
minutes:
  description: d
  unit: minutes
  values:
    2024-01-01: 10
""")


def test_all_models_build_from_the_bundled_defaults() -> None:
    models = build_models(None, bundled(), date(2026, 6, 1))
    assert [m.name for m in models] == list(MODEL_NAMES)
