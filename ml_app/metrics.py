"""Prometheus metrics, correct across all gunicorn workers.

Under gunicorn, ml_app/gunicorn.conf.py sets PROMETHEUS_MULTIPROC_DIR before
any worker imports prometheus_client, so each worker writes its samples to
files there and a scrape of any worker sums them all. Without it (Flask's test
client, a plain `flask run`) the process's own registry is used.
"""
import os

import numpy as np
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client import multiprocess, values

from .logs import pid

if values.ValueClass is not values.MutexValue:
    # Multi-process mode checks the process id on every update, to notice a fork; with
    # os.getpid that is a system call per update. The same check, on the cached id.
    values.ValueClass = values.MultiProcessValue(process_identifier=pid)

REQUESTS = Counter("ml_http_requests_total", "HTTP requests answered, by route and status.", ["route", "status"])
LATENCY = Histogram(
    "ml_http_request_duration_seconds",
    "Time from receiving a request to having its answer, by route.",
    ["route"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)
PREDICTIONS = Counter("ml_predictions_total", "Rows predicted, by predicted class.", ["class_name"])


class Recorder:
    """Records one request cheaply: label children are bound once and reused."""

    def __init__(self):
        self._requests = {}
        self._latency = {}
        self._classes = ()

    def bind_classes(self, class_names) -> None:
        """Pre-bind the per-class counters, in the model's class order."""
        self._classes = tuple(PREDICTIONS.labels(name) for name in class_names)
        for child in self._classes:
            child.inc(0)  # a class never predicted yet still shows up, at zero

    def request(self, route: str, status: int, seconds: float) -> None:
        """Count a request and observe its latency."""
        key = (route, status)
        counter = self._requests.get(key)
        if counter is None:
            counter = self._requests[key] = REQUESTS.labels(route, str(status))
        counter.inc()
        histogram = self._latency.get(route)
        if histogram is None:
            histogram = self._latency[route] = LATENCY.labels(route)
        histogram.observe(seconds)

    def prediction(self, class_index: int) -> None:
        """Count one predicted row."""
        self._classes[class_index].inc()

    def predictions(self, class_indices: np.ndarray) -> None:
        """Count predicted rows per class (one increment per class, not per row)."""
        for index, count in enumerate(np.bincount(class_indices, minlength=len(self._classes))):
            if count:
                self._classes[index].inc(int(count))


def exposition() -> tuple[bytes, str]:
    """The metrics page: every worker's samples when running multi-process."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST

