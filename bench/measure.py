"""One measurement pass over one running server: the loads, CPU and memory."""
import pathlib

from bench import wrk
from bench.payloads import BATCH_ROWS
from bench.servers import RunningServer

#: Connections per load: one client, many clients, and a few batch clients.
LOADS = {"c1": ("single", 1), "c16": ("single", 16), "batch": ("batch", 4)}
MIB = 1024 * 1024


def measure(server: RunningServer, bodies: dict, seconds: int, wrk_prefix: list) -> dict:
    """Warm the server up, run every load in LOADS, then read its memory.

    Returns flat figures ("c16.requests_per_s", "startup_s", ...) so repeats
    can be reduced to medians key by key.
    """
    url = f"{server.url}/prediction"
    wrk.run(url, bodies["single"], 16, 1, wrk_prefix)  # warm-up: imports, caches, connections; not counted
    figures = {"startup_s": server.startup_s, **server.startup_phases()}
    for load, (body, connections) in LOADS.items():
        figures.update(_load(server, url, bodies[body], connections, seconds, wrk_prefix, prefix=f"{load}."))
    figures["batch.rows_per_s"] = figures["batch.requests_per_s"] * BATCH_ROWS
    rss = server.worker_rss_bytes()
    figures.update({"workers": len(rss), "worker_rss_max_mib": max(rss, default=0) / MIB,
                    "worker_rss_total_mib": sum(rss) / MIB})
    return figures


def _load(server: RunningServer, url: str, body: pathlib.Path, connections: int, seconds: int,
          wrk_prefix: list, prefix: str) -> dict:
    """One wrk run, plus the server tree's CPU time per request over it."""
    cpu_before = server.cpu_seconds()
    report = wrk.run(url, body, connections, seconds, wrk_prefix)
    cpu_used = server.cpu_seconds() - cpu_before
    figures = {
        "requests_per_s": report.requests_per_s,
        "p50_ms": report.p50_ms,
        "p99_ms": report.p99_ms,
        "cpu_us_per_request": cpu_used / report.requests * 1e6 if report.requests else None,
        "requests": report.requests,
        "errors": report.non_2xx + report.socket_errors,
    }
    return {prefix + key: value for key, value in figures.items()}
