"""docs/parameters.md lists the parameters as `sterkte parameters list --format md` does,
and `sterkte --parameters FOLDER` overrides them for one command."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sterkte.cli import app

DOC = Path(__file__).resolve().parents[2] / "docs" / "parameters.md"
BUNDLED = Path(__file__).resolve().parents[2] / "src" / "sterkte" / "data" / "parameters"
BEGIN, END = "<!-- parameters:begin -->", "<!-- parameters:end -->"


def run(*args: str) -> tuple[int, str, str]:
    got = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    return got.exit_code, got.stdout, got.stderr


def test_the_list_in_the_docs_is_the_commands_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STERKTE_PARAMETERS", raising=False)
    code, out, err = run("parameters", "list", "--format", "md", "--lang", "en")
    assert code == 0, err
    text = DOC.read_text(encoding="utf-8")
    listed = text[text.index(BEGIN) + len(BEGIN):text.index(END)].strip()
    assert listed == out.strip(), ("docs/parameters.md is stale: paste the output of "
                                   "`sterkte parameters list --format md --lang en` between "
                                   "its markers")
    assert "| `absence_long_spell_days` | calendar days | from 2004-01-01: 730 |" in listed


def test_the_parameters_option_overrides_for_one_command(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STERKTE_PARAMETERS", raising=False)
    text = (BUNDLED / "norms" / "absence_long_spell_days.yaml").read_text(encoding="utf-8")
    f = tmp_path / "absence_long_spell_days.yaml"
    f.write_text(text.replace("2004-01-01: 730", "2004-01-01: 365"), encoding="utf-8")
    code, out, err = run("--parameters", str(tmp_path), "parameters", "show",
                         "absence_long_spell_days", "--lang", "en")
    assert code == 0, err
    assert f"file: {f} (override)" in out and "from 2004-01-01: 365" in out
    assert "STERKTE_PARAMETERS" not in os.environ  # the command's, not the process's
    code, out, _ = run("parameters", "list", "--engine", "norms", "--date", "2022-01-01",
                       "--lang", "en")
    assert code == 0 and "(override)" not in out
    code, out, _ = run("--parameters", str(tmp_path), "parameters", "list", "--engine",
                       "norms")  # Dutch by default
    assert code == 0 and "(vervangen)" in out and "vanaf 2004-01-01: 365" in out


def test_a_bad_override_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "absence_long_spell_dayz.yaml").write_text("description: x\n")
    code, _, err = run("--parameters", str(tmp_path), "parameters", "list")
    assert code == 2 and "Traceback" not in err
    assert "absence_long_spell_dayz.yaml" in err
