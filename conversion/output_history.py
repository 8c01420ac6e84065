"""Output history: a notebook that reads `_`, `__`, `Out[4]` or `_4` gets them.

Jupyter keeps each executed cell's shown value; a script does not, so `df = _` stopped it with
NameError. Only when some cell reads the history does the script keep it (a cell first defines
`Out` and a keeper, and each cell's last expression passes its value through it), so `_` as a
throwaway name in other notebooks is left alone.
"""
import ast

import nbformat

from .notes import Note
from .syntax import char_column

OUTPUT_HISTORY = "_convert_out_"
OUTPUT_HISTORY_CELL = f"""\
# convert.py: the notebook reads Jupyter's output history (_, __, Out[n], _n): each cell's shown
# value is kept here as Jupyter's displayhook keeps it.
Out = {{}}
_ = __ = ___ = ""


def {OUTPUT_HISTORY}(number, value):
    if value is not None:
        globals().update(___=globals()["__"], __=globals()["_"], _=value)
        Out[number] = globals()[f"_{{number}}"] = value
    return value"""


def _is_history_name(name):
    """IPython's output history names: _, __, ___, Out, and _N for the N-th cell's value."""
    return name in ("_", "__", "___", "Out") or (name[:1] == "_" and name[1:].isdigit())


def _reads_output_history(sources):
    """Whether any cell reads the output history (`df = _`, `stats = Out[4]`): only then does the
    script keep it, so `_` as a throwaway name in other notebooks is left alone."""
    return any(isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and _is_history_name(node.id)
               for source in sources for node in ast.walk(ast.parse(source)))


def _keep_shown_value(source, number):
    """The cell with its last statement, when it is an expression whose value Jupyter shows (no
    trailing `;`), passed through the history keeper: `df.describe()` -> `_convert_out_(3, df.describe())`."""
    tree = ast.parse(source)
    last = tree.body[-1] if tree.body else None
    if not isinstance(last, ast.Expr):
        return source
    lines = source.split("\n")
    start, end = last.lineno - 1, last.end_lineno - 1
    first_col = char_column(lines[start], last.col_offset)
    end_col = char_column(lines[end], last.end_col_offset)
    rest = lines[end][end_col:] + "\n" + "\n".join(lines[end + 1:])
    if rest.lstrip().startswith(";"):
        return source
    if start == end:
        lines[start] = (f"{lines[start][:first_col]}{OUTPUT_HISTORY}({number}, {lines[start][first_col:end_col]})"
                        f"{lines[start][end_col:]}")
    else:
        lines[start] = f"{lines[start][:first_col]}{OUTPUT_HISTORY}({number}, {lines[start][first_col:]}"
        lines[end] = f"{lines[end][:end_col]}){lines[end][end_col:]}"
    return "\n".join(lines)


def keep_output_history(notebook):
    """Notebook pass: Jupyter's output history for a notebook that reads it: its N-th executed code
    cell's shown value becomes _, Out[N] and _N as in a fresh run (empty cells are not executed, so
    not counted). `df = _` otherwise stopped the script with NameError. Runs after the cell passes
    (which leave an empty cell empty and any other non-empty) and before any pass adds cells."""
    executed = [cell for cell in notebook.cells if cell.cell_type == "code" and cell.source.strip()]
    if not _reads_output_history(cell.source for cell in executed):
        return notebook, []
    for number, cell in enumerate(executed, start=1):
        cell.source = _keep_shown_value(cell.source, number)
    first = notebook.cells.index(executed[0])
    notebook.cells.insert(first, nbformat.v4.new_code_cell(OUTPUT_HISTORY_CELL))
    return notebook, [Note(notebook.cells.index(executed[0]), 1, "reads Jupyter's output history (_, Out[n]): "
                                                                  "each cell's shown value is kept as Jupyter keeps it")]
