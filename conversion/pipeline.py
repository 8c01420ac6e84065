"""The conversion's passes, in order, named in one place (as nbconvert's
`Exporter.default_preprocessors` names its pipeline).

    read_notebook -> NOTEBOOK_PASSES (one of them runs CELL_PASSES on every code cell)
                  -> script.as_script (each cell guarded as Jupyter runs it: jupyter_cells.py)
                  -> write_atomically (by convert.py)

A cell pass is a function `(source, cell) -> (source, notes)`:
- `source` is the code cell's text as the passes before left it;
- `cell` is the cell's cell_state.CellState: its number (`cell.number`, Jupyter's order counting
  every cell from 1 as the report does, so `f"cell {cell.number}"` names it in an error), the
  notebook's symbol table (`cell.symbols`: what the notebook's names mean, learnt cell by cell)
  and what one pass leaves for a later one (`cell.magic_lines`);
- `notes` are `(line, why)` pairs, line counted from 1 in the cell; the pipeline makes them the
  report's `cell N line L: why` lines, sorted by line.
A pass that stops the build raises notes.ConvertError naming the cell. Adding a pass is one
module and one line below. statements.edit_statements is one pass made of three (plan ->
hosted paths -> apply) that must not be separated: the plan holds positions in the text.

A notebook pass is a function `(notebook) -> (notebook, notes)`, notes being notes.Note; the report
lists every note by cell and line, as the reader goes through the notebook.
"""
import nbformat

from . import (authors_paths, awaits, indentation, legacy_api, magics, missing_imports, notebooks, output_history,
               pandas_text, remote_data, runtime_helpers, script, statements)
from .cell_state import CellState
from .notes import ConvertError, Note
from .symbols import SymbolTable

CELL_PASSES = (
    indentation.as_ipython_reads,  # IPython's cleanup: a cell's common indentation, pasted >>> prompts
    magics.handle_magics,  # IPython-only lines -> Python, before anything parses the cell
    awaits.run_top_level_awaits,  # top-level `await` -> the script's event loop
    statements.edit_statements,  # plan (plotting, keyboard input, import fixes, Colab upload) -> Colab/Kaggle
    #                               data paths -> the script's folder -> apply the plan: one pass, lines kept
    authors_paths.as_notebook_folder,  # C:/Users/..., /home/..., %cd: checked where the script runs (lines kept)
    remote_data.as_local_data,  # data URLs, sns.load_dataset('iris'): the local copy when offline (lines kept)
)


def rewrite_cell(source, cell):
    """One code cell through CELL_PASSES; returns (new source, report notes sorted by line)."""
    for cell_pass in CELL_PASSES:
        source, found = cell_pass(source, cell)
        cell.notes += found
    try:
        compile(source, f"<cell {cell.number}>", "exec")
    except SyntaxError as error:
        raise ConvertError(f"cell {cell.number}: the rewritten code does not compile ({error.msg}); "
                           "please report this.") from None
    return source, sorted((Note(cell.number, line, why) for line, why in cell.notes), key=lambda note: note.line)


def rewrite_code_cells(notebook):
    """Notebook pass: every code cell through CELL_PASSES, top to bottom, as Jupyter runs them
    (what a name means in cell 5 depends on cells 1 to 4)."""
    symbols = SymbolTable()
    report = []
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type == "code":
            cell.source, notes = rewrite_cell(cell.source, CellState(number, symbols))
            report += notes
    return notebook, report


NOTEBOOK_PASSES = (
    notebooks.raw_cells_as_markdown,  # raw cells become comments, never code
    indentation.comment_unparsable_cells,  # a cell even IPython cannot parse: comments, or stop if needed later
    rewrite_code_cells,  # CELL_PASSES, cell by cell
    legacy_api.rewrite_removed_apis,  # removed pandas/scikit-learn/numpy APIs -> today's (all cells: ruff once)
    pandas_text.keep_object_text,  # pandas 2's object text columns, atop the first code cell (its note's line
    #                                 counts the cell as written: before the passes below add lines there)
    missing_imports.add_missing_imports,  # names used, never imported (after legacy_api: OneVsRestClassifier)
    runtime_helpers.add_runtime_helpers,  # the helpers the passes above call, atop the first code cell
    output_history.keep_output_history,  # `_`, `Out[n]` when read; it numbers cells: before any pass adds one
    awaits.add_event_loop,  # the event loop cell, before the first cell that awaits
)


def rewrite_notebook(notebook):
    """A copy of the notebook through NOTEBOOK_PASSES; returns (notebook, report notes)."""
    notebook = nbformat.from_dict(notebook)
    report = []
    for notebook_pass in NOTEBOOK_PASSES:
        notebook, notes = notebook_pass(notebook)
        report += notes
    return notebook, sorted(report, key=lambda note: (note.cell, note.line))  # as the reader goes through the notebook


def convert(notebook_path, options):
    """The whole conversion of one notebook file: returns (script text, report notes)."""
    notebook, report = rewrite_notebook(notebooks.read_notebook(notebook_path))
    return script.as_script(notebook, options), report
