"""Every Python consumer agrees with contract/iris.json (web_app: web_app/test/contract.test.js).

Each test looks at what a consumer does or publishes (validation, the OpenAPI
document, /model, the loader, the bench bodies), not at its constants, so a
consumer that grows its own copy of the contract and drifts fails here.
"""
import json
import math
import shutil

import numpy as np
import pytest

import contract
from bench import payloads
from ml_app import create_app
from ml_app.config import Settings
from ml_app.errors import ApiError
from ml_app.model import ModelError, load_model
from ml_app.openapi import openapi_document
from ml_app.schema import parse_request
from ml_support import KAGGLE, AppClient, iris_model

EXAMPLE = dict(contract.API_EXAMPLE)


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    return iris_model(tmp_path_factory.mktemp("model"))


def accepts(row) -> bool:
    """Whether ml_app's validation takes the row, asked once alone and once in a two-row batch
    (the batch's vectorised check is a second implementation of the same range)."""
    outcomes = set()
    for body in (row, {"instances": [EXAMPLE, row]}):
        try:
            parse_request(json.dumps(body).encode(), max_rows=10)
            outcomes.add(True)
        except ApiError:
            outcomes.add(False)
    assert len(outcomes) == 1, f"single and batch validation disagree on {row}"
    return outcomes.pop()


@pytest.mark.parametrize("field", contract.FIELDS)
def test_ml_app_accepts_exactly_the_contracts_range(field):
    low, high = contract.MIN_CM, contract.MAX_CM
    values = [low, math.nextafter(low, math.inf), high, math.nextafter(high, math.inf)]
    assert [accepts({**EXAMPLE, field: v}) for v in values] == [False, True, True, False]


def test_ml_app_requires_exactly_the_contracts_fields():
    assert accepts(EXAMPLE)
    for field in contract.FIELDS:
        assert not accepts({k: v for k, v in EXAMPLE.items() if k != field}), field
    assert not accepts({**EXAMPLE, "stem_length": 1.0})


def test_ml_app_builds_rows_in_the_contracts_field_order():
    row, batch = parse_request(json.dumps(dict(reversed(EXAMPLE.items()))).encode(), max_rows=10)
    assert not batch and row == [EXAMPLE[f] for f in contract.FIELDS]


def test_openapi_states_the_contracts_fields_range_and_example():
    document = openapi_document(Settings(), create_app(load=False).routes)
    measurements = document["components"]["schemas"]["Measurements"]
    assert list(measurements["properties"]) == list(contract.FIELDS)
    assert measurements["required"] == list(contract.FIELDS)
    for name, prop in measurements["properties"].items():
        assert (prop["exclusiveMinimum"], prop["maximum"]) == (contract.MIN_CM, contract.MAX_CM), name
        assert prop["description"].startswith(f"{contract.LABELS[name]} in {contract.UNIT_NAME}"), name
    assert measurements["example"] == EXAMPLE
    examples = document["paths"]["/prediction"]["post"]["requestBody"]["content"]["application/json"]["examples"]
    assert examples["single"]["value"] == EXAMPLE
    info = document["components"]["schemas"]["ModelInfo"]["properties"]
    assert info["feature_fields"]["additionalProperties"]["enum"] == list(contract.FIELDS)
    version = document["components"]["schemas"]["ModelVersion"]["pattern"]
    assert version == f"^[0-9a-f]{{{contract.MODEL_VERSION_DIGITS}}}$"


def test_model_endpoint_maps_features_by_the_contracts_rule(tmp_path):
    client = AppClient(create_app(iris_model(tmp_path, columns=KAGGLE)))
    info = client.get("/model").json()
    assert info["feature_fields"] == {name: contract.field_of(name) for name in KAGGLE}
    assert info["model_version"] == contract.model_version(info["sha256"])
    assert len(info["model_version"]) == contract.MODEL_VERSION_DIGITS


def _edited(model_dir, tmp_path, edit):
    """A copy of the artifact whose model.json went through `edit`."""
    folder = tmp_path / "edited"
    shutil.copytree(model_dir, folder)
    meta_path = folder / contract.META_FILE
    meta = json.loads(meta_path.read_text())
    edit(meta)
    meta_path.write_text(json.dumps(meta))
    return folder


@pytest.mark.parametrize("key", contract.REQUIRED_KEYS)
def test_loader_refuses_a_model_json_without_a_required_key(model_dir, tmp_path, key):
    with pytest.raises(ModelError, match=f"lacks {key}"):
        load_model(_edited(model_dir, tmp_path, lambda meta: meta.pop(key)))


def test_loader_needs_no_other_key(model_dir, tmp_path):
    optional = set(contract.ARTIFACT_KEYS) - set(contract.REQUIRED_KEYS)
    assert optional, "the artifact has optional keys"
    folder = _edited(model_dir, tmp_path, lambda meta: [meta.pop(k, None) for k in optional])
    assert load_model(folder).version == contract.model_version(contract.sha256_of(folder / contract.MODEL_FILE))


def test_loader_reads_the_contracts_format_version_only(model_dir, tmp_path):
    assert json.loads((model_dir / contract.META_FILE).read_text())["format_version"] == contract.FORMAT_VERSION
    load_model(model_dir)
    with pytest.raises(ModelError, match=f"format_version {contract.FORMAT_VERSION + 1}"):
        load_model(_edited(model_dir, tmp_path, lambda meta: meta.update(format_version=contract.FORMAT_VERSION + 1)))


def test_the_example_flowers_are_the_species_they_name(model_dir):
    """A model trained on all of Iris predicts each example's species (the mean has none)."""
    model = load_model(model_dir)
    named = {k: s for k, s in contract.EXAMPLE_SPECIES.items() if s is not None}
    rows = np.array([[contract.EXAMPLES[k][f] for f in contract.FIELDS] for k in named])
    predicted = [model.class_names[i] for i in model.probabilities(rows).argmax(axis=1)]
    assert predicted == list(named.values())


def test_bench_bodies_have_the_contracts_fields_in_order(tmp_path):
    paths = payloads.write(tmp_path)
    single = json.loads(paths["single"].read_text())
    batch = json.loads(paths["batch"].read_text())["instances"]
    assert list(single) == list(contract.FIELDS)
    assert all(list(row) == list(contract.FIELDS) for row in batch)
    assert accepts(single)
