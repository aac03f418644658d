"""The chapters of the book, in one place.

Adding a chapter is one entry here plus one notebook template in `notebooks/`; the build lists
it in `_toc.yml`, in its `part` (`pipeline.toc`). `tables` and `extra_inputs` say which data the
chapter reads: the cache re-executes a chapter when its template's code, any file of the `analysis`
package, these input tables, the parameter file, these extra files, its own parameters or the lock
change (`pipeline.cache`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChapterSpec:
    key: str
    title: str
    template: str
    output: str
    tables: tuple[str, ...]
    uses_scenarios: bool = False
    # Project files beyond the dataset, injected as notebook parameters (name -> path from root).
    extra_inputs: tuple[tuple[str, str], ...] = ()
    # The caption of its part in `_toc.yml` (None: the untitled part after the title page).
    part: str | None = "Analys"

    @property
    def output_dir(self) -> str:
        """Where the chapter writes its figures and downloadable tables."""
        return f"book/genererat/{self.key}"


#: What the scenario engine's baseline reads (chapters 2 and 4, and the summary's proposals).
SCENARIO_TABLES = ("halsocentraler", "listade", "listade_ort", "cni_underlag", "kostnader", "patientavgifter")

CHAPTERS: tuple[ChapterSpec, ...] = (
    ChapterSpec(
        key="sammanfattning",
        title="Sammanfattning",
        template="notebooks/00-sammanfattning.ipynb",
        output="book/kapitel/00-sammanfattning.ipynb",
        tables=(*SCENARIO_TABLES, "indikatorer", "besok", "kolada"),
        uses_scenarios=True,
        part=None,
    ),
    ChapterSpec(
        key="ersattningsmodell",
        title="Ersättningsmodell",
        template="notebooks/01-ersattningsmodell-2020.ipynb",
        output="book/kapitel/01-ersattningsmodell-2020.ipynb",
        tables=(
            "halsocentraler",
            "listade",
            "listade_ort",
            "befolkning",
            "vardbesok_alder",
            "lakemedel_alder",
            "cni_underlag",
            "kostnader",
        ),
    ),
    ChapterSpec(
        key="forandringar",
        title="Förändringar",
        template="notebooks/02-forandringar-2021.ipynb",
        output="book/kapitel/02-forandringar-2021.ipynb",
        tables=SCENARIO_TABLES,
        uses_scenarios=True,
        extra_inputs=(("kartfil", "data/raw/geo-okfse-sweden-geojson/swedish_municipalities_23.geojson"),),
    ),
    ChapterSpec(
        key="uppfoljning",
        title="Uppföljning",
        template="notebooks/03-uppfoljning.ipynb",
        output="book/kapitel/03-uppfoljning.ipynb",
        tables=("halsocentraler", "listade", "cni_underlag", "indikatorer", "besok", "kolada"),
    ),
    ChapterSpec(
        key="forslag",
        title="Förslagen i utredningen",
        template="notebooks/04-forslag-i-utredningen.ipynb",
        output="book/kapitel/04-forslag-i-utredningen.ipynb",
        tables=SCENARIO_TABLES,
        uses_scenarios=True,
        extra_inputs=(("forslagsfil", "src/analysis/proposals.yml"),),
    ),
)


#: The order in which a build starts the chapters it must run (the book's order is `CHAPTERS`).
#: Longest first, so that on two cores the shorter ones fill in beside it. Chapters not listed
#: start first, in book order. The order only changes when work starts, never what is computed.
START_ORDER = ("forandringar", "uppfoljning", "ersattningsmodell")


def start_rank(key: str) -> int:
    """Where a chapter comes in `START_ORDER` (unlisted chapters first)."""
    return START_ORDER.index(key) + 1 if key in START_ORDER else 0


def by_key(key: str) -> ChapterSpec:
    for chapter in CHAPTERS:
        if chapter.key == key:
            return chapter
    known = ", ".join(c.key for c in CHAPTERS)
    raise KeyError(f"okänt kapitel '{key}' (kända: {known})")
