"""Notebooks written for the libraries of their day (numpy < 1.24, pandas 1.x, scikit-learn 0.2x).

Each uses one API that today's libraries removed, the way notebooks of 2017-2022
used it; the converter rewrites them all (conversion/legacy_api.py, and imports.py for
sklearn.cross_validation and sklearn.externals.joblib), so each serves and guards against
regressions.
"""
from writer import COLAB, CONDA, IPYKERNEL, JUPYTER, KAGGLE, code, md, notebook

LEGACY = "legacy api"

NOTEBOOKS = [
    notebook("legacy_np_int_labels", [
        md("# Iris with numpy\nSpecies -> integer codes, features -> float matrix."),
        code("""
            import numpy as np
            import pandas as pd
            from sklearn.model_selection import train_test_split
            from sklearn.linear_model import LogisticRegression
            """),
        code("""
            df = pd.read_csv('Iris.csv')
            species = {'Iris-setosa': 0, 'Iris-versicolor': 1, 'Iris-virginica': 2}
            df['label'] = df['Species'].map(species).astype(np.int)
            X = df[['SepalLengthCm', 'SepalWidthCm', 'PetalLengthCm', 'PetalWidthCm']].values.astype(np.float)
            y = df['label'].values
            mask = np.ones(len(df), dtype=np.bool)
            print(X.dtype, y.dtype, mask.sum())
            """),
        code("""
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=3)
            clf = LogisticRegression(max_iter=300)
            clf.fit(X_train, y_train)
            print('test acc = {:.3f}'.format(clf.score(X_test, y_test)))
            """),
    ], category=LEGACY, data=["Iris.csv"]),

    notebook("legacy_corr_with_species", [
        md("""
            ## Exploratory Data Analysis
            Which measurements move together? (pandas skips the text column)
            """),
        code("""
            import pandas as pd
            import seaborn as sns
            import matplotlib.pyplot as plt
            from sklearn.tree import DecisionTreeClassifier
            from sklearn.model_selection import train_test_split
            from sklearn.metrics import accuracy_score
            """),
        code("""
            iris = pd.read_csv('IRIS.csv')
            iris.info()
            """),
        code("""
            corr = iris.corr()
            print(corr)
            print('most correlated with petal_length:', corr['petal_length'].drop('petal_length').idxmax())
            """),
        code("""
            plt.figure(figsize=(8, 6))
            sns.heatmap(corr, annot=True, cmap='coolwarm')
            plt.show()
            """),
        code("""
            X = iris.drop('species', axis=1)
            y = iris['species']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=100)
            tree = DecisionTreeClassifier(max_depth=3, random_state=100)
            tree.fit(X_train, y_train)
            print(accuracy_score(y_test, tree.predict(X_test)))
            """),
    ], category=LEGACY, data=["IRIS.csv"], kernel=KAGGLE),

    notebook("legacy_series_append_scores", [
        md("KNN: which k? Collect the scores in a Series."),
        code("""
            import pandas as pd
            from sklearn.neighbors import KNeighborsClassifier
            from sklearn.model_selection import train_test_split
            from sklearn import metrics
            """),
        code("""
            iris = pd.read_csv("Iris.csv")
            train, test = train_test_split(iris, test_size=0.3, random_state=0)
            cols = ['SepalLengthCm', 'SepalWidthCm', 'PetalLengthCm', 'PetalWidthCm']
            train_X, train_y = train[cols], train.Species
            test_X, test_y = test[cols], test.Species
            """),
        code("""
            a = pd.Series()
            for i in range(1, 11):
                m = KNeighborsClassifier(n_neighbors=i).fit(train_X, train_y)
                a = a.append(pd.Series(metrics.accuracy_score(test_y, m.predict(test_X))))
            a.index = range(1, 11)
            a
            """),
        code("""
            model = KNeighborsClassifier(n_neighbors=a.idxmax())
            model.fit(train_X, train_y)
            print('KNN with k =', a.idxmax(), metrics.accuracy_score(test_y, model.predict(test_X)))
            """),
    ], category=LEGACY, data=["Iris.csv"], kernel=KAGGLE),

    notebook("legacy_dataframe_append_results", [
        md("# Model comparison table"),
        code("""
            import pandas as pd
            from sklearn.datasets import load_iris
            from sklearn.model_selection import cross_val_score
            from sklearn.naive_bayes import GaussianNB
            from sklearn.svm import SVC
            from sklearn.tree import DecisionTreeClassifier
            """),
        code("""
            iris = load_iris()
            X, y = iris.data, iris.target
            results = pd.DataFrame(columns=['model', 'cv_mean', 'cv_std'])
            for name, est in [('NB', GaussianNB()), ('SVC', SVC()), ('Tree', DecisionTreeClassifier())]:
                s = cross_val_score(est, X, y, cv=5)
                results = results.append({'model': name, 'cv_mean': s.mean(), 'cv_std': s.std()},
                                         ignore_index=True)
            results
            """),
        code("""
            best = results.sort_values('cv_mean', ascending=False).iloc[0]['model']
            print('best:', best)
            final_model = SVC(probability=True).fit(X, y)
            """),
    ], category=LEGACY, data=[], kernel=IPYKERNEL),

    notebook("legacy_int_of_series", [
        md("Pick k from the results table, then train the final KNN."),
        code("""
            import pandas as pd
            from sklearn.neighbors import KNeighborsClassifier
            from sklearn.model_selection import train_test_split
            """),
        code("""
            df = pd.read_csv('iris.csv')
            X = df.iloc[:, :4]
            y = df['species']
            X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=12, test_size=0.3)
            """),
        code("""
            rows = []
            for k in [1, 3, 5, 7, 9, 11]:
                rows.append({'k': k, 'acc': KNeighborsClassifier(k).fit(X_train, y_train).score(X_test, y_test)})
            scores = pd.DataFrame(rows)
            best_k = int(scores[scores.acc == scores.acc.max()].head(1).k)
            print('best k:', best_k)
            """),
        code("""
            knn = KNeighborsClassifier(n_neighbors=best_k)
            knn.fit(X_train, y_train)
            knn.score(X_test, y_test)
            """),
    ], category=LEGACY, data=["iris.csv"], kernel=CONDA),

    notebook("legacy_pandas_util_testing", [
        md("# sanity checks while cleaning"),
        code("""
            import pandas as pd
            import pandas.util.testing as tm
            from sklearn.ensemble import RandomForestClassifier
            from sklearn.model_selection import train_test_split
            """),
        code("""
            raw = pd.read_csv('Iris.csv', index_col='Id')
            clean = raw.dropna().copy()
            tm.assert_frame_equal(raw, clean)
            print('no missing values')
            """),
        code("""
            X_train, X_test, y_train, y_test = train_test_split(clean.drop(columns='Species'), clean['Species'],
                                                                test_size=0.25, random_state=1)
            forest = RandomForestClassifier(n_estimators=50, random_state=1).fit(X_train, y_train)
            print(forest.score(X_test, y_test))
            """),
    ], category=LEGACY, data=["Iris.csv"]),

    notebook("legacy_logreg_multinomial", [
        md("""
            # Softmax regression on Iris
            `multi_class='multinomial'` with lbfgs, as in the Hands-On ML book, chapter 4.
            """),
        code("""
            import numpy as np
            from sklearn import datasets
            from sklearn.linear_model import LogisticRegression
            from sklearn.model_selection import train_test_split
            """),
        code("""
            iris = datasets.load_iris()
            X = iris["data"]
            y = iris["target"]
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
            """),
        code("""
            softmax_reg = LogisticRegression(multi_class="multinomial", solver="lbfgs", C=10, max_iter=1000)
            softmax_reg.fit(X_train, y_train)
            print(softmax_reg.score(X_test, y_test))
            softmax_reg.predict_proba([[5, 2, 5, 2]])
            """),
    ], category=LEGACY, data=[], kernel=JUPYTER),

    notebook("legacy_logreg_multiclass_auto", [
        code("""
            import pandas as pd
            from sklearn.linear_model import LogisticRegression
            from sklearn.model_selection import train_test_split
            from sklearn.metrics import classification_report
            """),
        code("""
            df = pd.read_csv('/content/Iris.csv')
            df = df.drop('Id', axis=1)
            X_train, X_test, y_train, y_test = train_test_split(df.iloc[:, :-1], df.iloc[:, -1], test_size=0.2,
                                                                random_state=1, stratify=df.iloc[:, -1])
            """),
        code("""
            model = LogisticRegression(solver='lbfgs', multi_class='auto', max_iter=500)
            model.fit(X_train, y_train)
            print(classification_report(y_test, model.predict(X_test)))
            """),
    ], category=LEGACY, data=["Iris.csv"], kernel=COLAB),

    notebook("legacy_sklearn_utils_testing", [
        md("Silence the convergence warnings while tuning C."),
        code("""
            from sklearn.utils.testing import ignore_warnings
            from sklearn.exceptions import ConvergenceWarning
            from sklearn.datasets import load_iris
            from sklearn.linear_model import LogisticRegression
            from sklearn.model_selection import GridSearchCV, train_test_split
            """),
        code("""
            X, y = load_iris(return_X_y=True)
            X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
            """),
        code("""
            @ignore_warnings(category=ConvergenceWarning)
            def tune():
                search = GridSearchCV(LogisticRegression(max_iter=50), {'C': [0.01, 0.1, 1, 10]}, cv=5)
                return search.fit(X_train, y_train)

            grid = tune()
            print(grid.best_params_, grid.score(X_test, y_test))
            """),
    ], category=LEGACY, data=[], kernel=IPYKERNEL),

    notebook("legacy_cross_validation_module", [
        md("# Iris (2017) - sklearn.cross_validation"),
        code("""
            import pandas as pd
            from sklearn.cross_validation import train_test_split, cross_val_score
            from sklearn.svm import SVC
            """),
        code("""
            names = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species']
            iris = pd.read_csv('iris.data', header=None, names=names)
            X = iris[names[:4]]
            y = iris['species']
            print(cross_val_score(SVC(), X, y, cv=10).mean())
            """),
        code("""
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
            svc = SVC(C=1.0, kernel='rbf').fit(X_train, y_train)
            svc.score(X_test, y_test)
            """),
    ], category=LEGACY, data=["iris.data"], kernel=JUPYTER),

    notebook("legacy_np_object_select_dtypes", [
        md("Encode every text column, whatever it is called."),
        code("""
            import numpy as np
            import pandas as pd
            from sklearn.preprocessing import LabelEncoder
            from sklearn.model_selection import train_test_split
            from sklearn.ensemble import ExtraTreesClassifier
            """),
        code("""
            df = pd.read_csv('IRIS.csv')
            text_cols = df.select_dtypes(include=[np.object]).columns
            encoders = {}
            for col in text_cols:
                encoders[col] = LabelEncoder().fit(df[col])
                df[col] = encoders[col].transform(df[col])
            df.dtypes
            """),
        code("""
            X_train, X_test, y_train, y_test = train_test_split(df.drop('species', axis=1), df['species'],
                                                                test_size=0.2, random_state=0)
            et = ExtraTreesClassifier(n_estimators=100, random_state=0).fit(X_train, y_train)
            et.score(X_test, y_test)
            """),
    ], category=LEGACY, data=["IRIS.csv"], kernel=IPYKERNEL),

    notebook("legacy_iteritems_summary", [
        md("# quick per-column summary"),
        code("""
            import pandas as pd
            from sklearn.model_selection import train_test_split
            from sklearn.naive_bayes import GaussianNB
            df = pd.read_csv('Iris.csv').drop('Id', axis=1)
            """),
        code("""
            for name, values in df.iteritems():
                if values.dtype != object:
                    print('{:15s} min {:.1f} max {:.1f} mean {:.2f}'.format(name, values.min(), values.max(),
                                                                          values.mean()))
            """),
        code("""
            X_train, X_test, y_train, y_test = train_test_split(df.iloc[:, :4], df.Species, random_state=0)
            nb = GaussianNB().fit(X_train, y_train)
            print(nb.score(X_test, y_test))
            """),
    ], category=LEGACY, data=["Iris.csv"], kernel=KAGGLE),

    notebook("legacy_kfold_random_state", [
        md("""
            # Spot-check algorithms (2018)
            10-fold cross validation, then the final model on all the training data.
            """),
        code("""
            import pandas
            from sklearn import model_selection
            from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
            from sklearn.metrics import accuracy_score
            """),
        code("""
            names = ['sepal-length', 'sepal-width', 'petal-length', 'petal-width', 'class']
            dataset = pandas.read_csv('iris.data', names=names)
            array = dataset.values
            X = array[:, 0:4]
            Y = array[:, 4]
            validation_size = 0.20
            seed = 7
            X_train, X_validation, Y_train, Y_validation = model_selection.train_test_split(
                X, Y, test_size=validation_size, random_state=seed)
            """),
        code("""
            kfold = model_selection.KFold(n_splits=10, random_state=seed)
            cv_results = model_selection.cross_val_score(LinearDiscriminantAnalysis(), X_train, Y_train, cv=kfold,
                                                         scoring='accuracy')
            msg = "%s: %f (%f)" % ('LDA', cv_results.mean(), cv_results.std())
            print(msg)
            """),
        code("""
            lda = LinearDiscriminantAnalysis()
            lda.fit(X_train, Y_train)
            predictions = lda.predict(X_validation)
            print(accuracy_score(Y_validation, predictions))
            """),
    ], category=LEGACY, data=["iris.data"], kernel=JUPYTER),

    notebook("legacy_sgd_loss_log", [
        code("""
            from sklearn.datasets import load_iris
            from sklearn.linear_model import SGDClassifier
            from sklearn.preprocessing import StandardScaler
            from sklearn.pipeline import make_pipeline
            from sklearn.model_selection import train_test_split
            """),
        code("""
            iris = load_iris()
            X_train, X_test, y_train, y_test = train_test_split(iris.data, iris.target, test_size=0.25,
                                                                random_state=33)
            sgd = make_pipeline(StandardScaler(), SGDClassifier(loss='log', max_iter=1000, tol=1e-3,
                                                                random_state=33))
            sgd.fit(X_train, y_train)
            print('SGD (logistic) accuracy:', sgd.score(X_test, y_test))
            """),
    ], category=LEGACY, data=[], kernel=COLAB),

    notebook("legacy_forest_max_features_auto", [
        md("Random forest, tuned by hand"),
        code("""
            import pandas as pd
            from sklearn.ensemble import RandomForestClassifier
            from sklearn.model_selection import train_test_split
            from sklearn.metrics import accuracy_score
            """),
        code("""
            df = pd.read_csv('iris.csv')
            X = df[['sepal_length', 'sepal_width', 'petal_length', 'petal_width']]
            y = df['species']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=50)
            """),
        code("""
            clf = RandomForestClassifier(n_estimators=300, max_features='auto', max_depth=4, random_state=50)
            clf.fit(X_train, y_train)
            print(accuracy_score(y_test, clf.predict(X_test)))
            pd.Series(clf.feature_importances_, index=X.columns).sort_values(ascending=False)
            """),
    ], category=LEGACY, data=["iris.csv"], kernel=CONDA),

    notebook("legacy_adaboost_base_estimator", [
        code("""
            import pandas as pd
            from sklearn.ensemble import AdaBoostClassifier
            from sklearn.tree import DecisionTreeClassifier
            from sklearn.model_selection import train_test_split
            """),
        code("""
            iris = pd.read_csv("Iris.csv")
            X = iris.drop(["Id", "Species"], axis=1)
            y = iris["Species"]
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=1)
            abc = AdaBoostClassifier(base_estimator=DecisionTreeClassifier(max_depth=2), n_estimators=50,
                                     learning_rate=1)
            model = abc.fit(X_train, y_train)
            print("Accuracy:", model.score(X_test, y_test))
            """),
    ], category=LEGACY, data=["Iris.csv"], kernel=KAGGLE),

    notebook("legacy_fillna_mean_text_column", [
        md("# Cleaning\nFill any missing measurement with the column mean, then train."),
        code("""
            import pandas as pd
            import numpy as np
            from sklearn.linear_model import LogisticRegression
            from sklearn.model_selection import train_test_split
            """),
        code("""
            df = pd.read_csv('iris.csv')
            df = df.replace('?', np.NaN)
            df = df.fillna(df.mean())
            df.isna().sum()
            """),
        code("""
            X_train, X_test, y_train, y_test = train_test_split(df.iloc[:, :4], df.iloc[:, 4], test_size=0.2,
                                                                random_state=4)
            lr = LogisticRegression(max_iter=1000).fit(X_train, y_train)
            lr.score(X_test, y_test)
            """),
    ], category=LEGACY, data=["iris.csv"], kernel=IPYKERNEL),

    notebook("legacy_read_csv_error_bad_lines", [
        code("""
            import pandas as pd
            from sklearn.svm import SVC
            from sklearn.model_selection import train_test_split
            """),
        code("""
            data = pd.read_csv('iris.data', header=None, error_bad_lines=False, warn_bad_lines=True)
            data.columns = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'class']
            data.shape
            """),
        code("""
            X_train, X_test, y_train, y_test = train_test_split(data.iloc[:, :4], data['class'], test_size=0.25,
                                                                random_state=6)
            model = SVC(kernel='poly', degree=3, gamma='auto').fit(X_train, y_train)
            model.score(X_test, y_test)
            """),
    ], category=LEGACY, data=["iris.data"], kernel=JUPYTER),

    notebook("legacy_float_of_series_threshold", [
        md("Petal length threshold from the data, then a KNN"),
        code("""
            import pandas as pd
            from sklearn.neighbors import KNeighborsClassifier
            from sklearn.model_selection import train_test_split
            """),
        code("""
            iris = pd.read_csv('Iris.csv')
            stats = iris.groupby('Species').agg({'PetalLengthCm': 'max'}).reset_index()
            setosa_max = float(stats[stats.Species == 'Iris-setosa'].PetalLengthCm)
            print('setosa petals are at most', setosa_max, 'cm')
            """),
        code("""
            X = iris[['SepalLengthCm', 'SepalWidthCm', 'PetalLengthCm', 'PetalWidthCm']]
            X_train, X_test, y_train, y_test = train_test_split(X, iris.Species, test_size=0.3, random_state=0)
            knn = KNeighborsClassifier(n_neighbors=8).fit(X_train, y_train)
            knn.score(X_test, y_test)
            """),
    ], category=LEGACY, data=["Iris.csv"], kernel=KAGGLE),

    notebook("legacy_gridsearch_iid", [
        code("""
            from sklearn import datasets
            from sklearn.model_selection import GridSearchCV, train_test_split
            from sklearn.neighbors import KNeighborsClassifier
            """),
        code("""
            iris = datasets.load_iris()
            X_train, X_test, y_train, y_test = train_test_split(iris.data, iris.target, random_state=0)
            params = {'n_neighbors': list(range(1, 21)), 'weights': ['uniform', 'distance']}
            gs = GridSearchCV(KNeighborsClassifier(), params, cv=5, iid=False)
            gs.fit(X_train, y_train)
            print(gs.best_params_, gs.best_score_)
            print(gs.score(X_test, y_test))
            """),
    ], category=LEGACY, data=[], kernel=JUPYTER),

    notebook("legacy_externals_joblib_dump", [
        md("Train, then save the model for the Flask app"),
        code("""
            import pandas as pd
            from sklearn.externals import joblib
            from sklearn.tree import DecisionTreeClassifier
            from sklearn.model_selection import train_test_split
            """),
        code("""
            df = pd.read_csv('Iris.csv')
            X_train, X_test, y_train, y_test = train_test_split(df.iloc[:, 1:5], df['Species'], random_state=3)
            classifier = DecisionTreeClassifier(max_depth=3).fit(X_train, y_train)
            print(classifier.score(X_test, y_test))
            joblib.dump(classifier, 'iris_model.pkl')
            """),
    ], category=LEGACY, data=["Iris.csv"], kernel=JUPYTER),
]

NOTEBOOKS += [
    notebook("legacy_imputer_preprocessing", [
        md("# Iris with missing-value handling (sklearn 0.19)"),
        code("""
            import numpy as np
            import pandas as pd
            from sklearn.preprocessing import Imputer
            from sklearn.neighbors import KNeighborsClassifier
            from sklearn.model_selection import train_test_split
            """),
        code("""
            iris = pd.read_csv('Iris.csv')
            X = iris.iloc[:, 1:5].values
            y = iris.iloc[:, 5].values
            imputer = Imputer(missing_values='NaN', strategy='mean', axis=0)
            X = imputer.fit_transform(X)
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)
            """),
        code("""
            classifier = KNeighborsClassifier(n_neighbors=5)
            classifier.fit(X_train, y_train)
            print(classifier.score(X_test, y_test))
            """),
    ], category=LEGACY, data=["Iris.csv"], kernel=JUPYTER),
]

NOTEBOOKS += [
    notebook("legacy_2017_kfold_n_folds", [
        md("# Iris, 10-fold CV (scikit-learn 0.18)"),
        code("""
            import pandas as pd
            from sklearn.cross_validation import KFold, cross_val_score, train_test_split
            from sklearn.svm import SVC
            """),
        code("""
            df = pd.read_csv('Iris.csv')
            X = df[['SepalLengthCm', 'SepalWidthCm', 'PetalLengthCm', 'PetalWidthCm']].values
            y = df['Species'].values
            kf = KFold(len(X), n_folds=10, shuffle=True, random_state=0)
            scores = cross_val_score(SVC(), X, y, cv=kf)
            print('CV accuracy: %0.2f (+/- %0.2f)' % (scores.mean(), scores.std() * 2))
            """),
        code("""
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
            svc = SVC(C=1.0).fit(X_train, y_train)
            svc.score(X_test, y_test)
            """),
    ], category=LEGACY, data=["Iris.csv"], kernel=JUPYTER),

    notebook("legacy_grid_scores_loop", [
        code("""
            from sklearn.datasets import load_iris
            from sklearn.grid_search import GridSearchCV
            from sklearn.neighbors import KNeighborsClassifier
            from sklearn.cross_validation import train_test_split
            """),
        code("""
            iris = load_iris()
            X_train, X_test, y_train, y_test = train_test_split(iris.data, iris.target, random_state=4)
            grid = GridSearchCV(KNeighborsClassifier(), {'n_neighbors': list(range(1, 31))}, cv=10,
                                scoring='accuracy')
            grid.fit(X_train, y_train)
            for params, mean_score, scores in grid.grid_scores_:
                print(params, round(mean_score, 3))
            grid_mean_scores = [result.mean_validation_score for result in grid.grid_scores_]
            print(grid.best_score_, grid.best_params_)
            """),
    ], category=LEGACY, data=[], kernel=JUPYTER),

    notebook("legacy_l1_logreg_default_solver", [
        md("Sparse coefficients with an L1 penalty (which features matter?)"),
        code("""
            import numpy as np
            import pandas as pd
            from sklearn.linear_model import LogisticRegression
            from sklearn.model_selection import train_test_split
            """),
        code("""
            iris = pd.read_csv('iris.csv')
            X_train, X_test, y_train, y_test = train_test_split(iris.iloc[:, :4], iris.species, test_size=0.25,
                                                                random_state=2)
            l1 = LogisticRegression(penalty='l1', C=1.0)
            l1.fit(X_train, y_train)
            print(np.round(l1.coef_, 2))
            print('test accuracy', np.asscalar(np.float64(l1.score(X_test, y_test))))
            """),
    ], category=LEGACY, data=["iris.csv"], kernel=CONDA),

    notebook("legacy_2018_positional_axis_ravel", [
        md("""
            # Iris - Gradient Boosting
            Kaggle kernel, 2018. Drop the Id, look at the classes, boost.
            """),
        code("""
            import numpy as np
            import pandas as pd
            from sklearn.model_selection import train_test_split
            from sklearn.ensemble import GradientBoostingClassifier
            """),
        code("""
            iris = pd.read_csv('../input/Iris.csv')
            iris = iris.drop('Id', 1)
            print(pd.value_counts(iris['Species']))
            """),
        code("""
            X = iris.drop('Species', 1)
            y = iris['Species']
            print(pd.concat([X.describe().T['mean'], X.describe().T['std']], 1))
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=21)
            gbc = GradientBoostingClassifier(n_estimators=50, random_state=0)
            gbc.fit(X_train, y_train.ravel())
            print('accuracy:', gbc.score(X_test, y_test.ravel()))
            """),
    ], category=LEGACY, data=["Iris.csv"], kernel=KAGGLE),

    notebook("legacy_label_codes_replace_and_loc", [
        md("Homework 3: encode the species as numbers ourselves, then k-NN."),
        code("""
            import pandas as pd
            from sklearn.neighbors import KNeighborsClassifier
            from sklearn.model_selection import train_test_split
            """),
        code("""
            df = pd.read_csv('iris.data', header=None,
                             names=['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species'])
            codes = df.copy()
            codes['species'] = codes['species'].replace({'Iris-setosa': 0, 'Iris-versicolor': 1, 'Iris-virginica': 2})
            print(codes['species'].unique())
            """),
        code("""
            df.loc[df['species'] == 'Iris-setosa', 'species'] = 0
            df.loc[df['species'] == 'Iris-versicolor', 'species'] = 1
            df.loc[df['species'] == 'Iris-virginica', 'species'] = 2
            df['species'] = df['species'].astype(int)
            assert (df['species'] == codes['species']).all()
            """),
        code("""
            X_train, X_test, y_train, y_test = train_test_split(codes.iloc[:, :4], codes['species'],
                                                                test_size=0.25, random_state=8)
            knn = KNeighborsClassifier(n_neighbors=5).fit(X_train, y_train)
            print('k=5:', knn.score(X_test, y_test))
            """),
    ], category=LEGACY, data=["iris.data"]),

    notebook("legacy_sklearn017_module_and_shuffle_split", [
        md("""
            ## LDA on Iris (scikit-learn 0.17)
            Stratified shuffle split, then Jaccard similarity of the predictions.
            """),
        code("""
            import numpy as np
            from sklearn import datasets, cross_validation
            from sklearn.cross_validation import StratifiedShuffleSplit
            from sklearn.lda import LDA
            from sklearn.metrics import jaccard_similarity_score
            """),
        code("""
            iris = datasets.load_iris()
            X, y = iris.data, iris.target
            sss = StratifiedShuffleSplit(y, n_iter=1, test_size=0.3, random_state=0)
            for train_index, test_index in sss:
                X_train, X_test = X[train_index], X[test_index]
                y_train, y_test = y[train_index], y[test_index]
            print(len(X_train), len(X_test))
            """),
        code("""
            lda = LDA()
            lda.fit(X_train, y_train)
            print('jaccard:', jaccard_similarity_score(y_test, lda.predict(X_test)))
            print(cross_validation.cross_val_score(LDA(), X, y, cv=5).mean())
            """),
    ], category=LEGACY, data=[], kernel=IPYKERNEL),
]
