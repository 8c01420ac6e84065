"""A NumPy-only replacement for ``estimator.predict_proba`` on the hot path.

scikit-learn spends ~170 µs on one row in input validation and configuration
contexts before it does ~1 µs of arithmetic. For the estimators a notebook
typically ends with (scalers in a Pipeline, then a linear model or naive
Bayes) the arithmetic is a handful of NumPy operations, so we compile the
fitted estimator once into a closure over copies of its fitted arrays.

The closures repeat scikit-learn 1.9.1's own formulas in the same order, so
the results match ``predict_proba`` to rounding (a decision tree exactly). Anything we do not know
exactly (another class, a subclass, an unfitted model, an unknown step)
compiles to None and the caller keeps using ``predict_proba``.

Every step compiles to a pair: the NumPy function for a matrix of rows, and
its twin in ml_app/one_row.py for a single row as a list of floats (the
common one-flower request, where NumPy's per-call cost would dominate).

Classes are named where scikit-learn documents them, by their public
modules (sklearn.linear_model.LogisticRegression, not the private
sklearn.linear_model._logistic where it happens to be defined), and looked up
without importing anything (`public_name`): importing every scikit-learn
module named here (trees, naive Bayes, discriminant analysis, model
selection) would cost start-up time for the many models that use none of
them. A name also matches the exact class only, never a subclass, which may
change the maths.
"""
from typing import Callable, Iterable, NamedTuple, Optional

import numpy as np
from scipy.special import expit

from . import one_row
from .sklearn_import import imported_module

Rows = np.ndarray


class Step(NamedTuple):
    """One compiled step (or a whole compiled model): `many` maps a matrix of rows,
    `one` a single row given as a list of floats; calling it calls `many`."""

    many: Callable[[Rows], Rows]
    one: one_row.OneStep

    def __call__(self, X: Rows) -> Rows:
        return self.many(X)


SEARCHES = ("sklearn.model_selection.GridSearchCV", "sklearn.model_selection.RandomizedSearchCV")
PIPELINE = "sklearn.pipeline.Pipeline"
LINEAR = ("sklearn.linear_model.LogisticRegression", "sklearn.discriminant_analysis.LinearDiscriminantAnalysis")
GAUSSIAN_NB = "sklearn.naive_bayes.GaussianNB"
DECISION_TREE = "sklearn.tree.DecisionTreeClassifier"


def public_name(obj, names: Iterable[str]) -> Optional[str]:
    """The one of `names` (public dotted names, e.g. sklearn.pipeline.Pipeline) that is obj's exact
    class, or None. Nothing is imported: obj's class was, and importing the private module that
    defines it imported its public package first, so a public module not yet imported (or deferred,
    ml_app/sklearn_import.py) cannot be it."""
    cls = type(obj)
    for name in names:
        module, _, attribute = name.rpartition(".")
        if getattr(imported_module(module), attribute, None) is cls:
            return name
    return None


def compile_predict_proba(estimator) -> Optional[Step]:
    """Return a fast ``predict_proba`` for ``estimator``, or None if unsupported.

    Called, it takes a 2-D float64 array (rows x features, in the model's
    input order) and returns what ``estimator.predict_proba`` would; its
    `one` takes one such row as a list of floats and returns that row's
    probabilities as a list. Both raise ValueError for the inputs
    scikit-learn rejects (wrong width, NaN or infinity reaching the classifier).
    """
    if public_name(estimator, SEARCHES):
        # A search's predict_proba is its refitted best estimator's.
        best = getattr(estimator, "best_estimator_", None)
        return None if best is None else compile_predict_proba(best)
    if public_name(estimator, (PIPELINE,)):
        *transformers, (_, final) = estimator.steps
        steps = [_compile_transformer(step) for _, step in transformers]
    else:
        final, steps = estimator, []
    classify = _compile_classifier(final)
    # Every step we compile maps features one to one, so the classifier's
    # width is the pipeline's (a leading 'passthrough' step has none).
    n_features = _n_features_in(final)
    if classify is None or n_features is None or any(step is None for step in steps):
        return None
    return _chain(n_features, steps, classify)


def _n_features_in(estimator) -> Optional[int]:
    """The input width the fitted estimator checks, or None when unfitted."""
    try:
        return int(estimator.n_features_in_)
    except AttributeError:
        return None


def _chain(n_features: int, steps: list, classify: Step) -> Step:
    """Compose the width check, the transformers and the classifier, both ways."""
    many_steps = [step.many for step in steps]
    one_steps = [step.one for step in steps if step.one is not one_row.identity]

    def predict_proba(X: Rows) -> Rows:
        """Fast predict_proba: see compile_predict_proba."""
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != n_features:
            raise ValueError(f"expected a 2-D array with {n_features} features per row, got shape {X.shape}")
        for step in many_steps:
            X = step(X)
        return classify.many(X)

    def predict_proba_one(row: one_row.Row) -> one_row.Row:
        """Fast predict_proba of one row: see compile_predict_proba."""
        if len(row) != n_features:
            raise ValueError(f"expected {n_features} features, got {len(row)}")
        for step in one_steps:
            row = step(row)
        return classify.one(row)

    return Step(predict_proba, predict_proba_one)


def _fitted(array) -> np.ndarray:
    """A private, contiguous float64 copy, so refits of the original cannot leak in."""
    return np.array(array, dtype=np.float64, order="C", copy=True)


def _as_list(array: Optional[np.ndarray]) -> Optional[list]:
    """A fitted array as Python floats for the one-row twin (None stays None)."""
    return None if array is None else array.tolist()


# --- transformers -------------------------------------------------------------


def _compile_transformer(step) -> Optional[Step]:
    """Compile one intermediate Pipeline step, or None when it is not ours to mimic."""
    if step is None or (isinstance(step, str) and step == "passthrough"):
        return IDENTITY
    compiler = _TRANSFORMERS.get(public_name(step, _TRANSFORMERS))
    if compiler is None or _n_features_in(step) is None:
        return None
    return compiler(step)


def _identity(X: Rows) -> Rows:
    """'passthrough' and None steps leave the rows alone."""
    return X


IDENTITY = Step(_identity, one_row.identity)


def _shift_then_divide(shift, divisor) -> Step:
    """(X - shift) / divisor, each part optional: the shape of the
    Standard and Robust scalers' transform (they subtract, then divide)."""
    shift = None if shift is None else _fitted(shift)
    divisor = None if divisor is None else _fitted(divisor)
    if shift is None and divisor is None:
        return IDENTITY

    def transform(X: Rows) -> Rows:
        """Centre and scale into a new array; the caller's rows stay untouched."""
        if shift is not None:
            X = X - shift
        if divisor is not None:
            X = X / divisor
        return X

    return Step(transform, one_row.shift_then_divide(_as_list(shift), _as_list(divisor)))


def _standard_scaler(scaler) -> Step:
    """StandardScaler.transform: X -= mean_ if with_mean; X /= scale_ if with_std."""
    return _shift_then_divide(
        scaler.mean_ if scaler.with_mean else None,
        scaler.scale_ if scaler.with_std else None,
    )


def _robust_scaler(scaler) -> Step:
    """RobustScaler.transform: X -= center_ if with_centering; X /= scale_ if with_scaling."""
    return _shift_then_divide(
        scaler.center_ if scaler.with_centering else None,
        scaler.scale_ if scaler.with_scaling else None,
    )


def _min_max_scaler(scaler) -> Step:
    """MinMaxScaler.transform: X *= scale_; X += min_; clipped to feature_range if clip."""
    scale, offset = _fitted(scaler.scale_), _fitted(scaler.min_)
    low, high = (float(bound) for bound in scaler.feature_range)
    clip = bool(scaler.clip)

    def transform(X: Rows) -> Rows:
        """Scale into a new array, then clip it in place when asked to."""
        X = X * scale
        X += offset
        if clip:
            np.clip(X, low, high, out=X)
        return X

    return Step(transform, one_row.scale_then_offset(scale.tolist(), offset.tolist(), (low, high) if clip else None))


def _max_abs_scaler(scaler) -> Step:
    """MaxAbsScaler.transform: X /= scale_; clipped to [-1, 1] if clip."""
    scale = _fitted(scaler.scale_)
    clip = bool(scaler.clip)

    def transform(X: Rows) -> Rows:
        """Divide into a new array, then clip it in place when asked to."""
        X = X / scale
        if clip:
            np.clip(X, -1.0, 1.0, out=X)
        return X

    return Step(transform, one_row.divide_then_clip(scale.tolist(), (-1.0, 1.0) if clip else None))


#: The scalers compiled, by public name (each maps features one to one).
_TRANSFORMERS = {
    "sklearn.preprocessing.StandardScaler": _standard_scaler,
    "sklearn.preprocessing.MinMaxScaler": _min_max_scaler,
    "sklearn.preprocessing.MaxAbsScaler": _max_abs_scaler,
    "sklearn.preprocessing.RobustScaler": _robust_scaler,
}


# --- classifiers --------------------------------------------------------------


def _compile_classifier(estimator) -> Optional[Step]:
    """Compile the final estimator, or None when it is not one we mimic exactly."""
    if _n_features_in(estimator) is None:
        return None
    name = public_name(estimator, (*LINEAR, GAUSSIAN_NB, DECISION_TREE))
    if name in LINEAR:
        return _linear_classifier(estimator)
    if name == GAUSSIAN_NB:
        return _gaussian_nb(estimator)
    if name == DECISION_TREE:
        return _decision_tree(estimator)
    return None


def _require_finite(X: Rows) -> None:
    """Reject what scikit-learn's validation rejects before the classifier runs."""
    if not np.isfinite(X).all():
        raise ValueError("Input X contains NaN or infinity.")


def _linear_classifier(estimator) -> Optional[Step]:
    """LogisticRegression and LDA share the linear decision function
    X @ coef_.T + intercept_; two classes go through the logistic
    function, more through softmax (scikit-learn 1.9 has no OvR
    multi_class option left on LogisticRegression)."""
    coef, intercept = _fitted(estimator.coef_), _fitted(estimator.intercept_)
    n_classes = len(estimator.classes_)
    if coef.ndim != 2 or n_classes < 2 or coef.shape[0] != (1 if n_classes == 2 else n_classes):
        return None
    # Same operand layout as scikit-learn (a transposed view of a C array), so
    # BLAS takes the same path and rounds the same way.
    coef_t = coef.T

    def binary(X: Rows) -> Rows:
        """[1 - p, p] with p the logistic of the single decision value."""
        _require_finite(X)
        p = expit((X @ coef_t + intercept).reshape(-1))
        return np.stack([1 - p, p], axis=1)

    def multiclass(X: Rows) -> Rows:
        """Softmax of the per-class decision values, max-shifted like sklearn's."""
        _require_finite(X)
        return _softmax(X @ coef_t + intercept)

    one = one_row.linear(coef.tolist(), intercept.tolist())
    return Step(binary, one) if n_classes == 2 else Step(multiclass, one)


def _softmax(scores: Rows) -> Rows:
    """sklearn.utils.extmath.softmax, in place on a fresh array: minus each row's maximum,
    exp, divided by each row's sum. For a few classes, column by column: NumPy's reductions
    along a row of three cost four times the arithmetic (52 against 13 µs for 1,000 rows),
    and adding the columns in turn is the order in which that reduction adds a short row."""
    if scores.shape[1] > _FEW_CLASSES:
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores
    columns = scores.T
    top = columns[0].copy()
    for column in columns[1:]:
        np.maximum(top, column, out=top)
    scores -= top[:, None]
    np.exp(scores, out=scores)
    total = columns[0].copy()
    for column in columns[1:]:
        total += column
    scores /= total[:, None]
    return scores


#: Up to this many classes, _softmax works column by column: the same sums, bit for bit (from 8, NumPy
#: adds a row in unrolled blocks).
_FEW_CLASSES = 7


def _gaussian_nb(estimator) -> Step:
    """GaussianNB: exp(joint log likelihood - its logsumexp over classes)."""
    theta, var = _fitted(estimator.theta_), _fitted(estimator.var_)
    # The per-class constants, computed with scikit-learn's own expressions
    # and kept apart, since it adds them in this order: log_prior + (norm - ...).
    log_prior = np.log(_fitted(estimator.class_prior_))
    norm = np.array([-0.5 * np.sum(np.log(2.0 * np.pi * v)) for v in var])

    def predict_proba(X: Rows) -> Rows:
        """All classes at once: (rows, classes, features) broadcasting."""
        _require_finite(X)
        jll = log_prior + (norm - 0.5 * np.sum(((X[:, None, :] - theta) ** 2) / var, axis=2))
        return np.exp(jll - _logsumexp_rows(jll)[:, None])

    return Step(predict_proba, one_row.gaussian_nb(log_prior.tolist(), norm.tolist(), theta.tolist(), var.tolist()))


def _logsumexp_rows(a: Rows) -> Rows:
    """sklearn.utils._array_api._logsumexp along axis 1, step for step: the
    maxima are taken out and counted so that far-away points (log
    likelihoods near -1e10) round exactly as in scikit-learn."""
    a_max = a.max(axis=1, keepdims=True)
    is_max = a == a_max
    rest = a.copy()
    rest[is_max] = -np.inf
    m = is_max.sum(axis=1, keepdims=True, dtype=a.dtype)
    shift = np.where(np.isfinite(a_max), a_max, 0)
    s = np.exp(rest - shift).sum(axis=1, keepdims=True)
    s = np.where(s == 0, s, s / m)
    return (np.log1p(s) + np.log(m) + a_max)[:, 0]


#: Up to this many rows a tree is walked row by row in Python (a few hundred
#: nanoseconds per node); larger batches walk all rows level by level in NumPy.
ROW_BY_ROW_MAX = 16


def _decision_tree(estimator) -> Optional[Step]:
    """DecisionTreeClassifier: the class fractions stored in the leaf each row reaches.

    Like sklearn's Tree.apply, rows are compared as float32 (the tree's input
    dtype) against float64 thresholds, and NaN follows missing_go_to_left.
    """
    if estimator.n_outputs_ != 1:
        return None
    tree = estimator.tree_
    nodes = _TreeNodes(tree)
    leaf_values = _fitted(tree.value[:, 0, : estimator.n_classes_])
    allow_nan = estimator.__sklearn_tags__().input_tags.allow_nan

    def predict_proba(X: Rows) -> Rows:
        """Leaf values of the rows, walked one by one or level by level."""
        X = _as_tree_input(X, allow_nan)
        leaves = nodes.leaves_by_row(X) if len(X) <= ROW_BY_ROW_MAX else nodes.leaves_by_level(X)
        return leaf_values[leaves]

    return Step(predict_proba, one_row.tree(nodes.leaf_of, leaf_values.tolist(), allow_nan))


def _as_tree_input(X: Rows, allow_nan: bool) -> Rows:
    """float32, as sklearn validates tree input: values beyond float32's range
    become infinity, which is refused; NaN only where the tree supports it."""
    with np.errstate(over="ignore"):
        X = X.astype(np.float32)
    bad = np.isinf(X) if allow_nan else ~np.isfinite(X)
    if bad.any():
        raise ValueError("Input X contains NaN, infinity or a value too large for float32.")
    return X


class _TreeNodes:
    """A fitted tree's node arrays, as NumPy arrays and as Python lists."""

    def __init__(self, tree):
        self.left = np.array(tree.children_left, dtype=np.intp)
        self.right = np.array(tree.children_right, dtype=np.intp)
        self.feature = np.array(tree.feature, dtype=np.intp)
        self.threshold = _fitted(tree.threshold)
        self.missing_left = np.array(tree.missing_go_to_left, dtype=bool)
        self.lists = [a.tolist() for a in (self.left, self.right, self.feature, self.threshold, self.missing_left)]

    def leaves_by_row(self, X: Rows) -> list:
        """Walk each row down the tree in plain Python: the fastest way for a few rows."""
        return [self.leaf_of(row) for row in X.tolist()]

    def leaf_of(self, row: list) -> int:
        """The leaf one row (float32 values as Python floats) reaches. A float32 turned
        into a Python float is exact, so comparisons round as in C."""
        left, right, feature, threshold, missing_left = self.lists
        node = 0
        while left[node] != -1:
            value = row[feature[node]]
            if value != value:  # NaN
                node = left[node] if missing_left[node] else right[node]
            else:
                node = left[node] if value <= threshold[node] else right[node]
        return node

    def leaves_by_level(self, X: Rows) -> Rows:
        """Move every row that is not yet at a leaf one level down, until none is left."""
        nodes = np.zeros(len(X), dtype=np.intp)
        active = np.arange(len(X))
        while active.size:
            at = nodes[active]
            value = X[active, self.feature[at]]
            go_left = np.where(np.isnan(value), self.missing_left[at], value <= self.threshold[at])
            nodes[active] = np.where(go_left, self.left[at], self.right[at])
            active = active[self.left[nodes[active]] != -1]
        return nodes
