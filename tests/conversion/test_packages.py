"""conversion/packages.py: which estimator libraries a notebook imports, read from its cells."""
import nbformat
import pytest

from conversion.packages import PackageError, imported_libraries, install_for_notebook, read_pins


def _notebook(*sources):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# title"),
                                           *(nbformat.v4.new_code_cell(s) for s in sources)])


def test_imports_are_found_with_the_first_cell_that_makes_them():
    notebook = _notebook("import numpy as np, lightgbm\nimport xgboost as xgb",
                         "try:\n    from imblearn.over_sampling import SMOTE\nexcept ImportError:\n    pass",
                         "import xgboost")
    assert imported_libraries(notebook) == {"lightgbm": 2, "xgboost": 2, "imblearn": 3}


def test_comments_strings_and_other_libraries_are_not_imports():
    notebook = _notebook("# import catboost\nnote = 'import xgboost'\nimport sklearn.ensemble\nimport xgboostish")
    assert imported_libraries(notebook) == {}


def test_a_cell_ipython_cannot_parse_still_says_what_it_imports():
    assert imported_libraries(_notebook("%matplotlib inline\nimport catboost\nprint 'hi'")) == {"catboost": 2}


def test_every_estimator_library_is_pinned():
    from model_export.packages import ESTIMATOR_LIBRARIES
    assert set(ESTIMATOR_LIBRARIES.values()) <= set(read_pins())


def test_a_library_with_no_pin_stops_naming_it_and_its_cell(monkeypatch):
    monkeypatch.setattr("conversion.packages.is_importable", lambda module: False)  # lacking, wherever xgboost is
    with pytest.raises(PackageError, match=r"cell 2 imports xgboost.*does not pin: add `xgboost==VERSION`"):
        install_for_notebook(_notebook("import xgboost"), pins={}, say=lambda _: None)
