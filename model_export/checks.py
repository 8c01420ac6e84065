"""Checks before the artifact replaces the last good one: the quality gate, prediction parity, importability.

Each refuses with an ExportError that says what to change, so a failed build serves the previous
model. The service loads models with the packages of requirements/serve.txt only
(SERVED_LIBRARIES), so a model needing anything else is refused here rather than at the
service's start-up.
"""
import collections
import io
import os
import pickle
import pickletools
import types
import warnings

import joblib
import numpy

from ._common import ExportError, as_matrix, predictions
from .data import find_held_out, find_training_data
from .packages import ESTIMATOR_LIBRARIES, as_distribution, model_packages
from .scoring import CLASSIFICATION, CV_FOLDS, CV_METRIC, METRIC, REGRESSION, SAID, skill


FLOOR_ENV = {CLASSIFICATION: "MIN_ACCURACY", REGRESSION: "MIN_R2"}
#: "Clearly beats the trivial baseline": covers at least this share of the way from the baseline's
#: score (the majority class's accuracy, the mean's R² of about 0) to a perfect 1.0 on the same rows.
MIN_SKILL = 0.1


def floor_setting(default, task=CLASSIFICATION):
    """The gate's floor: env MIN_ACCURACY (MIN_R2 for a regressor) wins over the value baked in at
    convert time (`default`, None for none)."""
    name = FLOOR_ENV[task]
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ExportError(f"{name}={raw!r} is not a number between 0 and 1.") from None
    if not (0.0 <= value <= 1.0 if task == CLASSIFICATION else value <= 1.0):
        raise ExportError(f"{name}={raw!r} is not a number between 0 and 1.")
    return value


def min_accuracy_setting(default):
    """The classifier gate's floor (env MIN_ACCURACY wins over the convert-time value)."""
    return floor_setting(default, CLASSIFICATION)


def gate_setting(convert_time, task, dataset_default=None):
    """(floor, whether the user set it): env MIN_ACCURACY / MIN_R2, else the convert-time
    --min-accuracy (a classifier's), else the data set's default floor (Iris: 0.9). A floor the user
    set replaces the baseline rule: they said what is good enough."""
    given = convert_time if task == CLASSIFICATION else None
    floor = floor_setting(given, task)
    if floor is not None:
        return floor, True
    return dataset_default, False


def quality_gate(metrics, has_held_out, threshold, task=CLASSIFICATION, against_baseline=True):
    """Refuse a model whose held-out accuracy or R² (else its cross-validated one) is below the floor
    `threshold` (None: no floor), or, by default (`against_baseline`: no floor set by the user),
    that does not clearly beat the trivial baseline on the same rows (MIN_SKILL); say when there
    is nothing to gate on."""
    said = SAID[task]
    if has_held_out:
        value, what = metrics[METRIC[task]], f"held-out {said}"
    elif CV_METRIC[task] in metrics:
        value, what = metrics[CV_METRIC[task]], f"cross-validated {said} ({CV_FOLDS}-fold; no held-out split)"
    else:
        print(f"export: no held-out split (X_test/y_test) and no training labels found: the {said} gate was not applied.")
        return
    if threshold is not None and value < threshold:
        raise ExportError(
            f"{what} {value:.4f} is below the required {threshold:.4f} "
            f"(set {FLOOR_ENV[task]} to change it); the previous model is kept."
        )
    base = metrics.get("baseline")
    gained = skill(value, base)
    if against_baseline and gained is not None and gained < MIN_SKILL:
        trivial = "always the most frequent class" if task == CLASSIFICATION else "always the training mean"
        raise ExportError(
            f"{what} {value:.4f} does not clearly beat the trivial model ({trivial}: {base:.4f} on the same rows); "
            f"it must cover at least {MIN_SKILL:.0%} of the way from that to 1.0. The model has learnt little; "
            "the previous model is kept."
        )
    shown = f" >= {threshold:.4f}" if threshold is not None else ""
    versus = f" (the trivial model: {base:.4f})" if base is not None else ""
    print(f"export: {what} {value:.4f}{shown}{versus}")


def load_model(path):
    """Read a model back the way ml_app will (one place, so tests can simulate a bad reload)."""
    return joblib.load(path)


def check_parity(model, model_path, namespace, notebook_model=None, verify=None):
    """The file must predict exactly what the notebook's model predicts, on its training data, and
    do so on plain rows of numbers too: the service sends numpy rows, never a DataFrame."""
    notebook_model = model if notebook_model is None else notebook_model
    data = find_training_data(namespace, model)
    if data is None:
        held_out = find_held_out(namespace, model)
        data = held_out[0] if held_out else None
    saved = load_model(model_path)
    if verify is not None:
        verify(saved)
    if data is None:
        print("export: no training or held-out data found: prediction parity check skipped.")
        return
    expected = predictions(notebook_model, data, "training")
    _compare_predictions(expected, numpy.asarray(saved.predict(data)), "")
    rows = as_matrix(data)
    if rows is not None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "X does not have valid feature names": the service's case
                served = numpy.asarray(saved.predict(rows))
        except Exception as error:  # any failure here is a model the service could not call
            raise ExportError(
                f"the model cannot predict from plain rows of numbers, which is all the service sends "
                f"({type(error).__name__}: {error}). Select columns in the model by position, or fit it on "
                "the measurements alone; the previous model is kept."
            ) from None
        _compare_predictions(expected, served, " from plain rows of numbers (as the service sends them)")
    print(f"export: saved model reproduces the notebook's predictions on {len(expected)} rows")


def _compare_predictions(expected, actual, how):
    """Refuse a saved model whose predictions differ from the notebook's."""
    if expected.shape == actual.shape and expected.dtype.kind == "f" and actual.dtype.kind == "f" \
            and numpy.allclose(expected, actual, rtol=1e-9, atol=1e-12):
        return  # a regressor's numbers, through another memory layout: the last bits of a sum may differ
    if expected.shape != actual.shape or not numpy.array_equal(expected, actual):
        mismatched = int(numpy.sum(expected != actual)) if expected.shape == actual.shape else len(expected)
        raise ExportError(
            f"the saved model does not reproduce the notebook's predictions{how} ({mismatched} of "
            f"{len(expected)} differ); the previous model is kept."
        )


# scikit-learn and its requirements, as requirements/serve.txt pins them (tests/model_export/test_checks.py
# fails when they part), and the standard modules a pickle of plain scikit-learn objects refers to
SERVED_LIBRARIES = frozenset({"sklearn", "numpy", "scipy", "joblib", "threadpoolctl", "narwhals"})
STANDARD_MODULES = frozenset({"builtins", "copyreg", "collections", "functools", "operator", "math", "_codecs",
                              "re", "datetime", "decimal", "fractions", "numbers", "enum", "types"})
SERVED_PACKAGES = SERVED_LIBRARIES | STANDARD_MODULES  # what a pickle the service loads may import


class _NotebookDefinitions(pickle.Pickler):
    """Pickles into nothing, noting the classes and functions the notebook itself defined."""

    def __init__(self):
        super().__init__(io.BytesIO())
        self.found = set()

    def reducer_override(self, obj):
        defined = obj if isinstance(obj, (type, types.FunctionType)) else type(obj)
        if getattr(defined, "__module__", None) == "__main__":
            self.found.add(defined.__qualname__)
        return NotImplemented


def imported_packages(model):
    """{top-level package: names} that unpickling the model imports, read from the pickle's own
    GLOBAL opcodes (protocol 2 writes each as plain "module name" text)."""
    packages = collections.defaultdict(set)
    for opcode, argument, _ in pickletools.genops(pickle.dumps(model, protocol=2, fix_imports=False)):
        if opcode.name == "GLOBAL":
            module, name = argument.split(" ", 1)
            packages[module.split(".")[0]].add(name)
    return packages


def check_importable(model):
    """Refuse a model the service could not unpickle: one that needs code defined in the notebook,
    or a package the service does not install (pandas: requirements/serve.txt); return the estimator
    libraries beyond scikit-learn it needs, {distribution: version}, for model.json's `packages`."""
    finder = _NotebookDefinitions()
    problem = None
    try:
        finder.dump(model)
    except (pickle.PicklingError, AttributeError, TypeError) as error:
        problem = error
    if finder.found:
        raise ExportError(
            f"the model uses {', '.join(sorted(finder.found))} defined in the notebook itself, which the "
            "service cannot import (it loads models with scikit-learn alone); build the model from library classes."
        )
    if problem is not None:
        raise ExportError(f"the model cannot be saved with joblib/pickle: {problem}")
    imported = imported_packages(model)
    missing = {package: names for package, names in imported.items()
               if package not in SERVED_PACKAGES and as_distribution(package) is None}
    if missing:
        needs = "; ".join(f"{package} ({', '.join(sorted(names)[:3])})" for package, names in sorted(missing.items()))
        raise ExportError(
            f"the model needs {needs}, which the prediction service does not install (it serves with "
            "scikit-learn, numpy and scipy, requirements/serve.txt, and the estimator libraries "
            f"{', '.join(sorted(ESTIMATOR_LIBRARIES.values()))} a model records in model.json); build the model "
            "from those libraries' classes and keep plain arrays in it."
        )
    return model_packages(imported)


def check_one_label_per_row(model, namespace):
    """Refuse a model fitted on a label matrix (one 0/1 column per class: LabelBinarizer, get_dummies):
    it predicts a row of 0/1 per flower, not a class, so its held-out accuracy counts cells and its
    probabilities need not sum to one; the service answers one class per flower."""
    rows = find_training_data(namespace, model)
    if rows is None:
        return
    predicted = predictions(model, rows[:5], "training")
    if predicted.ndim != 1:
        raise ExportError(
            f"the model predicts {predicted.shape[1]} values per flower, not one class: it was fitted on a "
            "label matrix (one 0/1 column per class, e.g. LabelBinarizer().fit_transform(y) or pd.get_dummies(y)). "
            "Fit it on the labels themselves (y = df['species']); the service answers one class per flower."
        )
