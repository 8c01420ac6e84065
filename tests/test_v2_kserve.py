"""The Open Inference Protocol, proven with a client nobody here wrote: KServe's InferenceRESTClient.

kserve 0.21.0 needs pandas<3 while train.txt pins pandas 3, so the client lives
in its own virtualenv (.venv-kserve, requirements/kserve-client.lock), made here
when missing; tests/kserve_driver.py runs in it against a real gunicorn.
"""
import hashlib
import json
import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest
from sklearn.datasets import load_iris

from ml_support import CANONICAL, ROOT, Service

TOKEN = "kserve-tok-5a4b3c"
REQUIREMENTS = ROOT / "requirements" / "kserve-client.lock"  # kserve-client.txt, locked with hashes


@pytest.fixture(scope="module")
def kserve_python() -> str:
    """The interpreter of .venv-kserve, (re)installed when requirements/kserve-client.lock changed."""
    venv = pathlib.Path(os.environ.get("KSERVE_VENV", ROOT / ".venv-kserve"))
    python = venv / "bin" / "python"
    stamp = venv / ".requirements-sha256"
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    if not python.exists() or not stamp.is_file() or stamp.read_text() != digest:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--require-hashes", "-r", str(REQUIREMENTS)], check=True, timeout=900)
        stamp.write_text(digest)
    return str(python)


@pytest.fixture(scope="module")
def service(project_model_dir, tmp_path_factory):
    svc = Service(project_model_dir, workers=2, env={"API_TOKEN": TOKEN},
                  log_dir=tmp_path_factory.mktemp("gunicorn")).start()
    yield svc
    svc.stop()


@pytest.fixture(scope="module")
def seen(service, kserve_python):
    """What KServe's client got for the 150 Iris flowers and for the error cases."""
    rows = load_iris().data
    bad = rows[:3].copy()
    bad[1, 2] = 150.0  # a petal length over the 100 cm the API accepts
    job = {"url": service.url, "model": "iris", "token": TOKEN, "rows": rows.tolist(), "bad_rows": bad.tolist()}
    run = subprocess.run([kserve_python, str(ROOT / "tests" / "kserve_driver.py")], input=json.dumps(job),
                         capture_output=True, text=True, timeout=120, check=True)
    return json.loads(run.stdout)


@pytest.fixture(scope="module")
def predictions(service):
    """/prediction's answers for the same 150 rows."""
    rows = [dict(zip(CANONICAL, r)) for r in load_iris().data.tolist()]
    status, _, body = service.request("POST", "/prediction", {"instances": rows},
                                      {"Authorization": f"Bearer {TOKEN}"})
    assert status == 200
    return json.loads(body)["predictions"]


def test_the_client_finds_the_server_and_the_model_ready(seen):
    assert seen["live"] is True and seen["ready"] is True and seen["model_ready"] is True


@pytest.mark.parametrize("form", ["matrix", "columns"])
def test_infer_gets_the_labels_and_probabilities_of_prediction(seen, predictions, form):
    answer = seen[form]
    assert answer["model_name"] == "iris" and answer["id"] == f"kserve-{form}"
    assert answer["labels"] == [p["prediction"] for p in predictions]
    class_names = list(predictions[0]["probabilities"])
    assert answer["shape"] == [150, len(class_names)]
    expected = [[p["probabilities"][name] for name in class_names] for p in predictions]
    assert answer["probabilities"] == expected  # the same core: identical floats, not merely close


def test_fp32_rows_are_predicted_as_float32_values(seen, predictions):
    answer = seen["fp32"]
    assert answer["labels"] == [p["prediction"] for p in predictions]
    class_names = list(predictions[0]["probabilities"])
    expected = np.array([[p["probabilities"][name] for name in class_names] for p in predictions])
    assert np.allclose(answer["probabilities"], expected, atol=1e-5)


def test_the_client_gets_the_warnings_in_the_response_parameters(seen):
    warned = seen["warned"]
    assert len(warned["labels"]) == 2
    [warning] = warned["parameters"]["warnings"]
    assert (warning["row"], warning["field"], warning["value"]) == (1, "petal_length", 50.0)
    assert seen["matrix"]["parameters"] is None  # none of the 150 Iris flowers is warned about


def test_a_value_out_of_range_is_400_naming_row_and_field(seen):
    failure = seen["out_of_range"]
    assert failure["status"] == 400
    assert "row[1].petal_length" in failure["body"]["error"] and "150" in failure["body"]["error"]


def test_an_unknown_model_is_404(seen):
    assert seen["unknown_model"]["status"] == 404 and "'nope'" in seen["unknown_model"]["body"]["error"]


def test_infer_without_the_token_is_401(seen):
    assert seen["no_token"]["status"] == 401 and isinstance(seen["no_token"]["body"]["error"], str)
