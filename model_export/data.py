"""Finding the notebook's training and held-out data (and the training labels) among its globals.

Notebooks name their split in a few ways (X_train/y_train, X_test_scaled, X_validation/Y_validation,
test_X/test_y); a table counts only when it has the columns the model takes. The metrics, the
parity check and the naming of features all read their rows through these functions.
"""
import numpy

from ._common import n_rows, shape_of


OBSERVED_TRAIN = ("X_fit_train", "y_fit_train")  # the rows and labels a model was fitted on, as recorded
OBSERVED_TEST = ("X_score_test", "y_score_test")  # the held-out rows and labels, as recorded or read back


TRAINING_DATA_NAMES = (OBSERVED_TRAIN[0], "X_train", "x_train", "X_tr", "train_X", "X_train_scaled", "X", "x", "features")


HELD_OUT_PAIRS = (
    OBSERVED_TEST, ("X_test", "y_test"), ("x_test", "y_test"), ("X_val", "y_val"), ("x_val", "y_val"),
    ("X_valid", "y_valid"), ("X_holdout", "y_holdout"), ("X_te", "y_te"), ("test_X", "test_y"),
)


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
    if columns is not None and len(set(map(str, columns))) != len(columns):
        return False  # a table whose column names repeat is no model's input (scikit-learn refuses it)
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


def _held_out_pairs(namespace):
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
    for x_name, y_name in _held_out_pairs(namespace):
        features, labels = namespace.get(x_name), namespace.get(y_name)
        if takes_features(features, model) and n_rows(labels) == n_rows(features):
            return x_name, y_name
    return None


def find_held_out(namespace, model):
    """(X_test, y_test) from the notebook's split, or None when it has none."""
    names = find_held_out_names(namespace, model)
    return None if names is None else (namespace[names[0]], namespace[names[1]])


LABEL_NAMES = ("target", "labels", "label", "species", "classes")


def training_labels(namespace, name, model):
    """The labels table `name` was fitted with: its y-named twin (X -> y, X_train -> y_train), else
    another y-like table of as many rows that is not a prediction; only labels the model knows."""
    rows = n_rows(namespace[name])
    twins = [letter + name[1:] for letter in ("y", "Y")] if name[:1] in ("x", "X") else []
    others = [n for n in namespace if n.lower().startswith("y") and "pred" not in n.lower()]
    classes = getattr(model, "classes_", None)
    known = {str(c) for c in ([] if classes is None else classes)}
    for label_name in dict.fromkeys([*twins, *others, *LABEL_NAMES]):
        labels = namespace.get(label_name)
        if label_name == name or n_rows(labels) != rows or isinstance(labels, (str, bytes, dict, type)):
            continue
        values = numpy.asarray(labels, dtype=object)
        if values.ndim == 2 and values.shape[1] == 1:
            values = values.ravel()
        if values.ndim == 1 and (classes is None and _numbers(values) or {str(v) for v in values} <= known):
            return values if classes is not None else values.astype(float)
    return None


def _numbers(values):
    """True for labels that are all numbers (a regressor's target)."""
    try:
        numpy.asarray(values, dtype=float)
    except (TypeError, ValueError):
        return False
    return True
