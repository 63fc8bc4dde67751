"""`sterkte --help` and every group's help in an 80-column terminal: a command's line in
the list is wrapped by the terminal's width, never broken where its docstring's lines
happen to end (the list read "… (one transaction for" / "all files)." before)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from itertools import pairwise

import pytest

GROUPS = ["", "hr", "forecast", "norms", "teams", "diversity", "earmarks", "roster",
          "anticipate", "parameters", "users", "tokens"]
ROW = re.compile(r"^│ (\S*)(\s+)(.*?)\s*│$")


def _commands_panel(text: str) -> list[tuple[str, str, int]]:
    """(command or "", text, text's column) per line of the Commands panel."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if "Commands" in line and "╭" in line)
    rows = []
    for line in lines[start + 1:]:
        if line.startswith("╰"):
            break
        m = ROW.match(line)
        assert m, line
        rows.append((m.group(1), m.group(3), 2 + len(m.group(1)) + len(m.group(2))))
    return rows


@pytest.mark.parametrize("group", GROUPS)
def test_command_lists_wrap_at_the_terminal_width(group: str) -> None:
    env = dict(os.environ, COLUMNS="80", TERM="dumb")
    args = [sys.executable, "-c", "from sterkte.cli import main; main()",
            *([group] if group else []), "--help"]
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    rows = _commands_panel(done.stdout)
    assert any(r[0] for r in rows)  # a list of commands was read
    width = 80 - 2 - rows[0][2]  # the text column's width inside the panel
    for (name, text, _), (nxt_name, nxt, _) in pairwise(rows):
        if nxt_name or not nxt:
            continue  # the next line is another command's
        # the next line's first word would have fitted on this line: a break that came
        # from the docstring, not from the terminal
        assert len(text) + 1 + len(nxt.split()[0]) > width, (group, name, text, nxt)


def test_a_budget_is_written_with_the_decimal_comma_in_dutch() -> None:
    from sterkte.report.labels import budget_text, term

    assert budget_text(2.5, "nl") == "2,5" and budget_text(2.5, "en") == "2.5"
    assert budget_text(30.0, "nl") == "30"
    assert term("roster.intro", "nl", seconds=budget_text(2.5, "nl"), status="FEASIBLE"
                ).startswith("Opgelost in 2,5 s")
