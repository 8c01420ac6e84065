"""Whatever a notebook leaves in its namespace, the export exports or stops with its own message.

A property-based test (hypothesis): next to a real model and its data, a namespace is
filled with the odd objects notebooks leave behind: pandas indexes of every kind,
categoricals, sparse matrices, generators (one infinite), open and closed files,
widget-like objects, proxies that answer every attribute or raise on any, half-fitted
estimators, ... under names the export looks at (X_test, y, model, target_names, ...).
The export must then either write a model or raise ExportError; any other exception
is a traceback the notebook's author would see.
"""
import io
import itertools
import os
import pathlib
import sys
import tempfile
import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse
from hypothesis import HealthCheck, given, settings, strategies as st
from sklearn.cluster import KMeans
from sklearn.datasets import load_iris
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import LabelEncoder, StandardScaler

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))
from model_export import ExportError, export_model  # noqa: E402

IRIS = load_iris(as_frame=True)
SPECIES = IRIS.target_names[IRIS.target]


class WidgetLike:
    """What ipywidgets leave: a value, callbacks, an HTML repr, a layout with its own attributes."""

    def __init__(self):
        self.value = 5.1
        self.description = "sepal length"
        self.layout = type("Layout", (), {"width": "100%"})()

    def observe(self, handler, names=None):
        pass

    def _repr_html_(self):
        return "<input>"


class Anything:
    """A proxy whose every attribute exists and is callable (mock-like objects, lazy wrappers)."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: self

    def __len__(self):
        return 3


class Raising:
    """A proxy whose attributes, length and truth all raise something other than AttributeError."""

    def __getattr__(self, name):
        raise RuntimeError(f"lazy object: {name} is not loaded")

    def __len__(self):
        raise RuntimeError("lazy object has no length yet")

    def __bool__(self):
        raise RuntimeError("lazy object has no truth value")


def half_fitted():
    """A classifier with some fitted attributes and not others (fit interrupted, state poked by hand)."""
    model = LogisticRegression()
    model.classes_ = np.array([0, 1, 2])
    model.n_features_in_ = 4
    return model


def closed_file():
    handle = open(os.devnull)
    handle.close()
    return handle


def sparse_frame():
    return pd.DataFrame.sparse.from_spmatrix(scipy.sparse.csr_matrix(IRIS.data.values), columns=IRIS.data.columns)


def multiindex_frame():
    frame = IRIS.data.copy()
    frame.columns = pd.MultiIndex.from_tuples([tuple(c.split(" ", 1)) for c in frame.columns])
    return frame


def structured():
    return np.zeros(150, dtype=[("sepal", float), ("name", "U10")])


ODD = {
    "range_index": lambda: pd.RangeIndex(150),
    "string_index": lambda: pd.Index(list(IRIS.target_names)),
    "datetime_index": lambda: pd.date_range("2020-01-01", periods=150),
    "period_index": lambda: pd.period_range("2020-01", periods=12, freq="M"),
    "timedelta_index": lambda: pd.timedelta_range("1 day", periods=4),
    "interval_index": lambda: pd.interval_range(0, 4),
    "categorical_index": lambda: pd.CategoricalIndex(SPECIES),
    "multi_index": lambda: pd.MultiIndex.from_product([[1, 2], ["a", "b"]]),
    "multiindex_columns": multiindex_frame,
    "categorical": lambda: pd.Categorical(SPECIES),
    "categorical_series": lambda: pd.Series(SPECIES).astype("category"),
    "categorical_frame": lambda: IRIS.frame.assign(species=pd.Categorical(SPECIES)),
    "sparse_matrix": lambda: scipy.sparse.csr_matrix(IRIS.data.values),
    "sparse_wide": lambda: scipy.sparse.random(150, 40, density=0.1, random_state=0, format="csr"),
    "sparse_frame": sparse_frame,
    "sparse_array": lambda: pd.arrays.SparseArray([0, 0, 1, 2]),
    "generator": lambda: (i for i in range(3)),
    "infinite": itertools.count,
    "open_file": lambda: open(os.devnull),
    "closed_file": closed_file,
    "string_io": lambda: io.StringIO("sepal_length\n5.1\n"),
    "widget": WidgetLike,
    "anything": Anything,
    "raising": Raising,
    "half_fitted": half_fitted,
    "unfitted": lambda: make_pipeline(StandardScaler(), KNeighborsClassifier()),
    "unfitted_search": lambda: GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1, 3]}),
    "kmeans": lambda: KMeans(3, n_init=2, random_state=0).fit(IRIS.data.values),
    "regressor": lambda: LinearRegression().fit(IRIS.data.values, IRIS.target.values),
    "int_label_encoder": lambda: LabelEncoder().fit([3, 1, 2]),
    "ragged": lambda: [[1.0, 2.0], [3.0]],
    "list_of_dicts": lambda: [{"sepal_length": 5.1}, {"sepal_length": 4.9}],
    "structured": structured,
    "zero_d": lambda: np.array(5.1),
    "three_d": lambda: np.zeros((150, 4, 2)),
    "complex": lambda: IRIS.data.values * 1j,
    "masked": lambda: np.ma.masked_less(IRIS.data.values, 2.0),
    "nan_frame": lambda: IRIS.data.where(IRIS.data > 2.0),
    "empty_frame": pd.DataFrame,
    "strings_frame": lambda: IRIS.data.astype(str),
    "duplicate_columns": lambda: IRIS.data.set_axis(["a", "a", "b", "b"], axis=1),
    "datetimes": lambda: pd.Series(pd.date_range("2020-01-01", periods=150)),
    "module": lambda: np,
    "class": lambda: LogisticRegression,
    "function": lambda: (lambda x: x),
    "none": lambda: None,
    "nan": lambda: float("nan"),
    "huge_int": lambda: 10 ** 400,
    "text": lambda: "setosa",
    "bytes": lambda: b"\x00\x01",
    "set": lambda: {"setosa", "virginica"},
    "bunch_mismatch": lambda: type(IRIS)(data=np.zeros((3, 2)), feature_names=["a", "b", "c"], target_names=["x"]),
}
NAMES = ["X_train", "X_test", "y_train", "y_test", "X", "y", "model", "clf", "iris", "df", "data", "target_names",
         "features", "labels", "classes", "species", "scaler", "accuracy", "score", "best_model", "knn", "w", "extra"]


def base_namespace(kind):
    """A notebook's real work: a split and a fitted classifier (a pipeline on a DataFrame, a model on
    arrays, or a model on rows scaled outside it)."""
    X_train, X_test, y_train, y_test = train_test_split(IRIS.data, IRIS.target, test_size=0.3, random_state=0)
    namespace = {"X_train": X_train, "X_test": X_test, "y_train": y_train, "y_test": y_test}
    if kind == "pipeline":
        namespace["model"] = make_pipeline(StandardScaler(), LogisticRegression(max_iter=500)).fit(X_train, y_train)
    elif kind == "arrays":
        namespace.update(X_train=X_train.values, X_test=X_test.values, y_train=y_train.values, y_test=y_test.values)
        namespace["knn"] = KNeighborsClassifier(5).fit(X_train.values, y_train.values)
    else:
        scaler = StandardScaler().fit(X_train)
        namespace.update(scaler=scaler, X_train_scaled=scaler.transform(X_train), X_test_scaled=scaler.transform(X_test))
        namespace["clf"] = LogisticRegression(max_iter=500).fit(namespace["X_train_scaled"], y_train)
    return namespace


# derandomize: the same 80 namespaces on every run, so the suite stays deterministic; to explore
# further, set derandomize=False and run it with --hypothesis-seed=N (seeds 0-17 pass).
@settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(["pipeline", "arrays", "scaled"]),
       odd=st.dictionaries(st.sampled_from(NAMES), st.sampled_from(sorted(ODD)), min_size=1, max_size=5))
def test_the_export_exports_or_stops_with_its_own_message_whatever_the_namespace_holds(kind, odd):
    namespace = base_namespace(kind)
    namespace.update({name: ODD[factory]() for name, factory in odd.items()})
    with tempfile.TemporaryDirectory() as folder, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            meta = export_model(namespace, model_dir=folder)
        except ExportError as error:
            assert str(error)  # the export's own message, which run_export prints as one line
        else:
            assert (pathlib.Path(folder) / "model.joblib").is_file() and meta["classes"]
        finally:
            for value in namespace.values():
                if isinstance(value, io.IOBase):
                    value.close()


@pytest.mark.parametrize("factory", sorted(ODD))
def test_each_odd_object_beside_the_model_is_skipped_or_understood(factory, tmp_path):
    """The same, one object at a time under a name the export reads, so a failure names its culprit."""
    namespace = base_namespace("pipeline")
    namespace["extra"] = ODD[factory]()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        meta = export_model(namespace, model_dir=str(tmp_path))
    assert meta["estimator"] == "LogisticRegression"
