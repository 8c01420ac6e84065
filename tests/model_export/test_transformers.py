"""model_export/transformers.py: a transformer fitted outside the model is exported with it."""
import joblib
import pandas as pd
import pytest
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import MinMaxScaler, RobustScaler, StandardScaler

from model_export import ExportError
from model_export.checks import load_model
from export_support import KAGGLE_COLUMNS, export, iris_namespace, kaggle_frame


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


def test_training_stats_are_in_centimetres_when_a_scaler_outside_the_model_is_exported_with_it(tmp_path):
    namespace = scaled_outside_namespace()
    stats = export(namespace, tmp_path)["training_stats"]
    raw_train = namespace["sc"].inverse_transform(namespace["X_train"])
    assert stats["sepal length (cm)"]["min"] == pytest.approx(raw_train[:, 0].min())
    assert stats["petal width (cm)"]["max"] == pytest.approx(raw_train[:, 3].max())
