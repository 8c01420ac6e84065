"""Writing corpus notebooks: cells, kernels of the day, and the metadata the harness reads.

Each corpus module (tests/corpus/nb_*.py) lists notebooks made with `notebook()`;
`python tests/corpus/generate_corpus.py` writes them all into tests/notebooks/corpus/.
"""
import pathlib
import textwrap

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

OUT = pathlib.Path(__file__).resolve().parents[1] / "notebooks" / "corpus"

#: Kernel metadata as the tools of 2017-2022 saved it.
JUPYTER = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
           "language_info": {"name": "python", "version": "3.7.6", "mimetype": "text/x-python",
                             "file_extension": ".py", "nbconvert_exporter": "python"}}
IPYKERNEL = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
             "language_info": {"name": "python", "version": "3.9.7"}}
KAGGLE = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
          "language_info": {"name": "python", "version": "3.6.6", "pygments_lexer": "ipython3"}}
COLAB = {"colab": {"name": "Iris.ipynb", "provenance": [], "collapsed_sections": []},
         "kernelspec": {"display_name": "Python 3", "name": "python3"}, "language_info": {"name": "python"}}
CONDA = {"kernelspec": {"display_name": "Python [conda env:ml]", "language": "python", "name": "conda-env-ml-py"},
         "language_info": {"name": "python", "version": "3.8.5"}}
PYTHON2 = {"kernelspec": {"display_name": "Python 2", "language": "python", "name": "python2"},
           "language_info": {"name": "python", "version": "2.7.15"}}


def md(text):
    return new_markdown_cell(textwrap.dedent(text).strip("\n"))


def code(text):
    """A code cell as the author typed it (common indentation of the triple-quoted text removed)."""
    return new_code_cell(textwrap.dedent(text).strip("\n"))


def verbatim(text):
    """A code cell kept exactly, leading indentation included."""
    return new_code_cell(text.strip("\n"))


def notebook(name, cells, *, category, data, expect="serves", message="", fixed_by="", kernel=JUPYTER,
             table="", label="", task="", reference=""):
    """A corpus entry: (file name, notebook) with metadata["corpus"] saying what should happen; a
    notebook beyond Iris names its `table`, `label` column, `task` and optional `reference`
    (tests/corpus/harness.py's docstring)."""
    for number, cell in enumerate(cells):
        cell.id = f"{name}-{number}"
    corpus = {"category": category, "data": list(data), "expect": expect}
    for key, value in (("message", message), ("fixed_by", fixed_by), ("table", table), ("label", label),
                       ("task", task), ("reference", reference)):
        if value:
            corpus[key] = value
    nb = new_notebook(cells=cells, metadata={**kernel, "corpus": corpus})
    nbformat.validate(nb)
    return f"{name}.ipynb", nb


def write_all(entries, out=OUT):
    """Write every entry; names must be unique. Returns the number written."""
    out.mkdir(parents=True, exist_ok=True)
    names = [name for name, _ in entries]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"duplicate corpus notebooks: {duplicates}")
    for name, nb in entries:
        nbformat.write(nb, out / name)
    return len(entries)
