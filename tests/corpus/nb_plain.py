"""Ordinary notebooks that should serve already, the build's rightful refusals, and names that lie.

Categories: "ordinary" (one classifier, the usual EDA and plots), "refused" (a
regressor, a clusterer, an Id column, a derived feature: the build stops, saying
why), "swapped columns" (columns named in the wrong order: the build must stop,
never serve a model fed the wrong measurements; and two controls whose names are
right in an unusual order, which must serve) and "namespace leftovers" (open files,
generators, sparse matrices, every kind of pandas index, widgets, unfitted
estimators left in the namespace: the export must look past them).
"""
from writer import COLAB, CONDA, IPYKERNEL, JUPYTER, KAGGLE, code, md, notebook

ORDINARY = "ordinary"
REFUSED = "refused"
SWAPPED = "swapped columns"

NOTEBOOKS = [
    notebook("ordinary_kaggle_knn", [
        md("""
            # Iris Flower Classification using KNN
            ### Steps
            1. Load the data
            2. EDA
            3. Train/test split
            4. KNN
            """),
        code("""
            import numpy as np
            import pandas as pd
            import matplotlib.pyplot as plt
            import seaborn as sns
            import warnings
            warnings.filterwarnings('ignore')
            %matplotlib inline
            """),
        code("""
            df = pd.read_csv('../input/iris/Iris.csv')
            df.head(10)
            """),
        code("""
            print(df.isnull().sum())
            df['Species'].value_counts()
            """),
        code("""
            sns.FacetGrid(df, hue='Species', height=5).map(plt.scatter, 'PetalLengthCm', 'PetalWidthCm').add_legend()
            plt.show()
            """),
        code("""
            df.hist(edgecolor='black', linewidth=1.2, figsize=(12, 8))
            plt.show()
            """),
        code("""
            from sklearn.model_selection import train_test_split
            from sklearn.neighbors import KNeighborsClassifier
            from sklearn import metrics
            X = df.iloc[:, 1:5]
            y = df['Species']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
            """),
        code("""
            knn = KNeighborsClassifier(n_neighbors=3)
            knn.fit(X_train, y_train)
            prediction = knn.predict(X_test)
            print('The accuracy of the KNN is', metrics.accuracy_score(prediction, y_test))
            """),
    ], category=ORDINARY, data=["Iris.csv"], kernel=KAGGLE),

    notebook("ordinary_mlm_svm", [
        md("# Machine learning in Python, step by step (Iris)"),
        code("""
            # Load libraries
            from pandas import read_csv
            from pandas.plotting import scatter_matrix
            from matplotlib import pyplot
            from sklearn.model_selection import train_test_split, cross_val_score, StratifiedKFold
            from sklearn.metrics import classification_report, accuracy_score
            from sklearn.svm import SVC
            """),
        code("""
            # Load dataset
            url = "iris.data"
            names = ['sepal-length', 'sepal-width', 'petal-length', 'petal-width', 'class']
            dataset = read_csv(url, names=names)
            print(dataset.shape)
            print(dataset.head(20))
            print(dataset.describe())
            print(dataset.groupby('class').size())
            """),
        code("""
            # box and whisker plots
            dataset.plot(kind='box', subplots=True, layout=(2,2), sharex=False, sharey=False)
            pyplot.show()
            scatter_matrix(dataset)
            pyplot.show()
            """),
        code("""
            # Split-out validation dataset
            array = dataset.values
            X = array[:,0:4]
            y = array[:,4]
            X_train, X_validation, Y_train, Y_validation = train_test_split(X, y, test_size=0.20, random_state=1)
            kfold = StratifiedKFold(n_splits=10, random_state=1, shuffle=True)
            cv_results = cross_val_score(SVC(gamma='auto'), X_train, Y_train, cv=kfold, scoring='accuracy')
            print('SVM: %f (%f)' % (cv_results.mean(), cv_results.std()))
            """),
        code("""
            # Make predictions on validation dataset
            model = SVC(gamma='auto')
            model.fit(X_train, Y_train)
            predictions = model.predict(X_validation)
            print(accuracy_score(Y_validation, predictions))
            print(classification_report(Y_validation, predictions))
            """),
    ], category=ORDINARY, data=["iris.data"], kernel=JUPYTER),

    notebook("ordinary_pipeline_gridsearch", [
        md("""
            # Pipelines + grid search
            Everything inside a `Pipeline`, so no leakage from scaling.
            """),
        code("""
            from sklearn.datasets import load_iris
            from sklearn.pipeline import Pipeline
            from sklearn.preprocessing import StandardScaler
            from sklearn.svm import SVC
            from sklearn.model_selection import GridSearchCV, train_test_split
            """),
        code("""
            iris = load_iris()
            X_train, X_test, y_train, y_test = train_test_split(iris.data, iris.target, stratify=iris.target,
                                                                random_state=0)
            pipe = Pipeline([('scaler', StandardScaler()), ('svc', SVC())])
            param_grid = {'svc__C': [0.1, 1, 10, 100], 'svc__gamma': [0.001, 0.01, 0.1, 1]}
            grid = GridSearchCV(pipe, param_grid=param_grid, cv=5)
            grid.fit(X_train, y_train)
            print("Best cross-validation accuracy: {:.2f}".format(grid.best_score_))
            print("Test set score: {:.2f}".format(grid.score(X_test, y_test)))
            print("Best parameters: {}".format(grid.best_params_))
            """),
    ], category=ORDINARY, data=[], kernel=IPYKERNEL),

    notebook("ordinary_colab_forest", [
        code("""
            from google.colab import drive
            drive.mount('/content/drive')
            """),
        code("""
            import pandas as pd
            import numpy as np
            from sklearn.ensemble import RandomForestClassifier
            from sklearn.model_selection import train_test_split
            from sklearn.metrics import confusion_matrix, classification_report
            """),
        code("""
            iris = pd.read_csv('/content/drive/MyDrive/Colab Notebooks/data/Iris.csv')
            iris = iris.drop('Id', axis=1)
            iris.head()
            """),
        code("""
            X = iris.drop('Species', axis=1)
            y = iris['Species']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=123)
            rf = RandomForestClassifier(n_estimators=100)
            rf.fit(X_train, y_train)
            y_pred = rf.predict(X_test)
            print(confusion_matrix(y_test, y_pred))
            print(classification_report(y_test, y_pred))
            """),
    ], category=ORDINARY, data=["Iris.csv"], kernel=COLAB),

    notebook("ordinary_label_encoded_tree", [
        md("Decision tree with label-encoded species. Visualise the tree at the end."),
        code("""
            import pandas as pd
            import matplotlib.pyplot as plt
            from sklearn import preprocessing, tree
            from sklearn.model_selection import train_test_split
            """),
        code("""
            data = pd.read_csv('iris.csv')
            le = preprocessing.LabelEncoder()
            data['species'] = le.fit_transform(data['species'])
            print(le.classes_)
            """),
        code("""
            features = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']
            x_train, x_test, y_train, y_test = train_test_split(data[features], data['species'], test_size=0.3,
                                                                random_state=9)
            dtree = tree.DecisionTreeClassifier(criterion='entropy', max_depth=3)
            dtree.fit(x_train, y_train)
            print('accuracy on test:', dtree.score(x_test, y_test))
            """),
        code("""
            fig = plt.figure(figsize=(15, 10))
            tree.plot_tree(dtree, feature_names=features, class_names=le.classes_, filled=True)
            fig.savefig('tree.png')
            """),
    ], category=ORDINARY, data=["iris.csv"], kernel=CONDA),

    notebook("refused_linear_regression_codes", [
        md("Regression on the species code (don't ask)"),
        code("""
            import pandas as pd
            from sklearn.linear_model import LinearRegression
            from sklearn.model_selection import train_test_split
            """),
        code("""
            df = pd.read_csv('Iris.csv')
            df['code'] = df['Species'].astype('category').cat.codes
            X_train, X_test, y_train, y_test = train_test_split(df[['SepalLengthCm', 'SepalWidthCm',
                                                                    'PetalLengthCm', 'PetalWidthCm']],
                                                                df['code'], random_state=0)
            reg = LinearRegression().fit(X_train, y_train)
            print('R^2', reg.score(X_test, y_test))
            """),
    ], category=REFUSED, data=["Iris.csv"], expect="stops", message="no fitted classifier", kernel=JUPYTER),

    notebook("refused_kmeans_only", [
        md("# Unsupervised: can k-means find the species?"),
        code("""
            import pandas as pd
            from sklearn.cluster import KMeans
            """),
        code("""
            iris = pd.read_csv('iris.csv')
            X = iris.drop('species', axis=1)
            km = KMeans(n_clusters=3, n_init=10, random_state=0)
            iris['cluster'] = km.fit_predict(X)
            pd.crosstab(iris['species'], iris['cluster'])
            """),
    ], category=REFUSED, data=["iris.csv"], expect="stops", message="no fitted classifier", kernel=IPYKERNEL),

    notebook("refused_label_matrix_one_vs_rest", [
        md("""
            # Lab 4: one-vs-rest
            Binarize the labels (one column per class) and train one SVM per column.
            """),
        code("""
            import pandas as pd
            from sklearn.preprocessing import LabelBinarizer
            from sklearn.multiclass import OneVsRestClassifier
            from sklearn.svm import SVC
            from sklearn.model_selection import train_test_split
            """),
        code("""
            df = pd.read_csv('iris.csv')
            df.columns = ['sl', 'sw', 'pl', 'pw', 'cls']
            lb = LabelBinarizer()
            Y = lb.fit_transform(df['cls'])
            X_train, X_test, Y_train, Y_test = train_test_split(df[['sl', 'sw', 'pl', 'pw']], Y, test_size=0.3,
                                                                random_state=4)
            ovr = OneVsRestClassifier(SVC(gamma='auto', C=10)).fit(X_train, Y_train)
            print(lb.inverse_transform(ovr.predict(X_test))[:5])
            """),
    ], category=REFUSED, data=["iris.csv"], expect="stops", message="label matrix", kernel=IPYKERNEL),

    notebook("swapped_uci_sepal_names", [
        md("# Iris from UCI\nThe file has no header, so I name the columns myself."),
        code("""
            import pandas as pd
            from sklearn.model_selection import train_test_split
            from sklearn.linear_model import LogisticRegression
            """),
        code("""
            columns = ['sepal_width', 'sepal_length', 'petal_length', 'petal_width', 'species']
            iris = pd.read_csv('iris.data', header=None, names=columns)
            iris.describe()
            """),
        code("""
            X = iris[['sepal_length', 'sepal_width', 'petal_length', 'petal_width']]
            y = iris['species']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=11)
            logreg = LogisticRegression(max_iter=1000)
            logreg.fit(X_train, y_train)
            print('held-out accuracy', logreg.score(X_test, y_test))
            """),
    ], category=SWAPPED, data=["iris.data"], expect="stops", message="swapped", kernel=JUPYTER),

    notebook("ordinary_svc_probability_seaborn_csv", [
        md("""
            # Iris dataset - Support Vector Machine
            *Dataset: the seaborn copy of iris.csv*
            """),
        code("""
            import pandas as pd
            import seaborn as sns
            import matplotlib.pyplot as plt
            sns.set(style="ticks", color_codes=True)
            """),
        code("""
            iris = pd.read_csv("iris.csv")
            print(iris.describe())
            g = sns.pairplot(iris, hue="species", palette="husl")
            """),
        code("""
            sns.violinplot(x="species", y="petal_length", data=iris, size=6)
            plt.title("Petal length by species")
            """),
        code("""
            from sklearn.svm import SVC
            from sklearn.model_selection import train_test_split
            X = iris.drop("species", axis=1)
            y = iris["species"]
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=20)
            clf = SVC(kernel="rbf", C=1.0, probability=True, random_state=20)
            clf.fit(X_train, y_train)
            print("Accuracy: %.3f" % clf.score(X_test, y_test))
            """),
    ], category=ORDINARY, data=["iris.csv"], kernel=IPYKERNEL),

    notebook("ordinary_numpy_genfromtxt", [
        md("No pandas, just numpy."),
        code("""
            import numpy as np
            from sklearn.linear_model import LogisticRegression
            from sklearn.model_selection import train_test_split
            """),
        code("""
            X = np.genfromtxt('iris.data', delimiter=',', usecols=(0, 1, 2, 3))
            labels = np.genfromtxt('iris.data', delimiter=',', usecols=(4,), dtype=str)
            print(X.shape, labels[:3])
            """),
        code("""
            X_train, X_test, y_train, y_test = train_test_split(X, labels, test_size=0.3, random_state=0)
            clf = LogisticRegression(C=100, max_iter=2000)
            clf.fit(X_train, y_train)
            print('score: {}'.format(clf.score(X_test, y_test)))
            """),
    ], category=ORDINARY, data=["iris.data"], kernel=JUPYTER),

    notebook("ordinary_all_data_cross_validated", [
        md("Small data: no hold-out, 10-fold CV, then fit on everything."),
        code("""
            from sklearn.datasets import load_iris
            from sklearn.model_selection import cross_val_score
            from sklearn.neighbors import KNeighborsClassifier
            import numpy as np
            """),
        code("""
            iris = load_iris()
            X, y = iris.data, iris.target
            model = KNeighborsClassifier(n_neighbors=10)
            scores = cross_val_score(model, X, y, cv=10, scoring='accuracy')
            print(scores)
            print('mean %.3f' % np.mean(scores))
            model.fit(X, y)
            """),
    ], category=ORDINARY, data=[], kernel=IPYKERNEL),

    notebook("ordinary_mlp_pipeline", [
        md("""
            # Neural network on Iris
            sklearn's `MLPClassifier` with scaling in a pipeline.
            """),
        code("""
            import pandas as pd
            from sklearn.neural_network import MLPClassifier
            from sklearn.pipeline import Pipeline
            from sklearn.preprocessing import StandardScaler
            from sklearn.model_selection import train_test_split
            from sklearn.metrics import classification_report, confusion_matrix
            """),
        code("""
            df = pd.read_csv('Iris.csv')
            X = df.drop(['Id', 'Species'], axis=1)
            y = df['Species']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=1, stratify=y)
            """),
        code("""
            pipeline = Pipeline([
                ('scale', StandardScaler()),
                ('mlp', MLPClassifier(hidden_layer_sizes=(10, 10), max_iter=2000, random_state=1)),
            ])
            pipeline.fit(X_train, y_train)
            predictions = pipeline.predict(X_test)
            print(confusion_matrix(y_test, predictions))
            print(classification_report(y_test, predictions))
            """),
    ], category=ORDINARY, data=["Iris.csv"], kernel=KAGGLE),

    notebook("ordinary_best_model_from_loop", [
        code("""
            import pandas as pd
            from sklearn.model_selection import train_test_split
            from sklearn.linear_model import LogisticRegression
            from sklearn.tree import DecisionTreeClassifier
            from sklearn.neighbors import KNeighborsClassifier
            from sklearn.svm import SVC
            """),
        code("""
            data = pd.read_csv('IRIS.csv')
            X_train, X_test, y_train, y_test = train_test_split(data.iloc[:, :4], data['species'], test_size=0.25,
                                                                random_state=0)
            """),
        code("""
            candidates = [LogisticRegression(max_iter=500), DecisionTreeClassifier(), KNeighborsClassifier(),
                          SVC()]
            best_score = 0
            for est in candidates:
                est.fit(X_train, y_train)
                score = est.score(X_test, y_test)
                print(f'{est.__class__.__name__:<25}{score:.3f}')
                if score > best_score:
                    best_score, best_model = score, est
            print('best:', best_model)
            """),
    ], category=ORDINARY, data=["IRIS.csv"], kernel=IPYKERNEL),

    notebook("ordinary_windows_relative_path", [
        md("Iris - Logistic Regression (Windows 10, Anaconda 2020.02)"),
        code("""
            import pandas as pd
            import numpy as np
            import matplotlib.pyplot as plt
            from sklearn.linear_model import LogisticRegression
            from sklearn.model_selection import train_test_split
            from sklearn import metrics
            """),
        code(r"""
            # the csv sits next to this notebook (C:\Users\Priya\Documents\iris-project)
            df = pd.read_csv('Iris.csv')
            df.shape
            """),
        code("""
            df.plot(kind='scatter', x='PetalLengthCm', y='PetalWidthCm')
            plt.show()
            """),
        code("""
            X = df[['SepalLengthCm', 'SepalWidthCm', 'PetalLengthCm', 'PetalWidthCm']]
            y = df.Species
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.4, random_state=5)
            logreg = LogisticRegression(max_iter=1000)
            logreg.fit(X_train, y_train)
            y_pred = logreg.predict(X_test)
            print(metrics.accuracy_score(y_test, y_pred))
            """),
    ], category=ORDINARY, data=["Iris.csv"], kernel=CONDA),

    notebook("ordinary_lda_bunch_frame", [
        code("""
            import pandas as pd
            from sklearn.datasets import load_iris
            from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
            from sklearn.model_selection import train_test_split
            """),
        code("""
            iris = load_iris()
            df = pd.DataFrame(iris.data, columns=iris.feature_names)
            df['species'] = pd.Categorical.from_codes(iris.target, iris.target_names)
            df.head()
            """),
        code("""
            X_train, X_test, y_train, y_test = train_test_split(df[iris.feature_names], df['species'],
                                                                test_size=0.3, random_state=0)
            lda = LinearDiscriminantAnalysis()
            lda.fit(X_train, y_train)
            print(lda.score(X_test, y_test))
            """),
    ], category=ORDINARY, data=[], kernel=COLAB),

    notebook("ordinary_petal_features_tree_gridsearch", [
        md("Only the petals matter (see the pairplot) - use them alone."),
        code("""
            import pandas as pd
            from sklearn.tree import DecisionTreeClassifier
            from sklearn.model_selection import GridSearchCV, train_test_split
            """),
        code("""
            iris = pd.read_csv('Iris.csv')
            X = iris[['PetalLengthCm', 'PetalWidthCm']]
            y = iris['Species']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=42)
            """),
        code("""
            tree_search = GridSearchCV(DecisionTreeClassifier(random_state=42),
                                       {'max_depth': [1, 2, 3, 4, 5], 'min_samples_leaf': [1, 2, 5]}, cv=5)
            tree_search.fit(X_train, y_train)
            print(tree_search.best_params_)
            print(tree_search.score(X_test, y_test))
            """),
    ], category=ORDINARY, data=["Iris.csv"], kernel=KAGGLE),

    notebook("refused_id_column_in_features", [
        md("Use every numeric column"),
        code("""
            import pandas as pd
            from sklearn.ensemble import RandomForestClassifier
            from sklearn.model_selection import train_test_split
            """),
        code("""
            iris = pd.read_csv('Iris.csv')
            X = iris.select_dtypes('number')
            y = iris['Species']
            X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
            model = RandomForestClassifier(random_state=0).fit(X_train, y_train)
            model.score(X_test, y_test)
            """),
    ], category=REFUSED, data=["Iris.csv"], expect="stops", message="Id", kernel=KAGGLE),

    notebook("refused_derived_petal_area", [
        md("Feature engineering: petal area"),
        code("""
            import pandas as pd
            from sklearn.linear_model import LogisticRegression
            from sklearn.model_selection import train_test_split
            """),
        code("""
            df = pd.read_csv('iris.csv')
            df['petal_area'] = df['petal_length'] * df['petal_width']
            features = ['sepal_length', 'sepal_width', 'petal_area']
            X_train, X_test, y_train, y_test = train_test_split(df[features], df['species'], random_state=1)
            model = LogisticRegression(max_iter=1000).fit(X_train, y_train)
            model.score(X_test, y_test)
            """),
    ], category=REFUSED, data=["iris.csv"], expect="stops", message="petal_area", kernel=IPYKERNEL),

    notebook("swapped_petal_names_on_bunch", [
        md("Iris from sklearn with my own column names"),
        code("""
            import pandas as pd
            from sklearn.datasets import load_iris
            from sklearn.model_selection import train_test_split
            from sklearn.neighbors import KNeighborsClassifier
            """),
        code("""
            iris = load_iris()
            df = pd.DataFrame(iris.data, columns=['sepal_length', 'sepal_width', 'petal_width', 'petal_length'])
            df['species'] = iris.target
            X_train, X_test, y_train, y_test = train_test_split(df.drop(columns='species'), df.species,
                                                                random_state=0)
            knn = KNeighborsClassifier(n_neighbors=5).fit(X_train, y_train)
            knn.score(X_test, y_test)
            """),
    ], category=SWAPPED, data=[], expect="stops", message="swapped",
        kernel=COLAB),

    notebook("swapped_kaggle_columns_renamed", [
        code("""
            import pandas as pd
            from sklearn.svm import SVC
            from sklearn.model_selection import train_test_split
            """),
        code("""
            df = pd.read_csv('Iris.csv')
            df.columns = ['id', 'sepal_width', 'sepal_length', 'petal_width', 'petal_length', 'species']
            df = df.drop('id', axis=1)
            df.head()
            """),
        code("""
            X_train, X_test, y_train, y_test = train_test_split(df.drop('species', axis=1), df['species'],
                                                                test_size=0.3, random_state=8)
            svc = SVC(probability=True).fit(X_train, y_train)
            svc.score(X_test, y_test)
            """),
    ], category=SWAPPED, data=["Iris.csv"], expect="stops", message="swapped",
        kernel=KAGGLE),
]

LEFTOVERS = "namespace leftovers"

NOTEBOOKS += [
    notebook("leftovers_files_generators_sparse", [
        md("Long session: a log file left open, a batch generator, a sparse copy, an unfitted template."),
        code("""
            import pandas as pd
            import numpy as np
            from scipy import sparse
            from sklearn.svm import SVC
            from sklearn.model_selection import GridSearchCV, train_test_split
            from sklearn.neighbors import KNeighborsClassifier
            """),
        code("""
            log = open('training_log.txt', 'w')
            df = pd.read_csv('Iris.csv')
            log.write('rows: %d\\n' % len(df))
            batches = (df.iloc[i:i + 10] for i in range(0, len(df), 10))
            first = next(batches)
            X_sparse = sparse.csr_matrix(df.iloc[:, 1:5].values)
            template = SVC(kernel='poly')
            search = GridSearchCV(SVC(), {'C': [1, 10]})
            print(type(X_sparse), first.shape)
            """),
        code("""
            X_train, X_test, y_train, y_test = train_test_split(df.iloc[:, 1:5], df['Species'], test_size=0.3,
                                                                random_state=4)
            knn = KNeighborsClassifier(n_neighbors=5).fit(X_train, y_train)
            log.write('knn: %.3f\\n' % knn.score(X_test, y_test))
            log.flush()
            """),
    ], category=LEFTOVERS, data=["Iris.csv"], kernel=IPYKERNEL),

    notebook("leftovers_pandas_index_zoo", [
        md("# EDA with every pandas toy\\nMultiIndex aggregates, binned lengths, dates, categoricals, sparse arrays."),
        code("""
            import pandas as pd
            from sklearn.tree import DecisionTreeClassifier
            from sklearn.model_selection import train_test_split
            """),
        code("""
            iris = pd.read_csv('iris.csv')
            summary = iris.groupby('species').agg(['mean', 'std'])
            stacked = summary.stack()
            iris['length_bin'] = pd.cut(iris['petal_length'], bins=4)
            bins = iris['length_bin'].value_counts().sort_index()
            days = pd.date_range('2021-03-01', periods=len(iris), freq='D')
            by_day = pd.Series(iris['sepal_length'].values, index=days).resample('W').mean()
            months = pd.period_range('2021-01', periods=3, freq='M')
            species_cat = iris['species'].astype('category')
            counts = species_cat.value_counts()
            sparse_flags = pd.arrays.SparseArray((iris['petal_width'] > 2).astype(int))
            wide = summary.T
            print(bins, by_day.head(), months, counts, sparse_flags.density, sep='\\n')
            """),
        code("""
            features = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']
            X_train, X_test, y_train, y_test = train_test_split(iris[features], species_cat, test_size=0.3,
                                                                random_state=6)
            tree = DecisionTreeClassifier(max_depth=3, random_state=6).fit(X_train, y_train)
            tree.score(X_test, y_test)
            """),
    ], category=LEFTOVERS, data=["iris.csv"], kernel=JUPYTER),

    notebook("leftovers_widgets_and_half_fitted", [
        code("""
            import ipywidgets as widgets
            from IPython.display import display
            from sklearn.datasets import load_iris
            from sklearn.linear_model import LogisticRegression
            from sklearn.preprocessing import StandardScaler
            from sklearn.pipeline import make_pipeline
            from sklearn.model_selection import train_test_split
            """),
        code("""
            slider = widgets.IntSlider(value=3, min=1, max=10, description='C')
            display(slider)
            iris = load_iris(as_frame=True)
            X_train, X_test, y_train, y_test = train_test_split(iris.data, iris.target, random_state=2)
            scaler_only = StandardScaler()  # never fitted
            unfitted_pipe = make_pipeline(StandardScaler(), LogisticRegression())
            """),
        code("""
            pipe = make_pipeline(StandardScaler(), LogisticRegression(C=3, max_iter=1000))  # C from the slider
            pipe.fit(X_train, y_train)
            print(pipe.score(X_test, y_test))
            """),
    ], category=LEFTOVERS, data=[], kernel=COLAB),
]

NOTEBOOKS += [
    notebook("swapped_control_reordered_features", [
        md("Names are right, only the feature order is mine (petals first). Must serve."),
        code("""
            import pandas as pd
            from sklearn.model_selection import train_test_split
            from sklearn.ensemble import RandomForestClassifier
            """),
        code("""
            names = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species']
            iris = pd.read_csv('iris.data', header=None, names=names)
            X = iris[['petal_length', 'petal_width', 'sepal_length', 'sepal_width']]
            X_train, X_test, y_train, y_test = train_test_split(X, iris.species, test_size=0.3, random_state=3)
            forest = RandomForestClassifier(n_estimators=100, random_state=3).fit(X_train, y_train)
            forest.score(X_test, y_test)
            """),
    ], category=SWAPPED, data=["iris.data"], kernel=IPYKERNEL),

    notebook("swapped_control_petals_only_renamed", [
        code("""
            import pandas as pd
            from sklearn.linear_model import LogisticRegression
            from sklearn.model_selection import train_test_split
            """),
        code("""
            df = pd.read_csv('Iris.csv')
            df = df.rename(columns={'PetalLengthCm': 'petal_len', 'PetalWidthCm': 'petal_wid'})
            X_train, X_test, y_train, y_test = train_test_split(df[['petal_wid', 'petal_len']], df['Species'],
                                                                random_state=0)
            lr = LogisticRegression(max_iter=1000).fit(X_train, y_train)
            lr.score(X_test, y_test)
            """),
    ], category=SWAPPED, data=["Iris.csv"], kernel=KAGGLE),
]

NOTEBOOKS += [
    notebook("ordinary_kaggle_boilerplate_walk", [
        code("""
            # This Python 3 environment comes with many helpful analytics libraries installed
            # It is defined by the kaggle/python Docker image: https://github.com/kaggle/docker-python
            import numpy as np # linear algebra
            import pandas as pd # data processing, CSV file I/O (e.g. pd.read_csv)

            # Input data files are available in the read-only "../input/" directory
            import os
            for dirname, _, filenames in os.walk('/kaggle/input'):
                for filename in filenames:
                    print(os.path.join(dirname, filename))
            """),
        code("""
            iris = pd.read_csv('/kaggle/input/iris/Iris.csv')
            iris.drop('Id', axis=1, inplace=True)
            iris.groupby('Species').mean()
            """),
        code("""
            from sklearn.model_selection import train_test_split
            from sklearn.naive_bayes import GaussianNB
            from sklearn.metrics import accuracy_score
            X_train, X_test, y_train, y_test = train_test_split(iris.iloc[:, :-1], iris.Species, test_size=0.2,
                                                                random_state=0)
            nb = GaussianNB()
            nb.fit(X_train, y_train)
            print('Naive Bayes accuracy:', accuracy_score(y_test, nb.predict(X_test)))
            """),
    ], category=ORDINARY, data=["Iris.csv"], kernel=KAGGLE),

    notebook("ordinary_colab_pip_and_timing", [
        code("""
            !pip install -q seaborn==0.11.2
            %load_ext autoreload
            %autoreload 2
            """),
        code("""
            %%time
            import pandas as pd
            from sklearn.ensemble import ExtraTreesClassifier
            from sklearn.model_selection import cross_val_score, train_test_split
            df = pd.read_csv('/content/IRIS.csv')
            print(df.species.value_counts())
            """),
        code("""
            %%time
            X, y = df.drop('species', axis=1), df['species']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=1, stratify=y)
            et = ExtraTreesClassifier(n_estimators=200, random_state=1)
            print(cross_val_score(et, X_train, y_train, cv=5).mean())
            et.fit(X_train, y_train)
            print(et.score(X_test, y_test))
            """),
    ], category=ORDINARY, data=["IRIS.csv"], kernel=COLAB),
]


DOWNLOADED = "downloaded data"

NOTEBOOKS += [
    notebook("downloaded_seaborn_iris", [
        md("# Iris with seaborn\nThe dataset ships with seaborn, no file needed."),
        code("""
            import seaborn as sns
            import matplotlib.pyplot as plt
            from sklearn.svm import SVC
            from sklearn.model_selection import train_test_split
            """),
        code("""
            iris = sns.load_dataset('iris')
            sns.pairplot(iris, hue='species')
            plt.show()
            """),
        code("""
            X = iris.drop('species', axis=1)
            y = iris['species']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=1)
            model = SVC().fit(X_train, y_train)
            print(model.score(X_test, y_test))
            """),
    ], category=DOWNLOADED, data=[]),

    notebook("downloaded_uci_url", [
        md("""
            # Your First Machine Learning Project in Python Step-By-Step
            Load the data straight from the UCI repository.
            """),
        code("""
            import pandas as pd
            from sklearn.neighbors import KNeighborsClassifier
            from sklearn.model_selection import train_test_split
            """),
        code("""
            url = 'https://archive.ics.uci.edu/ml/machine-learning-databases/iris/iris.data'
            names = ['sepal-length', 'sepal-width', 'petal-length', 'petal-width', 'class']
            dataset = pd.read_csv(url, names=names)
            print(dataset.shape)
            """),
        code("""
            array = dataset.values
            X = array[:, 0:4].astype(float)
            y = array[:, 4]
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=7)
            knn = KNeighborsClassifier().fit(X_train, y_train)
            print(knn.score(X_test, y_test))
            """),
    ], category=DOWNLOADED, data=["iris.data"]),
]
