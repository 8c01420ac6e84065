"""model_export/scoring.py: accuracy or R², one cross-validation, the trivial baseline, and the gate
that reads them (checks.quality_gate)."""
import numpy as np
import pytest
from sklearn.datasets import load_diabetes, load_iris
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier

from model_export import ExportError
from model_export.checks import MIN_SKILL, quality_gate
from model_export.scoring import (CLASSIFICATION, REGRESSION, baseline, cross_validated, metric, score, skill,
                                  task_of)
from export_support import export


def test_the_task_is_read_from_the_model():
    assert task_of(DecisionTreeClassifier()) == CLASSIFICATION and task_of(LinearRegression()) == REGRESSION
    from sklearn.cluster import KMeans
    assert task_of(KMeans()) is None


def test_metric_is_accuracy_for_classes_and_r2_for_numbers():
    assert metric(["a", "b", "b", "a"], ["a", "b", "a", "a"], CLASSIFICATION) == 0.75
    assert metric([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], REGRESSION) == 1.0
    assert metric([2.0, 2.0, 2.0], [1.0, 2.0, 3.0], REGRESSION) == 0.0
    assert metric([1, 2], [1, 2, 3], CLASSIFICATION) is None


def test_the_baseline_is_the_training_majority_on_the_held_out_labels_or_the_training_mean():
    assert baseline(["a", "a", "b"], ["b", "b", "a", "b"], CLASSIFICATION) == 0.25
    assert baseline([1.0, 2.0, 3.0], [2.0, 2.0, 2.0, 4.0], REGRESSION) == pytest.approx(
        1 - 4.0 / 3.0)  # predicting 2.0 always: residuals 0, 0, 0, 2 against a spread of 3.0
    assert skill(0.9, 0.5) == pytest.approx(0.8) and skill(0.5, None) is None


def test_one_cross_validation_serves_both_tasks():
    X, y = load_diabetes(return_X_y=True)
    assert 0.3 < cross_validated(LinearRegression(), X, y, REGRESSION) < 0.6
    iris = load_iris()
    assert cross_validated(DecisionTreeClassifier(random_state=0), iris.data, iris.target, CLASSIFICATION) > 0.9
    assert cross_validated(DecisionTreeClassifier(), None, iris.target, CLASSIFICATION) is None


def test_score_is_none_for_rows_a_model_cannot_take():
    iris = load_iris()
    model = DecisionTreeClassifier().fit(iris.data, iris.target)
    assert score(model, iris.data[:, :2], iris.target, CLASSIFICATION) is None


def test_the_gate_refuses_a_model_that_does_not_clearly_beat_the_trivial_one():
    weak = {"accuracy": 0.56, "baseline": 0.55}
    with pytest.raises(ExportError, match=r"does not clearly beat the trivial model \(always the most frequent class: 0\.5500"):
        quality_gate(weak, True, None)
    quality_gate({"accuracy": 0.55 + 0.45 * MIN_SKILL + 0.001, "baseline": 0.55}, True, None)
    quality_gate(weak, True, 0.5, against_baseline=False)  # a floor the user set replaces the rule


def test_a_regressor_is_gated_on_r2_with_min_r2_as_its_floor(monkeypatch):
    with pytest.raises(ExportError, match=r"held-out R² 0\.0500 does not clearly beat the trivial model \(always the training mean"):
        quality_gate({"r2": 0.05, "baseline": -0.01}, True, None, REGRESSION)
    with pytest.raises(ExportError, match=r"held-out R² 0\.4000 is below the required 0\.5000 \(set MIN_R2"):
        quality_gate({"r2": 0.4, "baseline": 0.0}, True, 0.5, REGRESSION)


def test_a_regressor_of_any_data_is_exported_with_its_r2_and_the_mean_as_baseline(tmp_path, monkeypatch):
    data = load_diabetes(as_frame=True)
    X_train, X_test, y_train, y_test = train_test_split(data.data, data.target, random_state=0)
    model = LinearRegression().fit(X_train, y_train)
    namespace = {"X_train": X_train, "X_test": X_test, "y_train": y_train, "y_test": y_test, "model": model}
    meta = export(namespace, tmp_path, source="diabetes.ipynb")
    assert meta["metrics"]["r2"] == pytest.approx(model.score(X_test, y_test))
    assert meta["metrics"]["baseline"] == pytest.approx(metric(np.full(len(y_test), y_train.mean()), y_test, REGRESSION))
    assert (meta["task"], meta["classes"], meta["target"]["name"]) == ("regression", [], "target")
    monkeypatch.setenv("MIN_R2", "0.9")
    with pytest.raises(ExportError, match="below the required 0.9000"):
        export(namespace, tmp_path / "again")


def test_a_majority_class_model_on_other_data_is_refused_by_default(tmp_path):
    from sklearn.datasets import load_breast_cancer
    data = load_breast_cancer(as_frame=True)
    X_train, X_test, y_train, y_test = train_test_split(data.data, data.target, random_state=0)
    namespace = {"X_train": X_train, "X_test": X_test, "y_train": y_train, "y_test": y_test,
                 "model": DummyClassifier().fit(X_train, y_train), "data": data}
    with pytest.raises(ExportError, match="does not clearly beat the trivial model"):
        export(namespace, tmp_path)
