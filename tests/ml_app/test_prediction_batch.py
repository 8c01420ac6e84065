"""POST /prediction with `instances`: a batch is answered row by row in order, and a bad row is
named by its index (`instances[3].petal_width`); a batch over the row limit is a 413."""
import math

import pytest

from ml_support import SETOSA, VIRGINICA, details, post


def test_batch_answers_each_row_in_order(client):
    response = post(client, {"instances": [SETOSA, VIRGINICA, SETOSA]})
    body = response.json()
    assert response.status_code == 200
    assert [p["prediction"] for p in body["predictions"]] == ["setosa", "virginica", "setosa"]
    assert all(math.isclose(sum(p["probabilities"].values()), 1.0, abs_tol=1e-9) for p in body["predictions"])
    assert len(body["model_version"]) == 12


def test_batch_error_names_the_row(client):
    rows = [SETOSA, SETOSA, SETOSA, {**SETOSA, "petal_width": -0.2}]
    response = post(client, {"instances": rows})
    assert response.status_code == 400
    assert list(details(response)) == ["instances[3].petal_width"]


@pytest.mark.parametrize("value", [True, "1.0", None, 0, 1e9, [1.0]])
def test_batch_value_hidden_among_valid_rows_is_named(client, value):
    rows = [SETOSA, VIRGINICA, {**VIRGINICA, "sepal_width": value}, SETOSA]
    response = post(client, {"instances": rows})
    assert response.status_code == 400
    assert list(details(response)) == ["instances[2].sepal_width"]


def test_batch_row_with_an_unknown_key_among_valid_rows_is_named(client):
    response = post(client, {"instances": [SETOSA, {**SETOSA, "stem": 1.0}]})
    assert list(details(response)) == ["instances[1].stem"]


def test_batch_row_that_is_not_an_object_is_named(client):
    response = post(client, {"instances": [SETOSA, 5]})
    assert "instances[1]" in details(response)


@pytest.mark.parametrize("instances", [[], {}, "rows", None])
def test_batch_needs_a_non_empty_array(client, instances):
    response = post(client, {"instances": instances})
    assert response.status_code == 400
    assert "instances" in details(response)


def test_batch_with_extra_top_level_key_is_rejected(client):
    response = post(client, {"instances": [SETOSA], "model": "other"})
    assert response.status_code == 400
    assert "model" in details(response)


def test_batch_over_the_row_limit_is_413(client):
    response = post(client, {"instances": [SETOSA] * 6})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_many_rows"
