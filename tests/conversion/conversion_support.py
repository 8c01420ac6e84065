"""Helpers shared by the conversion package's tests: one cell rewritten, a notebook written.

Unit tests call the cell passes on small snippets through pipeline.rewrite_cell, as a notebook's
cell 1; notebook-level tests write a notebook into tmp_path. No subprocess here: the runs of
converted scripts live in tests/e2e.
"""
import pathlib
import sys
import textwrap

import nbformat
from nbformat.v4 import new_notebook

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "tests" / "notebooks"
EXPECTED = ROOT / "tests" / "expected"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(NOTEBOOKS))
from conversion import pipeline  # noqa: E402
from conversion.cell_state import CellState  # noqa: E402
from conversion.symbols import SymbolTable  # noqa: E402
from model_export._common import notebook_source  # noqa: E402

OPTIONS = {"model_var": None, "model_dir": None, "min_accuracy": 0.9, "source": "nb.ipynb"}
MPL = "import matplotlib.pyplot as plt"


def rewrite(source, names=None):
    """Rewrite one cell's source as cell 1; returns (text, report lines)."""
    text, notes = pipeline.rewrite_cell(textwrap.dedent(source).strip("\n"), CellState(1, names or SymbolTable()))
    return text, [str(n) for n in notes]


def rewrite_after(imports, source):
    """Rewrite `source` in a notebook whose earlier cell ran `imports`."""
    names = SymbolTable()
    rewrite(imports, names)
    return rewrite(source, names)


def notebook_file(tmp_path, *cells, **metadata):
    path = tmp_path / "nb.ipynb"
    nbformat.write(new_notebook(cells=list(cells), metadata=metadata), path)
    return path


def notebook_part(script):
    """The script without the export's prologue and appendix (model_export/, bundled)."""
    return notebook_source(script)
