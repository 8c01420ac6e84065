"""model_export/cell_lines.py: a line of a cell convert.py put code above is numbered from the
cell's own first line (CELL_STARTS), as the user sees it in the notebook; a cell without it as before."""
from model_export.cell_lines import CELL_STARTS, own_line
from model_export.recording import Recording

SCRIPT = [
    "# In[ ]:",  # 1
    "",
    "try:",  # 3
    "    import pandas as _helper_",
    "    _helper_.set_option('x', 1)",
    "",
    f"    {CELL_STARTS}",  # 7
    "    import numpy as np",  # 8: the cell's line 1
    "    df = np.log1p(df)",  # 9: line 2
    "",
    "# In[ ]:",  # 11
    "",
    "try:",
    "    model.fit(X, y)",  # 14: line 1 of the next cell
]


def test_lines_below_convert_py_s_code_are_numbered_as_the_notebook_numbers_them(tmp_path):
    script = tmp_path / "script.py"
    script.write_text("\n".join(SCRIPT) + "\n", encoding="utf-8")
    recording = Recording(str(script), cells=[2, 3])
    assert recording.where(9) == "cell 2 line 2"
    assert recording.where(14) == "cell 3 line 1"
    assert own_line(SCRIPT, 12, 14) is None
