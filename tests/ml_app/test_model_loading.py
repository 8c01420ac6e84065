"""Loading the model artifact (ml_app/model.py, artifact.py): the model's features and classes mapped
onto the API's fields, and a model that cannot be trusted refused at start-up with one clear reason
(missing, tampered or replaced file, checked before anything is unpickled; another scikit-learn; a
feature no field matches; an unknown format), and which predict_proba serves it."""
import inspect
import math
import shutil
import warnings

import joblib
import pytest
from sklearn.datasets import load_iris
from sklearn.svm import SVC

import contract
from ml_app import create_app
from ml_app.config import Settings
from ml_app.model import ModelError, load_model
from ml_support import CANONICAL, KAGGLE, SETOSA, VIRGINICA, AppClient, ExplodingClassifier, iris_model, post


def test_kaggle_style_dataframe_model_is_served_through_the_same_fields(tmp_path):
    client = AppClient(create_app(iris_model(tmp_path, columns=KAGGLE, dataframe=True), Settings()))
    with warnings.catch_warnings(record=True) as caught:  # keeps the service's own filters
        response = post(client, VIRGINICA)
    assert response.status_code == 200 and response.json()["prediction"] == "virginica"
    assert not [w for w in caught if "valid feature names" in str(w.message)], [str(w.message) for w in caught]


def test_model_with_two_features_ignores_the_others(tmp_path):
    model_dir = iris_model(tmp_path, use=(3, 2))  # petal_width, petal_length, in that order
    client = AppClient(create_app(model_dir, Settings()))
    assert post(client, VIRGINICA).json()["prediction"] == "virginica"
    # The sepal fields are still validated but do not change the answer.
    a = post(client, {**SETOSA, "sepal_length": 1.0}).json()
    b = post(client, {**SETOSA, "sepal_length": 9.0}).json()
    assert a["probabilities"] == b["probabilities"] and a["prediction"] == "setosa"


def test_string_classes_are_served_by_name(tmp_path):
    client = AppClient(create_app(iris_model(tmp_path, string_classes=True), Settings()))
    body = post(client, SETOSA).json()
    assert body["prediction"] == "Iris-setosa"
    assert set(body["probabilities"]) == {"Iris-setosa", "Iris-versicolor", "Iris-virginica"}


def test_missing_model_is_refused_naming_the_file(tmp_path):
    with pytest.raises(ModelError, match=r"model\.json not found"):
        load_model(tmp_path)


def test_tampered_model_is_refused(tmp_path):
    model_dir = iris_model(tmp_path)
    with (model_dir / "model.joblib").open("ab") as fh:
        fh.write(b"\0")
    with pytest.raises(ModelError, match=r"model\.joblib does not match the sha256"):
        load_model(model_dir)


class _LeavesTrace:
    """A pickle that creates the file `trace` when it is loaded, as a hostile pickle could run anything."""

    def __init__(self, trace):
        self.trace = str(trace)

    def __reduce__(self):
        return open, (self.trace, "w")


def test_sha256_is_checked_before_anything_is_unpickled(tmp_path):
    model_dir = iris_model(tmp_path / "model")  # model.json vouches for the real model's bytes...
    trace = tmp_path / "unpickled"
    joblib.dump(_LeavesTrace(trace), model_dir / "model.joblib")  # ...not for this file's
    with pytest.raises(ModelError, match="Refusing to unpickle"):
        create_app(model_dir)
    with pytest.raises(ModelError, match="Refusing to unpickle"):
        load_model(model_dir)
    assert not trace.exists(), "the model file was unpickled before its sha256 was checked"
    joblib.load(model_dir / "model.joblib").close()  # the trap works: loading it leaves the trace
    assert trace.exists()


def test_replaced_model_file_is_refused(tmp_path):
    model_dir = iris_model(tmp_path / "a")
    other = iris_model(tmp_path / "b", use=(0, 1))
    shutil.copy(other / "model.joblib", model_dir / "model.joblib")
    with pytest.raises(ModelError, match="sha256"):
        load_model(model_dir)


def test_model_from_another_sklearn_version_is_refused(tmp_path):
    model_dir = iris_model(tmp_path, sklearn_version="0.24.2")
    with pytest.raises(ModelError, match=r"scikit-learn 0\.24\.2 but this service runs"):
        load_model(model_dir)


def test_feature_with_no_matching_field_is_refused(tmp_path):
    model_dir = iris_model(tmp_path, feature_names=["sepal_length", "sepal_width", "petal_length", "stem_length"])
    with pytest.raises(ModelError, match="'stem_length' matches none of the API fields"):
        load_model(model_dir)


def test_feature_count_disagreeing_with_the_model_is_refused(tmp_path):
    model_dir = iris_model(tmp_path, use=(2, 3), feature_names=["petal_length"])
    with pytest.raises(ModelError, match="failed on a sample row"):
        load_model(model_dir)


@pytest.mark.parametrize("estimator, says", [
    ("svc", "failed on a sample row"),  # no predict_proba: its predict gives a 0/1 row per flower
    ("mlp", "summing to"),  # predict_proba of independent labels, not one class per flower
])
def test_a_model_fitted_on_a_label_matrix_is_refused(tmp_path, estimator, says):
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.neural_network import MLPClassifier
    from sklearn.preprocessing import LabelBinarizer

    from ml_support import IRIS_NAMES, write_artifact

    iris = load_iris()
    labels = LabelBinarizer().fit_transform(iris.target)
    model = {"svc": lambda: OneVsRestClassifier(SVC()),
             "mlp": lambda: MLPClassifier(hidden_layer_sizes=(8,), max_iter=300, random_state=0)}[estimator]()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(iris.data, labels)
    model_dir = write_artifact(tmp_path, model, list(CANONICAL), list(IRIS_NAMES))
    with pytest.raises(ModelError, match=says):
        load_model(model_dir)


def test_unknown_format_version_is_refused(tmp_path):
    unknown = max(contract.READABLE_FORMATS) + 1
    with pytest.raises(ModelError, match=f"format_version {unknown}"):
        load_model(iris_model(tmp_path, format_version=unknown))


def test_project_model_serves_the_contract_example(project_model_dir):
    client = AppClient(create_app(project_model_dir, Settings()))
    body = post(client, SETOSA).json()
    assert body["prediction"] == "setosa" and body["probability"] > 0.5
    assert math.isclose(sum(body["probabilities"].values()), 1.0, abs_tol=1e-9)


def test_supported_model_is_served_by_the_numpy_fast_path(model_dir):
    model = load_model(model_dir)
    assert not inspect.ismethod(model.predict_proba)  # a compiled closure, not estimator.predict_proba


def test_unsupported_estimator_falls_back_to_predict_proba(tmp_path):
    model = load_model(iris_model(tmp_path, cls=ExplodingClassifier))
    assert inspect.ismethod(model.predict_proba)
