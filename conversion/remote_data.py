"""Data the author's kernel downloaded: `sns.load_dataset('iris')` and data-file URLs
(`pd.read_csv('https://archive.ics.uci.edu/.../iris.data')`).

The build may run offline (CI, a locked-down server), so the choice is made where the script
runs, as for authors' paths: a URL of a data file goes through `_convert_url_`, which reads the
file of that name from the notebook's folder when one is there and the URL otherwise; seaborn's
`load_dataset` goes through `_convert_load_dataset_`, which downloads as seaborn does and, for
'iris' only when that fails, builds the same 150 flowers (seaborn's copy is R's iris, as is
scikit-learn's bundled one) with seaborn's column names and species. Both say on stderr when
they did. Every rewritten line is reported.
"""
import ast
import re

from .source_edits import Locator, apply_edits, call_name, parse_or_none, replace, route_literals

#: A URL whose path ends in a data file's name.
DATA_URL = re.compile(r"^https?://\S+/[^/?#\s]+\.(?:csv|data|txt|tsv|json|xls|xlsx)(?:[?#]\S*)?$", re.IGNORECASE)


def is_data_url(value):
    return isinstance(value, str) and bool(DATA_URL.match(value))


def as_local_data(source, cell):
    """Cell pass: data URLs and seaborn's load_dataset (called through a name the notebook imported
    seaborn as: `cell.symbols`) through their run-time helpers (lines stay in place); returns
    (source, [(line, why)])."""
    source, notes = route_literals(source, is_data_url, "_convert_url_",
                                   lambda url: f"data downloaded from {url!r}: read from the notebook's folder when "
                                               "a file of that name is there (the build may be offline)")
    tree = parse_or_none(source)
    if tree is None:
        return source, notes
    libraries, locator, edits = cell.symbols.libraries, Locator(source), []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and call_name(node) == "load_dataset" and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and libraries.get(node.func.value.id) == "seaborn"
                and node.args and isinstance(node.args[0], ast.Constant) and node.args[0].value == "iris"):
            edits.append(replace(locator, node.func, "_convert_load_dataset_"))
            notes.append((node.lineno, "seaborn's load_dataset('iris') downloads the data: when it cannot (offline), "
                                       "the same 150 flowers from scikit-learn's bundled copy"))
    text, _ = apply_edits(source, edits)
    return text, sorted(notes)
