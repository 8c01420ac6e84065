"""model_export/features.py: feature names and their order, each one a field the service feeds."""
import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler
from sklearn.tree import DecisionTreeClassifier

from model_export import ExportError
from model_export.features import feature_names
from export_support import export, iris_namespace, kaggle_frame


def test_feature_names_come_from_feature_names_in_in_model_order():
    namespace = iris_namespace()
    reordered = namespace["X_train"].iloc[:, ::-1]
    model = LogisticRegression(max_iter=500).fit(reordered, namespace["y_train"])
    assert feature_names(model, namespace) == list(reordered.columns)


def test_feature_names_come_from_the_notebook_dataframe_when_fitted_on_arrays():
    frame = pd.DataFrame(load_iris().data, columns=["SepalLengthCm", "SepalWidthCm", "PetalLengthCm", "PetalWidthCm"])
    model = DecisionTreeClassifier().fit(frame.values, load_iris().target)
    assert feature_names(model, {"X": frame}) == list(frame.columns)


def test_unnamed_four_features_get_the_canonical_iris_order():
    data = load_iris()
    model = DecisionTreeClassifier().fit(data.data, data.target)
    headerless = pd.DataFrame(data.data)  # read_csv(header=None): integer column names
    names = feature_names(model, {"X": headerless})
    assert names == ["sepal_length", "sepal_width", "petal_length", "petal_width"]


@pytest.mark.parametrize("columns, expected", [
    (slice(2, None), ["petal length (cm)", "petal width (cm)"]),
    (slice(None, 2), ["sepal length (cm)", "sepal width (cm)"]),
    ([3, 0], ["petal width (cm)", "sepal length (cm)"]),
])
def test_unnamed_feature_subsets_are_named_by_matching_their_values_to_the_bunch(columns, expected):
    iris = load_iris()
    X_train, _, y_train, _ = train_test_split(iris.data[:, columns], iris.target, random_state=0)
    model = LogisticRegression(max_iter=500).fit(X_train, y_train)
    assert feature_names(model, {"iris": iris, "X_train": X_train}) == expected


def test_unnamed_columns_taken_from_a_dataframes_values_get_its_column_names():
    frame = pd.DataFrame(load_iris().data, columns=["SepalLengthCm", "SepalWidthCm", "PetalLengthCm", "PetalWidthCm"])
    X = frame.values[:, [0, 2]]
    model = DecisionTreeClassifier().fit(X, load_iris().target)
    assert feature_names(model, {"df": frame.assign(Id=range(150)), "X": X}) == [
        "SepalLengthCm", "PetalLengthCm"]


def test_a_column_matching_no_named_column_still_cannot_be_named():
    iris = load_iris()
    X = iris.data[:, 2:] * 10  # millimetres: no named column holds these values
    model = LogisticRegression(max_iter=500).fit(X, iris.target)
    with pytest.raises(ExportError, match="cannot tell the model's feature names: it takes 2 unnamed features"):
        feature_names(model, {"iris": iris, "X": X})


def test_columns_renamed_out_of_recognition_are_named_by_their_values(tmp_path):
    frame = kaggle_frame().set_axis(["SL", "SW", "PL", "PW", "species"], axis=1)
    X_train, X_test, y_train, y_test = train_test_split(frame.iloc[:, :4], frame["species"], random_state=0)
    model = LogisticRegression(max_iter=1000).fit(X_train, y_train)
    namespace = {"df": frame, "X_train": X_train, "X_test": X_test, "y_train": y_train, "y_test": y_test, "model": model}
    assert export(namespace, tmp_path)["feature_names"] == ["sepal_length", "sepal_width", "petal_length", "petal_width"]


def test_headerless_columns_in_another_order_are_named_by_their_values():
    data = load_iris()
    X = data.data[:, [2, 3, 0, 1]]  # petal first, no names anywhere in the notebook
    model = LogisticRegression(max_iter=1000).fit(X, data.target)
    assert feature_names(model, {"X": X}) == ["petal_length", "petal_width", "sepal_length", "sepal_width"]


@pytest.mark.parametrize("extra, values", [
    ("petal_ratio", lambda f: f["PetalLengthCm"] / f["PetalWidthCm"]),
    ("Id", lambda f: range(1, 151)),
])
def test_a_feature_the_service_cannot_send_stops_the_export_saying_what_to_do(tmp_path, extra, values):
    frame = kaggle_frame()
    frame[extra] = values(frame)
    X = frame.drop(columns="Species")
    namespace = {"df": frame, "X": X, "y": frame["Species"],
                 "model": DecisionTreeClassifier(random_state=0).fit(X, frame["Species"])}
    with pytest.raises(ExportError, match=rf"feature\(s\) '{extra}' match none of the service's fields.*drop extra"):
        export(namespace, tmp_path)
    assert not (tmp_path / "model.json").exists()


def test_float32_columns_are_named_by_their_values_like_float64_ones():
    data = load_iris()
    X = data.data.astype(np.float32)[:, [2, 3, 0, 1]]
    model = LogisticRegression(max_iter=1000).fit(X, data.target)
    assert feature_names(model, {"iris": data, "X": X}) == [
        "petal length (cm)", "petal width (cm)", "sepal length (cm)", "sepal width (cm)"]


def test_unnamed_columns_that_are_not_centimetres_are_refused_rather_than_guessed():
    data = load_iris()
    X = MinMaxScaler().fit_transform(data.data)  # the scaler is not kept: nothing can undo it
    model = LogisticRegression(max_iter=1000).fit(X, data.target)
    with pytest.raises(ExportError, match="4 unnamed features and their values are not Iris measurements"):
        feature_names(model, {"X": X})


def test_unnamed_features_without_training_data_assume_the_iris_order_with_a_warning(capsys):
    data = load_iris()
    model = LogisticRegression(max_iter=1000).fit(data.data, data.target)
    assert feature_names(model, {}) == ["sepal_length", "sepal_width", "petal_length", "petal_width"]
    assert "warning: the model takes 4 unnamed features" in capsys.readouterr().out
