"""Request parsing and validation, free of any web framework.

Bytes go in; the validated values come out, in the order of the served model's
inputs (its `inputs.Contract`; the Iris contract when none is given), or an
ApiError that names every offending field and says why. Both entry points (the
Flask route and the ASGI front) call `parse_request`; V2's tensors end in
`check_rows`. One row comes out as a list of values (floats for numbers), a batch
as a float matrix when every input is a number (Iris), else as a list of such rows.
"""
import json
from itertools import chain
from operator import itemgetter

import numpy as np
import orjson

from contract import FIELDS

from .errors import ApiError, detail
from .inputs import (BOOLEAN, CATEGORY, CHECK_INTEGER, CHECK_NUMBER, CHECK_TEXT, INTEGER, NUMBER, Contract,
                     iris_contract, json_type)

#: At most this many problems are listed, so a bad 10,000-row batch gets a short answer.
MAX_DETAILS = 50
#: What a request is checked against when no model says otherwise: the four Iris fields.
IRIS = iris_contract(FIELDS)

_NUMBER_TYPES = frozenset({int, float})
_MISSING = object()
_NON_FINITE_TOKENS = (b"NaN", b"Infinity")


def parse_request(body: bytes, max_rows: int, spec: Contract = IRIS) -> tuple[np.ndarray | list, bool]:
    """Validate a request body; return (the values in input order, whether it was a batch):
    one row as a list (its path needs no NumPy), a batch as `check_rows` gives it."""
    document = parse_json(body)
    if type(document) is not dict:
        raise ApiError(400, "The body must be a JSON object: either the four measurements or {\"instances\": [...]}."
                       if spec.iris else "The body must be a JSON object: either one row of the fields or "
                       "{\"instances\": [...]}.",
                       [detail("", f"expected an object, got {_json_type(document)}")])
    if "instances" in document and "instances" not in spec.names:
        return _batch(document, max_rows, spec), True
    details = []
    values = _row(document, "", details, spec)
    if details:
        raise _invalid(details)
    return values, False


def parse_json(body: bytes):
    """Decode JSON; the non-standard NaN/Infinity tokens decode to floats so that
    validation can name the field holding them instead of a bare syntax error."""
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        error = exc
    if any(token in body for token in _NON_FINITE_TOKENS):
        try:
            return json.loads(body, parse_constant=float)
        except (ValueError, RecursionError):
            pass
    raise ApiError(400, f"The body is not valid JSON: {error}.", [detail("", "malformed JSON")])


def _batch(document: dict, max_rows: int, spec: Contract):
    """Validate `{"instances": [...]}`: a non-empty list of rows, at most max_rows."""
    details = [detail(_printable(k), "is not a known field; a batch has only \"instances\"")
               for k in document if k != "instances"]
    return check_rows(document["instances"], max_rows, "instances", details, spec)


def check_rows(rows, max_rows: int, name: str, details: list | None = None, spec: Contract = IRIS):
    """A non-empty list of at most max_rows rows ({field: value}) as the batch the model's
    contract encodes (a float matrix in input order when every input is a number, else a list
    of rows of values), or the ApiError naming every bad value (`name[3].petal_width`).
    /prediction's batches and the Open Inference Protocol's tensors both pass here: one set of rules."""
    details = [] if details is None else details
    if type(rows) is not list or not rows:
        details.append(detail(name, f"must be a non-empty array of objects, got {_describe(rows)}"))
        raise _invalid(details)
    if len(rows) > max_rows:
        raise ApiError(413, f"A batch holds at most {max_rows} rows; this one has {len(rows)}. Split it.",
                       [detail(name, f"has {len(rows)} rows, the limit is {max_rows}")],
                       code="too_many_rows")
    if not details:
        batch = _valid_matrix(rows, spec) if spec.numeric else _valid_rows(rows, spec)
        if batch is not None:
            return batch
    # Something is wrong (or needs a closer look): walk the rows one by one to say exactly where and why.
    values = [_row(row, f"{name}[{i}].", details, spec) for i, row in enumerate(rows)]
    if details:
        raise _invalid(details)
    return spec.as_batch(values)


def _picked(instances: list, spec: Contract):
    """Each row's values in input order, when every row is an object with exactly the inputs' keys."""
    try:
        rows = list(map(_picker(spec), instances))
    except (KeyError, TypeError):  # a missing key, or a row that is no object (JSON's arrays, strings, ...)
        return None
    if sum(map(len, instances)) != len(spec.names) * len(instances):
        return None  # every row has the inputs' keys: more keys than those is an unknown one
    return rows


def _picker(spec: Contract):
    """operator.itemgetter of the input names, always giving a tuple."""
    names = spec.names
    if len(names) == 1:
        return lambda row: (row[names[0]],)
    return _PICKERS.get(names) or _PICKERS.setdefault(names, itemgetter(*names))


_PICKERS = {}


def _valid_matrix(instances: list, spec: Contract):
    """The batch of an all-number contract as a matrix when every row is valid, else None;
    checked a column of C-level passes at a time (a 10,000-row batch validates several
    times faster than row by row, which stays the path that explains errors)."""
    rows = _picked(instances, spec)
    if rows is None:
        return None
    if not _NUMBER_TYPES.issuperset(map(type, chain.from_iterable(rows))):
        return None  # booleans, strings, null, arrays, objects
    width = len(spec.names)
    try:  # from the flat values: twice as fast as np.array of the row tuples
        matrix = np.fromiter(chain.from_iterable(rows), np.float64, width * len(rows))
    except OverflowError:  # an integer beyond any float
        return None
    matrix = matrix.reshape(len(rows), width)
    low, high = _bounds(spec)
    if not ((matrix > low) & (matrix <= high)).all():  # also false for NaN and infinity
        return None
    if spec.integer_columns and not (matrix[:, spec.integer_columns] % 1 == 0).all():
        return None
    return matrix


def _bounds(spec: Contract) -> tuple:
    """Per input, the accepted (exclusive low, high) as arrays, computed once per contract."""
    bounds = _BOUNDS.get(spec)
    if bounds is None:
        lows, highs = [f.low for f in spec.fields], [f.high for f in spec.fields]
        # one bound for every column (Iris: 0 < x <= 100) compares as a scalar, cheaper than broadcasting
        bounds = _BOUNDS[spec] = (lows[0] if len(set(lows)) == 1 else np.array(lows),
                                  highs[0] if len(set(highs)) == 1 else np.array(highs))
    return bounds


_BOUNDS = {}


def _valid_rows(instances: list, spec: Contract):
    """The batch of a mixed contract (categories, booleans, numbers) as a list of rows of values
    when every value is plainly valid (no null, no unseen category), else None: a column at a time."""
    rows = _picked(instances, spec)
    if rows is None:
        return None
    columns = list(zip(*rows))
    for column, field in zip(columns, spec.fields):
        kinds = set(map(type, column))
        if field.kind == NUMBER or field.kind == INTEGER:
            if not _NUMBER_TYPES.issuperset(kinds):
                return None
            try:
                values = np.fromiter(column, np.float64, len(column))
            except OverflowError:
                return None
            if not ((values > field.low) & (values <= field.high)).all():
                return None
            if field.kind == INTEGER and float in kinds and not (values % 1 == 0).all():
                return None
        elif field.kind == BOOLEAN:
            if kinds != {bool}:
                return None
        elif field.kind == CATEGORY:
            if not kinds.issubset(field.types) or not field.allowed.issuperset(column):
                return None
    if spec.fills is not None and any(map(spec.fills.problems, rows)):
        return None  # a gap no fill covers (a number standing for a gap): the row-by-row path names it
    if not any(spec.numeric_mask):
        return rows
    return [[float(v) if kind else v for v, kind in zip(row, spec.numeric_mask)] for row in rows]


def _row(row, prefix: str, details: list, spec: Contract = IRIS):
    """One row's values in input order, appending a detail per problem (checked cheaply first)."""
    if type(row) is not dict:
        details.append(detail(prefix.rstrip("."),
                              f"must be an object with {', '.join(spec.names)}; got {_json_type(row)}"))
        return None
    values = []
    for name, check, low, high, allowed, field in spec.checks:
        value = row.get(name, _MISSING)
        kind = type(value)
        # NaN fails both comparisons and infinity fails the upper one, so this one test suffices.
        if check == CHECK_NUMBER:
            if (kind is float or kind is int) and low < value <= high:
                values.append(float(value))
                continue
        elif check == CHECK_INTEGER:
            if (kind is int or (kind is float and value.is_integer())) and low < value <= high:
                values.append(float(value))
                continue
        elif check == CHECK_TEXT and kind is str and value in allowed:
            values.append(value)
            continue
        problem = field.problem(None if value is _MISSING else value, value is _MISSING)
        if problem is None:
            values.append(field.accepted(None if value is _MISSING else value))
        else:
            details.append(detail(prefix + name, problem))
    if spec.fills is not None and len(values) == len(spec.names):
        details.extend(detail(prefix + name, problem) for name, problem in spec.fills.problems(values))
    if len(row) != len(spec.names) or not spec.name_set.issuperset(row):
        details.extend(detail(prefix + _printable(k), f"is not a known field; expected {', '.join(spec.names)}")
                       for k in row if k not in spec.name_set)
    return values


def _invalid(details: list) -> ApiError:
    """The 400 for failed validation, listing at most MAX_DETAILS problems."""
    shown = details[:MAX_DETAILS]
    more = f" (first {MAX_DETAILS} listed)" if len(details) > MAX_DETAILS else ""
    noun = "problem" if len(details) == 1 else "problems"
    return ApiError(400, f"The request is invalid: {len(details)} {noun}{more}.", shown, code="invalid_request")


_json_type = json_type


def _describe(value) -> str:
    """A short description for the instances check (an empty array is its own case)."""
    return "an empty array" if value == [] else _json_type(value)


def _printable(key: str) -> str:
    """A client-supplied key made safe to echo back: bounded and valid UTF-8."""
    return key[:64].encode("utf-8", "backslashreplace").decode("utf-8")
