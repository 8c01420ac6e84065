"""The service's own routes, served by Flask: add an endpoint here (ml_app/README.md says how).

POST /prediction and the probes are native routes (prediction.py, probes.py), the Open Inference
Protocol's routes are in v2.py and /docs in docs.py. Request ids, CORS, the
body limit, the token, error answers, metrics and the access line are the
edge's (ml_app/edge/): a view here only answers.
"""
from flask import Blueprint, Response, current_app

from . import metrics
from .config import served_name
from .errors import ApiError
from .openapi import openapi_document

bp = Blueprint("ml_app", __name__)


def _ext():
    """This app's shared parts (core, model state), set up by create_app."""
    return current_app.extensions["ml_app"]


def _loaded_model():
    """The model, or a 503 while it is not loaded."""
    model = _ext().state.model
    if model is None:
        raise ApiError(503, "The model is not loaded yet.")
    return model


@bp.get("/model")
def model_info():
    """What is being served: type, parameters, whether probabilities are real, features,
    classes, versions, metrics, and its contract (task, inputs, encoding, target, examples:
    what web_app builds its form from at run time)."""
    model = _loaded_model()
    meta = model.meta
    spec = model.contract
    return {
        "model_version": model.version,
        "sha256": meta["sha256"],
        "model_type": meta.get("model_type"),
        "estimator": meta.get("estimator"),
        "probabilistic": model.probabilistic,
        "params": meta.get("params", {}),
        "feature_names": meta["feature_names"],
        "feature_fields": spec.feature_inputs(),
        "classes": meta.get("classes", []),
        "class_names": list(model.class_names),
        "metrics": meta.get("metrics", {}),
        "sklearn_version": meta["sklearn_version"],
        "python_version": meta.get("python_version"),
        "trained_at": meta.get("trained_at"),
        "source": meta.get("source"),
        "training_ranges": model.ranges.describe() if model.ranges else None,
        "format_version": meta["format_version"],
        "task": spec.task,
        "model_name": served_name(_ext().settings, model),
        "target": spec.target,
        "inputs": spec.inputs,
        "encoding": spec.encoding,
        "examples": spec.examples,
    }


@bp.get("/metrics")
def metrics_page():
    """Prometheus text format, summed over all workers."""
    body, content_type = metrics.exposition()
    return Response(body, content_type=content_type)


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3 description of this service: every route, with the live limits."""
    parts = _ext()
    model = parts.state.model
    return openapi_document(parts.settings, parts.routes, model.contract if model else None,
                            served_name(parts.settings, model))
