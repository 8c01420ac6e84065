"""Describing the model: model.json's content (docs/model-artifact.md), but its checksum and time.

artifact.write_artifact adds `sha256` and `trained_at` once the file is written and checked.
"""
import platform

import sklearn

from ._common import json_safe
from .classes import class_labels
from .features import feature_names

FORMAT_VERSION = 1


def _final_estimator(model):
    """The last step of (possibly nested) pipelines: what actually predicts."""
    while hasattr(model, "steps"):
        model = model.steps[-1][1]
    return model


def describe(model, namespace, metrics, source):
    """Everything model.json says except the file's checksum and the export time."""
    features = feature_names(model, namespace)
    classes, class_names = class_labels(model, namespace, features)
    return {
        "format_version": FORMAT_VERSION,
        "model_file": "model.joblib",
        "model_type": f"{type(model).__module__}.{type(model).__qualname__}",
        "estimator": type(_final_estimator(model)).__name__,
        "params": json_safe(model.get_params(deep=False)),
        "feature_names": features,
        "classes": classes,
        "class_names": class_names,
        "metrics": metrics,
        "sklearn_version": sklearn.__version__,
        "python_version": platform.python_version(),
        "source": source,
    }
