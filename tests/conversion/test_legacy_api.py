"""conversion/legacy_api.py: every row of the table is needed (its example fails with the pinned
libraries) and right (its rewrite is the expected text, and runs); ruff's numpy fixes are
applied only to names numpy really lost; the report names cell and line."""
import ast
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from conversion import runtime_helpers  # noqa: E402
from conversion.legacy_api import as_current_api  # noqa: E402
from conversion.legacy_table import TABLE  # noqa: E402
from conversion.numpy_ruff import ruff_binary  # noqa: E402

SETUP = """\
import io
import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.datasets import load_iris
from sklearn.ensemble import AdaBoostClassifier, AdaBoostRegressor, GradientBoostingClassifier, RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression, LogisticRegression, SGDClassifier
from sklearn.model_selection import GridSearchCV, KFold, StratifiedShuffleSplit
from sklearn.multiclass import OneVsRestClassifier
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import OneHotEncoder
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor
X, y = load_iris(return_X_y=True)
df = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [4.0, 5.0, 7.0], "species": ["x", "y", "x"]})
"""


def rewrite(*sources):
    """Rewrite cells 1..n after the SETUP cell; returns (sources, notes, helpers)."""
    texts, notes, helpers = as_current_api(list(enumerate([SETUP, *sources])))
    return texts[1:], notes, helpers


def run(code, helpers=()):
    """Execute `code` after SETUP (and the helpers), fitting or splitting what it makes, as a notebook
    would; returns the value of its last expression."""
    namespace = {}
    exec(SETUP, namespace)
    exec(runtime_helpers.prelude(set(runtime_helpers.HELPERS)), namespace)
    tree = ast.parse(code)
    if isinstance(tree.body[-1], ast.Expr):
        exec(compile(ast.Module(tree.body[:-1], []), "<cell>", "exec"), namespace)
        value = eval(compile(ast.Expression(tree.body[-1].value), "<cell>", "eval"), namespace)
        if hasattr(value, "split") and hasattr(value, "get_n_splits"):
            list(value.split(namespace["X"], namespace["y"]))
        elif hasattr(value, "fit") and not hasattr(value, "classes_"):
            value.fit(namespace["X"], namespace["y"])
        return value
    exec(code, namespace)
    return None


ROWS = [pytest.param(row, id=f"{type(row).__name__}:{row.example}") for row in TABLE]


@pytest.mark.parametrize("row", ROWS)
def test_row_rewrites_its_example_to_the_expected_code(row):
    (text,), notes, _ = rewrite(row.example)
    assert text == row.expected
    assert (1, 1, row.why) in notes


@pytest.mark.parametrize("row", ROWS)
def test_row_example_fails_with_the_pinned_libraries_and_its_rewrite_runs(row):
    """Failing: an exception, or (old_result) another answer than the old libraries gave, which the
    rewrite gives."""
    if row.old_result is not None:
        try:
            today = run(row.example)
        except (AttributeError, TypeError, ValueError, ImportError, KeyError) as error:
            today = error
        assert today != row.old_result
        assert run(row.expected) == row.old_result
        return
    with pytest.raises((AttributeError, TypeError, ValueError, ImportError, KeyError)):
        run(row.example)
    run(row.expected)


def test_numpy_aliases_are_fixed_by_ruff_only_where_numpy_lost_them():
    assert ruff_binary(), "ruff is pinned in requirements/train.txt"
    (text,), notes, _ = rewrite("a = np.zeros(3, dtype=np.int)\nb = np.bool(1) + np.float(2.5)\nc = np.NaN")
    assert text == "a = np.zeros(3, dtype=int)\nb = np.bool(1) + float(2.5)\nc = np.nan"
    assert (1, 1, "np.int was removed from numpy: `int` (ruff NPY001)") in notes
    assert (1, 3, "np.NaN was removed from numpy: `np.nan` (ruff NPY201)") in notes
    assert not any("np.bool" in why for _, _, why in notes)


def test_numpy_imported_in_an_earlier_cell_under_another_name_is_known():
    texts, notes, _ = as_current_api([(1, "import numpy as npy"), (3, "x = 1\ny = npy.product([2, 3])")])
    assert texts[1] == "x = 1\ny = npy.prod([2, 3])"
    assert [(cell, line) for cell, line, _ in notes] == [(3, 2)]


def test_list_append_stays_and_frame_append_goes_through_concat():
    source = "rows = []\nrows.append(1)\nbigger = df.append(df)\nframes = [df]\nframes.append(df)"
    (text,), _, helpers = rewrite(source)
    assert text == "rows = []\nrows.append(1)\nbigger = _convert_append_(df, df)\nframes = [df]\nframes.append(df)"
    assert helpers == {"_convert_append_"}


def test_reductions_of_arrays_are_not_touched():
    source = "scores = np.array([1.0, 2.0])\nm = scores.mean()\nv = X.std()\nc = df.drop('species', axis=1).corr()"
    (text,), notes, _ = rewrite(source)
    assert text.splitlines()[1:3] == ["m = scores.mean()", "v = X.std()"]
    assert text.splitlines()[3] == "c = _convert_numeric_only_(df.drop('species', axis=1)).corr()"
    assert [line for _, line, _ in notes] == [4]


def test_frame_read_in_an_earlier_cell_keeps_old_groupby_means():
    texts, _, helpers = as_current_api([(1, "import pandas as pd"), (2, "iris = pd.read_csv('Iris.csv')"),
                                        (5, "iris.assign(k=1).groupby('k').mean()")])
    assert texts[2] == "_convert_numeric_only_(iris.assign(k=1).groupby('k')).mean()"
    namespace = {}
    exec(runtime_helpers.prelude(helpers), namespace)
    exec(SETUP + "iris = df\nresult = " + texts[2], namespace)
    assert list(namespace["result"].columns) == ["a", "b"]


def test_append_of_a_row_dict_and_of_a_named_series_give_pandas_1_rows():
    namespace = {}
    exec(SETUP + runtime_helpers.prelude({"_convert_append_"}), namespace)
    exec("one = _convert_append_(df, {'a': 9.0, 'b': 8.0, 'species': 'z'}, ignore_index=True)\n"
         "two = _convert_append_(df['a'], pd.Series([5.0]))", namespace)
    assert namespace["one"].shape == (4, 3) and namespace["one"]["a"].dtype == float
    assert namespace["two"].tolist() == [1.0, 2.0, 3.0, 5.0]


def test_ix_setting_by_label_and_position():
    namespace = {}
    exec(SETUP + runtime_helpers.prelude({"_convert_ix_"}), namespace)
    exec("_convert_ix_(df)[0, 'a'] = 10.0\n_convert_ix_(df)[1, 1] = 20.0", namespace)
    assert namespace["df"]["a"].tolist()[0] == 10.0 and namespace["df"]["b"].tolist()[1] == 20.0


def test_text_dtype_comparisons_in_every_spelling_keep_their_old_meaning():
    (text,), _, helpers = rewrite("a = df.dtypes == 'O'\nb = df['species'].dtype != np.dtype('object')\n"
                                  "c = object == df.species.dtype\nd = df.a.dtype == float")
    assert text.split("\n") == ["a = _convert_dtype_(df.dtypes) == 'O'",
                                 "b = _convert_dtype_(df['species'].dtype) != np.dtype('object')",
                                 "c = object == _convert_dtype_(df.species.dtype)", "d = df.a.dtype == float"]
    namespace = {}
    exec(SETUP + runtime_helpers.prelude(helpers) + text, namespace)
    assert namespace["a"].tolist() == [False, False, True] and namespace["b"] is False and namespace["c"] is True


def test_nested_old_apis_are_all_rewritten_with_one_note_each():
    (text,), notes, _ = rewrite("m = df.ix[:, 0:2].as_matrix()")
    assert text == "m = _convert_ix_(df)[:, 0:2].to_numpy()"
    assert len(notes) == 2


def test_a_cell_that_is_not_python_is_left_alone():
    texts, notes, _ = as_current_api([(1, "df.ix[0"), (2, "import numpy as np\nx = np.float(1)")])
    assert texts[0] == "df.ix[0"
    assert texts[1] == "import numpy as np\nx = float(1)"


def test_private_sklearn_module_moves_only_when_the_package_has_every_name():
    (kept, moved), _, _ = rewrite("from sklearn.ensemble.forest import NoSuchThing",
                                  "from sklearn.tree.tree import DecisionTreeClassifier as DT")
    assert kept == "from sklearn.ensemble.forest import NoSuchThing"
    assert moved == "from sklearn.tree import DecisionTreeClassifier as DT"


def test_display_options_set_by_assignment_are_rewritten_too():
    (text,), notes, _ = rewrite("pd.options.display.max_colwidth = -1\npd.options.display.max_rows = -1")
    assert text == "pd.options.display.max_colwidth = None\npd.options.display.max_rows = -1"
    assert [line for _, line, _ in notes] == [1]


def test_grid_scores_unpack_as_in_scikit_learn_0_18():
    (text,), _, helpers = rewrite("grid = GridSearchCV(SVC(), {'C': [1, 10]}, cv=3).fit(X, y)\n"
                                  "rows = [(p['C'], m, s) for p, m, s in grid.grid_scores_]")
    namespace = {}
    exec(SETUP + runtime_helpers.prelude(helpers) + text, namespace)
    rows = namespace["rows"]
    assert [c for c, _, _ in rows] == [1, 10]
    assert all(len(folds) == 3 and abs(folds.mean() - mean) < 1e-12 for _, mean, folds in rows)


def test_old_stratified_folds_serve_both_as_cv_and_as_an_iterable():
    (text,), _, helpers = rewrite("from sklearn.model_selection import StratifiedKFold, cross_val_score\n"
                                  "folds = StratifiedKFold(y, n_folds=3)\nn = len(folds)\nsplits = list(folds)\n"
                                  "scores = cross_val_score(SVC(), X, y, cv=folds)\nnew = KFold(5)")
    assert "folds = _convert_folds_(StratifiedKFold, y, n_folds=3)" in text and text.endswith("new = KFold(5)")
    namespace = {}
    exec(SETUP + runtime_helpers.prelude(helpers) + text, namespace)
    assert namespace["n"] == 3 and len(namespace["splits"]) == 3 and len(namespace["scores"]) == 3


def test_a_fold_splitter_that_shuffles_keeps_its_random_state():
    source = "a = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)\nb = KFold(5, shuffle=False, random_state=1)"
    (text,), notes, _ = rewrite(source)
    assert text == "a = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)\nb = KFold(5, shuffle=False)"
    assert [line for _, line, _ in notes] == [2]


def test_coef_of_a_wrapped_l1_model_is_the_old_one_row_per_class_and_a_notebook_without_wraps_keeps_its_own():
    (plain,), _, helpers = rewrite("k = LogisticRegression().fit(X, y).coef_")
    assert (plain, helpers) == ("k = LogisticRegression().fit(X, y).coef_", set())
    (wrapped,), _, helpers = rewrite("m = LogisticRegression(penalty='l1')\nm.fit(X, y)\nc = m.coef_")
    assert helpers == {"_convert_one_vs_rest_"}
    coef = run(wrapped + "\nc")
    assert coef.shape == (3, 4)
    assert (coef == 0).any(), "an l1 penalty zeroes some coefficients"


def test_what_train_test_split_makes_of_a_frame_is_a_frame_and_of_an_array_an_array():
    (text,), notes, helpers = rewrite(
        "from sklearn.model_selection import train_test_split\n"
        "X_tr, X_te, y_tr, y_te = train_test_split(df[['a', 'b']], df['species'], test_size=1, random_state=0)\n"
        "a_tr, a_te = train_test_split(np.arange(3), test_size=1, random_state=0)\n"
        "(y_tr.ravel(), a_tr.ravel())")
    assert "_convert_array_(y_tr).ravel()" in text and "(_convert_array_(y_tr).ravel(), a_tr.ravel())" in text
    labels, numbers = run(text, helpers)
    assert sorted(labels.tolist()) == ["x", "y"] and len(numbers) == 2


def test_text_replaced_in_a_column_is_no_label_coding():
    (text,), notes, _ = rewrite("df['species'].str.replace('x', 'setosa')\ndf.species.str.replace('y', 'z')")
    assert text == "df['species'].str.replace('x', 'setosa')\ndf.species.str.replace('y', 'z')" and notes == []


def test_model_selections_kfold_with_a_bool_second_argument_is_never_taken_for_the_old_n_folds():
    # KFold(2, True) imported from sklearn.model_selection: n_splits=2, shuffle=True; the old
    # cross_validation.KFold(n, n_folds) took an int second
    (text, old), _, helpers = rewrite("folds = KFold(2, True)", "old = KFold(150, 5)")
    assert text == "folds = KFold(2, shuffle=True)"
    assert run(text) is None and old == "old = _convert_folds_(KFold, 150, 5)"


def test_only_grid_shaped_dicts_lose_a_removed_parameter():
    (text,), _, _ = rewrite("grid = [{'lr__multi_class': ['ovr'], 'lr__C': [1]}]\nsettings = {'multi_class': 'ovr'}")
    assert text == "grid = [{'lr__C': [1]}]\nsettings = {'multi_class': 'ovr'}"


def test_drop_keeps_axis_without_columns_or_index():
    (text,), _, _ = rewrite("a = df.drop(['species'], axis=1)\nb = df.drop(columns='species', axis=1)")
    assert text == "a = df.drop(['species'], axis=1)\nb = df.drop(columns='species')"


def test_a_matrix_split_by_scikit_learn_is_split_as_an_array_and_its_parts_fit():
    """`train_test_split(np.asmatrix(frame))`, its parts sliced and fitted (scikit-learn refuses the
    matrices today): the matrix given straight to scikit-learn becomes np.asarray, and the fit runs."""
    cell = ("parts = train_test_split(np.asmatrix(np.c_[X, y]), test_size=0.4, random_state=0)\n"
            "knn = KNeighborsClassifier(n_neighbors=3).fit(parts[0][:, :4], np.ravel(parts[0][:, 4]))\n"
            "knn.score(parts[1][:, :4], np.ravel(parts[1][:, 4]))")
    (text,), notes, _ = rewrite("from sklearn.model_selection import train_test_split\n" + cell)
    assert "train_test_split(np.asarray(np.c_[X, y])" in text
    assert [line for _, line, why in notes if "np.matrix" in why] == [2]
    assert run(text) > 0.9


def test_a_matrix_kept_in_a_variable_stays_a_matrix():
    """A matrix not given straight to scikit-learn may be used for algebra (`*` multiplies matrices)."""
    cell = "m = np.asmatrix(X[:4, :4])\nsquare = m * m\nnp.matrix(square).fit"
    (text,), notes, _ = rewrite(cell)
    assert text == cell
    assert not notes


def test_a_grid_key_naming_base_estimator_is_renamed_wherever_the_parameter_sits():
    """`base_estimator` as the grid's key, inside a pipeline step's key, or with its own parameter
    after it; values kept in a variable still make a grid; a plain settings dict is left alone."""
    (text,), _, _ = rewrite("grid = {'base_estimator': bases, 'ada__base_estimator__max_depth': [1, 2], "
                            "'n_estimators': [3]}\nsettings = {'base_estimator': 'tree'}")
    assert text == ("grid = {'estimator': bases, 'ada__estimator__max_depth': [1, 2], 'n_estimators': [3]}\n"
                    "settings = {'base_estimator': 'tree'}")


def test_an_inplace_fill_on_one_column_is_assigned_to_it_and_a_copy_of_several_columns_is_left_alone():
    """df['a'] and df.a are the frame's column (pandas < 3 changed the frame through them);
    df[['a', 'b']] was a copy in every pandas: filling it in place never reached the frame."""
    (text,), _, _ = rewrite("df['a'].fillna(m, inplace=True)  # mean\ndf.b.fillna(0, inplace=True)\n"
                            "df[['a', 'b']].fillna(0, inplace=True)\ndf['a'].fillna(0)")
    assert text == ("df['a'] = df['a'].fillna(m)  # mean\ndf['b'] = df.b.fillna(0)\n"
                    "df[['a', 'b']].fillna(0, inplace=True)\ndf['a'].fillna(0)")
    (text,), _, _ = rewrite("for c in ['a', 'b']:\n    df[c].fillna(0, inplace=True)\n"
                            "for c in columns:\n    df[c].fillna(0, inplace=True)")
    assert text == ("for c in ['a', 'b']:\n    df[c] = df[c].fillna(0)\n"
                    "for c in columns:\n    df[c].fillna(0, inplace=True)")  # columns may hold lists


def test_a_row_function_reads_positions_only_on_its_row_parameter_and_only_where_applied_along_rows():
    """impute(cols) is applied with axis=1 in a later cell: its cols[0] goes through the helper; the
    same subscript in a function never applied along rows, or on another name, stays."""
    texts, _, helpers = as_current_api([
        (1, "def impute(cols):\n    age = cols[0]\n    return age if age == age else table[1]\n"
            "def other(cols):\n    return cols[0]"),
        (2, "df['a'] = df[['a', 'b']].apply(impute, axis=1)\nfirst = df['a'].apply(other)")])
    assert texts[0] == ("def impute(cols):\n    age = _convert_position_(cols, 0)\n    return age if age == age else "
                        "table[1]\ndef other(cols):\n    return cols[0]")
    assert helpers == {"_convert_position_"}


def test_the_position_helper_reads_labels_where_the_rows_labels_are_numbers():
    namespace = {}
    exec(runtime_helpers.prelude({"_convert_position_"}), namespace)
    import pandas
    position = namespace["_convert_position_"]
    assert position(pandas.Series([5, 6], index=["age", "class"]), 1) == 6
    assert position(pandas.Series([5, 6], index=[1, 0]), 1) == 5  # the label 1, as every pandas read it
    assert position([5, 6], 1) == 6
