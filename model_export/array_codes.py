"""Text columns of a numpy array coded in place by a LabelEncoder before the model's transformers.

The course template: `X = dataset.iloc[:, :-1].values`, then `X[:, 2] = le.fit_transform(X[:, 2])`
(the same `le` re-fitted for the next column), then a ColumnTransformer and a scaler fitted outside
the model. The raw rows behind the model's lineage then hold codes where the data holds text, and
the service would ask its users for codes (and could not name the columns: the file holds text).
The recorder saw each LabelEncoder call, with the text it took and the codes it gave: a column of
the raw rows equal, row for row, to one call's codes (and to no other call's) is that text coded.
Such columns are given back their text, and an OrdinalEncoder with that call's classes, column by
column in place (a ColumnTransformer of one part per column keeps the order the next step's
positions expect), becomes the pipeline's first step: the service takes the text. Used only when it
reproduces the coded rows exactly.
"""
import numpy

from .records import Adapter


def _coding(event):
    """(text values, codes, classes in code order, event) of a recorded LabelEncoder.fit_transform, else None."""
    if type(event.estimator).__name__ != "LabelEncoder" or event.method != "fit_transform" \
            or event.X is None or event.out is None:
        return None
    text, codes = event.X.current(), event.out.current()
    if text is None or codes is None:
        return None
    text, codes = numpy.asarray(text, dtype=object), numpy.asarray(codes)
    if text.ndim != 1 or codes.shape != text.shape or codes.dtype.kind not in "iu":
        return None
    classes = list(getattr(event.snapshot, "classes_", None) if event.snapshot is not None else [])
    if not classes or not all(isinstance(c, str) for c in classes):
        return None
    return text, codes, classes, event


def _as_floats(column):
    try:
        return numpy.asarray(column, dtype=float)
    except (TypeError, ValueError):
        return None


def _coded_columns(recording, raw, before):
    """{column position: (text, classes, event)} of raw rows' columns each equal to exactly one recorded coding."""
    codings = [c for c in map(_coding, recording.events_before(before)) if c is not None and len(c[0]) == len(raw)]
    found = {}
    for position in range(raw.shape[1]):
        column = _as_floats(raw[:, position])
        if column is None:
            continue
        matches = [(text, classes, event) for text, codes, classes, event in codings if numpy.array_equal(column, codes)]
        if len(matches) == 1:
            found[position] = matches[0]
    return found


def with_array_codes(recording, steps, raw):
    """(steps, raw): with an OrdinalEncoder step and the text put back when numpy `raw` (every row the
    lineage started from) has columns a recorded LabelEncoder coded; as they were otherwise."""
    if not steps or not isinstance(raw, numpy.ndarray) or raw.ndim != 2 or not len(raw):
        return steps, raw
    first = steps[0][1]
    coded = _coded_columns(recording, raw, first.seq)
    if not coded:
        return steps, raw
    from sklearn.compose import ColumnTransformer
    from sklearn.preprocessing import OrdinalEncoder

    text = raw.astype(object)
    for position, (values, _, _) in coded.items():
        text[:, position] = values
    parts = [(f"x{p}", OrdinalEncoder(categories=[coded[p][1]]) if p in coded else "passthrough", [p])
             for p in range(raw.shape[1])]
    try:
        encoder = ColumnTransformer(parts, remainder="drop", sparse_threshold=0).fit(text)
        made = encoder.transform(text)
    except (TypeError, ValueError):
        return steps, raw
    if made.shape != raw.shape or not all(_same(made[:, p], raw[:, p]) for p in range(raw.shape[1])):
        return steps, raw
    step = Adapter(encoder, first)
    step.line = min(event.line for _, _, event in coded.values())  # the report names the first coding's line
    return [("codes", step), *steps], text


def _same(made, raw):
    numbers = _as_floats(made), _as_floats(raw)
    if numbers[0] is not None and numbers[1] is not None:
        return numpy.array_equal(numbers[0], numbers[1], equal_nan=True)
    return all(a == b or (a != a and b != b) for a, b in zip(made.tolist(), raw.tolist()))
