"""conversion/syntax.py: a cell that is not Python is an error naming the cell and saying what to do."""
import sys

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell

from conversion_support import OPTIONS, notebook_file, rewrite
from conversion import pipeline
from conversion.notes import ConvertError


def test_invalid_python_is_a_clear_error_naming_the_cell(tmp_path):
    path = notebook_file(tmp_path, new_markdown_cell("intro"), new_code_cell("x = 1"), new_code_cell("def broken(:"))
    with pytest.raises(ConvertError, match=r"cell 3 is not valid Python \(line 1"):
        pipeline.convert(path, OPTIONS)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="3.12 accepts the same quotes inside an f-string")
def test_an_f_string_of_a_newer_python_is_an_error_that_says_what_to_do():
    with pytest.raises(ConvertError, match="cell 1 is not valid Python.*use the other quote"):
        rewrite("""print(f"{d["k"]}")""")
