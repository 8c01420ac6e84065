"""The OpenAPI document is valid and true, and no input makes ml_app misbehave.

- the document validates against the OpenAPI 3.1 meta-schema, and its own
  examples validate against the schemas it states;
- hypothesis throws random JSON (and near-valid rows) at /prediction through
  both entry points: the answer is always a 2xx, or a 4xx with the error shape;
- schemathesis runs against the real gunicorn service, bounded in examples and time.
"""
import json

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.definitions import OPENAPI_31

from ml_app import create_app
from ml_app.config import Settings
from ml_app.model import FIELDS
from ml_support import ENTRY_POINTS, Service, iris_model, client_for, schemathesis

@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    return iris_model(tmp_path_factory.mktemp("model"))


@pytest.fixture(scope="module")
def apps(model_dir):
    limits = Settings(max_batch_rows=20, max_body_bytes=8192)
    return {entry: client_for(create_app(model_dir, limits), entry) for entry in ENTRY_POINTS}


@pytest.fixture(scope="module")
def document(apps):
    return apps["front"].get("/openapi.json").get_json()


def validator(document, ref: str) -> jsonschema.Draft202012Validator:
    """A validator for one schema of the document, resolving its internal $refs."""
    return jsonschema.Draft202012Validator({"$ref": ref, "components": document["components"]})


def test_document_is_valid_openapi_3_1(document):
    jsonschema.Draft202012Validator(OPENAPI_31).validate(document)
    for schema in document["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)


def test_document_examples_match_their_schemas(document):
    checked = 0
    for path, item in document["paths"].items():
        for method, op in item.items():
            bodies = [op.get("requestBody", {})] + list(op["responses"].values())
            for body in bodies:
                for media in body.get("content", {}).values():
                    examples = [media["example"]] if "example" in media else []
                    examples += [e["value"] for e in media.get("examples", {}).values()]
                    schema = {"components": document["components"], **media["schema"]}
                    for example in examples:
                        jsonschema.Draft202012Validator(schema).validate(example)
                        checked += 1
    assert checked >= 10


def test_document_states_the_live_limits(model_dir):
    client = create_app(model_dir, Settings(max_batch_rows=77)).test_client()
    batch = client.get("/openapi.json").get_json()["components"]["schemas"]["BatchRequest"]
    assert batch["properties"]["instances"]["maxItems"] == 77


def test_document_says_when_probabilities_are_one_hot(document):
    model_info = document["components"]["schemas"]["ModelInfo"]
    assert model_info["properties"]["probabilistic"]["type"] == "boolean"
    assert "probabilistic" in model_info["required"]
    assert "one-hot" in document["paths"]["/prediction"]["post"]["description"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=12,
)
near_rows = st.fixed_dictionaries(
    {name: st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(), json_values)
     for name in FIELDS},
    optional={"extra": json_values},
)
bodies = st.one_of(
    json_values.map(json.dumps),
    near_rows.map(json.dumps),
    st.lists(near_rows, max_size=25).map(lambda rows: json.dumps({"instances": rows})),
    st.binary(max_size=64).map(lambda b: b.decode("latin-1")),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=bodies, entry=st.sampled_from(ENTRY_POINTS))
def test_random_json_gets_a_2xx_or_a_4xx_with_the_error_shape(apps, document, body, entry):
    response = apps[entry].post("/prediction", data=body, content_type="application/json")
    answer = json.loads(response.get_data())
    assert response.mimetype == "application/json"
    if 200 <= response.status_code < 300:
        validator(document, "#/components/schemas/PredictionResponse" if "prediction" in answer
                  else "#/components/schemas/BatchResponse").validate(answer)
    else:
        assert 400 <= response.status_code < 500
        validator(document, "#/components/schemas/Error").validate(answer)


@pytest.fixture(scope="module")
def service(model_dir, tmp_path_factory):
    svc = Service(model_dir, workers=2, env={"MAX_BATCH_ROWS": "50"},
                  log_dir=tmp_path_factory.mktemp("gunicorn")).start()
    yield svc
    svc.stop()


def test_schemathesis_finds_no_contract_violation(service, tmp_path):
    result = schemathesis(service.url, "iris", tmp_path, seed=20261123)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]


tensors = st.fixed_dictionaries(
    {"name": st.sampled_from(["measurements", *FIELDS, "x"]),
     "shape": st.lists(st.integers(-1, 6), min_size=0, max_size=3) | json_values,
     "datatype": st.sampled_from(["FP32", "FP64", "INT64", "BYTES"]) | json_values,
     "data": st.lists(st.floats(0.05, 12) | st.integers(-2, 200) | json_values, max_size=24) | json_values},
    optional={"parameters": json_values},
)
infer_bodies = st.one_of(
    json_values.map(json.dumps),
    st.fixed_dictionaries({"inputs": st.lists(tensors, max_size=5)},
                          optional={"id": json_values, "outputs": json_values,
                                    "parameters": json_values}).map(json.dumps),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=infer_bodies)
def test_random_tensors_get_a_2xx_or_a_4xx_with_the_protocol_error(apps, document, body):
    response = apps["front"].post("/v2/models/iris/infer", data=body, content_type="application/json")
    answer = json.loads(response.get_data())
    if 200 <= response.status_code < 300:
        validator(document, "#/components/schemas/V2InferResponse").validate(answer)
    else:
        assert 400 <= response.status_code < 500
        validator(document, "#/components/schemas/V2Error").validate(answer)
