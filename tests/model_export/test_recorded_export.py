"""The export given the recording of the notebook's training (model_export/run.py with recorder.py).

What the recorder saw replaces what the export once had to guess from the notebook's globals
and source: rows given only inside fit()/score() calls, models fitted in a loop or kept inside
a wrapper object of the notebook's own class. Each scenario is a real script run with the
recorder installed (tests/model_export/recorded.py) that exports as the generated script does.
"""
import textwrap

import pytest
from recorded import run_recorded

DATA = """
import pandas as pd
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.tree import DecisionTreeClassifier

iris = load_iris(as_frame=True)
df = iris.data.set_axis(['SepalLengthCm', 'SepalWidthCm', 'PetalLengthCm', 'PetalWidthCm'], axis=1)
df['Species'] = iris.target_names[iris.target]
del iris  # the Kaggle columns are then the only names the measurements have
train, test = train_test_split(df, test_size=0.3, random_state=0)
cols = ['PetalLengthCm', 'PetalWidthCm', 'SepalLengthCm', 'SepalWidthCm']
"""

EXPORT = """
from model_export import run_export
meta = run_export(dict(globals()), recording=recorder.stop(), model_dir="model")
print("SUMMARY " + json.dumps({**meta, "held": globals().get("held")}))
"""


def exported(tmp_path, notebook):
    return run_recorded(tmp_path, DATA + textwrap.dedent(notebook) + EXPORT)


def test_rows_given_only_inside_fit_and_score_calls_are_the_training_and_held_out_rows(tmp_path):
    meta = exported(tmp_path, """
        model = LogisticRegression(max_iter=1000)
        model.fit(train[cols].values, train['Species'].values)
        held = model.score(test[cols].values, test['Species'].values)
    """)
    assert meta["feature_names"] == ["PetalLengthCm", "PetalWidthCm", "SepalLengthCm", "SepalWidthCm"]
    assert meta["metrics"]["accuracy"] == pytest.approx(meta["held"]) and set(meta["metrics"]) == {"accuracy", "baseline"}
    assert meta["candidates"][0]["scored_by"] == "held-out accuracy on the rows of model.score() (45 rows)"


def test_a_chained_fit_gives_its_rows_and_the_gate_cross_validates_them(tmp_path):
    meta = exported(tmp_path, """
        model = KNeighborsClassifier(3).fit(train[['PetalLengthCm', 'PetalWidthCm']].to_numpy(), train.Species)
    """)
    assert meta["feature_names"] == ["PetalLengthCm", "PetalWidthCm"] and meta["metrics"]["cv_accuracy"] >= 0.9


def test_models_fitted_in_a_loop_are_all_candidates_and_the_best_scored_is_exported(tmp_path):
    meta = exported(tmp_path, """
        X_train, X_test, y_train, y_test = train[cols], test[cols], train.Species, test.Species
        models = {"lr": LogisticRegression(max_iter=1000), "stump": DecisionTreeClassifier(max_depth=1),
                  "knn": KNeighborsClassifier()}
        for name, model in models.items():
            model.fit(X_train, y_train)
    """)
    names = [row["name"] for row in meta["candidates"]]
    assert sorted(names) == ["models['knn']", "models['lr']", "models['stump']"] and names[-1] == "models['stump']"
    assert meta["estimator"] == meta["candidates"][0]["estimator"] != "DecisionTreeClassifier"


def test_a_classifier_a_wrapper_object_of_the_notebooks_own_class_fits_is_a_candidate(tmp_path):
    meta = exported(tmp_path, """
        class IrisModel:
            def __init__(self):
                self.model = DecisionTreeClassifier(random_state=0)

            def fit(self, frame):
                self.model.fit(frame[cols], frame.Species)
                return self

        iris_model = IrisModel().fit(train)
    """)
    assert [row["name"] for row in meta["candidates"]] == ["iris_model.model"]
    assert meta["estimator"] == "DecisionTreeClassifier" and meta["metrics"]["cv_accuracy"] >= 0.9


def test_a_model_fitted_on_the_held_out_rows_too_is_scored_by_cross_validation_and_ranked_after(tmp_path):
    # a 1-NN fitted on every row (Data School's first model) would score X_test from memory: 1.0
    meta = exported(tmp_path, """
        X, y = df[cols], df.Species
        memorised = KNeighborsClassifier(n_neighbors=1).fit(X, y)
        X_train, X_test, y_train, y_test = train[cols], test[cols], train.Species, test.Species
        logreg = LogisticRegression(max_iter=1000).fit(X_train, y_train)
    """)
    board = {row["name"]: row for row in meta["candidates"]}
    assert [row["name"] for row in meta["candidates"]] == ["logreg", "memorised"]
    assert meta["estimator"] == "LogisticRegression" and "accuracy" in meta["metrics"]
    assert board["memorised"]["scored_by"].endswith("(it was fitted on X_test too)")
    assert board["memorised"]["score"] < 1.0  # cross-validated, not remembered


def test_a_model_re_fitted_on_every_row_after_its_test_is_gated_by_cross_validation(tmp_path):
    meta = exported(tmp_path, """
        X_train, X_test, y_train, y_test = train[cols], test[cols], train.Species, test.Species
        knn = KNeighborsClassifier(n_neighbors=1).fit(X_train, y_train)
        held = knn.score(X_test, y_test)
        knn.fit(df[cols], df.Species)  # the final model, on all the data
    """)
    assert "accuracy" not in meta["metrics"] and meta["metrics"]["cv_accuracy"] < 1.0


def test_classes_named_by_the_code_table_the_recorder_saw_are_not_called_numbers(tmp_path):
    """The labels coded in a loop over the text columns (no encoder or dict left in a variable):
    the recorder's table names the classes, and the export says so, with no warning before it
    that they stay numbers."""
    summary, printed = run_recorded(tmp_path, textwrap.dedent("""
        import numpy as np
        import pandas as pd
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import LabelEncoder
        rng = np.random.default_rng(0)
        balance = rng.normal(size=400)
        df = pd.DataFrame({"balance": balance, "age": rng.normal(40, 9, size=400),
                           "deposit": np.where(balance + rng.normal(scale=0.3, size=400) > 0, "yes", "no")})
        for column in ["deposit"]:
            df[column] = LabelEncoder().fit_transform(df[column])
        X_train, X_test, y_train, y_test = train_test_split(df[["balance", "age"]], df["deposit"], random_state=0)
        model = LogisticRegression().fit(X_train, y_train)
        """) + EXPORT, output=True)
    assert summary["class_names"] == ["no", "yes"]
    assert "as the notebook coded its labels" in printed and "are the numbers" not in printed
