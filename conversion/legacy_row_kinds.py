"""The kinds of row in legacy_table.TABLE: each finds its old API on a cell's syntax tree and
returns the text edits (source_edits.Edit) that give today's equivalent with the old meaning.

A row's `edits(node, context)` is called for every node of the cell; it returns None when the
node is not its API, else a list of edits. `context` (legacy_api.RowContext) knows the cell's
text positions, the names that hold pandas frames, numpy's aliases and each node's parent.
Rows never guess a value's type from its name alone: where only the running notebook knows
(a list's append or a frame's), the call goes through a run-time helper (runtime_helpers.py).
"""
import ast
import importlib
from dataclasses import dataclass, field

from .source_edits import (Edit, add_keyword, call_name, drop_keyword, rename_attribute, replace,
                                     wrap)

ANY = object()  # a keyword row matching every value


def _constant(node):
    """A keyword's literal value; a non-literal matches no `when`."""
    return node.value if isinstance(node, ast.Constant) else _NOT_LITERAL


_NOT_LITERAL = object()


@dataclass(frozen=True, kw_only=True)
class Row:
    """What every row has: the report's text, and an example of the old code with its rewrite
    (tests/conversion/test_legacy_api.py runs both)."""

    why: str
    example: str = ""
    expected: str = ""
    old_result: object = None  # for an API that gives another answer instead of failing: what it gave


@dataclass(frozen=True)
class Keyword(Row):
    """A constructor or function keyword removed or renamed: in calls to `callees` (matched by
    the name called, `LogisticRegression(...)` or `lm.LogisticRegression(...)`), `keyword`
    (with value `when`, or any) is renamed to `to` (None: dropped), its value replaced by `value`
    (source text), `add` keywords added when absent, the call wrapped in `wrap`."""

    callees: tuple
    keyword: str
    when: object = ANY
    when_text: tuple = ()  # or: the value's source text is one of these (np.nan)
    unless: str = None  # a keyword that, when given anything but a literal False, keeps the call as it is
    with_any: tuple = ()  # or: only when the call also has one of these keywords (the old API is certain)
    suffix: str = None  # text appended after the call (`.squeeze('columns')`)
    to: str = None
    value: str = None
    add: tuple = ()
    wrap: str = None

    def edits(self, node, context):
        if not (isinstance(node, ast.Call) and call_name(node) in self.callees):
            return None
        keyword = next((k for k in node.keywords if k.arg == self.keyword), None)
        if keyword is None:
            return None
        if self.unless and any(k.arg == self.unless and not (isinstance(k.value, ast.Constant) and k.value.value is False)
                               for k in node.keywords):
            return None
        if self.when_text and ast.unparse(keyword.value) not in self.when_text:
            return None
        if self.with_any and not any(k.arg in self.with_any for k in node.keywords):
            return None
        if self.when is not ANY and _constant(keyword.value) not in _as_tuple(self.when):
            return None
        parent = context.parent(node)
        wrapped = isinstance(parent, ast.Call) and call_name(parent) == self.wrap
        if wrapped and self.to == self.keyword and self.value is None:
            return None  # done in an earlier sweep, or by the author
        loc = context.locator
        if self.to is None:
            edits = [drop_keyword(loc, node, keyword)]
        else:
            start = loc.offset(keyword.lineno, keyword.col_offset)
            value = self.value or loc.text(keyword.value)
            edits = [Edit(start, loc.span(keyword)[1], f"{self.to}={value}")]
        present = {k.arg for k in node.keywords}
        edits += [add_keyword(loc, node, text) for text in self.add if text.split("=")[0] not in present]
        if self.wrap and not wrapped:
            edits += wrap(loc, node, f"{self.wrap}(", ")")  # its import: missing_imports adds it
            context.wrapped.add(self.wrap)
        if self.suffix:
            end = loc.span(node)[1]
            edits.append(Edit(end, end, self.suffix))
        return edits


def _as_tuple(value):
    return value if isinstance(value, tuple) else (value,)


@dataclass(frozen=True)
class Method(Row):
    """A method renamed: `.name(...)` -> `.to(...)`, when the call has one of `needs` (keyword names,
    or "args" for positional arguments; empty: always), with `keywords` renamed ({old: new}; new
    None: dropped). `needs` and `frames_only` (the receiver holds a pandas frame) keep a list's
    .sort() and numpy's np.sort(a) apart from a frame's .sort('col')."""

    name: str
    to: str
    needs: tuple = ()
    keywords: dict = field(default_factory=dict)
    frames_only: bool = False

    def edits(self, node, context):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == self.name):
            return None
        present = {k.arg for k in node.keywords} | ({"args"} if node.args else set())
        if self.needs and not present & set(self.needs):
            return None
        if self.frames_only and not context.holds_frame(node.func.value):
            return None
        loc = context.locator
        edits = [rename_attribute(loc, node.func, self.to)]
        for keyword in node.keywords:
            if keyword.arg in self.keywords:
                new = self.keywords[keyword.arg]
                if new is None:
                    edits.append(drop_keyword(loc, node, keyword))
                else:
                    start = loc.offset(keyword.lineno, keyword.col_offset)
                    edits.append(Edit(start, start + len(keyword.arg), new))
        return edits


@dataclass(frozen=True)
class Positional(Row):
    """Arguments pandas 2 made keyword-only, given by position: in a call of `.name(...)` (a
    method, or `pd.name(...)`), the positional arguments after the first `keep` get the
    keywords `keywords`, in order (`df.drop('Id', 1)` -> `df.drop('Id', axis=1)`)."""

    name: str
    keywords: tuple
    keep: int = 1

    def edits(self, node, context):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == self.name):
            return None
        extra = node.args[self.keep:]
        if not extra or len(extra) > len(self.keywords) or any(isinstance(a, ast.Starred) for a in node.args):
            return None
        loc = context.locator
        return [replace(loc, arg, f"{keyword}={loc.text(arg)}") for keyword, arg in zip(self.keywords, extra)]


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
class Attribute(Row):
    """An attribute renamed wherever it is read (`.n_features_` -> `.n_features_in_`), or a
    module attribute of numpy (`module="numpy"`: only on numpy's aliases, `np.int0` -> `np.intp`),
    its call optionally given `suffix` text (`np.in1d(a, b)` -> `np.isin(a, b).ravel()`) or
    `add` keywords."""

    name: str
    to: str
    module: str = None
    suffix: str = ""
    add: tuple = ()

    def edits(self, node, context):
        if not (isinstance(node, ast.Attribute) and node.attr == self.name):
            return None
        if self.module and not (isinstance(node.value, ast.Name) and node.value.id in context.aliases(self.module)):
            return None
        edits = [rename_attribute(context.locator, node, self.to)]
        call = context.parent(node)
        if (self.suffix or self.add) and isinstance(call, ast.Call) and call.func is node:
            end = context.locator.span(call)[1]
            edits += [add_keyword(context.locator, call, text) for text in self.add]
            edits += [Edit(end, end, self.suffix)] if self.suffix else []
        return edits


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
        if len(node.args) >= 2 and isinstance(_constant(node.args[1]), bool):
            return None  # `KFold(2, True)`: model_selection's (n_splits, shuffle), not the old (n, n_folds)
        context.helpers.add("_convert_folds_")
        loc = context.locator
        opening = loc.source.index("(", loc.span(node.func)[1]) + 1
        return [Edit(loc.span(node)[0], opening, f"_convert_folds_({loc.text(node.func)}, ")]


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
class Import(Row):
    """A module or name that moved: `from old import name` -> `from to import new` (name None: every
    name of `old`; `import old as x` too). `prefix=True`: every submodule of `old` (`sklearn.ensemble.forest`)
    moves to its package, when the package has every imported name and `old` is not importable."""

    old: str
    to: str
    name: str = None
    new: str = None
    prefix: bool = False

    def target(self, module, names):
        if self.prefix:
            parts = (module or "").split(".")
            if not (module or "").startswith(self.old + ".") or len(parts) != 3 or _importable(module):
                return None
            package = ".".join(parts[:2])
            return package if all(_has(package, n) for n in names) else None
        if module != self.old or (self.name and names != [self.name]):
            return None
        return self.to

    def edits(self, node, context):
        if isinstance(node, ast.ImportFrom) and not node.level:
            target = self.target(node.module, [a.name for a in node.names])
            if target is None:
                return None
            aliases = [ast.alias(self.new or a.name, a.asname or (a.name if self.new else None)) for a in node.names]
            return [replace(context.locator, node, ast.unparse(ast.ImportFrom(target, aliases, 0)))]
        if isinstance(node, ast.Import) and not self.name and not self.prefix:
            if not any(a.name == self.old and (a.asname or "." not in self.old) for a in node.names):
                return None  # `import pandas.util.testing` binds pandas itself: its uses name the old path
            aliases = [ast.alias(self.to, a.asname) if a.name == self.old else a for a in node.names]
            return [replace(context.locator, node, ast.unparse(ast.Import(aliases)))]
        return None


def _importable(module):
    try:
        importlib.import_module(module)
    except Exception:  # not importable here, for whatever reason
        return False
    return True


def _has(module, name):
    try:
        return hasattr(importlib.import_module(module), name)
    except Exception:
        return False


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
        if keyword is None or _constant(keyword.value) is not True:
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
        if keyword is None or _constant(keyword.value) is not True:
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


# nose's assert_* names (sklearn.utils.testing gave them until 0.24): unittest's assert methods.
def _unittest_name(name):
    return "assert" + "".join(part.title() for part in name.split("_")[1:])


@dataclass(frozen=True)
class NoseAsserts(Row):
    """`from sklearn.utils.testing import assert_true, assert_array_equal` (removed in 0.24): what
    sklearn.utils._testing still has is imported from there, nose's assert_true & co. become the
    unittest methods they stood for, on one line. Any other name keeps the import as written."""

    old: str

    def edits(self, node, context):
        if not (isinstance(node, ast.ImportFrom) and node.module == self.old and not node.level):
            return None
        kept, nose = [], []
        for alias in node.names:
            if _has("sklearn.utils._testing", alias.name):
                kept.append(alias)
            elif alias.name.startswith("assert_") and hasattr(__import__("unittest").TestCase, _unittest_name(alias.name)):
                nose.append(alias)
            else:
                return None
        parts = [ast.unparse(ast.ImportFrom("sklearn.utils._testing", kept, 0))] if kept else []
        if nose:
            parts.append("import unittest as _convert_unittest_")
            parts += [f"{a.asname or a.name} = _convert_unittest_.TestCase().{_unittest_name(a.name)}" for a in nose]
        return [replace(context.locator, node, "; ".join(parts))]


@dataclass(frozen=True)
class KeywordOnly(Row):
    """Constructor arguments scikit-learn made keyword-only, given by position: in a call of one of
    `callees`, the positional arguments after the first `keep` get `keywords`, in order, only when
    each is a literal of the type today's parameter takes (`kinds`): `KFold(2, True)` is
    `KFold(2, shuffle=True)`, while the old cross_validation `KFold(150, 5)` (an int second) is not."""

    callees: tuple
    keywords: tuple
    kinds: tuple
    keep: int = 1

    def edits(self, node, context):
        if not (isinstance(node, ast.Call) and call_name(node) in self.callees):
            return None
        extra = node.args[self.keep:]
        if not extra or len(extra) > len(self.keywords) or any(
                not isinstance(arg, ast.Constant) or type(arg.value) not in _as_tuple(kind)
                for arg, kind in zip(extra, self.kinds)):
            return None
        loc = context.locator
        return [replace(loc, arg, f"{keyword}={loc.text(arg)}") for keyword, arg in zip(self.keywords, extra)]


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
