"""Scenarios for Hälsoval 2021: the proposals of report §6.1 and §9 as YAML files, run on the
2020 model.

    from analysis.scenarios import Baseline, load_scenarios, run_scenario, compare
    baseline = Baseline.from_dataset(ds)            # or Baseline.from_model(inputs)
    scenarios = load_scenarios(shipped_scenario_files() + ["mitt.yml"])
    results = [run_scenario(baseline, s) for s in scenarios]
    table = compare(results, form="wide")

File format: `analysis.scenarios.schema`; order of the changes and the money identities:
`analysis.scenarios.engine`; CNI sweep and sensitivity: `analysis.scenarios.sensitivity`.
"""

from analysis.scenarios.engine import (
    COMPONENTS,
    COST_LABELS,
    OSTERSUND,
    Baseline,
    ScenarioResult,
    ScenarioRunError,
    Step,
    catchment_weights,
    compare,
    group_change,
    pot_summary,
    redistribute_fixed,
    run_scenario,
)
from analysis.scenarios.loader import (
    ScenarioError,
    load_scenario,
    load_scenarios,
    shipped_scenario_files,
)
from analysis.scenarios.schema import (
    CHANGE_LABELS,
    CHANGE_ORDER,
    CHANGE_TYPES,
    DISTRIBUTIONS,
    PROPOSERS,
    Scenario,
)
from analysis.scenarios.sensitivity import (
    CNI_SWEEP_SHARES,
    OUTCOMES,
    Assumption,
    cni_sweep,
    decompose,
    default_assumptions,
    sensitivity,
    with_change,
)

__all__ = [
    "Assumption",
    "Baseline",
    "CHANGE_LABELS",
    "CHANGE_ORDER",
    "CHANGE_TYPES",
    "CNI_SWEEP_SHARES",
    "COMPONENTS",
    "COST_LABELS",
    "DISTRIBUTIONS",
    "OSTERSUND",
    "OUTCOMES",
    "PROPOSERS",
    "Scenario",
    "ScenarioError",
    "ScenarioResult",
    "ScenarioRunError",
    "Step",
    "catchment_weights",
    "cni_sweep",
    "compare",
    "decompose",
    "default_assumptions",
    "group_change",
    "load_scenario",
    "load_scenarios",
    "pot_summary",
    "redistribute_fixed",
    "run_scenario",
    "sensitivity",
    "shipped_scenario_files",
    "with_change",
]
