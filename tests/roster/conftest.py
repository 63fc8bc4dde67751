"""Fixtures for roster tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.roster.helpers import NRP


@pytest.fixture
def nrp_dir() -> Path:
    """The shared Curtois–Qu instances (``../shared/benchmarks/nrp`` from the repo root)."""
    if not NRP.is_dir():
        pytest.fail("../shared/benchmarks/nrp is not beside the repository (CI has it)",
                    pytrace=False)
    return NRP
