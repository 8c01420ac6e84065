"""Choosing the model from the notebook's globals, when the training recorder saw no classifier fitted.

The generated script records every fit the notebook makes (recorder.py), and the model is chosen
among those (candidates.py, leaderboard.py): loops, overwritten names, models fitted inside
functions or wrapper objects need no guessing. What is left for the globals is a model the
notebook did not fit where the recorder could see: loaded from a file, or a caller without a
recording. --model-var wins; else a conventional name (`model`, `best_model`, a search's best
estimator); else the only fitted classifier (a reload of it is the same model). Anything else
stops the build listing what was seen, so the author can name the model.
"""
import warnings

import numpy
from sklearn.base import is_classifier
from sklearn.exceptions import NotFittedError
from sklearn.utils.validation import check_is_fitted

from ._common import ExportError, is_code, is_notebook_name, resolve_search
from .scoring import task_of


CONVENTIONAL_MODEL_NAMES = (
    "final_model", "best_model", "best_clf", "best_estimator", "model", "clf", "classifier", "pipeline", "pipe",
    "estimator", "grid", "grid_search", "gridsearch", "search",
    "random_search", "gs", "cv",
)


def is_fitted_estimator(obj):
    """True for a fitted scikit-learn-style estimator instance that can predict."""
    if isinstance(obj, type) or not callable(getattr(obj, "predict", None)) or is_unrefitted_search(obj):
        return False
    if not callable(getattr(obj, "fit", None)):
        return False
    try:
        check_is_fitted(obj)
    except (NotFittedError, TypeError, AttributeError):
        return False
    return _predicts(obj)


#: The parameter that holds a search's candidates (GridSearchCV, RandomizedSearchCV, the Halving
#: searches, scikit-optimize's BayesSearchCV): what tells a search from a model that cross-validates.
SEARCH_SPACES = ("param_grid", "param_distributions", "search_spaces")


def is_unrefitted_search(obj):
    """A search (GridSearchCV, ...) that holds no model: fitted with refit=False, or its fit failed
    (every fold raised on NaN rows: only `n_splits_` is set). It has `predict` and looks fitted, yet
    predicting raises AttributeError for want of `best_estimator_`: it is never the model."""
    try:
        params = obj.get_params(deep=False)
    except Exception:  # not an estimator, or one whose parameters cannot be read
        return False
    return any(space in params for space in SEARCH_SPACES) and getattr(obj, "best_estimator_", None) is None


def _predicts(obj):
    """False for an estimator that looks fitted (some attribute ending in `_`) yet lacks the state
    predict needs: fitting interrupted, `classes_` set by hand. Asked on one row of zeros."""
    width = getattr(obj, "n_features_in_", None)
    if not is_code(width) or width < 1:
        return True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            obj.predict(numpy.zeros((1, int(width))))
    except (NotFittedError, AttributeError):
        return False
    except Exception:  # wrong input kind for this model (columns by name, text): it has its state
        return True
    return True


def is_fitted_classifier(obj):
    """A fitted estimator that predicts classes."""
    return is_fitted_estimator(obj) and (is_classifier(obj) or getattr(obj, "classes_", None) is not None)


def is_fitted_model(obj):
    """A fitted estimator that predicts classes or numbers: the service answers with a class and its
    probability or with a number, so a fitted clusterer (KMeans) is never the model to serve."""
    return is_fitted_estimator(obj) and task_of(obj) is not None


def find_model(namespace, model_var=None):
    """Return (name, estimator): as find_classifier, else (no classifier at all) the regressor found
    the same way: a notebook that trained a regressor serves numbers."""
    try:
        return find_classifier(namespace, model_var)
    except ExportError:
        if model_var and model_var in namespace and is_fitted_model(resolve_search(namespace[model_var])):
            return model_var, resolve_search(namespace[model_var])
        if model_var or any(is_notebook_name(n) and is_fitted_classifier(resolve_search(v)) for n, v in namespace.items()):
            raise
        return find_classifier(namespace, None, is_fitted_model)


def find_classifier(namespace, model_var=None, wanted=is_fitted_classifier):
    """Return (name, estimator): the explicit name, a conventional one, else the only fitted classifier
    (`wanted`). Only classifiers count: `model = KMeans(3).fit(X)` beside `knn` is not the model to serve."""
    if model_var:
        if model_var not in namespace:
            raise ExportError(f"--model-var {model_var!r}: no such variable in the notebook.")
        model = resolve_search(namespace[model_var])
        if not is_fitted_estimator(model):
            raise ExportError(
                f"--model-var {model_var!r} is a {type(model).__name__}, not a fitted estimator with predict()."
            )
        if not is_fitted_classifier(model):
            raise ExportError(
                f"--model-var {model_var!r} is a {type(model).__name__}, which is not a classifier: the service "
                "answers with an Iris class. Name a fitted classifier instead."
            )
        return model_var, model
    for name in CONVENTIONAL_MODEL_NAMES:
        model = resolve_search(namespace.get(name))
        if wanted(model):
            return name, model
    classifiers = {}
    for name, value in namespace.items():
        model = resolve_search(value)
        if is_notebook_name(name) and wanted(model):
            classifiers.setdefault(id(model), (name, model))
    if len(classifiers) > 1:  # a model and the notebook's reload of it are one model
        distinct = {}
        for name, model in classifiers.values():
            distinct.setdefault(_fingerprint(model), (name, model))
        classifiers = distinct
    if len(classifiers) == 1:
        return next(iter(classifiers.values()))
    raise ExportError(_no_model_message(namespace, list(classifiers.values())))


def _fingerprint(model):
    """What makes two fitted models one: the notebook's own reload of the model it just saved
    (`rf_loaded = pickle.load(...)`) is a copy that predicts exactly alike. Pickled bytes cannot
    tell (a tree's node array has padding bytes), so: same class, same parameters, and the same
    probabilities (or predictions) on fixed probe rows in the range of Iris measurements."""
    width = getattr(model, "n_features_in_", None)
    if not is_code(width):
        return id(model)
    probe = numpy.random.default_rng(0).uniform(0.1, 8.0, size=(256, width))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            method = getattr(model, "predict_proba", None) or model.predict
            answers = numpy.asarray(method(probe))
    except Exception:  # a model that cannot take the probe rows is told apart by identity
        return id(model)
    return (type(model).__qualname__, repr(model.get_params(deep=True)), answers.tobytes())


def _no_model_message(namespace, fitted):
    """Explain why no model was chosen, listing what was seen so the user can pick."""
    if fitted:
        listed = ", ".join(f"{name} ({type(model).__name__})" for name, model in fitted)
        return (f"several fitted classifiers and none under a conventional name: {listed}. "
                "Name the one to export with --model-var NAME (or call it `model`).")
    estimators = []
    for name, value in namespace.items():
        if not is_notebook_name(name) or isinstance(value, type) or not callable(getattr(value, "fit", None)) \
                or not (callable(getattr(value, "predict", None)) or is_unrefitted_search(value)):
            continue
        model = resolve_search(value)
        state = ("a search with no refitted model (refit=False, or its fit failed)" if is_unrefitted_search(model)
                 else "not a classifier" if is_fitted_estimator(model) else "not fitted")
        estimators.append(f"{name} ({type(model).__name__}, {state})")
    seen = ", ".join(estimators) if estimators else "none"
    return (f"no fitted classifier (or regressor) found in the notebook. Estimators seen: {seen}. The notebook must fit "
            "the classifier it wants served, e.g. `model.fit(X_train, y_train)` (cross_val_score and "
            "cross_val_predict fit copies only), or name a fitted classifier with --model-var NAME.")
