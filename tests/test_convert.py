"""convert.py, the command line: prints the report, and a failed conversion keeps the previous script."""
import pathlib
import sys

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import convert  # noqa: E402


def test_cli_prints_the_report_and_a_failed_convert_keeps_the_previous_script(tmp_path, capsys):
    out = tmp_path / "out.py"
    assert convert.main([str(ROOT / "notebook" / "iris.ipynb"), "-o", str(out)]) == 0
    assert "seaborn call sns.pairplot" in capsys.readouterr().out
    before = out.read_bytes()
    broken = tmp_path / "nb.ipynb"
    # (a cell even IPython cannot parse no longer stops convert: it fails at run time, as in Jupyter)
    nbformat.write(new_notebook(cells=[new_code_cell("async for row in rows():\n    print(row)")]), broken)
    assert convert.main([str(broken), "-o", str(out)]) == 1
    assert "cell 1 line 1: top-level `async for`" in capsys.readouterr().err
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nb.ipynb", "out.py"]
