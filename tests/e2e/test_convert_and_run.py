"""Notebooks converted, run headless from their own folder and exported: the model they serve.

The only subprocesses of the converter's tests: each run copies a notebook into tmp_path, converts
it with convert.py, runs the script there with MPLBACKEND=Agg, and reads the artifact it wrote.
"""
import hashlib
import json
import os
import pathlib
import shutil
import subprocess
import sys

import joblib
import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "tests" / "notebooks"
sys.path.insert(0, str(NOTEBOOKS))
import iris_files  # noqa: E402


def notebook_file(tmp_path, *cells):
    path = tmp_path / "nb.ipynb"
    nbformat.write(new_notebook(cells=list(cells)), path)
    return path


def convert_and_run(notebook, folder, *convert_args, env=None):
    """Copy a notebook into `folder`, convert it, run it there with MPLBACKEND=Agg; returns the run."""
    shutil.copy(notebook, folder / notebook.name)
    script = folder / "output_model.py"
    subprocess.run([sys.executable, str(ROOT / "convert.py"), notebook.name, "-o", str(script), *convert_args],
                   cwd=folder, check=True, capture_output=True)
    run_env = {key: value for key, value in os.environ.items() if key != "MIN_ACCURACY"}
    run_env.update({"MPLBACKEND": "Agg", "MODEL_DIR": str(folder / "model"), **(env or {})})
    return subprocess.run([sys.executable, str(script)], cwd=folder, env=run_env, capture_output=True, text=True)


FIXTURE_EXPECTATIONS = {
    "kaggle_csv": (["SepalLengthCm", "SepalWidthCm", "PetalLengthCm", "PetalWidthCm"],
                   ["Iris-setosa", "Iris-versicolor", "Iris-virginica"], "KNeighborsClassifier"),
    "kaggle_classic": (["SepalLengthCm", "SepalWidthCm", "PetalLengthCm", "PetalWidthCm"],
                       ["Iris-setosa", "Iris-versicolor", "Iris-virginica"], "KNeighborsClassifier"),
    "mlm_tutorial": (["sepal-length", "sepal-width", "petal-length", "petal-width"],
                     ["Iris-setosa", "Iris-versicolor", "Iris-virginica"], "SVC"),
    "uci_no_header": (["sepal_length", "sepal_width", "petal_length", "petal_width"],
                      ["Iris-setosa", "Iris-versicolor", "Iris-virginica"], "RandomForestClassifier"),
    "colab_export": (["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"],
                     ["setosa", "versicolor", "virginica"], "DecisionTreeClassifier"),
    "seaborn_heavy": (["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"],
                      ["setosa", "versicolor", "virginica"], "SVC"),
    "gridsearch_tree": (["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"],
                        ["setosa", "versicolor", "virginica"], "DecisionTreeClassifier"),
    "kaggle_scaled": (["SepalLengthCm", "SepalWidthCm", "PetalLengthCm", "PetalWidthCm"],
                      ["Iris-setosa", "Iris-versicolor", "Iris-virginica"], "KNeighborsClassifier"),
    "petal_only": (["petal length (cm)", "petal width (cm)"], ["setosa", "versicolor", "virginica"],
                   "LogisticRegression"),
    "wild_syntax": (["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"],
                    ["setosa", "versicolor", "virginica"], "SVC"),
    # !cp of the data, `_` and Out[3], knn beside knn_best, a hand-typed flower read with input()
    "scratch_session": (["SepalLengthCm", "SepalWidthCm", "PetalLengthCm", "PetalWidthCm"],
                        ["Iris-setosa", "Iris-versicolor", "Iris-virginica"], "KNeighborsClassifier"),
}


@pytest.mark.parametrize("name", sorted(FIXTURE_EXPECTATIONS))
def test_fixture_notebook_runs_headless_and_exports_its_model(name, tmp_path):
    iris_files.write_kaggle_csv(tmp_path)
    iris_files.write_uci_data(tmp_path)
    run = convert_and_run(NOTEBOOKS / f"{name}.ipynb", tmp_path)
    assert run.returncode == 0, run.stderr
    meta = json.loads((tmp_path / "model" / "model.json").read_text())
    assert (meta["feature_names"], meta["class_names"], meta["estimator"]) == FIXTURE_EXPECTATIONS[name]
    assert meta["sha256"] == hashlib.sha256((tmp_path / "model" / "model.joblib").read_bytes()).hexdigest()
    assert meta["metrics"]["accuracy"] >= 0.9


def test_notebook_names_that_shadow_builtins_do_not_break_the_export(tmp_path):
    # the export code runs in the notebook's globals; numpy's star import rebinds all/any/sum/min/max
    notebook = notebook_file(tmp_path, new_code_cell(
        "from numpy import *\nfrom sklearn.datasets import load_iris\nfrom sklearn.tree import DecisionTreeClassifier\n"
        "from sklearn.model_selection import train_test_split\niris = load_iris(as_frame=True)\n"
        "list = [1, 2]; dict = {'a': 1}; id = 7; str = 'x'; sorted = None\n"
        "X_train, X_test, y_train, y_test = train_test_split(iris.data, iris.target, random_state=0)\n"
        "model = DecisionTreeClassifier(random_state=0).fit(X_train, y_train)"))
    folder = tmp_path / "run"
    folder.mkdir()
    run = convert_and_run(notebook, folder)
    assert run.returncode == 0, run.stderr
    assert json.loads((folder / "model" / "model.json").read_text())["class_names"] == ["setosa", "versicolor", "virginica"]


def test_scaler_fitted_by_hand_is_exported_with_the_model_and_serves_raw_centimetres(tmp_path):
    iris_files.write_kaggle_csv(tmp_path)
    run = convert_and_run(NOTEBOOKS / "kaggle_scaled.ipynb", tmp_path)
    assert run.returncode == 0, run.stderr
    assert "`knn` was trained on sc's output; exporting sc + knn as one pipeline" in run.stdout
    assert "evidence: knn.fit in cell 5 line 2 on rows made by sc.fit_transform (cell 4 line 2)" in run.stdout
    meta = json.loads((tmp_path / "model" / "model.json").read_text())
    assert meta["model_type"] == "sklearn.pipeline.Pipeline"
    served = joblib.load(tmp_path / "model" / "model.joblib")
    raw = pd.read_csv(tmp_path / "Iris.csv")
    accuracy = (served.predict(raw[meta["feature_names"]]) == raw["Species"]).mean()
    assert accuracy >= 0.9  # a bare KNN fed centimetres would not get here on standardised neighbours


def test_project_notebook_model_is_valid_and_matches_its_checksum(project_model_dir):
    meta = json.loads((project_model_dir / "model.json").read_text())
    assert meta["sha256"] == hashlib.sha256((project_model_dir / "model.joblib").read_bytes()).hexdigest()
    assert (meta["source"], meta["estimator"], meta["classes"]) == ("iris.ipynb", "LogisticRegression", [0, 1, 2])
    assert meta["class_names"] == ["setosa", "versicolor", "virginica"]
    assert meta["feature_names"] == ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]
    assert meta["metrics"]["accuracy"] >= 0.9


def test_quality_gate_at_run_time_fails_the_script_and_keeps_the_previous_model(tmp_path):
    first = convert_and_run(ROOT / "notebook" / "iris.ipynb", tmp_path)
    assert first.returncode == 0, first.stderr
    before = {p.name: p.read_bytes() for p in (tmp_path / "model").iterdir()}
    gated = convert_and_run(ROOT / "notebook" / "iris.ipynb", tmp_path, env={"MIN_ACCURACY": "0.999"})
    assert gated.returncode == 1
    assert "export: error: held-out accuracy" in gated.stderr and "Traceback" not in gated.stderr
    assert {p.name: p.read_bytes() for p in (tmp_path / "model").iterdir()} == before


def test_model_var_and_min_accuracy_are_baked_in_at_convert_time(tmp_path):
    run = convert_and_run(NOTEBOOKS / "seaborn_heavy.ipynb", tmp_path, "--model-var", "pipe", "--min-accuracy", "1.0")
    assert run.returncode == 1
    assert "exporting `pipe`" in run.stdout and "below the required 1.0000" in run.stderr
