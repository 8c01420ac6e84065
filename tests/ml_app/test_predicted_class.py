"""The served class is the one the model's predict picks, also where that is not the most probable
class of its predict_proba (SVC(probability=True): Platt scaling fitted apart from the decision
function), one row and batch; the probabilities stay predict_proba's."""
import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC, NuSVC

from ml_app import create_app
from ml_app.predicted_class import is_argmax
from ml_support import CANONICAL, IRIS_NAMES, AppClient, write_artifact

IRIS = load_iris()


@pytest.fixture(scope="module")
def svc():
    return SVC(probability=True, random_state=0).fit(IRIS.data, IRIS.target)


@pytest.fixture(scope="module")
def disagreeing(svc):
    """Iris rows where the most probable class is not predict's: the case this is about."""
    rows = IRIS.data[svc.predict_proba(IRIS.data).argmax(axis=1) != svc.predict(IRIS.data)]
    assert len(rows), "this SVC's Platt scaling agrees with predict everywhere: pick another random_state"
    return rows


@pytest.fixture(scope="module")
def client(svc, tmp_path_factory):
    folder = write_artifact(tmp_path_factory.mktemp("svc"), svc, CANONICAL, IRIS_NAMES, training_rows=IRIS.data)
    return AppClient(create_app(folder))


def test_one_row_answers_predicts_class_with_predict_probas_probabilities(client, svc, disagreeing):
    for row in disagreeing:
        answer = client.post("/prediction", json=dict(zip(CANONICAL, row.tolist()))).json()
        proba = svc.predict_proba([row])[0]
        assert answer["prediction"] == IRIS_NAMES[svc.predict([row])[0]] != IRIS_NAMES[proba.argmax()]
        assert answer["probabilities"] == pytest.approx(dict(zip(IRIS_NAMES, proba)))
        assert answer["probability"] == pytest.approx(proba[svc.predict([row])[0]])


def test_batch_answers_predicts_class_for_every_row(client, svc, disagreeing):
    instances = [dict(zip(CANONICAL, row)) for row in IRIS.data.tolist()]
    answers = client.post("/prediction", json={"instances": instances}).json()["predictions"]
    assert [a["prediction"] for a in answers] == [IRIS_NAMES[c] for c in svc.predict(IRIS.data)]
    assert np.allclose([[a["probabilities"][n] for n in IRIS_NAMES] for a in answers], svc.predict_proba(IRIS.data))


def test_v2_infer_answers_predicts_class(client, svc, disagreeing):
    body = {"inputs": [{"name": "input-0", "shape": list(disagreeing.shape), "datatype": "FP64",
                        "data": disagreeing.reshape(-1).tolist()}]}
    outputs = client.post("/v2/models/iris/infer", json=body).json()["outputs"]
    labels = next(o for o in outputs if o["datatype"] == "BYTES")["data"]
    assert labels == [IRIS_NAMES[c] for c in svc.predict(disagreeing)]


@pytest.mark.parametrize("estimator, argmax", [
    (LogisticRegression(max_iter=1000), True),
    (make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)), True),
    (SVC(probability=True, random_state=0), False),
    (NuSVC(probability=True, random_state=0), False),
    (GridSearchCV(make_pipeline(StandardScaler(), SVC(probability=True, random_state=0)),
                  {"svc__C": [1.0, 10.0]}, cv=3), False),
])
def test_only_classifiers_known_to_predict_the_argmax_answer_it(estimator, argmax):
    assert is_argmax(estimator.fit(IRIS.data, IRIS.target)) is argmax
