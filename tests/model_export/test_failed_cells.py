"""model_export/failed_cells.py: whether the served model depends on a failed cell, read from the
script's own statements (no run: a script text, the failures and the fit's line)."""
import pathlib
import sys
import types

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))
from model_export._common import ExportError  # noqa: E402
from model_export.failed_cells import check_failed_cells  # noqa: E402

HANDLER = "except Exception as _convert_error_:\n    _convert_cell_failed_(_convert_error_)\n"


def script(tmp_path, *cells):
    """A script of guarded cells (as conversion/jupyter_cells.py writes them); returns its path and
    the script line of each cell's first line."""
    lines, firsts = [], []
    for cell in cells:
        lines.append("try:")
        firsts.append(len(lines) + 1)
        lines += ["    " + line for line in cell.split("\n")]
        lines += HANDLER.rstrip("\n").split("\n")
    path = tmp_path / "output_model.py"
    path.write_text("\n".join(lines) + "\n")
    return path, firsts


def recording(path, failures):
    return types.SimpleNamespace(script=str(path), failed_cells=[
        {"cell": cell, "line": line, "error": "NameError: x", "script_line": script_line, "names": names}
        for cell, line, script_line, names in failures])


def fit_at(line, function=None):
    return types.SimpleNamespace(line=line, function=function)


LOAD = "X, y = load()"


def test_a_failed_cell_that_binds_nothing_the_fit_reads_is_listed(tmp_path):
    path, first = script(tmp_path, LOAD, "print(columns)\ncorr = X.corr()", "model.fit(X, y)")
    listed = check_failed_cells(recording(path, [(2, 1, first[1], [])]), fit_at(first[2]))
    assert listed == [{"cell": 2, "line": 1, "error": "NameError: x"}]


def test_a_name_the_failed_cell_was_to_change_stops_the_build(tmp_path):
    path, first = script(tmp_path, LOAD, "print(columns)\nX['ratio'] = X.a / X.b", "model.fit(X, y)")
    with pytest.raises(ExportError, match=r"depends on cell 2, which failed at line 1 .*`X`, which cell 2 was to bind"):
        check_failed_cells(recording(path, [(2, 1, first[1], [])]), fit_at(first[2]))


def test_staleness_flows_through_a_later_cell_that_reads_the_name(tmp_path):
    path, first = script(tmp_path, LOAD, "boom()\nkeep = [0, 1]", "X2 = X[keep]", "model.fit(X2, y)")
    with pytest.raises(ExportError, match="`X2`"):
        check_failed_cells(recording(path, [(2, 1, first[1], [])]), fit_at(first[3]))


def test_a_fresh_rebinding_makes_the_name_sound_again(tmp_path):
    path, first = script(tmp_path, LOAD, "boom()\nX = X[:10]", LOAD, "model.fit(X, y)")
    assert check_failed_cells(recording(path, [(2, 1, first[1], [])]), fit_at(first[3]))


def test_statements_before_the_failing_one_did_run(tmp_path):
    path, first = script(tmp_path, "X, y = load()\nboom()")
    assert check_failed_cells(recording(path, [(1, 2, first[0] + 1, [])]), fit_at(first[0])) == [
        {"cell": 1, "line": 2, "error": "NameError: x"}]


def test_an_unparsable_cells_names_are_stale(tmp_path):
    path, first = script(tmp_path, LOAD, "# X = X[:10\n_convert_cell_failed_(SyntaxError('x'), line=1, names=['X'])",
                         "model.fit(X, y)")
    with pytest.raises(ExportError, match="`X`"):
        check_failed_cells(recording(path, [(2, 1, first[1] + 1, ["X"])]), fit_at(first[2]))


def test_a_model_fitted_in_a_function_is_judged_where_the_function_is_called(tmp_path):
    path, first = script(tmp_path, "def train():\n    model.fit(X, y)", LOAD, "boom()\nX = X[:10]", "train()")
    with pytest.raises(ExportError, match="`X`"):
        check_failed_cells(recording(path, [(3, 1, first[2], [])]), fit_at(first[0] + 1, "train"))


def test_without_a_recorded_fit_any_failed_cell_stops_the_build(tmp_path):
    path, first = script(tmp_path, LOAD, "boom()")
    with pytest.raises(ExportError, match="cell 2 failed"):
        check_failed_cells(recording(path, [(2, 1, first[1], [])]), None)


def test_a_method_called_for_its_effect_in_a_loop_changes_its_receiver(tmp_path):
    path, first = script(tmp_path, LOAD, "boom()\nfor i in range(3):\n    X.update(i)", "model.fit(X, y)")
    with pytest.raises(ExportError, match="`X`"):
        check_failed_cells(recording(path, [(2, 1, first[1], [])]), fit_at(first[2]))
