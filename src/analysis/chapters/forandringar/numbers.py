"""The numbers chapter 2 glues into its prose, each from a function decorated with `@registers`.

`ScenarioChapter` (`report`) inherits them; they read its scenario results.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis import formatting as fmt
from analysis.chapters.forandringar.sets import PARAMS, TABLES
from analysis.chapters.forandringar.wording import (
    _GROUP_ONE,
    _GROUP_WORDS,
    _list_sv,
    _lower_first,
    _mkr,
    _short,
    _signed,
    sensitivity_sentence,
)
from analysis.register import registers
from analysis.scenarios.engine import (
    OSTERSUND,
    ScenarioResult,
    group_change,
)


class ScenarioNumbers:
    """The glued numbers of chapter 2 (mixed into `ScenarioChapter`)."""

    @registers(tables=TABLES, params=PARAMS, scenarios=True)
    def numbers(self, patientavgifter: pd.DataFrame | None = None) -> dict[str, str]:
        """Every number the chapter's prose glues, formatted (Swedish)."""
        b = self.baseline.per_centre
        out: dict[str, str] = {}
        fixed = float(b["ersattning_listad"].sum() + b["ersattning_cni"].sum())
        out |= {
            "sc_antal": fmt.num(len(self.results)),
            "sc_antal_egna": fmt.num(len(self.extras)),
            "sc_hc": fmt.num(len(b)),
            "sc_listade": fmt.num(int(b["listade"].sum())),
            "sc_fast_kapitering": fmt.mkr(fixed),
            "sc_cni_andel_bas": fmt.pct(self.baseline.cni_share, 1),
            "sc_glesbygd_budget": fmt.mkr(float(b["ersattning_glesbygd"].sum())),
            "sc_avgifter": fmt.mkr(float(b["patientavgifter"].sum())),
            "sc_region_kostnad": fmt.mkr(self.baseline.region_cost),
        }
        out |= self._lof_numbers()
        out |= self._foot_numbers()
        out |= self._fee_numbers(patientavgifter)
        out |= self._sparsity_numbers()
        out |= self._cni_numbers()
        out |= self._ostersund_numbers()
        for key, name in (("maj", "majoritetens-forslag"), ("opp", "oppositionens-forslag"), ("eni", "enighet")):
            if name in self.by_name:
                out |= self._package_numbers(key, self[name])
        out |= self._group_numbers()
        out |= self._sensitivity_numbers()
        out["sc_egna_namn"] = (
            _list_sv([f"”{r.scenario.titel}” (filen {Path(r.scenario.path).name})" for r in self.extras])
            if self.extras
            else "inga"
        )
        return out

    def _winner_loser(self, prefix: str, r: ScenarioResult) -> dict[str, str]:
        s = r.summary()
        return {
            f"{prefix}_vinnare": _short(s["vinnare"]) if s["vinnare"] else "ingen",
            f"{prefix}_vinnare_kr": _signed(s["vinnare_varde"]),
            f"{prefix}_forlorare": _short(s["forlorare"]) if s["forlorare"] else "ingen",
            f"{prefix}_forlorare_kr": _signed(s["forlorare_varde"]),
            f"{prefix}_antal_vinnare": fmt.num(s["antal_vinnare"]),
            f"{prefix}_antal_forlorare": fmt.num(s["antal_forlorare"]),
        }

    @registers(
        tables=("halsocentraler", "listade", "kostnader"),
        params=("lof_lol.central_budget_kr", "lof_lol.kvar_i_halsoval_kr"),
        scenarios=True,
    )
    def _lof_numbers(self) -> dict[str, str]:
        if "endast-lof-lol" not in self.by_name:
            return {}
        r = self["endast-lof-lol"]
        change = r.scenario.forandringar[0]
        b = self.baseline.per_centre
        cost = float(b["kostnad_lof_lol"].sum())
        ost = float(b.loc[b["kommunkod"] == OSTERSUND, "kostnad_lof_lol"].sum())
        df = r.per_centre
        in_ost = df["kommunkod"] == OSTERSUND
        return {
            "lof_kostnad": fmt.mkr(cost),
            "lof_central": fmt.mkr(r.tillforda_medel),
            "lof_behall": fmt.mkr(change.behall_i_ersattning_kr),
            "lof_andel_ostersund": fmt.pct(ost / cost if cost else 0.0),
            "lof_ostersund_snitt": fmt.kr(df.loc[in_ost, "skillnad_netto_kr"].sum() / df.loc[in_ost, "listade"].sum()),
            "lof_ovriga_snitt": fmt.kr(df.loc[~in_ost, "skillnad_netto_kr"].sum() / df.loc[~in_ost, "listade"].sum()),
            **self._winner_loser("lof", r),
        }

    @registers(tables=("listade", "kostnader"), scenarios=True)
    def _foot_numbers(self) -> dict[str, str]:
        if "endast-fotvard" not in self.by_name:
            return {}
        r = self["endast-fotvard"]
        df = r.per_centre
        return {
            "fot_kostnad": fmt.mkr(float(self.baseline.per_centre["kostnad_fotvard"].sum())),
            "fot_max_abs": fmt.kr(float(df["skillnad_netto_per_listad"].abs().max())),
            **self._winner_loser("fot", r),
        }

    @registers(tables=("listade", "patientavgifter"), scenarios=True)
    def _fee_numbers(self, fees: pd.DataFrame | None) -> dict[str, str]:
        if "endast-patientavgifter" not in self.by_name:
            return {}
        r = self["endast-patientavgifter"]
        b = self.baseline.per_centre
        per_listed = b["patientavgifter"] / b["listade"]
        out = {
            "avg_per_listad_min": fmt.kr(float(per_listed.min())),
            "avg_per_listad_max": fmt.kr(float(per_listed.max())),
            "avg_max_abs": fmt.kr(float(r.per_centre["skillnad_netto_per_listad"].abs().max())),
            **self._winner_loser("avg", r),
        }
        if fees is not None and {"besok_totalt", "besok_hogkostnadsskydd"} <= set(fees.columns):
            f = fees.assign(hc_id=fees["hc_id"].astype(str)).set_index("hc_id")
            share = f["besok_hogkostnadsskydd"] / f["besok_totalt"]
            delta = r.per_centre.set_index("hc_id")["skillnad_netto_per_listad"].reindex(share.index)
            out["avg_hks_min"] = fmt.pct(float(share.min()))
            out["avg_hks_max"] = fmt.pct(float(share.max()))
            out["avg_hks_korr"] = fmt.num(float(np.corrcoef(share, delta)[0, 1]), 2)
        return out

    @registers(tables=("halsocentraler", "listade", "listade_ort"), params=("glesbygd.budget_kr",), scenarios=True)
    def _sparsity_numbers(self) -> dict[str, str]:
        name = "endast-glesbygd-upptagningsomrade"
        if name not in self.by_name:
            return {}
        r = self[name]
        change = r.scenario.change("glesbygd_upptagningsomrade")
        b = self.baseline.per_centre
        out = {
            "gles_mottagare_bas": fmt.num(int((b["ersattning_glesbygd"] > 0).sum())),
            "gles_mottagare_ny": fmt.num(int((r.per_centre["ersattning_glesbygd"] > 0).sum())),
            **self._winner_loser("gles", r),
        }
        if change is not None and change.regel == "linjar":
            out["gles_grans"] = fmt.num(change.grans)
        return out

    @registers(
        tables=("listade", "cni_underlag"),
        params=("cni.snitt_per_listad", "ersattning_listad.pris_per_viktenhet"),
        scenarios=True,
    )
    def _cni_numbers(self) -> dict[str, str]:
        if "endast-cni-40" not in self.by_name:
            return {}
        r = self["endast-cni-40"]
        step = r.steg[0].varden
        sweep = self.sweep
        lo, hi = sweep["andel"].min(), sweep["andel"].max()
        at_hi = sweep[sweep["andel"] == hi]
        return {
            "cni_ny_andel": fmt.pct(step["efter"]["cni_andel"]),
            "cni_pris_fore": fmt.kr(step["fore"]["pris_per_viktenhet"]),
            "cni_pris_efter": fmt.kr(step["efter"]["pris_per_viktenhet"]),
            "cni_snitt_fore": fmt.kr(step["fore"]["cni_per_listad"]),
            "cni_snitt_efter": fmt.kr(step["efter"]["cni_per_listad"]),
            "cni_svep_min": fmt.pct(lo),
            "cni_svep_max": fmt.pct(hi),
            "cni_svep_vinnare": _short(at_hi.loc[at_hi["skillnad_per_listad"].idxmax(), "namn"]),
            "cni_svep_vinnare_kr": _signed(float(at_hi["skillnad_per_listad"].max())),
            "cni_svep_forlorare": _short(at_hi.loc[at_hi["skillnad_per_listad"].idxmin(), "namn"]),
            "cni_svep_forlorare_kr": _signed(float(at_hi["skillnad_per_listad"].min())),
            **self._winner_loser("cni", r),
        }

    @registers(tables=("halsocentraler", "listade", "cni_underlag"), scenarios=True)
    def _ostersund_numbers(self) -> dict[str, str]:
        if "endast-separat-ostersund" not in self.by_name:
            return {}
        r = self["endast-separat-ostersund"]
        step = r.steg[0].varden
        return {
            "ost_hc": fmt.num(step["hc"]),
            "ost_cni_fore": fmt.pct(step["fore"]["cni_andel"], 1),
            "ost_cni_efter": fmt.pct(step["efter"]["cni_andel"], 1),
            "ost_pott": fmt.mkr(step["efter"]["fast_kapitering_kr"]),
            "ost_pris_efter": fmt.kr(step["efter"]["pris_per_viktenhet"]),
            "ost_lof": fmt.mkr(sum(v for k, v in r.centrala_budgetar.items())),
            **self._winner_loser("ost", r),
        }

    @registers(tables=TABLES, scenarios=True)
    def _package_numbers(self, key: str, r: ScenarioResult) -> dict[str, str]:
        s = r.summary()
        return {
            f"{key}_netto": _mkr(s["skillnad_netto_kr"]),
            f"{key}_tillfort": _mkr(s["tillforda_medel"]),
            f"{key}_region": fmt.mkr(r.region_kostnad),
            **self._winner_loser(key, r),
        }

    @registers(tables=TABLES, scenarios=True)
    def _group_numbers(self) -> dict[str, str]:
        out = {}
        for key, name in (("maj", "majoritetens-forslag"), ("opp", "oppositionens-forslag"), ("eni", "enighet")):
            if name not in self.by_name:
                continue
            own = group_change([self[name]], "driftsform").set_index("grupp")
            out[f"{key}_drift_text"] = _list_sv(
                [
                    f"{_GROUP_WORDS.get(g, g)} {_signed(float(own.loc[g, 'per_listad']))}"
                    for g in [g for g in _GROUP_WORDS if g in own.index]
                    + [g for g in own.index if g not in _GROUP_WORDS]
                ]
            )
            area = group_change([self[name]], "omrade").set_index("grupp")
            out[f"{key}_ostersund"] = _signed(float(area.loc["Östersunds kommun", "per_listad"]))
            out[f"{key}_ovriga"] = _signed(float(area.loc["Övriga länet", "per_listad"]))
        b = self.baseline.per_centre
        counts = b.groupby("driftsform")["hc_id"].count()
        out["sc_drift_text"] = _list_sv(
            [
                f"{fmt.num(int(counts[g]))} {(_GROUP_ONE if counts[g] == 1 else _GROUP_WORDS).get(g, g)}"
                for g in [g for g in _GROUP_WORDS if g in counts.index]
                + [g for g in counts.index if g not in _GROUP_WORDS]
            ]
        )
        return out

    @registers(tables=TABLES, params=("ersattning_listad.pris_per_viktenhet",), scenarios=True)
    def _sensitivity_numbers(self) -> dict[str, str]:
        if self.sens is None or not len(self.sens):
            return {}
        top = self.sens.iloc[0]
        low = self.sens.iloc[-1]
        return {
            "sens_utfall": str(self.sens.attrs["utfall"]),
            "sens_bas": fmt.kr(self.sens.attrs["utfall_bas"]),
            "sens_storst": _lower_first(str(top["etikett"])),
            "sens_storst_lag": fmt.kr(top["utfall_lag"]),
            "sens_storst_hog": fmt.kr(top["utfall_hog"]),
            "sens_minst": _lower_first(str(low["etikett"])),
            "sens_minst_spann": fmt.kr(low["spann"]),
            "sens_mening": sensitivity_sentence(top, low),
        }
