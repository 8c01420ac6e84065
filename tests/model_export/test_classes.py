"""model_export/classes.py: class labels and the names the service answers with."""
import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_iris
from sklearn.naive_bayes import GaussianNB
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import LabelEncoder
from sklearn.tree import DecisionTreeClassifier

from model_export.classes import class_labels, warn_if_numbers
from export_support import KAGGLE_COLUMNS, kaggle_frame


@pytest.mark.parametrize("source", ["bunch", "target_names", "label_encoder"])
def test_integer_classes_are_mapped_to_the_dataset_names(source):
    data = load_iris()
    model = DecisionTreeClassifier().fit(data.data, data.target)
    namespace = {
        "bunch": {"iris": data},
        "target_names": {"target_names": data.target_names},
        "label_encoder": {"le": LabelEncoder().fit(["Iris-setosa", "Iris-versicolor", "Iris-virginica"])},
    }[source]
    classes, names = class_labels(model, namespace)
    assert classes == [0, 1, 2]
    assert names[2] in ("virginica", "Iris-virginica")


@pytest.mark.parametrize("mapping", [
    {"Iris-virginica": 2, "Iris-setosa": 0, "Iris-versicolor": 1},
    {0: "Iris-setosa", 2: "Iris-virginica", 1: "Iris-versicolor"},
])
def test_integer_classes_are_mapped_through_the_notebooks_encoding_dict(mapping):
    data = load_iris()
    model = DecisionTreeClassifier().fit(data.data, data.target)
    namespace = {"species_codes": mapping, "other": {"a": "b"}, "sizes": {0: 1.5}}
    assert class_labels(model, namespace)[1] == ["Iris-setosa", "Iris-versicolor", "Iris-virginica"]


def test_string_classes_are_kept_as_they_are():
    data = load_iris()
    model = DecisionTreeClassifier().fit(data.data, data.target_names[data.target])
    assert class_labels(model, {"iris": data}) == (list(data.target_names), list(data.target_names))


@pytest.mark.parametrize("encoding", ["factorize", "cat_codes"])
def test_integer_classes_encoded_without_an_encoder_get_the_label_names(encoding):
    data = load_iris()
    df = pd.DataFrame(data.data[::-1], columns=data.feature_names)  # virginica first: codes follow appearance
    df["species"] = list(data.target_names[data.target[::-1]])
    if encoding == "factorize":
        y, uniques = pd.factorize(df["species"])
        namespace = {"df": df, "y": y, "uniques": uniques}
    else:
        df["species"] = df["species"].astype("category")
        y = df["species"].cat.codes
        namespace = {"df": df, "y": y}
    model = DecisionTreeClassifier().fit(df[data.feature_names], y)
    expected = {"factorize": ["virginica", "versicolor", "setosa"], "cat_codes": ["setosa", "versicolor", "virginica"]}
    assert class_labels(model, namespace)[1] == expected[encoding]


def test_an_unrelated_list_of_three_strings_is_not_taken_for_class_names():
    data = load_iris()
    model = DecisionTreeClassifier().fit(data.data, data.target)
    df = pd.DataFrame({"species": data.target_names[data.target]})
    namespace = {"df": df, "palette": np.array(["red", "green", "blue"]), "order": pd.Index(["c", "b", "a"])}
    assert class_labels(model, namespace)[1] == ["0", "1", "2"]


def encoded_namespace(tmp_path, codes, source):
    """A notebook that encoded Kaggle's species as `codes` with the code in `source`, its text column gone."""
    frame = kaggle_frame()
    y = frame.pop("Species").map(codes)
    script = tmp_path / "output_model.py"
    script.write_text(source)
    model = DecisionTreeClassifier(random_state=0).fit(frame, y)
    return {"__file__": str(script), "df": frame, "y": y, "model": model}


@pytest.mark.parametrize("codes, source", [
    ({"Iris-setosa": 0, "Iris-versicolor": 1, "Iris-virginica": 2},
     "df['Species'] = df['Species'].map({'Iris-setosa': 0, 'Iris-versicolor': 1, 'Iris-virginica': 2})\n"),
    ({"Iris-setosa": 1, "Iris-versicolor": 2, "Iris-virginica": 3},
     "df.replace({'Species': {'Iris-setosa': 1, 'Iris-versicolor': 2, 'Iris-virginica': 3}}, inplace=True)\n"),
    ({"Iris-setosa": 2, "Iris-versicolor": 0, "Iris-virginica": 1},
     "y = df.Species.replace(['Iris-versicolor', 'Iris-virginica', 'Iris-setosa'], [0, 1, 2])\n"),
])
def test_integer_classes_encoded_by_an_inline_literal_get_its_names(tmp_path, codes, source):
    namespace = encoded_namespace(tmp_path, codes, "import pandas as pd\n" + source + "print(len(df))\n")
    classes, names = class_labels(namespace["model"], namespace)
    assert dict(zip(names, classes)) == codes


def test_integer_classes_encoded_through_a_kept_per_column_dict_get_its_names(tmp_path):
    """`lookup = {'Species': {...}}` kept in a variable, then `labels.replace(lookup)`: the codes'
    names are the column's table in the dict (here not load_iris's own order)."""
    codes = {"Iris-versicolor": 0, "Iris-setosa": 1, "Iris-virginica": 2}
    namespace = encoded_namespace(tmp_path, codes, "y = labels.replace(lookup)\n")
    namespace["lookup"] = {"Species": codes}
    classes, names = class_labels(namespace["model"], namespace)
    assert dict(zip(names, classes)) == codes


def test_a_literal_that_does_not_cover_the_classes_gives_no_names(tmp_path, capsys):
    codes = {"Iris-setosa": 1, "Iris-versicolor": 2, "Iris-virginica": 0}  # not load_iris's own codes either
    namespace = encoded_namespace(tmp_path, codes, "sizes = s.map({'small': 0, 'large': 1})\n")
    classes, names = class_labels(namespace["model"], namespace)
    assert names == ["0", "1", "2"]
    assert capsys.readouterr().out == ""  # not yet: the recorder's code tables may still name them
    warn_if_numbers(classes, names)
    assert "warning: the classes are the numbers [0, 1, 2]" in capsys.readouterr().out


def test_no_warning_for_named_classes_or_classes_that_are_text(capsys):
    warn_if_numbers([0, 1], ["no", "yes"])
    warn_if_numbers(["M", "B"], ["M", "B"])
    warn_if_numbers([], [])
    assert capsys.readouterr().out == ""


def test_integer_codes_beside_their_text_column_get_its_names_row_by_row():
    frame = kaggle_frame().iloc[::-1]
    y = pd.Categorical(frame["Species"], categories=["Iris-virginica", "Iris-setosa", "Iris-versicolor"]).codes
    model = GaussianNB().fit(frame[KAGGLE_COLUMNS], y)
    names = class_labels(model, {"df": frame, "y": y, "model": model})[1]
    assert names == ["Iris-virginica", "Iris-setosa", "Iris-versicolor"]


def test_load_iris_labels_kept_without_their_names_get_the_iris_names():
    X, y = load_iris(return_X_y=True, as_frame=True)
    model = GaussianNB().fit(X, y)
    assert class_labels(model, {"X": X, "y": y})[1] == ["setosa", "versicolor", "virginica"]
    shuffled = y.sample(frac=1, random_state=0).to_numpy()  # not the data set's own order: no proof
    assert class_labels(model, {"y": shuffled})[1] == ["0", "1", "2"]


def test_labels_as_whole_floats_get_the_iris_names():
    iris = load_iris()
    frame = pd.DataFrame(np.c_[iris.data, iris.target], columns=iris.feature_names + ["target"])
    model = KNeighborsClassifier().fit(frame.iloc[:, :-1], frame["target"])  # classes 0.0, 1.0, 2.0
    classes, names = class_labels(model, {"iris": iris, "df": frame})
    assert (classes, names) == ([0.0, 1.0, 2.0], ["setosa", "versicolor", "virginica"])


def test_classes_0_1_2_kept_local_to_a_function_are_named_when_the_model_predicts_iris_codes(capsys):
    data = load_iris()
    petals_first = data.data[:, [2, 3, 0, 1]]
    model = GaussianNB().fit(petals_first, data.target)  # y lived inside train(): the namespace has no labels
    features = ["petal_length", "petal_width", "sepal_length", "sepal_width"]
    assert class_labels(model, {}, features)[1] == ["setosa", "versicolor", "virginica"]
    assert "predicts that data set's target codes" in capsys.readouterr().out
    renumbered = GaussianNB().fit(petals_first, (data.target + 1) % 3)  # another numbering: no proof of names
    assert class_labels(renumbered, {}, features)[1] == ["0", "1", "2"]
    wrong_order = ["sepal_length", "sepal_width", "petal_length", "petal_width"]  # rows fed wrongly: no proof
    assert class_labels(model, {}, wrong_order)[1] == ["0", "1", "2"]


def test_classes_of_a_model_fitted_on_one_hot_labels_are_named_by_their_columns():
    from sklearn.neural_network import MLPClassifier
    data = load_iris(as_frame=True)
    Y = pd.get_dummies(pd.Series(data.target_names[data.target])).astype(int)
    X_train, X_test, Y_train, Y_test = train_test_split(data.data, Y, test_size=0.2, random_state=0)
    mlp = MLPClassifier(hidden_layer_sizes=(16,), max_iter=3000, random_state=0).fit(X_train, Y_train)
    namespace = {"X_train": X_train, "Y_train": Y_train, "mlp": mlp}
    assert class_labels(mlp, namespace)[1] == ["setosa", "versicolor", "virginica"]
    namespace["Y_train"] = Y_train[["virginica", "setosa", "versicolor"]]  # not what it was fitted on
    assert class_labels(mlp, namespace)[1] == ["0", "1", "2"]


FEATURE_TABLE_FIRST = ("df['Habitat'] = df['Habitat'].map({'forest': 0, 'meadow': 1, 'shore': 2})\n"
                       "df['Species'] = df['Species'].map({'Iris-setosa': 0, 'Iris-versicolor': 1, 'Iris-virginica': 2})\n")


def test_a_feature_coded_with_the_same_numbers_does_not_name_the_classes(tmp_path):
    # Found by the tabular corpus: island and species both coded 0/1/2 with .map, and the service
    # answered "Biscoe" for a species. The table written for the label's column names the classes.
    codes = {"Iris-setosa": 0, "Iris-versicolor": 1, "Iris-virginica": 2}
    namespace = encoded_namespace(tmp_path, codes, "import pandas as pd\n" + FEATURE_TABLE_FIRST)
    namespace["y"].name = "Species"
    classes, names = class_labels(namespace["model"], namespace)
    assert dict(zip(names, classes)) == codes


def test_tables_that_disagree_with_no_label_column_to_tell_them_apart_are_not_guessed_between(tmp_path):
    codes = {"Iris-setosa": 0, "Iris-versicolor": 1, "Iris-virginica": 2}
    namespace = encoded_namespace(tmp_path, codes, "import pandas as pd\n" + FEATURE_TABLE_FIRST)
    namespace["y"] = namespace["y"].rename(None)
    names = class_labels(namespace["model"], namespace)[1]
    assert not {"forest", "meadow", "shore", "Iris-setosa"} & set(names)  # neither table (Iris's own rules may name them)


def test_of_two_bunches_loaded_the_one_the_model_was_fitted_on_names_its_classes():
    """A notebook loads iris and wine (three classes each) and fits on wine: the wine's class names,
    never Iris species for a wine."""
    from sklearn.datasets import load_wine
    iris, wine = load_iris(), load_wine()
    model = KNeighborsClassifier(3).fit(wine.data, wine.target)
    namespace = {"iris": iris, "wine": wine, "X": wine.data, "y": wine.target}
    features = list(wine.feature_names)
    assert class_labels(model, namespace, features)[1] == ["class_0", "class_1", "class_2"]


def test_of_two_bunches_neither_of_whose_features_are_the_models_none_names_the_classes():
    from sklearn.datasets import load_wine
    iris, wine = load_iris(), load_wine()
    model = KNeighborsClassifier(3).fit(wine.data, wine.target)
    namespace = {"iris": iris, "wine": wine}
    assert class_labels(model, namespace, [f"x{i}" for i in range(13)])[1] == ["0", "1", "2"]
