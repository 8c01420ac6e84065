"""Fixtures of the model_export tests: a clean environment, and a folder holding an earlier build."""
import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))  # the repository: model_export, conversion
from export_support import export, iris_namespace  # noqa: E402


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    """The developer's MODEL_DIR / MIN_ACCURACY must not leak into these tests."""
    monkeypatch.delenv("MODEL_DIR", raising=False)
    monkeypatch.delenv("MIN_ACCURACY", raising=False)
    monkeypatch.delenv("MIN_R2", raising=False)
    monkeypatch.delenv("MODEL_NAME", raising=False)


@pytest.fixture
def previous_model(tmp_path):
    """A folder holding a good model from an earlier build."""
    export(iris_namespace(), tmp_path)
    return tmp_path
