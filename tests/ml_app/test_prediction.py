"""POST /prediction for one row through the real ASGI application, in-process: the answer, and the
4xx JSON error naming the field and why (values, the body, its media type and size, the route).

Batches of rows are in test_prediction_batch.py; every request goes through what gunicorn serves
(`create_app()`: the edge, the router, the route), called with ml_support.AppClient.
"""
import json
import math

import pytest

from ml_support import SETOSA, VIRGINICA, details, media_type, post


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


# --- the body, its media type and size, the route --------------------------------------------

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
