"""A column filled where it has gaps is still the raw column.

`df['Age'] = df[['Age', 'Pclass']].apply(impute_age, axis=1)` reads Pclass, yet it only fills the
ages the data lacks (by class) and keeps every age the data has. Served, the users give the age
they know, the model gets it as the notebook's model got it, and nothing is asked that they do not
have. A function applied along rows is not read for its meaning: it is run again, on the frame as
the notebook left it (every age filled), and must give back each row's own value. A ratio or a
sum does not, and still stops the build (inputs.Evidence.check_not_computed).

`as_read` observes the same at run time for one value: the model's training column is a file's
column, as the notebook read it, at the same rows (their index labels), but for its gaps, all filled
with one value (`df['Age'].fillna(df['Age'].mean())`; the 0s of a glucose level made gaps first,
`.replace(0, np.nan)`). The service then takes the raw column, `null` (or that 0) included, and
fills it as the notebook did (encoding `"fill"`, `"gaps"`). A column equal to the file's at those
rows is the raw column whatever the code around it looks like (`x['Age'].replace(np.nan, mean)`
on data without gaps).
"""
import ast
import types
import warnings

import numpy

#: The one number a notebook may turn into a gap before filling it (a glucose level, a blood
#: pressure of 0: not measured). Any other value replaced in every row it appears in (a cap on an
#: outlier) is data edited, not a gap filled, and stays the build's stop.
GAP_NUMBERS = (0.0,)


def _row_apply(value):
    """(frame name, the columns it selects, the function node) of `frame[[...]].apply(f, axis=1)`, else None."""
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "apply"
            and len(value.args) == 1 and any(k.arg == "axis" and isinstance(k.value, ast.Constant)
                                             and k.value.value in (1, "columns") for k in value.keywords)):
        return None
    selection = value.func.value
    if not (isinstance(selection, ast.Subscript) and isinstance(selection.value, ast.Name)
            and isinstance(selection.slice, ast.List)):
        return None
    columns = [e.value for e in selection.slice.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    if len(columns) != len(selection.slice.elts):
        return None
    return selection.value.id, columns, value.args[0]


def only_fills_gaps(assignment, namespace):
    """Whether the assignment of `assignment.column` is a row function of its frame's columns (the
    column among them) that returns each row's own value wherever there is one: run again on the
    notebook's frame, it gives back the column as it is."""
    found = _row_apply(assignment.value)
    if found is None or assignment.column not in found[1]:
        return False
    frame_name, columns, function = found
    frame = namespace.get(frame_name)
    if not callable(getattr(frame, "apply", None)) or assignment.column not in getattr(frame, "columns", ()):
        return False
    if isinstance(function, ast.Name):
        apply = namespace.get(function.id)
        if not isinstance(apply, types.FunctionType):  # the notebook's own function, not a library's
            return False
    elif not isinstance(function, ast.Lambda):
        return False
    else:
        apply = eval(compile(ast.Expression(function), "<notebook>", "eval"), dict(namespace))  # noqa: S307
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            again = numpy.asarray(frame[columns].apply(apply, axis=1), dtype=float)
            kept = numpy.asarray(frame[assignment.column], dtype=float)
    except Exception:  # a function that cannot run again on the frame proves nothing
        return False
    present = ~numpy.isnan(kept)
    return bool(present.any()) and numpy.array_equal(again[present], kept[present])


class AsRead:
    """A model feature that is a read file's column at the same rows: `fill`, the one value its gaps
    became (None: it had none), and `gaps`, the numbers that stood for a gap (GAP_NUMBERS)."""

    def __init__(self, fill=None, gaps=()):
        self.fill, self.gaps = fill, list(gaps)


def as_read(feature, column, reads):
    """AsRead when the model's training column `column` (a Series, indexed as the data) is `feature`
    of a file the notebook read (reads.py's frames, as read) at the same index labels, equal in every
    row but the gaps it had, all filled with one value; None when no read frame shows that (a column
    computed or transformed, rows re-indexed, a model fitted on arrays)."""
    index = getattr(column, "index", None)
    if index is None or not len(index):
        return None
    try:
        trained = numpy.asarray(column, dtype=float)
    except (TypeError, ValueError):
        return None
    if numpy.isnan(trained).any():  # the model's own pipeline takes the gaps
        return None
    for read in reversed(reads):
        raw = read.frame.get(feature) if hasattr(read.frame, "get") else None
        if raw is None or getattr(raw, "ndim", 1) != 1 or raw.dtype.kind not in "iuf" \
                or not raw.index.is_unique or not index.isin(raw.index).all():
            continue
        found = _filled(numpy.asarray(raw.loc[index], dtype=float), trained)
        if found is not None:
            return found
    return None


def _filled(raw, trained):
    """AsRead of `trained` made from `raw` row by row, else None."""
    changed = ~(raw == trained)  # a gap (NaN) is changed
    if not changed.any():
        return AsRead()
    if changed.all():
        return None
    fills = numpy.unique(trained[changed])
    numbers = numpy.unique(raw[changed & ~numpy.isnan(raw)])
    if len(fills) != 1 or not set(numbers.tolist()) <= set(GAP_NUMBERS) \
            or numpy.isin(raw[~changed], numbers).any():  # a 0 kept as 0 is a value, not a gap
        return None
    return AsRead(float(fills[0]), numbers.tolist())
