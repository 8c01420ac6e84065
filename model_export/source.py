"""What the notebook's own code says about its columns: where each is assigned, from what, and the
literal code tables (`.map({...})`, `.replace({...})`) it applies to a column. Parsed, never run.

The generated script carries the export's prologue and appendix around the notebook's code; only
the lines between the markers are the notebook's (without markers, as in tests, the whole file).
Line numbers are the script's, so that `Recording.where(line)` names the notebook's cell.
"""
import ast

from ._common import APPENDIX_MARKER, PROLOGUE_END


def notebook_nodes(path):
    """Every AST node of the notebook's own code in the script at `path`; [] when unreadable."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        tree = ast.parse(text)
    except (TypeError, OSError, ValueError, SyntaxError):
        return []
    lines = text.splitlines()
    first = next((i + 1 for i, line in enumerate(lines) if line == PROLOGUE_END), 0)
    last = next((i + 1 for i, line in enumerate(lines) if line == APPENDIX_MARKER), len(lines) + 1)
    return [n for statement in tree.body if first < statement.lineno < last for n in ast.walk(statement)]


def _key(node):
    """The column name a subscript selects (`df['ratio']`, `df.loc[:, 'ratio']`), else None."""
    if not isinstance(node, ast.Subscript):
        return None
    index = node.slice
    if isinstance(index, ast.Tuple) and index.elts:
        index = index.elts[-1]
    return index.value if isinstance(index, ast.Constant) and isinstance(index.value, str) else None


def _column_of(node):
    """The column an expression reads directly: `df['sex']` or `df.sex` (the attribute's name)."""
    key = _key(node)
    if key is not None:
        return key
    return node.attr if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) else None


KEEPS_VALUES = frozenset({"fillna", "astype", "to_numeric", "infer_objects", "convert_dtypes"})


def _keys(node):
    """The column names a subscript selects by a literal list (`df[['a', 'b']]`), else None."""
    if not (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.List) and node.slice.elts):
        return None
    names = [e.value for e in node.slice.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return names if len(names) == len(node.slice.elts) else None


def _chain_root(node):
    """What a method chain starts from: `df[cols]` for `df[cols].replace(0, np.nan).infer_objects()`."""
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        node = node.func.value
    return node


def _replaces_numbers(value):
    """`.replace(0, np.nan)`, `.replace([0, -1], ...)`: numbers given another value, which changes what
    a number means (0 becomes a gap, then the mean); unlike `.str.replace(',', '')` or `'?'` made NaN."""
    for node in ast.walk(value):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "replace" \
                and node.args and not (isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "str"):
            first = node.args[0]
            items = first.elts if isinstance(first, (ast.List, ast.Tuple)) else [first]
            if items and all(isinstance(i, ast.Constant) and type(i.value) in (int, float) for i in items):
                return True
    return False


def _method(node):
    """The method a call calls (`replace` for `df['a'].replace(...)`), else None."""
    return node.func.attr if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) else None


def _text_made_gaps(call):
    """`.replace('?', np.nan)`, `.replace(['?', ' '], None)`: text placeholders made gaps, the values kept."""
    if len(call.args) != 2:
        return False
    old, new = call.args
    items = old.elts if isinstance(old, (ast.List, ast.Tuple)) else [old]
    gap = (isinstance(new, ast.Constant) and new.value is None) or (
        isinstance(new, ast.Attribute) and new.attr in ("nan", "NaN", "NA"))
    return gap and bool(items) and all(isinstance(i, ast.Constant) and isinstance(i.value, str) for i in items)


class Assignment:
    """`df['ratio'] = <value>` (or `.assign(ratio=<value>)`) at a script line; `elementwise` when the
    column was assigned with others, each from itself (`df[cols] = df[cols].replace(0, np.nan)`)."""

    def __init__(self, column, value, line, elementwise=False):
        self.column, self.value, self.line, self.elementwise = column, value, line, elementwise

    def reads(self, known):
        """The columns of `known` (names of the notebook's columns) the value reads."""
        if self.elementwise:
            return {self.column} & set(known)
        names = set()
        for node in ast.walk(self.value):
            name = _column_of(node)
            if name is None and isinstance(node, ast.Constant) and isinstance(node.value, str):
                name = node.value  # df[['a', 'b']].sum(axis=1), df.eval('a / b')
            if name in known:
                names.add(name)
        return names

    def fills_itself(self):
        """`df['age'] = df['age'].fillna(...)`: the column itself, its gaps filled."""
        value = self.value
        return (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)
                and value.func.attr == "fillna" and _column_of(value.func.value) == self.column)

    def keeps_values(self):
        """The column's values kept as they are, only their type or gaps changed: `.fillna(...)`,
        `.astype(float)`, `pd.to_numeric(...)`, `.str.replace(',', '').astype(float)`."""
        value = self.value
        while _method(value) == "infer_objects":  # the converter's suffix after a replace (legacy_table.py)
            value = value.func.value
        if not isinstance(value, ast.Call):
            return False
        name = value.func.attr if isinstance(value.func, ast.Attribute) else getattr(value.func, "id", None)
        if name == "replace":
            return _text_made_gaps(value)
        return name in KEEPS_VALUES and not _replaces_numbers(value)

    def replaces_numbers(self):
        return _replaces_numbers(self.value)

    def uses_a_model(self):
        """`df['cluster'] = km.fit_predict(X)`: a column made by a model's output."""
        return any(isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                   and node.func.attr in ("fit_predict", "predict", "predict_proba") for node in ast.walk(self.value))


def assignments(nodes):
    """{column: [Assignment, ...]} for every column the notebook's code assigns by name."""
    found = {}
    for node in nodes:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                key = _key(target)
                if key is not None:
                    found.setdefault(key, []).append(Assignment(key, node.value, node.lineno))
                keys = _keys(target)
                if keys is not None and _keys(_chain_root(node.value)) == keys:
                    for key in keys:
                        found.setdefault(key, []).append(Assignment(key, node.value, node.lineno, elementwise=True))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "assign":
            for keyword in node.keywords:
                if keyword.arg:
                    found.setdefault(keyword.arg, []).append(Assignment(keyword.arg, keyword.value, node.lineno))
    return found


def code_tables(nodes, namespace):
    """{column: {value: code}} for the code tables the notebook applies to a column: `df['sex'].map(
    {'male': 0, 'female': 1})`, `df.sex.replace([...], [...])`, `df.replace({'sex': {...}})`, a
    dict kept in a variable and passed by name."""
    found = {}
    for node in nodes:
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("map", "replace") and node.args):
            continue
        values = [_literal(arg, namespace) for arg in node.args[:2]]
        column = _column_of(node.func.value)
        if isinstance(values[0], dict) and column is not None:
            found.setdefault(column, values[0])
        elif isinstance(values[0], dict):  # df.replace({'sex': {'male': 0, ...}, ...})
            for key, table in values[0].items():
                if isinstance(key, str) and isinstance(table, dict):
                    found.setdefault(key, table)
        elif column is not None and len(values) == 2 and all(isinstance(v, (list, tuple)) for v in values) \
                and len(values[0]) == len(values[1]):
            found.setdefault(column, dict(zip(values[0], values[1])))
    return {column: table for column, table in found.items() if _is_code_table(table)}


def _literal(node, namespace):
    """A literal's value, or a dict the notebook keeps under that name; None otherwise."""
    if isinstance(node, ast.Name) and isinstance(namespace.get(node.id), dict):
        return namespace[node.id]
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


def _is_code_table(table):
    """{value: number} with distinct numbers: a category's codes."""
    codes = list(table.values())
    return bool(table) and all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in codes) \
        and len(set(codes)) == len(codes)
