"""Fixtures shared by the whole Python suite."""
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def project_model_dir(tmp_path_factory):
    """The model built from the project's own notebook.

    `./build.sh test` builds it before pytest runs and exports MODEL_DIR, so the
    suite normally reuses that artifact; run alone, pytest builds it once here.
    """
    built = pathlib.Path(os.environ.get("MODEL_DIR", ROOT / "build" / "model"))
    if (built / "model.json").is_file() and (built / "model.joblib").is_file():
        return built
    out = tmp_path_factory.mktemp("project-model")
    script = out / "output_model.py"
    subprocess.run(
        [sys.executable, str(ROOT / "convert.py"), str(ROOT / "notebook" / "iris.ipynb"), "-o", str(script)],
        check=True,
    )
    env = {**os.environ, "MODEL_DIR": str(out / "model"), "MPLBACKEND": "Agg"}
    subprocess.run([sys.executable, str(script)], cwd=ROOT / "notebook", env=env, check=True)
    return out / "model"
