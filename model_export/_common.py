"""What every part of the export shares: its error, the shapes of notebook data, the notebook's own code.

The export reads a notebook's globals, where anything may sit (tables, Bunches, lists of rows,
modules with a `shape` attribute, odd objects): the helpers here turn such values into what the
other modules compare (rows, row counts, float matrices, JSON) and say None rather than raise
when a value is not what they want. The notebook's own code is read back from the generated
script up to APPENDIX_MARKER, the line the converter writes before the appended export.
"""
import ast
import math
import types
import warnings

import numpy

from contract import FIELDS

IRIS_FEATURES = list(FIELDS)  # the service's four request fields, in the canonical Iris order
APPENDIX_MARKER = "# --- model export (appended by convert.py from model_export/) ---"  # ends the notebook's code
PROLOGUE_MARKER = "# --- model export prologue (model_export/, bundled; its training recorder installed) ---"
PROLOGUE_END = "# --- end of the model export prologue: the notebook's code follows ---"
INJECTED_PREFIX = "_"


class ExportError(Exception):
    """A problem the notebook's author can fix; its message says how."""


def is_notebook_name(name):
    """Whether a global may hold the notebook's model or data. Every name the converter adds to the
    script starts with INJECTED_PREFIX (its helpers `_convert_*`, the appendix's `_NOTEBOOK_NAMESPACE`,
    Jupyter's history `_`, `_4`), as do private names by Python's convention: none is the model."""
    return not name.startswith(INJECTED_PREFIX)


def resolve_search(obj):
    """A fitted GridSearchCV-style object stands for its best estimator."""
    best = getattr(obj, "best_estimator_", None)
    return best if best is not None else obj


def notebook_source(script):
    """The generated script's text without the export's prologue and appendix: the header and the
    notebook's own code. The markers are whole lines (inside the bundled sources they are not)."""
    cut = script.find(f"\n{APPENDIX_MARKER}\n")
    script = script if cut < 0 else script[: cut + 1]
    start, end = script.find(f"\n{PROLOGUE_MARKER}\n"), script.find(f"\n{PROLOGUE_END}\n")
    return script if not 0 <= start < end else script[:start] + script[end + len(PROLOGUE_END) + 2:]


def notebook_syntax(path):
    """The top-level statements of the notebook's own code in the generated script, parsed, never
    run; [] when it cannot be read."""
    try:
        with open(path, encoding="utf-8") as handle:
            source = notebook_source(handle.read())
    except (TypeError, OSError, ValueError):
        return []
    try:
        return ast.parse(source).body
    except (SyntaxError, ValueError):
        return []


def shape_of(value):
    """The shape of an array-like as a tuple, else None. Not `getattr(value, "shape")` alone: a
    module (`np`), a class or a function can have a `shape` attribute that is no shape at all.
    A list of equal-length rows (`X = df[cols].values.tolist()`) is a table too."""
    if isinstance(value, (type, types.ModuleType)):
        return None
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], (list, tuple)):
        widths = {len(row) if isinstance(row, (list, tuple)) else None for row in value}
        return (len(value), widths.pop()) if len(widths) == 1 and None not in widths else None
    shape = getattr(value, "shape", None)
    return shape if isinstance(shape, tuple) else None


def n_rows(data):
    """Number of samples in an array-like (array, Series, DataFrame, list), or None."""
    shape = shape_of(data)
    if shape:
        return shape[0]
    return len(data) if isinstance(data, (list, tuple)) else None


def as_matrix(data):
    """A 2-D float array of a table's values, or None when they are not all numbers."""
    try:
        matrix = numpy.asarray(data, dtype=float)
    except (TypeError, ValueError):
        return None
    return matrix if matrix.ndim == 2 else None


def numeric_frame(value):
    """The numeric columns of a DataFrame, or None for anything else."""
    if not callable(getattr(value, "select_dtypes", None)) or getattr(value, "ndim", 0) != 2:
        return None
    return value.select_dtypes("number")


def agreement(model, data, labels):
    """Share of `data` rows on which the model predicts the notebook's label; 0.0 when `labels` are
    not one label per row (a sparse matrix, a table of another shape, left under a y-like name)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        predicted = numpy.ravel(model.predict(data))
        expected = numpy.ravel(numpy.asarray(labels))
    return float(numpy.mean(predicted == expected)) if predicted.shape == expected.shape else 0.0


def predictions(model, rows, which):
    """model.predict(rows) as an array; an ExportError when the model cannot take the notebook's
    `which` rows (a table re-bound since the fit: NaN in it, other columns, ...)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return numpy.asarray(model.predict(rows))
    except Exception as error:  # whatever the estimator raises on rows it cannot take
        raise ExportError(
            f"the model cannot predict the notebook's {which} rows ({type(error).__name__}: {str(error)[:160]}): "
            "they are not rows like the ones it was fitted on (re-bound since?). Keep the tables the model was "
            "fitted and tested on under their own names (X_train, X_test), or name the model with --model-var."
        ) from None


def json_safe(value):
    """Turn parameters into JSON: plain values stay, containers recurse, anything else
    (estimators, functions, NaN/inf which JSON cannot hold) becomes its repr."""
    if isinstance(value, numpy.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    return repr(value)


def is_code(value):
    """An integer class code (numpy or Python), not a bool."""
    return isinstance(value, (int, numpy.integer)) and not isinstance(value, bool)


def plain(value):
    """A numpy scalar as the Python value JSON writes."""
    return value.item() if isinstance(value, numpy.generic) else value


def is_missing(value):
    return value is None or (isinstance(value, float) and math.isnan(value))


def as_written(value):
    """A value as the data writes it: a numpy scalar as the Python value, None for a gap (None, NaN)."""
    return None if is_missing(value) else plain(value)


def column_at(column, index):
    """`column`'s values (as_written) at the index labels `index`, in that order; None when its index
    cannot tell (a label it lacks, a label it repeats, no labels)."""
    if index is None or not len(index) or not column.index.is_unique or not index.isin(column.index).all():
        return None
    return [as_written(v) for v in column.loc[index].tolist()]
