"""Kinds of row for a pandas call rewritten where it stands, with no run-time helper: a method
whose result pandas no longer converts (Suffix), a display option (Option), a removed accessor
method (Indexer), and `inplace=True` that pandas removed (InplaceRemoved) or that copy-on-write
made change a copy (ChainedInplace), each assigned back instead. Apart from pandas_values.py:
the text alone makes these certain.
"""
import ast
from dataclasses import dataclass

from ..source_edits import Edit, call_name, drop_keyword, replace
from .base import Row, literal_value


@dataclass(frozen=True)
class Suffix(Row):
    """A frame's method whose result pandas no longer converts as it did: the call, on a receiver
    that holds a frame and without `inplace`, is given `suffix` text (`s.replace({'a': 0})` ->
    `s.replace({'a': 0}).infer_objects()`)."""

    name: str
    suffix: str

    def edits(self, node, context):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == self.name
                and context.holds_frame(node.func.value) and not any(k.arg == "inplace" for k in node.keywords)):
            return None
        if isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "str":
            return None  # `.str.replace`: text in, text out
        parent = context.parent(node)
        if isinstance(parent, ast.Attribute) and "." + parent.attr == self.suffix.split("(")[0]:
            return None  # done in an earlier sweep, or by the author
        end = context.locator.span(node)[1]
        return [Edit(end, end, self.suffix)]


@dataclass(frozen=True)
class Option(Row):
    """A pandas display option renamed or given a value it no longer takes: in
    `pd.set_option(name, value)` and `pd.options.<name> = value`, `rename` names the option
    anew, `old` (a literal) becomes `new` (source text)."""

    name: str
    old: object = None
    new: str = None
    rename: str = None

    def edits(self, node, context):
        loc = context.locator
        if isinstance(node, ast.Call) and call_name(node) == "set_option" and len(node.args) == 2:
            key, value = node.args
            if not (isinstance(key, ast.Constant) and key.value == self.name):
                return None
            if self.rename:
                return [replace(loc, key, repr(self.rename))]
            return [replace(loc, value, self.new)] if self._is_old(value) else None
        if (isinstance(node, ast.Assign) and len(node.targets) == 1 and not self.rename
                and ast.unparse(node.targets[0]).endswith("options." + self.name) and self._is_old(node.value)):
            return [replace(loc, node.value, self.new)]
        return None

    def _is_old(self, value):
        number = value.operand if isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.USub) else value
        return (isinstance(number, ast.Constant) and not isinstance(number.value, bool)
                and (-number.value if number is not value else number.value) == self.old)


@dataclass(frozen=True)
class Indexer(Row):
    """`obj.get_value(r, c)` -> `obj.at[r, c]`: a removed accessor method that an indexer replaces."""

    name: str
    to: str

    def edits(self, node, context):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == self.name
                and node.args and not node.keywords):
            return None
        loc = context.locator
        keys = ", ".join(loc.text(arg) for arg in node.args)
        return [Edit(loc.span(node.func.value)[1], loc.span(node)[1], f".{self.to}[{keys}]")]


@dataclass(frozen=True)
class InplaceRemoved(Row):
    """A method that lost `inplace=` (`df.set_axis(names, axis=1, inplace=True)`, pandas 2): as a
    statement on a name, the keyword goes and the result is assigned back (`df = df.set_axis(...)`)."""

    name: str

    def edits(self, node, context):
        if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
                and isinstance(node.value.func, ast.Attribute) and node.value.func.attr == self.name
                and isinstance(node.value.func.value, ast.Name)):
            return None
        call = node.value
        keyword = next((k for k in call.keywords if k.arg == "inplace"), None)
        if keyword is None or literal_value(keyword.value) is not True:
            return None
        loc = context.locator
        start = loc.span(node)[0]
        return [Edit(start, start, f"{call.func.value.id} = "), drop_keyword(loc, call, keyword)]


@dataclass(frozen=True)
class ChainedInplace(Row):
    """An in-place method on one column of a frame (`df['age'].fillna(m, inplace=True)`, also
    `df.age.fillna(...)`): pandas < 3 changed the frame's column; under pandas 3's copy-on-write it
    changes a copy and the frame keeps its gaps (a ChainedAssignmentError warning only). As a
    statement on one column named by a literal (not `df[['a', 'b']]`, a copy in every pandas), the
    keyword goes and the result is assigned to the column (`df['age'] = df['age'].fillna(m)`)."""

    methods: tuple

    def edits(self, node, context):
        if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
                and isinstance(node.value.func, ast.Attribute) and node.value.func.attr in self.methods):
            return None
        call = node.value
        keyword = next((k for k in call.keywords if k.arg == "inplace"), None)
        if keyword is None or literal_value(keyword.value) is not True:
            return None
        column = call.func.value
        if isinstance(column, ast.Subscript) and isinstance(column.value, (ast.Name, ast.Attribute)) and (
                (isinstance(column.slice, ast.Constant) and isinstance(column.slice.value, (str, int)))
                or _loops_over_names(column.slice, node, context)):
            target = context.locator.text(column)
        elif isinstance(column, ast.Attribute) and isinstance(column.value, ast.Name):
            target = f"{column.value.id}[{column.attr!r}]"
        else:
            return None
        loc = context.locator
        start = loc.span(node)[0]
        return [Edit(start, start, f"{target} = "), drop_keyword(loc, call, keyword)]


def _loops_over_names(key, node, context):
    """Whether `key` is the variable of a `for` around `node` over a literal list of column names
    (`for col in ['a', 'b']: df[col].fillna(..., inplace=True)`): one column at a time."""
    if not isinstance(key, ast.Name):
        return False
    scope = context.parent(node)
    while scope is not None:
        if isinstance(scope, ast.For) and isinstance(scope.target, ast.Name) and scope.target.id == key.id:
            items = scope.iter.elts if isinstance(scope.iter, (ast.List, ast.Tuple)) else []
            return bool(items) and all(isinstance(i, ast.Constant) and isinstance(i.value, str) for i in items)
        scope = context.parent(scope)
    return False
