"""Small notebooks on offline tabular data (palmerpenguins, scikit-learn's bundled sets, a frame
built here), each run with the training recorder installed and exported as the generated script
does (tests/model_export/recorded.py); `exported` returns model.json, `refused` the build's error."""
import json
import pathlib
import subprocess
import sys
import textwrap

from recorded import PRELUDE, ROOT

EXPORT = """
from model_export import run_export
meta = run_export(dict(globals()), recording=recorder.stop(), model_dir="model", source={source!r})
print("SUMMARY " + json.dumps(meta))
"""

PENGUINS = """
import pandas as pd
from palmerpenguins import load_penguins
from sklearn.model_selection import train_test_split
penguins = load_penguins().dropna()
"""

INSURANCE = """
import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
rng = np.random.default_rng(0)
n = 600
df = pd.DataFrame({
    "age": rng.integers(18, 65, n), "sex": rng.choice(["female", "male"], n),
    "bmi": np.round(rng.normal(30, 6, n), 2), "children": rng.integers(0, 5, n),
    "smoker": rng.choice(["yes", "no"], n, p=[0.2, 0.8]),
    "region": rng.choice(["northeast", "northwest", "southeast", "southwest"], n)})
df["charges"] = (250 * df.age + 300 * (df.bmi - 25) + 20000 * (df.smoker == "yes") + 500 * df.children
                 + 800 * (df.region == "southeast") + rng.normal(0, 2000, n))
"""


def _run(folder, parts, source):
    """Run the notebook's code; cells marked `# In[n]:` as nbconvert writes them are numbered for the recorder."""
    script = pathlib.Path(folder) / "notebook.py"
    code = "".join(textwrap.dedent(part) for part in parts)
    cells = [int(line[5:-2]) for line in code.splitlines() if line.startswith("# In[") and line.endswith("]:")]
    prelude = PRELUDE.replace("recorder.install()", f"recorder.install(cells={cells!r})") if cells else PRELUDE
    script.write_text(prelude + code + EXPORT.format(source=source), encoding="utf-8")
    return subprocess.run([sys.executable, str(script)], cwd=folder, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=180)


def exported(folder, *parts, source="notebook.ipynb"):
    """model.json of the export of the notebook made of `parts` (the run must succeed), with the
    build's output as `_out`."""
    done = _run(folder, parts, source)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    line = next(line for line in done.stdout.splitlines() if line.startswith("SUMMARY "))
    return {**json.loads(line[len("SUMMARY "):]), "_out": done.stdout}


def refused(folder, *parts, source="notebook.ipynb"):
    """The one-line error the export stopped with (the run must fail, writing no model)."""
    done = _run(folder, parts, source)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stdout[-2000:] + done.stderr[-2000:]
    assert not (pathlib.Path(folder) / "model").exists() or not any((pathlib.Path(folder) / "model").iterdir())
    return done.stderr.strip().splitlines()[-1]


def served(folder, meta, rows):
    """What the saved model answers for raw rows, encoded as the service encodes them."""
    import joblib

    from model_export.inputs import encode
    model = joblib.load(pathlib.Path(folder) / "model" / "model.joblib")
    fills = {spec["name"]: spec["fill"] for spec in meta.get("inputs", []) if spec.get("fill")}
    return list(model.predict(encode(meta["encoding"], rows, fills)))
