"""model_export/metrics.py: held-out accuracy, else a cross-validated one, as the gate reads them."""
import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.tree import DecisionTreeClassifier

from model_export import ExportError
from export_support import export, iris_namespace


def test_metrics_hold_the_held_out_accuracy_and_the_notebooks_own_float(tmp_path):
    namespace = iris_namespace()
    namespace["test_accuracy"] = np.float64(0.5)
    meta = export(namespace, tmp_path)
    expected = namespace["model"].score(namespace["X_test"], namespace["y_test"])
    majority = namespace["y_train"].value_counts().idxmax()  # the trivial model's one answer
    trivial = float(np.mean(namespace["y_test"] == majority))
    assert meta["metrics"] == {"accuracy": pytest.approx(expected), "test_accuracy": 0.5,
                               "baseline": pytest.approx(trivial)}


def test_without_a_held_out_split_the_gate_uses_cross_validated_accuracy(tmp_path, capsys):
    namespace = iris_namespace()
    del namespace["X_test"], namespace["y_test"]
    meta = export(namespace, tmp_path)
    assert set(meta["metrics"]) == {"cv_accuracy", "baseline"} and meta["metrics"]["cv_accuracy"] >= 0.9
    assert "export: cross-validated accuracy (5-fold; no held-out split)" in capsys.readouterr().out


def test_a_weak_model_fitted_on_all_the_data_is_refused_by_its_cross_validated_accuracy(tmp_path):
    data = load_iris()
    X = data.data[:, :1]  # sepal length alone, one split: about 0.6
    namespace = {"iris": data, "X": X, "y": data.target, "model": DecisionTreeClassifier(max_depth=1).fit(X, data.target)}
    with pytest.raises(ExportError, match=r"cross-validated accuracy \(5-fold; no held-out split\) 0\.\d+ is below"):
        export(namespace, tmp_path)


def test_predictions_are_not_taken_for_training_labels_and_the_gate_says_it_was_not_applied(tmp_path, capsys):
    namespace = iris_namespace()
    model = namespace["model"]
    namespace = {"X_train": namespace["X_train"], "y_pred": model.predict(namespace["X_train"]), "model": model}
    assert "cv_accuracy" not in export(namespace, tmp_path)["metrics"]
    assert "the accuracy gate was not applied" in capsys.readouterr().out


def test_held_out_labels_re_bound_to_other_units_stop_the_gate_naming_the_statement(tmp_path):
    """Fitted on log prices, then `y_test = np.exp(y_test)` to read the error in prices: scored on those,
    the model and the trivial model both score about -9, the same meaningless figure. The build stops
    saying the units differ and which statement re-bound the labels."""
    from scenarios import refused
    message = refused(tmp_path, """
        import numpy as np
        import pandas as pd
        from sklearn.linear_model import LinearRegression
        from sklearn.model_selection import train_test_split
        rng = np.random.default_rng(0)
        df = pd.DataFrame({'area': rng.uniform(50, 300, 300), 'rooms': rng.integers(1, 6, 300)})
        df['price'] = np.exp(11 + df['area'] / 200 + df['rooms'] / 10 + rng.normal(0, 0.1, 300))
        y = np.log(df['price'])
        X_train, X_test, y_train, y_test = train_test_split(df[['area', 'rooms']], y, random_state=0)
        model = LinearRegression().fit(X_train, y_train)
        y_test = np.exp(y_test)
    """)
    assert "the held-out labels are not in the units the model was fitted in" in message
    assert "(`y_test = np.exp(y_test)` in line 15 of the script re-binds them)" in message


def test_held_out_labels_of_a_random_split_are_in_the_training_labels_units():
    from model_export.label_units import in_other_units
    rng = np.random.default_rng(1)
    prices = rng.lognormal(13, 0.4, 400)
    assert not in_other_units(prices[:300], prices[300:])
    assert in_other_units(np.log(prices[:300]), prices[300:])
    assert not in_other_units(np.arange(100.0), np.arange(100.0, 130.0))  # a later period, same units
