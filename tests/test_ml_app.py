"""ml_app's contract through the real ASGI application, in-process: validation, errors, model loading.

Every request goes through what gunicorn serves (`create_app()`: the edge, the
router, the route), called with httpx's ASGI transport (ml_support.AppClient).
"""
import inspect
import json
import math
import shutil
import subprocess
import sys
import warnings

import joblib
import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.linear_model import RidgeClassifier
from sklearn.svm import SVC, LinearSVC

import contract
from ml_app import create_app
from ml_app.config import Settings
from ml_app.model import ModelError, load_model
from ml_support import (CANONICAL, KAGGLE, ROOT, SETOSA, VIRGINICA, AppClient, ExplodingClassifier, iris_model,
                        media_type)


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    return iris_model(tmp_path_factory.mktemp("model"))


@pytest.fixture
def client(model_dir):
    return AppClient(create_app(model_dir, Settings(max_batch_rows=5, max_body_bytes=4096)))


def post(client, body, content_type="application/json", **kw):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post("/prediction", data=data, content_type=content_type, **kw)


def details(response) -> dict:
    """{field: problem} from an error response, after checking the error shape."""
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details"} and error["message"]
    return {d["field"]: d["problem"] for d in error["details"]}


# --- successful predictions ------------------------------------------------------------------

def test_single_row_predicts_setosa_with_probabilities_summing_to_one(client, model_dir):
    response = post(client, SETOSA)
    body = response.json()
    assert response.status_code == 200
    assert body["prediction"] == "setosa"
    assert set(body["probabilities"]) == {"setosa", "versicolor", "virginica"}
    assert math.isclose(sum(body["probabilities"].values()), 1.0, abs_tol=1e-9)
    assert body["probability"] == body["probabilities"]["setosa"] == max(body["probabilities"].values())
    sha = json.loads((model_dir / "model.json").read_text())["sha256"]
    assert body["model_version"] == sha[:12]


def test_batch_answers_each_row_in_order(client):
    response = post(client, {"instances": [SETOSA, VIRGINICA, SETOSA]})
    body = response.json()
    assert response.status_code == 200
    assert [p["prediction"] for p in body["predictions"]] == ["setosa", "virginica", "setosa"]
    assert all(math.isclose(sum(p["probabilities"].values()), 1.0, abs_tol=1e-9) for p in body["predictions"])
    assert len(body["model_version"]) == 12


def test_integer_measurements_are_numbers_too(client):
    assert post(client, {**VIRGINICA, "sepal_length": 7}).status_code == 200


def test_response_is_json_and_echoes_a_sane_request_id(client):
    response = post(client, SETOSA, headers={"X-Request-ID": "abc-123.x"})
    assert response.headers["X-Request-ID"] == "abc-123.x"
    assert media_type(response) == "application/json"


def test_insane_request_id_is_replaced(client):
    response = post(client, SETOSA, headers={"X-Request-ID": "bad id\twith spaces" + "x" * 200})
    assert response.headers["X-Request-ID"] != "bad id\twith spaces" + "x" * 200
    assert 8 <= len(response.headers["X-Request-ID"]) <= 128


# --- validation: 400 naming the field and why ---------------------------------------------------

@pytest.mark.parametrize("value, problem", [
    (True, "boolean"), (None, "null"), ("5.1", "string"), ([5.1], "array"), ({}, "object"),
    (-1, "greater than 0"), (0, "greater than 0"), (0.0, "greater than 0"), (101, "at most 100"), (1e300, "at most 100"),
])
def test_bad_value_is_rejected_naming_field_and_reason(client, value, problem):
    response = post(client, {**SETOSA, "petal_width": value})
    assert response.status_code == 400
    assert problem in details(response)["petal_width"]


@pytest.mark.parametrize("token", [b"NaN", b"Infinity", b"-Infinity"])
def test_non_finite_json_tokens_are_rejected_naming_the_field(client, token):
    body = b'{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": %s, "petal_width": 0.2}' % token
    response = post(client, body)
    assert response.status_code == 400
    assert "finite" in details(response)["petal_length"]


def test_number_overflowing_a_double_is_rejected(client):
    response = post(client, b'{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1e400, "petal_width": 0.2}')
    assert response.status_code == 400


def test_missing_field_is_named(client):
    row = {k: v for k, v in SETOSA.items() if k != "sepal_width"}
    response = post(client, row)
    assert response.status_code == 400
    assert details(response) == {"sepal_width": "is required"}


def test_extra_field_is_named(client):
    response = post(client, {**SETOSA, "colour": "blue"})
    assert response.status_code == 400
    assert "not a known field" in details(response)["colour"]


def test_batch_error_names_the_row(client):
    rows = [SETOSA, SETOSA, SETOSA, {**SETOSA, "petal_width": -0.2}]
    response = post(client, {"instances": rows})
    assert response.status_code == 400
    assert list(details(response)) == ["instances[3].petal_width"]


@pytest.mark.parametrize("value", [True, "1.0", None, 0, 1e9, [1.0]])
def test_batch_value_hidden_among_valid_rows_is_named(client, value):
    rows = [SETOSA, VIRGINICA, {**VIRGINICA, "sepal_width": value}, SETOSA]
    response = post(client, {"instances": rows})
    assert response.status_code == 400
    assert list(details(response)) == ["instances[2].sepal_width"]


def test_batch_row_with_an_unknown_key_among_valid_rows_is_named(client):
    response = post(client, {"instances": [SETOSA, {**SETOSA, "stem": 1.0}]})
    assert list(details(response)) == ["instances[1].stem"]


def test_batch_row_that_is_not_an_object_is_named(client):
    response = post(client, {"instances": [SETOSA, 5]})
    assert "instances[1]" in details(response)


@pytest.mark.parametrize("instances", [[], {}, "rows", None])
def test_batch_needs_a_non_empty_array(client, instances):
    response = post(client, {"instances": instances})
    assert response.status_code == 400
    assert "instances" in details(response)


def test_batch_with_extra_top_level_key_is_rejected(client):
    response = post(client, {"instances": [SETOSA], "model": "other"})
    assert response.status_code == 400
    assert "model" in details(response)


def test_batch_over_the_row_limit_is_413(client):
    response = post(client, {"instances": [SETOSA] * 6})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_many_rows"


@pytest.mark.parametrize("body", [b"", b"{", b"[1,]", b"{'a': 1}", b"\xff\xfe", b"[" * 2000])
def test_malformed_json_is_400_json(client, body):
    response = post(client, body)
    assert response.status_code == 400
    assert details(response) == {"": "malformed JSON"}


@pytest.mark.parametrize("body", [b"[]", b"5", b'"text"', b"null"])
def test_body_that_is_not_an_object_is_400(client, body):
    response = post(client, body)
    assert response.status_code == 400
    assert "object" in details(response)[""]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", ""])
def test_non_json_content_type_is_415(client, content_type):
    response = post(client, json.dumps(SETOSA), content_type=content_type)
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"


def test_json_content_type_with_charset_is_accepted(client):
    assert post(client, SETOSA, content_type="application/json; charset=utf-8").status_code == 200


def test_body_over_the_size_limit_is_413(client):
    response = post(client, b'{"pad": "' + b"x" * 5000 + b'"}')
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


def test_unknown_path_is_json_404(client):
    response = client.get("/nowhere")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_wrong_method_is_json_405(client):
    response = client.get("/prediction")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert "POST" in response.headers["Allow"]


def test_unicode_and_lone_surrogate_keys_are_echoed_safely(client):
    response = post(client, b'{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2, '
                            b'"\\ud800": NaN}')
    assert response.status_code == 400
    assert len(details(response)) == 1


# --- auth and CORS --------------------------------------------------------------------------------

@pytest.fixture
def guarded(model_dir):
    settings = Settings(api_token="s3cret", cors_origins=frozenset({"http://allowed.example"}))
    return AppClient(create_app(model_dir, settings))


@pytest.mark.parametrize("header", [None, "Bearer wrong", "s3cret", "Bearer s3cret2", "Basic s3cret", "Bearers3cret",
                                    "Bearer", "Token s3cret"])
def test_prediction_without_the_right_token_is_401(guarded, header):
    response = post(guarded, SETOSA, headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("header", ["Bearer s3cret", "bearer s3cret", "BEARER s3cret", "Bearer  s3cret"])
def test_prediction_with_the_token_is_200_whatever_the_schemes_case(guarded, header):
    assert post(guarded, SETOSA, headers={"Authorization": header}).status_code == 200


@pytest.mark.parametrize("path", ["/health", "/ready", "/model", "/metrics", "/openapi.json", "/docs"])
def test_other_routes_stay_open_with_a_token(guarded, path):
    assert guarded.get(path).status_code == 200


def test_cors_preflight_answers_listed_origin(guarded):
    response = guarded.options("/prediction", headers={
        "Origin": "http://allowed.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, authorization"})
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "http://allowed.example"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "Authorization" in response.headers["Access-Control-Allow-Headers"]


def test_cors_headers_only_for_listed_origins(guarded):
    listed = post(guarded, SETOSA, headers={"Origin": "http://allowed.example", "Authorization": "Bearer s3cret"})
    other = post(guarded, SETOSA, headers={"Origin": "http://evil.example", "Authorization": "Bearer s3cret"})
    assert listed.headers["Access-Control-Allow-Origin"] == "http://allowed.example"
    assert "Access-Control-Allow-Origin" not in other.headers
    preflight = guarded.options("/prediction", headers={"Origin": "http://evil.example"})
    assert "Access-Control-Allow-Origin" not in preflight.headers


# --- other routes ------------------------------------------------------------------------------------

def test_health_is_ok(client):
    assert client.get("/health").json() == {"status": "ok"}


def test_ready_reports_model_version(client, model_dir):
    sha = json.loads((model_dir / "model.json").read_text())["sha256"]
    assert client.get("/ready").json() == {"status": "ready", "model_version": sha[:12]}


def test_not_ready_until_model_loaded(model_dir):
    app = create_app(model_dir, Settings(), load=False)
    client = AppClient(app)
    assert client.get("/ready").status_code == 503
    assert post(client, SETOSA).status_code == 503
    app.parts.load_model()
    assert client.get("/ready").status_code == 200


def test_model_route_shows_metadata(client):
    info = client.get("/model").json()
    assert info["estimator"] == "LogisticRegression"
    assert info["feature_names"] == CANONICAL
    assert info["class_names"] == ["setosa", "versicolor", "virginica"]
    assert info["metrics"] == {"accuracy": 0.97}
    assert info["params"]["max_iter"] == 1000
    assert {"sklearn_version", "python_version", "trained_at", "model_type"} <= set(info)


def test_docs_page_is_swagger_ui_served_locally_under_a_strict_csp(client):
    response = client.get("/docs")
    html = response.text
    assert media_type(response) == "text/html"
    assert '<script src="docs/swagger-ui-bundle.js">' in html and '<script src="docs/init.js">' in html
    assert "<script>" not in html and "http://" not in html and "https://" not in html  # no inline code, no CDN
    policy = dict(directive.strip().split(" ", 1) for directive in response.headers["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"  # nothing inline runs at all
    assert policy["frame-ancestors"] == "'none'" and policy["connect-src"] == "'self'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "openapi.json" in client.get("/docs/init.js").text


@pytest.mark.parametrize("name, mimetype", [("swagger-ui-bundle.js", "text/javascript"), ("swagger-ui.css", "text/css")])
def test_docs_assets_come_from_the_pinned_package(client, name, mimetype):
    response = client.get(f"/docs/{name}")
    assert response.status_code == 200 and media_type(response) == mimetype and len(response.content) > 100_000
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name", ["index.template.html", "..%2Fflask_swagger_ui.py", "oauth2-redirect.html"])
def test_docs_serves_no_other_file(client, name):
    assert client.get(f"/docs/{name}").status_code == 404


def test_metrics_count_predictions_by_class_and_requests_by_status(client):
    before = client.get("/metrics").text
    post(client, {"instances": [VIRGINICA, VIRGINICA]})
    post(client, {**SETOSA, "petal_width": -1})
    after = client.get("/metrics").text

    def sample(text, name):
        return next((float(line.split()[-1]) for line in text.splitlines() if line.startswith(name + " ")), 0.0)

    assert sample(after, 'ml_predictions_total{class_name="virginica"}') - sample(
        before, 'ml_predictions_total{class_name="virginica"}') == 2
    assert sample(after, 'ml_http_requests_total{route="/prediction",status="400"}') - sample(
        before, 'ml_http_requests_total{route="/prediction",status="400"}') == 1
    assert "ml_http_request_duration_seconds_bucket" in after


def test_unexpected_failure_is_500_with_request_id_in_log(tmp_path, capfd):
    model_dir = iris_model(tmp_path / "boom", cls=ExplodingClassifier)
    client = AppClient(create_app(model_dir, Settings()))
    ExplodingClassifier.armed = True
    try:
        response = post(client, SETOSA, headers={"X-Request-ID": "trace-me-42"})
    finally:
        ExplodingClassifier.armed = False
    error = response.json()["error"]
    assert response.status_code == 500 and error["code"] == "internal_error"
    assert "trace-me-42" in error["message"] and "Traceback" not in error["message"]
    err_lines = [json.loads(line) for line in capfd.readouterr().err.splitlines() if line.startswith("{")]
    logged = [e for e in err_lines if e.get("request_id") == "trace-me-42"]
    assert logged and "deliberate failure" in logged[0]["traceback"]


def test_access_log_is_one_json_line_per_request(client, capfd):
    capfd.readouterr()
    post(client, {"instances": [SETOSA, SETOSA]}, headers={"X-Request-ID": "log-line-1"})
    lines = [json.loads(line) for line in capfd.readouterr().out.splitlines() if "log-line-1" in line]
    assert len(lines) == 1
    entry = lines[0]
    assert entry["method"] == "POST" and entry["path"] == "/prediction" and entry["status"] == 200
    assert entry["rows"] == 2 and entry["latency_ms"] >= 0


# --- feature mapping and model loading ------------------------------------------------------------------

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


# --- classifiers without predict_proba: one-hot of predict --------------------------------------------

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



# --- what start-up imports ------------------------------------------------------------------------------

IMPORT_PROBE = """
import json, sys
from ml_app import create_app
create_app(sys.argv[1])
loaded = sorted(sys.modules)
import pandas  # still importable for models that need it
print(json.dumps(loaded))
"""


@pytest.fixture(scope="module")
def modules_loaded_to_serve(model_dir):
    """The modules a fresh process has imported once the app serves a LogisticRegression (a process
    of its own: this one has imported pandas and much of scikit-learn already)."""
    result = subprocess.run([sys.executable, "-c", IMPORT_PROBE, str(model_dir)], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, check=True)
    return set(json.loads(result.stdout))


def test_serving_does_not_import_pandas(modules_loaded_to_serve):
    assert "sklearn.base" in modules_loaded_to_serve
    assert "pandas" not in modules_loaded_to_serve


@pytest.mark.parametrize("module", ["sklearn.tree", "sklearn.naive_bayes", "sklearn.discriminant_analysis"])
def test_serving_does_not_import_estimators_the_model_does_not_use(modules_loaded_to_serve, module):
    assert module not in modules_loaded_to_serve
