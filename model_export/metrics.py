"""Metrics: the held-out accuracy (R² for a regressor) the gate reads, else a cross-validated one,
the trivial baseline's score on the same rows, plus the notebook's own accuracy variables.

The score is measured again on the notebook's split rather than trusted from a variable; a
model fitted on all its data is scored by fresh copies over folds of its own rows (scoring.py).
"""
import numpy

from ._common import predictions
from .label_units import check_label_units
from .data import find_held_out, find_training_data, find_training_name, training_labels
from .scoring import CLASSIFICATION, CV_METRIC, METRIC, baseline, cross_validated, metric, task_of


ACCURACY_NAMES = ("accuracy", "acc", "test_accuracy", "test_acc", "accuracy_test", "val_accuracy", "score")


def held_out_metrics(model, namespace):
    """Held-out accuracy (or R²) computed on the notebook's split, plus any accuracy float it kept, and
    `baseline`: the trivial model's score on the same rows. Without a split (the model fitted on all
    the data), a cross-validated score stands in for the gate."""
    task = task_of(model) or CLASSIFICATION
    metrics = {}
    for name in ACCURACY_NAMES if task == CLASSIFICATION else ():
        value = namespace.get(name)
        if isinstance(value, (float, numpy.floating)) and 0.0 <= float(value) <= 1.0:
            metrics[name] = float(value)
    held_out = find_held_out(namespace, model)
    train_labels = _training_labels(model, namespace)
    if held_out is not None:
        features, labels = held_out
        if task != CLASSIFICATION:
            check_label_units(train_labels, labels, namespace)
        value = metric(predictions(model, features, "held-out"), labels, task)
        if value is not None:
            metrics[METRIC[task]] = value
        base = baseline(train_labels, labels, task)
    else:
        name = find_training_name(namespace, model)
        estimate = None if train_labels is None else cross_validated(model, namespace[name], train_labels, task,
                                                                     explain=True)
        if estimate is not None:
            metrics[CV_METRIC[task]] = estimate
        base = baseline(train_labels, None, task)
    if base is not None and (METRIC[task] in metrics or CV_METRIC[task] in metrics):
        metrics["baseline"] = base
    return metrics, held_out is not None and METRIC[task] in metrics


def _training_labels(model, namespace):
    """The labels of the model's training rows, as the model takes them, or None."""
    name = find_training_name(namespace, model)
    labels = None if name is None else training_labels(namespace, name, model)
    classes = getattr(model, "classes_", None)
    if labels is not None and classes is not None:
        labels = labels.astype(numpy.asarray(classes).dtype)
    return labels


def training_rows_and_labels(model, namespace):
    """(training rows, labels) as the notebook holds them, or (None, None)."""
    return find_training_data(namespace, model), _training_labels(model, namespace)
