"""The routes beside /prediction: the probes (/health, /ready, 503 until the model is loaded), /model's
metadata and /docs (Swagger UI from the pinned package, under a strict CSP)."""
import json

import pytest

from ml_app import create_app
from ml_app.config import Settings
from ml_support import CANONICAL, SETOSA, AppClient, media_type, post


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
