"""conversion/pipeline.py: the passes in order turn whole notebooks into the expected scripts and reports."""
import ast

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from conversion_support import EXPECTED, NOTEBOOKS, OPTIONS, ROOT, notebook_part
from conversion import pipeline


@pytest.mark.parametrize("name", ["seaborn_heavy", "uci_no_header", "gridsearch_tree", "kaggle_csv", "wild_syntax",
                                  "scratch_session"])
def test_fixture_converts_to_its_expected_script(name):
    script, _ = pipeline.convert(NOTEBOOKS / f"{name}.ipynb", {**OPTIONS, "source": f"{name}.ipynb"})
    assert notebook_part(script) == (EXPECTED / f"{name}.py").read_text()


def test_project_notebook_script_keeps_no_plotting_code():
    script, report = pipeline.convert(ROOT / "notebook" / "iris.ipynb", OPTIONS)
    code = [stmt for stmt in ast.parse(notebook_part(script)).body if not isinstance(stmt, (ast.Import, ast.ImportFrom))]
    used = {node.id for stmt in code for node in ast.walk(stmt) if isinstance(node, ast.Name)}
    assert used.isdisjoint({"plt", "sns", "display", "ConfusionMatrixDisplay", "g", "ax", "fig", "axes"})
    attributes = {node.attr for stmt in code for node in ast.walk(stmt) if isinstance(node, ast.Attribute)}
    assert attributes.isdisjoint({"plot", "hist", "boxplot"})
    assert {"pandas plotting call df[feature].hist", "pandas plotting call df.boxplot",
            "pandas plotting cv_table.plot"} <= {note.why for note in report}


def test_a_pass_added_to_the_list_runs_in_order_and_its_notes_join_the_report(monkeypatch):
    # the interface new passes are written to: (source, cell_state.CellState) -> (source, [(line, why), ...])
    def shout(source, cell):
        if "hello" not in source:
            return source, []
        return source.replace("hello", "HELLO"), [(1, f"shouted in cell {cell.number}")]

    monkeypatch.setattr(pipeline, "CELL_PASSES", pipeline.CELL_PASSES + (shout,))
    notebook = new_notebook(cells=[new_markdown_cell("intro"), new_code_cell("x = 'hello'\n%matplotlib inline")])
    rewritten, report = pipeline.rewrite_notebook(notebook)
    assert rewritten.cells[1].source == "x = 'HELLO'\n# %matplotlib inline"
    assert [str(note) for note in report] == ["cell 2 line 1: shouted in cell 2",
                                              "cell 2 line 2: IPython magic %matplotlib (not run)"]
