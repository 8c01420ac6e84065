"""Text columns as the pandas of the notebook's day made them: object, not pandas 3's str dtype.

Notebooks written before pandas 3 (2026) treat a text column as a column of Python objects: the
commonest label encoding writes numbers into it (`df.loc[df.species == 'Iris-setosa', 'species']
= 0`), which pandas 3's str dtype refuses with TypeError, and checks such as `dtype == object`
quietly turn False. pandas 3 keeps the old behaviour behind one option, `future.infer_string`;
the script of a notebook that imports pandas sets it to False before anything runs (quietly: pandas
3 deprecates it, and a pandas without it is left as it is). What works on a str column works on an
object column too, so a newer notebook loses nothing.
"""
import ast

from .notes import Note
from .runtime_helpers import prepend_code
from .source_edits import parse_or_none

SETTING = """\
# convert.py: text columns as object, as in the pandas this notebook was written for (see the report)
import warnings as _convert_warnings_
import pandas as _convert_pandas_
with _convert_warnings_.catch_warnings():
    _convert_warnings_.simplefilter('ignore')  # pandas 3 deprecates the option, for pandas 4
    try:
        _convert_pandas_.set_option('future.infer_string', False)
    except KeyError:  # a pandas without the option
        pass"""
WHY = ("pandas 3 reads text as its str dtype, which refuses numbers written into a label column and answers False "
       "to `dtype == object`; the script keeps pandas 2's object text columns (future.infer_string=False)")


def imports_pandas(source):
    """Whether a cell imports pandas (`import pandas as pd`, `from pandas import ...`)."""
    tree = parse_or_none(source)
    return tree is not None and any(
        (isinstance(node, ast.Import) and any(a.name.split(".")[0] == "pandas" for a in node.names))
        or (isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").split(".")[0] == "pandas")
        for node in ast.walk(tree))


def keep_object_text(notebook):
    """Notebook pass: pandas' text columns as object, set atop the first code cell, when the
    notebook imports pandas; reported at its first import of pandas. Returns (notebook, [Note])."""
    first = next((number for number, cell in enumerate(notebook.cells, start=1)
                  if cell.cell_type == "code" and imports_pandas(cell.source)), None)
    if first is None:
        return notebook, []
    line = next(node.lineno for node in ast.walk(ast.parse(notebook.cells[first - 1].source))
                if isinstance(node, (ast.Import, ast.ImportFrom)) and imports_pandas(ast.unparse(node)))
    prepend_code(notebook, SETTING)
    return notebook, [Note(first, line, WHY)]
