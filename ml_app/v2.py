"""The Open Inference Protocol (KServe's "V2" REST protocol) beside /prediction, for one model.

Clients, gateways and load testers written for KServe, MLServer, Triton or
Seldon call these routes. The model's name is `MODEL_NAME` if set, else the
artifact's `model_name` (Iris: `iris`).
Infer needs the token as /prediction does (checked by the edge before anything
here, so a caller without it cannot learn which model names exist), passes the
same checks (`core.admit`: a loaded model, a JSON body), the same validation
rules (`tensors.parse_infer` ends in `schema.check_rows`) and the same predict
call (`core.classify`); only the shapes differ, errors included:
`{"error": "..."}` as the protocol says (`error_body`, which the edge uses for
every error on these routes). Request ids, the body limit, access logs and
metrics are the edge's (ml_app/edge/), as for every route.
"""
import orjson
from flask import Blueprint, Response, current_app, request

from . import tensors
from .edge import exchange
from .edge.auth import requires_token
from .config import served_name
from .errors import ApiError

bp = Blueprint("v2", __name__, url_prefix="/v2")

SERVER_NAME = "ml_app"
SERVER_VERSION = "1.0.0"
#: Where a model's routes hang; the optional version segment is the protocol's.
MODEL_ROUTES = ("/models/<name>", "/models/<name>/versions/<version>")


def _parts():
    """This app's shared parts (settings, model state, core), set up by create_app."""
    return current_app.extensions["ml_app"]


def _json(payload, status: int = 200) -> Response:
    return Response(orjson.dumps(payload), status=status, mimetype="application/json")


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


def model_ready(name: str, version: str | None = None):
    """Whether this model can infer now: 200, or 503 while it loads; 404 for another model."""
    try:
        _served(name, version)
    except ApiError as exc:
        if exc.status != 503:
            raise
        return _json({"name": name, "ready": False}, 503)
    return _json({"name": name, "ready": True})


def model_metadata(name: str, version: str | None = None):
    """The model's name, version, platform, and its input and output tensors."""
    model = _served(name, version)
    return _json({
        "name": name,
        "versions": [model.version],
        "platform": "sklearn",
        "inputs": tensors.metadata_inputs(model.contract),
        "outputs": tensors.metadata_outputs(len(model.class_names), model.contract),
    })


@requires_token
def infer(name: str, version: str | None = None):
    """Predict a tensor of rows, with /prediction's checks, rules and model call."""
    model = _served(name, version)
    parts = _parts()
    parts.core.admit(request.content_type)
    parsed = tensors.parse_infer(request.get_data(cache=False), parts.settings.max_batch_rows, model.contract)
    if model.is_regression:
        proba, best = model.probabilities(parsed.rows), None
    else:
        proba, best = parts.core.classify(model, parsed.rows)
    this = exchange.of(request.environ)
    this.rows = len(parsed.rows)
    answer = {
        "model_name": name,
        "model_version": model.version,
        "id": parsed.id if parsed.id is not None else this.request_id,
        "outputs": tensors.outputs(parsed, model.class_names, proba, best),
    }
    notes = model.warnings(parsed.rows)
    if notes is not None:  # /prediction's warnings, each saying which row it is about
        answer["parameters"] = {"warnings": [{"row": i, **w} for i, row in enumerate(notes) for w in row]}
    return _json(answer)


for _route in MODEL_ROUTES:
    bp.add_url_rule(_route, view_func=model_metadata, methods=["GET"])
    bp.add_url_rule(_route + "/ready", view_func=model_ready, methods=["GET"])
    bp.add_url_rule(_route + "/infer", view_func=infer, methods=["POST"])


def error_body(error: ApiError) -> bytes:
    """The protocol's error shape: one string, every problem named in it."""
    message = error.message
    if error.details:
        problems = "; ".join(f"{d['field']} {d['problem']}".strip() for d in error.details)
        message = f"{message.rstrip('.')}: {problems}."
    return orjson.dumps({"error": message})
