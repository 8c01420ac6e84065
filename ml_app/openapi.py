"""The OpenAPI 3.1 description of the service (GET /docs renders it with Swagger UI: docs.py).

Its path list is generated from the app's routes (ml_app/router.py): every
route appears with the operation written for its endpoint here or in
openapi_v2.py, its path parameters and whether it needs the token; building
the document fails on a route without an operation and on an operation
without a route. The field schemas come from the served model's contract
(ml_app/inputs.py): one property per input on POST /prediction's single-row body
(`Instance`), named as the data names it, with its type, enum, accepted range and
example; a regressor's answers are numbers. The Iris contract keeps the Iris
document exactly (`Measurements`, centimetres).
"""
import re
from functools import lru_cache

from contract import API_EXAMPLE, FIELDS, LABELS, MAX_CM, MIN_CM, MODEL_VERSION_DIGITS, UNIT_NAME

from . import docs, openapi_v2
from .config import Settings, served_name
from .novelty import MARGIN

EXAMPLE_ROW = dict(API_EXAMPLE)
EXAMPLE_PREDICTION = {
    "prediction": "setosa",
    "probability": 0.97,
    "probabilities": {"setosa": 0.97, "versicolor": 0.02, "virginica": 0.01},
}
EXAMPLE_VERSION = "3f2a9c1b7d4e"
ONE_HOT_NOTE = ("When the model has no predict_proba (GET /model says `probabilistic: false`, e.g. an SVC or "
                "LinearSVC), they are one-hot: 1 for the predicted class, 0 for the others.")

#: What "prediction" is for a classifier: its predict's class (ml_app/predicted_class.py).
PREDICTED_CLASS = ("The class the model predicts: for most classifiers the most probable one; for those whose "
                   "predict is not the argmax of their probabilities (SVC(probability=True)), predict's class.")


def _measurement(name: str) -> dict:
    return {
        "type": "number",
        "exclusiveMinimum": MIN_CM,
        "maximum": MAX_CM,
        "description": f"{LABELS[name]} in {UNIT_NAME} ({MIN_CM:g} < x ≤ {MAX_CM:g}).",
        "example": EXAMPLE_ROW[name],
    }


def _error_response(description: str, code: str, message: str, details=()) -> dict:
    example = {"error": {"code": code, "message": message, "details": list(details)}}
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}, "example": example}}}


def _json_response(description: str, schema: str, example) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"},
                                             "example": example}}}


def _schemas(max_rows: int) -> dict:
    """The request and response shapes (JSON Schema 2020-12, as OpenAPI 3.1 uses)."""
    probabilities = {"type": "object", "additionalProperties": {"type": "number", "minimum": 0, "maximum": 1},
                     "description": "Probability of every class, keyed by class name; they sum to 1. "
                                    + ONE_HOT_NOTE}
    return {
        "Measurements": {
            "type": "object",
            "description": "One flower's measurements in centimetres; all four are required.",
            "properties": {name: _measurement(name) for name in FIELDS},
            "required": list(FIELDS),
            "additionalProperties": False,
            "example": EXAMPLE_ROW,
        },
        "BatchRequest": {
            "type": "object",
            "properties": {"instances": {"type": "array", "items": {"$ref": "#/components/schemas/Measurements"},
                                         "minItems": 1, "maxItems": max_rows}},
            "required": ["instances"],
            "additionalProperties": False,
        },
        "Prediction": {
            "type": "object",
            "properties": {"prediction": {"type": "string", "description": PREDICTED_CLASS},
                           "probability": {"type": "number", "minimum": 0, "maximum": 1,
                                           "description": "The predicted class's probability."},
                           "probabilities": probabilities,
                           "warnings": {"type": "array", "items": {"$ref": "#/components/schemas/Warning"},
                                        "description": f"Values outside the training range widened by {MARGIN:.0%} "
                                                       "of its width on each side (GET /model: training_ranges)."}},
            "required": ["prediction", "probability", "probabilities"],
        },
        "Warning": {
            "type": "object",
            "description": "Present only for a row unlike the model's training data; the prediction stands.",
            "properties": {
                "code": {"enum": ["outside_training_range", "looks_like_millimetres"]},
                "field": {"enum": list(FIELDS)},
                "value": {"type": "number"},
                "training_range": {"type": "object", "properties": {"min": {"type": "number"},
                                                                    "max": {"type": "number"}}},
                "message": {"type": "string"},
            },
            "required": ["code", "message"],
        },
        "PredictionResponse": {
            "allOf": [{"$ref": "#/components/schemas/Prediction"},
                      {"type": "object", "properties": {"model_version": {"$ref": "#/components/schemas/ModelVersion"}},
                       "required": ["model_version"]}],
        },
        "BatchResponse": {
            "type": "object",
            "properties": {"predictions": {"type": "array", "items": {"$ref": "#/components/schemas/Prediction"}},
                           "model_version": {"$ref": "#/components/schemas/ModelVersion"}},
            "required": ["predictions", "model_version"],
        },
        "ModelVersion": {"type": "string", "pattern": f"^[0-9a-f]{{{MODEL_VERSION_DIGITS}}}$",
                         "description": f"First {MODEL_VERSION_DIGITS} hex digits of the model file's sha256."},
        "Error": {
            "type": "object",
            "properties": {"error": {
                "type": "object",
                "properties": {
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                    "details": {"type": "array", "items": {
                        "type": "object",
                        "properties": {"field": {"type": "string", "description": f"e.g. instances[3].{FIELDS[-1]}"},
                                       "problem": {"type": "string"}},
                        "required": ["field", "problem"]}},
                },
                "required": ["code", "message", "details"]}},
            "required": ["error"],
        },
        "Health": {"type": "object", "properties": {"status": {"const": "ok"}}, "required": ["status"]},
        "Ready": {"type": "object",
                  "properties": {"status": {"const": "ready"},
                                 "model_version": {"$ref": "#/components/schemas/ModelVersion"}},
                  "required": ["status", "model_version"]},
        "ModelInfo": {
            "type": "object",
            "properties": {
                "model_version": {"$ref": "#/components/schemas/ModelVersion"},
                "sha256": {"type": "string"},
                "model_type": {"type": ["string", "null"]},
                "estimator": {"type": ["string", "null"]},
                "probabilistic": {"type": "boolean",
                                  "description": "True when probabilities come from the model's predict_proba; "
                                                 "false when the model has none and they are one-hot of its "
                                                 "prediction."},
                "params": {"type": "object"},
                "feature_names": {"type": "array", "items": {"type": "string"}},
                "feature_fields": {"type": "object", "additionalProperties": {"enum": list(FIELDS)},
                                   "description": "Which request field feeds each model feature."},
                "classes": {"type": "array"},
                "class_names": {"type": "array", "items": {"type": "string"}},
                "metrics": {"type": "object"},
                "sklearn_version": {"type": "string"},
                "python_version": {"type": ["string", "null"]},
                "trained_at": {"type": ["string", "null"]},
                "source": {"type": ["string", "null"]},
                "training_ranges": {
                    "type": ["object", "null"],
                    "description": "Per field, the training rows' min, max, mean, std and count, and where "
                                   "warnings start; null for a model exported without them.",
                    "additionalProperties": {"type": "object"}},
            },
            "required": ["model_version", "sha256", "probabilistic", "feature_names", "classes", "class_names",
                         "sklearn_version"],
        },
    }


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


#: The schema of each path parameter a route may have (a route with another one fails the document).
PATH_PARAMETERS = {
    "version": {"description": "The model's version (GET /model: model_version); another is a 404.",
                "schema": {"$ref": "#/components/schemas/ModelVersion"}},
    "asset": {"description": "A file of Swagger UI's.", "schema": {"enum": sorted(docs.ASSETS)}},
}


def paths(routes, operations: dict, fixed: dict) -> dict:
    """The document's paths: every route, with its operation (by its endpoint).

    The path is the route's template with `{parameter}` for Flask's `<parameter>`,
    except those `fixed` names a value for, written literally (the model's name:
    this document describes this server's one model). A route's `security` says
    whether it needs the token (`requires_token`). A route without an operation,
    or an operation without a route, is an error naming it: the document lists
    exactly the routes the app has.
    """
    found = {}
    used = set()
    for route in sorted(routes, key=_document_order(routes)):
        operation = operations.get(route.endpoint)
        if operation is None:
            raise LookupError(f"{route.method} {route.template} (endpoint {route.endpoint!r}) has no OpenAPI "
                              "operation: describe it in ml_app/openapi.py (or openapi_v2.py)")
        operation = dict(operation)
        path, parameters = _path(route.template, fixed)
        if parameters:
            operation["parameters"] = [{"name": name, "in": "path", "required": True, **PATH_PARAMETERS[name]}
                                       for name in parameters]
            if route.endpoint in used:  # the same view at another path: operation ids are unique
                operation["operationId"] += "".join(name.title() for name in parameters)
        if route.requires_token:
            operation["security"] = [{}, {"bearer": []}]  # optional: only when the server sets API_TOKEN
        found.setdefault(path, {})[route.method.lower()] = operation
        used.add(route.endpoint)
    unused = set(operations) - used
    if unused:
        raise LookupError(f"OpenAPI operations for no route of the app: {', '.join(sorted(unused))}")
    return found


_PARAMETER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def _path(template: str, fixed: dict) -> tuple[str, list]:
    """An OpenAPI path for a route template, and the names of its path parameters."""
    parameters = [name for name in _PARAMETER.findall(template) if name not in fixed]
    missing = [name for name in parameters if name not in PATH_PARAMETERS]
    if missing:
        raise LookupError(f"{template}: describe the path parameter(s) {missing} in ml_app/openapi.py's "
                          "PATH_PARAMETERS")

    def written(match):
        name = match.group(1)
        return fixed[name] if name in fixed else f"{{{name}}}"

    return _PARAMETER.sub(written, template), parameters


def _document_order(routes):
    """Routes in the app's order, a view's paths without parameters before those with."""
    first = {}
    for index, route in enumerate(routes):
        first.setdefault(route.endpoint, index)
    return lambda route: (first[route.endpoint], route.template.count("<"))


@lru_cache(maxsize=8)
def _document(max_rows: int, max_bytes: int, model_name: str, routes: tuple, spec=None) -> dict:
    operations = {**_operations(max_rows, max_bytes), **openapi_v2.operations(model_name, max_rows, spec)}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Iris prediction service (ml_app)", "version": "1.0.0",
                 "description": "Predicts the Iris species from sepal and petal measurements with the "
                                "scikit-learn model built from the project's notebook."},
        "servers": [{"url": "/"}],
        "paths": paths(routes, operations, {"name": model_name}),
        "components": {
            "schemas": {**_schemas(max_rows), **openapi_v2.schemas(spec)},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "Only when the server sets API_TOKEN."}},
        },
    }


def openapi_document(settings: Settings, routes: tuple, spec=None, model_name: str | None = None) -> dict:
    """The document for these settings (the limits it states are the live ones), the app's
    routes (`create_app(...).routes`) and the served model's contract (Iris when none is given)."""
    name = model_name or served_name(settings)
    if spec is None or (spec.iris and not spec.is_regression):
        return _document(settings.max_batch_rows, settings.max_body_bytes, name, tuple(routes))
    return _tabular_document(settings.max_batch_rows, settings.max_body_bytes, name, tuple(routes), spec)


# --- any tabular model: the document from its contract -------------------------------------------

_JSON_TYPES = {"number": "number", "integer": "integer", "boolean": "boolean"}


def input_property(field, example) -> dict:
    """One input as a JSON Schema property: type (or enum), the accepted range, the example;
    the training range as `x-training-range` (a value beyond it is answered, with a warning)."""
    spec = field.spec
    prop = {}
    if field.kind == "category":
        if field.unknown == "error":
            prop["enum"] = list(field.values) + ([None] if field.missing else [])
        else:
            types = sorted({"string" if type(v) is str else "boolean" if type(v) is bool else "number"
                            for v in field.values})
            prop["type"] = (types if len(types) > 1 else types[0]) if not field.missing else [*types, "null"]
            prop["examples"] = list(field.values)
    else:
        kind = _JSON_TYPES[field.kind]
        prop["type"] = [kind, "null"] if field.missing else kind
        if field.kind != "boolean":
            prop["exclusiveMinimum"] = field.low
            prop["maximum"] = field.high
    label = spec.get("label") or field.name
    unit = f" ({spec['unit']})" if spec.get("unit") else ""
    about = [f"{label}{unit}."]
    if spec.get("description"):
        about.append(str(spec["description"]))
    if spec.get("min") is not None and spec.get("max") is not None:
        about.append(f"Trained on {spec['min']:g} to {spec['max']:g}; a value far outside gets a warning.")
        prop["x-training-range"] = {"min": spec["min"], "max": spec["max"]}
    if field.kind == "category":
        about.append("Seen in training: " + ", ".join(map(str, field.values[:20])) + "."
                     + (" Another value is answered with a warning." if field.unknown == "warn" else ""))
    if field.missing:
        about.append("May be null or left out: the model imputes it.")
    prop["description"] = " ".join(about)
    if spec.get("unit"):
        prop["x-unit"] = spec["unit"]
    if example is not None or field.missing:
        prop["example"] = example
    return prop


def _instance(spec) -> dict:
    example = spec.examples[0]["values"]
    return {
        "type": "object",
        "description": "One row, keyed by the data's own column names; "
                       + ("every field is required." if not any(f.missing for f in spec.fields)
                          else "a field marked nullable may be null or left out."),
        "properties": {f.name: input_property(f, example.get(f.name)) for f in spec.fields},
        "required": [f.name for f in spec.fields if not f.missing],
        "additionalProperties": False,
        "example": {f.name: example.get(f.name) for f in spec.fields if f.name in example},
    }


def _tabular_schemas(max_rows: int, spec) -> dict:
    """_schemas for a model's own contract: its Instance, and its answers (a class, or a number)."""
    schemas = _schemas(max_rows)
    del schemas["Measurements"]
    schemas["Instance"] = _instance(spec)
    schemas["BatchRequest"]["properties"]["instances"]["items"] = {"$ref": "#/components/schemas/Instance"}
    warning = schemas["Warning"]["properties"]
    warning["code"] = {"enum": ["outside_training_range", "unknown_category"]}
    warning["field"] = {"enum": list(spec.names)}
    warning["value"] = {}
    prediction = schemas["Prediction"]
    if spec.is_regression:
        target = spec.target
        prediction["properties"] = {
            "prediction": {"type": "number", "description": f"The predicted {target.get('name', 'value')}."
                           + (f" Trained on {target['min']:g} to {target['max']:g}."
                              if target.get("min") is not None and target.get("max") is not None else "")},
            "warnings": prediction["properties"]["warnings"]}
        prediction["required"] = ["prediction"]
    else:
        prediction["properties"]["prediction"] = {"type": "string", "enum": [str(c) for c in spec.target["classes"]],
                                                  "description": PREDICTED_CLASS}
    info = schemas["ModelInfo"]["properties"]
    info["feature_fields"] = {"type": "object", "additionalProperties": {"enum": list(spec.names)},
                              "description": "Which request field each model feature is made from."}
    return schemas


def _tabular_example_answer(spec) -> dict:
    if spec.is_regression:
        target = spec.target
        middle = target.get("quantiles", {}).get("0.5", target.get("mean", 0.0))
        return {"prediction": middle}
    classes = [str(c) for c in spec.target["classes"]]
    share = round(1 / len(classes), 4)
    return {"prediction": classes[0], "probability": share, "probabilities": {c: share for c in classes}}


@lru_cache(maxsize=8)
def _tabular_document(max_rows: int, max_bytes: int, model_name: str, routes: tuple, spec) -> dict:
    """The document of a model with its own contract: the Iris one with the fields, answers and
    words of this model."""
    document = _document.__wrapped__(max_rows, max_bytes, model_name, routes, spec)
    target = spec.target.get("name") or "target"
    what = "a number" if spec.is_regression else "a class"
    document["info"].update(
        title=f"{target} prediction service (ml_app)",
        description=f"Predicts {target} ({what}) from {', '.join(spec.names)} with the scikit-learn model "
                    "built from the notebook.")
    document["components"]["schemas"] = {**_tabular_schemas(max_rows, spec), **openapi_v2.schemas(spec)}
    operation = document["paths"]["/prediction"]["post"]
    example = _instance(spec)["example"]
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
    model_example = document["paths"]["/model"]["get"]["responses"]["200"]["content"]["application/json"]["example"]
    model_example.update(feature_names=list(spec.feature_names), feature_fields=spec.feature_inputs(),
                         classes=list(spec.target.get("classes", [])),
                         class_names=[str(c) for c in spec.target.get("classes", [])],
                         metrics={"r2": 0.8} if spec.is_regression else {"accuracy": 0.9})
    return document
