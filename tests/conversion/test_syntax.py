"""conversion/syntax.py: a cell that is not Python is an error naming the cell and saying what to do."""
import sys

import pytest
from nbformat.v4 import new_code_cell

from conversion_support import OPTIONS, notebook_file, rewrite
from conversion import pipeline
from conversion.notes import ConvertError


def test_invalid_python_nothing_needs_is_commented_with_a_warning_as_jupyter_runs_the_rest(tmp_path):
    path = notebook_file(tmp_path, new_code_cell("x = 1"), new_code_cell("print x"), new_code_cell("print(x)"))
    script, report = pipeline.convert(path, OPTIONS)
    assert "    # print x\n" in script and "\n    print(x)\n" in script
    assert [str(note) for note in report] == [
        "cell 2 line 1: warning: not valid Python, even for IPython (line 1: Missing parentheses in call to 'print'. "
        "Did you mean print(...)?): commented out, as Jupyter fails it and runs the rest (the build stops if the "
        "model needs what it defines)"]


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="3.12 accepts the same quotes inside an f-string")
def test_an_f_string_of_a_newer_python_is_an_error_that_says_what_to_do():
    with pytest.raises(ConvertError, match="cell 1 is not valid Python.*use the other quote"):
        rewrite("""print(f"{d["k"]}")""")
