"""The container path, proved on a real Docker engine.

The test does what a user without an image registry does (deploy/README.md):
start a private dockerd (scripts/docker-engine.sh), make the base images
offline (scripts/base-images.sh, cached in build/base-images), then build and
run the stack with scripts/docker-stack.sh, which is also what
`./build.sh docker` runs. It drives the composed stack over HTTP, scales
ml_app, takes everything down and stops the engine by its PID.

Under CI=true the engine is required: no engine is a failure, not a skip.
Image sizes and the start-up time (compose up -> every service healthy) are
printed in the test report.
"""
import json
import os
import pathlib
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from contract import EXAMPLES

ROOT = pathlib.Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"
IN_CI = os.environ.get("CI") in ("true", "1")
# Where scripts/docker-stack.sh keeps a private engine; short, as dockerd puts sockets in it.
ENGINE_DIR = pathlib.Path(os.environ.get("ENGINE_DIR", "/tmp/iris-docker"))
ML_IMAGE, WEB_IMAGE = "iris-ml_app:latest", "iris-web_app:latest"
VIRGINICA = dict(EXAMPLES["virginica"])
# ml_app writes one JSON access line per request (ml_app/logs.py).
PREDICTION_LOG = re.compile(r'"path":\s*"/prediction"')


def unavailable(reason):
    """CI installs everything this path needs, so there a missing piece fails; elsewhere it skips."""
    if IN_CI:
        pytest.fail(reason)
    pytest.skip(reason)


def run(args, env, timeout, check=True):
    """Run a command from the repository root; on failure show its output."""
    out = subprocess.run([str(a) for a in args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    if check and out.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, args))} exited {out.returncode}\n"
                             f"--- stdout\n{out.stdout[-4000:]}\n--- stderr\n{out.stderr[-4000:]}")
    return out


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def report(config, line):
    """Print a measurement into the test report, past pytest's output capture."""
    with config.pluginmanager.get_plugin("capturemanager").global_and_fixture_disabled():
        config.pluginmanager.get_plugin("terminalreporter").write_line(f"[containers] {line}")


def post_form(url, fields):
    data = urllib.parse.urlencode(fields).encode()
    with urllib.request.urlopen(urllib.request.Request(url, data=data, method="POST"), timeout=15) as response:
        return response.read().decode()


def post_json(url, document, token):
    """POST JSON; return (status, decoded body) for success and error answers alike."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=json.dumps(document).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def running_engine(docker_host=None):
    """Whether the engine DOCKER_HOST (or the default socket) names answers."""
    if not shutil.which("docker"):
        return False
    env = {**os.environ, "DOCKER_HOST": docker_host} if docker_host else None
    return subprocess.run(["docker", "version"], env=env, capture_output=True, timeout=30).returncode == 0


@pytest.fixture(scope="module")
def engine():
    """DOCKER_HOST of an engine: one already running (DOCKER_HOST, the default
    socket, or the private one scripts/docker-stack.sh leaves in ENGINE_DIR),
    else a private dockerd started here and stopped by its PID at the end.
    Never a second engine beside a running one: they would fight over the
    bridge and iptables."""
    if running_engine():
        yield os.environ.get("DOCKER_HOST", "")
        return
    shared = f"unix://{ENGINE_DIR}/docker.sock"
    if running_engine(shared):
        yield shared
        return
    if os.geteuid() != 0 or not shutil.which("dockerd"):
        unavailable("no Docker engine: run as root with docker.io installed (apt-get install docker.io), "
                    "or start Docker; ./build.sh test installs it under CI=true")
    started = run(["bash", SCRIPTS / "docker-engine.sh", "start", ENGINE_DIR], os.environ, 120, check=False)
    if started.returncode != 0:
        shutil.rmtree(ENGINE_DIR, ignore_errors=True)
        unavailable(f"could not start a Docker engine:\n{started.stderr}")
    try:
        yield shared
    finally:
        run(["bash", SCRIPTS / "docker-engine.sh", "stop", ENGINE_DIR], os.environ, 120, check=False)
        shutil.rmtree(ENGINE_DIR, ignore_errors=True)


@pytest.fixture(scope="module")
def base_images(engine, pytestconfig):
    """Build arguments naming the offline base images in the engine."""
    env = {**os.environ, "DOCKER_HOST": engine} if engine else dict(os.environ)
    started = time.monotonic()
    out = run(["bash", SCRIPTS / "base-images.sh"], env, 1200, check=False)
    if "debootstrap is missing" in out.stderr:
        unavailable("debootstrap is missing: apt-get install debootstrap")
    assert out.returncode == 0, out.stderr[-4000:]
    report(pytestconfig, f"base images ready in {time.monotonic() - started:.0f} s")
    return dict(line.split("=", 1) for line in out.stdout.split())


class Stack:
    """The composed stack of one test run, driven through scripts/docker-stack.sh."""

    def __init__(self, env):
        self.env = env
        self.project = env["COMPOSE_PROJECT_NAME"]

    def script(self, *args, timeout=300):
        return run(["bash", SCRIPTS / "docker-stack.sh", *args], self.env, timeout)

    def docker(self, *args, timeout=120):
        return run(["docker", *args], self.env, timeout).stdout.strip()

    def web_url(self, path):
        return f"http://127.0.0.1:{self.env['WEB_HOST_PORT']}{path}"

    def ml_containers(self):
        return self.script("compose", "ps", "-q", "ml_app").stdout.split()

    def ml_url(self, container):
        """The host address the ml-port opt-in published for one replica."""
        return "http://" + self.docker("port", container, "5000").splitlines()[0]

    def predictions_served(self, container):
        logs = run(["docker", "logs", container], self.env, 60)
        return len(PREDICTION_LOG.findall(logs.stdout + logs.stderr))

    def image_megabytes(self, image):
        return int(self.docker("image", "inspect", "-f", "{{.Size}}", image)) / 1e6


@pytest.fixture(scope="module")
def stack(engine, base_images, project_model_dir, pytestconfig):
    """Both images built from the project's Dockerfiles on the offline bases, the
    stack up and healthy with ml_app's port opted in; taken down at the end."""
    env = {
        **os.environ, **base_images,
        "API_TOKEN": secrets.token_hex(16),
        "COMPOSE_PROJECT_NAME": f"iris-test-{os.getpid()}",
        "WEB_BIND": "127.0.0.1", "WEB_HOST_PORT": str(free_port()),
        "PUBLISH_ML": "1", "ML_BIND": "127.0.0.1", "ML_HOST_PORT": "",
        "MODEL_DIR": str(project_model_dir), "VENV": sys.prefix,
    }
    if engine:
        env["DOCKER_HOST"] = engine
    stack = Stack(env)
    try:
        started = time.monotonic()
        stack.script("build", timeout=1500)
        report(pytestconfig, f"images built in {time.monotonic() - started:.0f} s")
        for image in (ML_IMAGE, WEB_IMAGE):
            report(pytestconfig, f"{image}: {stack.image_megabytes(image):.0f} MB")
        started = time.monotonic()
        stack.script("start")
        report(pytestconfig, f"compose up -> all healthy in {time.monotonic() - started:.1f} s")
        yield stack
    finally:
        run(["bash", SCRIPTS / "docker-stack.sh", "down"], env, 120, check=False)


def test_web_form_shows_the_species_ml_app_predicts(stack):
    html = post_form(stack.web_url("/predict"), VIRGINICA)
    shown = re.search(r'id="result-class">([^<]*)<', html)
    assert shown, "the page shows no prediction"
    assert "virginica" in shown.group(1).lower()


def test_ml_app_answers_direct_calls_with_the_baked_model(stack, project_model_dir):
    url = stack.ml_url(stack.ml_containers()[0]) + "/prediction"
    status, body = post_json(url, VIRGINICA, stack.env["API_TOKEN"])
    assert status == 200, body
    assert body["prediction"] == "virginica"
    sha = json.loads((project_model_dir / "model.json").read_text())["sha256"]
    assert body["model_version"] == sha[:12]


def test_ml_app_refuses_calls_without_the_token_compose_passed(stack):
    url = stack.ml_url(stack.ml_containers()[0]) + "/prediction"
    status, _ = post_json(url, VIRGINICA, token=None)
    assert status == 401


def test_ml_app_image_is_labelled_with_its_model_version(stack, project_model_dir):
    label = stack.docker("image", "inspect", "-f", '{{ index .Config.Labels "org.opencontainers.image.version" }}',
                         ML_IMAGE)
    assert label == json.loads((project_model_dir / "model.json").read_text())["sha256"][:12]


def test_ml_app_image_holds_no_notebook_stack_or_compiler(stack):
    probe = ("import importlib.util as u, json, shutil; "
             "print(json.dumps([m for m in ('pandas', 'matplotlib', 'seaborn', 'nbconvert', 'IPython') "
             "if u.find_spec(m)] + [c for c in ('gcc', 'cc', 'make') if shutil.which(c)]))")
    extra = stack.docker("run", "--rm", "--entrypoint", "python3", ML_IMAGE, "-c", probe)
    assert json.loads(extra) == []


@pytest.mark.parametrize("image", [ML_IMAGE, WEB_IMAGE])
def test_image_runs_as_a_non_root_user(stack, image):
    assert stack.docker("run", "--rm", "--entrypoint", "id", image, "-u") != "0"


def test_scaled_ml_app_replicas_all_serve_web_app_requests(stack, pytestconfig):
    started = time.monotonic()
    stack.script("scale", "2")
    report(pytestconfig, f"scaled ml_app to 2 healthy replicas in {time.monotonic() - started:.1f} s")
    replicas = stack.ml_containers()
    assert len(replicas) == 2
    before = {c: stack.predictions_served(c) for c in replicas}
    served = {c: 0 for c in replicas}
    # web_app re-resolves the service name every few seconds: bounded in count and time.
    deadline = time.monotonic() + 60
    for sent in range(1, 201):
        post_form(stack.web_url("/predict"), VIRGINICA)
        if sent % 5 == 0:
            served = {c: stack.predictions_served(c) - before[c] for c in replicas}
            if all(served.values()) or time.monotonic() > deadline:
                break
        time.sleep(0.1)
    report(pytestconfig, f"predictions per ml_app replica via web_app: {sorted(served.values())}")
    assert all(n > 0 for n in served.values()), served


def test_down_leaves_no_container_of_the_stack(stack):
    stack.script("down")
    left = stack.docker("ps", "-a", "-q", "--filter", f"label=com.docker.compose.project={stack.project}")
    assert left == ""
