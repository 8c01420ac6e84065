"""model_export/describe.py: model.json's content follows docs/model-artifact.md."""
import hashlib
import json

from export_support import export, iris_namespace


SPEC_KEYS = {
    "format_version", "model_file", "sha256", "model_type", "estimator", "params", "feature_names",
    "classes", "class_names", "metrics", "sklearn_version", "python_version", "trained_at", "source",
}


def test_model_json_follows_the_spec_and_its_sha256_matches_the_file(tmp_path):
    export(iris_namespace(), tmp_path, source="iris.ipynb")
    meta = json.loads((tmp_path / "model.json").read_text())
    assert set(meta) == SPEC_KEYS
    assert meta["sha256"] == hashlib.sha256((tmp_path / "model.joblib").read_bytes()).hexdigest()
    assert (meta["format_version"], meta["model_file"], meta["source"]) == (1, "model.joblib", "iris.ipynb")
    assert (meta["model_type"], meta["estimator"]) == ("sklearn.pipeline.Pipeline", "LogisticRegression")
    assert meta["params"]["steps"][1] == ["logisticregression", "LogisticRegression(max_iter=500)"]
