"""What the notebook shows about its columns, for the input contract (inputs.py) to trace each model
feature to a raw field: its frames' columns, the assignments and code tables of its code
(source.py), the code tables the recorder saw applied (encoders, recoding.py's pandas calls), its
get_dummies calls and the files it read (pandas_calls.py, reads.py). `Evidence` holds them and
answers the questions inputs.py asks: which table coded a column, whether the data names a column
so itself, whether a column is the file's as read (gap_fill.as_read), and stops the build where a
column was computed (`check_not_computed`) or coded by no table the build can read (`check_traced`).
"""
import ast
import re

import numpy

from ._common import ExportError, is_missing, plain
from .gap_fill import as_read, only_fills_gaps
from .source import assignments, code_tables, notebook_nodes


class Evidence:
    """What the notebook shows about its columns: its frames' columns, the assignments and code
    tables of its code, the encoders the recorder saw; `where(line)` names a cell."""

    def __init__(self, namespace, recording):
        self.namespace = namespace
        self.recording = recording
        path = getattr(recording, "script", None) or namespace.get("__file__")
        nodes = notebook_nodes(path)
        self.frames = [v for n, v in namespace.items() if not n.startswith("_") and not isinstance(v, type)
                       and callable(getattr(v, "select_dtypes", None)) and getattr(v, "ndim", 0) == 2]
        self.columns = _frame_columns(namespace)
        self.assigned = assignments(nodes)
        self.codings = _recorded_codings(recording)
        self.source_tables = code_tables(nodes, namespace)
        last = {column: [c.table for c in seen if c.table is not None] for column, seen in self.codings.items()}
        self.tables = {**self.source_tables, **{column: tables[-1] for column, tables in last.items() if tables}}
        self.read = [] if recording is None else list(getattr(recording, "read", []))
        self.dummies, self.dropped, self.gaps = _recorded_dummies(recording)
        self.read_values = _read_values(recording)
        self.reads = list(getattr(recording, "reads", None) or [])

    def where(self, line):
        return self.recording.where(line) if self.recording is not None else f"line {line} of the script"

    def raw_values(self, column):
        """The values a notebook frame holds in `column` as text or categories (raw data), or None."""
        for series in self.columns.get(column, []):
            if series.dtype.kind == "b" or holds_text(series):
                return series
        return None

    def code_of(self, feature, column):
        """{value: code} of the table that made model feature `feature` (its training values `column`)
        from text: the tables the recorder saw applied to that column whose codes hold every value
        the model saw, merged; else a literal table of the code. None when there is none. Stops the
        build when two of them disagree: which one made the training rows cannot be told."""
        values = set(numpy.unique(column.dropna()).tolist())
        table = self.recorded_table(feature, values, f"the model's feature {feature!r}")
        if table is None:
            table = self.source_tables.get(feature)
            return table if table is not None and values <= set(table.values()) else None
        return table

    def encoder_position(self, feature, column):
        """(raw column, category) when model feature `feature` is `<column>_<i>`, the i-th output column
        of a OneHotEncoder the recorder saw fitted on one column and no drop, named by position
        (`pd.DataFrame(enc.fit_transform(df[['Sex']].values).toarray(), columns=['Sex_' + str(i) ...])`):
        its training values (`column`, indexed as the encoder's rows) are that output column's there."""
        found = re.fullmatch(r"(.+)_(\d+)", str(feature))
        index = getattr(column, "index", None)
        if found is None or index is None or not len(index) or index.dtype.kind not in "iu" or index.min() < 0:
            return None
        prefix, position = found.group(1), int(found.group(2))
        for event in reversed([] if self.recording is None else self.recording.events):
            categories = getattr(event.snapshot, "categories_", None)
            if type(event.snapshot).__name__ != "OneHotEncoder" or event.method != "fit_transform" \
                    or getattr(event.snapshot, "drop", None) is not None or categories is None \
                    or len(categories) != 1 or position >= len(categories[0]) or event.out is None:
                continue
            out = event.out.current()
            out = None if out is None else (out.toarray() if hasattr(out, "toarray") else numpy.asarray(out))
            if out is not None and out.ndim == 2 and out.shape[1] == len(categories[0]) and index.max() < len(out) \
                    and numpy.array_equal(out[numpy.asarray(index), position], numpy.asarray(column, dtype=float)):
                return prefix, plain(categories[0][position])
        return None

    def recorded_table(self, column, codes, what):
        """The merged code tables the recorder saw applied to `column` that hold every one of `codes`,
        in code order; None when none does. Two that disagree stop the build (`what` names the codes'
        holder in the message: the model's feature, its labels)."""
        fitting = [c for c in self.codings.get(column, []) if c.table is not None and set(codes) <= set(c.table.values())]
        if not fitting:
            return None
        merged = dict(fitting[0].table)
        for coding in fitting[1:]:
            if not _agree(merged, coding.table):
                first = next(c for c in fitting if not _agree(c.table, coding.table))
                raise ExportError(
                    f"{what} holds codes, and the notebook coded {column!r} with two tables that disagree: "
                    f"{_shown(first.table)} ({first.how} in {self.where(first.line)}) and {_shown(coding.table)} "
                    f"({coding.how} in {self.where(coding.line)}); which one made the model's training rows cannot "
                    f"be told. Code {column!r} once, with one table for all the data (one encoder fitted on every "
                    "row, or one .map dict), or encode it inside the model's pipeline (OrdinalEncoder or "
                    "OneHotEncoder in a ColumnTransformer).")
            merged.update(coding.table)
        return dict(sorted(merged.items(), key=lambda item: (item[1], str(item[0]))))  # in code order

    def check_traced(self, feature, column):
        """Stop when model feature `feature` holds numbers (`column`) where the data holds text in that
        column (a frame of the notebook, or a file it read) and no code table was found: the service
        would ask its users for codes they do not have. Text that is numbers written as text
        (`'29.85'`, read as text for a blank) is a conversion, not a code."""
        text, where = self._text_of(feature)
        if text is None:
            return
        parsed = {number for number in map(_as_number, text) if number is not None}
        if 2 * len(parsed) >= len(text):
            values = set(numpy.unique(numpy.asarray(column.dropna(), dtype=float)).tolist())
            if len(values - parsed) <= 1:  # the numbers the text writes (and a value its gaps were filled with)
                return
        codes = sorted(numpy.unique(column.dropna()).tolist(), key=str)
        raise ExportError(
            f"the model's feature {feature!r} holds numbers ({_few(codes)}) where the data holds text "
            f"({_few(sorted(text, key=str))}, {where}), and the export cannot tell which number stands for which "
            f"value{self._coded_where(feature)}. The service would ask its users for codes they do not have. "
            f"Code {feature!r} with a .map/.replace dict, a LabelEncoder or an OrdinalEncoder (the build reads "
            "their tables), or inside the model's pipeline (OneHotEncoder or OrdinalEncoder in a ColumnTransformer).")

    def _text_of(self, column):
        """(distinct text values, where they are) of `column` in a frame of the notebook or a file it
        read, else (None, None)."""
        raw = self.raw_values(column)
        if raw is not None and raw.dtype.kind != "b":
            holder = next((name for name, frame in self.namespace.items() if not name.startswith("_")
                           and any(frame is f for f in self.frames) and column in frame.columns
                           and frame[column] is not None and holds_text(frame[column])), None)
            where = f"in the notebook's frame `{holder}`" if holder else "in a frame of the notebook"
            return [plain(v) for v in raw.dropna().unique().tolist()], where
        for read in reversed(self.read):
            if column in read.text:
                return read.text[column], f"as {read.how} read it in {self.where(read.line)}"
        return None, None

    def _coded_where(self, column):
        """Where the notebook's code shows the column coded, for the stop's message."""
        seen = self.codings.get(column, [])
        if seen:
            coding = seen[-1]
            did = f"gave {_shown(coding.table)}, not the model's values" if coding.table is not None else coding.why
            return f" ({coding.how} in {self.where(coding.line)} {did})"
        assigned = self.assigned.get(column, [])
        if assigned:
            last = assigned[-1]
            return f" (assigned in {self.where(last.line)}: `{ast.unparse(last.value)[:80]}`)"
        return ""
    def named_by_data(self, column):
        """Whether the data names `column` so itself: a data file the notebook read has it under its own
        header (reads.py), or a `load_*` Bunch among its feature_names. A 0/1 column that came so from
        the data is a field as it is, and `pixel_0_0` beside `pixel_0_1` a column, not get_dummies."""
        reads = getattr(self.recording, "reads", None) or []
        if any(read.named and column in read.frame.columns for read in reads):
            return True
        return any(isinstance(v, dict) and column in list(getattr(v, "feature_names", None) or [])
                   for n, v in self.namespace.items() if not n.startswith("_"))

    def as_read(self, name, values, index, others):
        """gap_fill.AsRead when input `name` (its raw values at the training rows, `index` their labels)
        is a read file's column at the same rows, its gaps filled as the service can fill them."""
        return as_read(name, values, index, self.reads, others)

    def any_values(self, column):
        series = self.columns.get(column, [])
        return series[0] if series else None

    def check_not_computed(self, feature, column):
        """Stop when the notebook computed `column` (feeding model feature `feature`) from others, made
        it with a model, or transformed it in place (`np.log(df['x'])`: the service would feed the
        model the raw value where it learnt the logarithm)."""
        known = set(self.columns)
        for assignment in self.assigned.get(column, []):
            if assignment.fills_itself():
                continue
            reads = sorted(assignment.reads(known) - {column})
            if reads and only_fills_gaps(assignment, self.namespace):
                continue
            if not reads and (assignment.uses_a_model() or (
                    column in assignment.reads(known) and column not in self.tables and not assignment.keeps_values())):
                raise ExportError(
                    f"the model's feature {feature!r} is {column!r} transformed in {self.where(assignment.line)} "
                    f"(`{ast.unparse(assignment.value)[:80]}`): the service would feed the model the raw {column!r} "
                    "where it learnt the transformed one. Move the transformation into the model's pipeline (e.g. "
                    + ("a SimpleImputer(missing_values=0, strategy='mean') for numbers that stand for a gap"
                       if assignment.replaces_numbers() else "a FunctionTransformer or a scaler")
                    + " in a Pipeline fitted on the raw columns).")
            if reads:
                raise ExportError(
                    f"the model's feature {feature!r} is computed from other columns ({', '.join(reads)}) in "
                    f"{self.where(assignment.line)}: the service would have to ask its users for {column!r}, "
                    "a value they do not have, and cannot compute it. Move the computation into the model's "
                    "pipeline (e.g. a FunctionTransformer in a Pipeline fitted on the raw columns), or drop "
                    "the feature.")


def _frame_columns(namespace):
    """{column name: [Series, ...]} over the DataFrames in the notebook's globals."""
    found = {}
    for name, value in namespace.items():
        if name.startswith("_") or isinstance(value, type) or not callable(getattr(value, "select_dtypes", None)):
            continue
        columns = getattr(value, "columns", None)
        if columns is None or getattr(value, "ndim", 0) != 2 or len(set(map(str, columns))) != len(columns):
            continue
        for column in columns:
            if isinstance(column, str):
                found.setdefault(column, []).append(value[column])
    return found


class Coding:
    """A code table the recorder saw applied to a column: {value: code} (None: the call coded the
    column, but not one number per value), the script line, and how (`LabelEncoder`, `.map`, ...)."""

    __slots__ = ("table", "line", "how", "why")

    def __init__(self, table, line, how, why=None):
        self.table, self.line, self.how, self.why = table, line, how, why


def _recorded_codings(recording):
    """{column: [Coding, ...]} in call order: the LabelEncoders and OrdinalEncoders the notebook's
    code fitted on named columns (`df['sex'] = le.fit_transform(df['sex'])`, also one per column in a
    loop), as fitted then, and the pandas calls that turned a text column into numbers (recoding.py)."""
    found = []
    for event in [] if recording is None else recording.events:
        if event.method not in ("fit", "fit_transform") or event.X is None:
            continue
        for column, values in _encoder_categories(event.X.current(), event.snapshot):
            table = {plain(v): code for code, v in enumerate(values) if not is_missing(v)}
            found.append(((event.seq, 1), column, Coding(table, event.line, type(event.snapshot).__name__)))
    for recoded in [] if recording is None else getattr(recording, "recoded", []):
        found.append(((recoded.seq, 0), recoded.column, Coding(recoded.table, recoded.line, recoded.how, recoded.why)))
    ordered = {}
    for _, column, coding in sorted(found, key=lambda item: item[0]):
        ordered.setdefault(column, []).append(coding)
    return ordered


def _encoder_categories(data, fitted):
    """[(column, categories)] of a LabelEncoder fitted on a named column, or of an OrdinalEncoder
    fitted on named columns (one table per column)."""
    name = type(fitted).__name__
    columns = getattr(data, "columns", None)
    if columns is None and isinstance(getattr(data, "name", None), str):
        columns = [data.name]
    if name == "LabelEncoder" and columns is not None and len(columns) == 1 and isinstance(columns[0], str):
        return [(columns[0], list(fitted.classes_))]
    categories = getattr(fitted, "categories_", None)
    if name != "OrdinalEncoder" or columns is None or categories is None or len(categories) != len(columns):
        return []
    return [(column, list(values)) for column, values in zip(columns, categories) if isinstance(column, str)]


def _agree(one, other):
    """Whether two code tables can be one: no value with two codes, and every code they share
    standing for a value they share."""
    if any(one[value] != other[value] for value in one.keys() & other.keys()):
        return False
    for code in set(one.values()) & set(other.values()):
        if not {v for v, c in one.items() if c == code} & {v for v, c in other.items() if c == code}:
            return False
    return True


def _shown(table, most=6):
    items = sorted(table.items(), key=lambda item: (item[1], str(item[0])))
    text = ", ".join(f"{value!r}: {code!r}" for value, code in items[:most])
    return "{" + text + (", ..." if len(items) > most else "") + "}"


def _few(values, most=6):
    return ", ".join(map(repr, values[:most])) + (", ..." if len(values) > most else "")


def _as_number(text):
    """The number a text value writes ('4', ' 29.85'), else None."""
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        return float(text)
    try:
        return float(str(text).strip())
    except ValueError:
        return None


def _recorded_dummies(recording):
    """What the notebook's pd.get_dummies calls made, as the recorder saw them (pandas_calls.py):
    ({dummy column: (raw column, value)}, {raw column: [values left without a column]}, {raw columns
    with gaps}); a later call making the same column wins."""
    made, dropped, gaps = {}, {}, set()
    for call in getattr(recording, "dummies", []):
        made.update(call.made)
        dropped.update(call.dropped)
        gaps = (gaps - set(call.dropped)) | call.gaps
    return made, dropped, gaps


def _read_values(recording):
    """{column: [values]}: the distinct text values of each column of the frames the notebook read
    from files (pandas_calls.FrameRead), over every read."""
    found = {}
    for read in getattr(recording, "frames_read", []):
        for column, values in read.values.items():
            known = found.setdefault(column, [])
            known += [v for v in values if v not in known]
    return found


def is_text(column):
    return column.dtype.kind in "OUS" or str(column.dtype) in ("category", "string", "str")


def holds_text(column):
    """A text or category column: not an object column that holds only numbers (codes)."""
    return is_text(numbers_kept_as_objects(column))


def numbers_kept_as_objects(column):
    """An object column that holds only numbers (`.replace({'no': 0, 'yes': 1})` keeps the object
    dtype in pandas 3) as numbers; any other column as it is."""
    if column.dtype.kind != "O":
        return column
    present = column.dropna().tolist()
    if present and all(isinstance(v, (int, float, numpy.number)) and not isinstance(v, bool) for v in present):
        return column.astype(float)
    return column


