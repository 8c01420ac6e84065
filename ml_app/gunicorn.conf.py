"""Every gunicorn setting for ml_app, in one place (`gunicorn --config ml_app/gunicorn.conf.py ml_app.wsgi:app`).

Environment: ML_HOST, ML_PORT, WEB_CONCURRENCY (workers), ML_THREADS,
PROMETHEUS_MULTIPROC_DIR (made fresh here when unset).
"""
import gc
import os
import shutil
import sys
import tempfile

# The metrics of all workers are summed from files in one folder; it must be
# set before any worker imports prometheus_client, i.e. here in the master.
_OWN_METRICS_DIR = not os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if _OWN_METRICS_DIR:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="ml_app-metrics-")
else:  # a folder given by the deployment (empty it between runs, or counts carry over)
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)
# One core per worker does the work; BLAS thread pools would only fight over it.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

bind = f"{os.environ.get('ML_HOST', '127.0.0.1')}:{os.environ.get('ML_PORT', '5000')}"
# One worker per CPU this process may use (a container's cpuset, a taskset).
workers = int(os.environ.get("WEB_CONCURRENCY") or len(os.sched_getaffinity(0)))
# gthread keeps connections alive and parks idle ones in a poller, so clients
# that reuse a connection skip the TCP handshake on every request. ml_app's
# variant (ml_app/worker.py) parks new connections there too until they send
# a request, so a thread only ever works and a silent client costs nothing.
# The work is CPU-bound under one GIL: one thread per worker has the steadiest
# latency (at 16 connections on one core, p99 3.6 ms with 1 thread, 4.6 ms with 2).
worker_class = "ml_app.worker.ParkingThreadWorker"
threads = int(os.environ.get("ML_THREADS", "1"))
# Longer than any client's or proxy's idle timeout (web_app's agent: 30 s, common
# load balancers: 60 s), so the client always closes an idle connection first
# and never sends a request on one the server is closing.
keepalive = 75
timeout = 30  # a worker silent this long is stuck: restart it
graceful_timeout = 20  # on SIGTERM, finish in-flight requests for up to this long
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # heartbeat off disk
# Several instances share a host (tests, benchmarks); nothing here uses gunicorn's control socket.
control_socket_disable = True
accesslog = None  # the app writes one JSON access line per request itself
errorlog = "-"
loglevel = "info"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "ml_app.logs.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
    "root": {"handlers": ["stderr"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
    },
}


def on_starting(server):
    """Load and verify the model once in the master, before any worker forks: a bad
    artifact stops start-up with one paragraph and exit status 4 (gunicorn's "app
    failed to load") instead of a crash loop of workers. The master also imports
    the whole stack here, so every worker inherits it instead of importing it
    again (that import is most of the time to ready); each worker still loads its
    own copy of the model."""
    import ml_app  # noqa: F401  (imported for the workers to inherit)
    from ml_app.config import Settings
    from ml_app.model import ModelError, load_model

    try:
        load_model(Settings.from_env().model_dir)
    except (ModelError, ValueError) as exc:
        print(f"ml_app: cannot start: {exc}", file=sys.stderr, flush=True)
        on_exit(server)
        sys.exit(4)
    gc.freeze()  # the imported stack is permanent: keep GC passes (and exit) off it


def post_worker_init(worker):
    """Gunicorn answers malformed HTTP (a bad request line, oversized headers) itself,
    with an HTML page, before the app sees anything. Its one writer of those pages,
    `gunicorn.util.write_error`, is swapped for one that sends the API's JSON error
    shape, so no HTML ever reaches a client."""
    from gunicorn import util

    from ml_app.errors import http_error_response

    def write_json_error(sock, status_int, reason, mesg):
        util.write_nonblock(sock, http_error_response(status_int, reason, mesg))

    util.write_error = write_json_error


def child_exit(server, worker):
    """Drop a dead worker's live-gauge files so they do not skew the sums."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    """Remove the metrics folder this config created."""
    if _OWN_METRICS_DIR:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
