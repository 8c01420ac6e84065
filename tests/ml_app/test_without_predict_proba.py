"""Classifiers without predict_proba (LinearSVC, SVC, RidgeClassifier) are served with the one-hot of
their prediction as probabilities, said so at start-up and in /model; SVC(probability=True) keeps
its own predict_proba."""
import json

import joblib
import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.linear_model import RidgeClassifier
from sklearn.svm import SVC, LinearSVC

from ml_app import create_app
from ml_app.config import Settings
from ml_app.model import load_model
from ml_support import CANONICAL, VIRGINICA, AppClient, iris_model, post


WITHOUT_PROBA = {"linear-svc": LinearSVC, "svc": SVC, "ridge": RidgeClassifier}


@pytest.fixture(scope="module", params=WITHOUT_PROBA, ids=list(WITHOUT_PROBA))
def hard_model_dir(request, tmp_path_factory):
    """An artifact of a classifier with predict but no predict_proba (string classes for the
    LinearSVC, so the mapping through classes_ to class_names is exercised by name too)."""
    folder = tmp_path_factory.mktemp(request.param)
    return iris_model(folder, cls=WITHOUT_PROBA[request.param], string_classes=request.param == "linear-svc")


@pytest.fixture
def hard_client(hard_model_dir):
    return AppClient(create_app(hard_model_dir, Settings(max_batch_rows=200)))


def expected_names(model_dir, rows) -> list:
    """The class names the pickled estimator itself predicts for `rows` (FIELDS order)."""
    estimator = joblib.load(model_dir / "model.joblib")
    meta = json.loads((model_dir / "model.json").read_text())
    names = dict(zip(meta["classes"], meta["class_names"]))
    return [names[c.item() if hasattr(c, "item") else c] for c in estimator.predict(np.asarray(rows))]


def test_classifier_without_predict_proba_serves_one_hot_of_its_prediction(hard_client, hard_model_dir):
    response = post(hard_client, VIRGINICA)
    body = response.json()
    assert response.status_code == 200
    assert body["prediction"] == expected_names(hard_model_dir, [list(VIRGINICA.values())])[0]
    assert body["probability"] == 1.0 and body["probabilities"][body["prediction"]] == 1.0
    assert sorted(body["probabilities"].values()) == [0.0, 0.0, 1.0]


def test_classifier_without_predict_proba_answers_a_batch_row_by_row(hard_client, hard_model_dir):
    rows = load_iris().data[::3]  # 50 rows of all three species, in FIELDS order
    response = post(hard_client, {"instances": [dict(zip(CANONICAL, map(float, row))) for row in rows]})
    predictions = response.json()["predictions"]
    assert response.status_code == 200
    assert [p["prediction"] for p in predictions] == expected_names(hard_model_dir, rows)
    assert all(sum(p["probabilities"].values()) == 1.0 and p["probability"] == 1.0 for p in predictions)
    assert len({p["prediction"] for p in predictions}) == 3  # every class column is reached


def test_model_route_says_whether_probabilities_are_real(hard_client, client):
    assert hard_client.get("/model").json()["probabilistic"] is False
    assert client.get("/model").json()["probabilistic"] is True


def test_one_hot_probabilities_are_announced_as_a_json_warning(tmp_path, capfd):
    capfd.readouterr()
    load_model(iris_model(tmp_path, cls=LinearSVC))
    create_app(iris_model(tmp_path, cls=LinearSVC), Settings())
    lines = [json.loads(line) for line in capfd.readouterr().err.splitlines() if line.startswith("{")]
    warned = [e for e in lines if e["level"] == "warning" and "one-hot" in e["msg"]]
    assert warned and "LinearSVC has no predict_proba" in warned[0]["msg"]


@pytest.mark.filterwarnings("ignore:The `probability` parameter was deprecated:FutureWarning")
def test_svc_with_probability_true_is_served_by_its_predict_proba(tmp_path):
    model_dir = iris_model(tmp_path, cls=lambda max_iter: SVC(probability=True, random_state=0, max_iter=max_iter))
    model = load_model(model_dir)
    rows = load_iris().data[::10]
    expected = joblib.load(model_dir / "model.joblib").predict_proba(rows)
    assert model.probabilistic
    np.testing.assert_allclose(model.probabilities(rows), expected, rtol=0, atol=1e-12)
    assert not np.isin(expected, (0.0, 1.0)).all()  # real probabilities, not one-hot
