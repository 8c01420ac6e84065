"""The OpenAPI document's operations: one per endpoint of the service's own routes.

`_operations` holds them keyed by the view's endpoint ("ml_app.health"; a native
route's own, "prediction"); the Open Inference Protocol's are openapi_v2.py's.
For a model with its own contract, /prediction's and /model's speak of its fields
and answers (`_in_the_models_words`). The document (openapi.py) places each at
its route's path and fails on a route without an operation here: a new endpoint's
operation is added here.
"""
from contract import FIELDS, MAX_CM, MIN_CM

from .openapi_schemas import EXAMPLE_ROW, ONE_HOT_NOTE, instance

EXAMPLE_PREDICTION = {
    "prediction": "setosa",
    "probability": 0.97,
    "probabilities": {"setosa": 0.97, "versicolor": 0.02, "virginica": 0.01},
}
EXAMPLE_VERSION = "3f2a9c1b7d4e"


def operations(max_rows: int, max_bytes: int, spec=None) -> dict:
    """The operations, by endpoint, for these limits and the served model's contract `spec`
    (Iris's when None)."""
    found = _operations(max_rows, max_bytes)
    if spec is not None:
        _in_the_models_words(found, spec, max_rows, max_bytes)
    return found


def _error_response(description: str, code: str, message: str, details=()) -> dict:
    example = {"error": {"code": code, "message": message, "details": list(details)}}
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}, "example": example}}}


def _json_response(description: str, schema: str, example) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"},
                                             "example": example}}}


def _prediction_operation(max_rows: int, max_bytes: int) -> dict:
    invalid = _error_response(
        "Malformed JSON, a missing or unknown field, a non-number, or an implausible value.",
        "invalid_request", "The request is invalid: 1 problem.",
        [{"field": f"instances[3].{FIELDS[-1]}", "problem": f"must be greater than {MIN_CM:g} cm, got -1"}])
    return {
        "summary": "Predict the Iris species from flower measurements",
        "description": (
            "Send one flower's four measurements (centimetres), or up to "
            f"{max_rows} of them as `{{\"instances\": [...]}}` (predicted in one vectorised call; "
            "env MAX_BATCH_ROWS). Values must satisfy "
            f"{MIN_CM:g} < x ≤ {MAX_CM:g}. Bodies over {max_bytes} bytes are refused (env MAX_BODY_BYTES). "
            "With API_TOKEN set on the server, send `Authorization: Bearer <token>`. " + ONE_HOT_NOTE),
        "operationId": "predict",
        "requestBody": {
            "required": True,
            "content": {"application/json": {
                "schema": {"oneOf": [{"$ref": "#/components/schemas/Measurements"},
                                     {"$ref": "#/components/schemas/BatchRequest"}]},
                "examples": {
                    "single": {"summary": "One flower", "value": EXAMPLE_ROW},
                    "batch": {"summary": "A batch", "value": {"instances": [EXAMPLE_ROW, EXAMPLE_ROW]}},
                }}},
        },
        "responses": {
            "200": {"description": "The prediction (or one per row, in order, for a batch).",
                    "content": {"application/json": {
                        "schema": {"oneOf": [{"$ref": "#/components/schemas/PredictionResponse"},
                                             {"$ref": "#/components/schemas/BatchResponse"}]},
                        "examples": {
                            "single": {"value": {**EXAMPLE_PREDICTION, "model_version": EXAMPLE_VERSION}},
                            "batch": {"value": {"predictions": [EXAMPLE_PREDICTION, EXAMPLE_PREDICTION],
                                                "model_version": EXAMPLE_VERSION}},
                        }}}},
            "400": invalid,
            "401": _error_response("API_TOKEN is set and the bearer token is missing or wrong.", "unauthorized",
                                   "This endpoint needs the header 'Authorization: Bearer <token>' with a valid token."),
            "413": _error_response("The body or the batch is over its limit.", "too_many_rows",
                                   f"A batch holds at most {max_rows} rows; this one has {max_rows + 1}. Split it."),
            "415": _error_response("The body is not sent as application/json.", "unsupported_media_type",
                                   "Send the body as application/json, not text/plain."),
            "503": _error_response("The model is not loaded yet.", "not_ready", "The model is not loaded yet."),
        },
    }


def _operations(max_rows: int, max_bytes: int) -> dict:
    """The service's own operations, by the endpoint of the route each describes."""
    not_ready = _error_response("The model is not loaded yet.", "not_ready", "The model is not loaded yet.")
    return {
        "prediction": _prediction_operation(max_rows, max_bytes),
        "ml_app.health": {"summary": "Liveness: the process answers", "operationId": "health",
                          "responses": {"200": _json_response("Alive.", "Health", {"status": "ok"})}},
        "ml_app.ready": {"summary": "Readiness: the model is loaded and verified", "operationId": "ready",
                         "responses": {"200": _json_response("Ready.", "Ready",
                                                             {"status": "ready", "model_version": EXAMPLE_VERSION}),
                                       "503": not_ready}},
        "ml_app.model_info": {"summary": "The served model's metadata", "operationId": "model",
                              "responses": {"200": _json_response("Metadata from model.json.", "ModelInfo", {
                                  "model_version": EXAMPLE_VERSION, "sha256": EXAMPLE_VERSION + "0" * 52,
                                  "model_type": "sklearn.linear_model._logistic.LogisticRegression",
                                  "estimator": "LogisticRegression", "probabilistic": True, "params": {"C": 1.0},
                                  "feature_names": list(FIELDS),
                                  "feature_fields": {f: f for f in FIELDS},
                                  "classes": [0, 1, 2], "class_names": ["setosa", "versicolor", "virginica"],
                                  "metrics": {"accuracy": 0.97}, "sklearn_version": "1.9.1",
                                  "python_version": "3.11.2", "trained_at": "2026-01-01T00:00:00Z",
                                  "source": "iris.ipynb"}),
                                            "503": not_ready}},
        "ml_app.metrics_page": _untyped("metrics", "Prometheus metrics, summed over all workers",
                                        "Prometheus text exposition format.", "text/plain"),
        "ml_app.openapi": _untyped("openapi", "This document", "OpenAPI 3.1.", "application/json", "object"),
        "docs.page": _untyped("docs", "Interactive documentation (Swagger UI)",
                              "Swagger UI, served by this server (no CDN).", "text/html"),
        "docs.init": _untyped("docsScript", "The script that starts Swagger UI on /docs", "JavaScript.",
                              "text/javascript"),
        "docs.swagger_file": {
            "summary": "One of Swagger UI's own files, for /docs", "operationId": "docsAsset",
            "responses": {"200": {"description": "The file, from the pinned Swagger UI package.",
                                  "content": {media: {"schema": {"type": "string"}} for media in
                                              ("text/css", "text/javascript", "image/png")}},
                          "404": _error_response("Not one of Swagger UI's files served here.", "not_found",
                                                 "There is no /docs/index.html; Swagger UI's files here are ...")}},
    }


def _untyped(operation_id: str, summary: str, description: str, media: str, kind: str = "string") -> dict:
    """An operation answering 200 with a body the document does not describe further (a page, a file)."""
    return {"summary": summary, "operationId": operation_id,
            "responses": {"200": {"description": description, "content": {media: {"schema": {"type": kind}}}}}}


# --- any tabular model: /prediction and /model from its contract ---------------------------------

def _in_the_models_words(found: dict, spec, max_rows: int, max_bytes: int) -> None:
    """Rewrite the Iris operations of /prediction and /model (`found`) with the fields, answers and
    words of a model with its own contract."""
    target = spec.target.get("name") or "target"
    operation = found["prediction"]
    example = instance(spec)["example"]
    answer = _tabular_example_answer(spec)
    operation["summary"] = f"Predict {target}"
    operation["description"] = (
        f"Send one row of {', '.join(spec.names)} (keyed by those names), or up to {max_rows} of them as "
        f"`{{\"instances\": [...]}}` (env MAX_BATCH_ROWS). Bodies over {max_bytes} bytes are refused (env "
        "MAX_BODY_BYTES). With API_TOKEN set on the server, send `Authorization: Bearer <token>`. "
        + ("The answer is a number, with warnings for inputs far outside the training data."
           if spec.is_regression else "The answer is the class the model predicts and every class's probability. "
           + ONE_HOT_NOTE))
    content = operation["requestBody"]["content"]["application/json"]
    content["schema"] = {"oneOf": [{"$ref": "#/components/schemas/Instance"},
                                   {"$ref": "#/components/schemas/BatchRequest"}]}
    content["examples"] = {"single": {"summary": "One row", "value": example},
                           "batch": {"summary": "A batch", "value": {"instances": [example, example]}}}
    last = spec.fields[-1]
    operation["responses"]["400"] = _error_response(
        "Malformed JSON, a missing or unknown field, a value of the wrong kind, or a category never seen.",
        "invalid_request", "The request is invalid: 1 problem.",
        [{"field": f"instances[3].{last.name}", "problem": "is required"}])
    examples = operation["responses"]["200"]["content"]["application/json"]["examples"]
    examples["single"]["value"] = {**answer, "model_version": EXAMPLE_VERSION}
    examples["batch"]["value"] = {"predictions": [answer, answer], "model_version": EXAMPLE_VERSION}
    model_example = found["ml_app.model_info"]["responses"]["200"]["content"]["application/json"]["example"]
    model_example.update(feature_names=list(spec.feature_names), feature_fields=spec.feature_inputs(),
                         classes=list(spec.target.get("classes", [])),
                         class_names=[str(c) for c in spec.target.get("classes", [])],
                         metrics={"r2": 0.8} if spec.is_regression else {"accuracy": 0.9})


def _tabular_example_answer(spec) -> dict:
    if spec.is_regression:
        target = spec.target
        middle = target.get("quantiles", {}).get("0.5", target.get("mean", 0.0))
        return {"prediction": middle}
    classes = [str(c) for c in spec.target["classes"]]
    share = round(1 / len(classes), 4)
    return {"prediction": classes[0], "probability": share, "probabilities": {c: share for c in classes}}
