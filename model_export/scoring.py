"""Scoring a model: the one place that says how good a model is, for the leaderboard and the gate.

A classifier is scored by accuracy, a regressor by R² (`task_of`); on held-out rows when the
notebook has them, else by cross-validation of fresh copies over CV_FOLDS folds of its own
training rows (stratified for a classifier). The trivial baseline a model must clearly beat is
scored here too: the training majority class's share of the held-out labels for a classifier,
the training mean's R² (about 0) for a regressor. `skill` is the share of the distance from that
baseline to a perfect score the model covers; the gate (checks.py) wants at least MIN_SKILL.
"""
import warnings

import numpy
from sklearn.base import is_classifier, is_regressor

CV_FOLDS = 5
CLASSIFICATION, REGRESSION = "classification", "regression"
#: model.json's metric keys per task: on held-out rows, and cross-validated.
METRIC = {CLASSIFICATION: "accuracy", REGRESSION: "r2"}
CV_METRIC = {CLASSIFICATION: "cv_accuracy", REGRESSION: "cv_r2"}
#: How the metric is said in messages.
SAID = {CLASSIFICATION: "accuracy", REGRESSION: "R²"}


def task_of(model):
    """"classification" or "regression" for a model that predicts classes or numbers; None for
    anything else (a clusterer, an outlier detector, a transformer)."""
    if is_classifier(model) or getattr(model, "classes_", None) is not None:
        return CLASSIFICATION
    if is_regressor(model):
        return REGRESSION
    return None


def _predicted(model, rows):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return numpy.ravel(numpy.asarray(model.predict(rows)))


def metric(predicted, expected, task):
    """Accuracy or R² of predictions against labels, or None when they do not pair up."""
    predicted, expected = numpy.ravel(numpy.asarray(predicted)), numpy.ravel(numpy.asarray(expected))
    if predicted.shape != expected.shape or not len(expected):
        return None
    if task == CLASSIFICATION:
        return float(numpy.mean(predicted == expected))
    try:
        predicted, expected = predicted.astype(float), expected.astype(float)
    except (TypeError, ValueError):
        return None
    total = float(numpy.sum((expected - expected.mean()) ** 2))
    if total == 0.0:
        return None
    return 1.0 - float(numpy.sum((expected - predicted) ** 2)) / total


def score(model, rows, labels, task):
    """The model's accuracy or R² on these rows; None when it cannot predict them."""
    try:
        return metric(_predicted(model, rows), labels, task)
    except Exception:  # a candidate that cannot take these rows is not comparable on them
        return None


def cross_validated(model, rows, labels, task, explain=False):
    """Mean accuracy or R² of fresh copies of the model over CV_FOLDS folds of these rows (stratified
    for a classifier), or None when there are no rows, too few per class, or the copies fail
    (`explain`: the build then prints why)."""
    from sklearn.base import clone
    from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score
    if rows is None or labels is None:
        return None
    split = StratifiedKFold if task == CLASSIFICATION else KFold
    folds = split(n_splits=CV_FOLDS, shuffle=True, random_state=0)
    scoring = "accuracy" if task == CLASSIFICATION else "r2"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return float(numpy.mean(cross_val_score(clone(model), rows, labels, cv=folds, scoring=scoring,
                                                    error_score="raise")))
    except Exception as error:  # too few rows per class, labels it cannot take: not comparable this way
        if explain:
            print(f"export: cross-validation of the model failed ({type(error).__name__}: {error}).")
        return None


def described(task, held_out_source=None, rows=None):
    """How a score was measured, for the leaderboard and the gate's message."""
    if held_out_source is not None:
        return f"held-out {SAID[task]} on {held_out_source} ({rows} rows)"
    return f"{CV_FOLDS}-fold cross-validated {SAID[task]} on its training rows"


def baseline(train_labels, held_out_labels, task):
    """The trivial model's score on the held-out labels (or, without them, on the training labels
    themselves): always the training majority class, or always the training mean; None when the
    labels are not there."""
    if train_labels is None:
        return None
    train = numpy.ravel(numpy.asarray(train_labels))
    judged = train if held_out_labels is None else numpy.ravel(numpy.asarray(held_out_labels))
    if not len(train) or not len(judged):
        return None
    if task == CLASSIFICATION:
        values, counts = numpy.unique(train.astype(str), return_counts=True)
        return float(numpy.mean(judged.astype(str) == values[counts.argmax()]))
    try:
        mean = float(numpy.mean(train.astype(float)))
    except (TypeError, ValueError):
        return None
    return metric(numpy.full(judged.shape, mean), judged, task)


def skill(value, base):
    """The share of the way from the baseline to a perfect score (1.0) that `value` covers."""
    if base is None or base >= 1.0:
        return None
    return (value - base) / (1.0 - base)
