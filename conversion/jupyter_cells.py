"""Cells run as Jupyter runs them: a cell that raises is reported and the next cell runs.

Jupyter runs a notebook cell by cell: an exception ends its cell, is shown under it (the
exception type, its message, the failing line) and the next cell still runs. A script is one
program, so the first error would end it. Each code cell's code therefore runs inside
`try:` / `except Exception`, the handler calling `_convert_cell_failed_` (HELPER, in the
script's header), which reports the cell, line and exception on stderr and records them for
the export (model_export/failed_cells.py); the export then serves only when the model does not
depend on a name a failed cell was to bind or change, and lists the failed cells in model.json.

The cell's lines keep their numbers in the script (script.py puts `try:` on the blank line
nbconvert writes before the cell), and the text inside multi-line strings is left as written:
only the lines that start outside a string are indented.
"""
import ast
import io
import tokenize

import nbformat

FAILED = "_convert_cell_failed_"
TRY_LINE = "try:  # this cell runs as Jupyter runs it: an exception is reported and the next cell runs"
HANDLER = f"except Exception as _convert_error_:  # noqa: BLE001\n    {FAILED}(_convert_error_)"
INDENT = "    "
# Defined in the script's header (script.py), before the first cell: a guarded cell's handler calls it.
HELPER = f'''\
def {FAILED}(error, line=None, names=()):
    """A cell raised (or even IPython could not parse it): reported as Jupyter shows it, and the next
    cell runs; the export decides whether the model depends on it (model_export/failed_cells.py)."""
    from model_export import failed_cells

    failed_cells.record(error, line, names)
'''


def _inside_strings(source):
    """Line numbers (from 1) that start inside a multi-line string: their text is the string's."""
    inside = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.STRING and token.end[0] > token.start[0]:
                inside.update(range(token.start[0] + 1, token.end[0] + 1))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    return inside


def as_guarded(source):
    """The cell's code under `try:` with the failure handler, or the source itself when it has no
    statement to guard (only comments, only `from __future__` imports: the script moves those)."""
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return source
    if not [s for s in body if not (isinstance(s, ast.ImportFrom) and s.module == "__future__")]:
        return source
    skip = _inside_strings(source)
    lines = [line if number in skip or not line.strip() else INDENT + line
             for number, line in enumerate(source.split("\n"), start=1)]
    return "\n".join([TRY_LINE, *lines, HANDLER])


def guard_cells(notebook):
    """A copy of the (rewritten) notebook whose code cells are guarded (as_guarded): what
    script.as_script writes out, HELPER defined in the script's header."""
    notebook = nbformat.from_dict(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.source = as_guarded(cell.source)
    return notebook
