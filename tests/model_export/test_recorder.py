"""model_export/recorder.py with what it records (recording.py, estimator_events.py, estimator_names.py):
the recorder, running real scripts as the generated script runs a notebook.

Each scenario is a small script that installs the recorder first, trains the way notebooks
do, and prints a JSON summary of what was recorded; it runs once in its own interpreter
(the recorder wraps library classes as they are imported, so a fresh process is the real case).
"""
import sys
import textwrap

import pytest
from recorded import ROOT, run_recorded

sys.path.insert(0, str(ROOT))
from model_export import fingerprints, recorder  # noqa: E402

SUMMARY = """
recording = recorder.stop()
summary = {"errors": recording.errors, "events": [
    {"seq": e.seq, "method": e.method, "type": type(e.estimator).__name__, "names": e.names,
     "function": e.function, "fitted_by": e.fitted_by, "at_end": recording.names_at_end(e),
     "lineage": [m.seq for m in recording.lineage(e)] if e.method in ("fit", "fit_transform") else None,
     "rows": e.X.shape[0] if e.X is not None and e.X.shape else None}
    for e in recording.events]}
summary.update(checks)
print("SUMMARY " + json.dumps(summary))
"""

NOTEBOOK = """
import numpy as np
from sklearn.datasets import load_iris
from sklearn.model_selection import GridSearchCV, cross_val_score, train_test_split
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

X, y = load_iris(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
raw_train_mean = X_train.mean(axis=0)
scaler = StandardScaler()
X_train = scaler.fit_transform(X_train)
X_test = scaler.fit_transform(X_test)          # the author's slip: re-fitted on the test rows
knn = KNeighborsClassifier(3).fit(X_train, y_train)
cv = cross_val_score(SVC(), X_train, y_train, cv=3)

def train(features, labels):
    m = LogisticRegression(max_iter=500)
    m.fit(features, labels)
    return m

lr = train(X_train, y_train)
knn = KNeighborsClassifier(5)
knn.fit(X_train, y_train)
models = {"svc": SVC()}
for name, candidate in models.items():
    candidate.fit(X_train, y_train)
search = GridSearchCV(SVC(), {"C": [1, 10]}, cv=3).fit(X_train, y_train)
pipe = make_pipeline(StandardScaler(), SVC()).fit(X, y)
held_out = knn.score(X_test, y_test)

class IrisModel:                               # a wrapper the notebook defines, fitting its own model
    def __init__(self):
        self.clf = LogisticRegression(max_iter=500)

    def train(self, features, labels):
        self.clf.fit(features, labels)
        return self

iris_model = IrisModel().train(X, y)
try:
    KNeighborsClassifier().fit([["a"]], ["b"])
except ValueError as error:
    failed = type(error).__name__
after = recorder.stop()
LogisticRegression().fit(X, y)                 # after stop(): the export's own calls are not recorded
events = after.events
first_knn = next(e for e in events if e.method == "fit" and e.snapshot.n_neighbors == 3)
scaled_by = after.lineage(first_knn)[0]
checks = {
    "failed": failed,
    "first_knn_predicts": int(first_knn.snapshot.predict(X_train[:1])[0]) == int(y_train[0]),
    "scaler_is_the_train_one": bool(np.allclose(scaled_by.snapshot.mean_, raw_train_mean)),
    "live_scaler_is_the_test_one": not np.allclose(scaler.mean_, raw_train_mean),
    "raw_rows_kept": bool(np.allclose(scaled_by.X.current().mean(axis=0), raw_train_mean)),
    "search_has_proba": hasattr(search, "predict_proba"),
    "pipe_has_proba": hasattr(pipe, "predict_proba"),
}
"""


def run_script(tmp_path, body):
    """Run body + SUMMARY with the recorder installed; the parsed summary."""
    return run_recorded(tmp_path, textwrap.dedent(body) + SUMMARY)


@pytest.fixture(scope="module")
def notebook(tmp_path_factory):
    return run_script(tmp_path_factory.mktemp("recorder"), NOTEBOOK)


def fits(summary):
    return [(e["type"], e["method"]) for e in summary["events"] if e["method"].startswith("fit")]


def test_only_the_notebooks_own_fits_are_recorded_not_cross_validation_or_search_clones(notebook):
    assert fits(notebook) == [
        ("StandardScaler", "fit_transform"), ("StandardScaler", "fit_transform"),
        ("KNeighborsClassifier", "fit"), ("LogisticRegression", "fit"), ("KNeighborsClassifier", "fit"),
        ("SVC", "fit"), ("GridSearchCV", "fit"), ("Pipeline", "fit"), ("LogisticRegression", "fit"),
    ]
    assert notebook["errors"] == 0


def test_a_call_that_fails_is_not_recorded_and_fails_as_it_would_without_the_recorder(notebook):
    assert notebook["failed"] == "ValueError"


def test_calls_after_stop_are_not_recorded(notebook):
    assert fits(notebook)[-1] == ("LogisticRegression", "fit")


def test_a_model_a_wrapper_class_fits_is_named_by_the_attribute_that_holds_it(notebook):
    held = [e for e in notebook["events"] if e["type"] == "LogisticRegression"][-1]
    assert (held["names"], held["function"], held["at_end"]) == (["self.clf"], "train", ["iris_model.clf"])


def test_a_model_bound_by_the_assignment_its_fit_sits_in_gets_that_name(notebook):
    first_knn = next(e for e in notebook["events"] if e["type"] == "KNeighborsClassifier")
    assert first_knn["names"] == ["knn"] and first_knn["function"] is None


def test_a_model_fitted_inside_a_function_has_its_local_name_and_the_name_it_was_returned_into(notebook):
    inside = next(e for e in notebook["events"] if e["type"] == "LogisticRegression")
    assert (inside["names"], inside["function"], inside["at_end"]) == (["m"], "train", ["lr"])


def test_a_model_fitted_in_a_loop_over_a_dict_is_named_by_the_loop_variable_and_its_key(notebook):
    looped = next(e for e in notebook["events"] if e["type"] == "SVC")
    assert looped["names"] == ["candidate", "models['svc']"]


def test_an_overwritten_model_keeps_its_own_snapshot(notebook):
    knns = [e for e in notebook["events"] if e["type"] == "KNeighborsClassifier" and e["method"] == "fit"]
    assert len(knns) == 2 and knns[0]["at_end"] == [] and knns[1]["at_end"] == ["knn"]
    assert notebook["first_knn_predicts"]


def test_lineage_names_the_scaler_as_it_was_when_it_produced_the_training_rows(notebook):
    knn = next(e for e in notebook["events"] if e["type"] == "KNeighborsClassifier")
    assert knn["lineage"] == [0]
    assert notebook["scaler_is_the_train_one"] and notebook["live_scaler_is_the_test_one"]
    assert notebook["raw_rows_kept"]


def test_rows_fitted_without_a_transform_have_no_lineage(notebook):
    pipe = next(e for e in notebook["events"] if e["type"] == "Pipeline")
    assert pipe["lineage"] == [] and pipe["rows"] == 150


def test_a_score_call_refers_to_the_fit_that_made_the_model_it_scored(notebook):
    score = next(e for e in notebook["events"] if e["method"] == "score")
    second_fit = [e for e in notebook["events"] if e["type"] == "KNeighborsClassifier"][1]
    assert score["fitted_by"] == second_fit["seq"] and score["rows"] == 38


def test_wrapped_methods_keep_scikit_learns_availability_checks(notebook):
    assert notebook["search_has_proba"] is False and notebook["pipe_has_proba"] is False


def test_a_scaler_that_scales_in_place_still_leaves_the_raw_rows(tmp_path):
    summary = run_script(tmp_path, """
        import numpy as np
        from sklearn.preprocessing import StandardScaler
        rows = np.array([[1.0, 2.0], [3.0, 5.0], [4.0, 9.0]])
        raw = rows.copy()
        StandardScaler(copy=False).fit_transform(rows)
        event = recorder.recording().events[0]
        checks = {"scaled_in_place": not np.array_equal(rows, raw),
                  "raw_kept": bool(np.array_equal(event.X.current(), raw))}
    """)
    assert summary["scaled_in_place"] and summary["raw_kept"]


def test_a_referenced_table_changed_in_place_afterwards_is_not_trusted():
    table = [[1.0, 2.0]] * 10
    data = fingerprints.Data(table)
    data.copied = False  # as for a table too big to copy
    data.value = table
    table[0] = [9.0, 9.0]
    assert data.current() is None


@pytest.mark.parametrize("value, same", [
    ("frame", True), ("float32_whole", True), ("shifted", False), ("transposed", False),
])
def test_fingerprints_follow_content_not_container(value, same):
    import numpy as np
    import pandas as pd
    base = np.arange(12, dtype=float).reshape(6, 2)
    other = {"frame": pd.DataFrame(base, columns=["a", "b"]), "float32_whole": base.astype(np.float32),
             "shifted": base + 1e-9, "transposed": base.T}[value]
    assert (fingerprints.fingerprint(other)[0] == fingerprints.fingerprint(base)[0]) is same


def test_uninstall_restores_the_libraries_methods():
    from sklearn.linear_model import LogisticRegression
    original = LogisticRegression.fit
    recorder.install(script="<no such script>")
    try:
        assert LogisticRegression.fit.__observed__ is original
    finally:
        recorder.uninstall()
    assert LogisticRegression.fit is original and recorder.recording() is None
