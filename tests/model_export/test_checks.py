"""model_export/checks.py: the quality gate, prediction parity and what the service can import."""
import importlib.metadata
import pathlib
import re
import sys

import pandas as pd
import pytest
from packaging.requirements import Requirement
from sklearn.datasets import load_iris
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

from model_export import ExportError, checks
from model_export.checks import SERVED_LIBRARIES, SERVED_PACKAGES, STANDARD_MODULES, imported_packages, quality_gate
from export_support import export, iris_namespace, snapshot

ROOT = pathlib.Path(__file__).resolve().parents[2]
SERVE_TXT = ROOT / "requirements" / "serve.txt"


def test_quality_gate_refuses_a_weak_model_and_keeps_the_previous_one(previous_model, monkeypatch):
    before = snapshot(previous_model)
    monkeypatch.setenv("MIN_ACCURACY", "0.999")
    weak = iris_namespace(DummyClassifier(strategy="most_frequent"))
    with pytest.raises(ExportError, match=r"held-out accuracy 0\.3\d+ is below the required 0\.9990"):
        export(weak, previous_model)
    assert snapshot(previous_model) == before


def test_min_accuracy_from_the_environment_overrides_the_convert_time_value(tmp_path, monkeypatch):
    monkeypatch.setenv("MIN_ACCURACY", "0.2")
    meta = export(iris_namespace(DummyClassifier(strategy="most_frequent")), tmp_path, min_accuracy=0.99)
    assert meta["metrics"]["accuracy"] < 0.4


def test_a_bad_min_accuracy_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("MIN_ACCURACY", "high")
    with pytest.raises(ExportError, match="MIN_ACCURACY='high' is not a number"):
        export(iris_namespace(), tmp_path)


def test_parity_check_refuses_a_file_that_predicts_differently(previous_model, monkeypatch):
    before = snapshot(previous_model)

    def reload_as_other_model(path):
        data = load_iris()
        return DummyClassifier(strategy="constant", constant=2).fit(data.data, data.target)

    monkeypatch.setattr(checks, "load_model", reload_as_other_model)
    with pytest.raises(ExportError, match="does not reproduce the notebook's predictions"):
        export(iris_namespace(DecisionTreeClassifier(random_state=0)), previous_model)  # another model: other bytes
    assert snapshot(previous_model) == before  # no new files, no leftover temporaries


@pytest.mark.parametrize("has_held_out, metrics", [(True, {"accuracy": 0.9}), (False, {"cv_accuracy": 0.9})])
def test_the_gate_passes_an_accuracy_exactly_at_the_threshold(has_held_out, metrics, capsys):
    quality_gate(metrics, has_held_out, 0.9)  # the promise is accuracy >= MIN_ACCURACY
    assert "0.9000 >= 0.9000" in capsys.readouterr().out


class NotebookScaler(StandardScaler):
    """Stands for a transformer class a notebook defines in its own cells (module __main__)."""


NotebookScaler.__module__ = "__main__"


def test_a_model_needing_code_defined_in_the_notebook_is_refused(tmp_path):
    namespace = iris_namespace(make_pipeline(NotebookScaler(), LogisticRegression(max_iter=500)))
    with pytest.raises(ExportError, match="uses NotebookScaler defined in the notebook itself"):
        export(namespace, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_model_that_cannot_be_pickled_is_a_clear_error(tmp_path):
    from sklearn.preprocessing import FunctionTransformer
    namespace = iris_namespace(make_pipeline(FunctionTransformer(lambda x: x), LogisticRegression(max_iter=500)))
    with pytest.raises(ExportError, match="cannot be saved with joblib/pickle"):
        export(namespace, tmp_path)


def test_a_model_needing_a_package_the_service_does_not_install_is_refused(tmp_path):
    from sklearn.preprocessing import FunctionTransformer
    namespace = iris_namespace(make_pipeline(FunctionTransformer(pd.DataFrame), LogisticRegression(max_iter=500)))
    with pytest.raises(ExportError, match=r"the model needs pandas \(DataFrame\), which the prediction service does not install"):
        export(namespace, tmp_path)
    assert not (tmp_path / "model.json").exists()


def test_every_package_a_plain_scikit_learn_model_imports_is_served():
    from sklearn.ensemble import RandomForestClassifier
    namespace = iris_namespace(RandomForestClassifier(n_estimators=3, random_state=0))
    assert set(imported_packages(namespace["model"])) <= SERVED_PACKAGES


def canonical(name):
    """A distribution name normalised (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned(requirements):
    """Distribution names pinned in a requirements file, normalised."""
    return {canonical(name) for name in re.findall(r"^([A-Za-z0-9._-]+)==", requirements.read_text(), flags=re.MULTILINE)}


def requirements_of(distribution):
    """The distributions an installed one requires here (Python 3.11, as in the image), extras aside."""
    requirements = map(Requirement, importlib.metadata.requires(distribution) or [])
    return {canonical(r.name) for r in requirements if r.marker is None or r.marker.evaluate({"extra": ""})}


def test_the_libraries_a_model_may_import_are_scikit_learn_and_its_requirements_pinned_in_serve_txt():
    needed = {"scikit-learn"} | requirements_of("scikit-learn")
    assert needed <= pinned(SERVE_TXT), f"pin {sorted(needed - pinned(SERVE_TXT))} in requirements/serve.txt"
    modules = {module for module, dists in importlib.metadata.packages_distributions().items()
               if {canonical(d) for d in dists} & needed and not module.startswith("_")}
    assert SERVED_LIBRARIES == modules


def test_serve_txt_pins_what_its_packages_require():
    # the ml_app image installs serve.txt alone: whatever it leaves unpinned comes at its newest version
    served = pinned(SERVE_TXT)
    unpinned = {f"{needed} (for {name})" for name in served for needed in requirements_of(name) - served}
    assert not unpinned, f"pin in requirements/serve.txt: {sorted(unpinned)}"


def test_the_other_modules_a_model_may_import_are_the_standard_library():
    assert STANDARD_MODULES <= set(sys.stdlib_module_names)
    assert SERVED_PACKAGES == SERVED_LIBRARIES | STANDARD_MODULES


@pytest.mark.parametrize("binarize", ["LabelBinarizer", "get_dummies"])
def test_a_model_fitted_on_a_label_matrix_is_refused_and_the_previous_one_kept(previous_model, binarize):
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.preprocessing import LabelBinarizer
    from sklearn.svm import SVC

    namespace = iris_namespace(DecisionTreeClassifier(random_state=0))
    as_matrix = {"LabelBinarizer": lambda y: LabelBinarizer().fit_transform(y),
                 "get_dummies": lambda y: pd.get_dummies(y).to_numpy(dtype=int)}[binarize]
    namespace["y_train"], namespace["y_test"] = as_matrix(namespace["y_train"]), as_matrix(namespace["y_test"])
    namespace["model"] = OneVsRestClassifier(SVC()).fit(namespace["X_train"], namespace["y_train"])
    before = snapshot(previous_model)
    with pytest.raises(ExportError, match="predicts 3 values per flower, not one class: it was fitted on a label matrix"):
        export(namespace, previous_model)
    assert snapshot(previous_model) == before
