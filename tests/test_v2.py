"""The Open Inference Protocol routes through the real ASGI application: shapes, errors, and parity with /prediction."""
import json

import numpy as np
import pytest

from ml_app import create_app
from ml_app.config import Settings
from ml_support import CANONICAL, SETOSA, VIRGINICA, AppClient, ExplodingClassifier, iris_model

TOKEN = "v2-token-0123"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ROWS = [SETOSA, VIRGINICA, {"sepal_length": 5.9, "sepal_width": 3.0, "petal_length": 4.2, "petal_width": 1.5}]
MATRIX = [[row[f] for f in CANONICAL] for row in ROWS]


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    return iris_model(tmp_path_factory.mktemp("model"))


@pytest.fixture
def client(model_dir):
    settings = Settings(max_batch_rows=5, max_body_bytes=4096, api_token=TOKEN)
    return AppClient(create_app(model_dir, settings))


def matrix_tensor(data, shape=None, datatype="FP64", name="measurements"):
    """An [N, 4] tensor of nested rows, or of flat data (N = len(data) // 4) unless shape is given."""
    rows = len(data) if data and isinstance(data[0], list) else len(data) // 4
    return {"name": name, "shape": shape or [rows, 4], "datatype": datatype, "data": data}


def infer(client, body, path="/v2/models/iris/infer", headers=AUTH):
    return client.post(path, data=json.dumps(body), content_type="application/json", headers=headers)


def error_of(response) -> str:
    """The protocol's error body: exactly {"error": "<a sentence>"}."""
    body = response.json()
    assert set(body) == {"error"} and isinstance(body["error"], str) and body["error"]
    return body["error"]


def test_server_metadata_and_health(client):
    assert client.get("/v2").json() == {"name": "ml_app", "version": "1.0.0", "extensions": []}
    assert client.get("/v2/health/live").json() == {"live": True}
    assert client.get("/v2/health/ready").json() == {"ready": True}
    assert client.get("/v2/models/iris/ready").json() == {"name": "iris", "ready": True}


def test_model_metadata_declares_the_tensors_and_the_version(client):
    meta = client.get("/v2/models/iris").json()
    version = client.get("/model").json()["model_version"]
    assert meta["name"] == "iris" and meta["versions"] == [version]
    assert meta["inputs"] == [{"name": "measurements", "datatype": "FP64", "shape": [-1, 4]}]
    assert meta["outputs"] == [{"name": "label", "datatype": "BYTES", "shape": [-1]},
                               {"name": "probabilities", "datatype": "FP64", "shape": [-1, 3]}]
    assert client.get(f"/v2/models/iris/versions/{version}").json() == meta


@pytest.mark.parametrize("form", ["matrix", "nested", "columns"])
def test_infer_answers_as_prediction_does(client, form):
    if form == "columns":
        inputs = [{"name": f, "shape": [3], "datatype": "FP64", "data": [r[f] for r in ROWS]} for f in CANONICAL]
    else:
        inputs = [matrix_tensor(MATRIX if form == "nested" else sum(MATRIX, []), [3, 4])]
    answer = infer(client, {"id": "req-1", "inputs": inputs}).json()
    batch = client.post("/prediction", json={"instances": ROWS}, headers=AUTH).json()
    assert answer["model_name"] == "iris" and answer["id"] == "req-1"
    assert answer["model_version"] == batch["model_version"]
    label, proba = answer["outputs"]
    assert label == {"name": "label", "datatype": "BYTES", "shape": [3],
                     "data": [p["prediction"] for p in batch["predictions"]]}
    assert proba["name"] == "probabilities" and proba["datatype"] == "FP64" and proba["shape"] == [3, 3]
    assert proba["data"] == [v for p in batch["predictions"] for v in p["probabilities"].values()]


def test_outputs_selection_and_the_request_id_when_no_id_is_given(client):
    response = infer(client, {"inputs": [matrix_tensor(MATRIX)], "outputs": [{"name": "probabilities"}]})
    answer = response.json()
    assert [o["name"] for o in answer["outputs"]] == ["probabilities"]
    assert answer["id"] == response.headers["X-Request-ID"]


def test_fp32_values_are_read_as_float32(client):
    answer = infer(client, {"inputs": [matrix_tensor(MATRIX, datatype="FP32")]}).json()
    rounded = np.array(MATRIX, dtype=np.float32).astype(np.float64)
    rows = [dict(zip(CANONICAL, r)) for r in rounded.tolist()]
    batch = client.post("/prediction", json={"instances": rows}, headers=AUTH).json()
    assert answer["outputs"][1]["data"] == [v for p in batch["predictions"] for v in p["probabilities"].values()]


@pytest.mark.parametrize("body, says", [
    ({"inputs": [matrix_tensor([1.0, 2.0, 3.0], [1, 3])]}, "is not [N, 4]"),
    ({"inputs": [matrix_tensor([5.1, 3.5, 1.4, 0.2], datatype="INT64")]}, "'INT64' is not accepted"),
    ({"inputs": [matrix_tensor([5.1, 3.5, 1.4], [1, 4])]}, "holds 4 values but \"data\" has 3"),
    ({"inputs": [matrix_tensor([5.1, 3.5, 1.4, -0.2])]}, "row[0].petal_width must be greater than 0 cm"),
    ({"inputs": [matrix_tensor([5.1, 3.5, 150, 0.2])]}, "row[0].petal_length must be at most 100 cm"),
    ({"inputs": [matrix_tensor([5.1, "x", 1.4, 0.2])]}, "row[0].sepal_width must be a number"),
    ({"inputs": [{"name": f, "shape": [1], "datatype": "FP64", "data": [1.0]} for f in CANONICAL[:3]]},
     "lack petal_width"),
    ({"inputs": [{"name": f, "shape": [1 + (f == "petal_width")], "datatype": "FP64", "data": [1.0] * (1 + (f == "petal_width"))}
                 for f in CANONICAL]}, "same length"),
    ({"inputs": [matrix_tensor([5.1, 3.5, 1.4, 0.2])], "outputs": [{"name": "colour"}]}, "'colour' is not an output"),
    ({"inputs": [matrix_tensor([5.1, 3.5, 1.4, 0.2])], "outputs": None}, "\"outputs\" must be an array"),
    ({"inputs": []}, "non-empty array of tensors"),
    ({"inputs": [matrix_tensor([5.1, 3.5, 1.4, 0.2], [1, -4])]}, "non-negative integers"),
])
def test_bad_tensors_are_400_with_the_protocol_error(client, body, says):
    response = infer(client, body)
    assert response.status_code == 400 and says in error_of(response)


def test_too_many_rows_is_413(client):
    response = infer(client, {"inputs": [matrix_tensor(MATRIX * 2)]})
    assert response.status_code == 413 and "at most 5 rows" in error_of(response)


@pytest.mark.parametrize("path", ["/v2/models/roses/infer", "/v2/models/iris/versions/000000000000/infer"])
def test_unknown_model_or_version_is_404(client, path):
    response = infer(client, {"inputs": [matrix_tensor(MATRIX)]}, path)
    assert response.status_code == 404 and error_of(response)
    assert client.get(path.removesuffix("/infer")).status_code == 404


def test_infer_needs_the_token_but_metadata_does_not(client):
    response = infer(client, {"inputs": [matrix_tensor(MATRIX)]}, headers={})
    assert response.status_code == 401 and response.headers["WWW-Authenticate"] == "Bearer"
    assert "Bearer" in error_of(response)
    assert client.get("/v2/models/iris").status_code == 200


def test_non_json_body_is_refused(client):
    response = client.post("/v2/models/iris/infer", data=b"\x00\x01", headers=AUTH,
                           content_type="application/octet-stream")
    assert response.status_code == 415 and "application/json" in error_of(response)


def test_not_ready_until_the_model_is_loaded(model_dir):
    client = AppClient(create_app(model_dir, Settings(), load=False))
    assert client.get("/v2/health/ready").status_code == 503
    assert client.get("/v2/models/iris/ready").json() == {"name": "iris", "ready": False}
    assert client.get("/v2/health/live").status_code == 200


def test_the_model_name_is_configurable(model_dir, monkeypatch):
    monkeypatch.setenv("MODEL_NAME", "flowers")
    monkeypatch.setenv("MODEL_DIR", str(model_dir))
    client = AppClient(create_app())
    assert infer(client, {"inputs": [matrix_tensor(MATRIX)]}, "/v2/models/flowers/infer", {}).status_code == 200
    assert infer(client, {"inputs": [matrix_tensor(MATRIX)]}, headers={}).status_code == 404


def test_a_bad_model_name_stops_start_up(monkeypatch):
    monkeypatch.setenv("MODEL_NAME", "../x")
    with pytest.raises(ValueError, match="MODEL_NAME"):
        Settings.from_env()


def test_infer_is_counted_in_the_metrics(client):
    infer(client, {"inputs": [matrix_tensor(MATRIX)]})
    page = client.get("/metrics").text
    assert 'ml_http_requests_total{route="/v2/models/<name>/infer",status="200"}' in page


def test_an_unexpected_failure_is_500_in_the_protocols_shape_with_the_request_id(tmp_path, capfd):
    client = AppClient(create_app(iris_model(tmp_path, cls=ExplodingClassifier), Settings()))
    ExplodingClassifier.armed = True
    try:
        response = infer(client, {"inputs": [matrix_tensor(MATRIX)]}, headers={"X-Request-ID": "v2-boom-7"})
    finally:
        ExplodingClassifier.armed = False
    assert response.status_code == 500
    message = error_of(response)
    assert "v2-boom-7" in message and "Traceback" not in message
    assert "deliberate failure" in capfd.readouterr().err  # the log has the rest
