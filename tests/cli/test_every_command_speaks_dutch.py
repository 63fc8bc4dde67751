"""Dutch in Dutch (issue 13 §7): every command takes --lang nl|en, Dutch by default; the
words commands print have both languages; the roster rules and the gate's reasons have
their names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer.main
import yaml

from sterkte.cli import app
from sterkte.report.labels import CATALOGUE, goal_label, rule_label
from sterkte.store.hr_gate import REASONS

ROSTER = Path(__file__).resolve().parents[2] / "src/sterkte/data/parameters/roster"


def _commands(cmd: Any, path: str = "sterkte") -> dict[str, Any]:
    """Every command a user runs, by its full name (a group with its own body counts)."""
    out = {}
    if hasattr(cmd, "commands"):  # a group (typer brings its own click)
        if cmd.invoke_without_command and path != "sterkte":
            out[path] = cmd
        for name, sub in cmd.commands.items():
            out |= _commands(sub, f"{path} {name}")
    else:
        out[path] = cmd
    return out


def test_every_command_takes_lang_and_defaults_to_dutch() -> None:
    commands = _commands(typer.main.get_command(app))
    assert {"sterkte capacity", "sterkte validate", "sterkte hr import", "sterkte hr rejects",
            "sterkte anticipate backtest", "sterkte roster team", "sterkte roster teams",
            "sterkte norms", "sterkte forecast", "sterkte synth"} <= set(commands)
    missing = []
    for name, cmd in commands.items():
        lang = next((p for p in cmd.params if "--lang" in getattr(p, "opts", [])), None)
        if lang is None or lang.default != "nl":
            missing.append(name)
    assert not missing, missing


def test_the_gates_reasons_and_the_roster_rules_have_dutch_and_english_names() -> None:
    assert all(f"hr_reason.{code}" in CATALOGUE for code in REASONS)
    enabled = yaml.safe_load((ROSTER / "roster_rules_enabled.yaml").read_text("utf-8"))
    keys = {k for values in enabled["values"].values() for k in values}
    assert len(keys) >= 16
    for key in keys:
        assert rule_label(key, "nl") != key and rule_label(key, "en") != key, key
    assert rule_label("min_rest", "nl") == "Minimale rust tussen diensten"
    assert rule_label("max_nights", "nl") == "Maximaal aantal nachtdiensten"
    assert goal_label("nights spread evenly", "nl") == "Nachtdiensten gelijk verdeeld"
    assert rule_label("a_new_rule", "nl") == "a_new_rule"  # an unnamed rule: its key
