"""The chapter's plotting helpers return figures and the template follows the conventions."""

import json
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from toy import toy_inputs

from analysis.chapters.ersattningsmodell import presentation as pres
from analysis.chapters.ersattningsmodell.comparison import published_weight_points
from analysis.figures import model as figs
from analysis.figures import style
from analysis.model import compute_model

TEMPLATE = Path(__file__).resolve().parents[1] / "notebooks" / "01-ersattningsmodell-2020.ipynb"


@pytest.fixture(scope="module")
def run():
    style.apply()
    inputs = toy_inputs()
    return inputs, compute_model(inputs)


def test_every_figure_builds(run):
    inputs, result = run
    pc = result.per_centre
    made = [
        figs.weight_curves(pres.weights_frame(result), published_weight_points()),
        figs.cni_by_centre(pc, pres.region_mean_cni(result), pres.cni_point_kr(result)),
        figs.cni_contributions_chart(pres.cni_contributions_by_centre(inputs, result)),
        figs.sparsity_share_chart(pc),
        figs.compensation_chart(pc),
        figs.components_per_listed_chart(pc),
        figs.costs_per_listed_chart(pc),
    ]
    for fig in made:
        assert isinstance(fig, plt.Figure)
        assert any(ax.get_title(loc="left") or ax.get_title() for ax in fig.axes)  # a title
        plt.close(fig)


def test_shown_tables_fit_a_page(run):
    inputs, result = run
    for table in (
        pres.cni_table(result),
        pres.costs_table(result),
        pres.compensation_table(result),
        pres.ownership_summary(result),
        pres.cni_weights_table(result),
    ):
        assert table.shape[1] <= 7
    assert pres.compensation_table(result).iloc[-1]["Hälsocentral"] == "Summa"
    total = pres.compensation_table(result).iloc[-1]["Totalt"]
    assert total == pytest.approx(result.totals["ersattning_total"])


def test_swedish_sort_order():
    import pandas as pd

    names = pd.Series(["Östersund", "Åre", "Änge", "Zätagränd", "Bräcke"])
    ordered = names.iloc[pres.swedish_sort_key(names).argsort()].tolist()
    assert ordered == ["Bräcke", "Zätagränd", "Åre", "Änge", "Östersund"]


def test_template_conventions():
    nb = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    cells = nb["cells"]
    source = lambda c: "".join(c["source"]) if isinstance(c["source"], list) else c["source"]  # noqa: E731
    assert cells[0]["cell_type"] == "markdown" and source(cells[0]).startswith("# ")
    # the title carries the dataset's year: only the glued chapter title (analysis.vintage)
    title = source(cells[0])
    assert "{glue" not in title or (title.count("{glue") == 1 and "`kapitelrubrik`" in title)
    assert set(cells[1]["metadata"]["tags"]) == {"parameters", "remove-cell"}
    for cell in cells:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None
            tags = set(cell["metadata"].get("tags", []))
            assert tags & {"remove-cell", "remove-input"}, source(cell)[:60]
