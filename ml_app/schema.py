"""Request parsing and validation, free of any web framework.

Bytes go in; a float matrix in the API's field order comes out, or an
ApiError that names every offending field and says why. Both entry points
(the Flask route and the ASGI front) call `parse_request`.
"""
import json
import math
from itertools import chain
from operator import itemgetter

import numpy as np
import orjson

from contract import FIELDS, MAX_CM, MIN_CM

from .errors import ApiError, detail

# Plausible measurements (contract/iris.json): MIN_CM < x <= MAX_CM centimetres.
#: At most this many problems are listed, so a bad 10,000-row batch gets a short answer.
MAX_DETAILS = 50

_FIELD_SET = frozenset(FIELDS)
_NUMBER_TYPES = frozenset({int, float})
_pick_fields = itemgetter(*FIELDS)
_MISSING = object()
_NON_FINITE_TOKENS = (b"NaN", b"Infinity")


def parse_request(body: bytes, max_rows: int) -> tuple[np.ndarray | list, bool]:
    """Validate a request body; return (rows in FIELDS order, whether it was a batch):
    a batch as a float matrix, one flower as a list of floats (its path needs no NumPy)."""
    document = parse_json(body)
    if type(document) is not dict:
        raise ApiError(400, "The body must be a JSON object: either the four measurements or {\"instances\": [...]}.",
                       [detail("", f"expected an object, got {_json_type(document)}")])
    if "instances" in document:
        return _batch(document, max_rows), True
    details = []
    values = _row(document, "", details)
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


def _batch(document: dict, max_rows: int) -> np.ndarray:
    """Validate `{"instances": [...]}`: a non-empty list of rows, at most max_rows."""
    details = [detail(_printable(k), "is not a known field; a batch has only \"instances\"")
               for k in document if k != "instances"]
    return check_rows(document["instances"], max_rows, "instances", details)


def check_rows(rows, max_rows: int, name: str, details: list | None = None) -> np.ndarray:
    """A non-empty list of at most max_rows rows ({field: number}) as a matrix in FIELDS
    order, or the ApiError naming every bad value (`name[3].petal_width`). /prediction's
    batches and the Open Inference Protocol's tensors both pass here: one set of rules."""
    details = [] if details is None else details
    if type(rows) is not list or not rows:
        details.append(detail(name, f"must be a non-empty array of objects, got {_describe(rows)}"))
        raise _invalid(details)
    if len(rows) > max_rows:
        raise ApiError(413, f"A batch holds at most {max_rows} rows; this one has {len(rows)}. Split it.",
                       [detail(name, f"has {len(rows)} rows, the limit is {max_rows}")],
                       code="too_many_rows")
    if not details:
        matrix = _valid_rows(rows)
        if matrix is not None:
            return matrix
    # Something is wrong: walk the rows one by one to say exactly where and why.
    values = [_row(row, f"{name}[{i}].", details) for i, row in enumerate(rows)]
    if details:
        raise _invalid(details)
    return np.array(values, dtype=np.float64)


def _valid_rows(instances: list):
    """The batch as a matrix when every row is valid, else None; checked a column
    of C-level passes at a time (a 10,000-row batch validates several times faster
    than row by row, which stays the path that explains errors)."""
    if set(map(type, instances)) != {dict} or sum(map(len, instances)) != len(FIELDS) * len(instances):
        return None  # a non-object row, or a row with a missing or an unknown key
    try:
        rows = list(map(_pick_fields, instances))
    except KeyError:
        return None
    if not _NUMBER_TYPES.issuperset(map(type, chain.from_iterable(rows))):
        return None  # booleans, strings, null, arrays, objects
    try:  # from the flat values: twice as fast as np.array of the row tuples
        matrix = np.fromiter(chain.from_iterable(rows), np.float64, len(FIELDS) * len(rows))
    except OverflowError:  # an integer beyond any float
        return None
    matrix = matrix.reshape(len(rows), len(FIELDS))
    if not ((matrix > MIN_CM) & (matrix <= MAX_CM)).all():  # also false for NaN
        return None
    return matrix


def _row(row, prefix: str, details: list):
    """One row's four values, appending a detail per problem (checked cheaply first)."""
    if type(row) is not dict:
        details.append(detail(prefix.rstrip("."), f"must be an object with {', '.join(FIELDS)}; got {_json_type(row)}"))
        return None
    values = []
    for name in FIELDS:
        value = row.get(name, _MISSING)
        kind = type(value)
        # NaN fails both comparisons and infinity fails the upper one, so this one test suffices.
        if (kind is float or kind is int) and MIN_CM < value <= MAX_CM:
            values.append(float(value))
        else:
            details.append(detail(prefix + name, _problem(value)))
    if len(row) != len(FIELDS) or not _FIELD_SET.issuperset(row):
        details.extend(detail(prefix + _printable(k), f"is not a known field; expected {', '.join(FIELDS)}")
                       for k in row if k not in _FIELD_SET)
    return values


def _problem(value) -> str:
    """Why a value is not an acceptable measurement."""
    if value is _MISSING:
        return "is required"
    if type(value) not in (int, float):
        return f"must be a number of centimetres, not {_json_type(value)}"
    if not math.isfinite(value):
        return f"must be a finite number, not {value}"
    if value <= MIN_CM:
        return f"must be greater than {MIN_CM:g} cm, got {value}"
    return f"must be at most {MAX_CM:g} cm (a plausible flower measurement), got {value}"


def _invalid(details: list) -> ApiError:
    """The 400 for failed validation, listing at most MAX_DETAILS problems."""
    shown = details[:MAX_DETAILS]
    more = f" (first {MAX_DETAILS} listed)" if len(details) > MAX_DETAILS else ""
    noun = "problem" if len(details) == 1 else "problems"
    return ApiError(400, f"The request is invalid: {len(details)} {noun}{more}.", shown, code="invalid_request")


def _json_type(value) -> str:
    """The JSON name of a decoded value's type, as a client would say it."""
    if value is None:
        return "null"
    if type(value) is bool:
        return "a boolean"
    return {str: "a string", list: "an array", dict: "an object"}.get(type(value), "a number")


def _describe(value) -> str:
    """A short description for the instances check (an empty array is its own case)."""
    return "an empty array" if value == [] else _json_type(value)


def _printable(key: str) -> str:
    """A client-supplied key made safe to echo back: bounded and valid UTF-8."""
    return key[:64].encode("utf-8", "backslashreplace").decode("utf-8")
