"""The single-row twins of numpy_proba's steps, on plain Python floats.

One flower per request is the common case. NumPy costs about a microsecond a
call whatever the size, and one row of four values went through a dozen calls
(scale, check, multiply, softmax, argmax, back to a list) for a few dozen
multiplications: most of a request's time. The same formulas on a list of
floats take a fraction of that. Each function here takes the fitted arrays
numpy_proba has already copied and returns a step from a list of floats to a
list of floats, doing scikit-learn's operations in scikit-learn's order, so
that both paths agree with `predict_proba` to rounding (tests/test_numpy_proba.py
compares every row both ways).
"""
import math
from array import array
from operator import mul
from typing import Callable, Optional

Row = list
OneStep = Callable[[Row], Row]


def identity(row: Row) -> Row:
    """'passthrough' and None steps leave the row alone."""
    return row


def shift_then_divide(shift: Optional[list], divisor: Optional[list]) -> OneStep:
    """(x - shift) / divisor, each part optional (Standard and Robust scalers)."""
    if shift is None:
        return lambda row: [x / d for x, d in zip(row, divisor)]
    if divisor is None:
        return lambda row: [x - s for x, s in zip(row, shift)]
    return lambda row: [(x - s) / d for x, s, d in zip(row, shift, divisor)]


def scale_then_offset(scale: list, offset: list, clip: Optional[tuple]) -> OneStep:
    """x * scale + offset, clipped to clip = (low, high) when given (MinMaxScaler)."""
    if clip is None:
        return lambda row: [x * s + o for x, s, o in zip(row, scale, offset)]
    low, high = clip
    return lambda row: [_clip(x * s + o, low, high) for x, s, o in zip(row, scale, offset)]


def divide_then_clip(divisor: list, clip: Optional[tuple]) -> OneStep:
    """x / divisor, clipped to clip = (low, high) when given (MaxAbsScaler)."""
    if clip is None:
        return lambda row: [x / d for x, d in zip(row, divisor)]
    low, high = clip
    return lambda row: [_clip(x / d, low, high) for x, d in zip(row, divisor)]


def _clip(x: float, low: float, high: float) -> float:
    """np.clip for one value (NaN stays NaN, as there)."""
    return low if x < low else high if x > high else x


def require_finite(row: Row) -> None:
    """Reject what scikit-learn's validation rejects before the classifier runs."""
    if not all(map(math.isfinite, row)):
        raise ValueError("Input X contains NaN or infinity.")


def linear(coef: list, intercept: list) -> OneStep:
    """The decision values x . coef_k + intercept_k, through the logistic function
    for one row of coefficients (two classes), through softmax for more."""
    if len(coef) == 1:
        (weights,), (bias,) = coef, intercept

        def binary(row: Row) -> Row:
            require_finite(row)
            p = _expit(sum(map(mul, row, weights)) + bias)
            return [1 - p, p]

        return binary

    def multiclass(row: Row) -> Row:
        require_finite(row)
        return _softmax([sum(map(mul, row, weights)) + bias for weights, bias in zip(coef, intercept)])

    return multiclass


def _expit(x: float) -> float:
    """scipy.special.expit for one float, without overflowing for large negative x."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _softmax(scores: Row) -> Row:
    """sklearn.utils.extmath.softmax of one row: shift by the maximum, exponentiate, normalise."""
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def gaussian_nb(log_prior: list, norm: list, theta: list, var: list) -> OneStep:
    """GaussianNB: exp(joint log likelihood - its logsumexp over classes)."""
    classes = list(zip(log_prior, norm, theta, var))

    def predict_proba(row: Row) -> Row:
        require_finite(row)
        jll = [prior + (n - 0.5 * sum([(x - t) * (x - t) / v for x, t, v in zip(row, means, variances)]))
               for prior, n, means, variances in classes]
        total = _logsumexp(jll)
        return [math.exp(j - total) for j in jll]

    return predict_proba


def _logsumexp(a: Row) -> float:
    """numpy_proba._logsumexp_rows for one row, step for step (the maxima taken out and counted)."""
    top = max(a)
    count = float(a.count(top))
    shift = top if math.isfinite(top) else 0.0
    s = sum([math.exp(x - shift) for x in a if x != top])
    if s != 0:
        s = s / count
    return math.log1p(s) + math.log(count) + top


def tree(leaf_of: Callable[[Row], int], leaf_values: list, allow_nan: bool) -> OneStep:
    """A decision tree: the row as float32 (the tree's input type), walked to its leaf."""

    def predict_proba(row: Row) -> Row:
        row = array("f", row).tolist()  # rounds like astype(float32); too large becomes inf
        if any(math.isinf(x) or (not allow_nan and x != x) for x in row):
            raise ValueError("Input X contains NaN, infinity or a value too large for float32.")
        return list(leaf_values[leaf_of(row)])

    return predict_proba
