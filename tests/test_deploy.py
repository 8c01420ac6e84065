"""Static checks of the deployment files: Dockerfiles, compose, Kubernetes.

No engine and no cluster needed: hadolint lints the Dockerfiles, the compose
v2 binary validates and resolves the compose files, kubernetes-validate checks
every manifest against the Kubernetes schemas (--strict catches unknown
fields), and the kustomizations are rendered and validated as a whole.
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
BIN = pathlib.Path(sys.executable).parent
K8S = ROOT / "deploy" / "k8s"
KUSTOMIZATIONS = sorted(p.parent for p in K8S.rglob("kustomization.yaml"))
MANIFESTS = sorted(p for p in K8S.rglob("*.yaml") if p.name != "kustomization.yaml")
SECRET = "iris-api-token"


def tool(name):
    """A command-line tool installed into the virtualenv by requirements/dev.txt."""
    path = BIN / name
    assert path.exists(), f"{name} is missing: pip install -r requirements/dev.txt"
    return str(path)


def compose_binary():
    """The compose v2 binary itself: its pip wrapper exits 0 even on an invalid file."""
    import compose

    return str(pathlib.Path(compose.__file__).parent / "docker-compose")


def run_compose(*args, env_extra=None, drop=()):
    """Run compose in the repository with an empty env file, so a developer's .env plays no part."""
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(env_extra or {})
    return subprocess.run([compose_binary(), "--env-file", os.devnull, *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def resolved_compose(*files):
    """The compose model after interpolation, as compose itself resolves it."""
    args = [a for f in files for a in ("-f", f)]
    out = run_compose(*args, "config", "--format", "json", env_extra={"API_TOKEN": "t"})
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.mark.parametrize("dockerfile", ["ml_app/Dockerfile", "web_app/Dockerfile"])
def test_dockerfile_passes_hadolint(dockerfile):
    out = subprocess.run([tool("hadolint"), str(ROOT / dockerfile)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.parametrize("files", [["docker-compose.yml"], ["docker-compose.yml", "docker-compose.ml-port.yml"]],
                         ids=["default", "ml-port"])
def test_compose_files_are_valid(files):
    args = [a for f in files for a in ("-f", f)]
    out = run_compose(*args, "config", "-q", env_extra={"API_TOKEN": "t"})
    assert out.returncode == 0, out.stderr


def test_compose_refuses_to_run_without_an_api_token():
    out = run_compose("config", "-q", drop=("API_TOKEN",))
    assert out.returncode != 0
    assert "API_TOKEN" in out.stderr


def test_compose_publishes_only_web_app_by_default():
    services = resolved_compose("docker-compose.yml")["services"]
    assert "ports" not in services["ml_app"]
    assert [p["target"] for p in services["web_app"]["ports"]] == [3000]


def test_ml_app_stays_scalable_with_its_port_published():
    ml_app = resolved_compose("docker-compose.yml", "docker-compose.ml-port.yml")["services"]["ml_app"]
    assert "container_name" not in ml_app
    assert [p.get("published") for p in ml_app["ports"]] in ([None], [""]), "a fixed host port blocks --scale"


def test_web_app_waits_for_a_healthy_ml_app_by_service_name():
    web = resolved_compose("docker-compose.yml")["services"]["web_app"]
    assert web["depends_on"]["ml_app"]["condition"] == "service_healthy"
    assert web["environment"]["ML_URL"] == "http://ml_app:5000"


@pytest.mark.parametrize("manifest", MANIFESTS, ids=[str(p.relative_to(K8S)) for p in MANIFESTS])
def test_kubernetes_manifest_is_valid(manifest):
    out = subprocess.run([tool("kubernetes-validate"), "--strict", "--quiet", str(manifest)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr


def render_kustomization(folder):
    """The objects a kustomization renders to: `kubectl kustomize` when kubectl is
    installed, else a small renderer for the features these files use
    (resources, namespace, labels, secretGenerator literals)."""
    kubectl = shutil.which("kubectl")
    if kubectl:
        out = subprocess.run([kubectl, "kustomize", str(folder)], capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        return [d for d in yaml.safe_load_all(out.stdout) if d]
    return render_in_python(folder)


def render_in_python(folder):
    """Fallback renderer; see render_kustomization."""
    spec = yaml.safe_load((folder / "kustomization.yaml").read_text())
    objects = []
    for entry in spec.get("resources", []):
        path = (folder / entry).resolve()
        objects += render_in_python(path) if path.is_dir() else [d for d in yaml.safe_load_all(path.read_text()) if d]
    for gen in spec.get("secretGenerator", []):
        data = dict(item.split("=", 1) for item in gen.get("literals", []))
        objects.append({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": gen["name"]}, "stringData": data})
    for obj in objects:
        for pairs in (entry["pairs"] for entry in spec.get("labels", [])):
            obj["metadata"].setdefault("labels", {}).update(pairs)
        if spec.get("namespace") and obj["kind"] != "Namespace":
            obj["metadata"]["namespace"] = spec["namespace"]
    return objects


@pytest.mark.parametrize("folder", KUSTOMIZATIONS, ids=[str(p.relative_to(K8S)) for p in KUSTOMIZATIONS])
def test_kustomization_renders_objects_that_validate(folder, tmp_path):
    objects = render_kustomization(folder)
    rendered = tmp_path / "rendered.yaml"
    rendered.write_text(yaml.safe_dump_all(objects))
    out = subprocess.run([tool("kubernetes-validate"), "--strict", "--quiet", str(rendered)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    kinds = {o["kind"] for o in objects}
    assert {"Deployment", "Service", "HorizontalPodAutoscaler"} <= kinds


def base_objects():
    """The base's objects by (kind, name)."""
    return {(o["kind"], o["metadata"]["name"]): o for o in render_kustomization(K8S / "base")}


def containers():
    """Every container of every Deployment in the base."""
    return [c for (kind, _), o in base_objects().items() if kind == "Deployment"
            for c in o["spec"]["template"]["spec"]["containers"]]


def test_hpa_autoscales_the_ml_app_deployment():
    objects = base_objects()
    hpa = objects["HorizontalPodAutoscaler", "ml-app"]
    target = hpa["spec"]["scaleTargetRef"]
    assert ("Deployment", target["name"]) in objects
    assert hpa["spec"]["minReplicas"] < hpa["spec"]["maxReplicas"]


def test_services_select_their_deployments_pods():
    objects = base_objects()
    for (kind, name), service in objects.items():
        if kind == "Service":
            pod_labels = objects["Deployment", name]["spec"]["template"]["metadata"]["labels"]
            assert service["spec"]["selector"].items() <= pod_labels.items(), name


def test_every_container_has_probes_and_resource_limits():
    for c in containers():
        assert c["readinessProbe"]["httpGet"]["path"] == "/ready", c["name"]
        assert c["livenessProbe"]["httpGet"]["path"] == "/health", c["name"]
        assert {"cpu", "memory"} <= c["resources"]["requests"].keys() & c["resources"]["limits"].keys(), c["name"]


def test_every_container_runs_non_root_on_a_read_only_root_filesystem():
    for (kind, name), o in base_objects().items():
        if kind == "Deployment":
            pod = o["spec"]["template"]["spec"]
            assert pod["securityContext"]["runAsNonRoot"] is True, name
            for c in pod["containers"]:
                assert c["securityContext"]["readOnlyRootFilesystem"] is True, name
                assert c["securityContext"]["allowPrivilegeEscalation"] is False, name


def test_api_token_comes_from_the_secret_in_every_container():
    for c in containers():
        token = next(e for e in c["env"] if e["name"] == "API_TOKEN")
        assert token["valueFrom"]["secretKeyRef"] == {"name": SECRET, "key": "API_TOKEN"}, c["name"]


def test_dev_overlay_generates_the_secret_the_deployments_use():
    objects = render_kustomization(K8S / "overlays" / "dev")
    assert any(o["kind"] == "Secret" and o["metadata"]["name"] == SECRET for o in objects)
