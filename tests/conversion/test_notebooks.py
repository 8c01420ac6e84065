"""conversion/notebooks.py: any nbformat-4 notebook read as Jupyter opens it; other files are clear errors."""
import json

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_raw_cell

from conversion_support import NOTEBOOKS, OPTIONS, notebook_file, notebook_part
from conversion import pipeline
from conversion.notes import ConvertError


def test_a_notebook_missing_cell_metadata_and_outputs_still_converts(tmp_path):
    # written by a script or another editor: Jupyter opens it, filling the keys in
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps({"cells": [{"cell_type": "code", "source": "x = 1\n%matplotlib inline"},
                                          {"cell_type": "markdown", "source": "# Title"}],
                                "nbformat": 4, "nbformat_minor": 2}))
    script, report = pipeline.convert(path, OPTIONS)
    assert "\n    x = 1\n    # %matplotlib inline\n" in script
    assert [str(n) for n in report] == ["cell 1 line 2: IPython magic %matplotlib (not run)"]


def test_unreadable_or_non_python_notebooks_are_clear_errors(tmp_path):
    (tmp_path / "bad.ipynb").write_text("{not json")
    with pytest.raises(ConvertError, match="not a readable Jupyter notebook"):
        pipeline.convert(tmp_path / "bad.ipynb", OPTIONS)
    path = notebook_file(tmp_path, new_code_cell("x <- 1"), kernelspec={"name": "ir", "language": "R", "display_name": "R"})
    with pytest.raises(ConvertError, match="a R notebook; only Python"):
        pipeline.convert(path, OPTIONS)


@pytest.mark.parametrize("kernelspec", [{"name": "python2", "language": "python2", "display_name": "Python 2"},
                                        {"name": "conda-env-ml-py", "language": "Python 3", "display_name": "ml"},
                                        {"name": "my-custom-kernel", "display_name": "Custom"}])
def test_python_kernels_of_any_name_or_spelling_convert_as_python(tmp_path, kernelspec):
    path = notebook_file(tmp_path, new_code_cell("x = 1"), kernelspec=kernelspec)
    script, _ = pipeline.convert(path, OPTIONS)
    assert "\n    x = 1\n" in script


def test_colab_notebook_without_kernelspec_converts_as_python():
    raw = json.loads((NOTEBOOKS / "colab_export.ipynb").read_text())
    assert "colab" in raw["metadata"] and "kernelspec" not in raw["metadata"]
    script, _ = pipeline.convert(NOTEBOOKS / "colab_export.ipynb", OPTIONS)
    assert "tree_clf = tree.DecisionTreeClassifier(max_depth=3, random_state=0).fit(X_train, y_train)" in script
    assert "# tree.plot_tree(tree_clf)" in script


def test_markdown_and_raw_cells_never_become_code(tmp_path):
    path = notebook_file(tmp_path, new_markdown_cell("print('markdown')"),
                         new_raw_cell("print('raw')", metadata={"raw_mimetype": "text/x-python"}),
                         new_code_cell("x = 1"))
    script, _ = pipeline.convert(path, OPTIONS)
    code_lines = [line for line in notebook_part(script).split("\n") if line and not line.startswith("#")]
    assert [line for line in code_lines if "markdown" in line or "raw" in line] == []
    assert "    x = 1" in code_lines  # the code cell, guarded as Jupyter runs it (conversion/jupyter_cells.py)
