"""conversion/imports.py: imports of older scikit-learn and tqdm fixed in place."""
import importlib.util

import pytest

from conversion_support import rewrite


def test_removed_scikit_learn_plotting_names_leave_the_import_and_their_calls_go():
    text, report = rewrite("""
        from sklearn.metrics import plot_confusion_matrix, confusion_matrix
        from sklearn.metrics import plot_roc_curve
        plot_confusion_matrix(clf, X_test, y_test)
        cm = confusion_matrix(y_test, predicted)
    """)
    assert text == ("from sklearn.metrics import confusion_matrix  # from sklearn.metrics import plot_confusion_matrix, "
                    "confusion_matrix\n# from sklearn.metrics import plot_roc_curve\n"
                    "# plot_confusion_matrix(clf, X_test, y_test)\ncm = confusion_matrix(y_test, predicted)")
    assert len(report) == 3
    exec(compile(text.split("\n")[0], "<cell>", "exec"), {})


@pytest.mark.parametrize("line, expected", [
    ("from sklearn.externals import joblib", "import joblib"),
    ("from sklearn.externals.joblib import dump, load", "from joblib import dump, load"),
    ("from sklearn.cross_validation import train_test_split, cross_val_score",
     "from sklearn.model_selection import train_test_split, cross_val_score"),
    ("from sklearn.grid_search import GridSearchCV", "from sklearn.model_selection import GridSearchCV"),
    ("from sklearn.externals.six import StringIO", "from io import StringIO"),
    ("from sklearn import cross_validation", "from sklearn import model_selection as cross_validation"),
    ("from sklearn import datasets, grid_search as gs, svm",
     "from sklearn import datasets, model_selection as gs, svm"),
])
def test_modules_removed_from_old_scikit_learn_are_imported_from_their_new_place(line, expected):
    text, report = rewrite(line + "\nx = 1")
    assert text == f"{expected}  # {line}\nx = 1"
    assert report[0].startswith("cell 1 line 1: sklearn.") and "was removed from scikit-learn" in report[0]
    exec(compile(text, "<cell>", "exec"), {})


def test_tqdm_progress_bars_work_in_a_script_whether_or_not_tqdm_is_installed(monkeypatch):
    source = "from tqdm.notebook import tqdm, trange\ntotal = sum(k for k in tqdm(range(4))) + len(list(trange(2, 5)))"
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    text, report = rewrite(source)
    namespace = {}
    exec(compile(text, "<cell>", "exec"), namespace)
    assert namespace["total"] == 9
    assert report[0].startswith("cell 1 line 1: tqdm is not installed")
    monkeypatch.undo()
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: object())
    text, _ = rewrite(source)
    assert text.startswith("from tqdm.auto import tqdm, trange  # from tqdm.notebook import tqdm, trange\n")
