"""The appendices, generated from the data, the schemas, the code and the build (never by hand)."""

from __future__ import annotations

import time
from pathlib import Path

from analysis.formatting import num
from analysis.method import method_sections, source_of
from analysis.pipeline.cache import sha256_file
from analysis.pipeline.manifest import git_commit, package_versions
from analysis.register_pages import audit_section
from analysis.status import status_label

# (heading, formula in LaTeX, implementing function "module:qualname"). The formulas are the
# book's; the code shown beside each is read from the package at build time.
FORMULAS: tuple[tuple[str, str, str], ...] = (
    (
        "Åldersvikter ur vårdbesök",
        r"w_a = \frac{(2L_a + S_a)/N_a}{\sum_b (2L_b + S_b) / \sum_b N_b}",
        "analysis.model.capitation:derive_age_weights",
    ),
    (
        "Normering till medelvikt 1",
        r"w_a = \frac{r_a}{\sum_b N_b r_b / \sum_b N_b}",
        "analysis.model.capitation:normalise_weights",
    ),
    (
        "Ersättning listad och läkemedelsbudget (åldersviktad kapitering)",
        r"E_c = p \sum_a w_a \, n_{c,a}",
        "analysis.model.capitation:age_weighted_payment",
    ),
    (
        "Läkemedelsvikter ur uttag av receptläkemedel",
        r"u_a = \frac{K_a/N_a}{\sum_b K_b / \sum_b N_b}",
        "analysis.model.capitation:derive_drug_weights",
    ),
    (
        "CNI-index och CNI-värde (SCB)",
        r"I_c = \sum_{i=1}^{7} v_i \, n_{c,i}, \qquad \mathrm{CNI}_c = \frac{I_c / N_c}{R}",
        "analysis.model.cni:cni_from_scb_table",
    ),
    (
        "CNI-ersättning",
        r"E^{\text{CNI}}_c = \bar{e} \, n_{\text{tot}} \cdot \frac{\mathrm{CNI}_c \, n_c}{\sum_d \mathrm{CNI}_d \, n_d}",
        "analysis.model.cni:cni_payment",
    ),
    (
        "Glesbygdsersättning efter avstånd (bokens antagande)",
        r"E^{\text{gles}}_c = B \cdot \frac{\sum_o n_{c,o} \max(0, d_o - t)}{\sum_{d,o} n_{d,o} \max(0, d_o - t)}",
        "analysis.model.glesbygd:glesbygd_payment",
    ),
    (
        "Kostnadsansvar per hälsocentral",
        r"K_c = \sum_{k \in \text{ansvar}} K_{c,k}",
        "analysis.model.costs:costs_by_type",
    ),
)


def write_appendices(root: Path, dataset, scenarios: list[Path], outcomes) -> None:
    """The four appendices, and the front page's two data-dependent parts (included by book/intro.md)."""
    from analysis.frontpage import contents, sources

    folder = root / "book" / "bilagor"
    folder.mkdir(parents=True, exist_ok=True)
    pages = {
        "om-data.md": about_data(dataset),
        "metod.md": methods(),
        "datakatalog.md": data_catalogue(),
        "reproducerbarhet.md": reproducibility(root, dataset, scenarios, outcomes),
        "forsida-innehall.md": contents(dataset),
        "forsida-underlag.md": sources(dataset),
    }
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")


def about_data(dataset) -> str:
    info = dataset.table_info()
    lines = [
        "# Om data",
        "",
        f"Boken är byggd från datamängden **{dataset.name}** (år {dataset.year}). "
        "Tabellen visar varje indatatabell med status och licens; därefter följer källorna och "
        "filernas SHA-256-kontrollsummor. En kontrollsumma ändras om filen ändras med en enda byte.",
        "",
        "| Tabell | Fil | Status | Rader | Licens |",
        "|---|---|---|---:|---|",
    ]
    for row in info.itertuples(index=False):
        lines.append(
            f"| {row.tabell} | `{row.fil}` | {status_label(row.status)} | {num(row.rader)} | {_one_line(row.licens)} |"
        )
    lines += ["", "## Källor", ""]
    for row in info.itertuples(index=False):
        lines += [f"`{row.fil}`", f": {_one_line(row.kalla)}", ""]
    lines += ["", "## Kontrollsummor", "", "| Fil | SHA-256 |", "|---|---|"]
    for name, sha in sorted(dataset.input_files().items()):
        lines.append(f"| `{name}` | `{sha}` |")
    lines += ["", _status_explainer()]
    return "\n".join(lines) + "\n"


def _status_explainer() -> str:
    return (
        "## Vad statusen betyder\n\n"
        "- **Publicerad i rapporten**: ett värde som står i utredningen.\n"
        "- **Offentlig statistik**: SCB- eller Kolada-data, oförändrade eller bara omformade.\n"
        "- **Sammanställd från offentliga källor**: till exempel hälsocentralernas lägen ur GeoNames.\n"
        "- **Syntetisk exempeldata**: framtagen av skriptet `scripts/make_example_data.py` med fast "
        "slumpfrö; för rapportens år är den kalibrerad mot rapportens publicerade siffror. Den "
        "innehåller inga uppgifter om verkliga personer.\n"
    )


def methods() -> str:
    lines = [
        "# Metod och formler",
        "",
        "Varje formel nedan står bredvid den funktion i paketet `analysis` som räknar ut den. "
        "Koden läses direkt ur paketet när boken byggs, så det som visas är det som kördes.",
        "",
    ]
    for heading, formula, target in FORMULAS:
        lines += [f"## {heading}", "", "$$", formula, "$$", ""]
        code, where = source_of(target)
        lines += [f"Implementeras av `{where}`:", "", "```python", code.rstrip(), "```", ""]
    lines += method_sections()
    return "\n".join(lines) + "\n"


def data_catalogue() -> str:
    from analysis.data.dictionary import data_dictionary_markdown

    return data_dictionary_markdown()


def shown_path(path: Path, root: Path) -> str:
    """A path as the book may show it: relative to the project, or only its name when it lies
    outside (the builder's folders are no business of the reader's)."""
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return f"{Path(path).name} (utanför projektmappen)"


def reproducibility(root: Path, dataset, scenarios: list[Path], outcomes) -> str:
    from analysis.vintage import Vintage

    titles = Vintage.from_params(dataset.params).titles()
    lines = [
        "# Reproducerbarhet",
        "",
        "Så här byggdes den här boken. Samma indata ger samma tabeller och figurer; "
        "`python -m analysis verify` bygger om allt i en tillfällig mapp och jämför "
        "kontrollsummorna med `_build/manifest.json`.",
        "",
        "| Uppgift | Värde |",
        "|---|---|",
        f"| Byggdatum | {time.strftime('%Y-%m-%d %H:%M')} |",
        f"| Git-version | `{git_commit(root)}` |",
        f"| Datamängd | `{shown_path(dataset.path, root)}` ({dataset.name}) |",
        "",
        "## Kapitel",
        "",
        "| Kapitel | Körning | Tid (s) |",
        "|---|---|---:|",
    ]
    for o in outcomes:
        seconds = "–" if o.reused else num(o.seconds, 1)  # reused: not run by this build
        lines.append(f"| {titles.get(o.key, o.title)} | {o.run_label()} | {seconds} |")
    lines += ["", "## Indata", "", "| Fil | SHA-256 |", "|---|---|"]
    for name, sha in sorted(dataset.input_files().items()):
        lines.append(f"| `{name}` | `{sha}` |")
    lines += ["", "## Scenariofiler", "", "| Fil | SHA-256 |", "|---|---|"]
    for path in scenarios:
        lines.append(f"| `{shown_path(path, root)}` | `{sha256_file(path)}` |")
    lines += ["", "## Programversioner", "", "| Paket | Version |", "|---|---|"]
    for name, version in package_versions().items():
        lines.append(f"| {name} | {version} |")
    lines += [
        "",
        "## Bygga om",
        "",
        "```bash",
        "make book            # eller: python -m analysis build --data MAPP",
        "python -m analysis verify",
        "```",
    ]
    lines += audit_section()
    return "\n".join(lines) + "\n"


def _one_line(text: object) -> str:
    return " ".join(str(text or "").split()).replace("|", "\\|")
