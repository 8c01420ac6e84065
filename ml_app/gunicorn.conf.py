"""Every server setting for ml_app, in one place (`gunicorn --config ml_app/gunicorn.conf.py`).

Environment: ML_HOST, ML_PORT, WEB_CONCURRENCY (workers),
PROMETHEUS_MULTIPROC_DIR (made fresh here when unset), and the service's own
settings (ml_app/config.py: ML_MAX_CONNECTIONS per worker, ML_KEEPALIVE idle
seconds, ML_REQUEST_TIMEOUT seconds to receive a request, ...), read once here
in the master; the workers inherit that reading (ml_app/worker.py, asgi.py).
"""
import gc
import os
import resource
import shutil
import tempfile

# Start-up allocates some million objects (the scientific stack's modules, then the model)
# and frees almost none: the collector's passes over them would be 4% of the instructions
# to ready (cachegrind). It runs again once they are frozen (on_starting).
gc.disable()

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

from ml_app.config import from_environment  # noqa: E402  (after PROMETHEUS_MULTIPROC_DIR is set)
from ml_app.model import exit_cannot_start  # noqa: E402

try:
    _settings = from_environment()
except ValueError as _exc:  # a setting with a typo: one paragraph and exit status 4, as for a bad model
    exit_cannot_start(_exc)

wsgi_app = "ml_app.asgi:app"  # an ASGI app, served by the worker class below
bind = f"{os.environ.get('ML_HOST', '127.0.0.1')}:{os.environ.get('ML_PORT', '5000')}"
# One worker per CPU this process may use (a container's cpuset, a taskset).
workers = int(os.environ.get("WEB_CONCURRENCY") or len(os.sched_getaffinity(0)))
# uvicorn's event loop under gunicorn (ml_app/worker.py says why), with
# ml_app/protocol.py's limits: a waiting client is a coroutine, not a thread.
worker_class = "ml_app.worker.Worker"
# Connections one worker holds open; the next one gets 503 at once (ml_app/config.py).
worker_connections = _settings.max_connections
# Each connection is a file descriptor: raise the soft limit to fit (up to the hard
# limit), and where even that is too low, cap connections below it, so a worker
# answers 503 rather than fail to accept.
_FDS_OTHERWISE = 128  # the model, metrics files, logs, pipes
_soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if _soft != resource.RLIM_INFINITY and _soft < worker_connections + _FDS_OTHERWISE:
    _soft = worker_connections + _FDS_OTHERWISE
    if _hard != resource.RLIM_INFINITY:
        _soft = min(_soft, _hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (_soft, _hard))
    worker_connections = max(min(worker_connections, _soft - _FDS_OTHERWISE), 1)
# Idle seconds before a connection is closed, one that never sent anything
# included: longer than any client's idle timeout (ml_app/config.py says why).
keepalive = _settings.keepalive
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
    from ml_app.model import ModelError, load_model

    try:
        load_model(_settings.model_dir)
    except (ModelError, ValueError) as exc:
        on_exit(server)
        exit_cannot_start(exc)
    gc.freeze()  # the imported stack is permanent: keep GC passes (and exit) off it
    gc.enable()


def on_reload(server):
    """A HUP runs this file again (its gc.disable() included) but not on_starting: collect again."""
    gc.enable()


def when_ready(server):
    """On a full stop (not a reload, not a hand-over to a new master on USR2), make the
    listening sockets drop new connection attempts before gunicorn closes them, so the
    workers can serve what is queued without more arriving: nobody's request is reset
    (ml_app.worker.refuse_new_connections)."""
    from ml_app.worker import refuse_new_connections

    stop = server.stop

    def stop_refusing_new_connections(graceful=True):
        if server.reexec_pid == server.master_pid == 0:
            for listener in server.LISTENERS:
                refuse_new_connections(listener)
        stop(graceful)

    server.stop = stop_refusing_new_connections


def child_exit(server, worker):
    """Drop a dead worker's live-gauge files so they do not skew the sums."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    """Remove the metrics folder this config created."""
    if _OWN_METRICS_DIR:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
