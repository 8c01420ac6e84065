"""notebook/iris.ipynb: stored clean, and runs top to bottom in a real Jupyter kernel."""
import json
import pathlib

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError
from nbconvert.preprocessors import ExecutePreprocessor
from nbformat.v4 import new_code_cell

NOTEBOOK = pathlib.Path(__file__).resolve().parents[1] / "notebook" / "iris.ipynb"


def test_notebook_is_stored_as_clean_nbformat4_with_the_python3_kernel():
    notebook = nbformat.read(NOTEBOOK, as_version=nbformat.NO_CONVERT)
    nbformat.validate(notebook)
    assert notebook.nbformat == 4
    assert notebook.metadata.kernelspec.name == "python3"
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code)
    assert any(cell.cell_type == "markdown" and "simplest model" in cell.source for cell in notebook.cells)


def test_notebook_runs_top_to_bottom_in_jupyter_and_leaves_a_probabilistic_model(monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    notebook.cells.append(new_code_cell(
        "import json\n"
        "print(json.dumps({'type': type(model).__name__, 'proba': hasattr(model, 'predict_proba'),"
        " 'accuracy': float(accuracy)}))"
    ))
    runner = ExecutePreprocessor(kernel_name="python3", timeout=120)
    try:
        runner.preprocess(notebook, {"metadata": {"path": str(NOTEBOOK.parent)}})
    except CellExecutionError as error:
        pytest.fail(f"the notebook failed in Jupyter: {error}")
    summary = json.loads(notebook.cells[-1].outputs[0]["text"])
    assert summary["type"] == "Pipeline" and summary["proba"] is True
    assert summary["accuracy"] >= 0.9
