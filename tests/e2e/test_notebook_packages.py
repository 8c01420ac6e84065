"""A notebook that imports an estimator library the environment lacks (issue 18, item 4): the build
installs it pinned, model.json records it, ml_app checks it at start.

A real pip install from the package index into a throwaway environment layered over the project's
virtualenv (a venv whose one .pth file adds .venv's site-packages), so the project's own environment
is never changed and imbalanced-learn is really absent from it.
"""
import importlib.util
import json
import pathlib
import subprocess
import sys
import sysconfig

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from ml_app.model import ModelError, load_model  # noqa: E402

NOTEBOOK = [
    "import pandas as pd\nfrom sklearn.datasets import load_iris\nfrom sklearn.model_selection import train_test_split\n"
    "from imblearn.ensemble import BalancedRandomForestClassifier",
    "iris = load_iris(as_frame=True)\nX, y = iris.data, iris.target\n"
    "X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0, stratify=y)",
    "model = BalancedRandomForestClassifier(n_estimators=50, random_state=0)\nmodel.fit(X_train, y_train)\n"
    "print(model.score(X_test, y_test))",
]


def _run(python, *args, cwd, env=None):
    done = subprocess.run([str(python), *args], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "MPLBACKEND": "Agg", **(env or {})})
    return done


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(overlay python, model folder, what conversion.packages printed) after a real build."""
    assert importlib.util.find_spec("imblearn") is None, "imbalanced-learn must be absent from the project's venv"
    folder = tmp_path_factory.mktemp("packages")
    overlay = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(overlay)], check=True)
    site = pathlib.Path(sysconfig.get_path("purelib", vars={"base": str(overlay)}))
    (site / "project.pth").write_text(sysconfig.get_path("purelib") + "\n")
    python = overlay / "bin" / "python"
    notebook = folder / "balanced.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in NOTEBOOK]), notebook)
    installed = _run(python, "-m", "conversion.packages", str(notebook), cwd=folder)
    assert installed.returncode == 0, installed.stderr
    converted = _run(sys.executable, str(ROOT / "convert.py"), str(notebook), "-o", str(folder / "script.py"), cwd=folder)
    assert converted.returncode == 0, converted.stderr
    trained = _run(python, str(folder / "script.py"), cwd=folder, env={"MODEL_DIR": str(folder / "model")})
    assert trained.returncode == 0, trained.stderr
    return python, folder / "model", installed.stdout


def test_the_build_installs_the_library_the_notebook_imports_at_its_pin(built):
    _, _, said = built
    assert "cell 1 imports imblearn; installing imbalanced-learn==0.14.2" in said


def test_model_json_records_the_package_and_its_version(built):
    _, model, _ = built
    assert json.loads((model / "model.json").read_text())["packages"] == {"imbalanced-learn": "0.14.2"}


def test_ml_app_serves_it_where_the_package_is_installed(built):
    python, model, _ = built
    done = _run(python, "-c", "import sys; from ml_app.model import load_model; "
                "print(load_model(sys.argv[1]).meta['estimator'])", str(model), cwd=model)
    assert done.stdout.strip() == "BalancedRandomForestClassifier", done.stderr


def test_ml_app_refuses_to_start_without_it_saying_what_to_install(built):
    _, model, _ = built
    with pytest.raises(ModelError, match=r"needs imbalanced-learn 0\.14\.2 \(installed: none\).*pip install imbalanced-learn==0\.14\.2"):
        load_model(model)


def test_serve_ml_installs_what_model_json_names(built, tmp_path):
    python, model, _ = built
    meta = json.loads((model / "model.json").read_text())
    meta["packages"] = {"imbalanced-learn": "0.0.0"}  # a version that does not exist: pip must fail, named
    (tmp_path / "model.json").write_text(json.dumps(meta))
    done = _run(python, "-m", "conversion.packages", "--model", str(tmp_path / "model.json"), cwd=tmp_path)
    assert done.returncode == 1
    assert "the model needs imbalanced-learn==0.0.0 and installing failed" in done.stderr
