"""Paths from the notebook author's machine: `C:\\Users\\ana\\Iris.csv`, `/Users/ana/data/`,
`/home/ana/iris`, `~/Downloads/Iris.csv`, in a call, in a variable, or in a `%cd`.

Whether such a path exists is known only where the script runs, so the decision is made there:
each literal goes through `_convert_path_` (runtime_helpers.py), which keeps it when it exists
and otherwise names the file (or folder) of that name in the notebook's folder, where the script
runs, as hosted notebooks' /content/ and /kaggle/input/ paths are read from it; a file the
notebook writes goes there too, and a missing folder (`os.chdir('/Users/ana/iris')`, a `%cd`
to it, `base = 'C:/data/'`) is the notebook's folder.
Every rewritten line is reported.
"""
import ast
import re

from .source_edits import Locator, apply_edits, wrap

# A drive letter (C:\ or C:/), a Mac or Linux home folder, or the author's ~.
AUTHOR_PATH = re.compile(r"^(?:[A-Za-z]:[\\/]|/Users/|/home/|~[\\/]|~$)")


def is_author_path(value):
    return isinstance(value, str) and bool(AUTHOR_PATH.match(value)) and "\n" not in value


def as_notebook_folder(source, cell):
    """Cell pass: authors' paths read from the notebook's folder when they are not on this machine
    (also a `%cd`'s: `_convert_cd_(_convert_path_(...))`). Lines stay in place; returns (source, [(line, why)])."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source, []
    locator = Locator(source)
    in_fstring = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    edits, notes = [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and is_author_path(node.value) and id(node) not in in_fstring:
            edits += wrap(locator, node, "_convert_path_(", ")")
            notes.append((node.lineno, f"path from the author's machine {node.value!r}: read from the notebook's "
                                       f"folder when it is not on this machine ({_local_name(node.value)!r})"))
    text, _ = apply_edits(source, edits)
    return text, sorted(notes)


def _local_name(path):
    """What `_convert_path_` uses for a missing path when a file of that name is in the notebook's folder."""
    parts = [part for part in re.split(r"[\\/]", path) if part and part != "~"]
    name = parts[-1] if parts else ""
    folder = path.endswith(("/", "\\"))
    if folder or not name or "." not in name.strip("."):
        return "./" if folder else "."
    return name

