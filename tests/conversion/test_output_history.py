"""conversion/output_history.py: `_`, `__` and `Out[n]` kept as Jupyter keeps them, only when read."""
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from conversion import pipeline


def test_jupyters_output_history_is_kept_when_the_notebook_reads_it():
    notebook = new_notebook(cells=[
        new_markdown_cell("scratch"),
        new_code_cell("x = 20\nx + 1"),
        new_code_cell(""),  # empty: Jupyter does not execute it, so it takes no number
        new_code_cell("(x\n + 2)"),
        new_code_cell("x * 100;"),  # a trailing semicolon hides the value: not kept
        new_code_cell("print('shown')"),  # None is never kept
        new_code_cell("last, before, first = _, __, Out[1]\nsecond = _2"),
    ])
    rewritten, report = pipeline.rewrite_notebook(notebook)
    namespace = {}
    exec("\n".join(c.source for c in rewritten.cells if c.cell_type == "code"), namespace)
    assert (namespace["last"], namespace["before"], namespace["first"], namespace["second"]) == (22, 21, 21, 22)
    assert str(report[-1]).startswith("cell 2 line 1: reads Jupyter's output history")


def test_a_notebook_using_underscore_only_as_a_throwaway_gets_no_output_history():
    notebook = new_notebook(cells=[new_code_cell("for _ in range(2):\n    pass\n_ = 5\nvalue = 3\nvalue")])
    rewritten, report = pipeline.rewrite_notebook(notebook)
    assert [c.source for c in rewritten.cells] == ["for _ in range(2):\n    pass\n_ = 5\nvalue = 3\nvalue"]
    assert report == []


def test_a_shell_copy_ending_a_cell_is_no_output_for_jupyters_history():
    notebook = new_notebook(cells=[new_code_cell("x = 1\nx"), new_code_cell("!cp a.csv b.csv"),
                                   new_code_cell("before = __")])
    rewritten, _ = pipeline.rewrite_notebook(notebook)
    assert "_convert_out_(2" not in rewritten.cells[2].source  # cells[0] is the history keeper
