"""Kinds of row for a call's signature, in any library: a keyword renamed, dropped or given a new
value (Keyword), arguments made keyword-only (KeywordOnly for scikit-learn's constructors,
Positional for pandas' methods), a method renamed (Method), an attribute renamed (Attribute).
Apart from the library-specific kinds because they only rename and move text in the call: they
know no library's types beyond a frame receiver (Method's frames_only).
"""
import ast
from dataclasses import dataclass, field

from ..source_edits import Edit, add_keyword, call_name, drop_keyword, rename_attribute, replace, wrap
from .base import ANY, Row, literal_value


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
        if self.when is not ANY and literal_value(keyword.value) not in _as_tuple(self.when):
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
