"""The data statuses a table can have, with the Swedish labels readers see."""

STATUS_LABELS = {
    "publicerad": "Publicerad i rapporten",
    "offentlig statistik": "Offentlig statistik",
    "sammanstalld": "Sammanställd från offentliga källor",
    "syntetisk": "Syntetisk exempeldata",
}


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)
