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
import re

from .source_edits import route_literals

# A drive letter (C:\ or C:/), a Mac or Linux home folder, or the author's ~.
AUTHOR_PATH = re.compile(r"^(?:[A-Za-z]:[\\/]|/Users/|/home/|~[\\/]|~$)")


def is_author_path(value):
    return isinstance(value, str) and bool(AUTHOR_PATH.match(value)) and "\n" not in value


def as_notebook_folder(source, cell):
    """Cell pass: authors' paths read from the notebook's folder when they are not on this machine
    (also a `%cd`'s: `_convert_cd_(_convert_path_(...))`). Lines stay in place; returns (source, [(line, why)])."""
    return route_literals(source, is_author_path, "_convert_path_",
                          lambda path: f"path from the author's machine {path!r}: read from the notebook's folder "
                                       f"when it is not on this machine ({_local_name(path)!r})")


def _local_name(path):
    """What `_convert_path_` uses for a missing path when a file of that name is in the notebook's folder."""
    parts = [part for part in re.split(r"[\\/]", path) if part and part != "~"]
    name = parts[-1] if parts else ""
    folder = path.endswith(("/", "\\"))
    if folder or not name or "." not in name.strip("."):
        return "./" if folder else "."
    return name

