"""Change types for the money beside the capitation (issue 19): out-of-county revenue, training
compensation for PTP psychologists, the opening-hours fine and the region-run centres' special duties.

They are pydantic models like those in `analysis.scenarios.schema` (which puts them in the union of
change types); what they do to the money is in `analysis.scenarios.side_items`. The dataset
holds what they need in `parametrar.yml` (see `side_items.SIDE_PARAMETERS` and docs/data-contract.md).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from analysis.scenarios.schema_base import _Change

Financing = Literal["tillskott", "ur_ersattningen"]


class Utomlansersattning(_Change):
    """What happens to the revenue for patients from other regions (opposition, report §9).

    In 2020 the centre keeps the compensation the patient's home region pays for the visit and the
    patient's fee. `hantering`:

    - `behalls` (the opposition: "ersättningen för utomlänspatienter bör dock kvarstå"): the centre
      keeps both, also when the patient fees are pooled (`patientavgifter_i_kapitering` then pools
      only the fees of the region's own residents);
    - `poolas`: the region takes the compensation and pays the same sum back as capitation, shared
      by `fordelning` (the reading the opposition argued against).
    """

    typ: Literal["utomlansersattning"]
    hantering: Literal["behalls", "poolas"] = "behalls"
    fordelning: Literal["aldersviktad", "per_listad", "fast_kapitering"] = "aldersviktad"


class PtpSomSt(_Change):
    """PTP psychologists' training compensation raised to the level of ST doctors (opposition, §9).

    Each centre gets (ST rate − PTP rate) × its PTP psychologists (full-time equivalents).
    `ersattning_kr: null` = the dataset's ST rate. `finansiering`: `tillskott` = new money (the
    opposition wants primary care strengthened "främst genom ökade ekonomiska ramar"),
    `ur_ersattningen` = taken from the fixed capitation of all centres in proportion.
    """

    typ: Literal["ptp_som_st"]
    ersattning_kr: float | None = Field(default=None, gt=0)
    finansiering: Financing = "tillskott"


class TaBortVite(_Change):
    """No fine for missing the opening-hours requirement (majority, §9; the 2020 rule is in §5.2).

    The fines of the dataset's year are computed by the 2020 rule (kronor per week the requirement
    was not met, at most a ceiling per occasion). Without the requirement nobody is fined: the
    centres keep that money and the region forgoes the revenue.
    """

    typ: Literal["ta_bort_vite"]


class SarskildaAtagandenCentralt(_Change):
    """Special duties of the region-run centres funded outside Hälsoval (board paper RS/773/2021, 2023).

    `delar` lists what moves: `huvudmannauppdrag` (on-call coordination, ST/BT directors of studies,
    administration; new appropriation money: `tillskott`) and `e_frikort` (the region-run share of
    the e-frikort module, moved from the Hälsoval budget to central funding: `ur_ersattningen`).
    The financing of each part follows the board paper; it can be changed per part.
    """

    typ: Literal["sarskilda_ataganden_centralt"]
    delar: list[Literal["huvudmannauppdrag", "e_frikort"]] = Field(
        default_factory=lambda: ["huvudmannauppdrag", "e_frikort"], min_length=1
    )
    finansiering_huvudmannauppdrag: Financing = "tillskott"
    finansiering_e_frikort: Financing = "ur_ersattningen"


SIDE_CHANGE_LABELS: dict[str, str] = {
    "utomlansersattning": "Utomlänsersättning",
    "ptp_som_st": "PTP-psykologer ersätts som ST-läkare",
    "ta_bort_vite": "Vitet för öppettider tas bort",
    "sarskilda_ataganden_centralt": "Särskilda åtaganden finansieras centralt",
}
