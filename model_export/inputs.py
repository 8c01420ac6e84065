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
import math
import re

import numpy

from contract import QUANTILES

from ._common import ExportError, is_missing, plain
from .evidence import is_text, numbers_kept_as_objects
from .gap_fill import filled
from .read_ranges import check_read_ranges
from .relabelled import observed

MAX_CATEGORIES = 200  # a "category" with more distinct values than this is an identifier, not a category


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
    holds (or a frame it read from a file held) and one of that column's values; else the i-th output
    column of a recorded OneHotEncoder named by position (`Sex_0`: Evidence.encoder_position); else
    one of a group of columns sharing its prefix that is a one-hot group in the training rows (0/1, at
    most one set per row: `pixel_0_0`, `pixel_0_1`, ... holding numbers are no such group)."""
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
            return prefix, plain(matches[0])
    by_position = evidence.encoder_position(feature, column)
    if by_position is not None:
        return by_position
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
    _check_as_read(encoding, seen, decoded, rows, evidence, features)
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


def _check_as_read(encoding, fields, decoded, rows, evidence, features):
    """Each input is the data's column as the notebook read it, its gaps filled as the service can
    fill them (gap_fill.as_read: observed at run time, whatever code made it: the field then gets
    its `fill`), or a category whose file values the notebook relabelled, each always as the same
    one (merged, made text: relabelled.widen serves the file's values), or else is checked not to
    be computed (Evidence.check_not_computed)."""
    names, index = list(fields), getattr(rows, "index", None)
    for name in names:
        read = evidence.as_read(name, decoded[name], index, names)
        if read is None and fields[name]["kind"] == "category" and observed(name, decoded[name], rows, evidence.reads):
            continue
        if read is None:
            for entry, feature in zip(encoding, features):
                if entry["input"] == name:
                    evidence.check_not_computed(str(feature), name)
        elif read.fill is not None:
            fields[name].update(missing=True, fill=read.fill)


def _encoding_of(feature, column, evidence, features, rows):
    """(encoding entry, input kind) of one model feature."""
    column = numbers_kept_as_objects(column)
    if is_text(column):
        return {"input": feature, "as": "raw"}, ("boolean" if _booleans(column) else "category")
    dummy = _dummy_of(feature, column, evidence, features, rows)
    if dummy is not None:
        return {"input": dummy[0], "as": "one_hot", "value": dummy[1]}, "category"
    table = evidence.code_of(feature, column)
    if table is not None:
        codes = [[plain(value), plain(code)] for value, code in table.items()]
        return {"input": feature, "as": "code", "codes": codes}, "category"
    evidence.check_traced(feature, column)
    if column.dtype.kind == "b":
        return {"input": feature, "as": "number"}, "boolean"
    values = numpy.asarray(column, dtype=float)
    finite = values[numpy.isfinite(values)]
    whole = column.dtype.kind in "iu" or (len(finite) and numpy.all(finite == numpy.round(finite)))
    return {"input": feature, "as": "number"}, ("integer" if whole else "number")


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
            decoded[name] = [by_code.get(plain(v)) if not is_missing(v) else None for v in column]
        else:
            decoded[name] = [None if is_missing(v) else plain(v) for v in column]
    for name, field in fields.items():
        if field["kind"] == "category" and any(v is None for v in decoded.get(name, [])) \
                and all(e["as"] == "one_hot" for e in encoding if e["input"] == name):
            dropped = field.get("dropped")
            decoded[name] = [dropped if v is None else v for v in decoded[name]]
    return decoded


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
    present = [v for v in values if not is_missing(v)]
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
            seen = sorted({*seen, *(plain(v) for v in raw.dropna().unique().tolist())}, key=str)
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
    how = _said(fill["value"]) if "value" in fill \
        else f"a value by {fill['by']} (" + ", ".join(f"{k}: {_said(v)}" for k, v in fill["values"][:6]) + ")"
    spec["description"] = spec["description"] or f"Empty (null){also}: a gap, filled with {how} as the notebook filled it."
    if fill["gaps"] and "min" in spec:
        cast = type(spec["min"])
        spec["min"], spec["max"] = cast(min(spec["min"], *fill["gaps"])), cast(max(spec["max"], *fill["gaps"]))


def _said(value) -> str:
    """A fill as a description says it: a float to six digits, any other value (a category's text) as written."""
    return f"{value:.6g}" if type(value) is float else repr(value)


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
            field["dropped"] = plain(left[0])
            field["values"].append(field["dropped"])
