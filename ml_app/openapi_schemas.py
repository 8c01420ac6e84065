"""The OpenAPI document's component schemas: the shapes of requests and answers.

The Iris contract's (`Measurements`, centimetres), or those built from the served
model's own contract (ml_app/inputs.py): one property per input on POST
/prediction's single-row body (`Instance`), named as the data names it, with its
type, enum, accepted range and example; a regressor's answers are numbers.
Apart from the operations that refer to them (openapi_operations.py) and from the
document's assembly from the routes (openapi.py): a new field of a request or an
answer is described here.
"""
from contract import API_EXAMPLE, FIELDS, LABELS, MAX_CM, MIN_CM, MODEL_VERSION_DIGITS, UNIT_NAME

from .novelty import MARGIN

EXAMPLE_ROW = dict(API_EXAMPLE)
ONE_HOT_NOTE = ("When the model has no predict_proba (GET /model says `probabilistic: false`, e.g. an SVC or "
                "LinearSVC), they are one-hot: 1 for the predicted class, 0 for the others.")

#: What "prediction" is for a classifier: its predict's class (ml_app/predicted_class.py).
PREDICTED_CLASS = ("The class the model predicts: for most classifiers the most probable one; for those whose "
                   "predict is not the argmax of their probabilities (SVC(probability=True)), predict's class.")


def schemas(max_rows: int, spec=None) -> dict:
    """The request and response shapes for the served model's contract `spec` (Iris's when None)."""
    return _schemas(max_rows) if spec is None else _tabular_schemas(max_rows, spec)


def _measurement(name: str) -> dict:
    return {
        "type": "number",
        "exclusiveMinimum": MIN_CM,
        "maximum": MAX_CM,
        "description": f"{LABELS[name]} in {UNIT_NAME} ({MIN_CM:g} < x ≤ {MAX_CM:g}).",
        "example": EXAMPLE_ROW[name],
    }


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


# --- any tabular model: the schemas from its contract -------------------------------------------

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


def instance(spec) -> dict:
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
    schemas["Instance"] = instance(spec)
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
