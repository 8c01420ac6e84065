"""ml_app/sklearn_import.py: scikit-learn imported without the modules serving never uses,
which still answer as themselves when something does use them.

Each test runs in a fresh interpreter: what is imported, and in which order, is the point.
"""
import json
import pathlib
import subprocess
import sys

import joblib
import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import SplineTransformer, StandardScaler

ROOT = pathlib.Path(__file__).resolve().parents[2]


def run_fresh(code: str) -> dict:
    """Run `code` in a new interpreter after `import ml_app` (as gunicorn's master does) and
    return the JSON it prints last."""
    done = subprocess.run([sys.executable, "-c", "import ml_app\n" + code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


#: Defines loaded(): the deferred modules that have been imported for real by now.
LOADED = "import json, sys\nfrom ml_app.sklearn_import import DEFERRED\n" \
         "loaded = lambda: [m for m in DEFERRED if type(sys.modules.get(m)).__name__ != '_DeferredModule']\n"


@pytest.fixture(scope="module")
def iris():
    data = load_iris()
    return data.data, data.target


def test_a_model_loads_and_predicts_without_the_deferred_modules(tmp_path, iris):
    X, y = iris
    path = tmp_path / "model.joblib"
    joblib.dump(make_pipeline(StandardScaler(), LogisticRegression(max_iter=500)).fit(X, y), path)
    out = run_fresh(LOADED + f"import joblib\nmodel = joblib.load({str(path)!r})\n"
                             f"proba = model.predict_proba({X[:5].tolist()!r}).tolist()\n"
                             "print(json.dumps({'loaded': loaded(), 'proba': proba,"
                             " 'absent': [m for m in ('rich', 'pandas') if m in sys.modules]}))")
    assert out["loaded"] == []  # neither scipy.stats, nor scipy.optimize, ... was imported
    assert not out["absent"]  # nor rich (scikit-learn's progress bars), which the serving image lacks
    assert np.array_equal(out["proba"], joblib.load(path).predict_proba(X[:5]))


def test_a_deferred_name_imports_its_module_when_used_and_is_then_the_real_one():
    out = run_fresh(LOADED + """
from sklearn._loss import link
from sklearn.utils import fixes
before = (repr(link.gmean), loaded())
value = link.gmean([1.0, 4.0])
import scipy, scipy.stats
print(json.dumps({"before": before, "value": value, "after": "scipy.stats" in loaded(),
                  "same": scipy.stats is sys.modules["scipy.stats"] is fixes.scipy.stats,
                  "real": type(scipy.stats).__name__, "function": scipy.stats.gmean is scipy.stats._stats_py.gmean}))
""")
    assert out["before"] == ["<deferred scipy.stats.gmean>", []]
    assert out["value"] == pytest.approx(2.0)
    assert out["after"] and out["same"] and out["function"]
    assert out["real"] == "module"


def test_a_model_that_uses_a_deferred_module_gets_the_real_one(tmp_path, iris):
    """SplineTransformer holds scipy.interpolate.BSpline objects and calls BSpline at transform time."""
    X, y = iris
    path = tmp_path / "model.joblib"
    model = make_pipeline(SplineTransformer(), LogisticRegression(max_iter=1000)).fit(X, y)
    joblib.dump(model, path)
    out = run_fresh(LOADED + f"import joblib\nmodel = joblib.load({str(path)!r})\n"
                             f"print(json.dumps({{'proba': model.predict_proba({X[::30].tolist()!r}).tolist()}}))")
    assert np.array_equal(out["proba"], model.predict_proba(X[::30]))


def test_pickles_naming_a_deferred_module_load_as_the_real_objects(tmp_path):
    import scipy.stats

    path = tmp_path / "frozen.joblib"
    joblib.dump({"dist": scipy.stats.norm(2.0, 3.0)}, path)
    out = run_fresh(f"import joblib, json, pickle, scipy.stats\nd = joblib.load({str(path)!r})['dist']\n"
                    "from sklearn._loss import link\n"
                    "print(json.dumps({'mean': d.mean(), 'frozen': isinstance(d, scipy.stats._distn_infrastructure"
                    ".rv_continuous_frozen), 'norm': type(d.dist) is type(scipy.stats.norm),"
                    " 'pickled': pickle.loads(pickle.dumps(link.gmean)) is scipy.stats.gmean}))")
    assert out == {"mean": 2.0, "frozen": True, "norm": True, "pickled": True}


def test_every_scikit_learn_subpackage_imports_after_the_deferral():
    """A stand-in where a module needs the real thing at import time (a base class, say) would fail here."""
    out = run_fresh("import importlib, json, pkgutil, sklearn\nfailed = {}\n"
                    "names = [m.name for m in pkgutil.iter_modules(sklearn.__path__) if not m.name.startswith('_')]\n"
                    "for name in names:\n"
                    "    try:\n        importlib.import_module('sklearn.' + name)\n"
                    "    except Exception as exc:\n        failed[name] = repr(exc)\n"
                    "print(json.dumps({'failed': failed, 'count': len(names)}))")
    assert out["failed"] == {} and out["count"] > 30


def test_fitting_after_the_deferral_uses_the_real_solvers_and_splitters(iris):
    """The deferred names scikit-learn imported (`_newton_cg` from sklearn.utils.optimize, `check_cv` from
    sklearn.model_selection, scipy.optimize's line search) work when a fit calls them."""
    from sklearn.linear_model import ElasticNetCV

    X, y = iris
    out = run_fresh("import json\nfrom sklearn.datasets import load_iris\n"
                    "from sklearn.linear_model import ElasticNetCV, LogisticRegression\n"
                    "X, y = load_iris(return_X_y=True)\n"
                    "coef = LogisticRegression(solver='newton-cg', max_iter=500).fit(X, y).coef_.tolist()\n"
                    "alpha = ElasticNetCV(cv=3).fit(X, y).alpha_\n"
                    "import rich.progress\n"  # absent while scikit-learn was imported, importable now
                    "print(json.dumps({'coef': coef, 'alpha': alpha}))")
    expected = LogisticRegression(solver="newton-cg", max_iter=500).fit(X, y).coef_
    assert np.allclose(out["coef"], expected)
    assert out["alpha"] == pytest.approx(ElasticNetCV(cv=3).fit(X, y).alpha_)
