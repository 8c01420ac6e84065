"""Kinds of row for pandas code whose old meaning depends on a value only the running notebook
knows, so the call goes through a helper of runtime_helpers.py that does what the old library did
for pandas objects and passes anything else through: a frame's methods and removed attributes
(Receiver), a frame's or a list's append (Append), a text column's dtype (TextDtype), int() of a
one-element Series (Scalar), `row[0]` in a function applied along rows (RowPosition). Apart
because each one adds its helper to the script (context.helpers).
"""
import ast
from dataclasses import dataclass

from ..source_edits import Edit, call_name, replace, wrap
from .base import Row


@dataclass(frozen=True)
class Receiver(Row):
    """A call through a frame routed through a run-time helper: `df.corr()` ->
    `_convert_numeric_only_(df).corr()`; with `replaces` the removed attribute itself goes:
    `df.ix[...]` -> `_convert_ix_(df)[...]`. Only receivers rooted at a name that holds a pandas
    frame (or a groupby of one), unless `any_receiver`; with `after`, only once a Keyword row
    wrapped a call of the notebook in that class (what the wrapper lacks, reads of it get back)."""

    names: tuple
    helper: str
    unless_keyword: str = None
    any_receiver: bool = False
    replaces: bool = False
    after: str = None

    def edits(self, node, context):
        if not (isinstance(node, ast.Attribute) and node.attr in self.names and isinstance(node.ctx, ast.Load)):
            return None
        if self.after and (self.after not in context.wrapped
                           or isinstance(node.value, ast.Call) and call_name(node.value) == self.helper):
            return None  # nothing wrapped yet, or done in an earlier sweep
        call = context.parent(node)
        if self.unless_keyword and isinstance(call, ast.Call) and any(k.arg == self.unless_keyword for k in call.keywords):
            return None
        if not (self.any_receiver or context.holds_frame(node.value)):
            return None
        context.helpers.add(self.helper)
        if self.replaces:
            (start, receiver_end), end = context.locator.span(node.value), context.locator.span(node)[1]
            return [Edit(start, start, f"{self.helper}("), Edit(receiver_end, end, ")")]
        return wrap(context.locator, node.value, f"{self.helper}(", ")")


@dataclass(frozen=True)
class Append(Row):
    """`df.append(other, ignore_index=True)` (removed in pandas 2) through `_convert_append_`, which
    does pandas 1.x's append with pd.concat and leaves a list's append alone. Only where a list's
    append is impossible or the receiver holds a frame: its result is used, or it has pandas'
    keywords."""


    def edits(self, node, context):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append"):
            return None
        pandas_keywords = {k.arg for k in node.keywords} & {"ignore_index", "verify_integrity", "sort"}
        used = not isinstance(context.parent(node), (ast.Expr, ast.ListComp, ast.SetComp, ast.GeneratorExp))
        if not (pandas_keywords or (used and context.holds_frame(node.func.value))
                or (isinstance(context.parent(node), ast.Assign) and len(node.args) == 1)):
            return None
        context.helpers.add("_convert_append_")
        loc = context.locator
        receiver = loc.text(node.func.value)
        opening = loc.source.index("(", loc.span(node.func)[1]) + 1
        return [Edit(loc.span(node)[0], opening, f"_convert_append_({receiver}, "
                     if node.args or node.keywords else f"_convert_append_({receiver}")]


@dataclass(frozen=True)
class TextDtype(Row):
    """`df[c].dtype == object` (or 'O', 'object'): pandas < 3 kept text as object, pandas 3 reads it
    as the str dtype, so the comparison silently turns False. The compared dtype goes through
    `_convert_dtype_`, which gives object for pandas' str dtype (also for a frame's `.dtypes`)."""

    spellings: tuple = ("object", "O")

    def edits(self, node, context):
        if not (isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.Eq, ast.NotEq))):
            return None
        left, right = node.left, node.comparators[0]
        for dtype, other in ((left, right), (right, left)):
            if self._is_dtype(dtype) and self._is_object(other, context):
                context.helpers.add("_convert_dtype_")
                return wrap(context.locator, dtype, "_convert_dtype_(", ")")
        return None

    @staticmethod
    def _is_dtype(node):
        if isinstance(node, ast.Subscript):
            node = node.value
        return isinstance(node, ast.Attribute) and node.attr in ("dtype", "dtypes")

    def _is_object(self, node, context):
        if isinstance(node, ast.Call) and call_name(node) == "dtype" and len(node.args) == 1:
            node = node.args[0]
        if isinstance(node, ast.Constant):
            return node.value in self.spellings
        if isinstance(node, ast.Name):
            return node.id == "object"
        return (isinstance(node, ast.Attribute) and node.attr in ("object_", "object", "O")
                and isinstance(node.value, ast.Name) and node.value.id in context.aliases("numpy"))


@dataclass(frozen=True)
class Scalar(Row):
    """int()/float() of a one-element Series (pandas 1.x) or array (numpy < 2) through
    `_convert_scalar_`: only for arguments that come from a frame or a model's predict."""

    callees: tuple

    def edits(self, node, context):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in self.callees
                and len(node.args) == 1 and not node.keywords):
            return None
        arg = node.args[0]
        predicted = (isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute)
                     and arg.func.attr in ("predict", "predict_proba"))
        if not (predicted or (isinstance(arg, (ast.Subscript, ast.Attribute, ast.Call)) and context.holds_frame(arg))):
            return None
        context.helpers.add("_convert_scalar_")
        return wrap(context.locator, arg, "_convert_scalar_(", ")")


@dataclass(frozen=True)
class RowPosition(Row):
    """`cols[0]` on the row a function gets from `df.apply(f, axis=1)` (or a lambda given to such an
    apply): pandas < 3 read the integer as a position when the columns have names; pandas 3 raises
    KeyError. Only the function's first parameter, subscripted by an integer literal, in a function
    the notebook applies along rows; through `_convert_position_`, which reads labels as written
    where the row's labels are numbers."""

    def edits(self, node, context):
        if not (isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and isinstance(node.value, ast.Name)
                and isinstance(node.slice, ast.Constant) and type(node.slice.value) is int):
            return None
        scope = context.parent(node)
        while scope is not None and not isinstance(scope, (ast.FunctionDef, ast.Lambda)):
            scope = context.parent(scope)
        if scope is None or not scope.args.args or scope.args.args[0].arg != node.value.id:
            return None
        applied = (scope.name in context.row_functions if isinstance(scope, ast.FunctionDef)
                   else _applied_along_rows(context.parent(scope), scope))
        if not applied:
            return None
        context.helpers.add("_convert_position_")
        return [replace(context.locator, node, f"_convert_position_({node.value.id}, {node.slice.value})")]


def _applied_along_rows(call, function):
    """Whether `call` is `<frame>.apply(function, axis=1)` (axis='columns' too)."""
    return (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "apply"
            and bool(call.args) and call.args[0] is function
            and any(k.arg == "axis" and isinstance(k.value, ast.Constant) and k.value.value in (1, "columns")
                    for k in call.keywords))


def row_functions(trees):
    """The names of the functions the notebook applies along a frame's rows (`df.apply(f, axis=1)`)."""
    return {call.args[0].id for tree in trees for call in ast.walk(tree)
            if isinstance(call, ast.Call) and call.args and isinstance(call.args[0], ast.Name)
            and _applied_along_rows(call, call.args[0])}
