"""model_export/globals_model.py: which fitted classifier in the notebook's globals is the model."""
import joblib
import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.model_selection import GridSearchCV
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

from model_export import ExportError
from model_export.globals_model import find_model
from export_support import export, iris_namespace


def test_explicit_model_var_wins_over_conventional_names(tmp_path):
    namespace = iris_namespace()
    namespace["knn"] = KNeighborsClassifier().fit(namespace["X_train"], namespace["y_train"])
    meta = export(namespace, tmp_path, model_var="knn")
    assert meta["estimator"] == "KNeighborsClassifier"


def test_conventional_name_is_chosen_among_several_fitted_models(tmp_path):
    namespace = iris_namespace()
    namespace["tree"] = DecisionTreeClassifier().fit(namespace["X_train"], namespace["y_train"])
    assert find_model(namespace)[0] == "model"


def test_single_fitted_classifier_is_found_under_any_name(tmp_path):
    namespace = iris_namespace()
    namespace["my_forest"] = namespace.pop("model")
    namespace["unfitted"] = KNeighborsClassifier()
    assert find_model(namespace)[0] == "my_forest"


def test_search_object_stands_for_its_best_estimator():
    namespace = iris_namespace()
    del namespace["model"]
    grid = GridSearchCV(DecisionTreeClassifier(random_state=0), {"max_depth": [2, 3]}, cv=3)
    namespace["grid"] = grid.fit(namespace["X_train"], namespace["y_train"])
    name, model = find_model(namespace)
    assert (name, model) == ("grid", grid.best_estimator_)


def test_several_fitted_classifiers_without_a_conventional_name_is_an_error_listing_them():
    namespace = iris_namespace()
    namespace["lr"] = namespace.pop("model")
    namespace["dt"] = DecisionTreeClassifier().fit(namespace["X_train"], namespace["y_train"])
    with pytest.raises(ExportError, match=r"lr \(Pipeline\), dt \(DecisionTreeClassifier\).*--model-var"):
        find_model(namespace)


def test_no_fitted_model_is_an_error_listing_the_unfitted_ones():
    namespace = {"X": np.zeros((3, 4)), "knn": KNeighborsClassifier()}
    with pytest.raises(ExportError, match=r"no fitted classifier.*knn \(KNeighborsClassifier, not fitted\)"):
        find_model(namespace)


def test_unknown_model_var_is_a_clear_error():
    with pytest.raises(ExportError, match="'nope': no such variable"):
        find_model(iris_namespace(), "nope")


def test_a_clusterer_under_a_conventional_name_is_passed_over_for_the_classifier():
    from sklearn.cluster import KMeans
    namespace = iris_namespace()
    namespace["knn"] = namespace.pop("model")
    namespace["model"] = KMeans(n_clusters=3, n_init=3, random_state=0).fit(namespace["X"])
    assert find_model(namespace)[0] == "knn"


def test_model_var_naming_a_regressor_of_iris_measurements_is_a_clear_error(tmp_path):
    """A regressor is served for other data (its number); on Iris measurements the service answers
    with a species, so a regressor of the species' codes stops the build."""
    from sklearn.linear_model import LinearRegression
    namespace = iris_namespace()
    namespace["reg"] = LinearRegression().fit(namespace["X_train"], namespace["y_train"])
    assert find_model(namespace, "reg")[0] == "reg"
    with pytest.raises(ExportError, match="no fitted classifier: `reg` .LinearRegression. predicts a number from Iris"):
        export(namespace, tmp_path, model_var="reg")


@pytest.mark.parametrize("left", [{"clf": KNeighborsClassifier()}, {"model": KNeighborsClassifier()}])
def test_no_fitted_classifier_says_the_notebook_must_fit_the_model(left):
    namespace = {"X": load_iris().data, "y": load_iris().target, **left}  # cross_val_predict only, or a re-bound name
    with pytest.raises(ExportError, match=r"not fitted\). The notebook must fit the classifier.*\.fit\(X_train, y_train\)"):
        find_model(namespace)


@pytest.mark.parametrize("reload", ["pickle", "joblib"])
def test_the_notebooks_own_reload_of_its_saved_model_is_the_same_model(tmp_path, reload):
    import pickle
    from sklearn.ensemble import RandomForestClassifier
    namespace = iris_namespace(RandomForestClassifier(n_estimators=10, random_state=0))
    namespace["rf"] = namespace.pop("model")
    if reload == "pickle":
        namespace["rf_loaded"] = pickle.loads(pickle.dumps(namespace["rf"]))
    else:
        joblib.dump(namespace["rf"], tmp_path / "rf.joblib")
        namespace["rf_loaded"] = joblib.load(tmp_path / "rf.joblib")
    assert find_model(namespace)[0] == "rf"


def test_two_models_that_predict_differently_are_still_two():
    namespace = iris_namespace(DecisionTreeClassifier(max_depth=1, random_state=0))
    namespace["shallow"] = namespace.pop("model")
    namespace["deep"] = DecisionTreeClassifier(random_state=0).fit(namespace["X_train"], namespace["y_train"])
    with pytest.raises(ExportError, match=r"shallow \(DecisionTreeClassifier\), deep \(DecisionTreeClassifier\)"):
        find_model(namespace)



def _failed_search(namespace):
    """A search whose every fit failed (NaN in its rows): the notebook's cell raised, the object stays."""
    rows = namespace["X_train"].to_numpy(copy=True)
    rows[::2, 0] = np.nan
    grid = GridSearchCV(SVC(), {"C": [1, 10]}, cv=3)  # SVC refuses NaN (trees take it today)
    with pytest.raises(ValueError):
        grid.fit(rows, namespace["y_train"])
    return grid


def test_a_search_whose_fit_failed_is_not_the_model():
    """`grid` is a conventional name, but its fit failed: no best_estimator_ to predict with. The
    notebook's other fitted classifier is the model."""
    namespace = iris_namespace()
    namespace["forest"] = namespace.pop("model")
    namespace["grid"] = _failed_search(namespace)
    assert find_model(namespace)[0] == "forest"


def test_a_lone_search_with_no_model_is_an_error_saying_so():
    namespace = iris_namespace()
    del namespace["model"]
    namespace["grid"] = _failed_search(namespace)
    with pytest.raises(ExportError, match=r"grid \(GridSearchCV, a search with no refitted model \(refit=False"):
        find_model(namespace)
