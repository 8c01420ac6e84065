"""Find the trained model in a notebook's namespace and export it as the model artifact.

convert.py appends this file's source to the converted notebook, followed by a
call to `run_export(namespace, ...)`, so the generated script is self-contained.
Everything here therefore reads only the namespace it is handed (the notebook's
globals, snapshotted before this code ran) and the standard library plus
scikit-learn, numpy and joblib, which the notebook already needs.

The artifact format is docs/model-artifact.md. Writing is atomic: both files go
to temporary names in the target folder, are fsync'ed and verified, and only
then renamed, `model.joblib` first and `model.json` last, so a run that fails
at any point leaves the previous model in place.
"""
import ast
import collections
import copy
import datetime
import hashlib
import io
import itertools
import json
import math
import os
import pickle
import pickletools
import platform
import sys
import tempfile
import types
import warnings

import joblib
import numpy
import sklearn
from sklearn.base import is_classifier
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

FORMAT_VERSION = 1
CONVENTIONAL_MODEL_NAMES = (
    "final_model", "best_model", "best_clf", "best_estimator", "model", "clf", "classifier", "pipeline", "pipe",
    "estimator", "grid", "grid_search", "gridsearch", "search",
    "random_search", "gs", "cv",
)
TRAINING_DATA_NAMES = ("X_train", "x_train", "X_tr", "train_X", "X_train_scaled", "X", "x", "features")
HELD_OUT_PAIRS = (
    ("X_test", "y_test"), ("x_test", "y_test"), ("X_val", "y_val"), ("x_val", "y_val"),
    ("X_valid", "y_valid"), ("X_holdout", "y_holdout"), ("X_te", "y_te"), ("test_X", "test_y"),
)
ACCURACY_NAMES = ("accuracy", "acc", "test_accuracy", "test_acc", "accuracy_test", "val_accuracy", "score")
IRIS_FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
DEFAULT_MIN_ACCURACY = 0.9


class ExportError(Exception):
    """A problem the notebook's author can fix; its message says how."""


# --- finding the model -------------------------------------------------------

def resolve_search(obj):
    """A fitted GridSearchCV-style object stands for its best estimator."""
    best = getattr(obj, "best_estimator_", None)
    return best if best is not None else obj


def is_fitted_estimator(obj):
    """True for a fitted scikit-learn-style estimator instance that can predict."""
    if isinstance(obj, type) or not callable(getattr(obj, "predict", None)):
        return False
    if not callable(getattr(obj, "fit", None)):
        return False
    try:
        check_is_fitted(obj)
    except (NotFittedError, TypeError, AttributeError):
        return False
    return True


def is_fitted_classifier(obj):
    """A fitted estimator that predicts classes: the service answers with a class and its
    probability, so a fitted clusterer (KMeans) or regressor is never the model to serve."""
    return is_fitted_estimator(obj) and (is_classifier(obj) or getattr(obj, "classes_", None) is not None)


def find_model(namespace, model_var=None):
    """Return (name, estimator): the explicit name, a conventional one, else the only fitted classifier.
    Only classifiers count: `model = KMeans(3).fit(X)` beside `knn` is not the model to serve."""
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
    loops = loop_variables(namespace.get("__file__"))
    for in_loop in (False, True):
        for name in CONVENTIONAL_MODEL_NAMES:
            model = resolve_search(namespace.get(name))
            if (name in loops) == in_loop and is_fitted_classifier(model):
                return chosen(name, model, loops)
        marked = marked_model(namespace, loops, in_loop)
        if marked:
            return chosen(*marked, loops)
        classifiers = {}
        for name, value in namespace.items():
            model = resolve_search(value)
            if (name in loops) <= in_loop and not name.startswith("_") and is_fitted_classifier(model):
                classifiers.setdefault(id(model), (name, model))
        if len(classifiers) > 1:  # a model and the notebook's reload of it are one model
            distinct = {}
            for name, model in classifiers.values():
                distinct.setdefault(fingerprint(model), (name, model))
            classifiers = distinct
        if len(classifiers) == 1:
            return chosen(*next(iter(classifiers.values())), loops)
        if len(classifiers) > 1:
            break
    inside = [] if classifiers else held_in_objects(namespace)
    if len(inside) == 1:
        name, model = inside[0]
        print(f"export: warning: the only fitted classifier is `{name}` ({type(model).__name__}), kept inside an "
              "object of a class the notebook defines; it is exported alone (the wrapper's own code is not). "
              f"To say so, bind it in the notebook: model = {name}.")
        return name, model
    raise ExportError(no_model_message(namespace, list(classifiers.values()) or inside))


CHOSEN_WORDS = {"best", "final", "tuned"}


def name_words(name):
    """The lower-case words of an identifier, split at underscores, digits and case changes:
    `knn_best` -> knn, best; `bestModel` -> best, model."""
    spaced = "".join(" " if not c.isalpha() else f" {c}" if c.isupper() else c for c in name)
    return [word.lower() for word in spaced.split()]


def marked_model(namespace, loops, in_loop):
    """(name, model) for the one fitted classifier whose name marks it as the author's pick
    (`knn_best`, `svm_final`, `tuned_rf`, `bestModel` beside `knn`, `svc`): a word of the name,
    split at underscores and case changes, is best, final or tuned; None when no name or several
    different models are so marked."""
    found = {}
    for name, value in namespace.items():
        if name.startswith("_") or (name in loops) != in_loop or not CHOSEN_WORDS & set(name_words(name)):
            continue
        model = resolve_search(value)
        if is_fitted_classifier(model):
            found.setdefault(fingerprint(model), (name, model))
    return next(iter(found.values())) if len(found) == 1 else None


def held_in_objects(namespace):
    """(`wrapper.attribute`, model) for fitted classifiers kept one level inside objects of classes
    the notebook defines (`iris_model.model` for `class IrisModel: def fit(self, df):
    self.model.fit(...)`): a wrapper Jupyter runs happily, whose scikit-learn model is what the
    service can load. Distinct models only (a reload is one model)."""
    module = namespace.get("__name__", "__main__")
    found = {}
    for name, value in namespace.items():
        if name.startswith("_") or isinstance(value, type) or type(value).__module__ != module:
            continue
        for attribute, inner in getattr(value, "__dict__", {}).items():
            model = resolve_search(inner)
            if not attribute.startswith("_") and is_fitted_classifier(model):
                found.setdefault(fingerprint(model), (f"{name}.{attribute}", model))
    return list(found.values())


def fingerprint(model):
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


def chosen(name, model, loops):
    """(name, model), saying so when the name is a loop variable: it holds the loop's last model."""
    if name in loops:
        print(f"export: warning: `{name}` is a for-loop variable; it holds the last model the loop fitted "
              f"({type(model).__name__}). To serve another, keep it under its own name (best_model = ...).")
    return name, model


def loop_variables(path):
    """Names bound by the notebook's top-level `for` loops (`for name, model in models:`): such a
    name holds whichever model the loop saw last, so it is the model to serve only when nothing
    else is. Loops inside functions bind locals, and comprehensions bind nothing outside."""
    loops = set()
    pending = list(notebook_syntax(path))
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.expr)):
            continue
        if isinstance(node, (ast.For, ast.AsyncFor)):
            loops.update(n.id for n in ast.walk(node.target) if isinstance(n, ast.Name))
        pending.extend(ast.iter_child_nodes(node))
    return loops


APPENDIX_MARKER = "# --- model export (appended by convert.py from export_model.py) ---"  # convert.py's first line after the notebook


def notebook_syntax(path):
    """The top-level statements of the notebook's own code in the generated script (what comes
    before convert.py's export appendix), parsed, never run; [] when it cannot be read."""
    try:
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
    except (TypeError, OSError, ValueError):
        return []
    lines = source.splitlines()
    if APPENDIX_MARKER in lines:
        source = "\n".join(lines[: lines.index(APPENDIX_MARKER)])
    try:
        return ast.parse(source).body
    except (SyntaxError, ValueError):
        return []


def no_model_message(namespace, fitted):
    """Explain why no model was chosen, listing what was seen so the user can pick."""
    if fitted:
        listed = ", ".join(f"{name} ({type(model).__name__})" for name, model in fitted)
        return (f"several fitted classifiers and none under a conventional name: {listed}. "
                "Name the one to export with --model-var NAME (or call it `model`).")
    estimators = []
    for name, value in namespace.items():
        if name.startswith("_") or isinstance(value, type) or not callable(getattr(value, "fit", None)) \
                or not callable(getattr(value, "predict", None)):
            continue
        model = resolve_search(value)
        state = "not a classifier" if is_fitted_estimator(model) else "not fitted"
        estimators.append(f"{name} ({type(model).__name__}, {state})")
    seen = ", ".join(estimators) if estimators else "none"
    return (f"no fitted classifier found in the notebook. Estimators seen: {seen}. The notebook must fit "
            "the model it wants served as its last word on it: end with e.g. `model.fit(X_train, y_train)` "
            "(cross_val_score and cross_val_predict fit copies only, a name re-bound to a new estimator "
            "loses the fitted one, and a model fitted inside a function is gone unless the function returns "
            "it into a variable), or name a fitted classifier with --model-var NAME.")


# --- finding the notebook's data --------------------------------------------

def shape_of(value):
    """The shape of an array-like as a tuple, else None. Not `getattr(value, "shape")` alone: a
    module (`np`), a class or a function can have a `shape` attribute that is no shape at all.
    A list of equal-length rows (`X = df[cols].values.tolist()`) is a table too."""
    if isinstance(value, (type, types.ModuleType)):
        return None
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], (list, tuple)):
        widths = {len(row) if isinstance(row, (list, tuple)) else None for row in value}
        return (len(value), widths.pop()) if len(widths) == 1 and None not in widths else None
    shape = getattr(value, "shape", None)
    return shape if isinstance(shape, tuple) else None


def n_rows(data):
    """Number of samples in an array-like (array, Series, DataFrame, list), or None."""
    shape = shape_of(data)
    if shape:
        return shape[0]
    return len(data) if isinstance(data, (list, tuple)) else None


def takes_features(data, model):
    """True when `data` is a 2-D table with as many columns as the model takes."""
    shape = shape_of(data)
    if not shape or len(shape) != 2:
        return False
    expected = getattr(model, "n_features_in_", None)
    if expected is not None and shape[1] != expected:
        return False
    names = getattr(model, "feature_names_in_", None)
    columns = getattr(data, "columns", None)
    if names is not None and columns is not None:
        return [str(c) for c in columns] == [str(n) for n in names]
    return True


def training_candidates(namespace, model):
    """Names of the tables the model may have been fitted on, most likely first: X_train, X, ...,
    then any other X-like or *train* table of the right width (X_features, train_data)."""
    others = [n for n in namespace if n.lower().startswith("x") or "train" in n.lower()]
    names = dict.fromkeys(n for n in [*TRAINING_DATA_NAMES, *others] if takes_features(namespace.get(n), model))
    return list(names)


def find_training_name(namespace, model):
    """The name of the table the model was most likely fitted on, or None."""
    return next(iter(training_candidates(namespace, model)), None)


def find_training_data(namespace, model):
    """The table the model was most likely fitted on, or None."""
    name = find_training_name(namespace, model)
    return None if name is None else namespace[name]


def held_out_pairs(namespace):
    """Usual split names first, then any X-like name mentioning test/val/holdout paired with the
    matching y: X_validation/Y_validation, X_test_scaled/y_test, test_X/test_y."""
    yield from HELD_OUT_PAIRS
    for name in namespace:
        lowered = name.lower()
        tag = next((t for t in ("test", "validation", "valid", "val", "holdout") if t in lowered), None)
        if tag is None:
            continue
        base = name[: lowered.index(tag) + len(tag)]  # X_test_scaled -> X_test
        for y in ("y", "Y"):
            if lowered.startswith("x"):
                yield name, y + name[1:]
                yield name, y + base[1:]
            if lowered.endswith("x"):
                yield name, name[:-1] + y


def find_held_out_names(namespace, model):
    """The names ("X_test", "y_test") of the notebook's split, or None when it has none."""
    for x_name, y_name in held_out_pairs(namespace):
        features, labels = namespace.get(x_name), namespace.get(y_name)
        if takes_features(features, model) and n_rows(labels) == n_rows(features):
            return x_name, y_name
    return None


def find_held_out(namespace, model):
    """(X_test, y_test) from the notebook's split, or None when it has none."""
    names = find_held_out_names(namespace, model)
    return None if names is None else (namespace[names[0]], namespace[names[1]])


# --- data named only in the notebook's own calls -----------------------------
# `model.fit(train[cols].values, train.Species)` leaves no X_train behind: the
# training rows exist only as that expression. The notebook's syntax tree gives
# the expressions passed to the model's fit() and score(); evaluated again over
# the final namespace, they give the rows back. Only plain data-access
# expressions are evaluated (names, attributes, subscripts, literals and a few
# side-effect-free methods), and the rows count only when the model predicts
# their labels as a fitted model does.

SAFE_METHODS = frozenset({"to_numpy", "ravel", "drop", "copy", "astype", "reshape", "tolist", "squeeze",
                          "flatten", "dropna", "reset_index", "filter", "select_dtypes"})
RECOVERED_TRAIN = ("X_fit_train", "y_fit_train")  # names that training_candidates and training_labels know
RECOVERED_TEST = ("X_score_test", "y_score_test")  # names that held_out_pairs knows


def is_data_access(node):
    """True for an expression that only reads data: names, attributes, subscripts, literals and
    calls of SAFE_METHODS on such expressions, with literal or name arguments."""
    if isinstance(node, ast.Call):
        return (isinstance(node.func, ast.Attribute) and node.func.attr in SAFE_METHODS
                and is_data_access(node.func.value)
                and all(is_data_access(a) for a in [*node.args, *(k.value for k in node.keywords)]))
    allowed = (ast.Name, ast.Attribute, ast.Subscript, ast.Constant, ast.List, ast.Tuple, ast.Slice,
               ast.Load, ast.UnaryOp, ast.USub)
    return isinstance(node, allowed) and all(is_data_access(child) for child in ast.iter_child_nodes(node))


def model_calls(statements, names, method):
    """The argument lists of `NAME.method(...)` calls on the model's names, and of
    `NAME = Estimator(...).method(...)` chains assigned to them, in the notebook's order."""
    for node in (n for statement in statements for n in ast.walk(statement)):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) \
                and isinstance(node.value.func, ast.Attribute) and node.value.func.attr == method \
                and any(isinstance(t, ast.Name) and t.id in names for t in node.targets):
            yield node.value.args
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == method \
                and isinstance(node.func.value, ast.Name) and node.func.value.id in names:
            yield node.args


def evaluate(node, namespace):
    """The value of a data-access expression over the notebook's final namespace, or None."""
    if not is_data_access(node):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return eval(compile(ast.Expression(node), "<notebook>", "eval"), {"__builtins__": {}}, dict(namespace))
    except Exception:  # the expression no longer evaluates (a name re-bound since): nothing recovered
        return None


def recovered_pair(arguments, namespace, model):
    """(X, y) from a call's first two arguments when they evaluate to rows the model takes, with
    labels it predicts at least as well as chance would allow a fitted model to; else None."""
    if len(arguments) < 2:
        return None
    features, labels = (evaluate(a, namespace) for a in arguments[:2])
    if not takes_features(features, model) or n_rows(labels) != n_rows(features):
        return None
    try:
        return (features, labels) if agreement(model, features, labels) >= 0.5 else None
    except Exception:  # rows the model cannot predict on are not its data
        return None


def with_recovered_data(name, model, namespace):
    """The namespace, plus the training (and held-out) rows written only inside the notebook's
    own `name.fit(...)` (and `name.score(...)`) calls when no table under a usual name holds them."""
    need_train = find_training_name(namespace, model) is None
    need_test = find_held_out_names(namespace, model) is None
    if not (need_train or need_test):
        return namespace
    names = {n for n, v in namespace.items() if v is model or resolve_search(v) is model} | {name}
    statements = notebook_syntax(namespace.get("__file__"))
    extra = {}
    for wanted, method, keys in ((need_train, "fit", RECOVERED_TRAIN), (need_test, "score", RECOVERED_TEST)):
        pairs = [p for p in (recovered_pair(a, namespace, model) for a in model_calls(statements, names, method)) if p]
        if wanted and pairs:
            extra.update(zip(keys, pairs[-1]))
    if extra:
        print(f"export: rows for {', '.join(k for k in extra if k.startswith('X'))} read from the notebook's own "
              f"{name}.fit/.score calls")
    return {**namespace, **extra}


# --- a scaler fitted outside the model ---------------------------------------
# Kaggle-style notebooks scale X_train with a StandardScaler of their own, then fit
# the model on the scaled array. Exported alone, that model would be fed the
# service's raw centimetres. The scaler is found by exact evidence: transforming
# raw rows the notebook holds reproduces the model's training rows bit for bit.

MAX_COLUMN_CHOICES = 70  # width-sized subsets of a wide DataFrame's numeric columns worth trying


def as_matrix(data):
    """A 2-D float array of a table's values, or None when they are not all numbers."""
    try:
        matrix = numpy.asarray(data, dtype=float)
    except (TypeError, ValueError):
        return None
    return matrix if matrix.ndim == 2 else None


def row_key(row):
    """Exact identity of a row of numbers, for looking rows up in a dict."""
    return numpy.ascontiguousarray(row, dtype=float).tobytes()


def fitted_transformers(namespace):
    """(name, transformer) for each fitted transformer that is not itself a model: a scaler, and
    also one that changes the width (PCA(2), PolynomialFeatures, SelectKBest)."""
    for name, value in namespace.items():
        if name.startswith("_") or isinstance(value, type) or callable(getattr(value, "predict", None)):
            continue
        if callable(getattr(value, "transform", None)) and is_code(getattr(value, "n_features_in_", None)):
            yield name, value


def numeric_frame(value):
    """The numeric columns of a DataFrame, or None for anything else."""
    if not callable(getattr(value, "select_dtypes", None)) or getattr(value, "ndim", 0) != 2:
        return None
    return value.select_dtypes("number")


def raw_tables(namespace, transformer, width):
    """Tables that may hold the unscaled data: any table of that width, a Bunch's `data`, the columns
    the transformer was fitted on, and width-sized choices of a wider DataFrame's numeric columns."""
    fitted_on = getattr(transformer, "feature_names_in_", None)
    for value in namespace.values():
        if isinstance(value, dict) and getattr(value, "data", None) is not None:
            value = value.data
        shape = shape_of(value)
        if not shape or len(shape) != 2:
            continue
        if shape[1] == width:
            yield value
        numbers = numeric_frame(value)
        if numbers is None or numbers.shape[1] <= width:
            continue
        if fitted_on is not None and set(fitted_on) <= set(value.columns):
            yield value[list(fitted_on)]
        elif math.comb(numbers.shape[1], width) <= MAX_COLUMN_CHOICES:
            yield from (numbers[list(chosen)] for chosen in itertools.combinations(numbers.columns, width))


def unscale(transformer, raw, scaled):
    """The rows of `raw` that `transformer` maps exactly onto the rows of `scaled`, in that order, in the
    form the transformer was fitted on; None unless every row is found."""
    matrix = as_matrix(raw)
    if matrix is None:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a DataFrame given to a transformer fitted on arrays, or back
            produced = as_matrix(transformer.transform(raw))
    except (TypeError, ValueError, AttributeError):
        return None
    positions = row_positions(produced, as_matrix(scaled))
    if positions is None:
        return None
    if getattr(transformer, "feature_names_in_", None) is not None and hasattr(raw, "iloc"):
        return raw.iloc[positions]
    return matrix[positions]


def row_positions(table, rows):
    """Where each of `rows` is in `table`, compared exactly; None unless every row is there."""
    if table is None or rows is None or table.shape[1] != rows.shape[1]:
        return None
    index = {row_key(row): position for position, row in enumerate(table)}
    positions = [index.get(row_key(row)) for row in rows]
    return None if None in positions else positions


def agreement(model, data, labels):
    """Share of `data` rows on which the model predicts the notebook's label."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        predicted = numpy.ravel(model.predict(data))
    return float(numpy.mean(predicted == numpy.ravel(labels)))


def labels_for(namespace, name):
    """The y-like table with as many rows as table `name` (y_train for X_train), or None."""
    rows = n_rows(namespace[name])
    return next((v for n, v in namespace.items() if n.lower().startswith("y") and n_rows(v) == rows), None)


def fitted_on_scaled(model, namespace, scaled_name, raw_name):
    """When the notebook keeps both X_train and X_train_scaled, which did the model see? The one
    it fits better: a model predicts its own training labels far better in its own units."""
    if scaled_name == raw_name:
        return True
    scaled_labels, raw_labels = labels_for(namespace, scaled_name), labels_for(namespace, raw_name)
    if scaled_labels is None or raw_labels is None:
        return False
    return (agreement(model, namespace[scaled_name], scaled_labels)
            > agreement(model, namespace[raw_name], raw_labels))


def transformer_of(namespace, training):
    """(name, transformer, raw table, raw rows) when a fitted transformer in the notebook maps raw
    rows it holds onto `training`; else None. A transformer that leaves the training data as it
    is (fitted on it already scaled, an identity) is not the cause."""
    for name, transformer in fitted_transformers(namespace):
        for raw in raw_tables(namespace, transformer, transformer.n_features_in_):
            raw_rows = unscale(transformer, raw, training)
            if raw_rows is not None and not numpy.array_equal(as_matrix(raw_rows), training):
                return name, transformer, raw, raw_rows
    for name, transformer in fitted_transformers(namespace):
        raw_rows = undone(transformer, training, namespace)
        if raw_rows is not None:
            return name, transformer, None, raw_rows
    return None


def undone(transformer, scaled, namespace, proven=False):
    """The raw rows behind `scaled` when the notebook kept the scaler but not the raw data
    (`df[cols] = scaler.fit_transform(df[cols])`): the scaler's inverse, accepted only when it
    comes out as Iris centimetres, column by column, and maps back onto `scaled` (`proven`: the
    training rows showed that already, so a small held-out split needs only the round trip)."""
    if not callable(getattr(transformer, "inverse_transform", None)) \
            or getattr(transformer, "n_features_in_", None) != scaled.shape[1]:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            raw = numpy.round(as_matrix(transformer.inverse_transform(scaled)), 6)
            again = as_matrix(transformer.transform(raw))
    except (TypeError, ValueError, AttributeError):
        return None
    if numpy.array_equal(raw, scaled) or again is None or not numpy.allclose(again, scaled, rtol=1e-9, atol=1e-9):
        return None
    return raw if proven or fields_by_value(raw, namespace) is not None else None


def outside_transformer(namespace, model):
    """(training table's name, transformer's name, transformer, raw table, raw training rows) when
    a transformer fitted outside the model produced the model's training data; else None."""
    candidates = training_candidates(namespace, model)
    for name in candidates:
        training = as_matrix(namespace[name])
        found = None if training is None else transformer_of(namespace, training)
        if found is not None and fitted_on_scaled(model, namespace, name, candidates[0]):
            return (name, *found)
    return None


def with_outside_transformer(name, model, namespace):
    """(name, model, namespace) to export: the model alone, or `transformer + model` as one Pipeline,
    with the training and held-out tables replaced by their raw rows so that feature names,
    metrics and the parity check all see what the service will send."""
    found = outside_transformer(namespace, model)
    if found is None:
        check_raw_units(model, namespace)
        return name, model, namespace
    training_name, scaler_name, scaler, raw, raw_train = found
    print(f"export: the model was trained on {scaler_name}'s output; exporting {scaler_name} + {name} as one pipeline")
    view = {**namespace, training_name: raw_train}
    held_out = find_held_out_names(namespace, model)
    if held_out is not None:
        view[held_out[0]] = raw_held_out(scaler_name, scaler, raw, namespace[held_out[0]], held_out[0])
    return f"{scaler_name}+{name}", Pipeline([(scaler_name, scaler), (name, model)]), view


def raw_held_out(scaler_name, scaler, raw, held_out, held_out_name):
    """The held-out rows in raw units: unscaled, or as they are when they already are raw rows."""
    raw_test = None if raw is None else unscale(scaler, raw, held_out)
    if raw_test is None and raw is None and as_matrix(held_out) is not None:
        raw_test = undone(scaler, as_matrix(held_out), namespace={}, proven=True)
    if raw_test is not None:
        return raw_test
    if raw is not None and row_positions(as_matrix(raw), as_matrix(held_out)) is not None:
        return held_out
    raise ExportError(
        f"{held_out_name} is neither raw data nor {scaler_name}'s output of it, so the held-out accuracy "
        "cannot be measured on raw rows. Scale the held-out split with the same fitted scaler "
        f"({scaler_name}.transform), or put scaler and model in one Pipeline."
    )


def check_raw_units(model, namespace):
    """Refuse a model trained on transformed data whose transformer cannot be found: the service
    sends centimetres, which are never negative, and the model would silently get the wrong units."""
    training = as_matrix(find_training_data(namespace, model))
    if training is not None and training.size and training.min() < 0:
        raise ExportError(
            "the model's training data has negative values, which centimetre measurements never have: it "
            "was transformed (scaled?) before fitting, and no fitted scaler in the notebook reproduces it "
            "from the raw data. Put the scaler and the model in one Pipeline, e.g. "
            "make_pipeline(StandardScaler(), model), and fit that on the raw measurements."
        )
    if training is not None and training.size and training.max() <= 1.0:
        raise ExportError(
            "the model's training data lies entirely between 0 and 1, which Iris centimetres never do "
            "(petal lengths reach 6.9): it was scaled (MinMaxScaler?) before fitting, and no fitted scaler "
            "in the notebook reproduces it from the raw data. Put the scaler and the model in one Pipeline, "
            "e.g. make_pipeline(MinMaxScaler(), model), and fit that on the raw measurements."
        )


# --- columns selected by name ------------------------------------------------
# A ColumnTransformer fitted on a DataFrame picks its columns by name, and fails on
# the numpy rows the service sends. Its copy in the artifact picks the same
# columns by position (feature_names_in_ says where each name is); given a
# DataFrame it still selects by name, so it predicts exactly as the notebook's.

def estimators_within(model, seen=None):
    """The model and every estimator inside it, fitted ones included (Pipeline steps,
    a VotingClassifier's estimators_, a ColumnTransformer's transformers_), each once."""
    seen = set() if seen is None else seen
    if id(model) in seen:
        return
    seen.add(id(model))
    if callable(getattr(model, "get_params", None)) and not isinstance(model, type):
        yield model
        values = list(vars(model).values())
    elif isinstance(model, (list, tuple)):
        values = list(model)
    elif isinstance(model, dict):
        values = list(model.values())
    else:
        return
    for value in values:
        yield from estimators_within(value, seen)


def column_positions(selection, names):
    """A column selection by name (a name, a list of names) as positions in `names`; other
    selections (positions, masks, slices) as they are."""
    if isinstance(selection, str):
        return names.index(selection) if selection in names else selection
    if isinstance(selection, (list, tuple, numpy.ndarray)) and len(selection) \
            and all(isinstance(c, str) for c in selection) and all(c in names for c in selection):
        return [names.index(c) for c in selection]
    return selection


def selects_by_name(transformer):
    """A fitted ColumnTransformer whose columns are chosen by name."""
    fitted = getattr(transformer, "transformers_", None)
    if getattr(transformer, "feature_names_in_", None) is None or not isinstance(fitted, list):
        return False
    names = [str(n) for n in transformer.feature_names_in_]
    return any(column_positions(columns, names) is not columns for _, _, columns in fitted)


def positional_columns(model):
    """The model itself, or a copy whose ColumnTransformers select columns by position, so that it
    takes the service's numpy rows (check_parity proves it predicts as the notebook's model)."""
    if not any(selects_by_name(e) for e in estimators_within(model)):
        return model
    model = copy.deepcopy(model)
    for transformer in estimators_within(model):
        if selects_by_name(transformer):
            names = [str(n) for n in transformer.feature_names_in_]
            transformer.transformers_ = [(name, step, column_positions(columns, names))
                                         for name, step, columns in transformer.transformers_]
    return model


def pandas_output(estimator):
    """True for a step set to output DataFrames (`.set_output(transform="pandas")`)."""
    config = getattr(estimator, "_sklearn_output_config", None)
    return isinstance(config, dict) and config.get("transform") not in (None, "default")


def default_output(model):
    """The model itself, or a copy whose steps output plain arrays: a step set to output pandas
    (or polars) DataFrames needs that library at prediction time, and the serving image has
    neither. check_parity proves the copy predicts as the notebook's model."""
    if not any(pandas_output(e) for e in estimators_within(model)):
        return model
    model = copy.deepcopy(model)
    for estimator in estimators_within(model):
        if pandas_output(estimator):
            estimator._sklearn_output_config = {**estimator._sklearn_output_config, "transform": "default"}
    return model


# --- describing the model ----------------------------------------------------

def json_safe(value):
    """Turn parameters into JSON: plain values stay, containers recurse, anything else
    (estimators, functions, NaN/inf which JSON cannot hold) becomes its repr."""
    if isinstance(value, numpy.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    return repr(value)


def final_estimator(model):
    """The last step of (possibly nested) pipelines: what actually predicts."""
    while hasattr(model, "steps"):
        model = model.steps[-1][1]
    return model


def string_columns(data):
    """The table's column names when they are all strings, else None (header=None tables)."""
    columns = getattr(data, "columns", None)
    if columns is None or not all(isinstance(c, str) for c in columns):
        return None
    return list(columns)


def feature_names(model, namespace):
    """Input columns in model order, each one the service can feed (see served_names)."""
    return served_names(notebook_feature_names(model, namespace), model, namespace)


def notebook_feature_names(model, namespace):
    """Input columns in model order: feature_names_in_, else the notebook's data, else Iris order."""
    names = getattr(model, "feature_names_in_", None)
    if names is not None:
        return [str(n) for n in names]
    columns = string_columns(find_training_data(namespace, model))
    if columns is None:
        held_out = find_held_out(namespace, model)
        columns = string_columns(held_out[0]) if held_out else None
    if columns is not None:
        return columns
    columns = names_by_value(find_training_data(namespace, model), namespace)
    if columns is not None:
        return columns
    data = find_training_data(namespace, model)
    columns = fields_by_value(data, namespace)
    if columns is not None:
        return columns
    width = getattr(model, "n_features_in_", "?")
    if width == 4 and data is None:
        print("export: warning: the model takes 4 unnamed features and its training data is not in the "
              f"notebook's variables; assuming the usual Iris order {IRIS_FEATURES}.")
        return list(IRIS_FEATURES)
    seen = ("" if data is None else " and their values are not Iris measurements in centimetres (scaled, "
            "with no scaler found to undo it?), so which request field feeds which column cannot be told")
    raise ExportError(
        f"cannot tell the model's feature names: it takes {width} unnamed features{seen}. Fit it on a "
        "DataFrame with named measurement columns (e.g. sepal_length), scaling inside a Pipeline."
    )


# --- names the service can feed ------------------------------------------------
# ml_app maps each feature name onto one of its four request fields by field_key
# (ml_app/model.py, docs/model-artifact.md). A name that maps to no field would
# stop the service at start-up, so the export checks it first.

UCI_ERRATA = 2  # values in which UCI's iris.data (and Kaggle's Iris.csv) differ from Fisher's, per column


def field_key(name):
    """The service's matching rule, as ml_app.model.field_key: lower case, letters only, a trailing
    'cm' dropped, so `SepalLengthCm`, `sepal length (cm)` and `sepal_length` are one field."""
    letters = "".join(c for c in str(name).lower() if "a" <= c <= "z")
    return letters[:-2] if letters.endswith("cm") else letters


FIELD_BY_KEY = {field_key(f): f for f in IRIS_FEATURES}


def iris_reference_columns(namespace):
    """{field: Counter of values} of every column known to be one Iris measurement: the notebook's
    columns whose names map to a field, and scikit-learn's own copy of the Iris data."""
    from sklearn.datasets import load_iris  # only needed for a renamed column, and bundled with scikit-learn
    reference = collections.defaultdict(collections.Counter)
    for name, values in named_columns(namespace).items():
        if field_key(name) in FIELD_BY_KEY:
            reference[FIELD_BY_KEY[field_key(name)]] |= values
    for field, column in zip(IRIS_FEATURES, load_iris().data.T):
        reference[field] |= value_counts(column)
    return reference


def field_by_value(column, reference):
    """The one Iris measurement whose values contain the column's (allowing the UCI file's
    errata), or None when none or several do."""
    wanted = value_counts(column)
    matches = [f for f, values in reference.items() if sum((wanted - values).values()) <= UCI_ERRATA]
    return matches[0] if len(matches) == 1 else None


def fields_by_value(data, namespace):
    """The Iris measurement each column of an unnamed table holds, by its values (headerless
    data in any column order); None unless every column is one measurement, each a different one."""
    matrix = as_matrix(data)
    if matrix is None:
        return None
    reference = iris_reference_columns(namespace)
    fields = [field_by_value(column, reference) for column in matrix.T]
    if None in fields or len(set(fields)) != len(fields):
        return None
    return fields


def served_names(names, model, namespace):
    """The feature names, each mapping onto a service field. A column renamed out of recognition
    ('SL', 'x1') is named after the measurement its values are; anything else (an 'Id', a derived
    ratio) cannot be sent by the service, and the export stops saying what to do."""
    unknown = [i for i, name in enumerate(names) if field_key(name) not in FIELD_BY_KEY]
    served = list(names)
    if unknown:
        data = as_matrix(find_training_data(namespace, model))
        reference = iris_reference_columns(namespace) if data is not None else {}
        for i in unknown:
            field = field_by_value(data[:, i], reference) if data is not None else None
            if field is not None:
                print(f"export: feature {names[i]!r} holds {field} values; model.json names it {field}")
                served[i] = field
    unmapped = [names[i] for i in unknown if served[i] == names[i]]
    if unmapped:
        raise ExportError(
            f"the model's feature(s) {', '.join(map(repr, unmapped))} match none of the service's fields "
            f"({', '.join(IRIS_FEATURES)}; 'SepalLengthCm' or 'sepal length (cm)' match too) and do not "
            "hold the values of one Iris measurement, so the service could not send them. Fit the model "
            "on the four measurements only: drop extra or derived columns (an Id, a ratio) before fitting, "
            "and give renamed columns measurement names, e.g. df.rename(columns={'SL': 'sepal_length'})."
        )
    fields = [FIELD_BY_KEY[field_key(name)] for name in served]
    repeated = sorted({f for f in fields if fields.count(f) > 1})
    if repeated:
        raise ExportError(
            f"several of the model's features {served} are the same measurement ({', '.join(repeated)}); "
            "the service sends each measurement once. Fit the model on each measurement once."
        )
    return served


def value_counts(column):
    """A column's values as a multiset, rounded so that the same measurement read as float32
    (5.099999904632568) or float64 (5.1) counts as one value."""
    return collections.Counter(round(float(v), 6) for v in numpy.asarray(column, dtype=float).tolist())


def named_columns(namespace):
    """{name: Counter of values} for every named numeric column in the notebook: DataFrames with
    string column names, and `load_iris()`-style Bunches (`data` + `feature_names`)."""
    named = {}
    for value in namespace.values():
        if isinstance(value, dict) and getattr(value, "feature_names", None) is not None:
            matrix = as_matrix(getattr(value, "data", None))
            if matrix is not None and matrix.shape[1] == len(value.feature_names):
                for name, column in zip(value.feature_names, matrix.T):
                    named.setdefault(str(name), value_counts(column))
        numbers = numeric_frame(value)
        if numbers is not None and string_columns(numbers) is not None:
            for name in numbers.columns:
                named.setdefault(name, value_counts(numbers[name].astype(float)))
    return named


def names_by_value(data, namespace):
    """Name an unnamed table's columns (iris.data[:, 2:], df.values[:, [0, 2]]) by their values:
    a column whose values are, exactly, a sub-multiset of one named column's values (a split
    keeps a subset of the rows) gets that name. None when any column matches no name or several."""
    matrix = as_matrix(data)
    if matrix is None:
        return None
    named = named_columns(namespace)
    names = []
    for column in matrix.T:
        wanted = value_counts(column)
        matches = [name for name, values in named.items() if not wanted - values]
        if len(matches) != 1:
            return None
        names.append(matches[0])
    return names if len(set(names)) == len(names) else None


def target_names(namespace, n_classes):
    """The dataset's class names where the notebook has them: `target_names`, a load_iris()
    Bunch, a fitted LabelEncoder, a {name: code} dict used to encode the labels, the names
    behind pd.factorize / .cat.codes."""
    candidates = [namespace.get("target_names")]
    candidates += [getattr(v, "target_names", None) for v in namespace.values() if isinstance(v, dict)]
    candidates += [getattr(v, "classes_", None) for v in namespace.values() if type(v).__name__ == "LabelEncoder"]
    candidates += [encoding_names(v) for v in namespace.values() if isinstance(v, dict)]
    candidates += encoded_label_names(namespace)
    for names in candidates:
        if names is not None and not isinstance(names, (str, type)) and len(names) == n_classes:
            return [str(n) for n in names]
    return None


def bundled_iris_names(namespace):
    """scikit-learn's Iris target names, when the notebook holds that data set's own labels
    (X, y = load_iris(return_X_y=True): the codes carry no names, but they are exactly its
    `target`, row for row); else None."""
    from sklearn.datasets import load_iris
    bundled = load_iris()
    for value in namespace.values():
        if isinstance(value, (str, bytes, dict, type)) or getattr(value, "ndim", None) != 1 \
                or n_rows(value) != len(bundled.target):
            continue
        codes = numpy.asarray(value)
        if codes.dtype.kind in "iuf" and numpy.array_equal(codes, bundled.target):
            return [str(name) for name in bundled.target_names]
    return None


TEXT_DTYPES = ("object", "category", "string")


def label_columns(namespace):
    """Text and categorical columns in the notebook: Series, and columns of DataFrames."""
    for value in namespace.values():
        if isinstance(value, type):
            continue
        if getattr(value, "ndim", 0) == 1 and str(getattr(value, "dtype", "")) in TEXT_DTYPES:
            yield value
        elif callable(getattr(value, "select_dtypes", None)):
            texts = value.select_dtypes(list(TEXT_DTYPES))
            yield from (texts[column] for column in texts.columns)


def encoded_label_names(namespace):
    """Names for labels encoded without an encoder object. `.cat.codes` index a categorical
    column's categories. `y, uniques = pd.factorize(df.species)` numbers the labels in order of
    first appearance: an array the notebook kept counts only when it is exactly that order of
    one of its text columns' values, so an unrelated list of strings is never taken for classes."""
    columns = list(label_columns(namespace))
    names = [list(column.cat.categories) for column in columns if str(column.dtype) == "category"]
    texts = (column.tolist() for column in columns)  # object columns may hold anything: cv_results_'s dicts
    orders = [list(dict.fromkeys(values)) for values in texts if all(isinstance(v, str) for v in values)]
    for value in namespace.values():
        if isinstance(value, (str, bytes, dict, type)) or getattr(value, "ndim", None) != 1:
            continue
        kept = list(value)
        if kept and all(isinstance(v, str) for v in kept) and kept in orders:
            names.append(kept)
    return names


def is_code(value):
    """An integer class code (numpy or Python), not a bool."""
    return isinstance(value, (int, numpy.integer)) and not isinstance(value, bool)


def encoding_names(mapping):
    """['setosa', ...] from {'setosa': 0, ...} or {0: 'setosa', ...} covering codes 0..n-1; else None."""
    if not isinstance(mapping, dict) or not mapping:
        return None
    pairs = [(code, name) for name, code in mapping.items()]
    if all(is_code(k) for k in mapping):
        pairs = list(mapping.items())
    if not all(is_code(code) and isinstance(name, str) for code, name in pairs):
        return None
    if sorted(int(code) for code, _ in pairs) != list(range(len(pairs))):
        return None
    return [name for _, name in sorted(pairs, key=lambda pair: int(pair[0]))]


def class_labels(model, namespace, features=None):
    """(classes, class_names): classes JSON-safe; integer classes mapped to the dataset's names, or
    through the {name: code} mapping the notebook encoded its labels with (`.map({...})`). Whole
    floats count as codes: np.c_[iris.data, iris.target] makes the labels 0.0, 1.0, 2.0."""
    classes = [json_safe(c) for c in getattr(model, "classes_", [])]
    codes = [class_code(c) for c in classes]
    if None in codes:
        return classes, [str(c) for c in classes]
    names = target_names(namespace, len(classes))
    by_code = {} if names else code_mapping(namespace, codes)
    if not names and not by_code:
        bundled = bundled_iris_names(namespace)
        names = bundled if bundled is not None and len(bundled) == len(classes) else None
    if not names and not by_code:
        names = indicator_names(model, namespace, len(classes)) or predicted_iris_names(model, codes, features)
    labels = []
    for c, code in zip(classes, codes):
        if names and 0 <= code < len(names):
            labels.append(names[code])
        else:
            labels.append(by_code.get(code, str(c)))
    if by_code or names or not classes:
        return classes, labels
    print(f"export: warning: the classes are the numbers {classes} and the notebook shows no names for them; "
          "the service will answer with these numbers. Keep the species as text labels, or a LabelEncoder "
          "or {name: code} dict in a variable, for names.")
    return classes, labels


def indicator_names(model, namespace, n_classes):
    """The column names of one-hot labels the model was fitted on (`Y = pd.get_dummies(df.Species)`,
    then `mlp.fit(X_train, Y_train)`): its classes 0..n-1 are those columns, in order. Taken only
    when the table is exactly one-hot, has as many rows as the training data, and the model's
    predictions on that data match it row for row (>= 90%); else None."""
    name = find_training_name(namespace, model)
    if name is None or n_classes < 2:
        return None
    rows = n_rows(namespace[name])
    for label_name, table in namespace.items():
        if not label_name.lower().startswith("y") or not hasattr(table, "columns") or isinstance(table, type):
            continue
        values = numpy.asarray(table)
        if values.shape != (rows, n_classes) or not numpy.isin(values, (0, 1)).all() \
                or not (values.sum(axis=1) == 1).all():
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                predicted = numpy.asarray(model.predict(namespace[name]))
        except Exception:  # a model that cannot take its table is checked by the parity step
            return None
        if predicted.shape == values.shape and (predicted == values).all(axis=1).mean() >= 0.9:
            return [str(column) for column in table.columns]
    return None


def predicted_iris_names(model, codes, features):
    """scikit-learn's Iris target names for classes 0, 1, 2 whose meaning the notebook no longer
    shows (its labels stayed local to a function: `X, y = load_iris(return_X_y=True)` inside
    `train()`): when the model, given that data set's own rows in its feature order, predicts the
    data set's target codes on at least 90% of them, code i can only be target_names[i] (any other
    numbering of the species would disagree on most rows). Else None."""
    fields = [FIELD_BY_KEY.get(field_key(name)) for name in features or []]
    if sorted(codes) != [0, 1, 2] or not fields or None in fields:
        return None
    from sklearn.datasets import load_iris
    bundled = load_iris()
    rows = bundled.data[:, [IRIS_FEATURES.index(field) for field in fields]]
    try:
        share = agreement(model, rows, bundled.target)
    except Exception:  # a model that cannot take plain rows is checked by the parity step
        return None
    if share < 0.9:
        return None
    print(f"export: the classes 0, 1, 2 are named {', '.join(bundled.target_names)}: on scikit-learn's own "
          f"Iris rows the model predicts that data set's target codes ({share:.0%} agree).")
    return [str(name) for name in bundled.target_names]


def class_code(value):
    """A class as an integer code: an int (not a bool), or a whole float; else None."""
    if is_code(value):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def code_mapping(namespace, classes):
    """{code: name} from a label encoding whose codes are exactly the model's integer classes: a dict
    the notebook keeps, or a literal written inline (`df.species.map({'setosa': 0, ...})`,
    `.replace({...})`, `.replace([names], [codes])`) in the script's own source."""
    if not classes or not all(is_code(c) for c in classes):
        return {}
    mappings = list(paired_encodings(namespace, classes))
    mappings += [v for v in namespace.values() if isinstance(v, dict)]
    mappings += source_encodings(namespace.get("__file__"))
    for mapping in mappings:
        by_code = code_names(mapping)
        if by_code is not None and set(by_code) == set(classes):
            return by_code
    return {}


def paired_encodings(namespace, classes):
    """{name: code} proven row by row: a column of codes (y = pd.Categorical(df.species).codes, any
    encoding) beside a text column of the same length, each name always getting the same code."""
    texts = [numpy.asarray(column, dtype=object) for column in label_columns(namespace)]
    lengths = {len(text) for text in texts}
    for value in namespace.values():
        if isinstance(value, (str, bytes, dict, type)) or getattr(value, "ndim", None) != 1 \
                or n_rows(value) not in lengths:
            continue
        codes = numpy.asarray(value)
        if codes.dtype.kind not in "iu":
            continue
        for text in texts:
            if len(text) == len(codes):
                pairs = set(zip(text.tolist(), codes.tolist()))
                names, numbers = {n for n, _ in pairs}, {c for _, c in pairs}
                if len(pairs) == len(names) == len(numbers) == len(classes):
                    yield dict(pairs)


def code_names(mapping):
    """{code: name} from {'setosa': 0, ...} or {0: 'setosa', ...}; None for any other dict."""
    if not isinstance(mapping, dict) or not mapping:
        return None
    pairs = list(mapping.items()) if all(is_code(k) for k in mapping) else [(c, n) for n, c in mapping.items()]
    if not all(is_code(code) and isinstance(name, str) for code, name in pairs):
        return None
    by_code = {int(code): name for code, name in pairs}
    return by_code if len(by_code) == len(pairs) else None


def source_encodings(path):
    """Label encodings written as literals in the script (the notebook's code, which ran above the
    export): the arguments of `.map(...)` and `.replace(...)` calls, parsed, never executed."""
    found = []
    for node in (n for statement in notebook_syntax(path) for n in ast.walk(statement)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("map", "replace") and node.args):
            continue
        try:
            values = [ast.literal_eval(arg) for arg in node.args[:2]]
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            continue
        if isinstance(values[0], dict):
            found.append(values[0])
            found += [v for v in values[0].values() if isinstance(v, dict)]  # df.replace({'species': {...}})
        elif len(values) == 2 and all(isinstance(v, (list, tuple)) for v in values) and len(values[0]) == len(values[1]):
            if all(isinstance(name, str) for name in values[0]):
                found.append(dict(zip(values[0], values[1])))
    return found


def held_out_metrics(model, namespace):
    """Held-out accuracy computed on the notebook's split, plus any accuracy float it kept. Without
    a split (the model fitted on all the data), a cross-validated accuracy stands in for the gate."""
    metrics = {}
    for name in ACCURACY_NAMES:
        value = namespace.get(name)
        if isinstance(value, (float, numpy.floating)) and 0.0 <= float(value) <= 1.0:
            metrics[name] = float(value)
    held_out = find_held_out(namespace, model)
    if held_out is not None:
        features, labels = held_out
        predicted = model.predict(features)
        metrics["accuracy"] = float(numpy.mean(numpy.ravel(predicted) == numpy.ravel(labels)))
    else:
        estimate = cross_validated_accuracy(model, namespace)
        if estimate is not None:
            metrics["cv_accuracy"] = estimate
    return metrics, held_out is not None


CV_FOLDS = 5
LABEL_NAMES = ("target", "labels", "label", "species", "classes")


def training_labels(namespace, name, model):
    """The labels table `name` was fitted with: its y-named twin (X -> y, X_train -> y_train), else
    another y-like table of as many rows that is not a prediction; only labels the model knows."""
    rows = n_rows(namespace[name])
    twins = [letter + name[1:] for letter in ("y", "Y")] if name[:1] in ("x", "X") else []
    others = [n for n in namespace if n.lower().startswith("y") and "pred" not in n.lower()]
    known = {str(c) for c in getattr(model, "classes_", [])}
    for label_name in dict.fromkeys([*twins, *others, *LABEL_NAMES]):
        labels = namespace.get(label_name)
        if label_name == name or n_rows(labels) != rows or isinstance(labels, (str, bytes, dict, type)):
            continue
        values = numpy.asarray(labels, dtype=object)
        if values.ndim == 2 and values.shape[1] == 1:
            values = values.ravel()
        if values.ndim == 1 and {str(v) for v in values} <= known:
            return values
    return None


def cross_validated_accuracy(model, namespace):
    """Mean accuracy of fresh copies of the model over stratified folds of its own training data,
    or None when that data or its labels are not in the notebook, or the model cannot be copied."""
    from sklearn.base import clone
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    name = find_training_name(namespace, model)
    labels = None if name is None else training_labels(namespace, name, model)
    if labels is None:
        return None
    labels = labels.astype(numpy.asarray(getattr(model, "classes_")).dtype)
    folds = StratifiedKFold(n_splits=CV_FOLDS, shuffle=True, random_state=0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            scores = cross_val_score(clone(model), namespace[name], labels, cv=folds, error_score="raise")
    except Exception as error:  # an estimator clone or fit can fail in its own ways; the gate then says so
        print(f"export: cross-validation of the model failed ({type(error).__name__}: {error}).")
        return None
    return float(numpy.mean(scores))


def describe(model, namespace, metrics, source):
    """Everything model.json says except the file's checksum and the export time."""
    features = feature_names(model, namespace)
    classes, class_names = class_labels(model, namespace, features)
    return {
        "format_version": FORMAT_VERSION,
        "model_file": "model.joblib",
        "model_type": f"{type(model).__module__}.{type(model).__qualname__}",
        "estimator": type(final_estimator(model)).__name__,
        "params": json_safe(model.get_params(deep=False)),
        "feature_names": features,
        "classes": classes,
        "class_names": class_names,
        "metrics": metrics,
        "sklearn_version": sklearn.__version__,
        "python_version": platform.python_version(),
        "source": source,
    }


# --- checks ------------------------------------------------------------------

def min_accuracy_setting(default):
    """The gate's threshold: env MIN_ACCURACY wins over the value baked in at convert time."""
    raw = os.environ.get("MIN_ACCURACY")
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ExportError(f"MIN_ACCURACY={raw!r} is not a number between 0 and 1.") from None
    if not 0.0 <= value <= 1.0:
        raise ExportError(f"MIN_ACCURACY={raw!r} is not a number between 0 and 1.")
    return value


def quality_gate(metrics, has_held_out, threshold):
    """Refuse a model whose held-out accuracy (else its cross-validated accuracy) is below the
    threshold; say when there is nothing to gate on."""
    if has_held_out:
        accuracy, what = metrics["accuracy"], "held-out accuracy"
    elif "cv_accuracy" in metrics:
        accuracy, what = metrics["cv_accuracy"], f"cross-validated accuracy ({CV_FOLDS}-fold; no held-out split)"
    else:
        print("export: no held-out split (X_test/y_test) and no training labels found: the accuracy gate was not applied.")
        return
    if accuracy < threshold:
        raise ExportError(
            f"{what} {accuracy:.4f} is below the required {threshold:.4f} "
            "(set MIN_ACCURACY to change it); the previous model is kept."
        )
    print(f"export: {what} {accuracy:.4f} >= {threshold:.4f}")


def load_model(path):
    """Read a model back the way ml_app will (one place, so tests can simulate a bad reload)."""
    return joblib.load(path)


def check_parity(model, model_path, namespace, notebook_model=None):
    """The file must predict exactly what the notebook's model predicts, on its training data, and
    do so on plain rows of numbers too: the service sends numpy rows, never a DataFrame."""
    notebook_model = model if notebook_model is None else notebook_model
    data = find_training_data(namespace, model)
    if data is None:
        held_out = find_held_out(namespace, model)
        data = held_out[0] if held_out else None
    if data is None:
        print("export: no training or held-out data found: prediction parity check skipped.")
        return
    expected = numpy.asarray(notebook_model.predict(data))
    saved = load_model(model_path)
    compare_predictions(expected, numpy.asarray(saved.predict(data)), "")
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
        compare_predictions(expected, served, " from plain rows of numbers (as the service sends them)")
    print(f"export: saved model reproduces the notebook's predictions on {len(expected)} rows")


def compare_predictions(expected, actual, how):
    """Refuse a saved model whose predictions differ from the notebook's."""
    if expected.shape != actual.shape or not numpy.array_equal(expected, actual):
        mismatched = int(numpy.sum(expected != actual)) if expected.shape == actual.shape else len(expected)
        raise ExportError(
            f"the saved model does not reproduce the notebook's predictions{how} ({mismatched} of "
            f"{len(expected)} differ); the previous model is kept."
        )


SERVED_PACKAGES = frozenset({"sklearn", "numpy", "scipy", "joblib", "threadpoolctl",  # requirements/serve.txt
                             "builtins", "copyreg", "collections", "functools", "operator", "math", "_codecs",
                             "re", "datetime", "decimal", "fractions", "numbers", "enum", "types"})


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
    or a package the serving image does not install (pandas, xgboost: requirements/serve.txt)."""
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
    missing = {package: names for package, names in imported_packages(model).items() if package not in SERVED_PACKAGES}
    if missing:
        needs = "; ".join(f"{package} ({', '.join(sorted(names)[:3])})" for package, names in sorted(missing.items()))
        raise ExportError(
            f"the model needs {needs}, which the prediction service does not install (it serves with "
            "scikit-learn, numpy and scipy only, requirements/serve.txt); build the model from scikit-learn "
            "classes and keep plain arrays in it."
        )


# --- writing -----------------------------------------------------------------

def model_dir_setting(default):
    """Where to write: env MODEL_DIR, else the convert-time --model-dir, else ./build/model."""
    return os.path.abspath(os.environ.get("MODEL_DIR") or default or os.path.join("build", "model"))


def sha256_of(path):
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def temp_path(folder, name):
    """A new empty file next to its final name, so the rename is atomic (same filesystem)."""
    fd, path = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    os.close(fd)
    return path


def write_synced(path, write):
    """Write through `write(handle)`, then flush and fsync so the rename never exposes a partial file."""
    with open(path, "wb") as handle:
        write(handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(path, 0o644)  # readable by the service's user, like a normally created file


def fsync_dir(folder):
    """Persist the renames themselves."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_artifact(model, meta, namespace, folder, notebook_model=None):
    """Dump, verify, checksum, then rename model.joblib and model.json (last) into place."""
    os.makedirs(folder, exist_ok=True)
    temps = []
    try:
        model_tmp = temp_path(folder, "model.joblib")
        temps.append(model_tmp)
        write_synced(model_tmp, lambda h: joblib.dump(model, h))
        check_parity(model, model_tmp, namespace, notebook_model)
        meta = {**meta, "sha256": sha256_of(model_tmp),
                "trained_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}
        text = json.dumps(meta, indent=2, allow_nan=False) + "\n"
        json_tmp = temp_path(folder, "model.json")
        temps.append(json_tmp)
        write_synced(json_tmp, lambda h: h.write(text.encode("utf-8")))
        os.replace(model_tmp, os.path.join(folder, "model.joblib"))
        os.replace(json_tmp, os.path.join(folder, "model.json"))
        fsync_dir(folder)
    finally:
        for path in temps:
            if os.path.exists(path):
                os.unlink(path)
    return meta


def export_model(namespace, model_var=None, model_dir=None, min_accuracy=DEFAULT_MIN_ACCURACY, source=""):
    """Choose, describe, gate, verify and write the notebook's model; returns model.json's content."""
    name, model = find_model(namespace, model_var)
    namespace = with_recovered_data(name, model, namespace)
    name, model, namespace = with_outside_transformer(name, model, namespace)
    notebook_model, model = model, default_output(positional_columns(model))
    print(f"export: exporting `{name}` ({type(model).__name__})")
    check_importable(model)
    metrics, has_held_out = held_out_metrics(model, namespace)
    meta = describe(model, namespace, metrics, source)
    quality_gate(metrics, has_held_out, min_accuracy_setting(min_accuracy))
    folder = model_dir_setting(model_dir)
    meta = write_artifact(model, meta, namespace, folder, notebook_model)
    print(f"export: wrote {os.path.join(folder, 'model.joblib')} and model.json "
          f"(sha256 {meta['sha256'][:12]}, features {meta['feature_names']}, classes {meta['class_names']})")
    return meta


def run_export(namespace, **options):
    """Script entry point: a clear one-line error and exit status 1 instead of a traceback.
    Looking through the notebook's globals touches deprecated attributes of whatever it
    star-imported (`from pylab import *` brings numpy.core): those warnings are not the user's."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return export_model(namespace, **options)
    except ExportError as error:
        print(f"export: error: {error}", file=sys.stderr)
        raise SystemExit(1) from None
