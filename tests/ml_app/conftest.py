"""ml_app's tests: the repository and tests/ (ml_support) importable; the Iris model most files
serve (`model_dir`) and a client of it (`client`); the format 2 artifacts of artifacts.py; each
artifact built once per session."""
import pathlib
import sys

import pytest

_TESTS = pathlib.Path(__file__).resolve().parents[1]
for path in (_TESTS.parent, _TESTS):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import artifacts  # noqa: E402  (needs the path above)
from ml_app import create_app  # noqa: E402
from ml_app.config import Settings  # noqa: E402
from ml_support import AppClient, iris_model  # noqa: E402


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory):
    """A format 1 Iris LogisticRegression's artifact (ml_support.iris_model)."""
    return iris_model(tmp_path_factory.mktemp("model"))


@pytest.fixture
def client(model_dir):
    """The app serving `model_dir`, with limits small enough to reach: 5 rows a batch, 4096 bytes a body."""
    return AppClient(create_app(model_dir, Settings(max_batch_rows=5, max_body_bytes=4096)))


def _built(maker):
    """A session fixture: the folder `maker` writes its artifact into."""

    @pytest.fixture(scope="session")
    def folder(tmp_path_factory):
        return maker(tmp_path_factory.mktemp(maker.__name__))

    return folder


penguins_dir = _built(artifacts.penguin_classifier)
raw_dir = _built(artifacts.penguin_raw_classifier)
mass_dir = _built(artifacts.mass_regressor)
imputing_dir = _built(artifacts.imputing_regressor)
diabetes_dir = _built(artifacts.diabetes_regressor)
coded_dir = _built(artifacts.penguin_coded_classifier)
