"""model_export/recording.py's loops (estimator_events.Loop): one line fitting the same kind of model again and again is one
candidate (its last fit), recorded at a bounded cost, as a notebook that averages 10,000 random
splits needs; a loop over kinds of model (hyperparameters, a dict of models) stays several."""
import sys
import textwrap

import pytest
from recorded import ROOT, run_recorded

sys.path.insert(0, str(ROOT))
from model_export import estimator_events  # noqa: E402

SCRIPT = """
import numpy as np
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.tree import DecisionTreeClassifier
from model_export.candidates import candidates
from model_export.globals_model import is_fitted_classifier
from model_export._common import resolve_search

X, y = load_iris(return_X_y=True)
scores = []
for seed in range(200):                       # repeated random splits: one kind of model, 200 fits
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, random_state=seed)
    tree = DecisionTreeClassifier(max_depth=2, random_state=0)
    tree.fit(X_tr, y_tr)
    scores.append(tree.score(X_te, y_te))
last_split = X_tr.copy()
for k in (1, 3, 5, 7, 9):                     # a hyperparameter loop: five kinds of model
    knn = KNeighborsClassifier(n_neighbors=k).fit(X, y)
same = DecisionTreeClassifier(max_depth=1)
for seed in range(10):                        # one object re-fitted on one line, then once more elsewhere
    same.fit(X[seed:], y[seed:])
fitted_on = X[9:].shape[0]
same.fit(X[:20], y[:20])
after = recorder.stop()
found = candidates(after, is_fitted_classifier, resolve_search)
loop_tree = next(c for c in found if type(c.notebook_model).__name__ == "DecisionTreeClassifier"
                 and c.notebook_model.max_depth == 2)
same_fits = [e for e in after.fits() if e.estimator is same]
checks = {
    "tree_fits_recorded": sum(1 for e in after.fits() if type(e.estimator).__name__ == "DecisionTreeClassifier"
                              and e.estimator.max_depth == 2),
    "tree_candidates": sum(1 for c in found if type(c.notebook_model).__name__ == "DecisionTreeClassifier"
                           and c.notebook_model.max_depth == 2),
    "tree_is_the_last_fit": bool(loop_tree.event.estimator is tree
                                  and np.array_equal(loop_tree.fitted_rows, last_split)),
    "tree_predicts_as_the_notebooks": bool(np.array_equal(loop_tree.notebook_model.predict(X), tree.predict(X))),
    "tree_loop_count": loop_tree.event.loop.fits,
    "knn_candidates": sorted(c.notebook_model.n_neighbors for c in found
                             if type(c.notebook_model).__name__ == "KNeighborsClassifier"),
    "score_events": sum(1 for e in after.events if e.method == "score"),
    "same_loop_rows": [int(e.snapshot.tree_.n_node_samples[0]) for e in same_fits],  # rows it was fitted on
    "fitted_on": fitted_on,
    "events_in_order": [e.seq for e in after.events] == sorted(e.seq for e in after.events),
}
"""

SUMMARY = """
import json
print("SUMMARY " + json.dumps({"errors": after.errors, **checks}))
"""


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    return run_recorded(tmp_path_factory.mktemp("loops"), textwrap.dedent(SCRIPT) + SUMMARY)


def test_a_loop_records_a_bounded_sample_and_its_last_fit(summary):
    assert summary["tree_fits_recorded"] == estimator_events.LOOP_SAMPLE + 1
    assert summary["errors"] == 0


def test_a_loop_is_one_candidate_its_last_fit(summary):
    assert summary["tree_candidates"] == 1
    assert summary["tree_is_the_last_fit"] and summary["tree_predicts_as_the_notebooks"]
    assert summary["tree_loop_count"] == 200


def test_a_loop_over_hyperparameters_keeps_each_kind_of_model(summary):
    assert summary["knn_candidates"] == [1, 3, 5, 7, 9]


def test_calls_inside_a_loop_are_recorded_only_for_its_first_passes(summary):
    assert summary["score_events"] == estimator_events.LOOP_SAMPLE


def test_an_object_refitted_elsewhere_is_copied_as_its_loop_left_it_first(summary):
    # The loop's last fit (rows 9:, 141 rows) is copied before the fit on the next line changes the object.
    assert summary["same_loop_rows"][-2:] == [summary["fitted_on"], 20]


def test_events_stay_in_call_order(summary):
    assert summary["events_in_order"]


ENCODER_LOOP = """
import pandas as pd
from sklearn.preprocessing import LabelEncoder, OrdinalEncoder
cars = pd.DataFrame({"buying": ["low", "high", "med"] * 4, "doors": ["2", "4", "5more"] * 4,
                     "persons": ["2", "4", "more"] * 4, "lug_boot": ["small", "big", "med"] * 4,
                     "safety": ["low", "high", "med"] * 4, "class": ["acc", "unacc", "good"] * 4})
le = LabelEncoder()
for col in cars.columns:                      # one encoder re-fitted per column: a table per column
    cars[col] = le.fit_transform(cars[col])
oe = OrdinalEncoder()
for seed in range(10):                        # the same column again and again: one loop
    oe.fit(pd.DataFrame({"size": ["s", "m", "l"]}))
after = recorder.stop()
fits = [(type(e.estimator).__name__, list(getattr(e.X.current(), "columns", [getattr(e.X.current(), "name", None)])))
        for e in after.fits()]
print("SUMMARY " + json.dumps({"fits": fits}))
"""


def test_an_encoder_re_fitted_on_each_column_in_a_loop_is_recorded_once_per_column(tmp_path):
    fits = run_recorded(tmp_path, textwrap.dedent(ENCODER_LOOP))["fits"]
    assert [columns[0] for name, columns in fits if name == "LabelEncoder"] == [
        "buying", "doors", "persons", "lug_boot", "safety", "class"]
    assert sum(1 for name, _ in fits if name == "OrdinalEncoder") == estimator_events.LOOP_SAMPLE + 1
