"""conversion/indentation.py: cells are read as IPython reads them; a cell even IPython cannot
parse is commented like Jupyter's failed cell, or stops the build when a later cell needs it."""
import pathlib
import sys

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from conversion.indentation import ConvertError, as_ipython_reads, comment_unparsable_cells  # noqa: E402


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
    assert nb.cells[2].source == "# %matplotlib inline\n# plot_me = df.plot(kind='scatter'\n# print('x')"
    assert [(note.cell, note.line) for note in notes] == [(3, 2)]
    assert notes[0].why.startswith("warning: not valid Python, even for IPython (line 2: ")
    assert nb.cells[1].source == "import pandas as pd"


def test_a_broken_cell_whose_name_a_later_cell_needs_stops_the_build_naming_both():
    nb = notebook("import pandas as pd", "df = pd.read_csv('Iris.csv'\nX = df.drop(columns='species')", "print(X.shape)")
    with pytest.raises(ConvertError, match=r"cell 3 is not valid Python, even for IPython \(line \d.*cell 4 uses X, "
                                           r"which only cell 3 defines: fix cell 3"):
        comment_unparsable_cells(nb)


def test_a_name_also_bound_by_another_cell_does_not_make_the_broken_cell_needed():
    nb = notebook("X = [1]", "X = [2 for\n", "print(X)")
    nb, notes = comment_unparsable_cells(nb)
    assert nb.cells[2].source == "# X = [2 for\n#"
    assert len(notes) == 1


def test_an_indented_cell_is_not_taken_for_a_broken_one():
    nb = notebook("  x = 1\n  y = x + 1", "print(y)")
    nb, notes = comment_unparsable_cells(nb)
    assert notes == [] and nb.cells[1].source == "  x = 1\n  y = x + 1"


def test_top_level_await_is_valid_for_ipython():
    nb = notebook("import asyncio", "result = await asyncio.sleep(0, 'x')", "print(result)")
    nb, notes = comment_unparsable_cells(nb)
    assert notes == [] and nb.cells[2].source == "result = await asyncio.sleep(0, 'x')"
