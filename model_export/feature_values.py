"""Names that lie: a column whose values are plainly another Iris measurement than its name says.

A headerless `iris.data` read with `names=['sepal_width', 'sepal_length', ...]` trains and
scores well in the notebook, then the service feeds each request field into the wrong
column: a silent wrong answer (0.97 in the notebook, 0.62 on true measurements). Iris
measurements are well known (scikit-learn ships the data set), so each column's mean
and range are compared with those of every measurement: a column far from the one it is
named after and close to another one stops the build, unless TRUST_FEATURE_NAMES=1.

A column is far from a measurement when its mean is several of that measurement's
standard deviations away and many of its values lie outside that measurement's range
(widened by a tenth): one species alone (setosa's short petals) stays close to its own
measurement, centimetres typed as millimetres are close to none, and only a column that
is close to ANOTHER measurement counts as a lie.
"""
import itertools
import os

import numpy

from contract import FIELD_BY_KEY, FIELDS, field_key

from ._common import ExportError

FAR = 2.0  # distance from the named measurement beyond which a column is not it
NEAR = 0.75  # distance to another measurement within which the column is that one
MARGIN = 0.1  # share of a measurement's range its bounds are widened by
TRUST_ENV = "TRUST_FEATURE_NAMES"


def reference(canonical):
    """{field: (mean, std, low, high)} of the four Iris measurements, from scikit-learn's copy;
    `canonical` names them in the data set's order (the contract's fields)."""
    from sklearn.datasets import load_iris
    data = load_iris().data
    return {field: (column.mean(), column.std(), column.min(), column.max())
            for field, column in zip(canonical, data.T)}


def distance(column, stats):
    """How unlike a measurement a column of values is: |mean difference| in the measurement's
    standard deviations, plus three times the share of values outside its widened range."""
    mean, std, low, high = stats
    slack = MARGIN * (high - low)
    outside = numpy.mean((column < low - slack) | (column > high + slack))
    return abs(float(column.mean()) - mean) / std + 3.0 * float(outside)


def lying_columns(fields, rows, canonical):
    """[(position, named field, field the values fit, column)] for each column whose values are far
    from its named measurement and near the one the best reordering of the model's own named
    columns gives it (columns that look swapped); [] when rows are not numbers."""
    try:
        matrix = numpy.asarray(rows, dtype=float)
    except (TypeError, ValueError):
        return []
    if matrix.ndim != 2 or matrix.shape[1] != len(fields) or not len(matrix) or not numpy.isfinite(matrix).all():
        return []
    stats = reference(canonical)
    named = [i for i, field in enumerate(fields) if field in stats]
    if len(named) < 2 or len({fields[i] for i in named}) < len(named):
        return []
    far = {(i, f): distance(matrix[:, i], stats[f]) for i in named for f in (fields[j] for j in named)}
    best = min(itertools.permutations([fields[i] for i in named]),
               key=lambda order: sum(far[i, f] for i, f in zip(named, order)))
    return [(i, fields[i], fits, matrix[:, i]) for i, fits in zip(named, best)
            if fits != fields[i] and far[i, fields[i]] > FAR and far[i, fits] < NEAR]


def describe_column(column):
    return f"mean {column.mean():.2f} cm, {column.min():g}-{column.max():g}"


def check_feature_values(names, rows, canonical=FIELDS):
    """Stop the build when the model's columns look swapped (lying_names_message says how)."""
    fields = [FIELD_BY_KEY.get(field_key(name)) for name in names]
    message = None if rows is None else lying_names_message(names, fields, rows, canonical)
    if message:
        raise ExportError(message)


def lying_names_message(names, fields, rows, canonical):
    """The error message for columns named after a measurement their values are not, or None
    (also None when TRUST_FEATURE_NAMES=1 says the author vouches for the names)."""
    if os.environ.get(TRUST_ENV, "").strip() == "1":
        return None
    lies = lying_columns(fields, rows, canonical)
    if not lies:
        return None
    stats = reference(canonical)
    told = "; ".join(
        f"column {position} {names[position]!r} ({describe_column(column)}) looks like {fits} "
        f"(mean {stats[fits][0]:.2f}, {stats[fits][2]:g}-{stats[fits][3]:g}), not {field} "
        f"(mean {stats[field][0]:.2f}, {stats[field][2]:g}-{stats[field][3]:g})"
        for position, field, fits, column in lies)
    return (f"the model's feature names do not fit their values: {told}. The columns look swapped, so the "
            "service would feed each measurement into the wrong column. Name the columns in the order the "
            f"data file has them (UCI's iris.data: {', '.join(canonical)}, then the class), e.g. "
            f"pd.read_csv(..., names=[...]); or, if the names are right, set {TRUST_ENV}=1.")
