"""ml_app's tests on format 2 artifacts: the repository and tests/ (ml_support) importable, and
the artifacts of artifacts.py, each built once per session."""
import pathlib
import sys

import pytest

_TESTS = pathlib.Path(__file__).resolve().parents[1]
for path in (_TESTS.parent, _TESTS):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import artifacts  # noqa: E402  (needs the path above)


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
