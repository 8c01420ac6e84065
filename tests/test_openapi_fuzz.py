"""The OpenAPI document is valid and true, and no input makes ml_app misbehave.

- the document validates against the OpenAPI 3.1 meta-schema, and its own
  examples validate against the schemas it states;
- hypothesis throws random JSON (and near-valid rows) at /prediction through
  the real ASGI app: the answer is always a 2xx, or a 4xx with the error shape;
- schemathesis runs against the real gunicorn service, bounded in examples and time.
"""
import json
import re

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.definitions import OPENAPI_31

from ml_app import create_app
from ml_app.config import Settings
from ml_app.model import FIELDS
from ml_support import AppClient, Service, iris_model, media_type, schemathesis

@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    return iris_model(tmp_path_factory.mktemp("model"))


@pytest.fixture(scope="module")
def client(model_dir):
    return AppClient(create_app(model_dir, Settings(max_batch_rows=20, max_body_bytes=8192)))


@pytest.fixture(scope="module")
def document(client):
    return client.get("/openapi.json").json()


def validator(document, ref: str) -> jsonschema.Draft202012Validator:
    """A validator for one schema of the document, resolving its internal $refs."""
    return jsonschema.Draft202012Validator({"$ref": ref, "components": document["components"]})


def documented_path(template: str, model_name: str) -> str:
    """Where the document should list a route: `{parameter}` for Flask's `<parameter>`, the model's
    name written literally (written here apart from ml_app/openapi.py, which the test checks)."""
    template = template.replace("<name>", model_name)
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", template)


def test_every_route_of_the_app_has_an_entry_in_the_document(client, document):
    routes = {(route.method.lower(), documented_path(route.template, "iris")) for route in client.app.routes}
    entries = {(method, path) for path, item in document["paths"].items() for method in item}
    assert routes == entries
    assert len(routes) >= 18


def test_every_entry_of_the_document_is_answered_by_a_route(client, document):
    """Each documented operation, called on the real app with valid path parameters, reaches a route:
    neither the router's 404 nor its 405."""
    version = client.get("/model").json()["model_version"]
    values = {"version": version, "asset": "swagger-ui.css"}
    for path, item in document["paths"].items():
        for method in item:
            url = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)
            response = client.request(method.upper(), url)
            assert response.status_code not in (404, 405), (method, url, response.text)


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
    client = AppClient(create_app(model_dir, Settings(max_batch_rows=77)))
    batch = client.get("/openapi.json").json()["components"]["schemas"]["BatchRequest"]
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
@given(body=bodies)
def test_random_json_gets_a_2xx_or_a_4xx_with_the_error_shape(client, document, body):
    response = client.post("/prediction", data=body, content_type="application/json")
    answer = json.loads(response.content)
    assert media_type(response) == "application/json"
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
def test_random_tensors_get_a_2xx_or_a_4xx_with_the_protocol_error(client, document, body):
    response = client.post("/v2/models/iris/infer", data=body, content_type="application/json")
    answer = json.loads(response.content)
    if 200 <= response.status_code < 300:
        validator(document, "#/components/schemas/V2InferResponse").validate(answer)
    else:
        assert 400 <= response.status_code < 500
        validator(document, "#/components/schemas/V2Error").validate(answer)
