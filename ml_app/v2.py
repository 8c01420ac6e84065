"""The Open Inference Protocol (KServe's "V2" REST protocol) beside /prediction, for one model.

Clients, gateways and load testers written for KServe, MLServer, Triton or
Seldon call these routes. The model's name is `MODEL_NAME` if set, else the artifact's `model_name` (Iris: `iris`).
Infer passes the same checks as /prediction (`core.admit`: token, a loaded
model, a JSON body), the same validation rules (`tensors.parse_infer` ends in
`schema.check_rows`) and the same predict call (`core.classify`); only the
shapes differ, errors included: `{"error": "..."}` as the protocol says.
Request ids, access logs and metrics come from web.py's hooks, as for every route.
"""
import orjson
from flask import Blueprint, Response, current_app, g, request
from werkzeug.exceptions import HTTPException

from . import logs, tensors
from .config import served_name
from .core import internal_message, too_large
from .errors import ApiError

bp = Blueprint("v2", __name__, url_prefix="/v2")

SERVER_NAME = "ml_app"
SERVER_VERSION = "1.0.0"
#: Where a model's routes hang; the optional version segment is the protocol's.
MODEL_ROUTES = ("/models/<name>", "/models/<name>/versions/<version>")


def _parts():
    """This app's shared parts (settings, model state, core), set up by create_app."""
    return current_app.extensions["ml_app"]


def _json(payload, status: int = 200, headers=()) -> Response:
    return Response(orjson.dumps(payload), status=status, headers=list(headers), mimetype="application/json")


def _served(name: str, version: str | None = None):
    """The model behind /v2/models/<name>[/versions/<version>]: 404 for another name or
    version, 503 while it is not loaded."""
    parts = _parts()
    model = parts.state.model
    served = served_name(parts.settings, model)
    if name != served:
        raise ApiError(404, f"Unknown model {name!r}; this server serves {served!r}.")
    if model is None:
        raise ApiError(503, f"Model {name!r} is not loaded yet; retry when /v2/health/ready answers 200.")
    if version is not None and version != model.version:
        raise ApiError(404, f"Model {name!r} has no version {version!r}; it serves version {model.version}.")
    return model


@bp.get("")
def server_metadata():
    """Who answers: name, version, and the protocol extensions supported (none)."""
    return _json({"name": SERVER_NAME, "version": SERVER_VERSION, "extensions": []})


@bp.get("/health/live")
def live():
    """The server answers (says nothing about the model)."""
    return _json({"live": True})


@bp.get("/health/ready")
def ready():
    """The model is loaded and verified: 200, else 503 with `ready: false`."""
    is_ready = _parts().state.model is not None
    return _json({"ready": is_ready}, 200 if is_ready else 503)


def _model_ready(name: str, version: str | None = None):
    """Whether this model can infer now: 200, or 503 while it loads; 404 for another model."""
    try:
        _served(name, version)
    except ApiError as exc:
        if exc.status != 503:
            raise
        return _json({"name": name, "ready": False}, 503)
    return _json({"name": name, "ready": True})


def _model_metadata(name: str, version: str | None = None):
    """The model's name, version, platform, and its input and output tensors."""
    model = _served(name, version)
    return _json({
        "name": name,
        "versions": [model.version],
        "platform": "sklearn",
        "inputs": tensors.metadata_inputs(model.contract),
        "outputs": tensors.metadata_outputs(len(model.class_names), model.contract),
    })


def _infer(name: str, version: str | None = None):
    """Predict a tensor of rows, with /prediction's checks, rules and model call."""
    model = _served(name, version)
    parts = _parts()
    parts.core.admit(request.content_type, request.headers.get("Authorization"))
    infer = tensors.parse_infer(request.get_data(cache=False), parts.settings.max_batch_rows, model.contract)
    if model.is_regression:
        proba, best = model.probabilities(infer.rows), None
    else:
        proba, best = parts.core.classify(model, infer.rows)
    g.rows = len(infer.rows)
    answer = {
        "model_name": name,
        "model_version": model.version,
        "id": infer.id if infer.id is not None else g.request_id,
        "outputs": tensors.outputs(infer, model.class_names, proba, best),
    }
    notes = model.warnings(infer.rows)
    if notes is not None:  # /prediction's warnings, each saying which row it is about
        answer["parameters"] = {"warnings": [{"row": i, **w} for i, row in enumerate(notes) for w in row]}
    return _json(answer)


for _route in MODEL_ROUTES:
    bp.add_url_rule(_route, view_func=_model_metadata, methods=["GET"])
    bp.add_url_rule(_route + "/ready", view_func=_model_ready, methods=["GET"])
    bp.add_url_rule(_route + "/infer", view_func=_infer, methods=["POST"])


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError):
    """The protocol's error shape: one string, every problem named in it."""
    message = exc.message
    if exc.details:
        problems = "; ".join(f"{d['field']} {d['problem']}".strip() for d in exc.details)
        message = f"{message.rstrip('.')}: {problems}."
    headers = [("WWW-Authenticate", "Bearer")] if exc.status == 401 else []
    return _json({"error": message}, exc.status, headers)


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException):
    """Werkzeug's errors raised inside these routes (a body over MAX_BODY_BYTES: 413)."""
    if exc.code == 413:
        response = _api_error(too_large(_parts().settings.max_body_bytes))
        response.headers["Connection"] = "close"
        return response
    return _json({"error": exc.description or exc.name}, exc.code or 500)


@bp.errorhandler(Exception)
def _unexpected(exc: Exception):
    """A bug: logged with the request id; the client gets only the id to quote."""
    logs.unexpected(g.request_id, exc)
    return _json({"error": internal_message(g.request_id)}, 500)
