"""Loading the model artifact, and refusing one that cannot be trusted.

The artifact format is contract/artifact.json, explained in docs/model-artifact.md.
Every check exists so that a wrong model stops start-up with one clear
paragraph instead of serving nonsense: artifact.py checks model.json and the
file's bytes before anything is unpickled; here the unpickled estimator is
compiled for the fast paths and tried on sample rows before it serves.

Formats 1 and 2 load (contract.READABLE_FORMATS): a format 1 artifact is read as
the Iris contract, a format 2 one carries its own (task, inputs, encoding,
target, examples: ml_app/inputs.py). The loaded Model carries that contract, and
every request's values are encoded by it into the rows the model takes.
"""
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

from contract import FIELDS, MODEL_CHECK_ROWS, model_version  # noqa: E402

from .artifact import Artifact, ModelError, check_artifact, reads_as_iris  # noqa: E402
from .inputs import Contract  # noqa: E402
from .novelty import InputWarnings, StatsError, TrainingRanges, as_input_warnings, as_ranges  # noqa: E402
from .numpy_proba import compile_predict_proba  # noqa: E402
from .predicted_class import as_class_index, compile_decide  # noqa: E402

log = logging.getLogger("ml_app")

#: Plausible rows in FIELDS order (the Iris means, then one flower of each species),
#: used to check a loaded Iris model before it serves anyone (others: their examples).
SAMPLE_ROWS = np.array(MODEL_CHECK_ROWS)


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
    """A verified, ready-to-call model and what the API says about it.

    Rows come in as schema.py validates them against `contract` (values in input order:
    a list for one row, a batch as check_rows gives it) and are encoded here into the
    rows the model takes."""

    meta: dict
    version: str
    columns: tuple  # for each model feature, the index of the input it is made from
    class_names: tuple  # () for a regressor
    predict_proba: Callable[[np.ndarray], np.ndarray]
    #: The same for one row given as a list of floats (the model's feature order), returning a list.
    predict_one: Callable[[list], list]
    #: False when the estimator has no predict_proba and probabilities are the one-hot of predict.
    probabilistic: bool = True
    #: What the training rows looked like (training_stats, or format 2's input ranges); None: no warnings.
    ranges: TrainingRanges | InputWarnings | None = None
    #: What the service takes and answers (format 1: the Iris contract).
    contract: Contract = None
    #: For a classifier whose predict is not the argmax of predict_proba (SVC(probability=True)):
    #: the class index of encoded rows, from its predict (predicted_class.py); None: the argmax.
    decide: Callable[[np.ndarray], np.ndarray] | None = None

    @property
    def task(self) -> str:
        return self.contract.task

    @property
    def is_regression(self) -> bool:
        return self.contract.task == "regression"

    def probabilities(self, rows) -> np.ndarray:
        """Class probabilities for validated rows, one vectorised call (a regressor: its predictions)."""
        return self.predict_proba(self.contract.encode_many(rows))

    def probabilities_one(self, row: list) -> list:
        """One row's class probabilities (validated values in input order in, a list out):
        the one-row request in plain Python, without NumPy's per-call cost. A regressor: [prediction]."""
        return self.predict_one(self.contract.encode_one(row))

    def classify(self, rows) -> tuple[np.ndarray, np.ndarray]:
        """Validated rows' class probabilities and, per row, the index of the class the model
        predicts: the most probable one, or its predict's where that differs (`decide`)."""
        encoded = self.contract.encode_many(rows)
        proba = np.asarray(self.predict_proba(encoded))
        return proba, (proba.argmax(axis=1) if self.decide is None else self.decide(encoded))

    def decided_one(self, row: list) -> int:
        """The class index `decide` gives one validated row (for a model that has it: the one-row
        request of a model whose class is the argmax of probabilities_one never calls this)."""
        encoded = self.contract.encode_one(row)
        return int(self.decide(np.array([encoded], dtype=object if self.contract.object_matrix else np.float64))[0])

    def predictions(self, rows) -> list:
        """A regressor's predictions for validated rows, as Python floats."""
        return np.asarray(self.probabilities(rows), dtype=np.float64).reshape(-1).tolist()

    def warnings(self, rows) -> list | None:
        """Per row, the warnings for values unlike the training data; None when there are none."""
        return None if self.ranges is None else self.ranges.warnings(rows)

    def warnings_one(self, row: list) -> list:
        """probabilities_one's twin of `warnings`: one row's warnings, usually none."""
        return [] if self.ranges is None else self.ranges.warnings_one(row)


def load_model(model_dir) -> Model:
    """Read, verify and compile the model in `model_dir`, or raise ModelError."""
    artifact = check_artifact(model_dir, sklearn.__version__)
    estimator = _unpickle(artifact.model_path, artifact.contract)
    _silence_feature_name_warning()
    spec = artifact.contract
    samples = _sample_rows(spec)
    if spec.is_regression:
        probabilistic = False
        predict, predict_one = _regressor(estimator)
    else:
        probabilistic = _has(estimator, "predict_proba")
        predict, predict_one = (_compile(estimator, spec, samples) if probabilistic
                                else _one_row_too(_one_hot(artifact.model_path, estimator), spec))
    decide = _decide(artifact.model_path, estimator, spec, samples) if probabilistic else None
    model = Model(
        meta=artifact.meta,
        version=model_version(artifact.meta["sha256"]),
        columns=artifact.columns,
        class_names=artifact.class_names,
        predict_proba=predict,
        predict_one=predict_one,
        probabilistic=probabilistic,
        ranges=_training_ranges(artifact),
        contract=spec,
        decide=decide,
    )
    _smoke_test(artifact.model_path, model, samples)
    return model


def _sample_rows(spec: Contract) -> list:
    """The rows a loaded model is tried on, as validated values: Iris's model-check flowers
    (contract/iris.json), else the artifact's examples."""
    if spec.iris:
        return [list(map(float, row)) for row in MODEL_CHECK_ROWS]
    return spec.example_rows()


def _training_ranges(artifact: Artifact):
    """Format 2: the inputs' training ranges; format 1: the optional training_stats, checked
    (a malformed one stops start-up like any bad key)."""
    meta = artifact.meta
    if not reads_as_iris(meta):
        return as_input_warnings(artifact.contract)
    try:
        return as_ranges(meta.get("training_stats"), meta["feature_names"], artifact.columns, FIELDS)
    except StatsError as exc:
        raise ModelError(f"{artifact.model_path.with_name('model.json')}: {exc} (see docs/model-artifact.md); "
                         "rebuild the model.") from None


def _unpickle(model_path: pathlib.Path, spec: Contract):
    """The estimator: a classifier predicts, with or without probabilities; a regressor predicts."""
    try:
        estimator = joblib.load(model_path)
    except Exception as exc:  # unpickling can fail in any way a pickle chooses
        raise ModelError(f"{model_path} could not be unpickled: {type(exc).__name__}: {exc}.") from None
    if spec.is_regression and not _has(estimator, "predict"):
        raise ModelError(f"{model_path} holds a {type(estimator).__name__}, which has no predict; model.json says "
                         "it is a regressor, so it needs a fitted regressor.")
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
    class_index = as_class_index(estimator, _classes(model_path, estimator))
    n_classes = len(estimator.classes_)
    log.warning(
        "%s has no predict_proba: probabilities are one-hot (1.0 for the predicted class, 0.0 for the others)",
        type(estimator).__name__,
    )

    def predict_proba(rows: np.ndarray) -> np.ndarray:
        """One vectorised predict, each prediction's position in classes_, a one in that column."""
        columns = class_index(estimator.predict(rows))
        proba = np.zeros((len(columns), n_classes))
        proba[np.arange(len(columns)), columns] = 1.0
        return proba

    return predict_proba


def _classes(model_path: pathlib.Path, estimator) -> np.ndarray:
    """The fitted classifier's classes_, or ModelError when it has none."""
    classes = getattr(estimator, "classes_", None)
    if classes is None:
        raise ModelError(f"{model_path} holds a {type(estimator).__name__} without classes_; is it fitted?")
    return np.asarray(classes)


def _decide(model_path: pathlib.Path, estimator, spec: Contract, samples: list):
    """How the served class is found (predicted_class.py): None, the argmax of the probabilities,
    for a classifier known to predict that, unless its predict disagrees on the check rows;
    else its predict, mapped to positions in classes_ (class_names' order)."""
    classes = _classes(model_path, estimator)
    decide = compile_decide(estimator, classes)
    if decide is None:
        try:
            sample = spec.encode_many(spec.as_batch(samples))
            agrees = np.array_equal(np.asarray(estimator.predict_proba(sample)).argmax(axis=1),
                                    as_class_index(estimator, classes)(estimator.predict(sample)))
        except Exception:  # the model cannot take these rows at all: _smoke_test reports it
            return None
        if agrees:
            return None
        decide = compile_decide(estimator, classes, known=())
    log.warning("%s: the served class is predict's, which can differ from the most probable class of "
                "predict_proba", type(estimator).__name__)
    return decide


def _silence_feature_name_warning() -> None:
    """Estimators fitted on a DataFrame warn on every numpy call; the service feeds
    numpy columns in exactly the order model.json names, so the warning is noise.
    Installed when a model loads (idempotent), not at import, so that it holds in
    whatever warnings context the app is created in."""
    warnings.filterwarnings("ignore", message="X does not have valid feature names", category=UserWarning)


def _compile(estimator, spec: Contract, samples: list) -> tuple:
    """The fastest correct predict_proba, for rows and for one row: the fast paths
    when numpy_proba supports this estimator and both agree with scikit-learn on
    sample rows, else scikit-learn's own."""
    fast = None if spec.object_matrix else compile_predict_proba(estimator)
    if fast is None:
        return _one_row_too(estimator.predict_proba, spec)
    try:
        sample = spec.encode_many(spec.as_batch(samples))
        expected = estimator.predict_proba(sample)
        agrees = (np.allclose(fast(sample), expected, rtol=1e-9, atol=1e-12)
                  and np.allclose([fast.one(spec.encode_one(row)) for row in samples], expected,
                                  rtol=1e-9, atol=1e-12))
    except Exception:  # the model cannot take these rows at all: _smoke_test reports it
        return _one_row_too(estimator.predict_proba, spec)
    if not agrees:
        log.warning("fast path disagrees with %s.predict_proba; using scikit-learn", type(estimator).__name__)
        return _one_row_too(estimator.predict_proba, spec)
    return fast.many, fast.one


def _one_row_too(predict_proba: Callable[[np.ndarray], np.ndarray], spec: Contract) -> tuple:
    """(predict_proba, its one-row form) for a model without a fast path."""
    dtype = object if spec.object_matrix else np.float64
    return predict_proba, lambda row: np.asarray(predict_proba(np.array([row], dtype=dtype)))[0].tolist()


def _regressor(estimator) -> tuple:
    """(predict for rows, its one-row form returning [prediction]) for a regressor: scikit-learn's
    own predict, flattened to one number per row (a model fitted on a one-column target gives [N, 1])."""

    def predict(rows: np.ndarray) -> np.ndarray:
        predicted = np.asarray(estimator.predict(rows), dtype=np.float64)
        if predicted.ndim == 2 and predicted.shape[1] == 1:
            predicted = predicted[:, 0]
        if predicted.ndim != 1:
            raise ValueError(f"{type(estimator).__name__}.predict returned {predicted.shape[1:]} values per row, "
                             "not one number")
        return predicted

    def predict_one(row: list) -> list:
        dtype = np.float64 if all(type(x) is float for x in row) else object
        return predict(np.array([row], dtype=dtype)).tolist()

    return predict, predict_one


def _smoke_test(model_path: pathlib.Path, model: Model, samples: list) -> None:
    """Call the model once so a model that cannot take our input fails at start, not per request."""
    try:
        first = model.contract.as_batch(samples[:1])
        proba = np.asarray(model.probabilities(first))
        one = model.probabilities_one(samples[0])
        if not model.is_regression:
            model.classify(first), model.decide is None or model.decided_one(samples[0])
    except Exception as exc:
        raise ModelError(
            f"{model_path} failed on a sample row with features {model.meta['feature_names']}: "
            f"{type(exc).__name__}: {exc}."
        ) from None
    if model.is_regression:
        if proba.shape != (1,) or len(one) != 1 or not np.isfinite(proba).all():
            raise ModelError(f"{model_path} returned {proba.tolist()} for one row, not one finite number: "
                             "model.json says it is a regressor of one target.")
        return
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
