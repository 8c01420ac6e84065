"""Reading notebooks: any nbformat-4 notebook, as Jupyter opens it.

A notebook missing cell metadata or outputs (written by a script or another editor) is read
with them filled in empty; notebooks saved by Colab (no kernelspec or language_info, extra cell
metadata) read the same way; a notebook in another language is a clear error.
"""
import json
import pathlib

import nbformat

from .notes import ConvertError

def _with_missing_keys(data):
    """A notebook's JSON with the keys editors and scripts often leave out (a cell's metadata,
    a code cell's outputs and execution_count, the notebook's metadata) filled in empty, as
    Jupyter does when it opens such a file."""
    data.setdefault("metadata", {})
    for cell in data.get("cells", []) if isinstance(data.get("cells"), list) else []:
        if isinstance(cell, dict):
            cell.setdefault("metadata", {})
            if cell.get("cell_type") == "code":
                cell.setdefault("outputs", [])
                cell.setdefault("execution_count", None)
    return data


def read_notebook(path):
    """Read any nbformat-4 notebook (Jupyter or Colab); a bad file or another language is a clear error."""
    try:
        text = pathlib.Path(path).read_text(encoding="utf-8")
        try:
            notebook = nbformat.reads(text, as_version=4)
        except Exception:  # nbformat raises several unrelated types for unreadable files
            notebook = nbformat.reads(json.dumps(_with_missing_keys(json.loads(text))), as_version=4)
    except FileNotFoundError:
        raise ConvertError(f"{path}: no such notebook") from None
    except Exception as error:
        raise ConvertError(f"{path}: not a readable Jupyter notebook ({error})") from None
    metadata = notebook.metadata
    language = metadata.get("kernelspec", {}).get("language") or metadata.get("language_info", {}).get("name")
    if language and not _is_python(language):
        raise ConvertError(f"{path}: a {language} notebook; only Python notebooks can be converted")
    return notebook


def _is_python(language):
    """Kernels name their language freely: python, python2, python3, "Python 3" (a conda env's
    kernel), ipython. Any of them is Python; the kernel's own name (python2, conda-env-ml-py) is
    not looked at. Python 2 code that Python 3 cannot parse is comment_unparsable_cells' concern."""
    return language.lower().replace(" ", "").startswith(("python", "ipython"))


def raw_cells_as_markdown(notebook):
    """Notebook pass: raw cells become markdown, so nbconvert writes them as comments, never code
    (a raw cell holds text the notebook's author chose not to run)."""
    for cell in notebook.cells:
        if cell.cell_type == "raw":
            cell.cell_type = "markdown"
    return notebook, []
