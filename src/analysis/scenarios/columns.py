"""Column names shared by the scenario engine and its comparisons (one row per health centre)."""

from __future__ import annotations

#: Compensation components, in display order, with Swedish labels.
COMPONENTS: dict[str, str] = {
    "ersattning_listad": "Ersättning listad (åldersviktad)",
    "ersattning_cni": "CNI",
    "ersattning_lakemedel": "Läkemedel",
    "ersattning_glesbygd": "Glesbygd",
    "ersattning_avgiftspott": "Patientavgifter (utjämnade)",
    "ersattning_behallna_medel": "Kvarhållna LOF/LOL-medel",
    "ersattning_utbildning": "Utbildningsersättning (höjning)",
    "ersattning_utomlanspott": "Utomlänsersättning (utjämnad)",
}

#: Centres in Östersund municipality.
OSTERSUND = "2380"

ID_COLUMNS = ("hc_id", "namn", "kommunkod", "kommun", "driftsform", "listade")
KEY_COLUMNS = ("viktsumma_alder", "viktsumma_lakemedel", "cni")
OPTIONAL_COLUMNS = ("ort", "lat", "lon", "upptagningsomrade_befolkning")
REQUIRED_COLUMNS = (
    "hc_id",
    "namn",
    "kommunkod",
    "driftsform",
    "listade",
    "viktsumma_alder",
    "cni",
    "ersattning_listad",
    "ersattning_cni",
    "ersattning_lakemedel",
    "ersattning_glesbygd",
    "patientavgifter",
)
