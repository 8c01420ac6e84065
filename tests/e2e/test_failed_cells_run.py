"""Cells that fail run as in Jupyter: reported, the next cell runs, and the export serves only when
the model does not depend on the failed cell (conversion/jupyter_cells.py, model_export/failed_cells.py)."""
import json

from nbformat.v4 import new_code_cell

from test_convert_and_run import convert_and_run
from test_convert_and_run import notebook_file as _notebook_file

def notebook_file(folder, *cells):
    folder.mkdir()
    return _notebook_file(folder, *cells)


LOAD = "from sklearn.datasets import load_iris\nfrom sklearn.svm import SVC\nX, y = load_iris(return_X_y=True)"
FIT = "model = SVC().fit(X, y)"


def test_a_failing_cell_the_model_does_not_need_is_reported_the_rest_runs_and_model_json_lists_it(tmp_path):
    path = notebook_file(tmp_path / "src", new_code_cell(LOAD), new_code_cell("x = 1\nprint(columns)  # never defined"),
                         new_code_cell(FIT), new_code_cell("print X"))
    run = convert_and_run(path, tmp_path)
    assert run.returncode == 0, run.stderr
    assert "cell 2 line 2 failed: NameError: name 'columns' is not defined\n----> 2 print(columns)" in run.stderr
    meta = json.loads((tmp_path / "model" / "model.json").read_text())
    assert meta["failed_cells"][0] == {"cell": 2, "line": 2, "error": "NameError: name 'columns' is not defined"}
    assert meta["failed_cells"][1]["cell"] == 4 and meta["failed_cells"][1]["error"].startswith("SyntaxError")


def test_the_build_stops_naming_the_failed_cell_when_the_models_rows_come_from_it(tmp_path):
    # cell 2 was to drop the first 100 rows (only virginica and versicolor left); it fails first
    path = notebook_file(tmp_path / "src", new_code_cell(LOAD), new_code_cell("print(undefined_name)\nX, y = X[100:], y[100:]"),
                         new_code_cell(FIT))
    run = convert_and_run(path, tmp_path)
    assert run.returncode == 1
    assert "export: error: the model depends on cell 2, which failed at line 1" in run.stderr
    assert "`X`, which cell 2 was to bind or change" in run.stderr
    assert not (tmp_path / "model" / "model.json").exists()


def test_a_name_rebound_from_scratch_after_the_failure_does_not_stop_the_build(tmp_path):
    path = notebook_file(tmp_path / "src", new_code_cell(LOAD), new_code_cell("print(undefined_name)\nX = X[100:]"),
                         new_code_cell("X, y = load_iris(return_X_y=True)"), new_code_cell(FIT))
    run = convert_and_run(path, tmp_path)
    assert run.returncode == 0, run.stderr
    assert json.loads((tmp_path / "model" / "model.json").read_text())["failed_cells"][0]["cell"] == 2
