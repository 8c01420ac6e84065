"""Code written for older libraries, rewritten to today's equivalent with the old meaning.

Notebooks of 2017-2022 call APIs that pandas 2-3, scikit-learn 1.x and numpy 2 removed: the run
stops with AttributeError, TypeError or ModuleNotFoundError where Jupyter once ran it. TABLE
holds one row per removed API, each measured to fail with the pinned libraries (pandas 3.1,
numpy 2.4, scikit-learn 1.9) and each with an example and its expected rewrite, which
tests/conversion/test_legacy_api.py runs: the example fails here, the rewrite runs. An API that
still works has no row: rewriting it would only be noise in the report.

numpy's removed aliases and functions are ruff's (numpy_ruff.py: NPY001/NPY201); the rows below
cover what ruff leaves unfixed. The row kinds are in legacy_rules.py; values only the running
notebook knows (a list's append or a frame's) go through the helpers of runtime_helpers.py.
"""
import ast
from dataclasses import dataclass, field

from .legacy_rules import (Append, Attribute, Import, Indexer, Keyword, Method, OldSplitter, OneSample, Option,
                           Positional, Receiver, Scalar, Suffix, TextDtype)
from .notes import Note
from .numpy_ruff import numpy_fixes
from .source_edits import Locator, apply_edits, call_name, parse_or_none

FORESTS = ("RandomForestClassifier", "ExtraTreesClassifier", "DecisionTreeClassifier", "ExtraTreeClassifier",
           "GradientBoostingClassifier")
ENSEMBLES = ("AdaBoostClassifier", "BaggingClassifier", "CalibratedClassifierCV", "AdaBoostRegressor",
             "BaggingRegressor")
FOLDS = ("KFold", "StratifiedKFold", "GroupKFold", "RepeatedKFold")
REDUCTIONS = ("mean", "median", "std", "var", "sem", "skew", "kurt", "kurtosis", "corr", "cov", "quantile", "prod")

TABLE = [
    # --- scikit-learn ------------------------------------------------------------------
    Keyword(("LogisticRegression",), "multi_class", when=("multinomial", "auto"),
            why="LogisticRegression(multi_class=) was removed in scikit-learn 1.8; multinomial is what it does today",
            example="LogisticRegression(multi_class='multinomial', max_iter=500)",
            expected="LogisticRegression(max_iter=500)"),
    Keyword(("LogisticRegression",), "multi_class", when="ovr", wrap="OneVsRestClassifier",
            why="LogisticRegression(multi_class='ovr') was removed in scikit-learn 1.8; one-vs-rest is "
                "OneVsRestClassifier(LogisticRegression(...))",
            example="LogisticRegression(multi_class='ovr')",
            expected="OneVsRestClassifier(LogisticRegression())"),
    Keyword(("LogisticRegression",), "solver", when="liblinear", to="solver", wrap="OneVsRestClassifier",
            why="the liblinear solver no longer fits several classes (scikit-learn 1.8); it did one-vs-rest, "
                "which OneVsRestClassifier keeps",
            example="LogisticRegression(solver='liblinear', C=10)",
            expected="OneVsRestClassifier(LogisticRegression(solver='liblinear', C=10))"),
    Keyword(("LogisticRegression",), "penalty", when="l1", to="penalty", unless="solver", add=("solver='liblinear'",),
            wrap="OneVsRestClassifier",
            why="penalty='l1' without a solver used liblinear one-vs-rest, the default before scikit-learn 0.22; "
                "today's default solver refuses l1",
            example="LogisticRegression(penalty='l1', C=1.0)",
            expected="OneVsRestClassifier(LogisticRegression(penalty='l1', C=1.0, solver='liblinear'))"),
    Receiver(("coef_", "intercept_"), "_convert_one_vs_rest_", any_receiver=True, after="OneVsRestClassifier",
             why="the rows above wrap LogisticRegression in OneVsRestClassifier, which has no coef_ or "
                 "intercept_: the old estimator's (one row per class), stacked from its estimators_",
             example="LogisticRegression(penalty='l1').fit(X, y).coef_",
             expected="_convert_one_vs_rest_(OneVsRestClassifier(LogisticRegression(penalty='l1', "
                      "solver='liblinear')).fit(X, y)).coef_"),
    Keyword(("LogisticRegression",), "penalty", when="none", to="penalty", value="None",
            why="penalty='none' is spelled penalty=None since scikit-learn 1.2",
            example="LogisticRegression(penalty='none')", expected="LogisticRegression(penalty=None)"),
    Keyword(FORESTS, "max_features", when="auto", to="max_features", value="'sqrt'",
            why="max_features='auto' was removed in scikit-learn 1.3; for classifiers it meant 'sqrt'",
            example="RandomForestClassifier(max_features='auto', n_estimators=10)",
            expected="RandomForestClassifier(max_features='sqrt', n_estimators=10)"),
    Keyword(("GradientBoostingClassifier",), "loss", when="deviance", to="loss", value="'log_loss'",
            why="loss='deviance' is loss='log_loss' since scikit-learn 1.3",
            example="GradientBoostingClassifier(loss='deviance', n_estimators=5)",
            expected="GradientBoostingClassifier(loss='log_loss', n_estimators=5)"),
    Keyword(("SGDClassifier",), "loss", when="log", to="loss", value="'log_loss'",
            why="loss='log' is loss='log_loss' since scikit-learn 1.3",
            example="SGDClassifier(loss='log')", expected="SGDClassifier(loss='log_loss')"),
    Keyword(("SGDClassifier", "Perceptron", "PassiveAggressiveClassifier"), "n_iter", to="max_iter", add=("tol=None",),
            why="n_iter (epochs) was removed in scikit-learn 0.21; max_iter with tol=None runs as many",
            example="SGDClassifier(n_iter=5)", expected="SGDClassifier(max_iter=5, tol=None)"),
    Keyword(ENSEMBLES, "base_estimator", to="estimator",
            why="base_estimator= is estimator= since scikit-learn 1.4",
            example="AdaBoostClassifier(base_estimator=DecisionTreeClassifier(max_depth=1))",
            expected="AdaBoostClassifier(estimator=DecisionTreeClassifier(max_depth=1))"),
    Keyword(("AdaBoostClassifier",), "algorithm",
            why="AdaBoostClassifier(algorithm=) was removed in scikit-learn 1.8: SAMME is the only algorithm "
                "(SAMME.R's probability-weighted votes are gone)",
            example="AdaBoostClassifier(algorithm='SAMME.R')", expected="AdaBoostClassifier()"),
    Keyword(("OneHotEncoder",), "sparse", to="sparse_output",
            why="OneHotEncoder(sparse=) is sparse_output= since scikit-learn 1.4",
            example="OneHotEncoder(sparse=False)", expected="OneHotEncoder(sparse_output=False)"),
    OldSplitter(("KFold", "StratifiedKFold"),
                why="KFold(n, n_folds=)/StratifiedKFold(y, n_folds=) of sklearn.cross_validation were removed in "
                    "scikit-learn 0.20: today's splitter with n_splits, still iterable over (train, test)",
                example="[len(test) for train, test in KFold(len(X), n_folds=5, shuffle=True, random_state=0)]",
                expected="[len(test) for train, test in _convert_folds_(KFold, len(X), n_folds=5, shuffle=True, "
                         "random_state=0)]", old_result=[30, 30, 30, 30, 30]),
    OldSplitter(("ShuffleSplit", "StratifiedShuffleSplit"),
                why="ShuffleSplit(n, n_iter=)/StratifiedShuffleSplit(y, n_iter=) of sklearn.cross_validation were "
                    "removed in scikit-learn 0.20: today's splitter with n_splits, still iterable over (train, test)",
                example="[len(test) for train, test in StratifiedShuffleSplit(y, n_iter=2, test_size=0.2, "
                        "random_state=0)]",
                expected="[len(test) for train, test in _convert_folds_(StratifiedShuffleSplit, y, n_iter=2, "
                         "test_size=0.2, random_state=0)]", old_result=[30, 30]),
    Keyword(FOLDS, "random_state", unless="shuffle",
            why="a random_state without shuffle=True had no effect and is refused since scikit-learn 0.24",
            example="KFold(n_splits=5, random_state=7)", expected="KFold(n_splits=5)"),
    Keyword(("GridSearchCV", "RandomizedSearchCV"), "iid",
            why="iid= was removed in scikit-learn 0.24 (folds are weighted equally, as iid=False did)",
            example="GridSearchCV(SVC(), {'C': [1, 10]}, iid=False)", expected="GridSearchCV(SVC(), {'C': [1, 10]})"),
    Receiver(("grid_scores_",), "_convert_grid_scores_", any_receiver=True, replaces=True,
             why="grid_scores_ was removed in scikit-learn 0.20: the same (parameters, mean_validation_score, "
                 "cv_validation_scores) per candidate, from cv_results_",
             example="[s.mean_validation_score for s in GridSearchCV(SVC(), {'C': [1, 10]}).fit(X, y).grid_scores_]",
             expected="[s.mean_validation_score for s in _convert_grid_scores_(GridSearchCV(SVC(), {'C': [1, 10]}).fit(X, y))]"),
    Keyword(("SimpleImputer", "Imputer"), "axis", when=0,
            why="the imputer's axis=0 was removed in scikit-learn 0.22: it imputes columns, as axis=0 did",
            example="SimpleImputer(strategy='mean', axis=0)", expected="SimpleImputer(strategy='mean')"),
    Keyword(("SimpleImputer", "Imputer"), "missing_values", when="NaN", to="missing_values", value="float('nan')",
            why="missing_values='NaN' meant numpy's NaN in scikit-learn < 0.20",
            example="SimpleImputer(missing_values='NaN')", expected="SimpleImputer(missing_values=float('nan'))"),
    Keyword(("KMeans",), "n_jobs", why="KMeans(n_jobs=) was removed in scikit-learn 1.0 (threads are automatic)",
            example="KMeans(n_clusters=3, n_jobs=-1, n_init=10)", expected="KMeans(n_clusters=3, n_init=10)"),
    Keyword(("KMeans",), "precompute_distances", why="KMeans(precompute_distances=) was removed in scikit-learn 1.0",
            example="KMeans(n_clusters=3, precompute_distances=True, n_init=10)",
            expected="KMeans(n_clusters=3, n_init=10)"),
    Keyword(("DecisionTreeClassifier", "RandomForestClassifier", "GradientBoostingClassifier"), "presort",
            why="presort= was removed in scikit-learn 0.24 (it only changed speed)",
            example="DecisionTreeClassifier(presort=True)", expected="DecisionTreeClassifier()"),
    Method("get_feature_names", "get_feature_names_out",
           why="get_feature_names() is get_feature_names_out() since scikit-learn 1.0",
           example="OneHotEncoder().fit([['a'], ['b']]).get_feature_names()",
           expected="OneHotEncoder().fit([['a'], ['b']]).get_feature_names_out()"),
    Attribute("n_features_", "n_features_in_", why="n_features_ is n_features_in_ since scikit-learn 1.2",
              example="RandomForestClassifier(n_estimators=3).fit(X, y).n_features_",
              expected="RandomForestClassifier(n_estimators=3).fit(X, y).n_features_in_"),
    OneSample(("predict", "predict_proba", "decision_function", "kneighbors"),
              why="a flat list was one sample in scikit-learn < 0.19; today it must be a row: [[...]]",
              example="KNeighborsClassifier().fit(X, y).predict([5.1, 3.5, 1.4, 0.2])",
              expected="KNeighborsClassifier().fit(X, y).predict([[5.1, 3.5, 1.4, 0.2]])"),
    Import("sklearn.utils.testing", "sklearn.utils", name="all_estimators",
           why="sklearn.utils.testing was removed in scikit-learn 0.24; all_estimators is in sklearn.utils",
           example="from sklearn.utils.testing import all_estimators",
           expected="from sklearn.utils import all_estimators"),
    Import("sklearn.utils.testing", "sklearn.utils._testing", name="ignore_warnings",
           why="sklearn.utils.testing was removed in scikit-learn 0.24; ignore_warnings is in sklearn.utils._testing",
           example="from sklearn.utils.testing import ignore_warnings",
           expected="from sklearn.utils._testing import ignore_warnings"),
    Import("sklearn.preprocessing", "sklearn.impute", name="Imputer", new="SimpleImputer",
           why="sklearn.preprocessing.Imputer was removed in scikit-learn 0.22: sklearn.impute.SimpleImputer",
           example="from sklearn.preprocessing import Imputer",
           expected="from sklearn.impute import SimpleImputer as Imputer"),
    Import("sklearn.lda", "sklearn.discriminant_analysis", name="LDA", new="LinearDiscriminantAnalysis",
           why="sklearn.lda.LDA was removed in scikit-learn 0.19: LinearDiscriminantAnalysis",
           example="from sklearn.lda import LDA",
           expected="from sklearn.discriminant_analysis import LinearDiscriminantAnalysis as LDA"),
    Import("sklearn.qda", "sklearn.discriminant_analysis", name="QDA", new="QuadraticDiscriminantAnalysis",
           why="sklearn.qda.QDA was removed in scikit-learn 0.19: QuadraticDiscriminantAnalysis",
           example="from sklearn.qda import QDA",
           expected="from sklearn.discriminant_analysis import QuadraticDiscriminantAnalysis as QDA"),
    Import("sklearn.metrics", "sklearn.metrics", name="jaccard_similarity_score", new="accuracy_score",
           why="jaccard_similarity_score was removed in scikit-learn 0.23; for one label per sample it was "
               "accuracy_score",
           example="from sklearn.metrics import jaccard_similarity_score",
           expected="from sklearn.metrics import accuracy_score as jaccard_similarity_score"),
    Import("sklearn", "", prefix=True,
           why="scikit-learn 0.24 made its submodules private: the names are imported from the package",
           example="from sklearn.ensemble.forest import RandomForestClassifier",
           expected="from sklearn.ensemble import RandomForestClassifier"),
    # --- pandas ------------------------------------------------------------------------
    Import("pandas.util.testing", "pandas.testing",
           why="pandas.util.testing was removed in pandas 2.0: pandas.testing",
           example="import pandas.util.testing as tm", expected="import pandas.testing as tm"),
    Import("pandas.tools.plotting", "pandas.plotting", why="pandas.tools.plotting is pandas.plotting since pandas 0.20",
           example="from pandas.tools.plotting import scatter_matrix",
           expected="from pandas.plotting import scatter_matrix"),
    Append(why="Series/DataFrame.append was removed in pandas 2.0: pd.concat does what it did",
           example="df2 = df.append({'a': 1.0, 'b': 2.0, 'species': 'x'}, ignore_index=True)",
           expected="df2 = _convert_append_(df, {'a': 1.0, 'b': 2.0, 'species': 'x'}, ignore_index=True)"),
    Receiver(REDUCTIONS, "_convert_numeric_only_", unless_keyword="numeric_only",
             why="pandas 2 no longer skips text columns in a frame's mean/corr/std/...: they are skipped "
                 "at run time as pandas 1.x did (numeric_only=True)",
             example="df.corr()", expected="_convert_numeric_only_(df).corr()"),
    Positional("drop", ("axis", "index", "columns", "level", "inplace", "errors"),
               why="pandas 2 made drop's arguments after the labels keyword-only: drop('Id', 1) is drop('Id', axis=1)",
               example="df.drop('species', 1)", expected="df.drop('species', axis=1)"),
    Positional("concat", ("axis", "join", "ignore_index", "keys", "levels", "names", "verify_integrity", "sort"),
               why="pandas 2 made concat's arguments after the objects keyword-only: concat([a, b], 1) is "
                   "concat([a, b], axis=1)",
               example="pd.concat([df['a'], df['b']], 1)", expected="pd.concat([df['a'], df['b']], axis=1)"),
    Positional("dropna", ("axis", "how", "thresh", "subset", "inplace"), keep=0,
               why="pandas 2 made dropna's arguments keyword-only: dropna(1) is dropna(axis=1)",
               example="df.dropna(1)", expected="df.dropna(axis=1)"),
    Positional("read_csv", ("sep", "delimiter", "header", "names", "index_col", "usecols"),
               why="pandas 2 made read_csv's arguments after the file keyword-only: read_csv(f, ',') is "
                   "read_csv(f, sep=',')",
               example="pd.read_csv(io.StringIO('a;b\\n1;2'), ';')",
               expected="pd.read_csv(io.StringIO('a;b\\n1;2'), sep=';')"),
    Suffix("replace", ".infer_objects()",
           why="pandas < 2 turned a column replaced by numbers ({'setosa': 0, ...}) into numbers; pandas 3 keeps "
               "it object, which scikit-learn refuses as labels: infer_objects() converts it as pandas did",
           example="df['species'].replace({'x': 0, 'y': 1}).dtype.kind",
           expected="df['species'].replace({'x': 0, 'y': 1}).infer_objects().dtype.kind", old_result="i"),
    Receiver(("ravel",), "_convert_array_",
             why="Series.ravel() was removed in pandas 3.0: the values' array, raveled",
             example="df['a'].ravel()", expected="_convert_array_(df['a']).ravel()"),
    Attribute("value_counts", "Series", module="pandas", suffix=".value_counts()",
              why="pd.value_counts(values) was removed in pandas 3.0: pd.Series(values).value_counts()",
              example="pd.value_counts(df['species'])", expected="pd.Series(df['species']).value_counts()"),
    Receiver(("ix",), "_convert_ix_", any_receiver=True, replaces=True,
             why=".ix was removed in pandas 1.0: labels first (.loc), then positions (.iloc), as .ix did",
             example="df.ix[:, 0:2]", expected="_convert_ix_(df)[:, 0:2]"),
    Scalar(("int", "float"), why="int()/float() of a one-element Series was removed in pandas 2: its one value",
           example="float(df[df.species == 'y']['a'])", expected="float(_convert_scalar_(df[df.species == 'y']['a']))"),
    TextDtype(why="pandas 3 reads text as the str dtype, not object: the comparison keeps its pandas < 3 meaning",
              example="[c for c in df.columns if df[c].dtype == object]",
              expected="[c for c in df.columns if _convert_dtype_(df[c].dtype) == object]", old_result=["species"]),
    Method("as_matrix", "to_numpy", why=".as_matrix() was removed in pandas 1.0: .to_numpy()",
           example="df.as_matrix()", expected="df.to_numpy()"),
    Method("get_values", "to_numpy", why=".get_values() was removed in pandas 1.0: .to_numpy()",
           example="df['a'].get_values()", expected="df['a'].to_numpy()"),
    Method("get_dtype_counts", "dtypes.value_counts",
           why=".get_dtype_counts() was removed in pandas 1.0: .dtypes.value_counts()",
           example="df.get_dtype_counts()", expected="df.dtypes.value_counts()"),
    Method("iteritems", "items", why=".iteritems() was removed in pandas 2.0 (and from dicts in Python 3): .items()",
           example="list(df.iteritems())", expected="list(df.items())"),
    Method("applymap", "map", why="DataFrame.applymap is DataFrame.map since pandas 2.1 (removed in 3.0)",
           example="df[['a']].applymap(round)", expected="df[['a']].map(round)"),
    Method("sort", "sort_values", needs=("args", "columns", "ascending"), keywords={"columns": "by"}, frames_only=True,
           why="DataFrame.sort was removed in pandas 0.20: sort_values",
           example="df.sort(columns='a', ascending=False)", expected="df.sort_values(by='a', ascending=False)"),
    Method("sort_index", "sort_values", needs=("by",),
           why="sort_index(by=) was removed in pandas 0.20: sort_values(by=)",
           example="df.sort_index(by='a')", expected="df.sort_values(by='a')"),
    Method("order", "sort_values", frames_only=True, why="Series.order() was removed in pandas 0.20: sort_values()",
           example="df['a'].order()", expected="df['a'].sort_values()"),
    Method("fillna", "ffill", needs=("method",), keywords={"method": None},
           why="fillna(method=) was removed in pandas 3.0: ffill()/bfill()",
           example="df.fillna(method='ffill')", expected="df.ffill()"),
    Keyword(("read_csv", "read_table"), "error_bad_lines", when=False, to="on_bad_lines", value="'skip'",
            why="read_csv(error_bad_lines=False) is on_bad_lines='skip' since pandas 1.3 (removed in 2.0)",
            example="pd.read_csv(io.StringIO('a\\n1'), error_bad_lines=False)",
            expected="pd.read_csv(io.StringIO('a\\n1'), on_bad_lines='skip')"),
    Keyword(("read_csv", "read_table"), "warn_bad_lines",
            why="read_csv(warn_bad_lines=) was removed in pandas 2.0 (on_bad_lines= says what to do)",
            example="pd.read_csv(io.StringIO('a\\n1'), warn_bad_lines=True)",
            expected="pd.read_csv(io.StringIO('a\\n1'))"),
    Attribute("scatter_matrix", "plotting.scatter_matrix", module="pandas",
              why="pd.scatter_matrix was removed in pandas 1.0: pd.plotting.scatter_matrix",
              example="pd.scatter_matrix(df[['a', 'b']])", expected="pd.plotting.scatter_matrix(df[['a', 'b']])"),
    Option("display.max_colwidth", old=-1, new="None",
           why="display.max_colwidth=-1 (no limit) is refused since pandas 1.0: None",
           example="pd.set_option('display.max_colwidth', -1)", expected="pd.set_option('display.max_colwidth', None)"),
    Option("display.height", rename="display.max_rows",
           why="the display.height option was removed in pandas 0.20: display.max_rows",
           example="pd.set_option('display.height', 500)", expected="pd.set_option('display.max_rows', 500)"),
    Indexer("get_value", "at", why=".get_value(row, col) was removed in pandas 1.0: .at[row, col]",
            example="df.get_value(0, 'a')", expected="df.at[0, 'a']"),
    # --- numpy, where ruff has no fix -------------------------------------------------
    Attribute("in1d", "isin", module="numpy", suffix=".ravel()",
              why="np.in1d was removed in numpy 2.4: np.isin(...).ravel()",
              example="np.in1d([1, 2], [2])", expected="np.isin([1, 2], [2]).ravel()"),
    Attribute("asfarray", "asarray", module="numpy", add=("dtype=float",),
              why="np.asfarray was removed in numpy 2.0: np.asarray(..., dtype=float)",
              example="np.asfarray([1, 2])", expected="np.asarray([1, 2], dtype=float)"),
    Attribute("asscalar", "asarray", module="numpy", suffix=".item()",
              why="np.asscalar was removed in numpy 1.23: np.asarray(...).item()",
              example="np.asscalar(np.array([3]))", expected="np.asarray(np.array([3])).item()"),
    Keyword(("set_printoptions",), "threshold", when_text=("np.nan", "np.NaN", "numpy.nan", "float('nan')"),
            to="threshold", value="float('inf')",
            why="set_printoptions(threshold=nan) (print arrays whole) is refused since numpy 1.14: threshold=inf",
            example="np.set_printoptions(threshold=np.nan)", expected="np.set_printoptions(threshold=float('inf'))"),
    Attribute("int0", "intp", module="numpy", why="np.int0 was removed in numpy 2.0: np.intp",
              example="np.int0", expected="np.intp"),
    Attribute("msort", "sort", module="numpy", add=("axis=0",), why="np.msort was removed in numpy 2.0: np.sort(axis=0)",
              example="np.msort([2, 1])", expected="np.sort([2, 1], axis=0)"),
]


# Calls whose result is a pandas frame: a name assigned one holds a frame (for Receiver, Append, Scalar).
FRAME_SOURCES = {"read_csv", "read_table", "read_excel", "read_json", "read_parquet", "read_sql", "DataFrame",
                 "load_dataset", "concat", "merge", "get_dummies", "crosstab", "pivot_table"}
# What a frame gives that is no frame: arrays, shapes, labels.
NOT_FRAMES = {"values", "to_numpy", "as_matrix", "get_values", "tolist", "shape", "columns", "index", "dtypes",
              "size", "ndim", "unique", "nunique", "len", "count"}


@dataclass
class CellContext:
    """What a row needs to know about the cell being rewritten and the notebook around it."""

    locator: Locator
    frames: set
    module_names: dict  # {"numpy": {"numpy", "np"}, "pandas": {"pandas", "pd"}}: what the notebook imports them as
    parents: dict
    helpers: set = field(default_factory=set)
    wrapped: set = field(default_factory=set)  # the classes Keyword rows wrapped a call in, so far

    def parent(self, node):
        return self.parents.get(id(node))

    def aliases(self, module):
        return self.module_names.get(module, {module})

    def holds_frame(self, node):
        """Whether an expression is rooted at a pandas frame (a name assigned from read_csv and
        the like, or from another frame's rows, columns or methods) and is not an array of it."""
        if isinstance(node, ast.Name):
            return node.id in self.frames
        if isinstance(node, ast.Attribute):
            return node.attr not in NOT_FRAMES and self.holds_frame(node.value)
        if isinstance(node, ast.Subscript):
            return self.holds_frame(node.value)
        if isinstance(node, ast.Call):
            if call_name(node) in FRAME_SOURCES:
                return True
            return isinstance(node.func, ast.Attribute) and self.holds_frame(node.func)
        return False


def learn_frames(tree, context):
    """Add the names this cell assigns a frame to (`df = pd.read_csv(...)`, `X = df.drop(...)`,
    `X_train, X_test, y_train, y_test = train_test_split(X, y)` when X or y is one)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                pairs = (zip(target.elts, node.value.elts) if isinstance(target, ast.Tuple)
                         and isinstance(node.value, ast.Tuple) else _split_pairs(target, node.value)
                         or [(target, node.value)])
                for name, value in pairs:
                    if isinstance(name, ast.Name):
                        (context.frames.add if context.holds_frame(value) else context.frames.discard)(name.id)


def _split_pairs(target, value):
    """`a_train, a_test, b_train, b_test = train_test_split(a, b, ...)`: [(a_train, a), (a_test, a),
    (b_train, b), (b_test, b)]; None for anything else."""
    if not (isinstance(target, ast.Tuple) and isinstance(value, ast.Call) and call_name(value) == "train_test_split"
            and len(target.elts) == 2 * len(value.args) and not any(isinstance(a, ast.Starred) for a in value.args)):
        return None
    return [(name, value.args[i // 2]) for i, name in enumerate(target.elts)]


def module_aliases(trees, modules=("numpy", "pandas")):
    """{module: the names the notebook imports it as}, each module's own name included."""
    return {module: {module} | {a.asname or a.name for tree in trees for node in ast.walk(tree)
                                if isinstance(node, ast.Import) for a in node.names if a.name == module}
            for module in modules}


def rewrite_once(source, context):
    """One sweep of TABLE over the cell: (source, [(line, why)])."""
    tree = ast.parse(source)
    context.locator = Locator(source)
    context.parents = {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        for row in TABLE:
            edits = row.edits(node, context)
            if edits:
                found.append((edits, row.why))
                break
    flat = [edit for edits, _ in found for edit in edits]
    text, kept = apply_edits(source, flat)
    kept = set(kept)
    notes = [(context.locator.line_of(edits[0].start), why) for edits, why in found if set(edits) <= kept]
    return text, notes


def as_current_api(cells):
    """Rewrite removed library APIs in a notebook's code cells (`cells`: [(number, source)], in order,
    after IPython syntax is gone). Returns (sources, notes [(cell number, line, why)], helpers):
    `helpers` names the runtime_helpers the rewritten cells call (runtime_helpers.add_runtime_helpers
    defines them in the script)."""
    sources = [source for _, source in cells]
    trees = [parse_or_none(source) for source in sources]
    fixes = numpy_fixes([s if t else "" for s, t in zip(sources, trees)])
    context = CellContext(None, set(), module_aliases([t for t in trees if t]), {})
    results, notes = [], []
    for index, (number, source) in enumerate(cells):
        if trees[index] is None:
            results.append(source)
            continue
        cell_notes = []
        learn_frames(trees[index], context)
        if fixes:
            source, kept = apply_edits(source, [edit for edit, _, _ in fixes[index]])
            cell_notes += [(line, why) for edit, line, why in fixes[index] if edit in kept]
        for _ in range(3):  # nested old APIs (`df.ix[...].as_matrix()`) take one sweep each
            source, found = rewrite_once(source, context)
            cell_notes += found
            if not found:
                break
        learn_frames(ast.parse(source), context)
        results.append(source)
        notes += [(number, line, why) for line, why in sorted(set(cell_notes))]
    if fixes is None:
        notes.append((cells[0][0] if cells else 1, 1, "ruff is not installed: numpy's removed names are not "
                                                      "rewritten (pip install -r requirements/train.txt)"))
    return results, notes, context.helpers


def rewrite_removed_apis(notebook):
    """Notebook pass: as_current_api over the code cells (after every cell pass, so they are plain
    Python and their plotting is already commented); returns (notebook, [Note])."""
    code = [(number, cell) for number, cell in enumerate(notebook.cells, start=1) if cell.cell_type == "code"]
    sources, notes, _ = as_current_api([(number, cell.source) for number, cell in code])
    for (_, cell), source in zip(code, sources):
        cell.source = source
    return notebook, [Note(*note) for note in notes]
