"""Describing the model: model.json's content (docs/model-artifact.md), but its checksum and time.

artifact.write_artifact adds `sha256` and `trained_at` once the file is written and checked.
"""
import platform

import numpy
import sklearn

from contract import FORMAT_VERSION, MODEL_FILE

from ._common import as_matrix, json_safe
from .classes import class_labels
from .data import training_candidates
from .features import data_feature_names, feature_names
from .scoring import CLASSIFICATION


def final_estimator(model):
    """The last step of (possibly nested) pipelines: what actually predicts."""
    while hasattr(model, "steps"):
        model = model.steps[-1][1]
    return model


def training_stats(model, namespace, features):
    """Per feature, what the rows the model was fitted on looked like (min, max, mean, population
    std, count), in the units the service sends, so that ml_app can warn about a measurement
    unlike any it learned from; None when those rows are not in the notebook (no warnings then)."""
    name = next((n for n in training_candidates(namespace, model)
                 if not any(word in n.lower() for word in ("test", "val", "holdout"))), None)  # never X_test
    rows = None if name is None else as_matrix(namespace[name])
    if rows is None or rows.shape[1] != len(features) or not len(rows) or not numpy.isfinite(rows).all():
        return None
    return {name: {"min": float(column.min()), "max": float(column.max()), "mean": float(column.mean()),
                   "std": float(column.std()), "count": int(len(column))}
            for name, column in zip(features, rows.T)}


def describe(model, namespace, metrics, source, task=CLASSIFICATION, iris=True, recording=None):
    """Everything model.json says except the file's checksum, the export time and the service's
    contract (interface.py). An Iris model's features are named after Iris fields (features.py); a
    regressor has no classes."""
    features = feature_names(model, namespace) if iris else data_feature_names(model, namespace, recording)
    classes, class_names = class_labels(model, namespace, features) if task == CLASSIFICATION else ([], [])
    stats = training_stats(model, namespace, features)
    return {
        "format_version": FORMAT_VERSION,
        "model_file": MODEL_FILE,
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
        **({"training_stats": stats} if stats else {}),
    }
