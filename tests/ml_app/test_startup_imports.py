"""What a fresh process imports to serve a LogisticRegression: no pandas, no estimator module the
model does not use (ml_app/sklearn_import.py defers them; test_sklearn_import.py tests that module),
no Flask until a route of Flask's is asked for (ml_app/blueprints.py)."""
import json
import subprocess
import sys

import pytest

from ml_support import ROOT


IMPORT_PROBE = """
import json, sys
from ml_app import create_app
create_app(sys.argv[1])
loaded = sorted(sys.modules)
import pandas  # still importable for models that need it
print(json.dumps(loaded))
"""


@pytest.fixture(scope="module")
def modules_loaded_to_serve(model_dir):
    """The modules a fresh process has imported once the app serves a LogisticRegression (a process
    of its own: this one has imported pandas and much of scikit-learn already)."""
    result = subprocess.run([sys.executable, "-c", IMPORT_PROBE, str(model_dir)], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, check=True)
    return set(json.loads(result.stdout))


def test_serving_does_not_import_pandas(modules_loaded_to_serve):
    assert "sklearn.base" in modules_loaded_to_serve
    assert "pandas" not in modules_loaded_to_serve


@pytest.mark.parametrize("module", ["sklearn.tree", "sklearn.naive_bayes", "sklearn.discriminant_analysis"])
def test_serving_does_not_import_estimators_the_model_does_not_use(modules_loaded_to_serve, module):
    assert module not in modules_loaded_to_serve


@pytest.mark.parametrize("module", ["flask", "werkzeug", "jinja2", "a2wsgi", "ml_app.openapi"])
def test_serving_does_not_import_flask_and_its_routes_until_one_is_asked_for(modules_loaded_to_serve, module):
    assert module not in modules_loaded_to_serve
