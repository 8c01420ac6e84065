"""Paths from the notebook author's machine: `C:\\Users\\ana\\Iris.csv`, `/Users/ana/data/`,
`/home/ana/iris`, `~/Downloads/Iris.csv`, in a call, in a variable, or in a `%cd`.

Whether such a path exists is known only where the script runs, so the decision is made there:
each literal goes through `_convert_path_` (runtime_helpers.py), which keeps it when it exists
and otherwise names the file (or folder) of that name in the notebook's folder, where the script
runs, as hosted notebooks' /content/ and /kaggle/input/ paths are read from it. A `%cd` (which
the magics pass turned into `os.chdir(os.path.expanduser(...))`) and an `os.chdir` to an author's
folder go through `_convert_cd_`: a missing folder prints the error and the script goes on, as
IPython's %cd does (an author's folder is first looked for in the notebook's folder, as above).
Every rewritten line is reported.
"""
import ast
import re

from conversion.source_edits import Locator, apply_edits, replace, wrap

# A drive letter (C:\ or C:/), a Mac or Linux home folder, or the author's ~.
AUTHOR_PATH = re.compile(r"^(?:[A-Za-z]:[\\/]|/Users/|/home/|~[\\/]|~$)")


def is_author_path(value):
    return isinstance(value, str) and bool(AUTHOR_PATH.match(value)) and "\n" not in value


def _is_call(node, dotted):
    """`node` is a call of `dotted` written in full (`os.chdir`, `os.path.expanduser`)."""
    return isinstance(node, ast.Call) and ast.unparse(node.func) == dotted and len(node.args) == 1 and not node.keywords


def _cd_target(node):
    """The path of `os.chdir(os.path.expanduser(X))` (what %cd becomes) or of `os.chdir('<author path>')`."""
    if not _is_call(node, "os.chdir"):
        return None
    arg = node.args[0]
    if _is_call(arg, "os.path.expanduser"):
        return arg.args[0]
    if isinstance(arg, ast.Constant) and is_author_path(arg.value):
        return arg
    return None


def as_notebook_folder(source, cell):
    """Cell pass: authors' paths read from the notebook's folder when they are not on this machine,
    and `%cd` going on past a missing folder. Lines stay in place; returns (source, [(line, why)])."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source, []
    locator = Locator(source)
    in_fstring = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    edits, notes, done = [], [], set()
    for node in ast.walk(tree):
        target = _cd_target(node)
        if target is not None:
            authors = isinstance(target, ast.Constant) and is_author_path(target.value)
            path = f"_convert_path_({locator.text(target)})" if authors else locator.text(target)
            edits.append(replace(locator, node, f"_convert_cd_({path})"))
            done |= {id(n) for n in ast.walk(node)}
            notes.append((node.lineno, f"cd {ast.unparse(target)}: " + (
                "a folder from the author's machine: the folder of that name in the notebook's folder, else the "
                "notebook's folder itself" if authors else
                "a folder missing here prints the error and the script goes on, as IPython's %cd does")))
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and is_author_path(node.value) and id(node) not in done
                and id(node) not in in_fstring):
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

