"""The house style keeps seaborn's theme without importing seaborn."""

from __future__ import annotations

import json
import subprocess
import sys

RC_AFTER = "import json, matplotlib as mpl\nprint(json.dumps({k: str(v) for k, v in mpl.rcParams.items()}))"


def _rc(setup: str) -> dict:
    done = subprocess.run([sys.executable, "-c", setup + "\n" + RC_AFTER], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_house_theme_equals_seaborns_whitegrid_theme():
    ours = _rc("import matplotlib.pyplot as plt\nfrom analysis.figures.style import SEABORN_WHITEGRID\n"
               "plt.rcParams.update(SEABORN_WHITEGRID)")
    seaborns = _rc("import matplotlib\nmatplotlib.use('Agg')\nimport seaborn as sns\n"
                   "sns.set_theme(context='notebook', style='whitegrid', font='DejaVu Sans')")
    differ = {k for k in ours.keys() | seaborns.keys() if ours.get(k) != seaborns.get(k)}
    assert differ == {"image.cmap"}  # seaborn's own colour map; every figure names its colours


def test_the_house_style_does_not_import_seaborn_or_scipy():
    done = subprocess.run([sys.executable, "-c", "import sys\nfrom analysis.figures import style\nstyle.apply()\n"
                           "print(sorted(m for m in ('seaborn', 'scipy') if m in sys.modules))"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
