"""Serving a format 2 artifact: validation driven by its inputs, encoding, regression, warnings, /model.

Requests go to the real ASGI application in-process (ml_support.AppClient).
"""
import json
import math
import re

import numpy as np
import pytest

import artifacts
import contract
from ml_app import create_app
from ml_app.config import Settings
from ml_app.errors import ApiError
from ml_app.model import ModelError, load_model
from ml_app.schema import parse_request
from ml_support import AppClient

GENTOO = {"bill_length_mm": 46.5, "bill_depth_mm": 13.5, "flipper_length_mm": 210, "body_mass_g": 4550,
          "island": "Biscoe", "sex": "female"}
ADELIE = {"bill_length_mm": 39.1, "bill_depth_mm": 18.7, "flipper_length_mm": 181, "body_mass_g": 3750,
          "island": "Torgersen", "sex": "male"}
MASS_ROW = {k: GENTOO[k] for k in ("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "island", "sex")}


def client(model_dir):
    return AppClient(create_app(model_dir, Settings(max_batch_rows=50)))


def post(http, body):
    return http.post("/prediction", data=json.dumps(body), content_type="application/json")


def details(response) -> dict:
    error = response.json()["error"]
    assert response.status_code == 400 and set(error) == {"code", "message", "details"}
    return {d["field"]: d["problem"] for d in error["details"]}


# --- classification ----------------------------------------------------------------------------

def test_a_penguin_is_answered_with_its_species_and_probabilities(penguins_dir):
    http = client(penguins_dir)
    body = post(http, GENTOO).json()
    assert body["prediction"] == "Gentoo" and set(body["probabilities"]) == {"Adelie", "Chinstrap", "Gentoo"}
    assert math.isclose(sum(body["probabilities"].values()), 1.0, abs_tol=1e-9)
    batch = post(http, {"instances": [ADELIE, GENTOO]}).json()["predictions"]
    assert [p["prediction"] for p in batch] == ["Adelie", "Gentoo"]


@pytest.mark.parametrize("maker", [artifacts.penguin_classifier, artifacts.penguin_raw_classifier])
def test_one_row_is_the_same_answer_as_that_row_of_a_batch(tmp_path, maker):
    http = client(maker(tmp_path))
    rows = [ADELIE, GENTOO, {**GENTOO, "island": "Dream", "sex": "male"}]
    batch = post(http, {"instances": rows}).json()["predictions"]
    for row, answer in zip(rows, batch):
        one = post(http, row).json()
        assert one.pop("model_version") and one["prediction"] == answer["prediction"]
        # equal to rounding: one row sums in Python, a batch in BLAS (nine features, another order)
        assert one == {**answer, "probability": pytest.approx(answer["probability"], rel=1e-12),
                       "probabilities": pytest.approx(answer["probabilities"], rel=1e-12)}


def test_the_encoding_is_the_notebooks_get_dummies(penguins_dir):
    model = load_model(penguins_dir)
    row, _ = parse_request(json.dumps(GENTOO).encode(), 10, model.contract)
    encoded = dict(zip(model.meta["feature_names"], model.contract.encode_one(row)))
    assert encoded["island_Biscoe"] == 1.0 and encoded["island_Dream"] == encoded["island_Torgersen"] == 0.0
    assert encoded["sex_female"] == 1.0 and encoded["sex_male"] == 0.0
    assert encoded["flipper_length_mm"] == 210.0
    estimator_rows = model.contract.encode_many(model.contract.as_batch([row]))
    assert estimator_rows.tolist() == [model.contract.encode_one(row)]


def test_an_island_never_seen_is_a_400_naming_the_allowed_values(penguins_dir):
    response = post(client(penguins_dir), {"instances": [ADELIE, ADELIE, ADELIE, {**GENTOO, "island": "Mars"}]})
    assert details(response) == {"instances[3].island": "must be one of 'Biscoe', 'Dream', 'Torgersen'; got 'Mars'"}


@pytest.mark.parametrize("field, value, problem", [
    ("island", 3, "must be one of 'Biscoe', 'Dream', 'Torgersen'; got a number"),
    ("sex", None, "must not be null (one of 'female', 'male')"),
    ("bill_length_mm", "46.5", "must be a number of mm, not a string"),
    ("bill_length_mm", True, "must be a number of mm, not a boolean"),
    ("flipper_length_mm", 210.5, "must be a whole number, got 210.5"),
])
def test_a_wrong_kind_is_named(penguins_dir, field, value, problem):
    response = post(client(penguins_dir), {**GENTOO, field: value})
    assert details(response) == {field: problem}


def test_a_missing_input_and_an_unknown_key_are_named(penguins_dir):
    row = {k: v for k, v in GENTOO.items() if k != "sex"}
    assert details(post(client(penguins_dir), {**row, "colour": "blue"})) == {
        "sex": "is required",
        "colour": "is not a known field; expected " + ", ".join(GENTOO)}


def test_a_whole_float_is_an_integer_input(penguins_dir):
    http = client(penguins_dir)
    whole = {**GENTOO, "flipper_length_mm": 210.0}
    assert post(http, whole).json()["prediction"] == "Gentoo"
    assert [p["prediction"] for p in post(http, {"instances": [whole, ADELIE]}).json()["predictions"]] == [
        "Gentoo", "Adelie"]
    assert details(post(http, {"instances": [whole, {**ADELIE, "body_mass_g": 3750.5}]})) == {
        "instances[1].body_mass_g": "must be a whole number, got 3750.5"}


def test_coded_categories_are_encoded_by_their_code_table(coded_dir):
    model = load_model(coded_dir)
    row, _ = parse_request(json.dumps(GENTOO).encode(), 10, model.contract)
    encoded = dict(zip(model.meta["feature_names"], model.contract.encode_one(row)))
    assert (encoded["island"], encoded["sex"]) == (0.0, 0.0)  # Biscoe, female
    assert model.contract.encode_many(model.contract.as_batch([row])).tolist() == [list(encoded.values())]
    http = client(coded_dir)
    assert post(http, GENTOO).json()["prediction"] == "Gentoo"
    assert post(http, {"instances": [ADELIE]}).json()["predictions"][0]["prediction"] == "Adelie"
    assert "island" in details(post(http, {**GENTOO, "island": "Mars"}))


def test_an_unknown_category_only_warns_where_the_model_ignores_it(raw_dir):
    http = client(raw_dir)
    answer = post(http, {**GENTOO, "island": "Mars"}).json()
    assert answer["prediction"] == "Gentoo"
    [warning] = answer["warnings"]
    assert warning["code"] == "unknown_category" and warning["field"] == "island" and warning["value"] == "Mars"
    assert "'Biscoe', 'Dream', 'Torgersen'" in warning["message"]
    batch = post(http, {"instances": [GENTOO, {**GENTOO, "island": "Mars"}]}).json()["predictions"]
    assert "warnings" not in batch[0] and batch[1]["warnings"] == [warning]
    assert post(http, {**GENTOO, "island": 7}).status_code == 400  # a number is no island name


# --- regression -----------------------------------------------------------------------------------

def test_a_regressor_answers_a_number(mass_dir):
    http = client(mass_dir)
    answer = post(http, MASS_ROW).json()
    assert set(answer) == {"prediction", "model_version"} and 4000 < answer["prediction"] < 5500
    batch = post(http, {"instances": [MASS_ROW, {**MASS_ROW, "sex": "male"}]}).json()
    assert batch["predictions"][0] == {"prediction": pytest.approx(answer["prediction"], rel=1e-12)}
    assert batch["predictions"][1]["prediction"] > answer["prediction"]  # males are heavier in this model


def test_a_regressor_matches_scikit_learn_on_its_encoded_rows(mass_dir):
    import joblib
    model = load_model(mass_dir)
    estimator = joblib.load(mass_dir / "model.joblib")
    row, _ = parse_request(json.dumps(MASS_ROW).encode(), 10, model.contract)
    x = np.array([model.contract.encode_one(row)])
    assert model.probabilities_one(row) == estimator.predict(x).tolist()
    assert dict(zip(model.meta["feature_names"], x[0])) == {
        "bill_length_mm": 46.5, "bill_depth_mm": 13.5, "flipper_length_mm": 210.0,
        "island_Dream": 0.0, "island_Torgersen": 0.0, "sex_male": 0.0}  # drop_first: Biscoe, female are zeros


def test_a_value_far_outside_training_is_predicted_with_a_warning(mass_dir):
    http = client(mass_dir)
    answer = post(http, {**MASS_ROW, "flipper_length_mm": 2100}).json()
    [warning] = answer["warnings"]
    assert warning["code"] == "outside_training_range" and warning["field"] == "flipper_length_mm"
    assert warning["message"].startswith("flipper_length_mm is 2100 mm, far from the 172 to 231 mm")
    assert isinstance(answer["prediction"], float)
    rows = post(http, {"instances": [MASS_ROW, {**MASS_ROW, "flipper_length_mm": 2100}]}).json()["predictions"]
    assert "warnings" not in rows[0] and rows[1]["warnings"] == [warning]


def test_null_is_accepted_only_where_the_pipeline_imputes(imputing_dir):
    http = client(imputing_dir)
    imputed = post(http, {"flipper_length_mm": 200, "bill_depth_mm": None}).json()
    absent = post(http, {"flipper_length_mm": 200}).json()
    assert imputed["prediction"] == absent["prediction"] and math.isfinite(imputed["prediction"])
    batch = post(http, {"instances": [{"flipper_length_mm": 200, "bill_depth_mm": None}]}).json()
    assert batch["predictions"][0]["prediction"] == imputed["prediction"]
    assert details(post(http, {"flipper_length_mm": None, "bill_depth_mm": 15.0})) == {
        "flipper_length_mm": "must not be null (a whole number of mm)"}


def _filled(meta, fill=None):
    """bill_depth_mm's gaps (null, and 0) filled with 17.0 (or `fill`), as the export writes a notebook's fillna."""
    spec = next(spec for spec in meta["inputs"] if spec["name"] == "bill_depth_mm")
    spec.update(missing=True, fill=fill or {"value": 17.0, "gaps": [0]})


def test_a_gap_and_a_number_standing_for_one_are_filled_as_the_notebook_filled_them(mass_dir, tmp_path):
    http = client(_edited(mass_dir, tmp_path, _filled))
    answers = [post(http, {**MASS_ROW, "bill_depth_mm": depth}).json()["prediction"] for depth in (17.0, 0, None)]
    absent = {k: v for k, v in MASS_ROW.items() if k != "bill_depth_mm"}
    answers.append(post(http, absent).json()["prediction"])
    batch = post(http, {"instances": [{**MASS_ROW, "bill_depth_mm": d} for d in (0, None, 17.0, 18.5)]}).json()
    answers += [row["prediction"] for row in batch["predictions"][:3]]
    assert answers == pytest.approx([answers[0]] * 7, rel=1e-12) and math.isfinite(answers[0])  # batch: same to 1 ulp
    assert batch["predictions"][3]["prediction"] != answers[0]  # any other depth is the depth given


def test_a_gap_filled_by_another_inputs_value_and_one_it_has_no_fill_for(mass_dir, tmp_path):
    by_island = {"by": "island", "values": [["Biscoe", 14.5], ["Dream", 18.0]], "gaps": []}
    http = client(_edited(mass_dir, tmp_path, lambda meta: _filled(meta, by_island)))
    gentoo = {**MASS_ROW, "island": "Biscoe"}
    assert post(http, {**gentoo, "bill_depth_mm": None}).json()["prediction"] == \
        post(http, {**gentoo, "bill_depth_mm": 14.5}).json()["prediction"]
    refused = post(http, {"instances": [{**gentoo, "bill_depth_mm": 14.5}, {**gentoo, "island": "Torgersen",
                                                                         "bill_depth_mm": None}]})
    assert refused.status_code == 400 and details(refused) == {"instances[1].bill_depth_mm": (
        "must be given when island is 'Torgersen': the notebook filled a gap only where island is one of Biscoe, Dream")}


def test_a_number_standing_for_a_gap_with_no_fill_for_its_row_is_a_400_in_a_batch_too(mass_dir, tmp_path):
    """A batch of plainly valid values takes a fast path; a number that is a gap (13.5 here) on a row whose
    island has no fill must leave it for the path that names it, not reach the model as a gap (a 500)."""
    by_island = {"by": "island", "values": [["Biscoe", 14.5], ["Dream", 18.0]], "gaps": [13.5]}
    http = client(_edited(mass_dir, tmp_path, lambda meta: _filled(meta, by_island)))
    row = {**MASS_ROW, "island": "Torgersen", "bill_depth_mm": 13.5}
    one, batch = post(http, row), post(http, {"instances": [row, row]})
    assert one.status_code == 400 and batch.status_code == 400
    assert set(details(batch)) == {"instances[0].bill_depth_mm", "instances[1].bill_depth_mm"}


@pytest.mark.parametrize("fill, message", [
    ({"value": 1.0, "gaps": "0"}, "\"gaps\" is a list of numbers"),
    ({"by": "bill_depth_mm", "values": [[1, 2]], "gaps": []}, "fill needs a \"value\", or \"by\": another input"),
    ({"value": None, "gaps": []}, "fill's value must not be null"),
])
def test_a_malformed_fill_stops_start_up_naming_it(mass_dir, tmp_path, fill, message):
    with pytest.raises(ModelError, match=re.escape(message)):
        load_model(_edited(mass_dir, tmp_path, lambda meta: _filled(meta, fill)))


# --- GET /model and loading --------------------------------------------------------------------------

def test_model_route_exposes_the_contract(penguins_dir, mass_dir):
    meta = json.loads((penguins_dir / "model.json").read_text())
    info = client(penguins_dir).get("/model").json()
    for key in ("task", "target", "inputs", "encoding", "examples", "model_name"):
        assert info[key] == meta[key], key
    assert info["feature_fields"]["island_Dream"] == "island"
    assert info["class_names"] == ["Adelie", "Chinstrap", "Gentoo"]
    mass = client(mass_dir).get("/model").json()
    assert mass["task"] == "regression" and mass["classes"] == [] and mass["class_names"] == []
    assert mass["training_ranges"]["flipper_length_mm"]["min"] == 172


def test_an_iris_model_shows_the_iris_contract(tmp_path):
    from ml_support import iris_model
    info = client(iris_model(tmp_path)).get("/model").json()
    assert [i["name"] for i in info["inputs"]] == list(contract.FIELDS)
    assert {i["unit"] for i in info["inputs"]} == {"cm"} and info["model_name"] == "iris"
    assert info["task"] == "classification" and info["target"]["classes"] == ["setosa", "versicolor", "virginica"]
    assert [e["values"] for e in info["examples"]] == [dict(contract.EXAMPLES[k]) for k in contract.FORM_PRESETS]


def _edited(model_dir, tmp_path, edit):
    import shutil
    folder = tmp_path / "edited"
    shutil.copytree(model_dir, folder)
    meta = json.loads((folder / "model.json").read_text())
    edit(meta)
    (folder / "model.json").write_text(json.dumps(meta))
    return folder


@pytest.mark.parametrize("edit, message", [
    (lambda m: m.pop("inputs"), "has format_version 2 but lacks inputs"),
    (lambda m: m["inputs"][4].update(kind="colour"), "input 'island': kind must be one of"),
    (lambda m: m["encoding"][5].update(input="beak"), r"encoding\[5\] must be"),
    (lambda m: m["encoding"].pop(), "encoding must list one entry per model feature"),
    (lambda m: m.update(task="clustering"), "task must be one of"),
    (lambda m: m.update(format_version=3), "reads formats 1, 2 only"),
])
def test_a_malformed_contract_stops_start_up_naming_it(penguins_dir, tmp_path, edit, message):
    with pytest.raises(ModelError, match=message):
        load_model(_edited(penguins_dir, tmp_path, edit))


def test_an_example_the_service_would_refuse_stops_start_up(penguins_dir, tmp_path):
    def bad_example(meta):
        meta["examples"][1]["values"]["bill_length_mm"] = "long"
    with pytest.raises(ModelError, match=r"examples\[1\].bill_length_mm must be a number of mm, not a string"):
        load_model(_edited(penguins_dir, tmp_path, bad_example))


def test_parse_request_without_a_contract_is_iris():
    with pytest.raises(ApiError):
        parse_request(json.dumps(GENTOO).encode(), 10)


def test_bench_bodies_are_the_artifacts_example_rows_and_are_served(penguins_dir, tmp_path):
    from bench import payloads
    paths = payloads.write(tmp_path, penguins_dir)
    single = json.loads(paths["single"].read_text())
    batch = json.loads(paths["batch"].read_text())
    examples = [e["values"] for e in json.loads((penguins_dir / "model.json").read_text())["examples"]]
    assert single == examples[0] and batch["instances"][:len(examples)] == examples
    http = client(penguins_dir)
    assert post(http, single).status_code == 200
    assert len(post(http, {"instances": batch["instances"][:50]}).json()["predictions"]) == 50


@pytest.fixture(scope="module")
def iris_dirs(tmp_path_factory):
    """An Iris model as format 1, and the same as format 2 with the Iris contract laid over
    (what the export writes for Iris fields: docs/model-artifact.md, "Iris")."""
    from ml_app.inputs import iris_contract
    from ml_support import iris_model
    one = iris_model(tmp_path_factory.mktemp("iris1"))
    meta = json.loads((one / "model.json").read_text())
    spec = iris_contract(meta["feature_names"], meta["class_names"])
    two = tmp_path_factory.mktemp("iris2")
    (two / "model.joblib").write_bytes((one / "model.joblib").read_bytes())
    meta.pop("training_stats")
    inputs = [{**i, "min": 0.1, "max": 7.9, "quantiles": None} for i in spec.inputs]
    meta.update(format_version=2, task="classification", model_name="iris", target=spec.target, inputs=inputs,
                encoding=spec.encoding, examples=spec.examples)
    (two / "model.json").write_text(json.dumps(meta))
    return one, two


def test_an_iris_format_2_artifact_serves_the_iris_api_exactly(iris_dirs):
    one, two = (client(d) for d in iris_dirs)
    for body in ({"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2},
                 {"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 150, "petal_width": True},
                 {"instances": [{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}]}):
        assert post(one, body).json() == post(two, body).json(), body
    assert one.get("/openapi.json").json() == two.get("/openapi.json").json()
    assert one.get("/v2/models/iris").json() == two.get("/v2/models/iris").json()
