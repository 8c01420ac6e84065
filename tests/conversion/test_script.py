"""conversion/script.py: the script's header, hoisted __future__ imports, nbconvert's export, the final check."""
import pytest
from nbformat.v4 import new_code_cell

from conversion_support import NOTEBOOKS, OPTIONS, ROOT, notebook_file, notebook_part
from conversion import pipeline
from conversion import script as script_assembly
from conversion.jupyter_cells import guard_cells
from conversion.notebooks import read_notebook
from conversion.notes import ConvertError


def test_future_imports_from_any_cell_move_to_the_top_of_the_script(tmp_path):
    path = notebook_file(tmp_path, new_code_cell("x = 1"),
                         new_code_cell("from __future__ import annotations\ndef f(a: Later) -> Later:\n    return a\n"
                                       "class Later:\n    pass"),
                         new_code_cell("from __future__ import division, annotations"))
    script, report = pipeline.convert(path, OPTIONS)
    code = [line for line in script.split("\n") if line.strip() and not line.startswith("#")]
    assert code[0] == "from __future__ import annotations, division  # moved here from the notebook"
    assert "# from __future__ import annotations" in script
    assert "cell 2 line 1: from __future__ import: moved to the top of the script" in [str(n) for n in report]
    exec(compile(notebook_part(script), "out.py", "exec"), {})


def test_backend_safety_net_comes_before_any_notebook_code():
    script, _ = pipeline.convert(NOTEBOOKS / "gridsearch_tree.ipynb", OPTIONS)
    code = [line for line in script.split("\n") if line and not line.startswith("#")]
    assert code[:2] == ["import os", 'os.environ.setdefault("MPLBACKEND", "Agg")  # headless safety net, '
                        "before anything imports matplotlib"]


def test_explicit_get_ipython_calls_are_commented_and_never_reach_the_script(tmp_path):
    path = notebook_file(tmp_path, new_code_cell("get_ipython().run_line_magic('matplotlib', 'inline')\nx = 1"))
    script, _ = pipeline.convert(path, OPTIONS)
    assert "    # get_ipython().run_line_magic('matplotlib', 'inline')\n    x = 1" in script
    with pytest.raises(ConvertError, match="get_ipython"):
        script_assembly.check_script("x = get_ipython()")


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")) + [ROOT / "notebook" / "iris.ipynb"],
                         ids=lambda p: p.stem)
def test_no_script_ever_calls_get_ipython(path):
    script, _ = pipeline.convert(path, OPTIONS)
    assert "get_ipython" not in script
    compile(script, str(path), "exec")


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_nbconvert_export_keeps_every_rewritten_cell_verbatim(path):
    rewritten, _ = pipeline.rewrite_notebook(read_notebook(path))
    script, _ = pipeline.convert(path, OPTIONS)
    for cell in guard_cells(rewritten).cells:  # each cell as Jupyter runs it (conversion/jupyter_cells.py)
        if cell.cell_type == "code":
            assert cell.source in script
