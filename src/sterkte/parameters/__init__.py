"""Policy parameters as dated data: YAML files with description, unit, reference and
values keyed by the date they take effect (in the manner of OpenFisca's parameter
files, without its class machinery), laid out per engine. A scenario is a named set of
overrides. See docs/parameters.md.
"""

from sterkte.parameters.model import Parameter, Value, load_parameter
from sterkte.parameters.references import Reference, Source
from sterkte.parameters.scenario import Scenario, load_scenario, resolve_scenario_path
from sterkte.parameters.tree import ENVIRONMENT, ParameterSet

__all__ = [
    "ENVIRONMENT",
    "Parameter",
    "ParameterSet",
    "Reference",
    "Scenario",
    "Source",
    "Value",
    "load_parameter",
    "load_scenario",
    "resolve_scenario_path",
]
