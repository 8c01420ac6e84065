"""model_export/describe.py: model.json's content follows docs/model-artifact.md."""
import hashlib
import json

import pytest
from contract import ARTIFACT_KEYS, REQUIRED_KEYS

from export_support import export, iris_namespace


def test_model_json_follows_the_spec_and_its_sha256_matches_the_file(tmp_path):
    export(iris_namespace(), tmp_path, source="iris.ipynb")
    meta = json.loads((tmp_path / "model.json").read_text())
    # every key but the optional `failed_cells` and `packages` (a model needing a library beyond scikit-learn)
    assert set(REQUIRED_KEYS) <= set(meta) == set(ARTIFACT_KEYS) - {"failed_cells", "packages"}
    assert meta["sha256"] == hashlib.sha256((tmp_path / "model.joblib").read_bytes()).hexdigest()
    assert (meta["format_version"], meta["model_file"], meta["source"]) == (2, "model.joblib", "iris.ipynb")
    assert (meta["model_type"], meta["estimator"]) == ("sklearn.pipeline.Pipeline", "LogisticRegression")
    assert meta["params"]["steps"][1] == ["logisticregression", "LogisticRegression(max_iter=500)"]


def test_model_json_describes_the_training_rows_per_feature(tmp_path):
    namespace = iris_namespace()
    stats = export(namespace, tmp_path)["training_stats"]
    X_train = namespace["X_train"]
    assert list(stats) == list(X_train.columns) and {s["count"] for s in stats.values()} == {len(X_train)}
    petal = stats["petal length (cm)"]
    column = X_train["petal length (cm)"]
    assert (petal["min"], petal["max"]) == (column.min(), column.max())
    assert petal["mean"] == pytest.approx(column.mean()) and petal["std"] == pytest.approx(column.std(ddof=0))


def test_without_training_rows_in_the_notebook_model_json_has_no_training_stats(tmp_path):
    namespace = iris_namespace()
    for name in ("X_train", "X", "iris"):
        namespace.pop(name)
    assert "training_stats" not in export(namespace, tmp_path)  # X_test is not what the model learned from
