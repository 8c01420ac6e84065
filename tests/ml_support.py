"""Small model artifacts and a real gunicorn process, for ml_app's tests.

The artifacts follow contract/iris.json (docs/model-artifact.md) exactly; they cover the cases the
project's own notebook model does not (Kaggle-style names, two features,
string classes, tampering, a scikit-learn mismatch, a failing estimator).
"""
import asyncio
import atexit
import contextlib
import datetime
import json
import os
import pathlib
import platform
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import httpx
import joblib
import numpy as np
import sklearn
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

import contract

ROOT = pathlib.Path(__file__).resolve().parents[1]
CANONICAL = list(contract.FIELDS)
KAGGLE = ["SepalLengthCm", "SepalWidthCm", "PetalLengthCm", "PetalWidthCm"]  # Kaggle's Iris.csv columns
IRIS_NAMES = ["setosa", "versicolor", "virginica"]
SETOSA = dict(contract.EXAMPLES["setosa"])
VIRGINICA = dict(contract.EXAMPLES["virginica_2"])


class ExplodingClassifier(LogisticRegression):
    """A real fitted classifier whose predictions fail after start-up, to provoke a 500."""

    armed = False  # the start-up smoke test must pass; tests arm it afterwards

    def predict_proba(self, X):
        if ExplodingClassifier.armed:
            raise RuntimeError("deliberate failure for the 500 test")
        return super().predict_proba(X)


def training_stats(X, names) -> dict:
    """model.json's training_stats for the training rows X (columns in `names` order)."""
    X = np.asarray(X, dtype=float)
    return {name: {"min": float(col.min()), "max": float(col.max()), "mean": float(col.mean()),
                   "std": float(col.std()), "count": int(len(col))} for name, col in zip(names, X.T)}


def write_artifact(folder, estimator, names, class_names, training_rows=None, **overrides) -> pathlib.Path:
    """Dump `estimator` and its model.json into `folder` (fields overridable for bad cases);
    with training_rows, model.json records their per-feature statistics."""
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    joblib.dump(estimator, folder / contract.MODEL_FILE)
    meta = {
        "format_version": contract.FORMAT_VERSION,
        "model_file": contract.MODEL_FILE,
        "sha256": contract.sha256_of(folder / contract.MODEL_FILE),
        "model_type": f"{type(estimator).__module__}.{type(estimator).__name__}",
        "estimator": type(estimator).__name__,
        "params": {k: repr(v) if not isinstance(v, (int, float, str, bool, type(None))) else v
                   for k, v in estimator.get_params(deep=False).items()},
        "feature_names": list(names),
        "classes": [c.item() if hasattr(c, "item") else c for c in estimator.classes_],
        "class_names": list(class_names),
        "metrics": {"accuracy": 0.97},
        "sklearn_version": sklearn.__version__,
        "python_version": platform.python_version(),
        "trained_at": datetime.datetime.now(datetime.timezone.utc).isoformat(),
        "source": "tests/ml_support.py",
        "candidates": [{"name": "model", "estimator": type(estimator).__name__, "score": 0.97,
                        "scored_by": "held-out accuracy on X_test (38 rows)"}],
    }
    if training_rows is not None:
        meta["training_stats"] = training_stats(training_rows, names)
    meta.update(overrides)
    (folder / contract.META_FILE).write_text(json.dumps(meta, indent=2))
    return folder


def iris_model(folder, columns=CANONICAL, use=(0, 1, 2, 3), string_classes=False, dataframe=False,
               cls=LogisticRegression, **overrides) -> pathlib.Path:
    """Train a small Iris classifier on the columns `use` and write its artifact."""
    iris = load_iris()
    X = iris.data[:, list(use)]
    names = [columns[i] for i in use]
    y = iris.target
    class_names = IRIS_NAMES
    if string_classes:
        y = np.array([f"Iris-{IRIS_NAMES[t]}" for t in iris.target])
        class_names = [f"Iris-{n}" for n in IRIS_NAMES]
    if dataframe:
        import pandas as pd
        X = pd.DataFrame(X, columns=names)
    estimator = cls(max_iter=1000).fit(X, y)
    return write_artifact(folder, estimator, names, class_names, training_rows=X, **overrides)


SCHEMATHESIS_CONFIG = """
# A batch over MAX_BATCH_ROWS is a size limit, answered 413 like an oversized body.
[checks.negative_data_rejection]
expected-statuses = [400, 401, 404, 405, 413, 415]

# A tensor's data must hold as many values as its shape says, and its shape must be
# [N, k] or [N]: JSON Schema cannot state either, so a schema-valid tensor can get 400.
[[operations]]
include-path = "/v2/models/{model_name}/infer"
checks.positive_data_acceptance.expected-statuses = ["2xx", 400, 401]
"""


def schemathesis(url: str, model_name: str, folder, seed: int) -> subprocess.CompletedProcess:
    """schemathesis's every check against the service at `url`, from its own /openapi.json,
    bounded in examples and time; the report goes to `folder`."""
    folder = pathlib.Path(folder)
    config = folder / "schemathesis.toml"
    config.write_text(SCHEMATHESIS_CONFIG.format(model_name=model_name))
    command = [sys.executable, "-m", "schemathesis.cli", "--config-file", str(config), "run",
               f"{url}/openapi.json", "--checks", "all", "--max-examples", "30", "--max-time", "20",
               "--seed", str(seed), "--request-timeout", "10", "--workers", "1", "--generation-database", "none",
               "--no-color", "--report-dir", str(folder / "report")]
    return subprocess.run(command, capture_output=True, text=True, timeout=240)


class AppClient:
    """The real ASGI application (`create_app(...)`, what gunicorn serves) called in-process through
    httpx's ASGITransport, every request through the edge, the router and the route: no second
    entry point. Synchronous for the tests' sake (its own event loop); answers are httpx.Response.
    `data` and `content_type` send raw bytes (or text) with that Content-Type."""

    #: One event loop for every client of the session (a2wsgi's bridge threads answer on it).
    _loop = asyncio.Runner()
    atexit.register(_loop.close)

    def __init__(self, app):
        self.app = app
        self._client = httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://ml_app.test")

    def request(self, method, path, data=None, content_type=None, headers=None, **kw) -> httpx.Response:
        headers = dict(headers or {})
        if content_type is not None:
            headers["Content-Type"] = content_type
        if data is not None:
            kw["content"] = data
        return self._loop.run(self._client.request(method, path, headers=headers, **kw))

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)

    def options(self, path, **kw):
        return self.request("OPTIONS", path, **kw)

    def close(self):
        self._loop.run(self._client.aclose())


def post(client, body, content_type="application/json", **kw):
    """POST `body` (a dict or a list as JSON, bytes or text as they are) to /prediction."""
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post("/prediction", data=data, content_type=content_type, **kw)


def details(response) -> dict:
    """{field: problem} from an error response, after checking the error shape."""
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details"} and error["message"]
    return {d["field"]: d["problem"] for d in error["details"]}


def media_type(response) -> str:
    """A response's Content-Type without parameters."""
    return response.headers.get("content-type", "").split(";", 1)[0]


def free_port() -> int:
    """A loopback port nobody is listening on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Service:
    """ml_app under gunicorn exactly as `./build.sh serve-ml` starts it, on a free port."""

    command = [sys.executable, "-m", "gunicorn", "--config", "ml_app/gunicorn.conf.py"]
    ready_path = "/ready"
    name = "gunicorn"  # names its log files
    #: An ordinary request: method, path, JSON body.
    ordinary = ("POST", "/prediction", SETOSA)
    #: Where a client posts a flower's measurements.
    post_path = "/prediction"

    def __init__(self, model_dir, workers=2, env=None, log_dir=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_dir = pathlib.Path(log_dir)
        self.stdout_path = self.log_dir / f"{self.name}.stdout"
        self.stderr_path = self.log_dir / f"{self.name}.stderr"
        self.env = {**os.environ, "MODEL_DIR": str(model_dir), "ML_HOST": "127.0.0.1", "ML_PORT": str(self.port),
                    "WEB_CONCURRENCY": str(workers), **(env or {})}
        self.env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        self.process = None

    def start(self, wait=True, timeout=60):
        """Start the server; with wait, return once its ready_path answers 200 (bounded)."""
        with self.stdout_path.open("wb") as out, self.stderr_path.open("wb") as err:
            self.process = subprocess.Popen(
                self.command,
                cwd=ROOT, env=self.env, stdout=out, stderr=err)
        if wait:
            self.wait_ready(timeout)
        return self

    def __enter__(self):
        """`with Service(...) as svc:` starts it and waits until ready; leaving stops it."""
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    def wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}: {self.stderr()}")
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(self.url + self.ready_path, timeout=1) as resp:
                    if resp.status == 200:
                        return
            time.sleep(0.1)
        raise TimeoutError(f"ml_app not ready within {timeout}s: {self.stderr()}")

    def stop(self, timeout=30) -> int:
        """SIGTERM (graceful shutdown) and wait, bounded; kill only if it hangs."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        return self.process.returncode

    def stdout(self) -> str:
        return self.stdout_path.read_text(errors="replace")

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")

    def request(self, method, path, body=None, headers=None, timeout=10):
        """One HTTP request; returns (status, headers, body bytes) for any status."""
        data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        hdrs = {"Content-Type": "application/json"} if data is not None else {}
        hdrs.update(headers or {})
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=hdrs)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.status, resp.headers, resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers, exc.read()


class WebApp(Service):
    """web_app as `./build.sh serve-web` starts it (`node web_app/server.js`), on a free port."""

    command = ["node", "web_app/server.js"]
    ready_path = "/health"
    name = "web_app"
    ordinary = ("GET", "/health", None)
    post_path = "/api/predict"

    def __init__(self, ml_url, env=None, log_dir=None):
        super().__init__("", env={"WEB_HOST": "127.0.0.1", "ML_URL": ml_url, **(env or {})}, log_dir=log_dir)
        self.env["WEB_PORT"] = str(self.port)
