"""The Open Inference Protocol routes (ml_app/v2.py) in the OpenAPI document: operations and schemas.

The paths, generated from the routes (ml_app/openapi.py), carry the configured
model name literally: the document describes this server, whose one model
answers under that name.
"""
from contract import EXAMPLES, FIELDS, MAX_CM

from .tensors import (FLOAT_TYPES, INPUT_NAME, LABEL, NUMBER_TYPES, OUTPUT_NAMES, PROBABILITIES, PREDICTION,
                      datatype, metadata_inputs, metadata_outputs, output_names)

_ROWS = [[EXAMPLES[name][f] for f in FIELDS] for name in ("setosa", "virginica_2")]
_MATRIX_REQUEST = {"id": "42", "inputs": [{"name": INPUT_NAME, "shape": [2, len(FIELDS)], "datatype": "FP64",
                                           "data": _ROWS}]}
_COLUMNS_REQUEST = {"inputs": [{"name": name, "shape": [2], "datatype": "FP64", "data": [row[i] for row in _ROWS]}
                               for i, name in enumerate(FIELDS)],
                    "outputs": [{"name": LABEL}]}
_RESPONSE = {"model_name": "iris", "model_version": "3f2a9c1b7d4e", "id": "42", "outputs": [
    {"name": LABEL, "datatype": "BYTES", "shape": [2], "data": ["setosa", "virginica"]},
    {"name": PROBABILITIES, "datatype": "FP64", "shape": [2, 3], "data": [0.97, 0.02, 0.01, 0.0, 0.03, 0.97]}]}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _answer(description: str, schema: str, example) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema), "example": example}}}


def _error(description: str, message: str) -> dict:
    return _answer(description, "V2Error", {"error": message})


def _tabular(spec) -> bool:
    """Whether the document describes a model with its own contract (not the Iris one)."""
    return spec is not None and not (spec.iris and not spec.is_regression)


def schemas(spec=None) -> dict:
    """The protocol's request and response shapes, as this server takes and gives them."""
    found = _schemas()
    if _tabular(spec):
        request_input = found["V2RequestInput"]
        if spec.numeric:
            request_input["description"] = (
                f"Either one [N, {len(spec.names)}] tensor (any name) whose columns are {', '.join(spec.names)}, "
                "or one [N] tensor per input, named after it. Values have the limits of /prediction.")
        else:
            request_input["description"] = (
                "One [N] tensor per input, named after it: " + ", ".join(f"{f.name} ({datatype(f)})"
                                                                          for f in spec.fields)
                + ". Values have the limits of /prediction.")
        kinds = set(NUMBER_TYPES) | {datatype(f) for f in spec.fields}
        request_input["properties"]["datatype"] = {"enum": sorted(kinds)}
        request_input["properties"]["data"]["items"] = {"anyOf": [{"type": "number"}, {"type": "string"},
                                                                  {"type": "boolean"}, {"type": "null"},
                                                                  {"type": "array"}]}
        found["V2InferRequest"]["properties"]["inputs"]["maxItems"] = len(spec.names)
        names = list(output_names(spec))
        found["V2InferRequest"]["properties"]["outputs"]["items"]["properties"]["name"] = {"enum": names}
        found["V2ResponseOutput"]["properties"]["name"] = {"enum": names}
    return found


def _schemas() -> dict:
    """The Iris shapes, the base of every document's."""
    tensor_data = {"type": "array", "description": "Row-major values, flat or nested to the shape.",
                   "items": {"anyOf": [{"type": "number"}, {"type": "array"}]}}
    shape = {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 1}
    row = {"type": "object", "properties": {"row": {"type": "integer", "minimum": 0}}, "required": ["row"]}
    return {
        "V2ServerMetadata": {"type": "object", "required": ["name", "version", "extensions"],
                             "properties": {"name": {"type": "string"}, "version": {"type": "string"},
                                            "extensions": {"type": "array", "items": {"type": "string"}}}},
        "V2Live": {"type": "object", "properties": {"live": {"type": "boolean"}}, "required": ["live"]},
        "V2Ready": {"type": "object", "properties": {"ready": {"type": "boolean"}}, "required": ["ready"]},
        "V2ModelReady": {"type": "object", "required": ["name", "ready"],
                         "properties": {"name": {"type": "string"}, "ready": {"type": "boolean"}}},
        "V2MetadataTensor": {"type": "object", "required": ["name", "datatype", "shape"],
                             "properties": {"name": {"type": "string"}, "datatype": {"type": "string"},
                                            "shape": {"type": "array", "items": {"type": "integer"}}}},
        "V2ModelMetadata": {"type": "object", "required": ["name", "versions", "platform", "inputs", "outputs"],
                            "properties": {"name": {"type": "string"},
                                           "versions": {"type": "array", "items": _ref("ModelVersion")},
                                           "platform": {"type": "string"},
                                           "inputs": {"type": "array", "items": _ref("V2MetadataTensor")},
                                           "outputs": {"type": "array", "items": _ref("V2MetadataTensor")}}},
        "V2RequestInput": {
            "type": "object", "required": ["name", "shape", "datatype", "data"],
            "description": (f"Either one [N, {len(FIELDS)}] tensor (any name) whose columns are "
                            f"{', '.join(FIELDS)}, or one [N] tensor per field, named after it. Values are "
                            "centimetres with the limits of /prediction."),
            "properties": {"name": {"type": "string", "minLength": 1}, "shape": shape,
                           "datatype": {"enum": list(FLOAT_TYPES)}, "data": tensor_data,
                           "parameters": {"type": "object"}}},
        "V2InferRequest": {
            "type": "object", "required": ["inputs"],
            "properties": {"id": {"type": "string", "description": "Echoed in the response."},
                           "parameters": {"type": "object"},
                           "inputs": {"type": "array", "minItems": 1, "maxItems": len(FIELDS),
                                      "items": _ref("V2RequestInput")},
                           "outputs": {"type": "array", "description": "Which outputs to return (default: all).",
                                       "items": {"type": "object", "required": ["name"],
                                                 "properties": {"name": {"enum": list(OUTPUT_NAMES)},
                                                                "parameters": {"type": "object"}}}}}},
        "V2ResponseOutput": {"type": "object", "required": ["name", "shape", "datatype", "data"],
                             "properties": {"name": {"enum": list(OUTPUT_NAMES)},
                                            "shape": {"type": "array", "items": {"type": "integer"}},
                                            "datatype": {"enum": ["BYTES", "FP64"]},
                                            "data": {"type": "array"}}},
        "V2InferResponse": {
            "type": "object", "required": ["model_name", "model_version", "id", "outputs"],
            "properties": {"model_name": {"type": "string"}, "model_version": _ref("ModelVersion"),
                           "id": {"type": "string", "description": "The request's id, else its X-Request-ID."},
                           "parameters": {"type": "object", "properties": {"warnings": {
                               "type": "array", "description": "/prediction's warnings, each with its row.",
                               "items": {"allOf": [_ref("Warning"), row]}}}},
                           "outputs": {"type": "array", "items": _ref("V2ResponseOutput")}}},
        "V2Error": {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]},
    }


def operations(model_name: str, max_rows: int, spec=None) -> dict:
    """GET /v2, health, model metadata and readiness, and POST infer, for the model `model_name`,
    by the endpoint of the route (ml_app/v2.py) each describes; a model with its own contract
    (not Iris) gets its tensors, examples and answers."""
    found = _operations(model_name, max_rows)
    if _tabular(spec):
        example = spec.examples[0]["values"]
        names = spec.names
        if spec.numeric:
            request = {"inputs": [{"name": INPUT_NAME, "shape": [1, len(names)], "datatype": "FP64",
                                   "data": [[example.get(n) for n in names]]}]}
        else:
            request = {"inputs": [{"name": f.name, "shape": [1], "datatype": datatype(f),
                                   "data": [example.get(f.name)]} for f in spec.fields]}
        outputs = metadata_outputs(len(spec.target.get("classes", [])), spec)
        metadata = found["v2.model_metadata"]["responses"]["200"]["content"]["application/json"]["example"]
        metadata.update(inputs=metadata_inputs(spec), outputs=outputs)
        infer = found["v2.infer"]
        infer["summary"] = f"Predict {spec.target.get('name') or 'the target'} of N rows (Open Inference Protocol)"
        infer["description"] = (
            ("One [N, k] tensor in the order " + ", ".join(names) + ", or one [N] tensor per input named after it"
             if spec.numeric else "One [N] tensor per input, named after it ("
             + ", ".join(f"{f.name}: {datatype(f)}" for f in spec.fields) + ")")
            + f"; N ≤ {max_rows}. The same token, limits and validation as /prediction. Outputs: "
            + ("`prediction` (FP64 [N])." if spec.is_regression else
               "`label` (BYTES [N]) and `probabilities` (FP64 [N, classes], in GET /model's class_names order).")
            + " JSON tensors only: the binary tensor extension is not supported.")
        content = infer["requestBody"]["content"]["application/json"]
        content["examples"] = {"columns" if not spec.numeric else "matrix": {"summary": "One row", "value": request}}
        if spec.is_regression:
            answer = {"name": PREDICTION, "datatype": "FP64", "shape": [1],
                      "data": [spec.target.get("mean", 0.0)]}
        else:
            classes = [str(c) for c in spec.target.get("classes", [])]
            answer = [{"name": LABEL, "datatype": "BYTES", "shape": [1], "data": classes[:1]},
                      {"name": PROBABILITIES, "datatype": "FP64", "shape": [1, len(classes)],
                       "data": [round(1 / len(classes), 4)] * len(classes)}]
        infer["responses"]["200"] = _answer("The outputs asked for.", "V2InferResponse", {
            "model_name": model_name, "model_version": "3f2a9c1b7d4e", "id": "42",
            "outputs": answer if isinstance(answer, list) else [answer]})
        infer["responses"]["400"] = _error("A bad tensor: shape, datatype, size, or a value /prediction refuses.",
                                           f"The request is invalid: 1 problem: row[1].{names[-1]} is required.")
    return found


def _operations(model_name: str, max_rows: int) -> dict:
    """The Iris operations, the base of every document's."""
    not_ready = _error("The model is not loaded yet.", f"Model '{model_name}' is not loaded yet.")
    other_version = _error("Another model version than the one served.",
                           f"Model '{model_name}' has no version '000000000000'; it serves version 3f2a9c1b7d4e.")
    tag = ["Open Inference Protocol (V2)"]
    return {
        "v2.server_metadata": {"tags": tag, "summary": "Server metadata", "operationId": "v2ServerMetadata",
                               "responses": {"200": _answer("Name, version, extensions.", "V2ServerMetadata",
                                                            {"name": "ml_app", "version": "1.0.0", "extensions": []})}},
        "v2.live": {"tags": tag, "summary": "Server liveness", "operationId": "v2Live",
                    "responses": {"200": _answer("Alive.", "V2Live", {"live": True})}},
        "v2.ready": {"tags": tag, "summary": "Server readiness", "operationId": "v2Ready",
                     "responses": {"200": _answer("Ready.", "V2Ready", {"ready": True}),
                                   "503": _answer("Not ready.", "V2Ready", {"ready": False})}},
        "v2.model_metadata": {"tags": tag, "summary": "Model metadata: its tensors and version",
                              "operationId": "v2ModelMetadata",
                              "responses": {"200": _answer("The model.", "V2ModelMetadata", {
                                  "name": model_name, "versions": ["3f2a9c1b7d4e"], "platform": "sklearn",
                                  "inputs": [{"name": INPUT_NAME, "datatype": "FP64", "shape": [-1, len(FIELDS)]}],
                                  "outputs": [{"name": LABEL, "datatype": "BYTES", "shape": [-1]},
                                              {"name": PROBABILITIES, "datatype": "FP64", "shape": [-1, 3]}]}),
                                            "404": other_version, "503": not_ready}},
        "v2.model_ready": {"tags": tag, "summary": "Model readiness", "operationId": "v2ModelReady",
                           "responses": {"200": _answer("Ready.", "V2ModelReady",
                                                        {"name": model_name, "ready": True}),
                                         "404": other_version,
                                         "503": _answer("Loading.", "V2ModelReady",
                                                        {"name": model_name, "ready": False})}},
        "v2.infer": {
            "tags": tag, "summary": "Predict the species of N flowers (Open Inference Protocol)",
            "description": (f"One [N, {len(FIELDS)}] FP32/FP64 tensor in the order {', '.join(FIELDS)}, or one "
                            f"[N] tensor per field named after it; N ≤ {max_rows}. The same token, limits and "
                            "validation as /prediction. Outputs: `label` (BYTES [N]) and `probabilities` "
                            "(FP64 [N, classes], in GET /model's class_names order). JSON tensors only: the "
                            "binary tensor extension is not supported."),
            "operationId": "v2Infer",
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": _ref("V2InferRequest"),
                "examples": {"matrix": {"summary": f"One [N, {len(FIELDS)}] tensor", "value": _MATRIX_REQUEST},
                             "columns": {"summary": "One tensor per field, label only", "value": _COLUMNS_REQUEST}},
            }}},
            "responses": {
                "200": _answer("The outputs asked for.", "V2InferResponse", _RESPONSE),
                "400": _error("A bad tensor: shape, datatype, size, or a value out of range.",
                              f"The request is invalid: 1 problem: row[1].{FIELDS[2]} must be at most {MAX_CM:g} cm "
                              "(a plausible flower measurement), got 150."),
                "401": _error("API_TOKEN is set and the bearer token is missing or wrong.",
                              "This endpoint needs the header 'Authorization: Bearer <token>' with a valid token."),
                "404": other_version,
                "413": _error("The body or the number of rows is over its limit.",
                              f"A batch holds at most {max_rows} rows; this one has {max_rows + 1}. Split it."),
                "415": _error("The body is not JSON.", "Send the body as application/json, not text/plain."),
                "503": not_ready,
            },
        },
    }
