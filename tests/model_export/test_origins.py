"""model_export/origins.py: the named column each of the model's columns is, found row by row."""
import numpy
import pandas as pd
import pytest
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.model_selection import train_test_split

from model_export._common import ExportError
from model_export.features import data_feature_names
from model_export.origins import locate, names_by_rows


@pytest.fixture(scope="module")
def cancer():
    return load_breast_cancer(as_frame=True).frame


class Unnamed:
    """A fitted model of `width` columns, as scikit-learn leaves one fitted on numpy arrays."""

    def __init__(self, width):
        self.n_features_in_ = width

    def predict(self, rows):
        return numpy.zeros(len(rows))


def test_a_numpy_split_of_a_frame_is_found_among_its_rows_and_gets_its_columns(cancer):
    rows, _ = train_test_split(cancer.drop(columns="target").values, random_state=1)
    assert locate(rows, cancer) == list(range(30))


def test_columns_holding_the_same_values_are_told_apart_by_the_order_the_selection_kept():
    digits = load_digits()
    assert len({tuple(c) for c in digits.data.T}) < 64  # some pixel columns are equal: values alone cannot tell
    rows, _ = train_test_split(digits.data[:, 8:56], random_state=0)
    assert locate(rows, digits.data) == list(range(8, 56))


def test_columns_picked_in_another_order_are_found_by_their_values(cancer):
    rows = cancer[["mean area", "mean radius"]].values[::3]
    assert locate(rows, cancer) == [3, 0]


def test_a_column_two_named_columns_hold_alike_is_not_named():
    table = pd.DataFrame({"a": [1, 2, 3, 4], "b": [1, 2, 3, 4], "c": [5, 6, 7, 8]})
    assert locate(numpy.array([[1, 5], [2, 6]]), table) is None


def test_columns_that_resemble_the_tables_but_whose_rows_are_not_its_rows_are_not_named(cancer):
    rows = cancer[["mean radius", "mean texture"]].to_numpy().copy()
    numpy.random.default_rng(0).shuffle(rows[:, 1])  # the same values, in other rows
    assert locate(rows, cancer) is None


def test_a_gap_in_the_table_matches_the_value_the_notebook_filled_in(cancer):
    table = cancer.copy()
    table.loc[[3, 10, 40], "mean texture"] = numpy.nan
    rows = cancer[["mean radius", "mean texture"]].to_numpy().copy()
    rows[[3, 10, 40], 1] = table["mean texture"].mean()
    assert locate(rows, table) == [0, 1]


def test_numbers_the_file_holds_as_text_with_a_marker_are_numbers_and_the_marker_a_gap():
    nuclei = [str(v % 10 + 1) for v in range(20)]
    nuclei[7] = "?"  # UCI's mark of a missing value, which pandas reads as text
    table = pd.DataFrame({"id": range(100, 120), "nuclei": nuclei, "size": range(20)})
    filled = [5.5 if v == "?" else float(v) for v in nuclei]
    rows = numpy.array(list(zip(filled, range(20)))[::-1], dtype=object)
    assert locate(rows, table) == [1, 2]


def test_rows_that_keep_their_index_are_found_at_it_under_new_names(cancer):
    renamed = cancer.rename(columns={"mean radius": "radius", "mean texture": "texture"})
    train, _ = train_test_split(renamed[["texture", "radius"]], random_state=2)
    assert locate(train, cancer) == [1, 0]
    assert locate(train[["radius"]], cancer, by_index_only=True) == [0]
    assert locate(train[["radius"]].reset_index(drop=True), cancer, by_index_only=True) is None


def test_a_load_bunch_names_the_columns_of_its_data_split_and_sliced():
    digits = load_digits()
    rows, _ = train_test_split(digits.data[:, 8:56], random_state=0)
    names, where = names_by_rows(rows, {"digits": digits, "rows": rows})
    assert names == list(digits.feature_names[8:56]) and where == "`digits`"


def test_the_fields_of_a_model_fitted_on_values_are_the_frames_columns(cancer):
    X_train, _ = train_test_split(cancer.drop(columns="target").values, random_state=5)
    assert data_feature_names(Unnamed(30), {"df": cancer, "X_train": X_train}) == list(cancer.columns[:30])


def test_columns_that_resemble_a_frames_but_cannot_be_found_in_it_stop_the_build(cancer):
    X_train = cancer[["mean radius", "mean texture"]].to_numpy().copy()
    numpy.random.default_rng(0).shuffle(X_train[:, 1])
    with pytest.raises(ExportError, match="cannot be found among that table's rows"):
        data_feature_names(Unnamed(2), {"df": cancer, "X_train": X_train})


def test_columns_no_table_of_the_notebook_holds_are_x0_x1(cancer):
    X_train = numpy.random.default_rng(1).normal(size=(40, 3))
    assert data_feature_names(Unnamed(3), {"df": cancer, "X_train": X_train}) == ["x0", "x1", "x2"]


def test_columns_that_all_have_gaps_the_notebook_filled_outside_the_model_are_found():
    """`X = imputer.fit_transform(df[cols].values)`: every column of the file has a gap, each filled with
    its mean in the model's rows; the rows are still the file's, a gap matching the filled value."""
    from sklearn.impute import SimpleImputer
    rng = numpy.random.default_rng(0)
    frame = pd.DataFrame({"name": [f"r{i}" for i in range(60)], "a": rng.normal(size=60).round(3),
                          "b": rng.normal(size=60).round(3), "c": rng.integers(0, 500, 60).astype(float)})
    for column, row in (("a", 3), ("b", 7), ("c", 11), ("a", 40)):
        frame.loc[row, column] = numpy.nan
    rows = SimpleImputer().fit_transform(frame[["a", "b", "c"]].values)
    train, _ = train_test_split(rows, random_state=0)
    assert locate(train, frame) == [1, 2, 3]
    assert locate(numpy.column_stack([train[:, 0], train[:, 0] + 1.0, train[:, 2]]), frame) is None
