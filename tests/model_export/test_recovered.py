"""model_export/recovered.py: rows written only inside the notebook's own fit() and score() calls."""
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier

from model_export.recovered import with_recovered_data
from export_support import export, kaggle_frame


PETAL_FIRST = ["PetalLengthCm", "PetalWidthCm", "SepalLengthCm", "SepalWidthCm"]


def frames_namespace(tmp_path, source, fit):
    """`train, test = train_test_split(df)` with the model fitted by `fit`, the script saying `source`."""
    train, test = train_test_split(kaggle_frame(), test_size=0.3, random_state=0)
    script = tmp_path / "output_model.py"
    script.write_text(source)
    namespace = {"train": train, "test": test, "cols": PETAL_FIRST, "__file__": str(script)}
    namespace["model"] = fit(train)
    return namespace


def test_rows_given_only_inside_fit_and_score_calls_are_read_back_from_the_notebook(tmp_path):
    source = ("model = LogisticRegression(max_iter=1000)\n"
              "model.fit(train[cols].values, train['Species'].values)\n"
              "print(model.score(test[cols].values, test['Species'].values))\n")
    namespace = frames_namespace(
        tmp_path, source, lambda train: LogisticRegression(max_iter=1000).fit(train[PETAL_FIRST].values, train["Species"]))
    meta = export(namespace, tmp_path)
    assert meta["feature_names"] == PETAL_FIRST  # not the Iris order guessed for unnamed columns
    expected = namespace["model"].score(namespace["test"][PETAL_FIRST].values, namespace["test"]["Species"])
    assert meta["metrics"] == {"accuracy": pytest.approx(expected)}


def test_a_chained_fit_gives_its_rows_and_the_gate_cross_validates_them(tmp_path):
    source = "model = KNeighborsClassifier(3).fit(train[['PetalLengthCm', 'PetalWidthCm']].to_numpy(), train.Species)\n"
    namespace = frames_namespace(
        tmp_path, source, lambda train: KNeighborsClassifier(3).fit(train[PETAL_FIRST[:2]].to_numpy(), train.Species))
    meta = export(namespace, tmp_path)
    assert meta["feature_names"] == PETAL_FIRST[:2] and meta["metrics"]["cv_accuracy"] >= 0.9


@pytest.mark.parametrize("call", [
    "model.fit(load(train), train.Species)\n",  # a call that could do anything is never evaluated
    "model.fit(train[cols].values, train.SepalLengthCm)\n",  # labels the model does not predict are not its labels
])
def test_fit_arguments_are_read_back_only_when_safe_and_consistent(tmp_path, call, capsys):
    namespace = frames_namespace(
        tmp_path, call, lambda train: LogisticRegression(max_iter=1000).fit(train[PETAL_FIRST].values, train["Species"]))
    namespace["load"] = lambda frame: pytest.fail("the export evaluated a call outside SAFE_METHODS")
    assert with_recovered_data("model", namespace["model"], namespace) == namespace
    assert "read from the notebook's own" not in capsys.readouterr().out
