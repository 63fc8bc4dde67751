"""Policy parameters as dated data: YAML files with description, unit, reference and
values keyed by the date they take effect (in the manner of OpenFisca's parameter
files, without its class machinery). A scenario is a named set of overrides.
"""

from sterkte.parameters.model import Parameter, ParameterSet, Value, load_parameter
from sterkte.parameters.scenario import Scenario, load_scenario, resolve_scenario_path

__all__ = [
    "Parameter",
    "ParameterSet",
    "Scenario",
    "Value",
    "load_parameter",
    "load_scenario",
    "resolve_scenario_path",
]
