"""The NumPy fast path computes what scikit-learn's predict_proba computes.

Batches above ml_app.numpy_proba.ROW_BY_ROW_MAX rows take a tree's level-by-level
walk, single rows its row-by-row walk, so both are compared here. Every
comparison also runs each row through the one-row twin (ml_app/one_row.py),
which the one-flower request takes.

Every supported estimator shape is fitted on Iris and on a synthetic dataset,
with two and with three classes, and compared on the training data, on random
points near and far outside it, on single rows, on 1,000-row batches and on
rows hypothesis makes up. Unsupported estimators must compile to None.
"""
import joblib
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.datasets import load_iris, make_classification
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, RandomizedSearchCV
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import MaxAbsScaler, MinMaxScaler, Normalizer, RobustScaler, StandardScaler
from sklearn.tree import DecisionTreeClassifier, ExtraTreeClassifier

from ml_app.numpy_proba import compile_predict_proba

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

TOLERANCE = 1e-9
SCALERS = {
    "none": lambda: "passthrough",
    "standard": StandardScaler,
    "standard-no-mean": lambda: StandardScaler(with_mean=False),
    "standard-no-std": lambda: StandardScaler(with_std=False),
    "minmax": MinMaxScaler,
    "minmax-clip": lambda: MinMaxScaler(feature_range=(-1, 2), clip=True),
    "robust": RobustScaler,
    "robust-no-centering": lambda: RobustScaler(with_centering=False),
    "maxabs": MaxAbsScaler,
    "maxabs-clip": lambda: MaxAbsScaler(clip=True),
}
CLASSIFIERS = {
    # Unscaled synthetic data may not converge: parity holds for any coefficients.
    "logistic": LogisticRegression,
    "logistic-weak-C": lambda: LogisticRegression(C=0.01),
    "lda": LinearDiscriminantAnalysis,
    "lda-lsqr": lambda: LinearDiscriminantAnalysis(solver="lsqr", shrinkage="auto"),
    "gaussian-nb": GaussianNB,
    "tree": lambda: DecisionTreeClassifier(random_state=0),
    "tree-shallow": lambda: DecisionTreeClassifier(max_depth=3, random_state=0),
}


def _iris(n_classes):
    """Iris with its three species, or 'virginica or not' for two classes."""
    X, y = load_iris(return_X_y=True)
    return X, (y if n_classes == 3 else (y == 2).astype(int))


def _synthetic(n_classes):
    """Seven informative-ish features on scales far from Iris' centimetres."""
    X, y = make_classification(
        n_samples=300, n_features=7, n_informative=4, n_classes=n_classes, random_state=n_classes
    )
    return X * np.array([1, 10, 100, 0.1, 5, 1, 1000]) + 50, y


DATASETS = {"iris": _iris, "synthetic": _synthetic}


def _probe_rows(X, seed=0):
    """The training rows, 1,000 random rows in the data's range and 1,000 far outside it."""
    rng = np.random.default_rng(seed)
    low, high = X.min(axis=0), X.max(axis=0)
    span = high - low
    near = rng.uniform(low - span, high + span, size=(1000, X.shape[1]))
    far = rng.uniform(-1000, 1000, size=(1000, X.shape[1])) * np.maximum(span, 1)
    return np.vstack([X, near, far])


def _assert_same_proba(model, fast, rows):
    """Both fast paths, for the matrix and for each row on its own as a list of floats,
    agree with predict_proba within TOLERANCE, shape included."""
    expected = model.predict_proba(rows)
    got = fast(rows)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=0, atol=TOLERANCE)
    one_by_one = [fast.one(row) for row in rows.tolist()]
    assert {type(p) for answer in one_by_one for p in answer} == {float}  # JSON-ready, not NumPy scalars
    np.testing.assert_allclose(np.array(one_by_one), expected, rtol=0, atol=TOLERANCE)


@pytest.fixture(scope="module", params=[(d, n) for d in DATASETS for n in (2, 3)], ids=lambda p: f"{p[0]}-{p[1]}cls")
def data(request):
    """(X, y) for each dataset, with two and with three classes."""
    name, n_classes = request.param
    return DATASETS[name](n_classes)


@pytest.mark.parametrize("scaler", SCALERS)
@pytest.mark.parametrize("classifier", CLASSIFIERS)
def test_pipeline_fast_path_matches_predict_proba(data, scaler, classifier):
    X, y = data
    model = make_pipeline(SCALERS[scaler](), CLASSIFIERS[classifier]()).fit(X, y)
    fast = compile_predict_proba(model)
    assert fast is not None
    rows = _probe_rows(X)
    _assert_same_proba(model, fast, rows)
    for row in rows[:: len(rows) // 20]:
        _assert_same_proba(model, fast, row[None, :])
    _assert_same_proba(model, fast, rows[-1000:])


@pytest.mark.parametrize("classifier", CLASSIFIERS)
def test_bare_classifier_fast_path_matches_predict_proba(data, classifier):
    X, y = data
    model = CLASSIFIERS[classifier]().fit(X, y)
    fast = compile_predict_proba(model)
    assert fast is not None
    _assert_same_proba(model, fast, _probe_rows(X, seed=1))


def test_chained_scalers_match_predict_proba():
    X, y = _iris(3)
    model = make_pipeline(MinMaxScaler(), "passthrough", StandardScaler(), RobustScaler(), LogisticRegression())
    model.fit(X, y)
    _assert_same_proba(model, compile_predict_proba(model), _probe_rows(X))


def test_tree_routes_missing_values_like_sklearn():
    X, y = _iris(3)
    rng = np.random.default_rng(2)
    with_gaps = np.where(rng.random(X.shape) < 0.15, np.nan, X)
    model = DecisionTreeClassifier(random_state=0).fit(with_gaps, y)
    rows = _probe_rows(X)
    rows[rng.random(rows.shape) < 0.2] = np.nan
    fast = compile_predict_proba(model)
    _assert_same_proba(model, fast, rows)
    for row in rows[::97]:
        _assert_same_proba(model, fast, row[None, :])


@pytest.mark.filterwarnings("ignore:overflow encountered in cast:RuntimeWarning")  # sklearn's own cast
def test_tree_refuses_values_beyond_float32_like_sklearn():
    X, y = _iris(3)
    model = DecisionTreeClassifier(random_state=0).fit(X, y)
    rows = np.array([[5.1, 3.5, 1e39, 0.2]])
    with pytest.raises(ValueError):
        model.predict_proba(rows)
    with pytest.raises(ValueError, match="too large for float32"):
        compile_predict_proba(model)(rows)
    with pytest.raises(ValueError, match="too large for float32"):
        compile_predict_proba(model).one(rows[0].tolist())


@pytest.mark.parametrize("search", [GridSearchCV, RandomizedSearchCV])
def test_search_serves_its_best_estimator_fast(search):
    X, y = _iris(3)
    grid = {"logisticregression__C": [0.1, 1.0, 10.0]}
    model = search(make_pipeline(StandardScaler(), LogisticRegression()), grid, cv=3)
    model = model.set_params(n_iter=3) if search is RandomizedSearchCV else model
    model.fit(X, y)
    _assert_same_proba(model, compile_predict_proba(model), _probe_rows(X))


@pytest.fixture(scope="module")
def notebook_kind_model():
    """The shape the project's notebook picks: StandardScaler then LogisticRegression on Iris."""
    X, y = _iris(3)
    return make_pipeline(StandardScaler(), LogisticRegression()).fit(X, y)


@settings(max_examples=300, deadline=None)
@given(rows=arrays(np.float64, st.tuples(st.integers(1, 5), st.just(4)), elements=st.floats(-1e4, 1e4)))
def test_generated_rows_match_predict_proba(notebook_kind_model, rows):
    _assert_same_proba(notebook_kind_model, compile_predict_proba(notebook_kind_model), rows)


@pytest.mark.filterwarnings("ignore:X does not have valid feature names")  # fitted on a DataFrame
def test_project_model_takes_the_fast_path(project_model_dir):
    model = joblib.load(project_model_dir / "model.joblib")
    fast = compile_predict_proba(model)
    assert fast is not None, f"the project's {model!r} fell back to predict_proba"
    X, _ = _iris(3)
    _assert_same_proba(model, fast, _probe_rows(X[:, : model.n_features_in_]))


def test_fast_path_leaves_the_callers_rows_unchanged(notebook_kind_model):
    rows = _probe_rows(load_iris().data)
    before = rows.copy()
    compile_predict_proba(notebook_kind_model)(rows)
    np.testing.assert_array_equal(rows, before)


def test_fast_path_ignores_a_later_refit_of_the_estimator():
    X, y = _iris(3)
    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(X, y)
    fast = compile_predict_proba(model)
    expected = model.predict_proba(X)
    model.fit(X[:, ::-1], y)
    np.testing.assert_allclose(fast(X), expected, rtol=0, atol=TOLERANCE)


def test_fast_path_survives_a_joblib_round_trip(tmp_path, notebook_kind_model):
    joblib.dump(notebook_kind_model, tmp_path / "model.joblib")
    loaded = joblib.load(tmp_path / "model.joblib")
    _assert_same_proba(notebook_kind_model, compile_predict_proba(loaded), _probe_rows(load_iris().data))


@pytest.mark.parametrize(
    "rows",
    [np.zeros((1, 3)), np.zeros((1, 5)), np.zeros(4), np.zeros((1, 2, 4))],
    ids=["too-few-features", "too-many-features", "1-d", "3-d"],
)
def test_wrong_shape_is_a_clear_value_error(notebook_kind_model, rows):
    with pytest.raises(ValueError, match="4 features"):
        compile_predict_proba(notebook_kind_model)(rows)


@pytest.mark.parametrize("width", [3, 5])
def test_one_row_of_the_wrong_width_is_a_clear_value_error(notebook_kind_model, width):
    with pytest.raises(ValueError, match="expected 4 features"):
        compile_predict_proba(notebook_kind_model).one([1.0] * width)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_input_is_rejected_like_sklearn(notebook_kind_model, bad):
    rows = np.array([[5.1, 3.5, bad, 0.2]])
    with pytest.raises(ValueError):
        notebook_kind_model.predict_proba(rows)
    with pytest.raises(ValueError, match="NaN or infinity"):
        compile_predict_proba(notebook_kind_model)(rows)
    with pytest.raises(ValueError, match="NaN or infinity"):
        compile_predict_proba(notebook_kind_model).one(rows[0].tolist())


class _CustomScaler(TransformerMixin, BaseEstimator):
    """A project-specific step the fast path cannot know the maths of."""

    def fit(self, X, y=None):
        self.n_features_in_ = X.shape[1]
        return self

    def transform(self, X):
        return X * 2


class _SubclassedLogistic(LogisticRegression):
    """A subclass may change predict_proba, so it must not be treated as its parent."""

    def predict_proba(self, X):
        return super().predict_proba(X)[:, ::-1]


class _CustomClassifier(ClassifierMixin, BaseEstimator):
    """A classifier of the notebook's own making."""

    def fit(self, X, y):
        self.classes_ = np.unique(y)
        self.n_features_in_ = X.shape[1]
        return self

    def predict_proba(self, X):
        return np.full((len(X), len(self.classes_)), 1 / len(self.classes_))


UNSUPPORTED = {
    "custom-step": lambda: make_pipeline(_CustomScaler(), LogisticRegression()),
    "normalizer-step": lambda: make_pipeline(Normalizer(), LogisticRegression()),
    "subclassed-classifier": lambda: _SubclassedLogistic(),
    "custom-classifier": lambda: _CustomClassifier(),
    "knn": lambda: KNeighborsClassifier(),
    "forest": lambda: RandomForestClassifier(n_estimators=5, random_state=0),
    "extra-tree": lambda: ExtraTreeClassifier(random_state=0),
    "pipeline-of-forest": lambda: make_pipeline(StandardScaler(), RandomForestClassifier(n_estimators=5)),
    "search-without-refit": lambda: GridSearchCV(LogisticRegression(), {"C": [0.1, 1.0]}, refit=False),
}


@pytest.mark.parametrize("make_model", UNSUPPORTED.values(), ids=UNSUPPORTED.keys())
def test_unsupported_estimators_compile_to_none(make_model):
    X, y = _iris(3)
    assert compile_predict_proba(make_model().fit(X, y)) is None


@pytest.mark.parametrize(
    "make_model",
    [LogisticRegression, lambda: make_pipeline(StandardScaler(), LogisticRegression()),
     lambda: GridSearchCV(LogisticRegression(), {"C": [0.1, 1.0]})],
    ids=["classifier", "pipeline", "search"],
)
def test_unfitted_estimators_compile_to_none(make_model):
    assert compile_predict_proba(make_model()) is None


def test_multi_output_tree_compiles_to_none():
    X, y = _iris(3)
    model = DecisionTreeClassifier(random_state=0).fit(X, np.column_stack([y, y == 2]))
    assert compile_predict_proba(model) is None


def test_pipeline_ending_in_a_transformer_compiles_to_none():
    X, y = _iris(3)
    assert compile_predict_proba(Pipeline([("scale", StandardScaler())]).fit(X, y)) is None


@pytest.mark.parametrize("n_classes", range(2, 13))
def test_softmax_is_scikit_learns_bit_for_bit_column_by_column_or_row_by_row(n_classes):
    from sklearn.utils.extmath import softmax

    from ml_app.numpy_proba import _softmax

    scores = np.random.default_rng(n_classes).normal(scale=5.0, size=(1000, n_classes))
    np.testing.assert_array_equal(_softmax(scores.copy()), softmax(scores.copy()))
