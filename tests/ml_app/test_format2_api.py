"""The OpenAPI document and the Open Inference Protocol (V2) of format 2 models: the fields,
types and answers come from the artifact's contract, and the document tells the truth about them."""
import jsonschema
import pytest
from schemathesis.specs.openapi.definitions import OPENAPI_31

from ml_app import create_app
from ml_app.config import Settings
from ml_support import AppClient, Service, schemathesis

from test_format2 import ADELIE, GENTOO, MASS_ROW


@pytest.fixture(scope="module")
def penguins(penguins_dir):
    return AppClient(create_app(penguins_dir, Settings(max_batch_rows=20)))


@pytest.fixture(scope="module")
def mass(mass_dir):
    return AppClient(create_app(mass_dir, Settings(max_batch_rows=20)))


def schema(document, name):
    return jsonschema.Draft202012Validator({"$ref": f"#/components/schemas/{name}",
                                            "components": document["components"]})


def test_the_documents_are_valid_openapi_and_their_examples_fit_their_schemas(penguins, mass):
    for http in (penguins, mass):
        document = http.get("/openapi.json").json()
        jsonschema.Draft202012Validator(OPENAPI_31).validate(document)
        operation = document["paths"]["/prediction"]["post"]
        for example in operation["requestBody"]["content"]["application/json"]["examples"].values():
            schema(document, "Instance" if "instances" not in example["value"] else "BatchRequest").validate(
                example["value"])
        for name, example in operation["responses"]["200"]["content"]["application/json"]["examples"].items():
            schema(document, "PredictionResponse" if name == "single" else "BatchResponse").validate(example["value"])


def test_one_property_per_input_as_the_contract_states_it(penguins):
    """Fails when the document and the artifact's inputs drift apart."""
    document = penguins.get("/openapi.json").json()
    inputs = penguins.get("/model").json()["inputs"]
    instance = document["components"]["schemas"]["Instance"]
    assert list(instance["properties"]) == [spec["name"] for spec in inputs]
    assert instance["required"] == [spec["name"] for spec in inputs if not spec["missing"]]
    for spec in inputs:
        prop = instance["properties"][spec["name"]]
        if spec["kind"] == "category":
            assert prop["enum"] == spec["values"], spec["name"]
        else:
            assert prop["type"] == spec["kind"], spec["name"]
            assert prop["x-training-range"] == {"min": spec["min"], "max": spec["max"]}, spec["name"]
        assert prop["example"] == penguins.get("/model").json()["examples"][0]["values"][spec["name"]]
    assert document["components"]["schemas"]["BatchRequest"]["properties"]["instances"]["items"] == {
        "$ref": "#/components/schemas/Instance"}
    assert "Measurements" not in document["components"]["schemas"]


def test_the_answers_fit_the_documented_response_schemas(penguins, mass):
    for http, row in ((penguins, GENTOO), (mass, MASS_ROW)):
        document = http.get("/openapi.json").json()
        schema(document, "PredictionResponse").validate(http.post("/prediction", json=row).json())
        schema(document, "BatchResponse").validate(http.post("/prediction", json={"instances": [row]}).json())
    prediction = mass.get("/openapi.json").json()["components"]["schemas"]["Prediction"]
    assert prediction["properties"]["prediction"]["type"] == "number"
    with pytest.raises(jsonschema.ValidationError):  # a class name is no regressor's answer
        schema(mass.get("/openapi.json").json(), "Prediction").validate({"prediction": "Gentoo"})


def test_the_document_validates_a_row_as_the_service_does(penguins):
    document = penguins.get("/openapi.json").json()
    instance = schema(document, "Instance")
    for row in (GENTOO, {**GENTOO, "island": "Mars"}, {**GENTOO, "flipper_length_mm": "long"},
                {k: v for k, v in GENTOO.items() if k != "sex"}):
        accepted = penguins.post("/prediction", json=row).status_code == 200
        assert instance.is_valid(row) == accepted, row


# --- V2 -----------------------------------------------------------------------------------------

def test_v2_metadata_declares_one_named_tensor_per_input_of_its_datatype(penguins):
    metadata = penguins.get("/v2/models/penguins").json()
    assert metadata["name"] == "penguins"
    assert metadata["inputs"] == [
        {"name": "bill_length_mm", "datatype": "FP64", "shape": [-1]},
        {"name": "bill_depth_mm", "datatype": "FP64", "shape": [-1]},
        {"name": "flipper_length_mm", "datatype": "INT64", "shape": [-1]},
        {"name": "body_mass_g", "datatype": "INT64", "shape": [-1]},
        {"name": "island", "datatype": "BYTES", "shape": [-1]},
        {"name": "sex", "datatype": "BYTES", "shape": [-1]}]
    assert penguins.get("/v2/models/iris").status_code == 404


def columns(rows, datatypes=None):
    names = list(rows[0])
    kinds = {"island": "BYTES", "sex": "BYTES", "flipper_length_mm": "INT64", "body_mass_g": "INT64"}
    return {"inputs": [{"name": n, "shape": [len(rows)], "datatype": (datatypes or kinds).get(n, "FP64"),
                        "data": [row[n] for row in rows]} for n in names]}


def test_v2_infer_answers_mixed_inputs_as_prediction_does(penguins):
    answer = penguins.post("/v2/models/penguins/infer", json=columns([ADELIE, GENTOO])).json()
    label, probabilities = answer["outputs"]
    assert label["data"] == ["Adelie", "Gentoo"] and probabilities["shape"] == [2, 3]
    batch = penguins.post("/prediction", json={"instances": [ADELIE, GENTOO]}).json()["predictions"]
    assert probabilities["data"][3:] == list(batch[1]["probabilities"].values())


def test_v2_refuses_what_prediction_refuses_naming_the_row(penguins):
    response = penguins.post("/v2/models/penguins/infer", json=columns([ADELIE, {**GENTOO, "island": "Mars"}]))
    assert response.status_code == 400
    assert "row[1].island must be one of 'Biscoe', 'Dream', 'Torgersen'" in response.json()["error"]
    wrong_type = columns([ADELIE], {"island": "FP64"})
    assert "takes BYTES" in penguins.post("/v2/models/penguins/infer", json=wrong_type).json()["error"]


def test_v2_of_a_regressor_answers_its_prediction(mass, mass_dir):
    metadata = mass.get("/v2/models/penguin-mass").json()
    assert metadata["outputs"] == [{"name": "prediction", "datatype": "FP64", "shape": [-1]}]
    answer = mass.post("/v2/models/penguin-mass/infer", json=columns([MASS_ROW])).json()
    [output] = answer["outputs"]
    single = mass.post("/prediction", json=MASS_ROW).json()["prediction"]
    assert output["name"] == "prediction" and output["data"] == [pytest.approx(single, rel=1e-12)]


def test_the_model_name_setting_overrides_the_artifacts(penguins_dir):
    http = AppClient(create_app(penguins_dir, Settings(model_name="birds")))
    assert http.get("/v2/models/birds").status_code == 200
    assert http.get("/v2/models/penguins").status_code == 404
    assert http.get("/model").json()["model_name"] == "birds"


# --- schemathesis on a real penguins service -------------------------------------------------------

def test_schemathesis_finds_no_contract_violation_on_a_penguins_service(penguins_dir, tmp_path):
    with Service(penguins_dir, workers=1, env={"MAX_BATCH_ROWS": "50"}, log_dir=tmp_path) as service:
        result = schemathesis(service.url, "penguins", tmp_path, seed=20261204)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]


def test_an_all_number_regressor_takes_one_matrix_tensor_and_rows_like_iris(diabetes_dir):
    http = AppClient(create_app(diabetes_dir, Settings(max_batch_rows=20)))
    info = http.get("/model").json()
    rows = [e["values"] for e in info["examples"]]
    names = [i["name"] for i in info["inputs"]]
    assert http.get("/v2/models/diabetes").json()["inputs"] == [
        {"name": "measurements", "datatype": "FP64", "shape": [-1, 10]}]
    matrix = {"inputs": [{"name": "x", "shape": [len(rows), 10], "datatype": "FP64",
                          "data": [[row[n] for n in names] for row in rows]}]}
    [output] = http.post("/v2/models/diabetes/infer", json=matrix).json()["outputs"]
    batch = http.post("/prediction", json={"instances": rows}).json()["predictions"]
    assert output["data"] == [p["prediction"] for p in batch]
    assert info["examples"][1]["label"] == "50% of target"
    assert 100 < batch[1]["prediction"] < 200  # the median row is predicted near the median
    document = http.get("/openapi.json").json()
    jsonschema.Draft202012Validator(OPENAPI_31).validate(document)
    schema(document, "BatchResponse").validate(http.post("/prediction", json={"instances": rows}).json())
    far = http.post("/prediction", json={**rows[0], "bmi": 5.0}).json()
    assert [w["field"] for w in far["warnings"]] == ["bmi"]
