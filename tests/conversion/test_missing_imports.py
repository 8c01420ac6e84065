"""conversion/missing_imports.py: a name used but never imported gets its import when exactly one
public object of scikit-learn, pandas or numpy has it, and the report says where it is first used."""
import pathlib
import sys

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from conversion import missing_imports  # noqa: E402
from conversion.missing_imports import add_missing_imports, build_index, missing_names, name_index  # noqa: E402
from model_export.cell_lines import CELL_STARTS  # noqa: E402


@pytest.fixture(scope="module")
def index():
    return build_index()


@pytest.mark.parametrize("name, statement", [
    ("StandardScaler", "from sklearn.preprocessing import StandardScaler"),
    ("train_test_split", "from sklearn.model_selection import train_test_split"),
    ("KNeighborsClassifier", "from sklearn.neighbors import KNeighborsClassifier"),
    ("OneVsRestClassifier", "from sklearn.multiclass import OneVsRestClassifier"),
    ("DataFrame", "from pandas import DataFrame"),
])
def test_public_names_of_one_library_are_indexed_with_their_public_module(index, name, statement):
    assert index[name] == statement


@pytest.mark.parametrize("name", ["array", "concat", "unique"])
def test_a_name_two_libraries_define_differently_is_not_guessed(index, name):
    assert name not in index


def test_the_index_is_cached_on_disk_per_versions(tmp_path, monkeypatch):
    monkeypatch.setenv("CONVERT_CACHE_DIR", str(tmp_path))
    name_index.cache_clear()
    built = name_index()
    (cached,) = tmp_path.glob("public-names-sklearn*-pandas*-numpy*.json")
    cached.write_text('{"Marker": "from marker import Marker"}')
    name_index.cache_clear()
    assert name_index() == {"Marker": "from marker import Marker"}
    assert built["StandardScaler"] == "from sklearn.preprocessing import StandardScaler"
    name_index.cache_clear()


def test_names_bound_anywhere_or_builtin_or_star_imported_are_not_missing():
    sources = ["import pandas as pd\nfrom sklearn.svm import *", "def f(model):\n    return model.fit(X)",
               "X = [1]\nfor k in range(3):\n    print(k, len(X), SVC, f)\nscaler = StandardScaler()"]
    assert missing_names(sources) == {"StandardScaler": (2, 4)}


def test_missing_imports_go_at_the_top_of_the_first_code_cell_and_are_reported():
    nb = new_notebook(cells=[new_markdown_cell("# Iris"), new_code_cell("df = pd.read_csv('Iris.csv')"),
                             new_code_cell("X_train, X_test = train_test_split(df)\narray([1])\nzz = no_such_name")])
    nb, notes = add_missing_imports(nb)
    assert len(nb.cells) == 3
    assert nb.cells[1].source == ("# convert.py: names the notebook uses but never imports\nimport pandas as pd\n"
                                  "from sklearn.model_selection import train_test_split\n\n"
                                  f"{CELL_STARTS}\ndf = pd.read_csv('Iris.csv')")
    assert [(note.cell, note.line) for note in notes] == [(2, 1), (3, 1)]
    assert notes[1].why == ("train_test_split is used but never imported (the author's kernel had it): "
                           "`from sklearn.model_selection import train_test_split` added at the top")


def test_a_notebook_importing_everything_is_unchanged():
    nb = new_notebook(cells=[new_code_cell("import numpy as np\nx = np.zeros(3)")])
    assert add_missing_imports(nb) == (nb, [])
    assert len(nb.cells) == 1


def test_an_unresolvable_star_import_turns_the_pass_off():
    assert missing_names(["from no_such_module_here import *\nscaler = StandardScaler()"]) is None
    assert missing_imports.add_missing_imports(new_notebook(cells=[new_code_cell(
        "from no_such_module_here import *\nscaler = StandardScaler()")]))[1] == []
