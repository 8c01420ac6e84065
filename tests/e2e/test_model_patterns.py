"""Notebooks written the way people write them: converted, run headless, and served by ml_app."""
import json
import os
import pathlib
import sys

import pytest

from ml_support import KAGGLE as KAGGLE_COLUMNS

NOTEBOOKS = pathlib.Path(__file__).resolve().parents[1] / "notebooks"


SERVED_PATTERNS = {  # notebook: (exported estimator, feature names, the class a setosa flower gets)
    "models_inline_map": ("LogisticRegression", KAGGLE_COLUMNS, "Iris-setosa"),
    "models_column_transformer": ("SVC", ["sepal_length", "sepal_width", "petal_length", "petal_width"], "setosa"),
    "models_compare_loop": ("KNeighborsClassifier", ["sepal length (cm)", "sepal width (cm)", "petal length (cm)",
                                                     "petal width (cm)"], "setosa"),
    "models_full_data": ("RandomForestClassifier", ["sepal length (cm)", "sepal width (cm)", "petal length (cm)",
                                                              "petal width (cm)"], "setosa"),
    "models_renamed": ("GradientBoostingClassifier", ["petal_length", "petal_width", "sepal_length", "sepal_width"],
                       "Iris-setosa"),
    "models_scaled_in_place": ("SVC", KAGGLE_COLUMNS, "Iris-setosa"),
}


def convert_and_run_notebook(name, folder):
    """Convert tests/notebooks/<name>.ipynb next to a Kaggle Iris.csv, run it headless there."""
    import shutil
    import subprocess
    sys.path.insert(0, str(NOTEBOOKS))
    import iris_files
    iris_files.write_kaggle_csv(folder)
    shutil.copy(NOTEBOOKS / f"{name}.ipynb", folder)
    root = pathlib.Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, str(root / "convert.py"), f"{name}.ipynb", "-o", "out.py"],
                   cwd=folder, check=True, capture_output=True)
    env = {k: v for k, v in os.environ.items() if k != "MIN_ACCURACY"}
    env.update(MPLBACKEND="Agg", MODEL_DIR=str(folder / "model"))
    return subprocess.run([sys.executable, "out.py"], cwd=folder, env=env, capture_output=True, text=True)


@pytest.mark.parametrize("name", sorted(SERVED_PATTERNS))
def test_model_pattern_notebook_exports_a_model_the_service_serves(name, tmp_path):
    from ml_app import create_app
    from ml_app.config import Settings
    run = convert_and_run_notebook(name, tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    estimator, features, setosa = SERVED_PATTERNS[name]
    meta = json.loads((tmp_path / "model" / "model.json").read_text())
    assert (meta["estimator"], meta["feature_names"]) == (estimator, features)
    assert max(meta["metrics"].get(key, 0.0) for key in ("accuracy", "cv_accuracy")) >= 0.9  # the gate had a number
    from ml_support import AppClient
    client = AppClient(create_app(tmp_path / "model", Settings()))
    flower = {"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}
    answer = client.post("/prediction", json=flower)
    assert answer.status_code == 200, answer.json()
    assert answer.json()["prediction"] == setosa


def test_a_derived_feature_fails_the_build_with_what_to_do_and_writes_no_model(tmp_path):
    run = convert_and_run_notebook("models_derived_ratio", tmp_path)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "export: error: the model's feature(s) 'petal_ratio' match none of the service's fields" in run.stderr
    assert "drop extra or derived columns" in run.stderr
    assert not (tmp_path / "model" / "model.json").exists()
