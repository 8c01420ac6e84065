"""model_export on its own: choosing the model, describing it, gating, verifying, writing atomically.

These call export_model() in-process with a namespace standing for a notebook's
globals, so they are fast; the end-to-end runs live in tests/e2e.
"""
import hashlib
import json
import os
import pathlib
import sys

import joblib
import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_iris
from sklearn.dummy import DummyClassifier
from sklearn.naive_bayes import GaussianNB
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import LabelEncoder, MinMaxScaler, RobustScaler, StandardScaler
from sklearn.tree import DecisionTreeClassifier

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from model_export import ExportError, checks  # noqa: E402
from model_export._common import APPENDIX_MARKER, json_safe  # noqa: E402
from model_export.artifact import model_dir_setting  # noqa: E402
from model_export.checks import SERVED_PACKAGES, imported_packages, load_model, quality_gate  # noqa: E402
from model_export.choose import find_model  # noqa: E402
from model_export.classes import class_labels  # noqa: E402
from model_export.data import find_held_out, find_training_data  # noqa: E402
from model_export.features import feature_names  # noqa: E402
from model_export.metrics import held_out_metrics  # noqa: E402
from model_export.run import export_model, run_export  # noqa: E402
from model_export.recovered import with_recovered_data  # noqa: E402

SPEC_KEYS = {
    "format_version", "model_file", "sha256", "model_type", "estimator", "params", "feature_names",
    "classes", "class_names", "metrics", "sklearn_version", "python_version", "trained_at", "source",
}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    """The developer's MODEL_DIR / MIN_ACCURACY must not leak into these tests."""
    monkeypatch.delenv("MODEL_DIR", raising=False)
    monkeypatch.delenv("MIN_ACCURACY", raising=False)


def iris_namespace(model=None):
    """What the project notebook leaves in globals: a Bunch, DataFrames, a split and a fitted model."""
    iris = load_iris(as_frame=True)
    X_train, X_test, y_train, y_test = train_test_split(
        iris.data, iris.target, test_size=0.25, stratify=iris.target, random_state=0
    )
    model = model if model is not None else make_pipeline(StandardScaler(), LogisticRegression(max_iter=500))
    model.fit(X_train, y_train)
    return {"iris": iris, "X": iris.data, "X_train": X_train, "X_test": X_test,
            "y_train": y_train, "y_test": y_test, "model": model}


def export(namespace, folder, **options):
    return export_model(namespace, model_dir=str(folder), **options)


def snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(pathlib.Path(folder).iterdir())}


# --- choosing the model --------------------------------------------------------

def test_explicit_model_var_wins_over_conventional_names(tmp_path):
    namespace = iris_namespace()
    namespace["knn"] = KNeighborsClassifier().fit(namespace["X_train"], namespace["y_train"])
    meta = export(namespace, tmp_path, model_var="knn")
    assert meta["estimator"] == "KNeighborsClassifier"


def test_conventional_name_is_chosen_among_several_fitted_models(tmp_path):
    namespace = iris_namespace()
    namespace["tree"] = DecisionTreeClassifier().fit(namespace["X_train"], namespace["y_train"])
    assert find_model(namespace)[0] == "model"


def test_single_fitted_classifier_is_found_under_any_name(tmp_path):
    namespace = iris_namespace()
    namespace["my_forest"] = namespace.pop("model")
    namespace["unfitted"] = KNeighborsClassifier()
    assert find_model(namespace)[0] == "my_forest"


def test_search_object_stands_for_its_best_estimator():
    namespace = iris_namespace()
    del namespace["model"]
    grid = GridSearchCV(DecisionTreeClassifier(random_state=0), {"max_depth": [2, 3]}, cv=3)
    namespace["grid"] = grid.fit(namespace["X_train"], namespace["y_train"])
    name, model = find_model(namespace)
    assert (name, model) == ("grid", grid.best_estimator_)


def test_several_fitted_classifiers_without_a_conventional_name_is_an_error_listing_them():
    namespace = iris_namespace()
    namespace["lr"] = namespace.pop("model")
    namespace["dt"] = DecisionTreeClassifier().fit(namespace["X_train"], namespace["y_train"])
    with pytest.raises(ExportError, match=r"lr \(Pipeline\), dt \(DecisionTreeClassifier\).*--model-var"):
        find_model(namespace)


@pytest.mark.parametrize("picked", ["knn_best", "svc_final", "tunedForest"])
def test_the_one_classifier_whose_name_marks_it_best_final_or_tuned_is_chosen_among_several(picked):
    namespace = iris_namespace()
    namespace["knn"] = namespace.pop("model")
    namespace[picked] = DecisionTreeClassifier(max_depth=3).fit(namespace["X_train"], namespace["y_train"])
    namespace["finalist"] = GaussianNB().fit(namespace["X_train"], namespace["y_train"])  # a word, not the mark
    assert find_model(namespace)[0] == picked


def test_two_different_classifiers_both_marked_best_are_still_an_error():
    namespace = iris_namespace()
    namespace["best_knn"] = namespace.pop("model")
    namespace["best_tree"] = DecisionTreeClassifier().fit(namespace["X_train"], namespace["y_train"])
    with pytest.raises(ExportError, match="--model-var"):
        find_model(namespace)


def test_no_fitted_model_is_an_error_listing_the_unfitted_ones():
    namespace = {"X": np.zeros((3, 4)), "knn": KNeighborsClassifier()}
    with pytest.raises(ExportError, match=r"no fitted classifier.*knn \(KNeighborsClassifier, not fitted\)"):
        find_model(namespace)


def test_unknown_model_var_is_a_clear_error():
    with pytest.raises(ExportError, match="'nope': no such variable"):
        find_model(iris_namespace(), "nope")


# --- describing it ---------------------------------------------------------------

def test_model_json_follows_the_spec_and_its_sha256_matches_the_file(tmp_path):
    export(iris_namespace(), tmp_path, source="iris.ipynb")
    meta = json.loads((tmp_path / "model.json").read_text())
    assert set(meta) == SPEC_KEYS
    assert meta["sha256"] == hashlib.sha256((tmp_path / "model.joblib").read_bytes()).hexdigest()
    assert (meta["format_version"], meta["model_file"], meta["source"]) == (1, "model.joblib", "iris.ipynb")
    assert (meta["model_type"], meta["estimator"]) == ("sklearn.pipeline.Pipeline", "LogisticRegression")
    assert meta["params"]["steps"][1] == ["logisticregression", "LogisticRegression(max_iter=500)"]


def test_params_that_json_cannot_hold_become_their_repr():
    params = {"missing": float("nan"), "n": np.int64(3), "steps": [("scale", StandardScaler())], "f": len}
    assert json_safe(params) == {
        "missing": "nan", "n": 3, "steps": [["scale", "StandardScaler()"]], "f": "<built-in function len>"}


def test_feature_names_come_from_feature_names_in_in_model_order():
    namespace = iris_namespace()
    reordered = namespace["X_train"].iloc[:, ::-1]
    model = LogisticRegression(max_iter=500).fit(reordered, namespace["y_train"])
    assert feature_names(model, namespace) == list(reordered.columns)


def test_feature_names_come_from_the_notebook_dataframe_when_fitted_on_arrays():
    frame = pd.DataFrame(load_iris().data, columns=["SepalLengthCm", "SepalWidthCm", "PetalLengthCm", "PetalWidthCm"])
    model = DecisionTreeClassifier().fit(frame.values, load_iris().target)
    assert feature_names(model, {"X": frame}) == list(frame.columns)


def test_training_data_is_found_under_an_unusual_name():
    frame = pd.DataFrame(load_iris().data, columns=["a", "b", "c", "d"])
    model = DecisionTreeClassifier().fit(frame.values, load_iris().target)
    namespace = {"wide": frame.assign(e=1), "train_features": frame}
    assert find_training_data(namespace, model) is frame


def test_unnamed_four_features_get_the_canonical_iris_order():
    data = load_iris()
    model = DecisionTreeClassifier().fit(data.data, data.target)
    headerless = pd.DataFrame(data.data)  # read_csv(header=None): integer column names
    names = feature_names(model, {"X": headerless})
    assert names == ["sepal_length", "sepal_width", "petal_length", "petal_width"]


@pytest.mark.parametrize("source", ["bunch", "target_names", "label_encoder"])
def test_integer_classes_are_mapped_to_the_dataset_names(source):
    data = load_iris()
    model = DecisionTreeClassifier().fit(data.data, data.target)
    namespace = {
        "bunch": {"iris": data},
        "target_names": {"target_names": data.target_names},
        "label_encoder": {"le": LabelEncoder().fit(["Iris-setosa", "Iris-versicolor", "Iris-virginica"])},
    }[source]
    classes, names = class_labels(model, namespace)
    assert classes == [0, 1, 2]
    assert names[2] in ("virginica", "Iris-virginica")


@pytest.mark.parametrize("mapping", [
    {"Iris-virginica": 2, "Iris-setosa": 0, "Iris-versicolor": 1},
    {0: "Iris-setosa", 2: "Iris-virginica", 1: "Iris-versicolor"},
])
def test_integer_classes_are_mapped_through_the_notebooks_encoding_dict(mapping):
    data = load_iris()
    model = DecisionTreeClassifier().fit(data.data, data.target)
    namespace = {"species_codes": mapping, "other": {"a": "b"}, "sizes": {0: 1.5}}
    assert class_labels(model, namespace)[1] == ["Iris-setosa", "Iris-versicolor", "Iris-virginica"]


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


def test_string_classes_are_kept_as_they_are():
    data = load_iris()
    model = DecisionTreeClassifier().fit(data.data, data.target_names[data.target])
    assert class_labels(model, {"iris": data}) == (list(data.target_names), list(data.target_names))


def test_metrics_hold_the_held_out_accuracy_and_the_notebooks_own_float(tmp_path):
    namespace = iris_namespace()
    namespace["test_accuracy"] = np.float64(0.5)
    meta = export(namespace, tmp_path)
    expected = namespace["model"].score(namespace["X_test"], namespace["y_test"])
    assert meta["metrics"] == {"accuracy": pytest.approx(expected), "test_accuracy": 0.5}


# --- gate, parity, atomic writes -------------------------------------------------

@pytest.fixture
def previous_model(tmp_path):
    """A folder holding a good model from an earlier build."""
    export(iris_namespace(), tmp_path)
    return tmp_path


def test_quality_gate_refuses_a_weak_model_and_keeps_the_previous_one(previous_model, monkeypatch):
    before = snapshot(previous_model)
    monkeypatch.setenv("MIN_ACCURACY", "0.999")
    weak = iris_namespace(DummyClassifier(strategy="most_frequent"))
    with pytest.raises(ExportError, match=r"held-out accuracy 0\.3\d+ is below the required 0\.9990"):
        export(weak, previous_model)
    assert snapshot(previous_model) == before


def test_min_accuracy_from_the_environment_overrides_the_convert_time_value(tmp_path, monkeypatch):
    monkeypatch.setenv("MIN_ACCURACY", "0.2")
    meta = export(iris_namespace(DummyClassifier(strategy="most_frequent")), tmp_path, min_accuracy=0.99)
    assert meta["metrics"]["accuracy"] < 0.4


def test_a_bad_min_accuracy_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("MIN_ACCURACY", "high")
    with pytest.raises(ExportError, match="MIN_ACCURACY='high' is not a number"):
        export(iris_namespace(), tmp_path)


def test_without_a_held_out_split_the_gate_uses_cross_validated_accuracy(tmp_path, capsys):
    namespace = iris_namespace()
    del namespace["X_test"], namespace["y_test"]
    meta = export(namespace, tmp_path)
    assert set(meta["metrics"]) == {"cv_accuracy"} and meta["metrics"]["cv_accuracy"] >= 0.9
    assert "export: cross-validated accuracy (5-fold; no held-out split)" in capsys.readouterr().out


def test_a_weak_model_fitted_on_all_the_data_is_refused_by_its_cross_validated_accuracy(tmp_path):
    data = load_iris()
    X = data.data[:, :1]  # sepal length alone, one split: about 0.6
    namespace = {"iris": data, "X": X, "y": data.target, "model": DecisionTreeClassifier(max_depth=1).fit(X, data.target)}
    with pytest.raises(ExportError, match=r"cross-validated accuracy \(5-fold; no held-out split\) 0\.\d+ is below"):
        export(namespace, tmp_path)


def test_predictions_are_not_taken_for_training_labels_and_the_gate_says_it_was_not_applied(tmp_path, capsys):
    namespace = iris_namespace()
    model = namespace["model"]
    namespace = {"X_train": namespace["X_train"], "y_pred": model.predict(namespace["X_train"]), "model": model}
    assert "cv_accuracy" not in export(namespace, tmp_path)["metrics"]
    assert "the accuracy gate was not applied" in capsys.readouterr().out


def test_parity_check_refuses_a_file_that_predicts_differently(previous_model, monkeypatch):
    before = snapshot(previous_model)

    def reload_as_other_model(path):
        data = load_iris()
        return DummyClassifier(strategy="constant", constant=2).fit(data.data, data.target)

    monkeypatch.setattr(checks, "load_model", reload_as_other_model)
    with pytest.raises(ExportError, match="does not reproduce the notebook's predictions"):
        export(iris_namespace(DecisionTreeClassifier(random_state=0)), previous_model)  # another model: other bytes
    assert snapshot(previous_model) == before  # no new files, no leftover temporaries


def test_a_crash_while_writing_model_json_leaves_the_previous_pair(previous_model, monkeypatch):
    before = snapshot(previous_model)

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(json, "dumps", disk_full)
    # another model than the previous one, so a model.joblib renamed into place before model.json is
    # written (half a replaced pair) would show in the snapshot
    with pytest.raises(OSError):
        export(iris_namespace(DecisionTreeClassifier(random_state=0)), previous_model)
    assert snapshot(previous_model) == before


@pytest.mark.parametrize("has_held_out, metrics", [(True, {"accuracy": 0.9}), (False, {"cv_accuracy": 0.9})])
def test_the_gate_passes_an_accuracy_exactly_at_the_threshold(has_held_out, metrics, capsys):
    quality_gate(metrics, has_held_out, 0.9)  # the promise is accuracy >= MIN_ACCURACY
    assert "0.9000 >= 0.9000" in capsys.readouterr().out


class NotebookScaler(StandardScaler):
    """Stands for a transformer class a notebook defines in its own cells (module __main__)."""


NotebookScaler.__module__ = "__main__"


def test_a_model_needing_code_defined_in_the_notebook_is_refused(tmp_path):
    namespace = iris_namespace(make_pipeline(NotebookScaler(), LogisticRegression(max_iter=500)))
    with pytest.raises(ExportError, match="uses NotebookScaler defined in the notebook itself"):
        export(namespace, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_model_that_cannot_be_pickled_is_a_clear_error(tmp_path):
    from sklearn.preprocessing import FunctionTransformer
    namespace = iris_namespace(make_pipeline(FunctionTransformer(lambda x: x), LogisticRegression(max_iter=500)))
    with pytest.raises(ExportError, match="cannot be saved with joblib/pickle"):
        export(namespace, tmp_path)


def test_run_export_exits_non_zero_with_a_one_line_message(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        run_export({"x": 1}, model_dir=str(tmp_path))
    assert exit_info.value.code == 1
    assert capsys.readouterr().err.startswith("export: error: no fitted classifier")


def test_model_dir_env_wins_then_option_then_build_model_under_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert model_dir_setting(None) == str(tmp_path / "build" / "model")
    assert model_dir_setting("/opt/m") == "/opt/m"
    monkeypatch.setenv("MODEL_DIR", str(tmp_path / "env"))
    assert model_dir_setting("/opt/m") == str(tmp_path / "env")


def test_written_files_are_readable_by_other_users(tmp_path):
    export(iris_namespace(), tmp_path)
    assert {oct(os.stat(tmp_path / n).st_mode & 0o777) for n in ("model.joblib", "model.json")} == {"0o644"}


# --- a scaler fitted outside the model, unnamed feature subsets -------------------

def scaled_outside_namespace(scaler=None, scale_before_split=False):
    """The Kaggle habit: a scaler fitted by hand, its output given to a bare KNN."""
    iris = load_iris(as_frame=True)
    sc = scaler if scaler is not None else StandardScaler()
    X, y = iris.frame[iris.feature_names], iris.target
    if scale_before_split:
        X = sc.fit_transform(X)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
    if not scale_before_split:
        X_train, X_test = sc.fit_transform(X_train), sc.transform(X_test)
    knn = KNeighborsClassifier().fit(X_train, y_train)
    return {"iris": iris, "df": iris.frame, "X": X, "y": y, "X_train": X_train, "X_test": X_test,
            "y_train": y_train, "y_test": y_test, "sc": sc, "knn": knn}


@pytest.mark.parametrize("scaler, scale_before_split", [
    (StandardScaler(), False), (StandardScaler(), True), (MinMaxScaler(), False), (RobustScaler(), True),
])
def test_a_scaler_fitted_outside_the_model_is_exported_with_it_as_one_pipeline(
        tmp_path, capsys, scaler, scale_before_split):
    namespace = scaled_outside_namespace(scaler, scale_before_split)
    meta = export(namespace, tmp_path)
    assert "the model was trained on sc's output; exporting sc + knn as one pipeline" in capsys.readouterr().out
    assert (meta["model_type"], meta["estimator"]) == ("sklearn.pipeline.Pipeline", "KNeighborsClassifier")
    assert meta["feature_names"] == ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]
    assert meta["metrics"]["accuracy"] == pytest.approx(namespace["knn"].score(namespace["X_test"], namespace["y_test"]))


def test_the_exported_pipeline_predicts_on_raw_centimetres_what_the_notebook_predicts_on_scaled_input(tmp_path):
    namespace = scaled_outside_namespace()
    export(namespace, tmp_path)
    served = load_model(tmp_path / "model.joblib")
    raw_cm = namespace["sc"].inverse_transform(namespace["X_test"]).round(1)  # Iris is measured in mm
    assert list(served.named_steps) == ["sc", "knn"]
    assert list(served.predict(pd.DataFrame(raw_cm, columns=load_iris().feature_names))) == list(
        namespace["knn"].predict(namespace["X_test"]))


def test_a_model_trained_on_raw_data_is_exported_alone_beside_an_unrelated_scaler(tmp_path):
    namespace = iris_namespace(KNeighborsClassifier())
    namespace["sc"] = StandardScaler().fit(namespace["X_train"])
    assert export(namespace, tmp_path)["model_type"] == "sklearn.neighbors._classification.KNeighborsClassifier"


def test_scaled_training_data_without_its_scaler_is_refused(tmp_path):
    namespace = scaled_outside_namespace()
    del namespace["sc"]
    with pytest.raises(ExportError, match="negative values.*no fitted scaler in the notebook reproduces it"):
        export(namespace, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_held_out_split_scaled_by_another_scaler_is_a_clear_error(tmp_path):
    namespace = scaled_outside_namespace()
    namespace["X_test"] = MinMaxScaler().fit_transform(namespace["sc"].inverse_transform(namespace["X_test"]))
    with pytest.raises(ExportError, match="X_test is neither raw data nor sc.s output of it"):
        export(namespace, tmp_path)


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


@pytest.mark.parametrize("trained_on", ["X_train_scaled", "X_train"])
def test_with_raw_and_scaled_training_tables_the_one_the_model_fits_is_taken(tmp_path, trained_on):
    iris = load_iris(as_frame=True)
    X_train, X_test, y_train, y_test = train_test_split(iris.data, iris.target, test_size=0.2, random_state=42)
    sc = StandardScaler()
    X_train_scaled, X_test_scaled = sc.fit_transform(X_train), sc.transform(X_test)
    namespace = {"iris": iris, "X_train": X_train, "X_test": X_test, "X_train_scaled": X_train_scaled,
                 "X_test_scaled": X_test_scaled, "y_train": y_train, "y_test": y_test, "sc": sc}
    namespace["knn"] = KNeighborsClassifier().fit(namespace[trained_on], y_train)
    meta = export(namespace, tmp_path)
    held_out = namespace[trained_on.replace("train", "test")]
    assert meta["model_type"].endswith("Pipeline" if trained_on == "X_train_scaled" else "KNeighborsClassifier")
    assert meta["metrics"]["accuracy"] == pytest.approx(namespace["knn"].score(held_out, y_test))


@pytest.mark.parametrize("encoding", ["factorize", "cat_codes"])
def test_integer_classes_encoded_without_an_encoder_get_the_label_names(encoding):
    data = load_iris()
    df = pd.DataFrame(data.data[::-1], columns=data.feature_names)  # virginica first: codes follow appearance
    df["species"] = list(data.target_names[data.target[::-1]])
    if encoding == "factorize":
        y, uniques = pd.factorize(df["species"])
        namespace = {"df": df, "y": y, "uniques": uniques}
    else:
        df["species"] = df["species"].astype("category")
        y = df["species"].cat.codes
        namespace = {"df": df, "y": y}
    model = DecisionTreeClassifier().fit(df[data.feature_names], y)
    expected = {"factorize": ["virginica", "versicolor", "setosa"], "cat_codes": ["setosa", "versicolor", "virginica"]}
    assert class_labels(model, namespace)[1] == expected[encoding]


def test_an_unrelated_list_of_three_strings_is_not_taken_for_class_names():
    data = load_iris()
    model = DecisionTreeClassifier().fit(data.data, data.target)
    df = pd.DataFrame({"species": data.target_names[data.target]})
    namespace = {"df": df, "palette": np.array(["red", "green", "blue"]), "order": pd.Index(["c", "b", "a"])}
    assert class_labels(model, namespace)[1] == ["0", "1", "2"]


# --- patterns from notebooks in the wild -----------------------------------------

KAGGLE_COLUMNS = ["SepalLengthCm", "SepalWidthCm", "PetalLengthCm", "PetalWidthCm"]


def kaggle_frame():
    """Kaggle's Iris.csv as a DataFrame: measurements and the species as text."""
    data = load_iris()
    frame = pd.DataFrame(data.data, columns=KAGGLE_COLUMNS)
    frame["Species"] = ["Iris-" + data.target_names[t] for t in data.target]
    return frame


def test_a_module_with_a_shape_attribute_beside_a_fitted_scaler_is_not_taken_for_a_table(tmp_path):
    namespace = iris_namespace(LogisticRegression(max_iter=500))
    namespace.update(np=np, pd=pd, scaler=StandardScaler().fit(namespace["X_train"]))  # np.shape is a function
    assert export(namespace, tmp_path)["estimator"] == "LogisticRegression"


def test_a_clusterer_under_a_conventional_name_is_passed_over_for_the_classifier():
    from sklearn.cluster import KMeans
    namespace = iris_namespace()
    namespace["knn"] = namespace.pop("model")
    namespace["model"] = KMeans(n_clusters=3, n_init=3, random_state=0).fit(namespace["X"])
    assert find_model(namespace)[0] == "knn"


def test_model_var_naming_a_regressor_is_a_clear_error():
    from sklearn.linear_model import LinearRegression
    namespace = iris_namespace()
    namespace["reg"] = LinearRegression().fit(namespace["X_train"], namespace["y_train"])
    with pytest.raises(ExportError, match="'reg' is a LinearRegression, which is not a classifier"):
        find_model(namespace, "reg")


@pytest.mark.parametrize("left", [{"clf": KNeighborsClassifier()}, {"model": KNeighborsClassifier()}])
def test_no_fitted_classifier_says_the_notebook_must_fit_the_model(left):
    namespace = {"X": load_iris().data, "y": load_iris().target, **left}  # cross_val_predict only, or a re-bound name
    with pytest.raises(ExportError, match=r"not fitted\). The notebook must fit the model.*\.fit\(X_train, y_train\)"):
        find_model(namespace)


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


def test_a_column_transformer_selecting_by_name_is_exported_to_take_numpy_rows(tmp_path):
    from sklearn.compose import ColumnTransformer
    frame = kaggle_frame()
    X_train, X_test, y_train, y_test = train_test_split(frame[KAGGLE_COLUMNS], frame["Species"], random_state=0)
    pre = ColumnTransformer([("sepal", StandardScaler(), ["SepalLengthCm", "SepalWidthCm"]),
                             ("petal", MinMaxScaler(), ["PetalLengthCm"])], remainder="passthrough")
    model = make_pipeline(pre, LogisticRegression(max_iter=1000)).fit(X_train, y_train)
    namespace = {"X_train": X_train, "X_test": X_test, "y_train": y_train, "y_test": y_test, "model": model, "pre": pre}
    meta = export(namespace, tmp_path)
    served = joblib.load(tmp_path / "model.joblib")
    rows = X_test[meta["feature_names"]].to_numpy()
    assert list(served.predict(rows)) == list(model.predict(X_test))
    assert list(served.predict(X_test)) == list(model.predict(X_test))


def encoded_namespace(tmp_path, codes, source):
    """A notebook that encoded Kaggle's species as `codes` with the code in `source`, its text column gone."""
    frame = kaggle_frame()
    y = frame.pop("Species").map(codes)
    script = tmp_path / "output_model.py"
    script.write_text(source)
    model = DecisionTreeClassifier(random_state=0).fit(frame, y)
    return {"__file__": str(script), "df": frame, "y": y, "model": model}


@pytest.mark.parametrize("codes, source", [
    ({"Iris-setosa": 0, "Iris-versicolor": 1, "Iris-virginica": 2},
     "df['Species'] = df['Species'].map({'Iris-setosa': 0, 'Iris-versicolor': 1, 'Iris-virginica': 2})\n"),
    ({"Iris-setosa": 1, "Iris-versicolor": 2, "Iris-virginica": 3},
     "df.replace({'Species': {'Iris-setosa': 1, 'Iris-versicolor': 2, 'Iris-virginica': 3}}, inplace=True)\n"),
    ({"Iris-setosa": 2, "Iris-versicolor": 0, "Iris-virginica": 1},
     "y = df.Species.replace(['Iris-versicolor', 'Iris-virginica', 'Iris-setosa'], [0, 1, 2])\n"),
])
def test_integer_classes_encoded_by_an_inline_literal_get_its_names(tmp_path, codes, source):
    namespace = encoded_namespace(tmp_path, codes, "import pandas as pd\n" + source + "print(len(df))\n")
    classes, names = class_labels(namespace["model"], namespace)
    assert dict(zip(names, classes)) == codes


def test_a_literal_that_does_not_cover_the_classes_gives_no_names(tmp_path, capsys):
    codes = {"Iris-setosa": 1, "Iris-versicolor": 2, "Iris-virginica": 0}  # not load_iris's own codes either
    namespace = encoded_namespace(tmp_path, codes, "sizes = s.map({'small': 0, 'large': 1})\n")
    assert class_labels(namespace["model"], namespace)[1] == ["0", "1", "2"]
    assert "warning: the classes are the numbers [0, 1, 2]" in capsys.readouterr().out


def test_integer_codes_beside_their_text_column_get_its_names_row_by_row():
    frame = kaggle_frame().iloc[::-1]
    y = pd.Categorical(frame["Species"], categories=["Iris-virginica", "Iris-setosa", "Iris-versicolor"]).codes
    model = GaussianNB().fit(frame[KAGGLE_COLUMNS], y)
    names = class_labels(model, {"df": frame, "y": y, "model": model})[1]
    assert names == ["Iris-virginica", "Iris-setosa", "Iris-versicolor"]


def test_training_rows_kept_as_a_list_of_lists_are_found_and_named(tmp_path):
    frame = kaggle_frame()
    X = frame[["PetalLengthCm", "PetalWidthCm", "SepalLengthCm", "SepalWidthCm"]].values.tolist()
    X_train, X_test, y_train, y_test = train_test_split(X, frame["Species"].tolist(), random_state=0)
    namespace = {"df": frame, "X_train": X_train, "X_test": X_test, "y_train": y_train, "y_test": y_test,
                 "model": KNeighborsClassifier().fit(X_train, y_train)}
    meta = export(namespace, tmp_path)
    assert meta["feature_names"] == ["PetalLengthCm", "PetalWidthCm", "SepalLengthCm", "SepalWidthCm"]
    assert "accuracy" in meta["metrics"]


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


@pytest.mark.parametrize("make_transformer", [
    lambda: __import__("sklearn.decomposition", fromlist=["PCA"]).PCA(n_components=2),
    lambda: __import__("sklearn.preprocessing", fromlist=["PolynomialFeatures"]).PolynomialFeatures(2),
], ids=["pca", "polynomial"])
def test_a_transformer_changing_the_width_outside_the_model_is_exported_with_it(tmp_path, make_transformer):
    iris = load_iris()
    X_train, X_test, y_train, y_test = train_test_split(iris.data, iris.target, random_state=0)
    reduce = make_transformer().fit(X_train)
    X_train_r, X_test_r = reduce.transform(X_train), reduce.transform(X_test)
    clf = LogisticRegression(max_iter=2000).fit(X_train_r, y_train)
    namespace = {"iris": iris, "X": iris.data, "reduce": reduce, "X_train_r": X_train_r, "X_test_r": X_test_r,
                 "y_train": y_train, "y_test": y_test, "clf": clf}
    meta = export(namespace, tmp_path)
    assert meta["model_type"] == "sklearn.pipeline.Pipeline" and meta["feature_names"] == iris.feature_names
    assert meta["metrics"]["accuracy"] == pytest.approx(clf.score(X_test_r, y_test))
    served = joblib.load(tmp_path / "model.joblib")
    assert list(served.predict(X_test)) == list(clf.predict(X_test_r))


def test_data_scaled_in_place_with_its_scaler_kept_is_exported_with_the_scaler(tmp_path):
    frame = kaggle_frame()
    sc = StandardScaler()
    frame[KAGGLE_COLUMNS] = sc.fit_transform(frame[KAGGLE_COLUMNS])  # the centimetres are gone from the notebook
    X_train, X_test, y_train, y_test = train_test_split(frame[KAGGLE_COLUMNS], frame["Species"], random_state=0)
    model = KNeighborsClassifier().fit(X_train, y_train)
    namespace = {"df": frame, "sc": sc, "X_train": X_train, "X_test": X_test, "y_train": y_train,
                 "y_test": y_test, "model": model}
    meta = export(namespace, tmp_path)
    assert (meta["model_type"], meta["feature_names"]) == ("sklearn.pipeline.Pipeline", KAGGLE_COLUMNS)
    centimetres = kaggle_frame().loc[X_test.index, KAGGLE_COLUMNS].to_numpy()
    assert list(joblib.load(tmp_path / "model.joblib").predict(centimetres)) == list(model.predict(X_test))


def test_data_scaled_between_0_and_1_without_its_scaler_is_refused(tmp_path):
    frame = kaggle_frame()
    frame[KAGGLE_COLUMNS] = MinMaxScaler().fit_transform(frame[KAGGLE_COLUMNS])
    X_train, X_test, y_train, y_test = train_test_split(frame[KAGGLE_COLUMNS], frame["Species"], random_state=0)
    namespace = {"df": frame, "X_train": X_train, "X_test": X_test, "y_train": y_train, "y_test": y_test,
                 "model": KNeighborsClassifier().fit(X_train, y_train)}
    with pytest.raises(ExportError, match=r"entirely between 0 and 1.*make_pipeline\(MinMaxScaler\(\), model\)"):
        export(namespace, tmp_path)


LOOP_SOURCE = "for name, model in models.items():\n    model.fit(X_train, y_train)\n"


def looped_namespace(tmp_path, source):
    """Three classifiers fitted in a loop whose variable is `model`, as the script `source` says."""
    namespace = iris_namespace(DecisionTreeClassifier(random_state=0))
    models = {"lr": LogisticRegression(max_iter=500), "knn": KNeighborsClassifier(), "tree": namespace["model"]}
    for fitted in models.values():
        fitted.fit(namespace["X_train"], namespace["y_train"])
    script = tmp_path / "output_model.py"
    script.write_text(source)
    return {**namespace, "models": models, "__file__": str(script)}


def test_a_loop_variable_named_model_gives_way_to_best_model(tmp_path):
    namespace = looped_namespace(tmp_path, LOOP_SOURCE + "best_model = models['lr']\n")
    namespace["best_model"] = namespace["models"]["lr"]
    assert find_model(namespace) == ("best_model", namespace["models"]["lr"])


def test_a_loop_variable_named_model_gives_way_to_the_one_classifier_fitted_outside_the_loop(tmp_path):
    namespace = looped_namespace(tmp_path, LOOP_SOURCE + "svm = SVC().fit(X_train, y_train)\n")
    from sklearn.svm import SVC
    namespace["svm"] = SVC().fit(namespace["X_train"], namespace["y_train"])
    assert find_model(namespace)[0] == "svm"


def test_a_loop_variable_alone_is_exported_with_a_warning(tmp_path, capsys):
    namespace = looped_namespace(tmp_path, LOOP_SOURCE)
    assert find_model(namespace)[0] == "model"
    assert "warning: `model` is a for-loop variable" in capsys.readouterr().out


def test_loops_in_the_appended_export_code_are_not_the_notebooks(tmp_path):
    source = f"x = 1\n{APPENDIX_MARKER}\nfor name, model in []:\n    pass\n"
    namespace = looped_namespace(tmp_path, source)
    namespace["svm"] = KNeighborsClassifier().fit(namespace["X_train"], namespace["y_train"])
    assert find_model(namespace)[0] == "model"


def test_convert_appends_the_export_after_the_marker_that_ends_the_notebooks_code():
    from conversion.script import add_export
    options = {"model_var": None, "model_dir": None, "min_accuracy": None, "source": "nb.ipynb"}
    script = add_export("x = 1\n", options)
    lines = script.splitlines()
    assert "\n".join(lines[:lines.index(APPENDIX_MARKER)]).strip() == "x = 1"
    assert "_NOTEBOOK_NAMESPACE = dict(globals())" in lines[lines.index(APPENDIX_MARKER):]


def test_load_iris_labels_kept_without_their_names_get_the_iris_names():
    X, y = load_iris(return_X_y=True, as_frame=True)
    model = GaussianNB().fit(X, y)
    assert class_labels(model, {"X": X, "y": y})[1] == ["setosa", "versicolor", "virginica"]
    shuffled = y.sample(frac=1, random_state=0).to_numpy()  # not the data set's own order: no proof
    assert class_labels(model, {"y": shuffled})[1] == ["0", "1", "2"]


# --- end to end: model-pattern notebooks converted, run headless and served ----------

NOTEBOOKS = pathlib.Path(__file__).resolve().parent / "notebooks"
SERVED_PATTERNS = {  # notebook: (exported estimator, feature names, the class a setosa flower gets)
    "models_inline_map": ("LogisticRegression", KAGGLE_COLUMNS, "Iris-setosa"),
    "models_column_transformer": ("SVC", ["sepal_length", "sepal_width", "petal_length", "petal_width"], "setosa"),
    "models_compare_loop": ("KNeighborsClassifier", ["sepal length (cm)", "sepal width (cm)", "petal length (cm)",
                                                     "petal width (cm)"], "setosa"),
    "models_full_data": ("RandomForestClassifier", ["sepal length (cm)", "sepal width (cm)", "petal length (cm)",
                                                              "petal width (cm)"], "setosa"),
    "models_renamed": ("GradientBoostingClassifier", ["petal_length", "petal_width", "sepal_length", "sepal_width"],
                       "Iris-setosa"),
    "models_scaled_in_place": ("SVC", KAGGLE_COLUMNS, "Iris-setosa"),
}


def convert_and_run_notebook(name, folder):
    """Convert tests/notebooks/<name>.ipynb next to a Kaggle Iris.csv, run it headless there."""
    import shutil
    import subprocess
    sys.path.insert(0, str(NOTEBOOKS))
    import iris_files
    iris_files.write_kaggle_csv(folder)
    shutil.copy(NOTEBOOKS / f"{name}.ipynb", folder)
    root = pathlib.Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, str(root / "convert.py"), f"{name}.ipynb", "-o", "out.py"],
                   cwd=folder, check=True, capture_output=True)
    env = {k: v for k, v in os.environ.items() if k != "MIN_ACCURACY"}
    env.update(MPLBACKEND="Agg", MODEL_DIR=str(folder / "model"))
    return subprocess.run([sys.executable, "out.py"], cwd=folder, env=env, capture_output=True, text=True)


@pytest.mark.parametrize("name", sorted(SERVED_PATTERNS))
def test_model_pattern_notebook_exports_a_model_the_service_serves(name, tmp_path):
    from ml_app import create_app
    from ml_app.config import Settings
    run = convert_and_run_notebook(name, tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    estimator, features, setosa = SERVED_PATTERNS[name]
    meta = json.loads((tmp_path / "model" / "model.json").read_text())
    assert (meta["estimator"], meta["feature_names"]) == (estimator, features)
    assert max(meta["metrics"].get(key, 0.0) for key in ("accuracy", "cv_accuracy")) >= 0.9  # the gate had a number
    client = create_app(tmp_path / "model", Settings()).test_client()
    flower = {"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}
    answer = client.post("/prediction", json=flower)
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["prediction"] == setosa


def test_a_derived_feature_fails_the_build_with_what_to_do_and_writes_no_model(tmp_path):
    run = convert_and_run_notebook("models_derived_ratio", tmp_path)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "export: error: the model's feature(s) 'petal_ratio' match none of the service's fields" in run.stderr
    assert "drop extra or derived columns" in run.stderr
    assert not (tmp_path / "model" / "model.json").exists()


@pytest.mark.parametrize("reload", ["pickle", "joblib"])
def test_the_notebooks_own_reload_of_its_saved_model_is_the_same_model(tmp_path, reload):
    import pickle
    from sklearn.ensemble import RandomForestClassifier
    namespace = iris_namespace(RandomForestClassifier(n_estimators=10, random_state=0))
    namespace["rf"] = namespace.pop("model")
    if reload == "pickle":
        namespace["rf_loaded"] = pickle.loads(pickle.dumps(namespace["rf"]))
    else:
        joblib.dump(namespace["rf"], tmp_path / "rf.joblib")
        namespace["rf_loaded"] = joblib.load(tmp_path / "rf.joblib")
    assert find_model(namespace)[0] == "rf"


def test_two_models_that_predict_differently_are_still_two():
    namespace = iris_namespace(DecisionTreeClassifier(max_depth=1, random_state=0))
    namespace["shallow"] = namespace.pop("model")
    namespace["deep"] = DecisionTreeClassifier(random_state=0).fit(namespace["X_train"], namespace["y_train"])
    with pytest.raises(ExportError, match=r"shallow \(DecisionTreeClassifier\), deep \(DecisionTreeClassifier\)"):
        find_model(namespace)


def test_labels_as_whole_floats_get_the_iris_names():
    iris = load_iris()
    frame = pd.DataFrame(np.c_[iris.data, iris.target], columns=iris.feature_names + ["target"])
    model = KNeighborsClassifier().fit(frame.iloc[:, :-1], frame["target"])  # classes 0.0, 1.0, 2.0
    classes, names = class_labels(model, {"iris": iris, "df": frame})
    assert (classes, names) == ([0.0, 1.0, 2.0], ["setosa", "versicolor", "virginica"])


PETAL_FIRST = ["PetalLengthCm", "PetalWidthCm", "SepalLengthCm", "SepalWidthCm"]


def frames_namespace(tmp_path, source, fit):
    """`train, test = train_test_split(df)` with the model fitted by `fit`, the script saying `source`."""
    train, test = train_test_split(kaggle_frame(), test_size=0.3, random_state=0)
    script = tmp_path / "output_model.py"
    script.write_text(source)
    namespace = {"train": train, "test": test, "cols": PETAL_FIRST, "__file__": str(script)}
    namespace["model"] = fit(train)
    return namespace


def test_rows_given_only_inside_fit_and_score_calls_are_read_back_from_the_notebook(tmp_path):
    source = ("model = LogisticRegression(max_iter=1000)\n"
              "model.fit(train[cols].values, train['Species'].values)\n"
              "print(model.score(test[cols].values, test['Species'].values))\n")
    namespace = frames_namespace(
        tmp_path, source, lambda train: LogisticRegression(max_iter=1000).fit(train[PETAL_FIRST].values, train["Species"]))
    meta = export(namespace, tmp_path)
    assert meta["feature_names"] == PETAL_FIRST  # not the Iris order guessed for unnamed columns
    expected = namespace["model"].score(namespace["test"][PETAL_FIRST].values, namespace["test"]["Species"])
    assert meta["metrics"] == {"accuracy": pytest.approx(expected)}


def test_a_chained_fit_gives_its_rows_and_the_gate_cross_validates_them(tmp_path):
    source = "model = KNeighborsClassifier(3).fit(train[['PetalLengthCm', 'PetalWidthCm']].to_numpy(), train.Species)\n"
    namespace = frames_namespace(
        tmp_path, source, lambda train: KNeighborsClassifier(3).fit(train[PETAL_FIRST[:2]].to_numpy(), train.Species))
    meta = export(namespace, tmp_path)
    assert meta["feature_names"] == PETAL_FIRST[:2] and meta["metrics"]["cv_accuracy"] >= 0.9


@pytest.mark.parametrize("call", [
    "model.fit(load(train), train.Species)\n",  # a call that could do anything is never evaluated
    "model.fit(train[cols].values, train.SepalLengthCm)\n",  # labels the model does not predict are not its labels
])
def test_fit_arguments_are_read_back_only_when_safe_and_consistent(tmp_path, call, capsys):
    namespace = frames_namespace(
        tmp_path, call, lambda train: LogisticRegression(max_iter=1000).fit(train[PETAL_FIRST].values, train["Species"]))
    namespace["load"] = lambda frame: pytest.fail("the export evaluated a call outside SAFE_METHODS")
    assert with_recovered_data("model", namespace["model"], namespace) == namespace
    assert "read from the notebook's own" not in capsys.readouterr().out


def test_steps_set_to_output_dataframes_are_exported_outputting_arrays(tmp_path):
    namespace = iris_namespace(make_pipeline(StandardScaler(), LogisticRegression(max_iter=500)).set_output(transform="pandas"))
    export(namespace, tmp_path)
    served = joblib.load(tmp_path / "model.joblib")  # the serving image has no pandas to build DataFrames with
    assert isinstance(served[0].transform(namespace["X_test"].to_numpy()), np.ndarray)
    assert list(served.predict(namespace["X_test"].to_numpy())) == list(namespace["model"].predict(namespace["X_test"]))


def test_a_model_needing_a_package_the_service_does_not_install_is_refused(tmp_path):
    from sklearn.preprocessing import FunctionTransformer
    namespace = iris_namespace(make_pipeline(FunctionTransformer(pd.DataFrame), LogisticRegression(max_iter=500)))
    with pytest.raises(ExportError, match=r"the model needs pandas \(DataFrame\), which the prediction service does not install"):
        export(namespace, tmp_path)
    assert not (tmp_path / "model.json").exists()


def test_every_package_a_plain_scikit_learn_model_imports_is_served():
    from sklearn.ensemble import RandomForestClassifier
    namespace = iris_namespace(RandomForestClassifier(n_estimators=3, random_state=0))
    assert set(imported_packages(namespace["model"])) <= SERVED_PACKAGES


def test_a_table_of_search_results_with_dict_cells_beside_the_model_does_not_stop_the_export(tmp_path):
    namespace = iris_namespace()
    grid = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [3, 5]}, cv=3).fit(namespace["X_train"],
                                                                                     namespace["y_train"])
    namespace.update(grid=grid, results=pd.DataFrame(grid.cv_results_))  # its "params" column holds dicts
    meta = export(namespace, tmp_path)
    assert meta["estimator"] == "LogisticRegression"  # `model` comes before `grid`
    assert meta["class_names"] == ["setosa", "versicolor", "virginica"]


def test_odd_objects_left_in_the_notebook_never_stop_the_export(tmp_path):
    import collections
    import types
    namespace = iris_namespace()
    namespace.update(
        mixed=pd.DataFrame({"a": [1, "x", None], "b": [[1], {2: 3}, (4,)], "c": [{1}, b"y", 2.5]}),
        lists=pd.Series([[1, 2], [3]]), tuples=pd.Index([(1, 2), (3, 4)]), objects=np.array([{}, [], None], dtype=object),
        empty=pd.DataFrame(), nothing=None, nan=float("nan"), gen=(i for i in range(3)), fn=lambda x: x,
        mod=types.ModuleType("m"), cls=collections.OrderedDict, counter=collections.Counter("abc"),
        nested={"a": {"b": [1, 2]}}, cube=np.zeros((2, 2, 2)), text=np.array(["setosa", "x", "y"]),
    )
    meta = export(namespace, tmp_path)
    assert (meta["estimator"], meta["class_names"]) == ("LogisticRegression", ["setosa", "versicolor", "virginica"])


def test_a_star_import_of_numpy_does_not_fill_the_build_log_with_deprecation_warnings(tmp_path):
    import warnings
    namespace = {**{k: v for k, v in vars(np).items() if not k.startswith("_")}, **iris_namespace()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        namespace["core"] = np.core  # the deprecated shim `from pylab import *` leaves beside numpy's names
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        meta = run_export(namespace, model_dir=str(tmp_path))
    assert meta["estimator"] == "LogisticRegression"


def test_classes_0_1_2_kept_local_to_a_function_are_named_when_the_model_predicts_iris_codes(capsys):
    data = load_iris()
    petals_first = data.data[:, [2, 3, 0, 1]]
    model = GaussianNB().fit(petals_first, data.target)  # y lived inside train(): the namespace has no labels
    features = ["petal_length", "petal_width", "sepal_length", "sepal_width"]
    assert class_labels(model, {}, features)[1] == ["setosa", "versicolor", "virginica"]
    assert "predicts that data set's target codes" in capsys.readouterr().out
    renumbered = GaussianNB().fit(petals_first, (data.target + 1) % 3)  # another numbering: no proof of names
    assert class_labels(renumbered, {}, features)[1] == ["0", "1", "2"]
    wrong_order = ["sepal_length", "sepal_width", "petal_length", "petal_width"]  # rows fed wrongly: no proof
    assert class_labels(model, {}, wrong_order)[1] == ["0", "1", "2"]


WRAPPER_NOTEBOOK = '''
from sklearn.datasets import load_iris
from sklearn.ensemble import RandomForestClassifier

class IrisModel:
    def __init__(self):
        self.model = RandomForestClassifier(n_estimators=20, random_state=0)
    def fit(self, X, y):
        self.model.fit(X, y)
        return self

iris = load_iris(as_frame=True)
iris_model = IrisModel().fit(iris.data, iris.target)
'''


def test_a_classifier_kept_inside_the_notebooks_own_wrapper_object_is_the_model(capsys):
    namespace = {"__name__": "__main__"}
    exec(WRAPPER_NOTEBOOK, namespace)
    name, model = find_model(namespace)
    assert (name, model) == ("iris_model.model", namespace["iris_model"].model)
    assert "model = iris_model.model" in capsys.readouterr().out


def test_a_top_level_classifier_wins_over_one_inside_a_wrapper():
    namespace = {"__name__": "__main__"}
    exec(WRAPPER_NOTEBOOK + "knn = __import__('sklearn.neighbors').neighbors.KNeighborsClassifier().fit(iris.data, iris.target)\n",
         namespace)
    assert find_model(namespace)[0] == "knn"


def test_classes_of_a_model_fitted_on_one_hot_labels_are_named_by_their_columns():
    from sklearn.neural_network import MLPClassifier
    data = load_iris(as_frame=True)
    Y = pd.get_dummies(pd.Series(data.target_names[data.target])).astype(int)
    X_train, X_test, Y_train, Y_test = train_test_split(data.data, Y, test_size=0.2, random_state=0)
    mlp = MLPClassifier(hidden_layer_sizes=(16,), max_iter=3000, random_state=0).fit(X_train, Y_train)
    namespace = {"X_train": X_train, "Y_train": Y_train, "mlp": mlp}
    assert class_labels(mlp, namespace)[1] == ["setosa", "versicolor", "virginica"]
    namespace["Y_train"] = Y_train[["virginica", "setosa", "versicolor"]]  # not what it was fitted on
    assert class_labels(mlp, namespace)[1] == ["0", "1", "2"]
