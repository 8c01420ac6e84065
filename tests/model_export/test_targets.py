"""model_export/targets.py: candidates compete only with others trained for the notebook's main target."""
import types

import numpy as np
from scenarios import exported

from model_export.targets import coarsens, main_target


def candidate(name, seq, classes, labels, task="classification", rows=None):
    """A stand-in for a Candidate: what main_target reads of one."""
    model = types.SimpleNamespace(classes_=np.array(classes))
    event = types.SimpleNamespace(seq=seq)
    return types.SimpleNamespace(name=name, names=[name], at_end=[name], task=task, notebook_model=model,
                                 event=event, labels=labels if hasattr(labels, "name") else np.array(labels),
                                 raw_rows=rows)


SPECIES = [0, 0, 1, 1, 2, 2]
DETECTOR = [0, 0, 0, 0, 1, 1]  # "is it virginica?"


def test_a_binary_detector_of_one_class_coarsens_the_three_class_labels():
    assert coarsens(candidate("d", 0, [0, 1], DETECTOR), candidate("s", 1, [0, 1, 2], SPECIES))
    assert not coarsens(candidate("s", 1, [0, 1, 2], SPECIES), candidate("d", 0, [0, 1], DETECTOR))
    assert not coarsens(candidate("d", 0, [0, 1], [1, 0, 0, 0, 1, 1]), candidate("s", 1, [0, 1, 2], SPECIES))


def test_the_detector_never_wins_even_fitted_twice_and_last():
    softmax = candidate("softmax_reg", 1, [0, 1, 2], SPECIES)
    found = [candidate("log_reg", 0, [0, 1], DETECTOR), softmax, candidate("log_reg2", 2, [0, 1], DETECTOR)]
    kept, said = main_target(found)
    assert kept == [softmax]
    assert said == ["set aside `log_reg`, `log_reg2`: trained for another target (classes 0, 1) than the notebook's "
                    "main one (classes 0, 1, 2); models of different targets do not compete"]


def test_model_var_picks_its_candidates_target():
    detector = candidate("log_reg", 0, [0, 1], DETECTOR)
    kept, _ = main_target([detector, candidate("softmax_reg", 1, [0, 1, 2], SPECIES)], model_var="log_reg")
    assert kept == [detector]


def test_without_a_coarsening_the_target_most_candidates_were_trained_for_is_the_main_one():
    regressor = candidate("reg", 3, [], [1.5, 2.5, 3.5, 0.5, 1.0, 2.0], task="regression", rows=np.zeros((6, 2)))
    classifiers = [candidate(f"c{i}", i, ["a", "b"], list("ababab"), rows=np.ones((6, 2))) for i in range(2)]
    assert main_target([*classifiers, regressor])[0] == classifiers


def test_the_textbook_notebook_exports_the_softmax_model_and_answers_with_species(tmp_path):
    meta = exported(tmp_path, """
        from sklearn import datasets
        from sklearn.linear_model import LogisticRegression
        iris = datasets.load_iris()
        X = iris["data"][:, 3:]  # petal width
        y = (iris["target"] == 2).astype(int)  # 1 if Iris virginica, else 0
        log_reg = LogisticRegression(solver="lbfgs", random_state=42)
        log_reg.fit(X, y)
        X = iris["data"][:, (2, 3)]  # petal length, petal width
        y = iris["target"]
        softmax_reg = LogisticRegression(C=10, random_state=42)
        softmax_reg.fit(X, y)
        X = iris["data"][:, 3:]
        y = (iris["target"] == 2).astype(int)
        log_reg = LogisticRegression(solver="lbfgs", C=10**10, random_state=42)
        log_reg.fit(X, y)
    """)
    assert meta["class_names"] == ["setosa", "versicolor", "virginica"]
    assert meta["feature_names"] == ["petal length (cm)", "petal width (cm)"] and meta["model_name"] == "iris"
    assert "set aside `log_reg (line" in meta["_out"]


def test_a_regression_of_one_input_column_on_another_is_a_side_study_even_fitted_last():
    import pandas as pd
    rows = pd.DataFrame({"PetalLengthCm": [1.4, 4.5, 6.0, 1.3, 4.2, 5.8], "PetalWidthCm": [0.2, 1.5, 2.5, 0.2, 1.3, 2.3]})
    classifier = candidate("svc", 0, ["a", "b", "c"], list("abcabc"), rows=rows)
    regression = candidate("model", 1, [], rows["PetalWidthCm"], task="regression", rows=rows[["PetalLengthCm"]])
    assert main_target([classifier, regression])[0] == [classifier]
    unnamed = candidate("model", 1, [], rows["PetalWidthCm"].to_numpy(), task="regression", rows=rows[["PetalLengthCm"]])
    assert main_target([classifier, unnamed])[0] == [classifier]  # the same values as an input column
