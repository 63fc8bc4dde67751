"""Parameters are dated, sourced and validated on load."""

from __future__ import annotations

from datetime import date

import pytest

from sterkte.anticipate.models.registry import MODEL_NAMES, build_models
from sterkte.anticipate.parameters import bundled, parameters_from_text
from sterkte.errors import InputError


def test_every_bundled_parameter_file_loads() -> None:
    for name in ("criteria", "presence", "models"):
        p = bundled(name)
        assert p.parameters


def test_the_value_in_force_is_the_latest_before_the_date() -> None:
    p = parameters_from_text("t.yaml", """
minutes:
  description: d
  unit: minutes
  reference: r
  values:
    2024-01-01: 10
    2026-01-01: 20
""")
    assert p.number("minutes", date(2025, 6, 1)) == 10
    assert p.number("minutes", date(2026, 1, 1)) == 20


def test_a_parameter_without_reference_is_refused_with_its_name() -> None:
    with pytest.raises(InputError, match=r"minutes\.reference"):
        parameters_from_text("t.yaml", """
minutes:
  description: d
  unit: minutes
  values:
    2024-01-01: 10
""")


def test_all_models_build_from_the_bundled_defaults() -> None:
    models = build_models(None, bundled("models"), date(2026, 6, 1))
    assert [m.name for m in models] == list(MODEL_NAMES)
