"""A column filled where it has gaps is still the raw column.

`df['Age'] = df[['Age', 'Pclass']].apply(impute_age, axis=1)` reads Pclass, yet it only fills the
ages the data lacks (by class) and keeps every age the data has. Served, the users give the age
they know, the model gets it as the notebook's model got it, and nothing is asked that they do not
have. A function applied along rows is not read for its meaning: it is run again, on the frame as
the notebook left it (every age filled), and must give back each row's own value. A ratio or a
sum does not, and still stops the build (evidence.Evidence.check_not_computed).

`as_read` observes the same at run time, for fills the service can repeat: an input's training
values (read back through the encoding) are a file's column, as the notebook read it, at the same
rows (their index labels), but for its gaps, all filled with one value (`df['Age'].fillna(mean)`;
`df['Embarked'].fillna('S')`; the 0s of a glucose level made gaps first, `.replace(0, np.nan)`) or
with one value per value of another input in the row (the Titanic's ages by class). The service
then takes the raw column, `null` (or that 0) included, and fills it as the notebook did (the
input's `fill`, ml_app/fills.py). A column equal to the file's at those rows is the raw column
whatever the code around it looks like (`x['Age'].replace(np.nan, mean)` on data without gaps).
"""
import ast
import types
import warnings

import numpy

from ._common import column_at
from .gap_marks import as_numbers

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
    """An input whose training values are a read file's column at the same rows but for its gaps:
    `fill`, model.json's input `fill` ({"value"} or {"by", "values"}, with "gaps") or None when it
    had no gap the notebook filled."""

    def __init__(self, fill=None):
        self.fill = fill


def as_read(name, values, index, reads, others=()):
    """AsRead when `values` (an input's raw values at the model's training rows, as the service
    takes them: None for a gap; `index` their index labels in the data) are column `name` of a file
    the notebook read (reads.py's frames, as read) at the same labels, equal in every row but its
    gaps (null, or a GAP_NUMBERS value in every row it appears in), those all filled with one value,
    or with one value per value of another input of `others` in that row (the Titanic's ages by
    class); None when no read frame shows that (a column computed or transformed, rows re-indexed,
    a model fitted on arrays, gaps filled row by row)."""
    if index is None or len(index) != len(values) or not len(values):
        return None
    for read in reversed(reads):
        frame = read.frame
        column = frame.get(name) if hasattr(frame, "get") else None
        raw = None if column is None or getattr(column, "ndim", 1) != 1 else column_at(column, index)
        if raw is None:
            continue
        found = _filled(as_numbers(raw, list(values)), list(values),
                        lambda: {other: column_at(frame[other], index) for other in others
                                 if other != name and other in frame and frame[other].ndim == 1})
        if found is not None:
            return found
    return None


def _filled(raw, values, others):
    """AsRead of `values` made from `raw` row by row, else None; `others()` gives the other inputs'
    file values at the same rows, read only when the gaps were not all filled with one value."""
    changed = [r != v for r, v in zip(raw, values)]  # a gap kept a gap is unchanged
    if not any(changed):
        return AsRead()
    if all(changed):
        return None
    gaps = {r for r, c in zip(raw, changed) if c and r is not None}
    if not all(type(g) in (int, float) and g in GAP_NUMBERS for g in gaps) \
            or any(r in gaps for r, c in zip(raw, changed) if not c):  # a 0 kept as 0 is a value, not a gap
        return None
    fills = [v for v, c in zip(values, changed) if c]
    if any(f is None for f in fills):
        return None
    gaps = sorted(float(g) for g in gaps)
    if len(set(fills)) == 1:
        return AsRead({"value": fills[0], "gaps": gaps})
    by = _fill_by([i for i, c in enumerate(changed) if c], fills, others())
    return None if by is None else AsRead({**by, "gaps": gaps})


#: A gap filled by another input's value: that input has at most this many values in all (a class,
#: a sex, a port: a measurement whose values all differ would "tell" any fills row by row).
MAX_BY_VALUES = 20


def _fill_by(rows, fills, others):
    """{"by": input, "values": [[its value, fill], ...]} for the other input whose value in each gap's
    row tells the fill (one fill per value; the fewest values wins), else None. `others`: {input: its
    values as written, row by row (None: not comparable)}."""
    tables = []
    for name, column in others.items():
        if column is None or len(set(column)) > MAX_BY_VALUES:
            continue
        table = {}
        for row, fill in zip(rows, fills):
            key = column[row]
            if key is None or table.setdefault(key, fill) != fill:
                break
        else:
            tables.append((len(table), str(name), table))
    if not tables:
        return None
    _, name, table = min(tables)
    return {"by": name, "values": [[key, fill] for key, fill in sorted(table.items(), key=lambda item: str(item[0]))]}


def filled(fill, value, row):
    """The raw value the service takes for `value` of an input with `fill` (model.json's), in a row
    of raw values ({input: value}): a gap (None, or one of its "gaps") becomes the fill; None when
    the fill is by another input whose value it has no fill for."""
    if fill is None or not (value is None or value in fill.get("gaps", ())):
        return value
    if "value" in fill:
        return fill["value"]
    key = row.get(fill["by"])
    return next((v for k, v in fill["values"] if k == key), None)
