"""Follow-up indicators for the chapter "Uppföljning" (rapporten §5.2 och §7).

- `kolada`: Jämtland Härjedalen's published region series (0:an, 3:an, NPE) against Riket and
  the other regions, with rank per year.
- `centres`: per-centre indicators from `indikatorer` (0:an, 3:an, antibiotics per 1 000, NPE,
  täckningsgrad), the pooled region value and the publishable comparison table.
- `continuity`: MFPC and Bice–Boxerman COC from the visit extract `besok`, for the report's
  population (≥ 3 visits in 18 months at the unit of listing).
- `funnel`: control limits (exact binomial, exact Poisson, normal for means) and funnel data.
- `trend`: binomial GLM trends with a 95 % band; GLM associations with CNI and centre size.
- `suppression`: the small-number rule (`suppress_small`).
- `targets`: the targets and thresholds, each with its source.
- `followup`: everything the chapter shows, from a dataset (`follow_up`), and what it could not
  compute (`shortfalls`: minimum years, centres and visits, each with a Swedish sentence that the
  chapter shows and `validate` prints as a warning).
The chapter's texts, tables for readers and captions are in `analysis.chapters.uppfoljning`.
"""

from analysis.indicators.centres import (
    INDICATORS,
    association_table,
    available,
    centre_cni,
    centre_size,
    centre_values,
    comparison_table,
    indicator_year,
    region_series,
    region_value,
    share_below,
)
from analysis.indicators.continuity import (
    PROFESSION_LABELS,
    centre_continuity,
    eligible_visits,
    patient_continuity,
    reference_date,
    region_continuity,
    window_start,
)
from analysis.indicators.funnel import (
    Funnel,
    binomial_funnel,
    binomial_limits,
    mean_funnel,
    mean_limits,
    overdispersion,
    poisson_funnel,
    poisson_limits,
)
from analysis.indicators.kolada import (
    JAMTLAND,
    KPI_NOLL_AN,
    KPI_NPE,
    KPI_TRE_AN,
    RIKET,
    jamtland_series,
    jamtland_summary,
    kolada_series,
    read_kolada_json,
    region_panel,
)
from analysis.indicators.suppression import MIN_N, is_suppressed, suppress_small
from analysis.indicators.targets import Target, targets
from analysis.indicators.trend import Trend, association, glm_trend

__all__ = [
    "INDICATORS",
    "JAMTLAND",
    "KPI_NOLL_AN",
    "KPI_NPE",
    "KPI_TRE_AN",
    "MIN_N",
    "PROFESSION_LABELS",
    "RIKET",
    "Funnel",
    "Target",
    "Trend",
    "association",
    "association_display",
    "association_table",
    "available",
    "binomial_funnel",
    "binomial_limits",
    "centre_cni",
    "centre_continuity",
    "centre_size",
    "centre_values",
    "comparison_formats",
    "comparison_table",
    "eligible_visits",
    "glm_trend",
    "indicator_year",
    "is_suppressed",
    "jamtland_series",
    "jamtland_summary",
    "kolada_series",
    "mean_funnel",
    "mean_limits",
    "overdispersion",
    "patient_continuity",
    "poisson_funnel",
    "poisson_limits",
    "read_kolada_json",
    "reference_date",
    "region_continuity",
    "region_panel",
    "region_series",
    "region_value",
    "share_below",
    "suppress_small",
    "targets",
    "window_start",
]
