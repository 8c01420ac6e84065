"""Small text edits located on a cell's syntax tree, applied without moving any line.

The passes of this package change a cell's code where the tree says (a keyword, a method name,
a receiver to wrap) and leave every other character as the author wrote it: the report's line
numbers and the author's comments and layout survive. An edit is (start, end, text) in character
offsets of the cell's source; `ast` gives UTF-8 byte columns, which `offset` converts.
"""
import ast
from dataclasses import dataclass


@dataclass(frozen=True)
class Edit:
    """Replace source[start:end] with text (start == end: an insertion)."""

    start: int
    end: int
    text: str


class Locator:
    """Character offsets of syntax-tree positions in one source text."""

    def __init__(self, source):
        self.source = source
        self.lines = source.split("\n")
        self.starts = [0]
        for line in self.lines[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)

    def offset(self, lineno, col_offset):
        """The character offset of (1-based line, UTF-8 byte column)."""
        line = self.lines[lineno - 1]
        return self.starts[lineno - 1] + len(line.encode("utf-8")[:col_offset].decode("utf-8", "replace"))

    def span(self, node):
        """(start, end) character offsets of a node."""
        return self.offset(node.lineno, node.col_offset), self.offset(node.end_lineno, node.end_col_offset)

    def text(self, node):
        start, end = self.span(node)
        return self.source[start:end]

    def line_of(self, offset):
        """The 1-based line holding a character offset."""
        return max(i for i, start in enumerate(self.starts, start=1) if start <= offset)


def replace(locator, node, text):
    """An edit replacing a node's whole text."""
    return Edit(*locator.span(node), text)


def wrap(locator, node, before, after):
    """Two insertions around a node: `before` + node + `after`."""
    start, end = locator.span(node)
    return [Edit(start, start, before), Edit(end, end, after)]


def attribute_name_span(locator, node):
    """The span of the attribute name in `value.name` (after the dot, whatever spacing)."""
    end = locator.offset(node.end_lineno, node.end_col_offset)
    return end - len(node.attr), end


def rename_attribute(locator, node, new_name):
    return Edit(*attribute_name_span(locator, node), new_name)


def keyword_span(locator, call, keyword):
    """The span of `keyword=value` together with the comma that joins it to its neighbours,
    so deleting it leaves a well-formed call: `f(a, k=1, b=2)` -> `f(a, b=2)`."""
    items = sorted([*call.args, *call.keywords], key=lambda n: (n.lineno, n.col_offset))
    index = items.index(keyword)
    start, end = locator.span(keyword)
    if index > 0:
        start = locator.span(items[index - 1])[1]
    elif len(items) > 1:
        end = locator.span(items[1])[0]
    return start, end


def drop_keyword(locator, call, keyword):
    return Edit(*keyword_span(locator, call, keyword), "")


def add_keyword(locator, call, text):
    """Insert `text` (`name=value`) as the call's last argument."""
    end = locator.offset(call.end_lineno, call.end_col_offset) - 1  # the closing parenthesis
    items = [*call.args, *call.keywords]
    if not items:
        return Edit(end, end, text)
    last_end = max(locator.span(item)[1] for item in items)
    return Edit(last_end, last_end, f", {text}")


def apply_edits(source, edits):
    """The source with the edits applied; an edit overlapping an earlier-kept one is skipped
    (the pass runs again on the result). Returns (text, applied edits)."""
    kept = []
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if kept and edit.start < kept[-1].end and not (edit.start == edit.end == kept[-1].end):
            continue
        kept.append(edit)
    text = source
    for edit in reversed(kept):
        text = text[:edit.start] + edit.text + text[edit.end:]
    return text, kept


def call_name(call):
    """The terminal name a call is made through: `LogisticRegression` for `LogisticRegression(...)`,
    `lm.LogisticRegression(...)` and `sklearn.linear_model.LogisticRegression(...)`; else None."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def parse_or_none(source):
    try:
        return ast.parse(source)
    except SyntaxError:
        return None


def literal_strings(tree):
    """The string constants of a syntax tree written as whole literals (not the text parts of an f-string)."""
    in_fstring = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    return [node for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in in_fstring]


def route_literals(source, matches, helper, why):
    """Each whole string literal of `source` for which `matches(value)` is true goes through the
    run-time helper `helper(...)`, in place (lines are kept); returns (source, [(line, why(value))])."""
    tree = parse_or_none(source)
    if tree is None:
        return source, []
    locator = Locator(source)
    found = [node for node in literal_strings(tree) if matches(node.value)]
    text, _ = apply_edits(source, [edit for node in found for edit in wrap(locator, node, f"{helper}(", ")")])
    return text, sorted((node.lineno, why(node.value)) for node in found)
