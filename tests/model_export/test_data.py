"""model_export/data.py: the notebook's training and held-out tables under the names notebooks use."""
import pandas as pd
import pytest
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.tree import DecisionTreeClassifier

from model_export.data import find_held_out, find_training_data
from model_export.metrics import held_out_metrics
from export_support import export, iris_namespace, kaggle_frame


def test_training_data_is_found_under_an_unusual_name():
    frame = pd.DataFrame(load_iris().data, columns=["a", "b", "c", "d"])
    model = DecisionTreeClassifier().fit(frame.values, load_iris().target)
    namespace = {"wide": frame.assign(e=1), "train_features": frame}
    assert find_training_data(namespace, model) is frame


def test_held_out_split_is_found_under_scaled_names_and_2d_labels():
    namespace = iris_namespace()
    namespace["X_test_scaled"] = namespace.pop("X_test")
    namespace["y_test"] = namespace["y_test"].to_frame()
    metrics, found = held_out_metrics(namespace["model"], namespace)
    assert found
    assert metrics["accuracy"] == pytest.approx(namespace["model"].score(namespace["X_test_scaled"], namespace["y_test"]))


@pytest.mark.parametrize("x_name, y_name", [("X_validation", "Y_validation"), ("test_X", "test_y"),
                                            ("X_test_std", "y_test")])
def test_held_out_split_is_found_under_other_usual_names(x_name, y_name):
    namespace = iris_namespace()
    namespace[x_name], namespace[y_name] = namespace.pop("X_test"), namespace.pop("y_test")
    assert find_held_out(namespace, namespace["model"])[0] is namespace[x_name]


def test_training_rows_kept_as_a_list_of_lists_are_found_and_named(tmp_path):
    frame = kaggle_frame()
    X = frame[["PetalLengthCm", "PetalWidthCm", "SepalLengthCm", "SepalWidthCm"]].values.tolist()
    X_train, X_test, y_train, y_test = train_test_split(X, frame["Species"].tolist(), random_state=0)
    namespace = {"df": frame, "X_train": X_train, "X_test": X_test, "y_train": y_train, "y_test": y_test,
                 "model": KNeighborsClassifier().fit(X_train, y_train)}
    meta = export(namespace, tmp_path)
    assert meta["feature_names"] == ["PetalLengthCm", "PetalWidthCm", "SepalLengthCm", "SepalWidthCm"]
    assert "accuracy" in meta["metrics"]
