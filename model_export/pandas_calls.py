"""What the notebook did with pandas as it ran: the frames it read from files and the one-hot
columns `pd.get_dummies` made, so the export can rebuild an encoding from what happened rather than
from the frames left at the end.

A notebook often overwrites its raw frame with the encoded one (`data = pd.get_dummies(data,
columns=['BP'], drop_first=True)`): afterwards no frame holds `BP`, and the category drop_first left
without a column (the rows with every `BP_*` column at 0) cannot be told from the final state. Seen
at run time it can: the recorder (recorder.py) wraps `pandas.get_dummies` and pandas' file readers
when pandas is imported, and for each call the notebook's own code makes keeps
  - `Dummies`: every dummy column made, as (raw column, value); per raw column the values that got
    no column (drop_first's category) and whether it had gaps (rows of all zeros with dummy_na=False);
  - `FrameRead`: the distinct values of each text, category or boolean column of a frame read from a
    file (the categories as the data writes them), and the range of each number column.
Recording never changes what the notebook computes: a failure is counted and the call's result is
returned as it was. Standard library only (pandas objects are only read).
"""
import inspect
import sys

MAX_VALUES = 200  # a text column with more distinct values is an identifier or free text: not kept


class Dummies:
    """One `pd.get_dummies` call: `made` {dummy column: (raw column, value)}, `dropped` {raw column:
    [values with no column]}, `gaps` (raw columns with missing values, encoded as all zeros)."""

    __slots__ = ("line", "made", "dropped", "gaps")

    def __init__(self, line):
        self.line, self.made, self.dropped, self.gaps = line, {}, {}, set()


class FrameRead:
    """One frame read from a file: `values` {column: [distinct values as written]} for its text,
    category and boolean columns (at most MAX_VALUES values each); `ranges` {column: (min, max)} for
    its number columns."""

    __slots__ = ("line", "function", "values", "ranges")

    def __init__(self, line, function, values, ranges):
        self.line, self.function, self.values, self.ranges = line, function, values, ranges


def wrap(module, recording_of, patched):
    """Wrap `module.get_dummies` and its readers (module: pandas, as just imported) so that calls from
    the notebook's own code are recorded on `recording_of()`; (owner, name, original) go to `patched`."""
    targets = [("get_dummies", _record_dummies)]  # (the readers are reads.py's: frames_read below)
    for name, record in targets:
        original = getattr(module, name, None)
        if not callable(original) or getattr(original, "__pandas_calls__", False):
            continue  # (another recorder's wrapper is wrapped in turn: each records what it needs)
        setattr(module, name, _wrapped(original, record, recording_of))
        patched.append((module, name, original))


def _wrapped(original, record, recording_of):
    try:
        signature = inspect.signature(original)
    except (TypeError, ValueError):
        signature = None

    def observed(*args, **kwargs):
        result = original(*args, **kwargs)
        recording = recording_of()
        if recording is None or not recording.active:
            return result
        caller = sys._getframe(1)
        if caller.f_code.co_filename != recording.script or not recording.wants(caller):
            return result
        try:
            bound = signature.bind(*args, **kwargs) if signature is not None else None
            if bound is not None:
                bound.apply_defaults()
            record(recording, original.__name__, bound.arguments if bound is not None else {}, result,
                   caller.f_lineno)
        except Exception:
            recording.errors += 1
        return result

    observed.__observed__ = original
    observed.__pandas_calls__ = True
    observed.__name__ = original.__name__
    observed.__doc__ = original.__doc__
    observed.__signature__ = signature
    return observed


def _plain(value):
    """A numpy scalar as the Python value JSON writes."""
    item = getattr(value, "item", None)
    return item() if callable(item) and getattr(value, "ndim", None) == 0 else value


def _is_text(series):
    dtype = series.dtype
    return dtype.kind in "OUSb" or str(dtype) in ("category", "string", "str")


def frames_read(reads):
    """A FrameRead for each table the notebook read (reads.Read: the frames as read)."""
    found = []
    for read in reads:
        try:
            found.append(_frame_read(read.frame, read.how, read.line))
        except Exception:  # a frame of odd columns: nothing known from it
            continue
    return found


def _frame_read(result, function, line):
    values, ranges = {}, {}
    for column in result.columns:
        if not isinstance(column, str) or list(result.columns).count(column) != 1:
            continue
        series = result[column]
        if series.dtype.kind in "iuf":
            present = series.dropna()
            if len(present):
                ranges[column] = (float(present.min()), float(present.max()))
            continue
        if not _is_text(series):
            continue
        distinct = series.dropna().unique()
        if len(distinct) <= MAX_VALUES:
            values[column] = [_plain(v) for v in distinct.tolist()]
    return FrameRead(line, function, values, ranges)


def _encoded(data, arguments):
    """[(raw column name, Series, prefix or None)] that get_dummies encoded, as it chooses them."""
    prefix = arguments.get("prefix")
    if getattr(data, "ndim", 0) == 1:
        name = data.name if isinstance(data.name, str) else None
        return [(name, data, prefix if isinstance(prefix, str) else None)]
    columns = arguments.get("columns")
    if columns is None:
        columns = [c for c in data.columns if _is_text(data[c]) and data[c].dtype.kind != "b"]
    columns = list(columns)
    if isinstance(prefix, str):
        prefixes = [prefix] * len(columns)
    elif isinstance(prefix, dict):
        prefixes = [prefix.get(c, c) for c in columns]
    elif prefix is not None:
        prefixes = list(prefix)
    else:
        prefixes = list(columns)
    return [(c if isinstance(c, str) else None, data[c], p) for c, p in zip(columns, prefixes)]


def _record_dummies(recording, function, arguments, result, line):
    data = arguments.get("data")
    separators = arguments.get("prefix_sep", "_")
    made = set(getattr(result, "columns", []))
    call = Dummies(line)
    for position, (column, series, prefix) in enumerate(_encoded(data, arguments)):
        if column is None or getattr(series, "ndim", 0) != 1:
            continue
        separator = separators if isinstance(separators, str) else \
            separators.get(column, "_") if isinstance(separators, dict) else "_"
        dropped = []
        for value in series.dropna().unique().tolist():
            name = str(value) if prefix is None else f"{prefix}{separator}{value}"
            if name in made:
                call.made[name] = (column, _plain(value))
            else:
                dropped.append(_plain(value))
        call.dropped[column] = dropped
        if bool(series.isna().any()) and not arguments.get("dummy_na"):
            call.gaps.add(column)
    if call.made:
        recording.dummies.append(call)
