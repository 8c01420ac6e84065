"""conversion/indentation.py: cells are read as IPython reads them; a cell even IPython cannot
parse is commented like Jupyter's failed cell, or stops the build when a later cell needs it."""
import pathlib
import sys

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from conversion.indentation import as_ipython_reads, comment_unparsable_cells  # noqa: E402


def test_a_cell_indented_as_a_whole_loses_its_common_indentation_with_lines_kept():
    text, notes = as_ipython_reads("    import pandas as pd\n\n    df = pd.DataFrame()\n    if df.empty:\n        x = 1", 4)
    assert text == "import pandas as pd\n\ndf = pd.DataFrame()\nif df.empty:\n    x = 1"
    assert notes == [(1, "the whole cell is indented: IPython removes the common indentation")]


def test_console_prompts_are_removed_as_ipython_does():
    text, notes = as_ipython_reads(">>> x = 1\n>>> for i in range(2):\n...     x += i", 2)
    assert text == "x = 1\nfor i in range(2):\n    x += i"
    assert notes == [(1, "console prompts (>>>, In [n]:) removed, as IPython does")]


def test_a_normal_cell_is_untouched():
    source = "x = 1\n    # an indented comment\ny = 2\n"
    assert as_ipython_reads(source, 1) == (source, [])


def notebook(*sources):
    return new_notebook(cells=[new_markdown_cell("# title"), *(new_code_cell(s) for s in sources)])


def test_a_broken_cell_nothing_needs_becomes_comments_with_a_warning():
    nb = notebook("import pandas as pd", "%matplotlib inline\nplot_me = df.plot(kind='scatter'\nprint('x')",
                  "df = pd.DataFrame({'a': [1]})")
    nb, notes = comment_unparsable_cells(nb)
    assert nb.cells[2].source.startswith("# %matplotlib inline\n# plot_me = df.plot(kind='scatter'\n# print('x')\n"
                                         "_convert_cell_failed_(SyntaxError(")
    assert [(note.cell, note.line) for note in notes] == [(3, 2)]
    assert notes[0].why.startswith("warning: not valid Python, even for IPython (line 2: ")
    assert nb.cells[1].source == "import pandas as pd"


def test_a_broken_cell_is_commented_and_recorded_at_run_time_with_the_names_it_would_bind():
    # Jupyter reports the cell and runs the next; the export decides whether the model needs X
    nb = notebook("import pandas as pd", "df = pd.read_csv('Iris.csv'\nX = df.drop(columns='species')", "print(X.shape)")
    nb, notes = comment_unparsable_cells(nb)
    assert nb.cells[2].source.split("\n")[:2] == ["# df = pd.read_csv('Iris.csv'", "# X = df.drop(columns='species')"]
    assert nb.cells[2].source.split("\n")[2].startswith("_convert_cell_failed_(SyntaxError(\"not valid Python, even for "
                                                         "IPython (line 1: ")
    assert nb.cells[2].source.endswith(", line=1, names=['X', 'df'])")
    assert [(note.cell, note.line) for note in notes] == [(3, 1)]


def test_a_name_also_bound_by_another_cell_does_not_make_the_broken_cell_needed():
    nb = notebook("X = [1]", "X = [2 for\n", "print(X)")
    nb, notes = comment_unparsable_cells(nb)
    assert nb.cells[2].source.startswith("# X = [2 for\n#\n_convert_cell_failed_(")
    assert len(notes) == 1


def test_an_indented_cell_is_not_taken_for_a_broken_one():
    nb = notebook("  x = 1\n  y = x + 1", "print(y)")
    nb, notes = comment_unparsable_cells(nb)
    assert notes == [] and nb.cells[1].source == "  x = 1\n  y = x + 1"


def test_top_level_await_is_valid_for_ipython():
    nb = notebook("import asyncio", "result = await asyncio.sleep(0, 'x')", "print(result)")
    nb, notes = comment_unparsable_cells(nb)
    assert notes == [] and nb.cells[2].source == "result = await asyncio.sleep(0, 'x')"
