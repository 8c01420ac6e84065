"""A regressor's target computed from a file's number column by a function outside the model.

`y = np.log1p(df.price.values)` (the House Prices habit) leaves a numpy array: no name to match
with the file's column (transformed_columns._check_target_as_read), no transformer call the
recorder saw. The model learns log prices, and the service would answer in them. The target's
values, put back through the inverse of a usual target function (np.expm1 for np.log1p, ...),
are then a number column of a file the notebook read, while as they are they are none: that
column is the target the users mean, and the build stops naming it and the function, saying to
keep the function in the model (TransformedTargetRegressor), which answers in the file's units.
"""
import numpy

from ._common import ExportError

#: (the function as a notebook writes it, its inverse, the inverse's name): the usual ways to tame a skewed target.
FUNCTIONS = (
    ("np.log1p", numpy.expm1, "np.expm1"),
    ("np.log", numpy.exp, "np.exp"),
    ("np.log10", lambda v: numpy.power(10.0, v), "lambda v: 10 ** v"),
    ("np.log2", numpy.exp2, "np.exp2"),
    ("np.sqrt", numpy.square, "np.square"),
)
#: Share of the target's distinct values that must come back as the column's: a few filled gaps may not.
SHARE = 0.95
#: Fewer distinct values than this say nothing (a 0/1 target is among any column's values).
MIN_DISTINCT = 5


def _distinct(values):
    values = numpy.asarray(values, dtype=float)
    return numpy.unique(values[numpy.isfinite(values)])


def _share_among(values, have):
    """The share of `values` equal (to rounding) to one of `have` (sorted, distinct)."""
    if not len(values) or not len(have):
        return 0.0
    right = numpy.clip(numpy.searchsorted(have, values), 0, len(have) - 1)
    left = numpy.clip(right - 1, 0, len(have) - 1)
    close = numpy.isclose(values, have[left], rtol=1e-7, atol=1e-9) | numpy.isclose(values, have[right], rtol=1e-7, atol=1e-9)
    return float(close.mean())


def _number_columns(recording):
    """(file, column name, its distinct finite values) of every number column of the files read, last read first."""
    for read in reversed(getattr(recording, "reads", None) or []):
        for name in read.frame.columns:
            column = read.frame[name]
            if getattr(column, "ndim", 1) == 1 and column.dtype.kind in "iuf":
                have = _distinct(column)
                if len(have) >= MIN_DISTINCT:
                    yield read.file, name, have


def check_target_function(recording, target):
    """Stop when the regressor's target (a 1-D float array) is not a read file's number column as it
    is, but one of FUNCTIONS of one: the service would answer in the function's units."""
    distinct = _distinct(target)
    if len(distinct) < MIN_DISTINCT:
        return
    columns = list(_number_columns(recording))
    if any(_share_among(distinct, have) >= SHARE for _, _, have in columns):
        return
    with numpy.errstate(all="ignore"):
        for file, name, have in columns:
            for function, inverse, inverse_name in FUNCTIONS:
                back = inverse(distinct)
                if numpy.isfinite(back).all() and _share_among(back, have) >= SHARE:
                    raise ExportError(
                        f"the model learnt its target as {function} of {file}'s column {name!r} (its training labels "
                        f"span {distinct.min():.4g} to {distinct.max():.4g}, the column's {have.min():.4g} to "
                        f"{have.max():.4g}), computed outside the model: the service would answer in those units, not in "
                        f"{name!r}'s. Fit the model on the raw {name!r} inside sklearn.compose.TransformedTargetRegressor("
                        f"regressor=..., func={function}, inverse_func={inverse_name}), which answers in the data's units.")
