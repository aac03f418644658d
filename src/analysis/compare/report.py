"""The comparison of two editions as Markdown (the page "Ändringar sedan förra utgåvan" and the
command's report) with tables and waterfall charts written beside it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import formatting as fmt
from analysis.compare.causes import Decomposition, cause_label, component_label
from analysis.compare.numbers import NumberChanges

TITLE = "Ändringar sedan förra utgåvan"


def markdown(
    old_label: str,
    new_label: str,
    numbers: NumberChanges,
    parts: Decomposition | None,
    figures: Path | None,
    figure_prefix: str = "",
    note: str = "",
) -> str:
    """The report; with `figures`, the waterfall charts are saved there as PNG and shown."""
    lines = [f"# {TITLE}", "", f"Förra utgåvan: {old_label}. Den här utgåvan: {new_label}.", ""]
    if note:
        lines += [note, ""]
    lines += _numbers_section(numbers)
    if parts is None:
        lines += [
            "## Ersättning per hälsocentral",
            "",
            "*Datamängderna som böckerna byggdes från finns inte här; uppdelningen per orsak kan inte räknas.*",
            "",
        ]
    else:
        lines += _compensation_section(parts, figures, figure_prefix)
    return "\n".join(lines) + "\n"


def _numbers_section(n: NumberChanges) -> list[str]:
    lines = [
        "## Talen i texten",
        "",
        f"{fmt.num(len(n.changed))} tal har ändrats, {fmt.num(len(n.added))} har tillkommit och "
        f"{fmt.num(len(n.removed))} har försvunnit; {fmt.num(n.unchanged)} är oförändrade. "
        "Namnen är sifferregistrets; ett tal som bytt namn står både som tillkommet och försvunnet.",
        "",
    ]
    if n.changed:
        lines += ["| Namn | Förra | Nu |", "|---|---|---|"]
        lines += [f"| `{c['namn']}` | {_cell(c['fore'])} | {_cell(c['efter'])} |" for c in n.changed]
        lines.append("")
    for title, entries in (("Tillkomna tal", n.added), ("Försvunna tal", n.removed)):
        if entries:
            lines += [f"### {title}", "", "| Namn | Värde |", "|---|---|"]
            lines += [f"| `{e['namn']}` | {_cell(e['varde'])} |" for e in entries]
            lines.append("")
    return lines


def _compensation_section(parts: Decomposition, figures: Path | None, prefix: str) -> list[str]:
    df = parts.per_centre
    region = parts.region()
    causes = [(c, cause_label(c)) for c in parts.cause_columns]
    new = df.loc[df["status"] == "ny", "namn"].tolist()
    closed = df.loc[df["status"] == "stängd", "namn"].tolist()
    lines = [
        "## Ersättning per hälsocentral",
        "",
        f"Ersättningen totalt ändras med {_mkr(region['forandring'])} "
        f"(från {fmt.mkr(region['fore'])} till {fmt.mkr(region['efter'])}). "
        f"Nya hälsocentraler: {', '.join(new) or 'inga'}. Stängda: {', '.join(closed) or 'inga'}.",
        "",
        "Uppdelningen per orsak byter modellens indata från förra utgåvans till den här, en grupp i "
        "taget i ordningen " + ", ".join(label.lower() for _, label in causes) + "; varje orsak får det "
        "som ersättningen ändrades i sitt steg, så orsakerna summerar exakt till hela förändringen.",
        "",
        "### Regionen",
        "",
        "| Orsak | Förändring |",
        "|---|---:|",
        *[f"| {label} | {_mkr(region[c])} |" for c, label in causes],
        f"| **Totalt** | **{_mkr(region['forandring'])}** |",
        "",
        "| Del av ersättningen | Förändring |",
        "|---|---:|",
        *[f"| {component_label(c)} | {_mkr(region[c])} |" for c in parts.component_columns],
        f"| **Totalt** | **{_mkr(region['forandring'])}** |",
        "",
    ]
    if figures is not None:
        from analysis.figures.compare import region_waterfall

        figures.mkdir(parents=True, exist_ok=True)
        _save(region_waterfall(region, causes), figures / "vattenfall-regionen.png")
        lines += _figure(
            f"{prefix}vattenfall-regionen.png",
            "Ersättningen totalt i regionen, förra utgåvan och nu, och vad varje orsak ändrade.",
            "Vattenfallsdiagram: förra utgåvans total, en stapel "
            "per orsak (grön upp, röd ned) och den här utgåvans total.",
        )
    lines += [
        "### Per hälsocentral och orsak",
        "",
        "Tusental kronor per år.",
        "",
        "| Hälsocentral | " + " | ".join(label for _, label in causes) + " | Totalt |",
        "|---|" + "---:|" * (len(causes) + 1),
    ]
    lines += [
        f"| {_name(r)} | " + " | ".join(_tkr(r[c]) for c, _ in causes) + f" | {_tkr(r['forandring'])} |"
        for _, r in df.iterrows()
    ]
    lines += [
        "",
        "### Per hälsocentral och del av ersättningen",
        "",
        "Tusental kronor per år.",
        "",
        "| Hälsocentral | " + " | ".join(component_label(c) for c in parts.component_columns) + " | Totalt |",
        "|---|" + "---:|" * (len(parts.component_columns) + 1),
    ]
    lines += [
        f"| {_name(r)} | " + " | ".join(_tkr(r[c]) for c in parts.component_columns) + f" | {_tkr(r['forandring'])} |"
        for _, r in df.iterrows()
    ]
    lines.append("")
    if figures is not None:
        from analysis.figures.compare import centre_waterfalls

        _save(centre_waterfalls(df, causes), figures / "vattenfall-halsocentraler.png")
        lines += _figure(
            f"{prefix}vattenfall-halsocentraler.png",
            "Ersättningen per hälsocentral, förra utgåvan och nu, och vad varje orsak ändrade.",
            "Ett litet vattenfallsdiagram per hälsocentral med samma staplar som för regionen.",
        )
    return lines


def table(parts: Decomposition) -> pd.DataFrame:
    """The per-centre decomposition with Swedish column names (for CSV)."""
    df = parts.per_centre.reset_index()
    names = {
        "hc_id": "hc_id",
        "namn": "Hälsocentral",
        "status": "Status",
        "fore": "Förra_kr",
        "efter": "Nu_kr",
        "forandring": "Förändring_kr",
    }
    names |= {c: f"Orsak: {cause_label(c)}" for c in parts.cause_columns}
    names |= {c: f"Del: {component_label(c)}" for c in parts.component_columns}
    return df.rename(columns=names)


def _figure(path: str, caption: str, alt: str) -> list[str]:
    return [
        f":::{{figure}} {path}",
        f":alt: {alt}",
        ":width: 100%",
        "",
        f"{caption} *Källa: egen beräkning med modellen ur de två utgåvornas datamängder "
        "(`analysis.compare.causes`). Data: som i respektive datamängd, se bilagan Om data.*",
        ":::",
        "",
    ]


def _save(fig, path: Path) -> None:
    import matplotlib.pyplot as plt

    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


def _name(r) -> str:
    return str(r["namn"]) + ("" if r["status"] == "kvar" else f" ({r['status']})")


def _mkr(value: float) -> str:
    if abs(value) < 0.05e6:
        return fmt.mkr(0)
    return ("+" if value > 0 else "") + fmt.mkr(value)


def _tkr(value: float) -> str:
    if abs(value) < 500:
        return "0"
    return ("+" if value > 0 else "") + fmt.num(value / 1e3)


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")
