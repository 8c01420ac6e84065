"""`./build.sh` as a new user runs it: `up` serves the whole stack and stops all of it.

`up` is started exactly as the README says, in its own session (as a terminal
would), on free loopback ports; a prediction goes through web_app to ml_app;
then the signal a user sends stops it, and no process of that session may be
left behind nor any port still listening.
"""
import contextlib
import json
import os
import pathlib
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from contract import EXAMPLES
from ml_support import free_port

ROOT = pathlib.Path(__file__).resolve().parents[1]
SETOSA = dict(EXAMPLES["setosa"])


def session_processes(sid):
    """Pids of the live processes whose session id is `sid` (zombies excluded)."""
    pids = []
    for stat in pathlib.Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if fields[0] != "Z" and int(fields[3]) == sid:
                pids.append(int(stat.parent.name))
    return pids


def listening(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def wait_for_json(url, process, timeout):
    """The JSON body of the first 200 from `url`, polling until `timeout` (bounded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"build.sh up exited with {process.returncode}"
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url, timeout=2) as resp:
                return json.load(resp)
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout}s")


@pytest.fixture
def stack(project_model_dir, tmp_path):
    """`./build.sh up` on free ports, in a new session; yields (process, ml_port, web_port, log)."""
    ml_port, web_port = free_port(), free_port()
    env = {**os.environ, "MODEL_DIR": str(project_model_dir), "ML_PORT": str(ml_port), "WEB_PORT": str(web_port),
           "ML_HOST": "127.0.0.1", "WEB_HOST": "127.0.0.1", "WEB_CONCURRENCY": "1"}
    for name in ("API_TOKEN", "ML_URL", "PROMETHEUS_MULTIPROC_DIR"):
        env.pop(name, None)
    log = tmp_path / "up.log"
    with log.open("wb") as out:
        process = subprocess.Popen([str(ROOT / "build.sh"), "up"], cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_json(f"http://127.0.0.1:{web_port}/ready", process, timeout=180)
        yield process, ml_port, web_port, log
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


def predict_through_web_app(web_port):
    request = urllib.request.Request(f"http://127.0.0.1:{web_port}/api/predict", data=json.dumps(SETOSA).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as resp:
        return json.load(resp)


def assert_stopped_cleanly(process, ml_port, web_port, log):
    """`up` exits within 30 s, leaving no process of its session and no port listening."""
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        pytest.fail(f"build.sh up did not stop within 30 s:\n{log.read_text()}")
    deadline = time.monotonic() + 10
    while session_processes(process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert session_processes(process.pid) == [], log.read_text()
    assert not listening(ml_port) and not listening(web_port)
    assert "Stopping ml_app and web_app" in log.read_text()


def test_up_serves_a_prediction_through_the_web_app(stack):
    _, _, web_port, _ = stack
    body = predict_through_web_app(web_port)
    assert body["prediction"] == "setosa"
    assert sum(body["probabilities"].values()) == pytest.approx(1.0)


def test_sigterm_to_up_stops_ml_app_and_web_app_and_leaves_no_process(stack):
    process, ml_port, web_port, log = stack
    assert len(session_processes(process.pid)) >= 3  # build.sh, gunicorn (master + worker), node
    process.send_signal(signal.SIGTERM)
    assert_stopped_cleanly(process, ml_port, web_port, log)


def test_ctrl_c_on_up_stops_everything_it_started(stack):
    process, ml_port, web_port, log = stack
    os.killpg(process.pid, signal.SIGINT)  # what a terminal sends its foreground process group
    assert_stopped_cleanly(process, ml_port, web_port, log)


def test_unknown_subcommand_is_an_error_that_lists_the_commands():
    run = subprocess.run([str(ROOT / "build.sh"), "deploy-everything"], cwd=ROOT, capture_output=True, text=True,
                         timeout=30)
    assert run.returncode != 0
    assert "unknown command 'deploy-everything'" in run.stderr
    assert "serve-ml" in run.stderr + run.stdout


def test_serve_ml_refuses_a_model_dir_of_ones_own_that_holds_no_model(tmp_path):
    mine = pathlib.Path(os.path.realpath(tmp_path)) / "my-model"
    env = {**os.environ, "MODEL_DIR": str(mine), "ML_PORT": str(free_port())}
    result = subprocess.run(["bash", str(ROOT / "build.sh"), "serve-ml"], env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode != 0
    assert f"MODEL_DIR={mine} holds no model" in result.stderr
    assert f"MODEL_DIR={mine} ./build.sh build" in result.stderr  # says how to build one
    assert not mine.exists()  # nothing was trained into it
