"""The 2020 reimbursement model of Hälsoval Region Jämtland Härjedalen (report §6).

```python
from analysis.model import ModelParams, ModelInputs, compute_model
inputs = ModelInputs.from_dataset(ds)      # tables + ModelParams.from_params(ds.params)
result = compute_model(inputs)             # result.per_centre, result.totals, result.params
```

Components, one module each: `capitation` (age-weighted capitation and drug budget, weights
derived from visit and drug-cost rates), `cni` (SCB's Care Need Index and the CNI pot),
`glesbygd` (sparsity: our documented rule, the report gives none), `costs` (cost
responsibilities), `published` (the report's figures and the check against them).
"""

from analysis.model.bands import AGE_BANDS, band_label, listed_by_band
from analysis.model.capitation import (
    age_weighted_payment,
    derive_age_weights,
    derive_drug_weights,
    normalise_weights,
    visit_usage,
    weighted_listed,
)
from analysis.model.cni import (
    check_scb_table,
    cni_contributions,
    cni_from_scb_table,
    cni_index,
    cni_payment,
    cni_point_value,
    cni_value,
    normalise_scb_columns,
    reference_interval,
    weighted_mean_cni,
)
from analysis.model.compute import (
    COST_COLUMNS,
    LABELS,
    MONEY_COLUMNS,
    PAYMENT_COLUMNS,
    ModelResult,
    compute_model,
)
from analysis.model.costs import costs_by_type
from analysis.model.glesbygd import excess_distance, glesbygd_payment
from analysis.model.inputs import ModelInputs
from analysis.model.published import (
    REPORT,
    REPORT_FIGURES,
    published_checks,
)
from analysis.parameters import ModelParams

# The vocabulary the model uses, re-exported (its owner is `analysis.vocabulary`).
from analysis.vocabulary import (  # noqa: E402
    CNI_LABELS,
    CNI_SHORT_LABELS,
    CNI_VARIABLES,
    COST_LABELS,
    COST_TYPES,
    REPORT_CNI_WEIGHTS,
)

__all__ = [
    "AGE_BANDS",
    "COST_TYPES",
    "COST_LABELS",
    "CNI_VARIABLES",
    "CNI_LABELS",
    "CNI_SHORT_LABELS",
    "PAYMENT_COLUMNS",
    "COST_COLUMNS",
    "MONEY_COLUMNS",
    "LABELS",
    "REPORT",
    "REPORT_FIGURES",
    "REPORT_CNI_WEIGHTS",
    "ModelParams",
    "ModelInputs",
    "ModelResult",
    "compute_model",
    "published_checks",
    "band_label",
    "listed_by_band",
    "weighted_listed",
    "age_weighted_payment",
    "derive_age_weights",
    "derive_drug_weights",
    "normalise_weights",
    "visit_usage",
    "cni_index",
    "cni_value",
    "cni_contributions",
    "cni_from_scb_table",
    "check_scb_table",
    "normalise_scb_columns",
    "reference_interval",
    "cni_payment",
    "cni_point_value",
    "weighted_mean_cni",
    "costs_by_type",
    "excess_distance",
    "glesbygd_payment",
]
