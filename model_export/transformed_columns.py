"""Columns the model learnt as a transformer outside it made them: the service would speak other units.

A notebook may scale columns of its frame in place before it splits them
(`df[['age', 'bmi', 'charges']] = scaler.fit_transform(df[['age', 'bmi', 'charges']])`), or
transform its target (`y = pt.fit_transform(df[['charges']])`). The model then learns those
units: fed the data's raw values, it answers wrongly, and a regressor answers in the
transformed units (0.38 where the charges are 16884.92). The recorder saw the transformer's
call, with the raw columns it took and the rows it gave; a column of the model's fit (its
target, or a named feature) whose values are all among one output column of such a call, while
that call's input column held other values, was made by it. Those calls the export already folds
into the model (its training rows' lineage: `X_train = sc.fit_transform(X_train)`, also rows or
named columns taken from such an output: candidates.raw_lineage) are not outside it.

`check_target_units` and `check_feature_units` stop the build, naming the cell of the
transformer's call and saying what to change, rather than serve silently wrong answers.
"""
import collections

import numpy

from ._common import ExportError
from .candidates import raw_lineage
from .target_functions import check_target_function

PRODUCING = ("fit_transform", "transform")


def _values(data):
    """A recorded Data's value as a float matrix (a 1-D one as one column), or None."""
    value = None if data is None else data.current()
    if value is None:
        return None
    try:
        matrix = numpy.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    if matrix.ndim == 1:
        matrix = matrix.reshape(-1, 1)
    return matrix if matrix.ndim == 2 else None


def _names(data):
    columns = getattr(None if data is None else data.current(), "columns", None)
    return None if columns is None else [str(c) for c in columns]


def _within(values, column):
    """Every one of `values` is among `column`'s, counted (a split takes each row once)."""
    have = collections.Counter(column.tolist())
    need = collections.Counter(values.tolist())
    return all(have[value] >= count for value, count in need.items())


def made_by(recording, values, before, outside=(), name=None):
    """(event, position) of the last recorded transform call before seq `before` one of whose output
    columns holds every one of `values` (a 1-D float array) while its input column there held other
    values; None. Calls in `outside` (the seqs of the model's own lineage) are skipped. `name`: the
    column's name, when known; a call given named columns then counts only by the column of that
    name (a 0/1 feature is among any min-max-scaled column's values, whatever the column)."""
    if recording is None or values is None or not len(values) or numpy.isnan(values).any():
        return None
    for event in reversed(recording.events_before(before)):
        if event.method not in PRODUCING or event.seq in outside:
            continue
        given, made = _values(event.X), _values(event.out)
        if given is None or made is None or given.shape != made.shape:
            continue
        names = _names(event.X) if name is not None else None
        for position in range(made.shape[1]) if names is None else [i for i, n in enumerate(names) if n == name]:
            column, raw = made[:, position], given[:, position]
            if not numpy.array_equal(column, raw, equal_nan=True) and _within(values, column) \
                    and not _within(values, raw):
                return event, position
    return None


def _said(event, recording):
    """'`scaler` (MinMaxScaler) in cell 14 line 2'."""
    return f"`{event.name}` ({type(event.estimator).__name__}) in {recording.where(event.line)}"


def check_target_units(recording, fit):
    """Stop when the regressor's target is not the data's own column but a recorded transformer's
    output (scaled, power-transformed): the service would answer in those units."""
    if fit is None or fit.y is None:
        return
    target = _values(fit.y)
    if target is None or target.shape[1] != 1:
        return
    found = made_by(recording, target[:, 0], fit.seq)
    if found is None:
        _check_target_as_read(recording, fit, target[:, 0])
        check_target_function(recording, target[:, 0])
        return
    event, position = found
    kind = type(event.estimator).__name__
    names = _names(event.X)
    target = f"its target {names[position]!r}" if names else "its target"
    raise ExportError(
        f"the model learnt {target} as {_said(event, recording)} transformed it, not as the data holds it: the "
        f"service would answer in {kind}'s units, not the data's. Fit the model on the raw target inside "
        f"sklearn.compose.TransformedTargetRegressor(regressor=..., transformer={kind}()), which answers in "
        "the data's units.")


def _check_target_as_read(recording, fit, target):
    """Stop when the target is named after a number column of a file the notebook read (reads.py)
    but most of its values are not that column's: computed outside any transformer the recorder
    sees (`y = np.log(df['price'])`, a Series that keeps its name), so the model learnt other units.
    A few values off (gaps filled) are not counted: fewer than half of the distinct values found."""
    name = getattr(fit.y.current(), "name", None)
    if name is None:
        return
    for read in reversed(getattr(recording, "reads", None) or []):
        column = read.frame.get(name) if hasattr(read.frame, "get") else None
        if column is None or getattr(column, "ndim", 1) != 1 or column.dtype.kind not in "iuf":
            continue
        have = set(numpy.asarray(column.dropna(), dtype=float).tolist())
        distinct = set(target[~numpy.isnan(target)].tolist())
        if not distinct or 2 * len(distinct & have) >= len(distinct):
            return
        raise ExportError(
            f"the model learnt its target {name!r} in other units than {read.file} holds it (its training labels "
            f"span {min(distinct):.4g} to {max(distinct):.4g}, the file's {name!r} {min(have):.4g} to "
            f"{max(have):.4g}: computed outside the model, e.g. np.log): the service would answer in those units. "
            "Fit the model on the raw target inside sklearn.compose.TransformedTargetRegressor(regressor=..., "
            "func=np.log, inverse_func=np.exp) (or the transformer= you used), which answers in the data's units.")


def check_feature_units(recording, fit):
    """Stop when a named feature of the model's rows is a recorded transformer's output column made in
    place outside the model (`df[cols] = scaler.fit_transform(df[cols])`): the service would feed the
    model the raw values where it learnt the scaled ones."""
    if fit is None or fit.X is None:
        return
    names, rows = _names(fit.X), _values(fit.X)
    if names is None or rows is None:
        return
    steps, _ = raw_lineage(recording, fit.X, fit.seq)  # also a split or a column slice of a scaler's output
    lineage = {event.seq for event in recording.lineage(fit)} | {made.seq for _, made in steps}
    for position, name in enumerate(names):
        found = made_by(recording, rows[:, position], fit.seq, lineage, name)
        if found is None:
            continue
        event, _ = found
        kind = type(event.estimator).__name__
        raise ExportError(
            f"the model's feature {name!r} was transformed by {_said(event, recording)}, outside the model: the service "
            f"would feed the model the raw {name!r} where it learnt the transformed one. Put the {kind} in a "
            "Pipeline with the model (e.g. make_pipeline(ColumnTransformer(...), model)) fitted on the raw "
            "columns.")
