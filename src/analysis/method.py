"""Method text for chapters 2 and 3 in the appendix *Metod och formler*.

Like chapter 1's formulas (`analysis.appendices.FORMULAS`), each formula stands beside the code
that computes it, read from the package when the book is built: the scenario engine (each kind
of change, the sensitivity analysis) and the follow-up indicators (continuity, funnel limits,
the GLM trend, small-number suppression).
"""

from __future__ import annotations

import importlib
import inspect

# (part heading, [(heading, explanation, formula in LaTeX, "module:qualname"), ...])
SECTIONS: tuple[tuple[str, tuple[tuple[str, str, str, str], ...]], ...] = (
    (
        "Scenariomotorn (kapitel 2)",
        (
            (
                "Fördelningsnycklar",
                "En pott $A$ fördelas på hälsocentralerna efter en nyckel $k_c$: åldersviktade listade "
                "(`aldersviktad`), listade (`per_listad`) eller dagens fasta kapitering (`fast_kapitering`).",
                r"A_c = A \cdot \frac{k_c}{\sum_d k_d}",
                "analysis.scenarios.engine:share_out",
            ),
            (
                "Fast kapitering med ny CNI-andel",
                "Den fasta kapiteringen $P$ (ersättning listad + CNI) delas om: andelen $a$ efter CNI gånger "
                "listade, resten efter åldersviktade listade $v_c$. Potten är oförändrad.",
                r"E^{\text{CNI}}_c = aP\,\frac{\mathrm{CNI}_c n_c}{\sum_d \mathrm{CNI}_d n_d}, \qquad "
                r"E^{\text{listad}}_c = (1-a)P\,\frac{v_c}{\sum_d v_d}",
                "analysis.scenarios.engine:redistribute_fixed",
            ),
            (
                "Förändringen `cni_andel`",
                "Ny CNI-andel $a$ i hela länets fasta kapitering.",
                r"a_{\text{ny}} = \texttt{andel}",
                "analysis.scenarios.engine:_apply_cni",
            ),
            (
                "Förändringen `ta_bort_kostnadsansvar` (LOF/LOL, fotvård)",
                "Kostnaden $K_c$ tas bort från hälsocentralerna. Med `tillskott` betalar regionen en central "
                "budget $B$ (tillförda medel); det belopp $R$ som stannar i ersättningen fördelas med en "
                "nyckel, och den fasta kapiteringen skalas ned lika mycket. Med `ur_ersattningen` lyfts $B$ "
                "ur den fasta kapiteringen.",
                r"K'_c = 0, \qquad P' = P - R \ \text{(tillskott)} \quad\text{eller}\quad P' = P - B",
                "analysis.scenarios.engine:_apply_remove_cost",
            ),
            (
                "Förändringen `patientavgifter_i_kapitering`",
                "Regionen tar in patientavgifterna $F_c$ och betalar tillbaka samma summa efter en nyckel.",
                r"F'_c = 0, \qquad E^{\text{avgift}}_c = \Big(\sum_d F_d\Big) \frac{k_c}{\sum_d k_d}",
                "analysis.scenarios.engine:_apply_fees",
            ),
            (
                "Förändringen `glesbygd_upptagningsomrade`: vikter",
                "Vikten per hälsocentral ur upptagningsområdets befolkning $P_c$: linjär regel med gräns $g$ "
                "eller storleksband.",
                r"w_c = \max(0,\ g - P_c) \quad\text{eller}\quad w_c = \text{bandets vikt för } P_c",
                "analysis.scenarios.engine:catchment_weights",
            ),
            (
                "Förändringen `glesbygd_upptagningsomrade`: fördelning",
                "Budgeten $G$ fördelas efter vikterna; andelen $s$ (`andel_avstand`) kan fortfarande följa "
                "2020 års fördelning efter avstånd $E^{\text{gles,2020}}_c$.",
                r"E^{\text{gles}}_c = sG\,\frac{E^{\text{gles,2020}}_c}{\sum_d E^{\text{gles,2020}}_d} + (1-s)G\,\frac{w_c}{\sum_d w_d}",
                "analysis.scenarios.engine:_apply_sparsity",
            ),
            (
                "Förändringen `separat_halsoval_ostersund`",
                "Hälsocentralerna i de angivna kommunerna får en egen pott av sin fasta kapitering och "
                "glesbygdsersättning (minus LOF/LOL om den lyfts ut), fördelad med egen CNI-andel.",
                r"P_{\text{sep}} = \sum_{c \in S} \big(E^{\text{listad}}_c + E^{\text{CNI}}_c + E^{\text{gles}}_c\big) - \sum_{c\in S} K^{\text{LOF}}_c",
                "analysis.scenarios.engine:_apply_ostersund",
            ),
            (
                "Förändringen `utomlansersattning`",
                "Hälsocentralens intäkt från besök av utomlänspatienter, $b_c$ besök gånger ersättningen $r$ "
                "per besök. Med `behalls` står den kvar hos hälsocentralen; annars tar regionen in den och "
                "fördelar samma summa efter en nyckel $k_c$.",
                r"I_c = b_c\,r, \qquad I'_c = \begin{cases} I_c & \text{behålls} \\ \sum_d I_d \cdot \frac{k_c}{\sum_d k_d} & \text{annars} \end{cases}",
                "analysis.scenarios.side_items:apply_out_of_county",
            ),
            (
                "Förändringen `ptp_som_st`",
                "Varje PTP-tjänst $t_c$ ersätts som en ST-tjänst: höjningen är skillnaden mellan ST- och "
                "PTP-ersättningen. Med `tillskott` är summan nya medel, annars tas den ur den fasta "
                "kapiteringen $P$.",
                r"\Delta_c = (r_{\text{ST}} - r_{\text{PTP}})\,t_c, \qquad P' = P - \textstyle\sum_c \Delta_c \ \text{(ur ersättningen)}",
                "analysis.scenarios.side_items:apply_ptp",
            ),
            (
                "Förändringen `ta_bort_vite`",
                "Vitet för öppettider tas bort: hälsocentralen behåller det belopp $V_c$ den annars betalat "
                "(för varje tillfälle veckorna $w$ gånger vitet per vecka $v$, högst taket $T$); regionen avstår "
                "samma summa.",
                r"V_c = \sum_{\text{tillfällen}} \min(w\,v,\ T), \qquad V'_c = 0",
                "analysis.scenarios.side_items:apply_no_fine",
            ),
            (
                "Förändringen `sarskilda_ataganden_centralt`",
                "Kostnaden $S$ för särskilda åtaganden (huvudmannauppdrag, e-frikortsmodulen) flyttas från "
                "hälsocentralerna till en central budget, finansierad med nya medel eller ur den fasta "
                "kapiteringen.",
                r"K'_{c,\text{del}} = 0, \qquad P' = P - S \ \text{(ur ersättningen)}",
                "analysis.scenarios.side_items:apply_special_duties",
            ),
            (
                "Känslighetsanalys",
                "Ett antagande i taget sätts till ett lägre och ett högre värde (eller ett annat alternativ); "
                "utfallet $U$ räknas om och staplarna i tornadodiagrammet visar avståndet till basvärdet.",
                r"\text{spann} = \max\big(|U_{\text{låg}} - U_{\text{bas}}|,\ |U_{\text{hög}} - U_{\text{bas}}|\big)",
                "analysis.scenarios.sensitivity:sensitivity",
            ),
            (
                "Uppdelning av ett förslag på dess förändringar",
                "Förändringarna läggs till en i taget i motorns ordning; varje förändrings bidrag är "
                "skillnaden mot föregående steg, så bidragen summerar exakt till förslagets hela förändring.",
                r"\Delta_c = \sum_{k=1}^{m} \big(y_c^{(k)} - y_c^{(k-1)}\big) = y_c^{(m)} - y_c^{(0)}",
                "analysis.scenarios.sensitivity:decompose",
            ),
        ),
    ),
    (
        "Uppföljningens indikatorer (kapitel 3)",
        (
            (
                "Kontinuitet per patient: MFPC och Bice–Boxerman",
                "För en patient med $n$ besök hos en yrkesgrupp, varav $n_j$ hos vårdgivare $j$: andelen hos "
                "den vanligaste vårdgivaren (MFPC) och Bice–Boxermans kontinuitetsindex (COC).",
                r"\mathrm{MFPC} = \frac{\max_j n_j}{n}, \qquad \mathrm{COC} = \frac{\sum_j n_j^2 - n}{n(n-1)}",
                "analysis.indicators.continuity:patient_continuity",
            ),
            (
                "Exakta trattgränser för andelar",
                "Binomialfördelningens kvantiler kring regionens andel $p_0$ vid nämnaren $n$, för nivån "
                r"$1-\alpha$ (95 % och 99,8 %).",
                r"\frac{F^{-1}_{\mathrm{Bin}(n,p_0)}(\alpha/2)}{n}, \quad \frac{F^{-1}_{\mathrm{Bin}(n,p_0)}(1-\alpha/2)}{n}",
                "analysis.indicators.funnel:binomial_limits",
            ),
            (
                "Exakta trattgränser för takter",
                "Poissonfördelningens kvantiler kring regionens takt $r_0$ med $e$ listade, per 1 000.",
                r"1000 \cdot \frac{F^{-1}_{\mathrm{Po}(r_0 e)}(\alpha/2)}{e}, \quad 1000 \cdot \frac{F^{-1}_{\mathrm{Po}(r_0 e)}(1-\alpha/2)}{e}",
                "analysis.indicators.funnel:poisson_limits",
            ),
            (
                "Överspridning (Spiegelhalter)",
                "$z$-värdena winsoriseras (10 %); $\\varphi$ jämför spridningen med slumpens och $\\tau^2$ är "
                "den tillagda variansen mellan hälsocentraler.",
                r"\varphi = \frac{1}{k}\sum_c z_c^2, \qquad \tau^2 = \frac{k\varphi - (k-1)}{\sum_c w_c - \sum_c w_c^2 / \sum_c w_c}, \quad w_c = 1/s_c^2",
                "analysis.indicators.funnel:overdispersion",
            ),
            (
                "Överspridningsjusterade gränser",
                "De justerade 99,8-procentsgränserna vidgas med $\\tau^2$.",
                r"\theta_0 \pm z_{0{,}999}\sqrt{s^2(n) + \tau^2}",
                "analysis.indicators.funnel:_adjust",
            ),
            (
                "Trend: kvasibinomial GLM",
                "Andelen per år med logit-länk och år (centrerat) som förklaring; överspridning skattas. "
                r"Oddskvoten per år är $e^{\beta_1}$.",
                r"\operatorname{logit} p_t = \beta_0 + \beta_1 (t - \bar t), \qquad \mathrm{Var}(y_t) = \phi\, p_t(1-p_t)/m_t",
                "analysis.indicators.trend:glm_trend",
            ),
            (
                "Små tal döljs",
                "Ett värde som bygger på färre än $m$ observationer visas inte (–) och antalet visas som "
                r"$<m$; raden står kvar.",
                r"\text{visa } x_c \iff n_c \ge m",
                "analysis.indicators.suppression:suppress_small",
            ),
        ),
    ),
)


def method_sections() -> list[str]:
    """Markdown lines for the appendix: formula, explanation and the code that computes it."""
    lines: list[str] = []
    for part, entries in SECTIONS:
        lines += [f"## {part}", ""]
        for heading, text, formula, target in entries:
            code, where = source_of(target)
            lines += [
                f"### {heading}",
                "",
                text,
                "",
                "$$",
                formula,
                "$$",
                "",
                f"Implementeras av `{where}`:",
                "",
                "```python",
                code.rstrip(),
                "```",
                "",
            ]
    return lines


def source_of(target: str) -> tuple[str, str]:
    """The source code of `module:qualname` and its dotted name."""
    module_name, qualname = target.split(":")
    try:
        obj = importlib.import_module(module_name)
        for part in qualname.split("."):
            obj = getattr(obj, part)
        return inspect.getsource(obj), f"{module_name}.{qualname}"
    except (ImportError, AttributeError, OSError, TypeError) as err:
        raise RuntimeError(f"bilagan Metod: hittar inte {target} ({err})") from err
