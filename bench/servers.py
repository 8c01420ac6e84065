"""Starting the two servers under test, pinned, timed to ready, and always stopped.

Each server runs in its own session (process group), so stopping it reaches
every gunicorn worker even when the harness is interrupted or fails.
"""
import contextlib
import json
import os
import pathlib
import signal
import socket
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from bench import procfs

ROOT = pathlib.Path(__file__).resolve().parents[1]
#: The gunicorn of the virtualenv running the bench (build.sh runs it with $VENV/bin/python,
#: which need not be the project's own .venv, e.g. in a git worktree).
GUNICORN = pathlib.Path(sys.executable).parent / "gunicorn"
READY_TIMEOUT_S = 60
STOP_TIMEOUT_S = 10
#: Settings of the caller's shell that would change what is measured: a token
#: would turn every request into a 401, a worker count would override the
#: servers' own policies, a shared metrics folder would mix two servers.
_SCRUBBED_ENV = ("API_TOKEN", "WEB_CONCURRENCY", "PROMETHEUS_MULTIPROC_DIR")
#: Loopback only: an http_proxy in the caller's environment must not see /ready polls.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass(frozen=True)
class ServerSpec:
    """How to start one server: its command line, with `{port}` where the port goes, and the
    folder it runs in (the project root, or one under the bench's output folder)."""

    name: str
    description: str
    argv: tuple
    folder: str = ""

    def command(self, port: int) -> list:
        """The command line, with `{port}` placeholders filled in."""
        return [arg.format(port=port) for arg in self.argv]


ML_APP = ServerSpec(
    "ml_app",
    "the project's service: build.sh serve-ml's own gunicorn command line and config "
    "(workers = CPUs in its affinity, each a uvicorn event loop: ml_app/worker.py)",
    (str(GUNICORN), "--config", "ml_app/gunicorn.conf.py"),
)
BASELINE = ServerSpec(
    "baseline",
    "naive Flask app (bench/baseline_app.py), gunicorn sync worker, 2 workers",
    # Without --no-control-socket, concurrent gunicorns would fight over one default socket path.
    (str(GUNICORN), "--workers", "2", "--worker-class", "sync", "--bind", "127.0.0.1:{port}",
     "--no-control-socket", "bench.baseline_app:app"),
)
#: ml_app's last commit before the event-loop worker (issue 12: batches no slower than then).
BEFORE_COMMIT = "0138207bbcdd4dbc973bdc356f1f45065dedc441"
BEFORE = ServerSpec(
    "before",
    f"ml_app before the event-loop worker (commit {BEFORE_COMMIT[:7]}: gthread, parking worker), "
    "from `git archive`, with today's virtualenv and model",
    (str(GUNICORN), "--config", "ml_app/gunicorn.conf.py", "ml_app.wsgi:app"),
    folder="before",
)
SPECS = {spec.name: spec for spec in (ML_APP, BASELINE, BEFORE)}


def export_before(work: pathlib.Path) -> str | None:
    """Put BEFORE's ml_app under work/before; None when done, else why it cannot be (a
    shallow clone lacks the commit): the bench then runs without it."""
    target = work / BEFORE.folder
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", "--format=tar", BEFORE_COMMIT, "ml_app"], cwd=ROOT,
                             capture_output=True)
    if archive.returncode != 0:
        return f"git archive {BEFORE_COMMIT[:7]} failed: {archive.stderr.decode(errors='replace').strip()}"
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return None


#: The keys of model.json's format 1, the only format BEFORE's ml_app reads.
FORMAT_1_KEYS = ("format_version", "model_file", "sha256", "model_type", "estimator", "params", "feature_names",
                 "classes", "class_names", "metrics", "sklearn_version", "python_version", "trained_at", "source",
                 "training_stats", "candidates")


def as_format_1(model_dir: pathlib.Path, target: pathlib.Path) -> pathlib.Path:
    """An Iris model of today's format as BEFORE's ml_app reads it: the same model.joblib (its sha256
    unchanged) beside a model.json of format 1's keys only. A format 2 Iris model takes the same four
    centimetre columns, so the two servers answer the same model."""
    meta = json.loads((model_dir / "model.json").read_text(encoding="utf-8"))
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(model_dir / meta["model_file"], target / meta["model_file"])
    old = {key: value for key, value in meta.items() if key in FORMAT_1_KEYS}
    old["format_version"] = 1
    (target / "model.json").write_text(json.dumps(old), encoding="utf-8")
    return target


#: The start-up milestones in gunicorn's and uvicorn's log lines, by figure key: the master has
#: read its config (and imported ml_app with it), loaded the model (on_starting) and bound the
#: socket, forked the first worker, and that worker serves.
STARTUP_MILESTONES = {
    "startup.config_s": "Starting gunicorn",
    "startup.listening_s": "Listening at",
    "startup.forked_s": "Booting worker",
    "startup.serving_s": "Started server process",
}


class ServerFailed(RuntimeError):
    """A server exited or did not become ready in time; the message has its log's tail."""


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def started(spec: ServerSpec, cpu_prefix: list, model_dir: pathlib.Path, log_path: pathlib.Path):
    """Spawn a server, wait until it is ready, and stop it on the way out, whatever happens."""
    server = RunningServer(spec, cpu_prefix, model_dir, log_path)
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


class RunningServer:
    """A spawned server: its URL, start-up time, and measurements of its process tree."""

    def __init__(self, spec: ServerSpec, cpu_prefix: list, model_dir: pathlib.Path, log_path: pathlib.Path):
        self.spec = spec
        folder = log_path.parent / spec.folder if spec.folder else ROOT
        if spec is BEFORE:
            model_dir = as_format_1(pathlib.Path(model_dir), folder / "model")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.command = [*cpu_prefix, *spec.command(self.port)]
        self.log_path = log_path
        env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED_ENV}
        env.update(MODEL_DIR=str(model_dir), ML_HOST="127.0.0.1", ML_PORT=str(self.port))
        log_path.parent.mkdir(parents=True, exist_ok=True)
        self.startup_s = None
        with open(log_path, "wb") as log:
            self.spawned_at = time.monotonic()
            self.spawned_wall = time.time()  # the log lines' clock, for startup_phases
            self.process = subprocess.Popen(self.command, cwd=folder, env=env, stdin=subprocess.DEVNULL,
                                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self) -> None:
        """Set startup_s: seconds from spawn to the first 200 on /ready, polling every 10 ms."""
        deadline = self.spawned_at + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerFailed(f"{self.spec.name} exited with status {self.process.returncode}. {self._log_tail()}")
            try:
                with _DIRECT.open(f"{self.url}/ready", timeout=1) as reply:
                    if reply.status == 200:
                        self.startup_s = time.monotonic() - self.spawned_at
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.01)
        raise ServerFailed(f"{self.spec.name} was not ready after {READY_TIMEOUT_S}s. {self._log_tail()}")

    def startup_phases(self) -> dict:
        """Where the start-up went: seconds from spawn to each milestone gunicorn and uvicorn log
        (ml_app's JSON log lines carry a `ts`; a server logging plain text has none: {})."""
        seen = {}
        for line in self.log_path.read_text(errors="replace").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if not isinstance(entry, dict) or not isinstance(entry.get("ts"), (int, float)):
                continue
            for key, start in STARTUP_MILESTONES.items():
                if key not in seen and str(entry.get("msg", "")).startswith(start):
                    seen[key] = entry["ts"] - self.spawned_wall
        return seen

    def _log_tail(self) -> str:
        """The end of the server's log, for error messages."""
        lines = self.log_path.read_text(errors="replace").splitlines()[-15:]
        return f"Last lines of {self.log_path}:\n" + "\n".join(lines)

    def tree(self) -> list:
        """The gunicorn master and all its workers."""
        return [self.process.pid, *procfs.descendants(self.process.pid)]

    def cpu_seconds(self) -> float:
        """CPU time the whole server tree has used so far."""
        return procfs.cpu_seconds(self.tree())

    def worker_rss_bytes(self) -> list:
        """Resident memory of each worker (the master's children)."""
        return [procfs.rss_bytes(pid) for pid in procfs.descendants(self.process.pid)]

    def stop(self) -> None:
        """SIGTERM the whole process group, then SIGKILL it if it lingers."""
        if self.process.poll() is None:
            _signal_group(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                pass
        _signal_group(self.process.pid, signal.SIGKILL)  # stragglers, e.g. a stuck worker
        self.process.wait()


def _signal_group(pgid: int, signum: int) -> None:
    """Signal a process group that may already be gone."""
    try:
        os.killpg(pgid, signum)
    except ProcessLookupError:
        pass
