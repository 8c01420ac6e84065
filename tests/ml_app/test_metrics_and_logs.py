"""What the service tells its operators: Prometheus counts at /metrics, one JSON access line per
request, and an unexpected failure answered 500 with the request id its logged traceback carries."""
import json

from ml_app import create_app
from ml_app.config import Settings
from ml_support import SETOSA, VIRGINICA, AppClient, ExplodingClassifier, iris_model, post


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
