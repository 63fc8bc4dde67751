"""The norm parameters shipped with sterkte (``data/norms/*.yaml``), validated on load."""

from __future__ import annotations

from importlib import resources

from sterkte.parameters import Parameter, ParameterSet, load_parameter


def bundled_norm_parameters() -> ParameterSet:
    root = resources.files("sterkte") / "data" / "norms"
    params: dict[str, Parameter] = {}
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml") and entry.name != "commitments.yaml":
            name = entry.name.removesuffix(".yaml")
            params[name] = load_parameter(f"sterkte/data/norms/{entry.name}",
                                          text=entry.read_text(encoding="utf-8"), name=name)
    return ParameterSet(params)
