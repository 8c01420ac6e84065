"""Kinds of row for scikit-learn idioms beyond a call's signature: cross_validation's splitters
(OldSplitter), one sample given as a flat list (OneSample), a removed parameter in a search's grid
(GridKey), an np.matrix given to an estimator (MatrixArgument). Apart from calls.py because each
reads what scikit-learn did with the values, not only the names.
"""
import ast
from dataclasses import dataclass

from ..source_edits import Edit, call_name, rename_attribute, wrap
from .base import Row, literal_value


@dataclass(frozen=True)
class OldSplitter(Row):
    """sklearn.cross_validation's `KFold(n, n_folds=k)` / `StratifiedKFold(y, n_folds=k)` and
    `ShuffleSplit(n, n_iter=k)` / `StratifiedShuffleSplit(y, n_iter=k)` (removed in
    0.20: today's take n_splits and split data later) through `_convert_folds_`, which makes
    today's splitter that is also iterable over (train, test) as the old one was. Only calls with
    `n_folds=`, `n_iter=` or two positional arguments: `KFold(5)` is today's n_splits=5."""

    callees: tuple

    def edits(self, node, context):
        if not (isinstance(node, ast.Call) and call_name(node) in self.callees and node.args
                and (any(k.arg in ("n_folds", "n_iter") for k in node.keywords) or len(node.args) >= 2)):
            return None
        if len(node.args) >= 2 and isinstance(literal_value(node.args[1]), bool):
            return None  # `KFold(2, True)`: model_selection's (n_splits, shuffle), not the old (n, n_folds)
        context.helpers.add("_convert_folds_")
        loc = context.locator
        opening = loc.source.index("(", loc.span(node.func)[1]) + 1
        return [Edit(loc.span(node)[0], opening, f"_convert_folds_({loc.text(node.func)}, ")]


@dataclass(frozen=True)
class OneSample(Row):
    """`model.predict([5.1, 3.5, 1.4, 0.2])`: scikit-learn < 0.19 took a flat list as one sample;
    today it raises "Expected 2D array". A literal flat list of numbers becomes one row."""

    methods: tuple

    def edits(self, node, context):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in self.methods
                and len(node.args) == 1 and isinstance(node.args[0], (ast.List, ast.Tuple))):
            return None
        elements = node.args[0].elts
        numbers = [e.operand if isinstance(e, ast.UnaryOp) else e for e in elements]
        if not numbers or not all(isinstance(n, ast.Constant) and isinstance(n.value, (int, float)) for n in numbers):
            return None
        return wrap(context.locator, node.args[0], "[", "]")


@dataclass(frozen=True)
class GridKey(Row):
    """A removed estimator parameter in a search's parameter grid (`{'C': [1, 10], 'multi_class':
    ['ovr']}`): the entry goes, or (`to`) its key is renamed where the parameter is (`base_estimator`,
    `base_estimator__max_depth`, `ada__base_estimator` become `estimator`...). Only in a grid-shaped
    dict literal: no `**` entry, every value a list or tuple literal or a name (a list kept in a
    variable: `{'base_estimator': base_models, 'n_estimators': [4, 5]}`), one value at least a
    literal list; for a string key whose parameter name (after any `step__`) is `parameter`."""

    parameter: str
    to: str = None

    def edits(self, node, context):
        if not (isinstance(node, ast.Dict) and node.keys and all(k is not None for k in node.keys)
                and all(isinstance(v, (ast.List, ast.Tuple, ast.Name)) for v in node.values)
                and any(isinstance(v, (ast.List, ast.Tuple)) for v in node.values)):
            return None
        loc = context.locator
        edits = []
        for index, key in enumerate(node.keys):
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                continue
            parts = key.value.split("__")
            if self.to is not None and self.parameter in parts:
                renamed = "__".join(self.to if part == self.parameter else part for part in parts)
                edits.append(Edit(*loc.span(key), repr(renamed)))
            elif self.to is None and parts[-1] == self.parameter:
                start = loc.span(key)[0]
                if index + 1 < len(node.keys):
                    end = loc.span(node.keys[index + 1])[0]
                elif index > 0:
                    start, end = loc.span(node.values[index - 1])[1], loc.span(node.values[index])[1]
                else:
                    end = loc.span(node.values[index])[1]
                edits.append(Edit(start, end, ""))
        return edits or None


@dataclass(frozen=True)
class MatrixArgument(Row):
    """`np.asmatrix(x)` or `np.matrix(x)` given straight to a scikit-learn call (`callees`: its
    functions, or `methods` of an estimator) -> `np.asarray(x)`: scikit-learn took an np.matrix as
    the array of its values and now refuses it. Only there: a matrix kept in a variable may be used
    for matrix algebra (`*` multiplies matrices), which an array would silently change."""

    callees: tuple
    methods: tuple

    def edits(self, node, context):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("asmatrix", "matrix") and isinstance(node.func.value, ast.Name)
                and node.func.value.id in context.aliases("numpy")):
            return None
        parent = context.parent(node)
        if not (isinstance(parent, ast.Call) and node in [*parent.args, *(k.value for k in parent.keywords)]):
            return None
        called = parent.func.attr if isinstance(parent.func, ast.Attribute) else call_name(parent)
        if not (call_name(parent) in self.callees
                or isinstance(parent.func, ast.Attribute) and called in self.methods):
            return None
        return [rename_attribute(context.locator, node.func, "asarray")]
