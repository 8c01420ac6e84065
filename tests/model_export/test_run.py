"""model_export/run.py: the whole export on a notebook's namespace, and the script's entry point."""
import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import GridSearchCV
from sklearn.neighbors import KNeighborsClassifier

from model_export.run import run_export
from export_support import export, iris_namespace


def test_run_export_exits_non_zero_with_a_one_line_message(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        run_export({"x": 1}, model_dir=str(tmp_path))
    assert exit_info.value.code == 1
    assert capsys.readouterr().err.startswith("export: error: no fitted classifier")


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
