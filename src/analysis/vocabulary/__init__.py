"""The book's domain vocabulary, each concept defined once and imported everywhere else.

- `cni`: the seven Care Need Index variables (keys in SCB's delivery order, Swedish labels, the
  report's weights);
- `costs`: the seven cost types a centre can carry (keys, Swedish labels);
- `ownership`: the forms of operation (`driftsform`: keys, Swedish words, figure colours);
- `indicators`: the follow-up indicators (key, labels, share or rate, unit, target, download label).

The data statuses with their order and labels have their own owner, `analysis.status`.
"""

from analysis.vocabulary.cni import (
    CNI_LABELS,
    CNI_SHORT_LABELS,
    CNI_TITLES,
    CNI_VARIABLE_TABLE,
    CNI_VARIABLES,
    REPORT_CNI_WEIGHTS,
    CniVariable,
)
from analysis.vocabulary.costs import (
    COST_LABELS,
    COST_SHORT_LABELS,
    COST_TYPE_TABLE,
    COST_TYPES,
    REMOVABLE_COST_TYPES,
    CostType,
)
from analysis.vocabulary.indicators import (
    ACCESS_INDICATORS,
    INDICATOR_KEYS,
    INDICATOR_TABLE,
    INDICATORS,
    RATE_INDICATORS,
    Indicator,
    IndicatorTarget,
)
from analysis.vocabulary.ownership import (
    MUNICIPAL,
    OWNERSHIP_COLOURS,
    OWNERSHIP_FORMS,
    OWNERSHIP_KEYS,
    OWNERSHIP_LABELS,
    OWNERSHIP_PLURAL,
    OWNERSHIP_TABLE,
    PRIVATE,
    REGION_RUN,
    OwnershipForm,
)

__all__ = [
    "ACCESS_INDICATORS",
    "CNI_LABELS",
    "CNI_SHORT_LABELS",
    "CNI_TITLES",
    "CNI_VARIABLES",
    "CNI_VARIABLE_TABLE",
    "COST_LABELS",
    "COST_SHORT_LABELS",
    "COST_TYPES",
    "COST_TYPE_TABLE",
    "INDICATORS",
    "INDICATOR_KEYS",
    "INDICATOR_TABLE",
    "MUNICIPAL",
    "OWNERSHIP_COLOURS",
    "OWNERSHIP_FORMS",
    "OWNERSHIP_KEYS",
    "OWNERSHIP_LABELS",
    "OWNERSHIP_PLURAL",
    "OWNERSHIP_TABLE",
    "PRIVATE",
    "RATE_INDICATORS",
    "REGION_RUN",
    "REMOVABLE_COST_TYPES",
    "REPORT_CNI_WEIGHTS",
    "CniVariable",
    "CostType",
    "Indicator",
    "IndicatorTarget",
    "OwnershipForm",
]
