"""Shared by the capacity, anticipation and roster page tests: Debian's chromium and the
tables a page shows (by table name, row key and column key)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS

SHOWN_TABLES = """() => {
  const out = {};
  for (const t of document.querySelectorAll("table[data-table]")) {
    const rows = {};
    for (const tr of t.querySelectorAll("tbody tr")) {
      const cells = {};
      for (const td of tr.querySelectorAll("td")) cells[td.dataset.col] = td.textContent;
      rows[tr.dataset.key] = cells;
    }
    out[t.dataset.table] = rows;
  }
  return out;
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    import playwright.sync_api as sync  # a test dependency: missing fails

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Debian's chromium is not at {CHROMIUM}: run `make test` (it installs "
                    "it)", pytrace=False)
    with sync.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
