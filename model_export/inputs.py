"""The input contract (model.json format 2): the raw fields the service takes, and how each model
feature is made from them.

The model's training rows (as the recorder saw them fitted) name its features; the notebook's
frames and code say where each came from:
  - a column of the data as it is: passed through (`"number"`; `integer`, `boolean` by its values);
    also one whose gaps the notebook filled, as observed against the file it read (gap_fill.as_read):
    the service fills them as the notebook did (the input's `fill`);
  - `island_Biscoe`, a 0/1 column named `<column>_<value>` of a column the notebook holds (or a
    group of such columns sharing the prefix): `pd.get_dummies` of `island` (`"one_hot"`);
  - a column the notebook coded with a table: a LabelEncoder / OrdinalEncoder the recorder saw
    fitted on it, a pandas call (`.map`, `.replace`, `.apply`, also in a loop over columns or on the
    whole frame) the recorder saw turn its text into numbers (recoding.py), else a literal `.map({...})`
    / `.replace(...)` of the code: the code of the raw value (`"code"`). Tables that disagree about
    the model's values stop the build, naming the cells;
  - numbers where the data holds text in that column (a frame of the notebook, or a file it read)
    and no table tells which number is which value: the build stops, naming the column, rather than
    ask the service's users for codes;
  - text or category values the model's own pipeline encodes (a ColumnTransformer): `"raw"`;
  - a column the notebook computed from other columns (a ratio, a sum, a title from a name): the
    service would have to ask users for a number they do not have, so the build stops, naming the
    feature and the cell, and says to move the computation into the model's pipeline.
`encode` builds the model's rows from raw values exactly as the service does; `decode` reads raw
values back from encoded rows (the examples, the statistics and the parity check use it).
"""
import ast
import math
import re

import numpy

from contract import QUANTILES

from ._common import ExportError
from .gap_fill import as_read, filled, only_fills_gaps
from .read_ranges import check_read_ranges
from .source import assignments, code_tables, notebook_nodes

MAX_CATEGORIES = 200  # a "category" with more distinct values than this is an identifier, not a category


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
            return [_plain(v) for v in raw.dropna().unique().tolist()], where
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
            table = {_plain(v): code for code, v in enumerate(values) if not _missing(v)}
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


def _plain(value):
    """A numpy scalar as the Python value JSON writes."""
    return value.item() if isinstance(value, numpy.generic) else value


def _is_text(column):
    return column.dtype.kind in "OUS" or str(column.dtype) in ("category", "string", "str")


def holds_text(column):
    """A text or category column: not an object column that holds only numbers (codes)."""
    return _is_text(_numbers_kept_as_objects(column))


def _as_column(rows, position):
    if hasattr(rows, "iloc"):
        return rows.iloc[:, position]
    import pandas  # only reached with notebook data, which pandas made or numpy holds
    return pandas.Series(numpy.asarray(rows)[:, position])


def _zero_one(column):
    try:
        values = set(numpy.unique(numpy.asarray(column, dtype=float)).tolist())
    except (TypeError, ValueError):
        return False
    return values <= {0.0, 1.0}


def _dummy_of(feature, column, evidence, features, rows):
    """(raw column, its value) when `feature` is a get_dummies column `<column>_<value>`, else None:
    as the recorder saw a get_dummies call make it; else named after a column a frame of the notebook
    holds (or a frame it read from a file held) and one of that column's values; else one of a group
    of columns sharing its prefix that is a one-hot group in the training rows (0/1, at most one set
    per row: `pixel_0_0`, `pixel_0_1`, ... holding numbers are no such group)."""
    if not _zero_one(column):
        return None
    if evidence.named_by_data(feature):  # a 0/1 column of a file's own: a field as it is
        return None
    recorded = evidence.dummies.get(feature)
    if recorded is not None:
        return recorded
    for cut in [m.start() for m in re.finditer(r"[_:=]", feature)][::-1]:
        prefix, value = feature[:cut], feature[cut + 1:]
        raw = evidence.raw_values(prefix) if value else None
        if raw is None:
            raw = evidence.any_values(prefix)
            if raw is None or raw.dtype.kind not in "iub":
                raw = None
        values = evidence.read_values.get(prefix, []) if raw is None else raw.dropna().unique().tolist()
        matches = [v for v in values if str(v) == value] if value else []
        if matches:
            return prefix, _plain(matches[0])
    for cut in [m.start() for m in re.finditer(r"_", feature)][::-1]:  # no raw column: a group of dummies
        prefix = feature[:cut + 1]
        group = [position for position, f in enumerate(features) if str(f).startswith(prefix)]
        if len(group) >= 2 and _one_hot_group(rows, group):
            return feature[:cut], feature[cut + 1:]
    return None


def _one_hot_group(rows, positions):
    """True when the columns at `positions` are 0/1 and no row has more than one of them set."""
    total = 0
    for position in positions:
        column = _as_column(rows, position)
        if not _zero_one(column):
            return False
        total = total + numpy.asarray(column, dtype=float)
    return bool(numpy.all(numpy.asarray(total) <= 1.0))


def derive(rows, features, evidence, imputed, unknown_warns):
    """(encoding, inputs): one encoding entry per feature, one input per raw field, derived from the
    model's training rows (a DataFrame or a matrix, in feature order). `imputed(position)` and
    `unknown_warns(position)` say what the model's own pipeline does with a gap or an unseen
    category at a feature's position."""
    encoding, order, seen = [], [], {}
    for position, feature in enumerate(features):
        column = _as_column(rows, position)
        entry, kind = _encoding_of(str(feature), column, evidence, features, rows)
        name = entry["input"]
        encoding.append(entry)
        if name not in seen:
            order.append(name)
            seen[name] = {"kind": kind, "missing": False, "unknown": "error", "values": []}
        field = seen[name]
        field["missing"] = field["missing"] or bool(imputed(position))
        if unknown_warns(position):
            field["unknown"] = "warn"
        if entry["as"] == "one_hot":
            field["values"].append(entry["value"])
            field["one_hot"] = True
        elif entry["as"] == "code":
            field["values"] = [value for value, _ in entry["codes"]]
    fill_dropped(encoding, seen, evidence)
    decoded = decode(encoding, rows, seen)
    _check_as_read(encoding, seen, decoded, getattr(rows, "index", None), evidence, features)
    check_read_ranges(encoding, decoded, evidence)
    for name in order:
        if seen[name]["kind"] == "category" and not seen[name]["missing"] and any(v is None for v in decoded[name]) \
                and all(e["as"] == "one_hot" for e in encoding if e["input"] == name):
            raise ExportError(
                f"some training rows have none of the model's {name!r} columns set (get_dummies with "
                f"drop_first=True?), and neither the notebook's frames, the files it read nor its get_dummies "
                f"calls tell which one category of {name!r} that is. Keep the raw data frame in a variable, "
                "or encode inside the model's pipeline (OneHotEncoder in a ColumnTransformer).")
    inputs = [_input(name, seen[name], decoded[name], evidence) for name in order]
    return encoding, inputs, decoded


def _check_as_read(encoding, fields, decoded, index, evidence, features):
    """Each input is the data's column as the notebook read it, its gaps filled as the service can
    fill them (gap_fill.as_read: observed at run time, whatever code made it: the field then gets
    its `fill`), or else is checked not to be computed (Evidence.check_not_computed)."""
    names = list(fields)
    for name in names:
        read = evidence.as_read(name, decoded[name], index, names)
        if read is None:
            for entry, feature in zip(encoding, features):
                if entry["input"] == name:
                    evidence.check_not_computed(str(feature), name)
        elif read.fill is not None:
            fields[name].update(missing=True, fill=read.fill)


def _encoding_of(feature, column, evidence, features, rows):
    """(encoding entry, input kind) of one model feature."""
    column = _numbers_kept_as_objects(column)
    if _is_text(column):
        return {"input": feature, "as": "raw"}, ("boolean" if _booleans(column) else "category")
    dummy = _dummy_of(feature, column, evidence, features, rows)
    if dummy is not None:
        return {"input": dummy[0], "as": "one_hot", "value": dummy[1]}, "category"
    table = evidence.code_of(feature, column)
    if table is not None:
        codes = [[_plain(value), _plain(code)] for value, code in table.items()]
        return {"input": feature, "as": "code", "codes": codes}, "category"
    evidence.check_traced(feature, column)
    if column.dtype.kind == "b":
        return {"input": feature, "as": "number"}, "boolean"
    values = numpy.asarray(column, dtype=float)
    finite = values[numpy.isfinite(values)]
    whole = column.dtype.kind in "iu" or (len(finite) and numpy.all(finite == numpy.round(finite)))
    return {"input": feature, "as": "number"}, ("integer" if whole else "number")


def _numbers_kept_as_objects(column):
    """An object column that holds only numbers (`.replace({'no': 0, 'yes': 1})` keeps the object
    dtype in pandas 3) as numbers; any other column as it is."""
    if column.dtype.kind != "O":
        return column
    present = column.dropna().tolist()
    if present and all(isinstance(v, (int, float, numpy.number)) and not isinstance(v, bool) for v in present):
        return column.astype(float)
    return column


def _booleans(column):
    return set(column.dropna().unique().tolist()) <= {True, False} and column.dropna().size > 0


def decode(encoding, rows, fields):
    """{input: [raw value per row]} read back from encoded rows (a DataFrame or matrix in feature
    order); a one-hot input none of whose columns is set is its dropped category (the raw
    column's one value without a column), or None when that cannot be told."""
    n = len(rows)
    decoded = {}
    for position, entry in enumerate(encoding):
        column = _as_column(rows, position).tolist()
        name, how = entry["input"], entry["as"]
        if how == "one_hot":
            values = decoded.setdefault(name, [None] * n)
            for i, v in enumerate(column):
                if float(v) == 1.0:
                    values[i] = entry["value"]
        elif how == "code":
            by_code = {code: value for value, code in entry["codes"]}
            decoded[name] = [by_code.get(_plain(v)) if not _missing(v) else None for v in column]
        else:
            decoded[name] = [None if _missing(v) else _plain(v) for v in column]
    for name, field in fields.items():
        if field["kind"] == "category" and any(v is None for v in decoded.get(name, [])) \
                and all(e["as"] == "one_hot" for e in encoding if e["input"] == name):
            dropped = field.get("dropped")
            decoded[name] = [dropped if v is None else v for v in decoded[name]]
    return decoded


def _missing(value):
    return value is None or (isinstance(value, float) and math.isnan(value))


def encode(encoding, rows, fills=None):
    """The model's rows for raw rows ({input: value} each), as the service builds them: a float
    matrix, or an object matrix when a feature is passed raw (the model's pipeline encodes it).
    `fills`: {input: its `fill`}, the gaps the service fills before encoding."""
    raw = any(entry["as"] == "raw" for entry in encoding)
    matrix = numpy.empty((len(rows), len(encoding)), dtype=object if raw else float)
    for j, entry in enumerate(encoding):
        name, how = entry["input"], entry["as"]
        codes = {value: code for value, code in entry.get("codes", [])}
        fill = (fills or {}).get(name)
        for i, row in enumerate(rows):
            value = filled(fill, row.get(name), row)
            if how == "one_hot":
                matrix[i, j] = 1.0 if value == entry["value"] else 0.0
            elif how == "code":
                matrix[i, j] = float(codes[value]) if value in codes else math.nan
            elif how == "raw":
                matrix[i, j] = value if value is not None else math.nan
            else:
                matrix[i, j] = math.nan if value is None else float(value)
    return matrix


def as_rows(decoded):
    """[{input: value}] from {input: [values]}."""
    names = list(decoded)
    return [dict(zip(names, values)) for values in zip(*(decoded[n] for n in names))]


def quantiles(values):
    array = numpy.asarray(values, dtype=float)
    return {q: float(numpy.quantile(array, float(q))) for q in QUANTILES}


def _label(name):
    text = re.sub(r"[_.]+", " ", name).strip()
    return text[:1].upper() + text[1:] if text else name


def _input(name, field, values, evidence):
    """One input of the contract from its kind and its training values."""
    present = [v for v in values if not _missing(v)]
    spec = {"name": name, "kind": field["kind"], "label": _label(name), "unit": None, "description": None,
            "missing": field["missing"]}
    if field["kind"] in ("number", "integer"):
        array = numpy.asarray(present, dtype=float)
        cast = int if field["kind"] == "integer" else float
        spec.update({"min": cast(array.min()), "max": cast(array.max()), "quantiles": quantiles(array)})
    elif field["kind"] == "category":
        seen = sorted({*present, *field["values"]}, key=str)
        raw = evidence.raw_values(name) if field.get("one_hot") else None
        if raw is not None:  # the data's own values: also the category get_dummies(drop_first) left out
            seen = sorted({*seen, *(_plain(v) for v in raw.dropna().unique().tolist())}, key=str)
        if len(seen) > MAX_CATEGORIES:
            raise ExportError(
                f"the model's input {name!r} has {len(seen)} distinct text values: an identifier or free "
                "text, not a category the service can offer. Drop it before fitting, or encode it inside "
                "the model's pipeline.")
        spec.update({"values": seen, "unknown": field["unknown"]})
    if field.get("fill"):
        _say_fill(spec, field["fill"])
    return spec


def _say_fill(spec, fill):
    """The input's `fill`, said in its description; its range takes in the numbers that stood for a
    gap (the data's 0s): a user may send them as the data writes them."""
    spec["fill"] = fill
    also = "".join(f" or {gap:g}" for gap in fill["gaps"])
    how = (f"{fill['value']:.6g}" if type(fill.get("value")) is float else repr(fill["value"])) if "value" in fill \
        else f"a value by {fill['by']} (" + ", ".join(f"{k}: {v:g}" for k, v in fill["values"][:6]) + ")"
    spec["description"] = spec["description"] or f"Empty (null){also}: a gap, filled with {how} as the notebook filled it."
    if fill["gaps"] and "min" in spec:
        cast = type(spec["min"])
        spec["min"], spec["max"] = cast(min(spec["min"], *fill["gaps"])), cast(max(spec["max"], *fill["gaps"]))


def fill_dropped(encoding, fields, evidence):
    """The category get_dummies(drop_first=True) left without a column (its rows have every dummy
    at 0): the raw column's values that got no column, as the recorder saw get_dummies make them,
    with those whose column the model does not take; else the raw column's values (in a frame of the
    notebook, or in a frame it read from a file) that no dummy names. Taken only when exactly one:
    a value the notebook merged into another before encoding stays among the file's values, so the
    guess is never one of two. A raw column get_dummies saw with gaps makes the input optional
    (null encodes as all zeros, as the gaps did). `derive` stops when rows have no dummy set and
    neither tells what they are."""
    for name, field in fields.items():
        dummies = [e["value"] for e in encoding if e["input"] == name and e["as"] == "one_hot"]
        if not dummies:
            continue
        if name in evidence.gaps:
            field["missing"] = True
        if name in evidence.dropped:
            unused = [value for column, value in evidence.dummies.values() if column == name and value not in dummies]
            left = [*evidence.dropped[name], *unused]
        else:
            raw = evidence.raw_values(name)
            if raw is None:
                raw = evidence.any_values(name)
            values = evidence.read_values.get(name, []) if raw is None else raw.dropna().unique().tolist()
            left = [v for v in values if str(v) not in map(str, dummies)]
        if len(left) == 1:
            field["dropped"] = _plain(left[0])
            field["values"].append(field["dropped"])
