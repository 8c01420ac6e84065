"""The code tables a notebook's pandas calls apply to its columns, seen as they run, and the text
columns of the files it reads.

A notebook turns text into numbers in ways its code does not spell out: a `.map({'yes': 1, 'no': 0})`
inside `for col in cols:`, a frame-wide `.replace({'yes': 1, 'no': 0})`, `df.apply(LabelEncoder().
fit_transform)`, a lambda given to `.apply`. Whatever the code, the call's input and output show the
table: which number each text value became. recorder.py has this module wrap pandas' `Series.map`,
`replace`, `apply` and `DataFrame.map`, `replace`, `apply` once the notebook imports pandas; a call
from the notebook's own code that turns a text column into numbers, one number per text value, is
kept on the Recording as a `Recoded` (column, {value: code}, script line); so is an assignment
that writes numbers over a text column (`df[col] = np.where(df[col] == 'yes', 1, 0)`), its table
read row by row from the text before and the numbers after. The tables the
notebook read (reads.py wraps `pd.read_csv`, ...) give the text columns of the files the notebook read (`Read`) are
the data as written, so that a column encoded in a way no call shows stops the build (inputs.py)
instead of asking the service's users for codes they do not have.

Observing never changes what the notebook computes: the call runs as it would, and a failure while
looking at its result is counted in `Recording.errors`. Standard library only at import; pandas is
the notebook's own (the wrappers exist once it imported pandas).
"""
import functools
import sys

SERIES_METHODS = ("map", "replace", "apply")
FRAME_METHODS = ("map", "replace", "apply")
MAX_VALUES = 1000  # distinct text values kept per column (more is free text; inputs.py stops past MAX_CATEGORIES)


class Recoded:
    """A notebook call that turned text column `column` into numbers: `table` {value: code} when each
    text value became one number, else None (`why` says what it did instead); `seq`: the recorder's
    clock then (the seq of the next estimator call), to order it among the recorded events."""

    __slots__ = ("column", "table", "line", "how", "why", "seq", "made")

    def __init__(self, column, table, line, how, why=None, seq=0, made=None):
        self.column, self.table, self.line, self.how, self.why, self.seq = column, table, line, how, why, seq
        self.made = made  # the numbers it made (a Series on the column's index), for tables_that_made

    def __repr__(self):
        return f"Recoded({self.column!r}, {self.table!r}, line {self.line}, {self.how})"


class Relabelled:
    """A notebook call that gave text column `column` other text values: `table` {value before:
    value after}, one value after per value before (several may become one: `.replace(['HS-grad',
    '11th'], 'Other')`, or one another name: `.map({'M': 'Male', ...})`); `before`: the column as
    it was (its index labels tell which row held which raw value); `seq` as for Recoded. The export
    (relabelled.py) serves the raw values through such tables when an encoder came after."""

    __slots__ = ("column", "table", "line", "how", "seq", "before")

    def __init__(self, column, table, line, how, seq, before):
        self.column, self.table, self.line, self.how, self.seq, self.before = column, table, line, how, seq, before

    def __repr__(self):
        return f"Relabelled({self.column!r}, {self.table!r}, line {self.line}, {self.how})"


class Read:
    """A frame the notebook read from a file: {column: its distinct text values} for its text columns."""

    __slots__ = ("line", "how", "text")

    def __init__(self, line, how, text):
        self.line, self.how, self.text = line, how, text


def patch(pandas, current):
    """Wrap pandas' recoding methods and readers (`current()` gives the active Recording or None);
    returns [(owner, attribute, original)] to undo."""
    patched = []
    for cls, names in ((pandas.Series, SERIES_METHODS), (pandas.DataFrame, FRAME_METHODS)):
        for name in names:  # wrapped where defined: `replace` is NDFrame's, for both
            owner = next((c for c in cls.__mro__ if name in c.__dict__), None)
            original = None if owner is None else owner.__dict__[name]
            if callable(original) and getattr(original, "__observed__", None) is None:
                setattr(owner, name, _wrapped(original, f".{name}", current))
                patched.append((owner, name, original))
    original = pandas.DataFrame.__dict__.get("__setitem__")
    if callable(original) and getattr(original, "__observed__", None) is None:
        setattr(pandas.DataFrame, "__setitem__", _wrapped_setitem(original, current))
        patched.append((pandas.DataFrame, "__setitem__", original))
    indexer = getattr(getattr(getattr(pandas, "core", None), "indexing", None), "_LocIndexer", None)
    owner = next((c for c in getattr(indexer, "__mro__", ()) if "__setitem__" in c.__dict__), None)
    original = None if owner is None else owner.__dict__["__setitem__"]
    if callable(original) and getattr(original, "__observed__", None) is None:
        setattr(owner, "__setitem__", _wrapped_loc_setitem(original, current))
        patched.append((owner, "__setitem__", original))
    return patched


def _notebook_caller(current):
    """(recording, caller frame) when the call comes from the notebook's own code, else (None, None)."""
    recording = current()
    if recording is None or not recording.active:
        return None, None
    caller = sys._getframe(2)
    if caller.f_code.co_filename != recording.script or not recording.wants(caller):
        return None, None
    return recording, caller


def _watched(original, current, before, after):
    """`original` (a method) watched on the notebook's own calls: `before(recording, self, *args,
    **kwargs)` takes what to compare ahead of the call (None: nothing to watch), `after(recording, line,
    self, result, taken, *args, **kwargs)` records what the call made of it."""

    @functools.wraps(original)
    def observed(self, *args, **kwargs):
        recording, caller = _notebook_caller(current)
        taken = None
        if recording is not None:
            try:
                taken = before(recording, self, *args, **kwargs)
            except Exception:
                recording.errors += 1
        result = original(self, *args, **kwargs)
        if taken:
            try:
                after(recording, caller.f_lineno, self, result, taken, *args, **kwargs)
            except Exception:
                recording.errors += 1
        return result

    observed.__observed__ = original
    return observed


def _wrapped(original, how, current):
    """`original` (a Series or DataFrame method) with the text columns it turns into numbers recorded."""

    def before(recording, data, *args, **kwargs):
        return _text_columns(data, copy=bool(kwargs.get("inplace")))

    def after(recording, line, data, result, taken, *args, **kwargs):
        made = data if result is None and kwargs.get("inplace") else result
        recording.recoded.extend(_recoded(taken, made, line, how, recording.clock))
        recording.relabelled.extend(_relabelled(taken, made, line, how, recording.clock))

    return _watched(original, current, before, after)


def _wrapped_setitem(original, current):
    """DataFrame.__setitem__ with numbers written over a text column recorded: `df[col] = np.where(
    df[col] == 'yes', 1, 0)`, `df[col] = df[col].astype('category').cat.codes` show their table only
    row by row, the column's text before against its numbers after."""

    def before(recording, frame, key, value):
        columns = frame.columns
        if isinstance(key, str) and columns.is_unique and key in columns and _is_text(frame[key]):
            return {key: frame[key]}
        return None

    def after(recording, line, frame, result, taken, key, value):
        recording.recoded.extend(_recoded(taken, frame, line, "an assignment", recording.clock, recurring=True))

    return _watched(original, current, before, after)


def _wrapped_loc_setitem(original, current):
    """`.loc.__setitem__` with a text column coded by partial writes recorded: `df.loc[df.sex == 'male',
    'sex'] = 0`, then `... 'female', 'sex'] = 1`. The column's text is kept at its first such write;
    once the writes leave it all numbers, the table is read row by row as for an assignment."""

    def before(recording, indexer, key, value):
        frame = getattr(indexer, "obj", None)
        column = key[-1] if isinstance(key, tuple) and len(key) == 2 and getattr(indexer, "name", None) == "loc" else None
        columns = getattr(frame, "columns", None)
        if not isinstance(column, str) or getattr(frame, "ndim", None) != 2 or not columns.is_unique \
                or column not in columns:
            return None
        pending = recording.partial.get((id(frame), column))
        if pending is None or pending[0] is not frame:
            if not _is_text(frame[column]):
                return None
            recording.partial[(id(frame), column)] = (frame, frame[column].copy())
        return frame, column

    def after(recording, line, indexer, result, taken, key, value):
        frame, column = taken
        found = _recoded({column: recording.partial[(id(frame), column)][1]}, frame, line, ".loc writes",
                         recording.clock, recurring=True)
        if found and found[0].table is not None:
            del recording.partial[(id(frame), column)]
        recording.recoded.extend(found)

    return _watched(original, current, before, after)


def tables_that_made(recoded, values):
    """The {value: code} tables of the `recoded` calls whose numbers are `values` row for row at
    their index labels: the labels' own coding when the notebook copied the coded column under
    another name (`df['Income_1'] = df['Income']` after `df['Income'].map({...})`)."""
    import numpy
    index = getattr(values, "index", None)
    found = []
    for seen in recoded if index is not None and len(index) else ():
        made = getattr(seen, "made", None)
        if seen.table is None or made is None or not made.index.is_unique or not index.isin(made.index).all():
            continue
        try:
            same = numpy.array_equal(made.loc[index].to_numpy(dtype=float), numpy.asarray(values, dtype=float))
        except (TypeError, ValueError):
            continue
        if same and seen.table not in found:
            found.append(seen.table)
    return found


def texts_read(reads):
    """A `Read` (its text columns' distinct values) for each table the notebook read (reads.Read:
    the one wrapper of pandas' readers keeps the frames as read)."""
    found = []
    for read in reads:
        try:
            text = {column: _distinct(series) for column, series in _text_columns(read.frame, copy=False).items()}
        except Exception:  # a frame of odd columns: no text known from it
            continue
        found.append(Read(read.line, read.how, text))
    return found


def _is_text(series):
    """A column of text: strings (gaps allowed) or a categorical of strings; not numbers, not booleans."""
    from pandas.api.types import infer_dtype
    if str(series.dtype) == "category":
        return infer_dtype(series.cat.categories, skipna=True) == "string"
    return (series.dtype.kind in "OUS" or str(series.dtype) in ("string", "str")) \
        and infer_dtype(series, skipna=True) == "string"


def _text_columns(data, copy):
    """{column name: Series} of `data`'s text columns (a Series: itself when named); copies when the
    call is about to change them in place."""
    if getattr(data, "ndim", None) == 1:
        named = isinstance(getattr(data, "name", None), str) and _is_text(data)
        return {data.name: data.copy() if copy else data} if named else {}
    columns = getattr(data, "columns", None)
    if getattr(data, "ndim", None) != 2 or columns is None or not columns.is_unique:
        return {}
    found = {}
    for column in columns:
        if isinstance(column, str) and _is_text(data[column]):
            found[column] = data[column].copy() if copy else data[column]
    return found


def _recoded(before, after, line, how, seq, recurring=False):
    """A Recoded for each text column of `before` that `after` holds as numbers (`recurring`: see _table)."""
    found = []
    for column, raw in before.items():
        coded = _coded_column(column, raw, before, after)
        numbers = None if coded is None else _numbers(coded)
        if numbers is None or len(numbers) != len(raw) or not numbers.index.equals(raw.index):
            continue
        table, why = _table(raw, numbers, recurring)
        if table is not None or why is not None:
            found.append(Recoded(column, table, line, how, why, seq, numbers))
    return found


def _coded_column(column, raw, before, after):
    """`after`'s column made from `before`'s `column` (`raw`), or None."""
    if getattr(after, "ndim", None) == 1:  # a Series' own result (a frame's row-wise apply is not a coding of one column)
        return after if len(before) == 1 and raw.name == getattr(after, "name", None) else None
    columns = getattr(after, "columns", None)
    return after[column] if columns is not None and columns.is_unique and column in columns else None


def _relabelled(before, after, line, how, seq):
    """A Relabelled for each text column of `before` that `after` holds as text with some values
    changed, one value after for each value before (gaps on either side left out)."""
    import pandas
    found = []
    for column, raw in before.items():
        made = _coded_column(column, raw, before, after)
        if made is None or len(made) != len(raw) or not made.index.equals(raw.index) or not _is_text(made):
            continue
        kept = raw.notna() & made.notna()
        pairs = pandas.DataFrame({"value": raw[kept].astype(object), "made": made[kept].astype(object)}).drop_duplicates()
        if not len(pairs) or len(pairs) > MAX_VALUES or pairs["value"].duplicated().any() \
                or bool((pairs["value"] == pairs["made"]).all()):
            continue
        table = {_plain(v): _plain(m) for v, m in zip(pairs["value"].tolist(), pairs["made"].tolist())}
        found.append(Relabelled(column, table, line, how, seq, raw))
    return found


def _numbers(series):
    """The series as floats when it holds only numbers (or booleans) besides gaps, else None."""
    if series.dtype.kind in "iufb":
        return series.astype(float)
    if series.dtype.kind != "O":
        return None
    present = series.dropna().tolist()
    if not present or not all(isinstance(v, (int, float)) or type(v).__module__ == "numpy" and
                              hasattr(v, "dtype") and v.dtype.kind in "iufb" for v in present):
        return None
    return series.astype(float)


def _table(raw, numbers, recurring=False):
    """({value: code}, None) when each text value of `raw` became one number; (None, why) when the
    call coded the column otherwise; (None, None) when it is not a coding at all (nothing coded).
    `recurring`: the numbers came from an expression the export cannot see (an assignment), so one
    number per value is evidence of a code only where values recur: a value seen on one row maps to
    one number whatever computed it."""
    import pandas
    kept = raw.notna() & numbers.notna()
    if not kept.any():
        return None, None
    pairs = pandas.DataFrame({"value": raw[kept].astype(object), "code": numbers[kept]}).drop_duplicates()
    if len(pairs) > MAX_VALUES:
        return None, f"more than {MAX_VALUES} distinct values"
    if pairs["value"].duplicated().any():
        return None, "the same text became different numbers"
    if recurring and raw[kept].astype(object).value_counts().min() < 2:
        return None, "some values are on one row only, so its numbers need not be a code of the text"
    return {_plain(v): _code(c) for v, c in zip(pairs["value"].tolist(), pairs["code"].tolist())}, None


def _plain(value):
    return value.item() if hasattr(value, "item") and type(value).__module__ == "numpy" else value


def _code(number):
    number = float(number)
    return int(number) if number.is_integer() else number


def _distinct(series):
    """The distinct text values of a column, at most MAX_VALUES + 1 of them."""
    return [_plain(v) for v in series.dropna().unique()[:MAX_VALUES + 1].tolist()]
