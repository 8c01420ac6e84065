"""Loading the model artifact, and refusing one that cannot be trusted.

The artifact format is contract/iris.json, explained in docs/model-artifact.md.
Every check here exists so that a wrong model stops start-up with one clear
paragraph instead of serving nonsense: a missing or tampered file, a different
scikit-learn than the one that trained it, or a feature the API has no field for.
"""
import importlib.metadata
import json
import logging
import pathlib
import sys
import warnings
from dataclasses import dataclass
from typing import Callable

from .sklearn_import import import_sklearn

sklearn = import_sklearn()  # first: it defers modules that the imports below would pull in

import joblib  # noqa: E402
import numpy as np  # noqa: E402

from contract import FIELD_INDEX, FIELDS, FORMAT_VERSION, META_FILE, MODEL_CHECK_ROWS, REQUIRED_KEYS  # noqa: E402
from contract import field_of, model_version, sha256_of  # noqa: E402

from .novelty import StatsError, TrainingRanges, as_ranges  # noqa: E402
from .numpy_proba import compile_predict_proba  # noqa: E402

log = logging.getLogger("ml_app")

#: Plausible rows in FIELDS order (the Iris means, then one flower of each species),
#: used to check a loaded model before it serves anyone.
SAMPLE_ROWS = np.array(MODEL_CHECK_ROWS)
#: Model.columns when the model takes every field in FIELDS order (no reordering needed).
_ALL_FIELDS = tuple(range(len(FIELDS)))


class ModelError(Exception):
    """The artifact cannot be served; the message says which file and why."""


#: The exit status gunicorn's arbiter reads as "application failed to load": it stops
#: instead of restarting workers that would fail the same way.
APP_LOAD_ERROR = 4


def exit_cannot_start(exc: Exception):
    """Stop the process with one clear paragraph on stderr and APP_LOAD_ERROR (a bad
    artifact is an expected failure: no traceback)."""
    print(f"ml_app: cannot start: {exc}", file=sys.stderr, flush=True)
    sys.exit(APP_LOAD_ERROR)


@dataclass(frozen=True)
class Model:
    """A verified, ready-to-call model and what the API says about it."""

    meta: dict
    version: str
    columns: tuple  # for each model feature, its index in FIELDS
    class_names: tuple
    predict_proba: Callable[[np.ndarray], np.ndarray]
    #: The same for one row given as a list of floats (model.columns order), returning a list.
    predict_one: Callable[[list], list]
    #: False when the estimator has no predict_proba and probabilities are the one-hot of predict.
    probabilistic: bool = True
    #: What the training rows looked like (model.json's training_stats); None for older artifacts.
    ranges: TrainingRanges | None = None

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """Class probabilities for rows given in FIELDS order, one vectorised call."""
        if self.columns != _ALL_FIELDS:
            rows = rows[:, self.columns]
        return self.predict_proba(rows)

    def probabilities_one(self, row: list) -> list:
        """One row's class probabilities (a list of floats in FIELDS order in, a list out):
        the one-flower request in plain Python, without NumPy's per-call cost."""
        if self.columns != _ALL_FIELDS:
            row = [row[i] for i in self.columns]
        return self.predict_one(row)

    def warnings(self, rows: np.ndarray) -> list | None:
        """Per row, the warnings for values unlike the training data; None when there are none."""
        return None if self.ranges is None else self.ranges.warnings(rows)

    def warnings_one(self, row: list) -> list:
        """probabilities_one's twin of `warnings`: one row's warnings, usually none."""
        return [] if self.ranges is None else self.ranges.warnings_one(row)


@dataclass(frozen=True)
class Artifact:
    """What model.json promises, checked without unpickling anything."""

    meta: dict
    model_path: pathlib.Path
    columns: tuple
    class_names: tuple


def _check_artifact(model_dir) -> Artifact:
    """Every check that comes before unpickling: nothing is unpickled unless
    model.json vouches for exactly these bytes and this scikit-learn."""
    model_dir = pathlib.Path(model_dir)
    json_path = model_dir / META_FILE
    meta = _read_meta(json_path)
    model_path = model_dir / meta["model_file"]
    _check_sha256(model_path, meta["sha256"])
    if meta["sklearn_version"] != sklearn.__version__:
        raise ModelError(
            f"{model_path} was trained with scikit-learn {meta['sklearn_version']} but this service runs "
            f"scikit-learn {sklearn.__version__}; a pickled model is only reliable with the version that "
            "made it. Rebuild the model (./build.sh build) or serve it with the matching version."
        )
    _check_packages(model_path, meta.get("packages") or {})
    return Artifact(meta, model_path, _map_features(json_path, meta["feature_names"]), _check_classes(json_path, meta))


def _check_packages(model_path: pathlib.Path, packages: dict) -> None:
    """Estimator libraries beyond scikit-learn (model.json's `packages`) must be installed at the
    version that trained the model, for the same reason as scikit-learn itself."""
    wrong = {name: _installed_version(name) for name, version in packages.items() if _installed_version(name) != version}
    if wrong:
        needs = ", ".join(f"{name} {packages[name]} (installed: {have or 'none'})" for name, have in wrong.items())
        raise ModelError(
            f"{model_path} needs {needs}. ./build.sh serve-ml installs what model.json's packages name, and "
            "ml_app's image installs them at build time; elsewhere: pip install "
            + " ".join(f"{name}=={packages[name]}" for name in wrong) + "."
        )


def _installed_version(distribution: str):
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def load_model(model_dir) -> Model:
    """Read, verify and compile the model in `model_dir`, or raise ModelError."""
    artifact = _check_artifact(model_dir)
    estimator = _unpickle(artifact.model_path)
    _silence_feature_name_warning()
    probabilistic = _has(estimator, "predict_proba")
    predict_proba, predict_one = (_compile(estimator, artifact.columns) if probabilistic
                                  else _one_row_too(_one_hot(artifact.model_path, estimator)))
    model = Model(
        meta=artifact.meta,
        version=model_version(artifact.meta["sha256"]),
        columns=artifact.columns,
        class_names=artifact.class_names,
        predict_proba=predict_proba,
        predict_one=predict_one,
        probabilistic=probabilistic,
        ranges=_training_ranges(artifact),
    )
    _smoke_test(artifact.model_path, model)
    return model


def _training_ranges(artifact: Artifact) -> TrainingRanges | None:
    """The optional training_stats, checked: a malformed one stops start-up like any bad key."""
    meta = artifact.meta
    try:
        return as_ranges(meta.get("training_stats"), meta["feature_names"], artifact.columns, FIELDS)
    except StatsError as exc:
        raise ModelError(f"{artifact.model_path.with_name('model.json')}: {exc} (see docs/model-artifact.md); "
                         "rebuild the model.") from None


def _read_meta(json_path: pathlib.Path) -> dict:
    """model.json as a dict with every key the service relies on."""
    if not json_path.is_file():
        raise ModelError(
            f"{json_path} not found: there is no model to serve. Build it with ./build.sh build, "
            "or point MODEL_DIR at a folder holding model.json and model.joblib."
        )
    try:
        meta = json.loads(json_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{json_path} is not readable JSON ({exc}); rebuild the model with ./build.sh build.") from None
    if not isinstance(meta, dict):
        raise ModelError(f"{json_path} must hold a JSON object; rebuild the model with ./build.sh build.")
    missing = [k for k in REQUIRED_KEYS if k not in meta]
    if missing:
        raise ModelError(f"{json_path} lacks {', '.join(missing)} (see docs/model-artifact.md); rebuild the model.")
    if meta["format_version"] != FORMAT_VERSION:
        raise ModelError(
            f"{json_path} has format_version {meta['format_version']!r}; "
            f"this service reads format {FORMAT_VERSION} only."
        )
    return meta


def _check_sha256(model_path: pathlib.Path, expected: str) -> None:
    """Refuse a model file whose bytes are not the ones model.json vouches for."""
    if not model_path.is_file():
        raise ModelError(f"{model_path} not found, although model.json names it; rebuild the model.")
    found = sha256_of(model_path)
    if found != str(expected).lower():
        raise ModelError(
            f"{model_path} does not match the sha256 recorded in model.json (expected {expected}, "
            f"found {found}): the file was changed or replaced after export. "
            "Refusing to unpickle it; rebuild the model with ./build.sh build."
        )


def _map_features(json_path: pathlib.Path, feature_names) -> tuple:
    """Each model feature's position among the API fields, in the model's order."""
    if not isinstance(feature_names, list) or not feature_names:
        raise ModelError(f"{json_path}: feature_names must be a non-empty list.")
    columns = []
    for name in feature_names:
        index = FIELD_INDEX.get(field_of(name))
        if index is None:
            raise ModelError(
                f"{json_path}: the model's feature {name!r} matches none of the API fields "
                f"({', '.join(FIELDS)}), so requests cannot feed it. Train on Iris measurements only."
            )
        if index in columns:
            raise ModelError(f"{json_path}: two model features map to the field {FIELDS[index]!r}.")
        columns.append(index)
    return tuple(columns)


def _check_classes(json_path: pathlib.Path, meta: dict) -> tuple:
    """The display names, one per class, unique so that probabilities can be keyed by them."""
    names = meta["class_names"]
    if not isinstance(names, list) or len(names) != len(meta["classes"]) or len(names) < 2:
        raise ModelError(f"{json_path}: class_names must list one name per entry of classes (at least two).")
    names = tuple(str(n) for n in names)
    if len(set(names)) != len(names):
        raise ModelError(f"{json_path}: class_names must be unique, got {list(names)}.")
    return names


def _unpickle(model_path: pathlib.Path):
    """The estimator, which must be a classifier: it predicts, with or without probabilities."""
    try:
        estimator = joblib.load(model_path)
    except Exception as exc:  # unpickling can fail in any way a pickle chooses
        raise ModelError(f"{model_path} could not be unpickled: {type(exc).__name__}: {exc}.") from None
    if not _has(estimator, "predict_proba") and not _has(estimator, "predict"):
        raise ModelError(
            f"{model_path} holds a {type(estimator).__name__}, which has neither predict_proba nor predict; "
            "the service answers with a predicted class, so it needs a fitted classifier."
        )
    return estimator


def _has(estimator, method: str) -> bool:
    """Whether the estimator offers `method` (scikit-learn hides unavailable ones,
    e.g. SVC's predict_proba without probability=True, so hasattr is the test)."""
    return callable(getattr(estimator, method, None))


def _one_hot(model_path: pathlib.Path, estimator) -> Callable[[np.ndarray], np.ndarray]:
    """Probabilities for a classifier without predict_proba (SVC, LinearSVC, RidgeClassifier,
    all common at the end of a notebook): 1.0 for the class `predict` picks, 0.0 for the others,
    in `classes_` order, which is the order of model.json's class_names."""
    classes = getattr(estimator, "classes_", None)
    if classes is None:
        raise ModelError(f"{model_path} holds a {type(estimator).__name__} without classes_; is it fitted?")
    classes = np.asarray(classes)
    order = np.argsort(classes, kind="stable")  # classes_ is sorted in scikit-learn; do not rely on it
    log.warning(
        "%s has no predict_proba: probabilities are one-hot (1.0 for the predicted class, 0.0 for the others)",
        type(estimator).__name__,
    )

    def predict_proba(rows: np.ndarray) -> np.ndarray:
        """One vectorised predict, each prediction's position in classes_, a one in that column."""
        predicted = np.asarray(estimator.predict(rows))
        if predicted.ndim != 1:
            raise ValueError(f"{type(estimator).__name__}.predict returned {predicted.shape[1:]} values per row, "
                             "not one class: a model fitted on a label matrix")
        slots = np.minimum(np.searchsorted(classes, predicted, sorter=order), len(classes) - 1)
        columns = order[slots]
        if not np.array_equal(classes[columns], predicted):
            raise ValueError(f"{type(estimator).__name__}.predict returned a class not in classes_")
        proba = np.zeros((len(predicted), len(classes)))
        proba[np.arange(len(predicted)), columns] = 1.0
        return proba

    return predict_proba


def _silence_feature_name_warning() -> None:
    """Estimators fitted on a DataFrame warn on every numpy call; the service feeds
    numpy columns in exactly the order model.json names, so the warning is noise.
    Installed when a model loads (idempotent), not at import, so that it holds in
    whatever warnings context the app is created in."""
    warnings.filterwarnings("ignore", message="X does not have valid feature names", category=UserWarning)


def _compile(estimator, columns: tuple) -> tuple:
    """The fastest correct predict_proba, for rows and for one row: the fast paths
    when numpy_proba supports this estimator and both agree with scikit-learn on
    sample rows, else scikit-learn's own."""
    fast = compile_predict_proba(estimator)
    if fast is None:
        return _one_row_too(estimator.predict_proba)
    sample = SAMPLE_ROWS[:, columns]
    try:
        expected = estimator.predict_proba(sample)
        agrees = (np.allclose(fast(sample), expected, rtol=1e-9, atol=1e-12)
                  and np.allclose([fast.one(row) for row in sample.tolist()], expected, rtol=1e-9, atol=1e-12))
    except Exception:  # the model cannot take these rows at all: _smoke_test reports it
        return _one_row_too(estimator.predict_proba)
    if not agrees:
        log.warning("fast path disagrees with %s.predict_proba; using scikit-learn", type(estimator).__name__)
        return _one_row_too(estimator.predict_proba)
    return fast.many, fast.one


def _one_row_too(predict_proba: Callable[[np.ndarray], np.ndarray]) -> tuple:
    """(predict_proba, its one-row form) for a model without a fast path."""
    return predict_proba, lambda row: np.asarray(predict_proba(np.array([row], dtype=np.float64)))[0].tolist()


def _smoke_test(model_path: pathlib.Path, model: Model) -> None:
    """Call the model once so a model that cannot take our input fails at start, not per request."""
    try:
        proba = np.asarray(model.probabilities(SAMPLE_ROWS[:1]))
        one = model.probabilities_one(SAMPLE_ROWS[0].tolist())
    except Exception as exc:
        raise ModelError(
            f"{model_path} failed on a sample row with features {model.meta['feature_names']}: "
            f"{type(exc).__name__}: {exc}."
        ) from None
    if proba.shape != (1, len(model.class_names)) or len(one) != len(model.class_names):
        raise ModelError(
            f"{model_path} returned probabilities of shape {proba.shape} for one row, "
            f"but model.json lists {len(model.class_names)} classes."
        )
    if not np.isclose(proba.sum(), 1.0, rtol=0, atol=1e-6):
        raise ModelError(
            f"{model_path} returned probabilities summing to {proba.sum():.6g} for one row, not 1: it is not a "
            "classifier of one class per flower (a model fitted on a label matrix?). Rebuild it on the labels."
        )
