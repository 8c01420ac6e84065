"""model_export/columns.py: the exported model takes and gives plain arrays, as the service does."""
import joblib
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from export_support import KAGGLE_COLUMNS, export, iris_namespace, kaggle_frame


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


def test_steps_set_to_output_dataframes_are_exported_outputting_arrays(tmp_path):
    namespace = iris_namespace(make_pipeline(StandardScaler(), LogisticRegression(max_iter=500)).set_output(transform="pandas"))
    export(namespace, tmp_path)
    served = joblib.load(tmp_path / "model.joblib")  # the serving image has no pandas to build DataFrames with
    assert isinstance(served[0].transform(namespace["X_test"].to_numpy()), np.ndarray)
    assert list(served.predict(namespace["X_test"].to_numpy())) == list(namespace["model"].predict(namespace["X_test"]))
