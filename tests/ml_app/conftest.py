"""ml_app's tests on format 2 artifacts: the repository and tests/ (ml_support) importable."""
import pathlib
import sys

_TESTS = pathlib.Path(__file__).resolve().parents[1]
for path in (_TESTS.parent, _TESTS):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))
