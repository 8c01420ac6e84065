"""The bearer token on POST /prediction (the other routes stay open) and CORS for the listed origins,
through the real ASGI application (ml_app/edge/auth.py, cors.py; test_edge.py shows them on every route)."""
import pytest

from ml_app import create_app
from ml_app.config import Settings
from ml_support import SETOSA, AppClient, post


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
