"""numba, where it is installed and wanted: the one loader of the compiled kernels
(the forecast's thinning and draws, the roster's pricing). ``STERKTE_NUMBA=0`` turns it
off; without it every kernel runs as plain Python/numpy with the same results."""

from __future__ import annotations

import importlib
import os
from typing import Any


def numba_or_none() -> Any:
    """numba, or None where it is not installed or ``STERKTE_NUMBA=0``."""
    if os.environ.get("STERKTE_NUMBA", "1") == "0":
        return None
    try:
        return importlib.import_module("numba")
    except ImportError:
        return None
