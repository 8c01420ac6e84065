"""Metrics: the held-out accuracy the gate reads, else a cross-validated one, plus the notebook's own.

The accuracy is measured again on the notebook's split rather than trusted from a variable; a
model fitted on all its data is scored by fresh copies over stratified folds of its own rows.
"""
import warnings

import numpy

from ._common import predictions
from .data import find_held_out, find_training_name, training_labels


ACCURACY_NAMES = ("accuracy", "acc", "test_accuracy", "test_acc", "accuracy_test", "val_accuracy", "score")


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
        predicted = predictions(model, features, "held-out")
        metrics["accuracy"] = float(numpy.mean(numpy.ravel(predicted) == numpy.ravel(labels)))
    else:
        estimate = cross_validated_accuracy(model, namespace)
        if estimate is not None:
            metrics["cv_accuracy"] = estimate
    return metrics, held_out is not None


CV_FOLDS = 5


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
