"""ml_app's HTTP contract against a real gunicorn, started as `./build.sh serve-ml` does."""
import http.client
import json
import math
import re
import shutil
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

from ml_app.model import APP_LOAD_ERROR
from ml_support import CANONICAL, IRIS_NAMES, SETOSA, VIRGINICA, Service, iris_model, write_artifact

TOKEN = "tok-9f8e7d6c5b4a"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def service(project_model_dir, tmp_path_factory):
    env = {"API_TOKEN": TOKEN, "MAX_BODY_BYTES": "200000", "MAX_BATCH_ROWS": "1000"}
    svc = Service(project_model_dir, workers=2, env=env, log_dir=tmp_path_factory.mktemp("gunicorn")).start()
    yield svc
    svc.stop()


def access_lines(service) -> list:
    return [json.loads(line) for line in service.stdout().splitlines() if '"msg":"request"' in line]


def logged(service, request_ids: set, timeout: float = 10) -> list:
    """The access lines of these request ids, once all are written: a worker writes the
    lines of one event-loop pass together, at its end (ml_app/logs.py)."""
    deadline = time.monotonic() + timeout
    while True:
        lines = [e for e in access_lines(service) if e["request_id"] in request_ids]
        if {e["request_id"] for e in lines} >= request_ids or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


def metric(text: str, sample: str) -> float:
    """One sample's value from a Prometheus text page (0 when absent)."""
    for line in text.splitlines():
        if line.startswith(sample + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_prediction_answers_the_contract_example(service, project_model_dir):
    status, headers, body = service.request("POST", "/prediction", SETOSA, AUTH)
    answer = json.loads(body)
    sha = json.loads((project_model_dir / "model.json").read_text())["sha256"]
    assert status == 200 and headers["Content-Type"] == "application/json"
    assert answer["prediction"] == "setosa" and answer["model_version"] == sha[:12]
    assert math.isclose(sum(answer["probabilities"].values()), 1.0, abs_tol=1e-9)


def test_batch_of_a_thousand_rows_is_one_answer_per_row(service):
    status, _, body = service.request("POST", "/prediction", {"instances": [SETOSA, VIRGINICA] * 500}, AUTH)
    predictions = json.loads(body)["predictions"]
    assert status == 200 and len(predictions) == 1000
    assert [p["prediction"] for p in predictions[:2]] == ["setosa", "virginica"]


def test_batch_over_the_configured_rows_is_413(service):
    status, _, body = service.request("POST", "/prediction", {"instances": [SETOSA] * 1001}, AUTH)
    assert status == 413 and json.loads(body)["error"]["code"] == "too_many_rows"


def test_body_over_the_configured_size_is_413(service):
    status, _, body = service.request("POST", "/prediction", b'{"x": "' + b"y" * 250000 + b'"}', AUTH)
    assert status == 413 and json.loads(body)["error"]["code"] == "payload_too_large"


def test_non_json_content_type_is_415(service):
    status, _, body = service.request("POST", "/prediction", json.dumps(SETOSA).encode(),
                                      {**AUTH, "Content-Type": "text/plain"})
    assert status == 415 and json.loads(body)["error"]["code"] == "unsupported_media_type"


def test_prediction_without_token_is_401_and_token_is_never_logged(service):
    status, headers, body = service.request("POST", "/prediction", SETOSA)
    wrong, _, _ = service.request("POST", "/prediction", SETOSA, {"Authorization": "Bearer nope"})
    assert status == 401 and wrong == 401
    assert json.loads(body)["error"]["code"] == "unauthorized"
    assert TOKEN not in service.stdout() + service.stderr()


@pytest.mark.parametrize("path", ["/health", "/ready", "/model", "/metrics", "/openapi.json", "/docs"])
def test_open_routes_need_no_token(service, path):
    assert service.request("GET", path)[0] == 200


def test_ready_reports_the_model_version(service):
    status, _, body = service.request("GET", "/ready")
    assert status == 200 and re.fullmatch(r"[0-9a-f]{12}", json.loads(body)["model_version"])


@pytest.mark.parametrize("method, path, status", [("GET", "/nowhere", 404), ("DELETE", "/prediction", 405),
                                                  ("POST", "/health", 405)])
def test_unknown_routes_and_methods_answer_json_not_html(service, method, path, status):
    code, headers, body = service.request(method, path, headers=AUTH)
    assert code == status and headers["Content-Type"] == "application/json"
    assert json.loads(body)["error"]["code"] in {"not_found", "method_not_allowed"}


@pytest.mark.parametrize("raw, status", [
    (b"GARBAGE\r\n\r\n", 400),
    (b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n", 431),
    (b"POST /prediction HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 400),
])
def test_malformed_http_is_answered_in_json_not_html(service, raw, status):
    with socket.create_connection(("127.0.0.1", service.port), timeout=10) as conn:
        conn.sendall(raw)
        response = b""
        while chunk := conn.recv(4096):
            response += chunk
    head, _, body = response.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 %d " % status)
    assert b"Content-Type: application/json" in head
    assert json.loads(body)["error"]["message"]


def test_request_id_is_echoed_and_logged(service):
    _, headers, _ = service.request("POST", "/prediction", SETOSA, {**AUTH, "X-Request-ID": "http-test-77"})
    assert headers["X-Request-ID"] == "http-test-77"
    lines = logged(service, {"http-test-77"})
    assert len(lines) == 1 and lines[0]["status"] == 200 and lines[0]["rows"] == 1
    assert {"method", "path", "latency_ms"} <= set(lines[0])


def test_concurrent_requests_get_one_whole_access_line_each(service):
    # 16 clients at once: a worker answers several a pass and writes their lines as one
    ids = {f"burst-{i}" for i in range(400)}

    def post(rid):
        return service.request("POST", "/prediction", SETOSA, {**AUTH, "X-Request-ID": rid})[0]

    with ThreadPoolExecutor(16) as pool:
        assert set(pool.map(post, sorted(ids))) == {200}
    lines = logged(service, ids)
    assert sorted(e["request_id"] for e in lines) == sorted(ids)  # each once, none torn (each parsed)
    assert {e["status"] for e in lines} == {200} and {e["rows"] for e in lines} == {1}


def test_request_id_is_generated_when_absent(service):
    _, first, _ = service.request("GET", "/health")
    _, second, _ = service.request("GET", "/health")
    assert first["X-Request-ID"] and first["X-Request-ID"] != second["X-Request-ID"]


def test_keep_alive_serves_several_requests_on_one_connection(service):
    conn = http.client.HTTPConnection("127.0.0.1", service.port, timeout=10)
    try:
        statuses, sockets = [], []
        for _ in range(3):
            conn.request("POST", "/prediction", json.dumps(SETOSA), {**AUTH, "Content-Type": "application/json"})
            response = conn.getresponse()
            response.read()
            statuses.append(response.status)
            sockets.append(conn.sock)
    finally:
        conn.close()
    assert statuses == [200, 200, 200] and sockets[0] is sockets[1] is sockets[2]


def test_chunked_request_body_is_read(service):
    conn = http.client.HTTPConnection("127.0.0.1", service.port, timeout=10)
    try:
        chunks = iter([b'{"sepal_length": 6.9, "sepal_width": 3.1, ', b'"petal_length": 5.8, "petal_width": 2.3}'])
        conn.request("POST", "/prediction", chunks, {**AUTH, "Content-Type": "application/json"},
                     encode_chunked=True)
        response = conn.getresponse()
        assert response.status == 200 and json.loads(response.read())["prediction"] == "virginica"
    finally:
        conn.close()


def test_metrics_sum_over_all_workers(service):
    """Requests land on both workers; every scrape, whichever worker answers it, counts them all."""
    sample = 'ml_http_requests_total{route="/prediction",status="200"}'
    before = metric(service.request("GET", "/metrics")[2].decode(), sample)
    sent, deadline = 0, time.monotonic() + 30
    while time.monotonic() < deadline and sent < 400:
        for _ in range(20):
            assert service.request("POST", "/prediction", VIRGINICA, {**AUTH, "X-Request-ID": f"sum-{sent}"})[0] == 200
            sent += 1
        pids = {e["pid"] for e in access_lines(service) if e["request_id"].startswith("sum-")}
        if len(pids) >= 2:
            break
    assert len(pids) >= 2, "all requests went to one worker; cannot prove summing"
    totals = set()
    for i in range(6):
        page = service.request("GET", "/metrics", headers={"X-Request-ID": f"scrape-{i}"})[2].decode()
        totals.add(metric(page, sample) - before)
    assert totals == {sent}
    assert metric(page, 'ml_predictions_total{class_name="virginica"}') >= sent
    assert metric(page, 'ml_http_request_duration_seconds_count{route="/prediction"}') >= sent


def start_failure(model_dir, tmp_path):
    """Start gunicorn on a bad model; return (exit status, stderr) (bounded wait)."""
    svc = Service(model_dir, workers=2, log_dir=tmp_path).start(wait=False)
    try:
        code = svc.process.wait(60)
    finally:
        svc.stop()
    return code, svc.stderr()


def test_tampered_model_stops_start_up_with_a_clear_message(tmp_path):
    model_dir = iris_model(tmp_path / "model")
    with (model_dir / "model.joblib").open("ab") as fh:
        fh.write(b"tampered")
    code, stderr = start_failure(model_dir, tmp_path)
    assert code == APP_LOAD_ERROR  # gunicorn's "app failed to load": no crash loop of workers
    assert f"{model_dir / 'model.joblib'} does not match the sha256" in stderr
    assert "Traceback" not in stderr


def test_model_from_another_sklearn_stops_start_up(tmp_path):
    code, stderr = start_failure(iris_model(tmp_path / "model", sklearn_version="1.0.0"), tmp_path)
    assert code != 0 and "trained with scikit-learn 1.0.0" in stderr and "Traceback" not in stderr


def test_estimator_that_cannot_predict_stops_start_up(tmp_path):
    scaler = StandardScaler().fit([[1.0, 2.0, 3.0, 4.0], [2.0, 3.0, 4.0, 5.0]])
    scaler.classes_ = np.array([0, 1, 2])  # looks like a classifier to model.json, is not one
    model_dir = write_artifact(tmp_path / "model", scaler, CANONICAL, IRIS_NAMES)
    code, stderr = start_failure(model_dir, tmp_path)
    assert code != 0 and "neither predict_proba nor predict" in stderr and "Traceback" not in stderr


def test_classifier_without_predict_proba_serves_one_hot_and_says_so(tmp_path):
    svc = Service(iris_model(tmp_path / "model", cls=LinearSVC), workers=1, log_dir=tmp_path).start()
    try:
        status, _, body = svc.request("POST", "/prediction", VIRGINICA)
        info = json.loads(svc.request("GET", "/model")[2])
    finally:
        svc.stop()
    answer = json.loads(body)
    assert status == 200 and answer["prediction"] == "virginica" and answer["probability"] == 1.0
    assert info["probabilistic"] is False
    logged = [json.loads(line) for line in svc.stderr().splitlines() if line.startswith("{")]
    assert any(e["level"] == "warning" and "probabilities are one-hot" in e["msg"] for e in logged)


def test_missing_model_stops_start_up(tmp_path):
    code, stderr = start_failure(tmp_path / "empty", tmp_path)
    assert code != 0 and "model.json not found" in stderr and "Traceback" not in stderr


def test_sigterm_shuts_down_gracefully_and_removes_its_metrics_folder(tmp_path):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    svc = Service(iris_model(tmp_path / "model"), workers=2, env={"TMPDIR": str(scratch)}, log_dir=tmp_path).start()
    assert svc.request("POST", "/prediction", SETOSA)[0] == 200
    assert [p.name for p in scratch.iterdir() if p.name.startswith("ml_app-metrics-")]
    assert svc.stop() == 0
    assert not [p for p in scratch.iterdir() if p.name.startswith("ml_app-metrics-")]


def open_silent_connections(url, count):
    """Connections that are opened and then say nothing (spare connections, probes, scans)."""
    host, port = url.removeprefix("http://").split(":")
    return [socket.create_connection((host, int(port))) for _ in range(count)]


def test_connections_that_send_nothing_do_not_hold_up_a_prediction(tmp_path):
    # One worker: with stock gthread each new connection took a thread that waited 5 s for its
    # first byte, so three silent clients held a prediction up for 15 s.
    svc = Service(iris_model(tmp_path / "model"), workers=1, log_dir=tmp_path).start()
    try:
        silent = open_silent_connections(svc.url, 3)
        time.sleep(0.2)  # let the worker accept them
        assert svc.request("POST", "/prediction", SETOSA, timeout=4)[0] == 200
        for sock in silent:
            sock.close()
    finally:
        svc.stop()


def test_sigterm_with_a_silent_connection_open_stops_without_waiting_for_it(tmp_path):
    svc = Service(iris_model(tmp_path / "model"), workers=1, log_dir=tmp_path).start()
    silent = open_silent_connections(svc.url, 1)
    time.sleep(0.2)
    assert svc.stop(timeout=10) == 0  # not after gunicorn's 20 s graceful timeout
    silent[0].close()


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium not installed (./build.sh test installs it)")
def test_docs_page_renders_the_spec_in_a_real_browser(service, tmp_path):
    command = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path}",
               "--virtual-time-budget=5000", "--dump-dom", f"{service.url}/docs"]
    dom = subprocess.run(command, capture_output=True, text=True, timeout=60).stdout
    assert "Iris prediction service (ml_app)" in dom  # Swagger UI rendered the document's title
    assert dom.count('class="opblock opblock-') >= 13  # one block per operation, /v2 ones included
    assert 'id="operations-Open_Inference_Protocol_\\(V2\\)-v2Infer"' in dom
