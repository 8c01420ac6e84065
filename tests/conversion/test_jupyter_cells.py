"""conversion/jupyter_cells.py: each cell guarded so a failure is reported and the next cell runs,
its lines where the recorder expects them and its multi-line strings as written."""
import subprocess
import sys

from nbformat.v4 import new_code_cell

from conversion_support import OPTIONS, notebook_file, notebook_part
from conversion import pipeline
from conversion.jupyter_cells import as_guarded


def test_the_text_of_a_multi_line_string_is_not_indented():
    source = 'query = """\nselect *\n  from t"""\nx = 1'
    guarded = as_guarded(source)
    namespace = {"_convert_cell_failed_": print}
    exec(guarded, namespace)
    assert namespace["query"] == "\nselect *\n  from t" and namespace["x"] == 1


def test_a_cell_with_nothing_to_run_is_left_as_it_is():
    assert as_guarded("# only a comment\n") == "# only a comment\n"


def test_each_cell_keeps_its_line_three_below_its_marker_and_a_failure_lets_the_next_cell_run(tmp_path):
    path = notebook_file(tmp_path, new_code_cell("a = 1"), new_code_cell("x = 1\nraise ValueError('boom')\nx = 2"),
                         new_code_cell("print('after', a, x)"))
    script, _ = pipeline.convert(path, OPTIONS)
    lines = script.split("\n")
    markers = [i for i, line in enumerate(lines) if line.startswith("# In[")]
    assert [lines[i + 3].strip() for i in markers] == ["a = 1", "x = 1", "print('after', a, x)"]
    body = notebook_part(script)  # the header and the notebook's cells: no recorder, no export
    run = subprocess.run([sys.executable, "-c", body.replace("from model_export import failed_cells\n", "")
                          .replace("failed_cells.record(error, line, names)", "print('failed:', error)")],
                         capture_output=True, text=True, cwd=tmp_path)
    assert "failed: boom" in run.stdout and "after 1 1" in run.stdout
