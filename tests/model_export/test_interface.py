"""model_export/interface.py: model.json's format 2 keys, Iris's contract laid over an Iris model, and
the parity check through the encoding."""
import joblib
import pandas as pd
import pytest
from sklearn.datasets import load_breast_cancer, load_iris, load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import contract
from model_export import ExportError
from model_export.interface import check_raw_parity, model_name
from export_support import export, iris_namespace


@pytest.mark.parametrize("source, name", [("Heart Disease (UCI).ipynb", "heart-disease-uci"),
                                          ("notebook.ipynb", "notebook"), ("___.ipynb", "model")])
def test_the_model_name_is_the_notebooks_stem_made_url_safe(source, name):
    assert model_name(source) == name


def test_model_name_from_the_environment_wins_and_must_be_url_safe(monkeypatch):
    monkeypatch.setenv("MODEL_NAME", "penguins-v2")
    assert model_name("x.ipynb", iris=True) == "penguins-v2"
    monkeypatch.setenv("MODEL_NAME", "Penguins/2")
    with pytest.raises(ExportError, match="MODEL_NAME='Penguins/2' is not URL-safe"):
        model_name("x.ipynb")


def test_an_iris_model_gets_the_curated_iris_contract(tmp_path):
    meta = export(iris_namespace(), tmp_path, source="my notebook.ipynb")
    assert (meta["format_version"], meta["task"], meta["model_name"]) == (2, "classification", "iris")
    assert [spec["name"] for spec in meta["inputs"]] == list(contract.FIELDS)
    assert all(spec["unit"] == "cm" and spec["accept"] == {"exclusive_minimum": 0.0, "maximum": 100.0}
               for spec in meta["inputs"])
    assert meta["encoding"] == [{"input": contract.field_of(n), "as": "number"} for n in meta["feature_names"]]
    assert [e["values"] for e in meta["examples"]] == [dict(contract.EXAMPLES[k]) for k in contract.FORM_PRESETS]
    assert meta["target"]["classes"] == ["setosa", "versicolor", "virginica"]


def test_unnamed_columns_of_a_bunch_get_its_feature_names_and_coded_classes_its_target_names(tmp_path):
    wine = load_wine()
    X_train, X_test, y_train, y_test = train_test_split(wine.data, wine.target, random_state=1, stratify=wine.target)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)).fit(X_train, y_train)
    namespace = {"wine": wine, "X_train": X_train, "X_test": X_test, "y_train": y_train, "y_test": y_test, "model": model,
                 "iris": load_iris()}  # loaded beside, as a notebook comparing data sets does: not an Iris model
    meta = export(namespace, tmp_path, source="wine.ipynb")
    assert [spec["name"] for spec in meta["inputs"]] == list(wine.feature_names)
    assert meta["target"]["classes"] == ["class_0", "class_1", "class_2"] and meta["model_name"] == "wine"
    assert [e["label"] for e in meta["examples"]] == ["class_0", "class_1", "class_2"]


def test_labels_as_written_in_the_data_are_the_target_classes(tmp_path):
    data = load_breast_cancer(as_frame=True)
    y = pd.Series(data.target.map({0: "malignant", 1: "benign"}), name="diagnosis")
    X_train, X_test, y_train, y_test = train_test_split(data.data, y, random_state=0)
    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(X_train, y_train)
    meta = export({"X_train": X_train, "X_test": X_test, "y_train": y_train, "y_test": y_test, "model": model}, tmp_path)
    assert meta["target"] == {"name": "diagnosis", "kind": "category", "classes": ["benign", "malignant"]}
    inputs = {spec["name"]: spec for spec in meta["inputs"]}
    assert inputs["mean radius"]["min"] == X_train["mean radius"].min()
    assert inputs["mean radius"]["quantiles"]["0.5"] == pytest.approx(X_train["mean radius"].median())


def test_the_parity_check_feeds_the_notebooks_own_raw_text_so_a_wrong_code_table_fails(tmp_path):
    from palmerpenguins import load_penguins
    from sklearn.tree import DecisionTreeClassifier
    from model_export.evidence import Evidence
    from model_export.interface import raw_truth
    raw = load_penguins().dropna()
    coded = raw.assign(island=raw.island.map({"Biscoe": 0, "Dream": 1, "Torgersen": 2}))
    X = coded[["bill_length_mm", "island"]]
    model = DecisionTreeClassifier(random_state=0).fit(X, coded.species)
    inputs = [{"name": "bill_length_mm", "kind": "number"},
              {"name": "island", "kind": "category", "values": ["Biscoe", "Dream", "Torgersen"]}]
    truth = raw_truth(X, inputs, Evidence({"raw": raw}, None))
    assert truth["island"][:3] == raw.island.tolist()[:3]
    right = [{"input": "bill_length_mm", "as": "number"},
             {"input": "island", "as": "code", "codes": [["Biscoe", 0], ["Dream", 1], ["Torgersen", 2]]}]
    check_raw_parity(model, model, X, right, inputs, "training", "classification", truth)
    wrong = [right[0], {**right[1], "codes": [["Biscoe", 2], ["Dream", 1], ["Torgersen", 0]]}]
    with pytest.raises(ExportError, match="does not reproduce the notebook's predictions"):
        check_raw_parity(model, model, X, wrong, inputs, "training", "classification", truth)


def test_a_features_code_table_never_names_the_labels(tmp_path):
    from scenarios import exported
    meta = exported(tmp_path, """
        import numpy as np
        import pandas as pd
        from sklearn.model_selection import train_test_split
        from sklearn.tree import DecisionTreeClassifier
        rng = np.random.default_rng(0)
        df = pd.DataFrame({"Gender": rng.choice(["Male", "Female"], 300), "Age": rng.integers(18, 60, 300)})
        df["Purchased"] = (df.Age > 40).astype(int)
        df["Gender"] = df["Gender"].map({"Male": 1, "Female": 0})
        X_train, X_test, y_train, y_test = train_test_split(df[["Gender", "Age"]], df["Purchased"], random_state=0)
        tree = DecisionTreeClassifier(max_depth=2).fit(X_train, y_train)
    """)
    assert meta["class_names"] == ["0", "1"] and meta["target"]["classes"] == ["0", "1"]
    assert meta["encoding"][0]["codes"] == [["Female", 0], ["Male", 1]]  # in code order
