"""model_export/candidates.py and leaderboard.py: candidates read from a recording, scored and chosen.

The scenarios are real scripts run in their own interpreter with the recorder installed,
as the generated script runs a notebook (see test_recorder.py)."""
import textwrap

import pytest
from recorded import PRELUDE, run_recorded

REPORT = """
recording = recorder.stop()
from model_export import candidates as candidates_module, leaderboard
from model_export._common import resolve_search
from model_export.globals_model import CONVENTIONAL_MODEL_NAMES, is_fitted_classifier
from model_export.data import find_held_out_names
found = candidates_module.candidates(recording, is_fitted_classifier, resolve_search)
split = leaderboard.held_out_split(recording, dict(globals()), found, find_held_out_names)
leaderboard.score_all(found, split)
chosen, why = leaderboard.pick(found, CONVENTIONAL_MODEL_NAMES, globals().get("MODEL_VAR"))
print("SUMMARY " + json.dumps({
    "board": leaderboard.leaderboard(leaderboard.ranked(found, CONVENTIONAL_MODEL_NAMES)),
    "chosen": chosen.name, "why": why, "evidence": chosen.evidence(recording.where),
    "steps": {c.name: [name for name, _ in c.steps] for c in found},
    "parity": {c.name: bool((c.model.predict(c.raw_rows) == c.notebook_model.predict(c.fitted_rows)).all())
               for c in found},
    "raw_min": {c.name: float(c.raw_rows.min()) for c in found},
    "split": None if split is None else [split.source, float(split.rows.min())],
}))
"""

SCALED_AND_COMPARED = """
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC

X, y = load_iris(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=3)
scaler = StandardScaler()
X_train = scaler.fit_transform(X_train)
X_test = scaler.fit_transform(X_test)

def fit_svc(features, labels):
    svc = SVC(C=0.05)
    svc.fit(features, labels)
    return svc

weak = fit_svc(X_train, y_train)
knn = KNeighborsClassifier(n_neighbors=1).fit(X_train, y_train)
knn = KNeighborsClassifier(n_neighbors=9)
knn.fit(X_train, y_train)
lr = LogisticRegression(max_iter=1000).fit(X_train, y_train)
"""


def run(tmp_path, body, name):
    return run_recorded(tmp_path, textwrap.dedent(body) + REPORT, name)


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    return run(tmp_path_factory.mktemp("candidates"), SCALED_AND_COMPARED, "compared")


def test_every_classifier_trained_is_a_candidate_also_overwritten_or_fitted_in_a_function(compared):
    first_knn = (PRELUDE + SCALED_AND_COMPARED).splitlines().index(
        "knn = KNeighborsClassifier(n_neighbors=1).fit(X_train, y_train)") + 1
    assert sorted(row["name"] for row in compared["board"]) == ["knn", f"knn (line {first_knn})", "lr", "weak"]


def test_each_candidate_is_exported_behind_the_scaler_that_made_its_training_rows(compared):
    assert all(steps == ["scaler"] for steps in compared["steps"].values())
    assert all(compared["parity"].values())  # raw rows through the pipeline = the notebook's model on its rows
    assert min(compared["raw_min"].values()) > 0  # centimetres, not scaled values


def test_the_held_out_rows_are_the_raw_rows_behind_the_test_set_scaled_by_a_refitted_scaler(compared):
    assert compared["split"][0] == "X_test" and compared["split"][1] > 0


def test_candidates_are_ranked_by_held_out_accuracy_and_the_weak_one_is_last(compared):
    scores = [row["score"] for row in compared["board"]]
    assert scores == sorted(scores, reverse=True) and compared["board"][-1]["name"] == "weak"
    assert all(row["scored_by"] == "held-out accuracy on X_test (45 rows)" for row in compared["board"])


def test_the_choice_says_why_and_on_what_evidence(compared):
    best = compared["board"][0]
    assert compared["chosen"] == best["name"]
    assert compared["why"].startswith(f"best held-out accuracy on X_test (45 rows): {best['score']:.4f}")
    assert "on rows made by scaler.fit_transform" in compared["evidence"]


def test_a_tie_goes_to_the_conventional_name_then_to_the_last_fitted(tmp_path):
    summary = run(tmp_path, """
        from sklearn.datasets import load_iris
        from sklearn.tree import DecisionTreeClassifier
        X, y = load_iris(return_X_y=True)
        first = DecisionTreeClassifier(random_state=0).fit(X, y)
        model = DecisionTreeClassifier(random_state=0).fit(X, y)
        last = DecisionTreeClassifier(random_state=0).fit(X, y)
    """, "tie")
    assert [row["name"] for row in summary["board"]] == ["model", "last", "first"]
    assert summary["why"].endswith("tied with last, first, chosen as a conventional name")
    assert summary["board"][0]["scored_by"] == "5-fold cross-validated accuracy on its training rows"


def test_model_var_overrides_the_ranking(tmp_path):
    summary = run(tmp_path, SCALED_AND_COMPARED + "MODEL_VAR = 'weak'\n", "override")
    assert summary["chosen"] == "weak" and summary["why"] == "--model-var weak"


def test_rows_split_after_scaling_are_followed_back_to_the_raw_rows(tmp_path):
    summary = run(tmp_path, """
        from sklearn.datasets import load_iris
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import MinMaxScaler
        from sklearn.svm import SVC
        X, y = load_iris(return_X_y=True)
        X_scaled = MinMaxScaler().fit_transform(X)
        X_train, X_test, y_train, y_test = train_test_split(X_scaled, y, random_state=0)
        clf = SVC().fit(X_train, y_train)
    """, "split_after")
    assert summary["steps"] == {"clf": ["minmaxscaler"]} and summary["parity"] == {"clf": True}
    assert summary["raw_min"]["clf"] > 0 and summary["split"][1] > 0


def test_the_report_marks_the_exported_candidate_only_when_several_share_its_name():
    from model_export import leaderboard

    class Chosen:
        name = "knn (line 7)"

        def evidence(self, where):
            return "knn.fit in cell 3 line 7"

    board = [{"name": "knn (line 7)", "estimator": "KNeighborsClassifier", "score": 0.98, "scored_by": "held-out"}] * 3
    lines = leaderboard.report(board, Chosen(), "best", None, place=1)
    assert [line.endswith("<- exported") for line in lines[1:4]] == [False, True, False]


def test_the_fit_of_a_search_over_a_pipeline_is_found_for_its_best_pipelines_last_step():
    """A GridSearchCV over make_pipeline(scaler, forest) serves best_estimator_'s forest: the recorder's
    fit event of the search is that model's fit (a failed cell after it is then judged, not a stop)."""
    from types import SimpleNamespace

    from model_export.candidates import model_fit

    from sklearn.datasets import load_iris
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, y = load_iris(return_X_y=True)
    search = GridSearchCV(make_pipeline(StandardScaler(), RandomForestClassifier(n_estimators=5, random_state=0)),
                          {"randomforestclassifier__max_depth": [2, 3]}, cv=2).fit(X, y)
    event = SimpleNamespace(estimator=search, snapshot=None)
    recording = SimpleNamespace(fits=lambda: [event])
    assert model_fit(recording, search.best_estimator_) is event
    assert model_fit(recording, RandomForestClassifier()) is None
