"""Rows a per-column scaler made, after the notebook took some of its columns by name.

A notebook scales a whole frame, makes the output a frame again, and then fits its model on some of
those columns: `pd.DataFrame(scaler.fit_transform(df), columns=df.columns).drop(columns=['Exited'])`.
The model's rows are then neither the scaler's output nor rows of it (candidates.made_from), so the
model would be served on scaled numbers, and the dummies among them (`Geography_Germany`, scaled)
would never be traced back to their raw column. A scaler that works column by column (StandardScaler,
MinMaxScaler, MaxAbsScaler, RobustScaler) fitted on named columns is the same scaler on the columns
taken: `sliced` cuts its per-column statistics down to them, and the raw rows are the same columns of
the rows the recorder saw go in. (check_lineage then proves the rebuilt pipeline predicts as the
notebook's model.)
"""
import copy

import numpy
from sklearn.preprocessing import MaxAbsScaler, MinMaxScaler, RobustScaler, StandardScaler

from ._common import as_matrix
from .fingerprints import Data
from .transformers import row_positions

PER_COLUMN = (StandardScaler, MinMaxScaler, MaxAbsScaler, RobustScaler)
STATISTICS = ("mean_", "var_", "scale_", "min_", "data_min_", "data_max_", "data_range_", "center_", "max_abs_",
              "n_samples_seen_")


class SlicedTransform:
    """A recorded scaler's transform narrowed to some of its columns: what candidates.raw_lineage
    reads of a transform event (seq, method, line, names, estimator, snapshot, X)."""

    def __init__(self, event, snapshot, raw):
        self.seq, self.method, self.line, self.function = event.seq, event.method, event.line, event.function
        self.names, self.estimator, self.name = event.names, event.estimator, event.name
        self.snapshot, self.X, self.out, self.loop = snapshot, Data(raw), None, None


def sliced(fitted, positions):
    """A copy of a fitted per-column scaler that scales only the columns at `positions`."""
    narrow = copy.deepcopy(fitted)
    width = fitted.n_features_in_
    for attribute in STATISTICS:
        value = getattr(fitted, attribute, None)
        if isinstance(value, numpy.ndarray) and value.shape == (width,):
            setattr(narrow, attribute, value[positions])
    narrow.feature_names_in_ = numpy.asarray(fitted.feature_names_in_, dtype=object)[positions]
    narrow.n_features_in_ = len(positions)
    return narrow


def column_slice(event, rows):
    """(SlicedTransform, row positions) when `rows` (a DataFrame) are rows and named columns of the
    output of `event`, a per-column scaler's fit_transform or transform on a named frame whose input
    the recorder kept; else None."""
    fitted, columns = event.snapshot, getattr(rows, "columns", None)
    names = [str(n) for n in getattr(fitted, "feature_names_in_", [])]
    if not isinstance(fitted, PER_COLUMN) or columns is None or event.X is None or event.out is None \
            or len(columns) >= len(names) or not set(map(str, columns)) <= set(names):
        return None
    made, raw = as_matrix(event.out.current()), event.X.current()
    if made is None or raw is None or not hasattr(raw, "iloc") or made.shape[1] != len(names):
        return None
    positions = [names.index(str(c)) for c in columns]
    rows_at = row_positions(made[:, positions], as_matrix(rows))
    if rows_at is None:
        return None
    return SlicedTransform(event, sliced(fitted, positions), raw.iloc[:, positions]), rows_at
