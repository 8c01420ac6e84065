"""Data named only in the notebook's own calls: `model.fit(train[cols].values, train.Species)`.

Such a notebook leaves no X_train behind: the training rows exist only as that expression. The
notebook's syntax tree gives the expressions passed to the model's fit() and score(); evaluated
again over the final namespace, they give the rows back. Only plain data-access expressions are
evaluated (names, attributes, subscripts, literals and a few side-effect-free methods), and the
rows count only when the model predicts their labels as a fitted model does.
"""
import ast
import warnings

from ._common import agreement, n_rows, notebook_syntax, resolve_search
from .data import OBSERVED_TEST, OBSERVED_TRAIN, find_held_out_names, find_training_name, takes_features


SAFE_METHODS = frozenset({"to_numpy", "ravel", "drop", "copy", "astype", "reshape", "tolist", "squeeze",
                          "flatten", "dropna", "reset_index", "filter", "select_dtypes"})


RECOVERED_TRAIN, RECOVERED_TEST = OBSERVED_TRAIN, OBSERVED_TEST  # names data.py reads first


def _is_data_access(node):
    """True for an expression that only reads data: names, attributes, subscripts, literals and
    calls of SAFE_METHODS on such expressions, with literal or name arguments."""
    if isinstance(node, ast.Call):
        return (isinstance(node.func, ast.Attribute) and node.func.attr in SAFE_METHODS
                and _is_data_access(node.func.value)
                and all(_is_data_access(a) for a in [*node.args, *(k.value for k in node.keywords)]))
    allowed = (ast.Name, ast.Attribute, ast.Subscript, ast.Constant, ast.List, ast.Tuple, ast.Slice,
               ast.Load, ast.UnaryOp, ast.USub)
    return isinstance(node, allowed) and all(_is_data_access(child) for child in ast.iter_child_nodes(node))


def _model_calls(statements, names, method):
    """The argument lists of `NAME.method(...)` calls on the model's names, and of
    `NAME = Estimator(...).method(...)` chains assigned to them, in the notebook's order."""
    for node in (n for statement in statements for n in ast.walk(statement)):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) \
                and isinstance(node.value.func, ast.Attribute) and node.value.func.attr == method \
                and any(isinstance(t, ast.Name) and t.id in names for t in node.targets):
            yield node.value.args
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == method \
                and isinstance(node.func.value, ast.Name) and node.func.value.id in names:
            yield node.args


def _evaluate(node, namespace):
    """The value of a data-access expression over the notebook's final namespace, or None."""
    if not _is_data_access(node):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return eval(compile(ast.Expression(node), "<notebook>", "eval"), {"__builtins__": {}}, dict(namespace))
    except Exception:  # the expression no longer evaluates (a name re-bound since): nothing recovered
        return None


def _recovered_pair(arguments, namespace, model):
    """(X, y) from a call's first two arguments when they evaluate to rows the model takes, with
    labels it predicts at least as well as chance would allow a fitted model to; else None."""
    if len(arguments) < 2:
        return None
    features, labels = (_evaluate(a, namespace) for a in arguments[:2])
    if not takes_features(features, model) or n_rows(labels) != n_rows(features):
        return None
    try:
        return (features, labels) if agreement(model, features, labels) >= 0.5 else None
    except Exception:  # rows the model cannot predict on are not its data
        return None


def with_recovered_data(name, model, namespace):
    """The namespace, plus the training (and held-out) rows written only inside the notebook's
    own `name.fit(...)` (and `name.score(...)`) calls when no table under a usual name holds them."""
    need_train = find_training_name(namespace, model) is None
    need_test = find_held_out_names(namespace, model) is None
    if not (need_train or need_test):
        return namespace
    names = {n for n, v in namespace.items() if v is model or resolve_search(v) is model} | {name}
    statements = notebook_syntax(namespace.get("__file__"))
    extra = {}
    for wanted, method, keys in ((need_train, "fit", RECOVERED_TRAIN), (need_test, "score", RECOVERED_TEST)):
        pairs = [p for p in (_recovered_pair(a, namespace, model) for a in _model_calls(statements, names, method)) if p]
        if wanted and pairs:
            extra.update(zip(keys, pairs[-1]))
    if extra:
        print(f"export: rows for {', '.join(k for k in extra if k.startswith('X'))} read from the notebook's own "
              f"{name}.fit/.score calls")
    return {**namespace, **extra}
