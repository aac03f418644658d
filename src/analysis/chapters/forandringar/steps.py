"""What each change of a scenario did, in words: the step table of chapter 2 (own scenarios).

The engine records each step as its type, variant (`Step.art`) and amounts (`Step.varden`,
`analysis.scenarios.changes` and `side_items`); this module writes the heading and the sentence.
"""

from __future__ import annotations

from analysis import formatting as fmt
from analysis.scenarios.money import Step
from analysis.scenarios.schema import CHANGE_LABELS, DISTRIBUTIONS
from analysis.vocabulary import COST_LABELS


def _money(amount: float) -> str:
    """Millions from 1 MSEK up, else kronor rounded to thousands (the fines are tens of thousands)."""
    return fmt.mkr(amount) if abs(amount) >= 1e6 else fmt.kr(round(amount, -3))


def _financed(amount: float, financing: str) -> str:
    if financing == "tillskott":
        return f"Regionen tillför {_money(amount)}."
    return f"Lika mycket ({_money(amount)}) tas ur den fasta kapiteringen; regionens kostnad är oförändrad."


def _centres_phrase(n: int) -> str:
    return "Den enda hälsocentralen" if n == 1 else f"De {n} hälsocentralerna"


def step_heading(step: Step) -> str:
    """The step's heading in the table ("Förändring")."""
    v = step.varden
    if step.art == "uppgifter_saknas":
        return f"{CHANGE_LABELS[step.typ]}: uppgifter saknas"
    if step.typ == "ta_bort_kostnadsansvar":
        label = COST_LABELS[v["kostnadstyp"]]
        return f"{label}: redan borttaget" if step.art == "redan_borttaget" else f"{label} ur kostnadsansvaret"
    return CHANGE_LABELS.get(step.typ, step.typ)


def step_text(step: Step) -> str:
    """What the step did, with its amounts ("Vad som händer")."""
    v = step.varden
    if step.art == "uppgifter_saknas":
        what = "; ".join(f"{name} ({description})" for name, description in v["saknas"])
        return (
            f"{step.typ} kräver parametern {what} i parameterfilen; datamängden saknar den, "
            "så förändringen ger inga belopp."
        )
    return _TEXTS[step.typ](step.art, v)


def _remove_cost(art: str, v: dict) -> str:
    label = COST_LABELS[v["kostnadstyp"]]
    if art == "redan_borttaget":
        return f"Hälsocentralerna bär inte kostnaden för {label.lower()}; inget ändras."
    cost, central = v["kostnad_i_data_kr"], v["central_budget_kr"]
    if art == "tillskott":
        text = (
            f"Hälsocentralerna slutar bära kostnaden för {label} ({fmt.mkr(cost)} i datamängden). "
            f"Regionen betalar den ur en ny central budget på {fmt.mkr(central)} (tillförda medel)."
        )
        if v.get("behall_i_ersattning_kr"):
            text += (
                f" {fmt.mkr(v['behall_i_ersattning_kr'])} stannar i hälsovalsersättningen och fördelas "
                f"{DISTRIBUTIONS[v['fordelning']]}."
            )
        return text
    return (
        f"Hälsocentralerna slutar bära kostnaden för {label.lower()} ({fmt.mkr(cost)}). "
        f"Lika mycket ({fmt.mkr(central)}) lyfts ur den fasta kapiteringen (alla hälsocentraler "
        "i proportion) till en central budget; regionens kostnad är oförändrad."
    )


def _fees(art: str, v: dict) -> str:
    return (
        f"Hälsocentralerna behåller inte längre patientavgifterna ({fmt.mkr(v['avgifter_kr'])}); regionen tar "
        f"in dem och betalar tillbaka samma summa som kapitering, fördelad {DISTRIBUTIONS[v['fordelning']]}."
    )


def _sparsity(art: str, v: dict) -> str:
    rule = (
        f"vikt = max(0, {fmt.num(v['grans'])} − invånare i upptagningsområdet)"
        if art == "linjar"
        else "vikt efter storleksband: "
        + ", ".join(f"högst {fmt.num(most)} invånare → {fmt.num(weight, 1)}" for most, weight in v["band"])
    )
    text = (
        f"Glesbygdsbudgeten ({fmt.mkr(v['budget_kr'])}) fördelas per hälsocentral efter upptagningsområdets "
        f"storlek ({rule})"
    )
    share = v["andel_avstand"]
    return text + (
        f"; {fmt.pct(share)} fördelas fortfarande efter avstånd."
        if share
        else " i stället för efter de listades avstånd till Östersunds sjukhus."
    )


def _cni(art: str, v: dict) -> str:
    before, after = v["fore"], v["efter"]
    return (
        f"CNI:s andel av den fasta kapiteringen ({fmt.mkr(before['fast_kapitering_kr'])}) ändras från "
        f"{fmt.pct(before['cni_andel'], 1)} till {fmt.pct(after['cni_andel'], 1)}. Priset per viktenhet blir "
        f"{fmt.kr(after['pris_per_viktenhet'])} (förut {fmt.kr(before['pris_per_viktenhet'])}) och CNI-pengen i "
        f"snitt {fmt.kr(after['cni_per_listad'])} per listad (förut {fmt.kr(before['cni_per_listad'])})."
    )


def _ostersund(art: str, v: dict) -> str:
    before = v["fore"]
    parts = []
    if v["glesbygd_i_potten"]:
        parts.append(f"ingen glesbygdsersättning ({fmt.mkr(v['glesbygd_kr'])} stannar i potten)")
    if v["lof_central_kr"] is not None:
        parts.append(
            f"inget kostnadsansvar för LOF/LOL (potten betalar en central budget på {fmt.mkr(v['lof_central_kr'])})"
        )
    parts.append(f"CNI-andel {fmt.pct(v['cni_andel'], 1)} (förut {fmt.pct(before['cni_andel'], 1)})")
    return (
        f"{_centres_phrase(v['hc'])} i kommun {', '.join(v['kommunkoder'])} får en egen pott "
        f"({fmt.mkr(before['fast_kapitering_kr'] + v['glesbygd_kr'])}: deras fasta kapitering och "
        "glesbygdsersättning), med " + "; ".join(parts) + ". Övriga länet är oförändrat."
    )


def _out_of_county(art: str, v: dict) -> str:
    if art == "behalls":
        return (
            f"Hälsocentralerna behåller ersättningen för patienter från andra regioner ({_money(v['intakt_kr'])}) "
            f"och deras patientavgifter ({_money(v['avgifter_kr'])}), också om övriga patientavgifter utjämnas."
        )
    return (
        f"Regionen tar in ersättningen för patienter från andra regioner ({_money(v['intakt_kr'])}) och betalar "
        f"tillbaka samma summa som kapitering, fördelad {DISTRIBUTIONS[v['fordelning']]}."
    )


def _ptp(art: str, v: dict) -> str:
    return (
        f"Utbildningsersättningen för PTP-psykologer höjs från {fmt.kr(v['ptp_kr'])} till {fmt.kr(v['st_kr'])} "
        f"per helårstjänst, som för ST-läkare. {fmt.num(v['tjanster'], 1)} helårstjänster ger "
        f"{_money(v['hojning_kr'])} mer. " + _financed(v["hojning_kr"], art)
    )


def _no_fine(art: str, v: dict) -> str:
    return (
        f"Kravet på öppettider och vitet för det tas bort. {v['hc_med_vite']} hälsocentraler betalade vite under "
        f"året, sammanlagt {_money(v['viten_kr'])}; de pengarna stannar hos hälsocentralerna och regionen "
        "avstår intäkten."
    )


def _special_duties(art: str, v: dict) -> str:
    texts = []
    for part, financing in v["finansiering"].items():
        label = "Särskilda åtaganden" if part == "huvudmannauppdrag" else "E-frikortsmodulen"
        texts.append(
            f"{label} ({_money(v[part])}) betalas centralt i stället för av de regiondrivna "
            "hälsocentralerna. " + _financed(v[part], financing)
        )
    return " ".join(texts)


_TEXTS = {
    "ta_bort_kostnadsansvar": _remove_cost,
    "patientavgifter_i_kapitering": _fees,
    "glesbygd_upptagningsomrade": _sparsity,
    "cni_andel": _cni,
    "separat_halsoval_ostersund": _ostersund,
    "utomlansersattning": _out_of_county,
    "ptp_som_st": _ptp,
    "ta_bort_vite": _no_fine,
    "sarskilda_ataganden_centralt": _special_duties,
}
