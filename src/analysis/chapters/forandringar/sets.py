"""The scenario sets chapter 2 discusses, and what its numbers read besides the scenario files."""

from analysis.chapters.registry import SCENARIO_TABLES

#: The three whole proposals, in the order the chapter discusses them.
MAIN = ("majoritetens-forslag", "oppositionens-forslag", "enighet")
#: One change at a time, in the order of the chapter's sections.
SINGLES = (
    "endast-lof-lol",
    "endast-fotvard",
    "endast-patientavgifter",
    "endast-glesbygd-upptagningsomrade",
    "endast-cni-40",
    "endast-separat-ostersund",
)
BASE = "bas-2020"
#: What the chapter's numbers read besides the scenario files (the register of numbers).
TABLES = SCENARIO_TABLES
PARAMS = (
    "ersattning_listad.pris_per_viktenhet",
    "ersattning_listad.aldersvikter",
    "cni.snitt_per_listad",
    "glesbygd.budget_kr",
)
