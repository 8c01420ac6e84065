"""Run-time helpers for what only the running notebook can decide: whether a value is a pandas
frame (removed pandas APIs whose old meaning depends on it: a list's .append or a DataFrame's, a
frame with or without text columns) and whether an author's path exists on this machine.

legacy_api.py and authors_paths.py route such calls through these helpers; `add_runtime_helpers`
(a notebook pass) gives the script their definitions in one cell before the first code cell.
Each helper does exactly what the old library (or the author's machine) did where it applies and
passes anything else through untouched: a list's `.append`, an array's `.mean()`, an existing path.
"""
import ast

import nbformat

from model_export.cell_lines import CELL_STARTS

HELPERS = {
    "_convert_ix_": '''\
class _convert_ix_:
    """pandas' removed `.ix`: labels first, positions when the labels do not fit (old .ix)."""

    def __init__(self, obj):
        self.obj = obj

    def __getitem__(self, key):
        try:
            return self.obj.loc[key]
        except (KeyError, TypeError, IndexError):
            return self.obj.iloc[key]

    def __setitem__(self, key, value):
        try:
            self.obj.loc[key]  # labels that exist (or a label slice) are set by label
        except (KeyError, TypeError, IndexError):
            self.obj.iloc[key] = value
        else:
            self.obj.loc[key] = value''',
    "_convert_numeric_only_": '''\
def _convert_numeric_only_(obj):
    """pandas < 2 skipped text columns in a frame's mean/corr/std/...; pandas 2 raises. A DataFrame
    (or DataFrame groupby) gets numeric_only=True on its reductions; anything else is unchanged."""
    import functools
    import pandas

    if not isinstance(obj, (pandas.DataFrame, pandas.core.groupby.DataFrameGroupBy)):
        return obj

    class NumericOnly:
        def __getattr__(self, name):
            return functools.partial(getattr(obj, name), numeric_only=True)

    return NumericOnly()''',
    "_convert_append_": '''\
def _convert_append_(obj, other, ignore_index=False, verify_integrity=False, sort=False):
    """Series/DataFrame.append (removed in pandas 2) as pandas 1.x did it, through pd.concat: a dict
    or Series appended to a frame is one row. Anything else (a list) calls its own append."""
    import pandas

    if not isinstance(obj, (pandas.Series, pandas.DataFrame)):
        return obj.append(other)
    others = list(other) if isinstance(other, (list, tuple)) else [other]
    if isinstance(obj, pandas.DataFrame):
        if others and all(isinstance(item, dict) for item in others):
            others = [pandas.DataFrame(others)]
        others = [pandas.Series(item) if isinstance(item, dict) else item for item in others]
        others = [item.to_frame().T.infer_objects() if isinstance(item, pandas.Series) else item for item in others]
    return pandas.concat([obj, *others], ignore_index=ignore_index, verify_integrity=verify_integrity, sort=sort)''',
    "_convert_dtype_": '''\
def _convert_dtype_(dtype):
    """pandas 3 reads text as its str dtype where pandas < 3 had object, which the notebook compares
    with: the str dtype counts as object (each of a frame's .dtypes too); other dtypes are unchanged."""
    import numpy
    import pandas

    def as_old(value):
        return numpy.dtype(object) if isinstance(value, pandas.StringDtype) else value

    return dtype.map(as_old) if isinstance(dtype, pandas.Series) else as_old(dtype)''',
    "_convert_grid_scores_": '''\
def _convert_grid_scores_(search):
    """A search's grid_scores_ (removed in scikit-learn 0.20): per candidate, its parameters, mean
    score and the scores of each fold, as named tuples, read from cv_results_."""
    import collections

    import numpy

    Score = collections.namedtuple("CVScoreTuple", "parameters mean_validation_score cv_validation_scores")
    results = search.cv_results_
    folds = sorted((key for key in results if key.startswith("split") and key.endswith("_test_score")),
                   key=lambda key: int(key[5:].split("_")[0]))
    return [Score(parameters, results["mean_test_score"][index], numpy.array([results[f][index] for f in folds]))
            for index, parameters in enumerate(results["params"])]''',
    "_convert_one_vs_rest_": '''\
def _convert_one_vs_rest_(estimator):
    """What a fitted OneVsRestClassifier of linear models lacks and the old one-vs-rest
    LogisticRegression had: coef_ (one row per class) and intercept_, stacked from its estimators_.
    Anything else is returned as it is."""
    import types

    import numpy
    from sklearn.multiclass import OneVsRestClassifier

    if not (isinstance(estimator, OneVsRestClassifier) and hasattr(estimator, "estimators_")):
        return estimator
    return types.SimpleNamespace(coef_=numpy.vstack([e.coef_ for e in estimator.estimators_]),
                                 intercept_=numpy.hstack([e.intercept_ for e in estimator.estimators_]))''',
    "_convert_folds_": '''\
def _convert_folds_(splitter, data, n_folds=None, n_iter=None, **options):
    """sklearn.cross_validation's KFold(n, n_folds=k), StratifiedKFold(y, n_folds=k), ShuffleSplit(n,
    n_iter=k) and StratifiedShuffleSplit(y, n_iter=k): today's splitter (for cv=), also iterable over
    the (train, test) indices of `data` (n, or the labels). Their defaults: 3 folds, 10 shuffles."""
    import numpy

    n_splits = n_folds or n_iter or (10 if "Shuffle" in splitter.__name__ else 3)

    labels = numpy.arange(data) if numpy.isscalar(data) else numpy.asarray(data)

    class Folds(splitter):
        def __iter__(self):
            return iter(self.split(numpy.zeros((len(labels), 1)), labels))

        def __len__(self):
            return self.get_n_splits()

    Folds.__name__ = Folds.__qualname__ = splitter.__name__
    return Folds(n_splits=n_splits, **options)''',
    "_convert_scalar_": '''\
def _convert_scalar_(value):
    """int()/float() of a one-element Series, DataFrame or array worked in pandas 1.x and numpy < 2;
    today they raise TypeError. The one element is taken; anything else is unchanged."""
    if getattr(value, "size", None) == 1 and getattr(value, "ndim", 0) > 0 and hasattr(value, "to_numpy"):
        return value.to_numpy().item()
    if getattr(value, "size", None) == 1 and getattr(value, "ndim", 0) > 0 and hasattr(value, "item"):
        return value.item()
    return value''',
    "_convert_position_": '''\
def _convert_position_(row, key):
    """row[0] in a function applied to a frame's rows: pandas < 3 read an integer key as a position
    where the row's labels are not numbers (its columns' names); pandas 3 looks for the label 0 and
    raises KeyError. Anything else (numeric labels, a list, a dict) is indexed as written."""
    import pandas

    if isinstance(row, pandas.Series) and row.index.inferred_type not in ("integer", "mixed-integer", "floating",
                                                                           "complex"):
        return row.iloc[key]
    return row[key]''',
    "_convert_array_": '''\
def _convert_array_(value):
    """Series.ravel() and the like (removed in pandas 3) gave the values' NumPy array: a Series or
    Index becomes that array; anything else is unchanged."""
    import pandas

    return value.to_numpy() if isinstance(value, (pandas.Series, pandas.Index)) else value''',
    "_convert_url_": '''\
def _convert_url_(url, _said=set()):
    """A data file the author's kernel downloaded: the file of that name in the notebook's folder,
    where the script runs, when it is there (the build may be offline); else the URL itself."""
    import os
    import sys
    import urllib.parse

    name = os.path.basename(urllib.parse.urlparse(url).path)
    if not (name and os.path.isfile(name)):
        return url
    if url not in _said:
        _said.add(url)
        print(f"convert.py: reading {name!r} in the notebook's folder instead of downloading {url!r}", file=sys.stderr)
    return name''',
    "_convert_load_dataset_": '''\
def _convert_load_dataset_(name, **options):
    """seaborn.load_dataset, which downloads; when it cannot, 'iris' is built from scikit-learn's bundled
    copy of the same 150 flowers (both are R's iris), with seaborn's columns and species names."""
    import sys

    import seaborn

    try:
        return seaborn.load_dataset(name, **options)
    except Exception as error:  # no network, a proxy, a changed URL
        if name != "iris":
            raise
        reason = error
    from sklearn.datasets import load_iris

    iris = load_iris(as_frame=True)
    frame = iris.data.set_axis(["sepal_length", "sepal_width", "petal_length", "petal_width"], axis=1)
    frame["species"] = iris.target_names[iris.target.to_numpy()]
    print(f"convert.py: seaborn could not download 'iris' ({reason}); using scikit-learn's copy of the same "
          "150 flowers", file=sys.stderr)
    return frame''',
    "_convert_path_": r'''\
def _convert_path_(path, _said=set()):
    """A path from the notebook author's machine (a drive letter, /Users/..., /home/..., ~/...) or a
    relative path into a folder (data/Iris.csv): used
    as written where it exists here, else the file or folder of that name in the notebook's folder,
    where the script runs (a file written there when it is not there yet); a missing folder is the
    notebook's folder itself."""
    import os
    import re
    import sys

    if os.path.exists(os.path.expanduser(path)):
        return path
    if not re.match(r"[A-Za-z]:|~|/", path) and os.path.isdir(os.path.dirname(path) or "."):
        return path  # a relative path whose folder is here: a file the notebook writes there
    parts = [part for part in re.split(r"[\\/]", path) if part and part != "~"]
    name, folder = (parts[-1] if parts else ""), path.endswith(("/", "\\"))
    if name and os.path.exists(name) and (os.path.isdir(name) or not folder):
        local = name + ("/" if folder else "")
    elif folder or not name or "." not in name.strip("."):
        local = "./" if folder else "."
    else:
        local = name  # a file to write (joblib.dump(model, 'C:/Users/.../model.pkl')) goes next to the notebook
    if path not in _said:
        _said.add(path)
        print(f"convert.py: {path!r} is not on this machine: using {local!r} in the notebook's folder", file=sys.stderr)
    return local''',
    "_convert_cd_": '''\
def _convert_cd_(path):
    """%cd: into the folder when it exists; else, as IPython's %cd does, print the error and go on."""
    import os

    try:
        os.chdir(os.path.expanduser(path))
    except OSError as error:
        print(error)''',
}


def prelude(names):
    """The cell that defines the helpers `names` (in HELPERS' order), or None when none is needed."""
    if not names:
        return None
    body = "\n\n\n".join(HELPERS[name] for name in HELPERS if name in names)
    return f"# convert.py: helpers for removed library APIs and authors' paths (see the report)\n{body}\n"


def helpers_called(source):
    """The helpers a (rewritten, valid Python) cell calls."""
    return {node.id for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Name) and node.id in HELPERS}


def prepend_code(notebook, text):
    """Put `text` at the top of the first non-empty code cell. Not a cell of its own: the report
    and Jupyter's output history (Out[n]) number the notebook's cells as Jupyter did."""
    cell = next((cell for cell in notebook.cells if cell.cell_type == "code" and cell.source.strip()), None)
    if cell is None:
        notebook.cells.append(nbformat.v4.new_code_cell(text))
    elif CELL_STARTS in cell.source:  # code put there before: the cell's own lines are marked already
        cell.source = f"{text}\n\n{cell.source}"
    else:
        cell.source = f"{text}\n\n{CELL_STARTS}\n{cell.source}"
    return notebook


def add_runtime_helpers(notebook):
    """Notebook pass: the definitions of the helpers the rewritten cells call, at the top of the
    first code cell (after every pass that reports, before those that add cells)."""
    names = set().union(*(helpers_called(cell.source) for cell in notebook.cells if cell.cell_type == "code"))
    if names:
        prepend_code(notebook, prelude(names))
    return notebook, []
