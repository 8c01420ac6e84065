"""A converted script keeps pandas 2's object text columns (conversion/pandas_text.py), run for real:
the option is process-wide, so the script runs in its own interpreter."""
import subprocess
import sys

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from conversion import pipeline

LABEL_CODES = """\
df = pd.DataFrame({'length': [1.4, 4.7, 6.0], 'species': ['setosa', 'versicolor', 'virginica']})
df.loc[df['species'] == 'setosa', 'species'] = 0
print(df['species'].dtype, df['species'].tolist())"""


def run(script):
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)


def test_numbers_can_be_written_into_a_label_column_as_in_pandas_2():
    notebook = new_notebook(cells=[new_markdown_cell("# Iris"), new_code_cell("import pandas as pd"),
                                   new_code_cell(LABEL_CODES)])
    rewritten, _ = pipeline.rewrite_notebook(notebook)
    script = "\n".join(cell.source for cell in rewritten.cells if cell.cell_type == "code")
    ran = run(script)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "object [0, 'versicolor', 'virginica']"
    without = run("import pandas as pd\n" + LABEL_CODES)
    assert without.returncode != 0 and "TypeError" in without.stderr  # what the setting is for


def test_the_setting_is_silent():
    notebook = new_notebook(cells=[new_code_cell("import pandas as pd\nprint(pd.Series(['setosa']).dtype)")])
    rewritten, _ = pipeline.rewrite_notebook(notebook)
    ran = run("import warnings\nwarnings.simplefilter('default')\n" + rewritten.cells[0].source)
    assert ran.returncode == 0 and ran.stdout.strip() == "object" and ran.stderr == ""
