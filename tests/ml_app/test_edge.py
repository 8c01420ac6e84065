"""The edge (ml_app/edge/): each cross-cutting concern, once, for every route, through the real ASGI app.

One test per concern, on a route that is not /prediction where it can be (the
prediction tests in test_prediction.py and test_prediction_batch.py cover that
route), and one proving that a route added to a blueprint gets all of them
without a line of its own.
"""
import json
import pathlib
import sys

import pytest
from flask import Blueprint

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))  # the repository: ml_app

from ml_app import blueprints
from ml_app import create_app
from ml_app.config import Settings
from ml_app.edge.auth import requires_token
from ml_app.errors import envelope
from ml_app.openapi import openapi_document
from ml_support import SETOSA, AppClient

TOKEN = "edge-tok-31"
ORIGIN = "http://allowed.example"


@pytest.fixture
def client(model_dir):
    settings = Settings(api_token=TOKEN, cors_origins=frozenset({ORIGIN}), max_body_bytes=1000)
    return AppClient(create_app(model_dir, settings))


def error_lines(capfd) -> list:
    return [json.loads(line) for line in capfd.readouterr().err.splitlines() if line.startswith("{")]


def test_request_id_is_kept_or_made_on_every_answer_errors_included(client):
    assert client.get("/v2/health/live", headers={"X-Request-ID": "keep-me.1"}).headers["X-Request-ID"] == "keep-me.1"
    for response in (client.get("/nowhere"), client.post("/v2/models/iris/infer", json={}),
                     client.options("/health")):
        assert len(response.headers["X-Request-ID"]) == 16


def test_cors_headers_go_on_any_route_and_on_its_errors(client):
    ok = client.get("/model", headers={"Origin": ORIGIN})
    refused = client.post("/v2/models/iris/infer", json={}, headers={"Origin": ORIGIN})
    assert ok.headers["Access-Control-Allow-Origin"] == ORIGIN and refused.status_code == 401
    assert refused.headers["Access-Control-Allow-Origin"] == ORIGIN  # the browser may read the 401
    assert "Access-Control-Allow-Origin" not in client.get("/model", headers={"Origin": "http://evil.example"}).headers


def test_body_limit_holds_on_flask_routes_in_their_own_error_shape(client):
    big = b'{"inputs": "' + b"x" * 2000 + b'"}'
    response = client.post("/v2/models/iris/infer", data=big, content_type="application/json",
                           headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 413 and response.headers["Connection"] == "close"
    assert response.json() == {"error": "The request body is larger than the 1000-byte limit."}


def test_body_limit_stops_a_chunked_body_once_it_passes_the_limit(client):
    async def chunks():  # no Content-Length: sent as it comes, like a chunked upload
        for _ in range(50):
            yield b"x" * 100

    response = client.post("/prediction", data=chunks(), content_type="application/json",
                           headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 413 and response.json()["error"]["code"] == "payload_too_large"


def test_without_the_token_an_unknown_model_is_401_not_404(client):
    """An anonymous caller must not learn which model names exist."""
    for path in ("/v2/models/roses/infer", "/v2/models/iris/versions/000000000000/infer", "/v2/models/iris/infer"):
        response = client.post(path, json={})
        assert response.status_code == 401 and response.headers["WWW-Authenticate"] == "Bearer", path
    assert client.post("/v2/models/roses/infer", json={}, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 404


def test_the_token_is_never_logged(client, capfd):
    client.post("/prediction", json=SETOSA, headers={"Authorization": f"Bearer {TOKEN}"})
    client.post("/prediction", json=SETOSA, headers={"Authorization": f"Bearer {TOKEN}x"})
    out = capfd.readouterr()
    assert TOKEN not in out.out + out.err


def test_metrics_count_every_route_by_its_template(client):
    client.get("/v2/models/roses")
    client.get("/nowhere/at/all")
    page = client.get("/metrics").text
    assert 'ml_http_requests_total{route="/v2/models/<name>",status="404"}' in page
    assert 'ml_http_requests_total{route="unmatched",status="404"}' in page


# --- a route added to a blueprint gets all of the above -------------------------------------------

extra = Blueprint("extra", __name__)


@extra.get("/extra/boom")
def boom():
    raise RuntimeError("deliberate failure in a new route")


@extra.post("/extra/secret")
@requires_token
def secret():
    return {"ok": True}


@pytest.fixture
def with_extra_routes(model_dir, monkeypatch):
    monkeypatch.setattr(blueprints, "BLUEPRINTS", (*blueprints.BLUEPRINTS, (extra, envelope)))
    settings = Settings(api_token=TOKEN, cors_origins=frozenset({ORIGIN}), max_body_bytes=1000)
    return AppClient(create_app(model_dir, settings))


def test_a_new_route_gets_request_id_error_logging_once_and_metrics(with_extra_routes, capfd):
    capfd.readouterr()
    response = with_extra_routes.get("/extra/boom", headers={"X-Request-ID": "new-route-500", "Origin": ORIGIN})
    error = response.json()["error"]
    assert response.status_code == 500 and error["code"] == "internal_error" and "new-route-500" in error["message"]
    assert response.headers["X-Request-ID"] == "new-route-500"
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    logged = [e for e in error_lines(capfd) if e.get("request_id") == "new-route-500"]
    assert len(logged) == 1 and "deliberate failure in a new route" in logged[0]["traceback"]  # once
    page = with_extra_routes.get("/metrics").text
    assert 'ml_http_requests_total{route="/extra/boom",status="500"}' in page


def test_a_new_route_marked_requires_token_gets_the_check(with_extra_routes):
    assert with_extra_routes.post("/extra/secret").status_code == 401
    authorized = with_extra_routes.post("/extra/secret", headers={"Authorization": f"Bearer {TOKEN}"})
    assert authorized.status_code == 200 and authorized.json() == {"ok": True}


def test_a_new_route_without_an_openapi_operation_fails_the_document(with_extra_routes):
    app = with_extra_routes.app
    with pytest.raises(LookupError, match=r"GET /extra/boom \(endpoint 'extra.boom'\) has no OpenAPI operation"):
        openapi_document(app.parts.settings, app.routes)


# --- settings read once (config.Settings) --------------------------------------------------------

def test_server_settings_are_read_with_the_others_and_typos_stop_start_up():
    settings = Settings.from_env({"ML_REQUEST_TIMEOUT": "2.5", "ML_KEEPALIVE": "30", "ML_MAX_CONNECTIONS": "7"})
    assert (settings.request_timeout, settings.keepalive, settings.max_connections) == (2.5, 30, 7)
    assert Settings.from_env({}).request_timeout == 10.0 and Settings.from_env({}).keepalive == 75
    for name, raw in [("ML_REQUEST_TIMEOUT", "ten"), ("ML_REQUEST_TIMEOUT", "nan"), ("ML_KEEPALIVE", "-1"),
                      ("ML_MAX_CONNECTIONS", "1.5")]:
        with pytest.raises(ValueError, match=name):
            Settings.from_env({name: raw})
