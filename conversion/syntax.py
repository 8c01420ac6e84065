"""Text and syntax helpers that several passes share.

They live here, apart from any one pass, so that passes depend on this module and never on
each other: the magics pass writes the sentinel that the plan comments out, and the plan,
the editing of the text and the script's assembly all count columns and comment lines alike.
"""
import ast
import sys

from .notes import ConvertError

# handle_magics replaces an IPython line to comment out with a call of this name, so that the
# plan comments it like any statement (an emptied block then gets `pass`).
MAGIC_SENTINEL = "_convert_magic_"


def is_magic_sentinel(stmt):
    """The placeholder handle_magics left for a magic line to comment out."""
    return (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)
            and isinstance(stmt.value.func, ast.Name) and stmt.value.func.id == MAGIC_SENTINEL)


def char_column(line, offset):
    """The character index of an `ast` column: ast counts UTF-8 bytes, so on a line with
    `'naïve'` or an emoji before the node, its byte offset would cut the wrong text."""
    return len(line.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))


def parse_cell(source, cell):
    """Parse a cell after magic handling; a cell that still is not Python is a clear error."""
    try:
        return ast.parse(source)
    except SyntaxError as error:
        line = (error.text or "").strip()
        raise ConvertError(f"cell {cell} is not valid Python (line {error.lineno}: {error.msg}): {line}"
                           f"{_newer_syntax_hint(error)}") from None


def _newer_syntax_hint(error):
    """What to do when a cell may use syntax of a newer Python than this one (an f-string that
    reuses its own quotes, `f"{d["k"]}"`, is valid from Python 3.12 on)."""
    if sys.version_info < (3, 12) and "f-string" in error.msg:
        return (f"; the notebook's kernel may be a newer Python (3.12 allows the same quotes inside an f-string) "
                f"than this {sys.version_info.major}.{sys.version_info.minor}: use the other quote inside the "
                f"braces, or run convert.py and the script with that newer Python")
    return ""


def target_names(targets):
    """Plain names bound by assignment targets, through tuples and starred names."""
    found = []
    for target in targets:
        for sub in ast.walk(target):
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, (ast.Store, ast.Del)):
                found.append(sub.id)
    return found


def terminal_name(node):
    """`ConfusionMatrixDisplay` for both `ConfusionMatrixDisplay` and `metrics.ConfusionMatrixDisplay`."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def comment_lines(lines, stmt, original, done):
    """Comment out a statement's whole lines, keeping its text after `# `; `done` holds lines
    already commented (two statements on one line are commented once)."""
    first = lines[stmt.lineno - 1]
    indent = first[: len(first) - len(first.lstrip())]
    for index in range(stmt.lineno - 1, stmt.end_lineno):
        line = lines[index]
        if index in done or not line.strip():
            continue
        done.add(index)
        if original is not None:
            lines[index] = f"{indent}# {original.strip()}"
        elif line.startswith(indent):
            lines[index] = f"{indent}# {line[len(indent):]}"
        else:
            lines[index] = f"# {line}"
