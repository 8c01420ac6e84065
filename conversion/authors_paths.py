"""Paths from the notebook author's machine: `C:\\Users\\ana\\Iris.csv`, `/Users/ana/data/`,
`/home/ana/iris`, `~/Downloads/Iris.csv`, in a call, in a variable, or in a `%cd`.

Whether such a path exists is known only where the script runs, so the decision is made there:
each literal goes through `_convert_path_` (runtime_helpers.py), which keeps it when it exists
and otherwise names the file (or folder) of that name in the notebook's folder, where the script
runs, as hosted notebooks' /content/ and /kaggle/input/ paths are read from it; a file the
notebook writes goes there too, and a missing folder (`os.chdir('/Users/ana/iris')`, a `%cd`
to it, `base = 'C:/data/'`) is the notebook's folder.
A relative path into a folder the user does not have (`data/Iris.csv`, with Iris.csv beside the
notebook) is routed the same way: kept when its folder exists, else the file of that name in the
notebook's folder. Every rewritten line is reported.
"""
import ast
import re

from .source_edits import call_name, parse_or_none, route_literals

# A drive letter (C:\ or C:/), a Mac or Linux home folder, or the author's ~.
AUTHOR_PATH = re.compile(r"^(?:[A-Za-z]:[\\/]|/Users/|/home/|~[\\/]|~$)")


# A relative path into a folder to a data file (`data/Iris.csv`, `../data/iris.csv`): the author's
# folder layout, which the user may not have; used as written when its folder exists here.
RELATIVE_DATA_PATH = re.compile(r"^(?:\.\.?/)*[\w .-]+(?:/[\w .-]+)*/[\w .-]+\.(?:csv|data|tsv|txt|json|xlsx?|parquet|zip)$",
                                re.IGNORECASE)


def is_author_path(value):
    return isinstance(value, str) and "\n" not in value and bool(AUTHOR_PATH.match(value))


# A relative folder given a name (`dpath = '../data/'`, then `read_csv(dpath + 'iris.csv')`).
RELATIVE_FOLDER = re.compile(r"^(?:\.\.?/)*[\w .-]+(?:/[\w .-]+)*/$")


def is_relative_data_path(value):
    return (isinstance(value, str) and "\n" not in value and bool(RELATIVE_DATA_PATH.match(value))
            and not value.startswith("../input/"))  # Kaggle's: hosted_paths.py


# Calls that read a data file named by their first argument.
READERS = {"read_csv", "read_table", "read_excel", "read_json", "read_parquet", "read_fwf", "loadtxt", "genfromtxt",
           "open", "load"}


def _read_paths(source):
    """Relative data paths the cell reads: a reader's first argument, or a name's value (`path = 'data/x.csv'`,
    a folder `dpath = '../data/'`).
    Other literals (a shell copy's target, a folder made first) are left to run as written."""
    tree = parse_or_none(source)
    found = set()
    for node in ast.walk(tree) if tree is not None else ():
        value = None
        if isinstance(node, ast.Call) and node.args and call_name(node) in READERS:
            value = node.args[0]
        elif isinstance(node, ast.Assign) and all(isinstance(target, ast.Name) for target in node.targets):
            value = node.value
            if isinstance(value, ast.Constant) and isinstance(value.value, str) and RELATIVE_FOLDER.match(value.value) \
                    and value.value not in ("./", "../"):
                found.add(value.value)
        if isinstance(value, ast.Constant) and is_relative_data_path(value.value):
            found.add(value.value)
    return found


def as_notebook_folder(source, cell):
    """Cell pass: authors' paths read from the notebook's folder when they are not on this machine
    (also a `%cd`'s: `_convert_cd_(_convert_path_(...))`). Lines stay in place; returns (source, [(line, why)])."""
    reads = _read_paths(source)
    return route_literals(source, lambda value: is_author_path(value) or value in reads, "_convert_path_",
                          lambda path: (f"path from the author's machine {path!r}" if is_author_path(path) else
                                        f"relative path {path!r}") + ": read from the notebook's folder when it is "
                                       f"not on this machine ({_local_name(path)!r})")


def _local_name(path):
    """What `_convert_path_` uses for a missing path when a file of that name is in the notebook's folder."""
    parts = [part for part in re.split(r"[\\/]", path) if part and part != "~"]
    name = parts[-1] if parts else ""
    folder = path.endswith(("/", "\\"))
    if folder or not name or "." not in name.strip("."):
        return "./" if folder else "."
    return name

