"""conversion/pandas_text.py: a notebook that imports pandas keeps pandas 2's object text columns."""
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from conversion import pandas_text, pipeline
from model_export.cell_lines import CELL_STARTS


def notebook(*sources):
    return new_notebook(cells=[new_markdown_cell("# Iris"), *(new_code_cell(s) for s in sources)])


def test_the_setting_goes_atop_the_first_code_cell_and_is_reported_at_the_pandas_import():
    rewritten, notes = pandas_text.keep_object_text(notebook("x = 1", "import numpy as np\nimport pandas as pd"))
    assert rewritten.cells[1].source.startswith(pandas_text.SETTING + f"\n\n{CELL_STARTS}\nx = 1")
    assert [(note.cell, note.line) for note in notes] == [(3, 2)]
    assert "future.infer_string=False" in notes[0].why


def test_a_notebook_without_pandas_is_left_alone():
    original = notebook("import numpy as np\nx = np.zeros(3)")
    rewritten, notes = pandas_text.keep_object_text(notebook("import numpy as np\nx = np.zeros(3)"))
    assert notes == [] and rewritten.cells[1].source == original.cells[1].source


def test_the_note_counts_the_lines_of_the_cell_as_written_whatever_is_added_above():
    # a name never imported gets its import atop the same first cell, after this pass has reported
    rewritten, notes = pipeline.rewrite_notebook(notebook("import numpy as np\nimport pandas as pd\nx = StandardScaler()"))
    [note] = [note for note in notes if "future.infer_string" in note.why]
    assert (note.cell, note.line) == (2, 2)
    assert "from sklearn.preprocessing import StandardScaler" in rewritten.cells[1].source
