"""model_export/feature_values.py: columns named after a measurement their values are not."""
import pathlib
import sys

import pytest
from hypothesis import given, settings, strategies as st
from sklearn.datasets import load_iris

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))
from model_export import feature_values  # noqa: E402

IRIS = load_iris()
CANONICAL = ["sepal_length", "sepal_width", "petal_length", "petal_width"]  # the data set's order


def lies(fields, rows):
    return [(position, named, fits) for position, named, fits, _ in
            feature_values.lying_columns(fields, rows, CANONICAL)]


@pytest.fixture(autouse=True)
def no_override(monkeypatch):
    monkeypatch.delenv(feature_values.TRUST_ENV, raising=False)


@pytest.mark.parametrize("fields, expected", [
    (["sepal_width", "sepal_length", "petal_length", "petal_width"],
     [(0, "sepal_width", "sepal_length"), (1, "sepal_length", "sepal_width")]),
    (["sepal_length", "sepal_width", "petal_width", "petal_length"],
     [(2, "petal_width", "petal_length"), (3, "petal_length", "petal_width")]),
])
def test_swapped_names_are_found_with_the_measurement_each_column_holds(fields, expected):
    assert lies(fields, IRIS.data) == expected


def test_two_swapped_columns_of_a_petal_only_model_are_found():
    assert lies(["petal_width", "petal_length"], IRIS.data[:, 2:]) == [
        (0, "petal_width", "petal_length"), (1, "petal_length", "petal_width")]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 149), min_size=10, max_size=150, unique=True))
def test_true_names_on_any_split_of_the_rows_are_never_called_lies(rows):
    assert lies(CANONICAL, IRIS.data[rows]) == []


@pytest.mark.parametrize("species", [0, 1, 2])
def test_one_species_alone_is_not_called_a_lie(species):
    assert lies(CANONICAL, IRIS.data[IRIS.target == species]) == []


def test_millimetres_are_near_no_measurement_and_not_called_swapped():
    assert lies(CANONICAL, IRIS.data * 10) == []


def test_the_message_names_the_columns_their_values_and_both_ways_out(monkeypatch):
    names = ["SepalWidthCm", "SepalLengthCm", "PetalLengthCm", "PetalWidthCm"]
    fields = ["sepal_width", "sepal_length", "petal_length", "petal_width"]
    message = feature_values.lying_names_message(names, fields, IRIS.data, CANONICAL)
    assert "column 0 'SepalWidthCm' (mean 5.84 cm, 4.3-7.9) looks like sepal_length" in message
    assert "column 1 'SepalLengthCm'" in message and "PetalLengthCm" not in message
    assert "names=[...]" in message and "TRUST_FEATURE_NAMES=1" in message
    monkeypatch.setenv(feature_values.TRUST_ENV, "1")
    assert feature_values.lying_names_message(names, fields, IRIS.data, CANONICAL) is None
