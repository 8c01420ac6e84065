"""Warnings for measurements unlike the training data, on /prediction and the V2 route."""
import json
import math

import numpy as np
import pytest
from sklearn.datasets import load_iris

from ml_app import create_app
from ml_app.config import Settings
from ml_app.model import ModelError, load_model
from ml_app.novelty import as_ranges
from ml_support import CANONICAL, SETOSA, VIRGINICA, AppClient, iris_model

FIFTY_CM_PETAL = {**SETOSA, "petal_length": 50.0}
MILLIMETRES = {"sepal_length": 51, "sepal_width": 35, "petal_length": 14, "petal_width": 2}


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    return iris_model(tmp_path_factory.mktemp("model"))


@pytest.fixture
def client(model_dir):
    return AppClient(create_app(model_dir, Settings()))


def predict(client, body):
    response = client.post("/prediction", json=body)
    assert response.status_code == 200
    return response.json()


def test_a_typical_flower_has_no_warnings(client):
    assert "warnings" not in predict(client, SETOSA)
    assert all("warnings" not in p for p in predict(client, {"instances": [SETOSA, VIRGINICA]})["predictions"])


def test_a_50_cm_petal_is_predicted_and_warned_about(client):
    answer = predict(client, FIFTY_CM_PETAL)
    assert answer["prediction"] in {"setosa", "versicolor", "virginica"}  # the prediction stays
    [warning] = answer["warnings"]
    assert warning["code"] == "outside_training_range" and warning["field"] == "petal_length"
    assert warning["value"] == 50.0 and warning["training_range"] == {"min": 1.0, "max": 6.9}
    assert "petal_length is 50 cm" in warning["message"] and "1 to 6.9 cm" in warning["message"]


def test_millimetres_get_a_hint(client):
    codes = [w["code"] for w in predict(client, MILLIMETRES)["warnings"]]
    assert codes[-1] == "looks_like_millimetres" and "outside_training_range" in codes
    assert "looks_like_millimetres" not in [w["code"] for w in predict(client, FIFTY_CM_PETAL)["warnings"]]


def test_a_batch_warns_only_on_the_rows_concerned(client):
    rows = predict(client, {"instances": [SETOSA, FIFTY_CM_PETAL, VIRGINICA]})["predictions"]
    assert ["warnings" in r for r in rows] == [False, True, False]
    assert rows[1]["warnings"][0]["field"] == "petal_length"


def test_just_beyond_the_range_is_quiet_and_far_beyond_warns(client):
    # petal_length trained on 1.0-6.9: width 5.9, so warnings start above 6.9 + 0.3 * 5.9 = 8.67
    assert "warnings" not in predict(client, {**VIRGINICA, "petal_length": 8.6})
    assert predict(client, {**VIRGINICA, "petal_length": 8.8})["warnings"][0]["field"] == "petal_length"


def test_one_flower_is_answered_like_the_same_row_of_a_batch(client):
    # a single flower takes the plain-Python path (ml_app/one_row.py), a batch NumPy's
    flowers = [SETOSA, VIRGINICA, FIFTY_CM_PETAL, MILLIMETRES, {**VIRGINICA, "petal_length": 8.8},
               *(dict(zip(CANONICAL, r)) for r in load_iris().data[::7].tolist())]
    batch = predict(client, {"instances": flowers})["predictions"]
    for flower, in_batch in zip(flowers, batch):
        alone = predict(client, flower)
        assert alone.pop("model_version")
        assert alone.pop("probabilities") == pytest.approx(in_batch.pop("probabilities"), rel=0, abs=1e-12)
        assert alone.pop("probability") == pytest.approx(in_batch.pop("probability"), rel=0, abs=1e-12)
        assert json.dumps(alone, sort_keys=True) == json.dumps(in_batch, sort_keys=True), flower  # 51.0, not 51


def test_the_150_iris_flowers_get_none(client):
    rows = [dict(zip(CANONICAL, r)) for r in load_iris().data.tolist()]
    assert not [p for p in predict(client, {"instances": rows})["predictions"] if "warnings" in p]


def test_v2_infer_carries_the_warnings_with_their_row(client):
    body = {"inputs": [{"name": "m", "shape": [2, 4], "datatype": "FP64",
                        "data": [[SETOSA[f] for f in CANONICAL], [FIFTY_CM_PETAL[f] for f in CANONICAL]]}]}
    answer = client.post("/v2/models/iris/infer", json=body).json()
    [warning] = answer["parameters"]["warnings"]
    assert warning["row"] == 1 and warning["field"] == "petal_length" and warning["value"] == 50.0
    body["inputs"][0].update(shape=[1, 4], data=[SETOSA[f] for f in CANONICAL])
    assert "parameters" not in client.post("/v2/models/iris/infer", json=body).json()


def test_model_shows_the_training_ranges(client):
    ranges = client.get("/model").json()["training_ranges"]
    assert set(ranges) == set(CANONICAL)
    petal = ranges["petal_length"]
    assert (petal["min"], petal["max"], petal["count"]) == (1.0, 6.9, 150)
    assert petal["warn_above"] == pytest.approx(8.67) and petal["warn_below"] == 0.0


def test_a_model_without_stats_loads_and_never_warns(tmp_path):
    folder = iris_model(tmp_path)
    meta = json.loads((folder / "model.json").read_text())
    del meta["training_stats"]
    (folder / "model.json").write_text(json.dumps(meta))
    client = AppClient(create_app(folder, Settings()))
    assert "warnings" not in predict(client, FIFTY_CM_PETAL)
    assert client.get("/model").json()["training_ranges"] is None


def test_a_model_trained_on_two_features_warns_only_on_those(tmp_path):
    client = AppClient(create_app(iris_model(tmp_path, use=(2, 3)), Settings()))
    assert "warnings" not in predict(client, {**SETOSA, "sepal_length": 60.0})
    assert predict(client, FIFTY_CM_PETAL)["warnings"][0]["field"] == "petal_length"


@pytest.mark.parametrize("stats, says", [
    ([1, 2], "must be an object"),
    ({"sepal_length": {"min": 1.0}}, "must hold min, max, mean, std, count"),
    ({"sepal_length": {"min": 5.0, "max": 1.0, "mean": 3.0, "std": 1.0, "count": 3}}, "min <= mean <= max"),
])
def test_malformed_stats_stop_start_up(tmp_path, stats, says):
    with pytest.raises(ModelError, match=says):
        load_model(iris_model(tmp_path, training_stats=stats))


def test_the_project_models_export_records_its_training_rows_and_no_iris_flower_warns(project_model_dir):
    """The model built from the notebook (fitted on its 75% split): model.json describes those rows,
    and none of the 150 Iris flowers, the 25% it never saw included, is called unlike them."""
    meta = json.loads((project_model_dir / "model.json").read_text())
    stats = meta["training_stats"]
    assert list(stats) == meta["feature_names"]
    assert {s["count"] for s in stats.values()} == {112}  # 150 rows, test_size=0.25
    client = AppClient(create_app(project_model_dir, Settings()))
    rows = [dict(zip(CANONICAL, r)) for r in load_iris().data.tolist()]
    assert not [p for p in predict(client, {"instances": rows})["predictions"] if "warnings" in p]
    assert predict(client, FIFTY_CM_PETAL)["warnings"][0]["field"] == "petal_length"


def test_the_widened_edge_itself_is_quiet_and_the_next_float_warns_on_both_paths():
    # min 1.0, max 6.0: width 5, so values in [1.0 - 0.3 * 5, 6.0 + 0.3 * 5] = [-0.5, 7.5] are quiet
    stats = {"min": 1.0, "max": 6.0, "mean": 3.0, "std": 1.0, "count": 10}
    ranges = as_ranges({"pl": stats}, ["pl"], (0,), ("petal_length",))
    low, high = ranges.low[0], ranges.high[0]
    assert (low, high) == (-0.5, 7.5)
    for value, warns in [(high, False), (math.nextafter(high, math.inf), True),
                         (low, False), (math.nextafter(low, -math.inf), True)]:
        assert bool(ranges.warnings_one([value])) is warns, value
        assert (ranges.warnings(np.array([[value]])) is not None) is warns, value
