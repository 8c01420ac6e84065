"""Notebooks that ran on their author's machine, as the author's kernel read them.

Categories: "authors' paths" (Windows drive letters, /Users/, /home/, ~/, a path in
a variable, a `cd` into the author's folder), "indented cell" (IPython strips a
cell's common indentation), "broken cell" (a scratch cell that does not parse and
that nothing needs) and "missing import" (a name the author's kernel had).
"""
from writer import COLAB, CONDA, IPYKERNEL, JUPYTER, KAGGLE, PYTHON2, code, md, notebook, verbatim

PATHS = "authors' paths"
INDENTED = "indented cell"
BROKEN = "broken cell"
IMPORT = "missing import"

NOTEBOOKS = [
    notebook("paths_windows_raw_string", [
        md("# Iris project\nDataset downloaded from Kaggle into my Downloads folder."),
        code("""
            import pandas as pd
            import matplotlib.pyplot as plt
            from sklearn.model_selection import train_test_split
            from sklearn.neighbors import KNeighborsClassifier
            """),
        code(r"""
            df = pd.read_csv(r'C:\Users\Asus\Downloads\Iris.csv')
            df.head()
            """),
        code("""
            X = df.drop(['Id', 'Species'], axis=1)
            y = df['Species']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=1)
            knn = KNeighborsClassifier(n_neighbors=6).fit(X_train, y_train)
            print(knn.score(X_test, y_test))
            """),
    ], category=PATHS, data=["Iris.csv"], kernel=CONDA),

    notebook("paths_windows_escaped_folder", [
        code("""
            import os
            import pandas as pd
            from sklearn.svm import SVC
            from sklearn.model_selection import train_test_split
            """),
        code("""
            folder = 'D:\\\\Study\\\\Semester 5\\\\Machine Learning\\\\Lab 3\\\\'
            data = pd.read_csv(folder + 'iris.csv')
            print(data.shape)
            """),
        code("""
            X = data[['sepal_length', 'sepal_width', 'petal_length', 'petal_width']]
            Y = data['species']
            x_train, x_test, y_train, y_test = train_test_split(X, Y, test_size=0.2, random_state=5)
            classifier = SVC(kernel='linear')
            classifier.fit(x_train, y_train)
            print('Accuracy:', classifier.score(x_test, y_test))
            """),
    ], category=PATHS, data=["iris.csv"], kernel=JUPYTER),

    notebook("paths_mac_cd_magic", [
        md("Iris homework"),
        code("%cd /Users/jenny/Documents/ml-course/week2"),
        code("""
            import pandas as pd
            from sklearn.tree import DecisionTreeClassifier
            from sklearn.model_selection import train_test_split
            iris = pd.read_csv('iris.csv')
            iris.groupby('species').size()
            """),
        code("""
            X_train, X_test, y_train, y_test = train_test_split(iris.iloc[:, 0:4], iris.species, random_state=2)
            model = DecisionTreeClassifier(max_depth=4, random_state=2)
            model.fit(X_train, y_train)
            model.score(X_test, y_test)
            """),
    ], category=PATHS, data=["iris.csv"], kernel=IPYKERNEL),

    notebook("paths_home_in_variable", [
        md("# Iris — Naive Bayes baseline"),
        code("""
            import os
            import pandas as pd
            from sklearn.naive_bayes import GaussianNB
            from sklearn.model_selection import train_test_split
            from sklearn.metrics import accuracy_score

            DATA_DIR = '/home/raj/projects/datasets/uci'
            """),
        code("""
            cols = ['sepal length', 'sepal width', 'petal length', 'petal width', 'class']
            df = pd.read_csv(os.path.join(DATA_DIR, 'iris.data'), header=None, names=cols)
            df = df.dropna(how='all')
            df.tail()
            """),
        code("""
            X_train, X_test, y_train, y_test = train_test_split(df[cols[:4]], df['class'], test_size=0.3,
                                                                random_state=0)
            gnb = GaussianNB()
            y_pred = gnb.fit(X_train, y_train).predict(X_test)
            print("Number of mislabeled points out of a total %d points : %d" % (X_test.shape[0],
                  (y_test != y_pred).sum()))
            print(accuracy_score(y_test, y_pred))
            """),
    ], category=PATHS, data=["iris.data"], kernel=PYTHON2),

    notebook("paths_tilde_downloads", [
        code("""
            import pandas as pd
            import seaborn as sns
            from sklearn.linear_model import LogisticRegression
            from sklearn.model_selection import train_test_split

            iris = pd.read_csv('~/Downloads/IRIS.csv')
            sns.boxplot(x='species', y='petal_length', data=iris)
            """),
        code("""
            X_train, X_test, y_train, y_test = train_test_split(iris.drop('species', axis=1), iris['species'],
                                                                test_size=0.25, random_state=4)
            clf = LogisticRegression(max_iter=1000).fit(X_train, y_train)
            clf.score(X_test, y_test)
            """),
    ], category=PATHS, data=["IRIS.csv"], kernel=IPYKERNEL),

    notebook("indented_pasted_cell", [
        md("Pasted from my script, still indented"),
        code("""
            import pandas as pd
            from sklearn.model_selection import train_test_split
            from sklearn.ensemble import RandomForestClassifier
            """),
        verbatim("""
    df = pd.read_csv('Iris.csv')
    X = df.drop(columns=['Id', 'Species'])
    y = df['Species']
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=42)
"""),
        code("""
            rf = RandomForestClassifier(n_estimators=100, random_state=42)
            rf.fit(X_train, y_train)
            print(rf.score(X_test, y_test))
            """),
    ], category=INDENTED, data=["Iris.csv"], kernel=IPYKERNEL),

    notebook("broken_scratch_cell", [
        md("# Iris classification\n(scratch cells at the bottom, ignore)"),
        code("""
            import pandas as pd
            from sklearn.model_selection import train_test_split
            from sklearn.svm import SVC
            from sklearn.metrics import accuracy_score
            """),
        code("""
            iris = pd.read_csv('Iris.csv')
            X = iris[['SepalLengthCm', 'SepalWidthCm', 'PetalLengthCm', 'PetalWidthCm']]
            y = iris.Species
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
            svc = SVC(gamma='auto', probability=True).fit(X_train, y_train)
            accuracy_score(y_test, svc.predict(X_test))
            """),
        md("scratch"),
        code("""
            for c in X.columns
                print(c, X[c].mean())
            """),
    ], category=BROKEN, data=["Iris.csv"], kernel=JUPYTER),

    notebook("missing_import_scaler", [
        md("Standardise then logistic regression"),
        code("""
            import pandas as pd
            from sklearn.model_selection import train_test_split
            from sklearn.linear_model import LogisticRegression
            """),
        code("""
            df = pd.read_csv('Iris.csv')
            X = df.iloc[:, 1:-1]
            y = df.iloc[:, -1]
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)
            """),
        code("""
            sc = StandardScaler()
            X_train = sc.fit_transform(X_train)
            X_test = sc.transform(X_test)
            """),
        code("""
            classifier = LogisticRegression(random_state=0)
            classifier.fit(X_train, y_train)
            print(classifier.score(X_test, y_test))
            """),
    ], category=IMPORT, data=["Iris.csv"], kernel=COLAB),

    notebook("paths_windows_forward_slashes", [
        code("""
            import pandas as pd
            import seaborn as sns
            from sklearn.model_selection import train_test_split
            from sklearn.ensemble import GradientBoostingClassifier
            """),
        code("""
            iris = pd.read_csv("C:/Users/HP/Desktop/ML Projects/Iris/IRIS.csv")
            sns.pairplot(iris, hue="species")
            """),
        code("""
            X_train, X_test, y_train, y_test = train_test_split(iris.iloc[:, :-1], iris.iloc[:, -1], test_size=0.3,
                                                                random_state=0)
            gbc = GradientBoostingClassifier(n_estimators=50, random_state=0)
            gbc.fit(X_train, y_train)
            print("Test accuracy: ", gbc.score(X_test, y_test))
            """),
    ], category=PATHS, data=["IRIS.csv"], kernel=CONDA),

    notebook("paths_os_chdir_home", [
        code("""
            import os
            os.chdir('/home/ubuntu/notebooks/iris')
            os.getcwd()
            """),
        code("""
            import pandas as pd
            from sklearn.linear_model import LogisticRegression
            from sklearn.model_selection import train_test_split
            df = pd.read_csv('Iris.csv', index_col=0)
            """),
        code("""
            X_train, X_test, y_train, y_test = train_test_split(df.drop('Species', axis=1), df.Species,
                                                                random_state=0)
            clf = LogisticRegression(max_iter=1000).fit(X_train, y_train)
            clf.score(X_test, y_test)
            """),
    ], category=PATHS, data=["Iris.csv"], kernel=IPYKERNEL),

    notebook("paths_pathlib_mac_folder", [
        md("# iris / random forest\n_data lives in my Dropbox_"),
        code("""
            from pathlib import Path
            import pandas as pd
            from sklearn.ensemble import RandomForestClassifier
            from sklearn.model_selection import cross_val_score, train_test_split

            DATA = Path('/Users/marc/Dropbox/datasets/iris')
            """),
        code("""
            cols = ['sl', 'sw', 'pl', 'pw', 'species']
            iris = pd.read_csv(DATA / 'iris.data', names=cols)
            iris = iris.rename(columns={'sl': 'sepal_length', 'sw': 'sepal_width', 'pl': 'petal_length',
                                        'pw': 'petal_width'})
            """),
        code("""
            X, y = iris.drop(columns='species'), iris['species']
            print(cross_val_score(RandomForestClassifier(random_state=0), X, y, cv=5).mean())
            X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
            forest = RandomForestClassifier(random_state=0).fit(X_train, y_train)
            forest.score(X_test, y_test)
            """),
    ], category=PATHS, data=["iris.data"], kernel=IPYKERNEL),

    notebook("indented_two_space_block", [
        code("""
            import pandas as pd
            from sklearn.model_selection import train_test_split
            from sklearn.neighbors import KNeighborsClassifier
            """),
        verbatim("""
  df = pd.read_csv('iris.csv')
  features = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']
  X_train, X_test, y_train, y_test = train_test_split(df[features], df['species'], random_state=0)
"""),
        verbatim("""
  knn = KNeighborsClassifier(n_neighbors=3)
  knn.fit(X_train, y_train)
  print(knn.score(X_test, y_test))
"""),
    ], category=INDENTED, data=["iris.csv"], kernel=COLAB),

    notebook("indented_copied_from_function", [
        md("copied the body of my train() function to run it step by step"),
        code("""
            from sklearn.datasets import load_iris
            from sklearn.model_selection import train_test_split
            from sklearn.svm import SVC
            """),
        verbatim("""
        iris = load_iris()
        X_train, X_test, y_train, y_test = train_test_split(iris.data, iris.target, test_size=0.2,
                                                            random_state=9)
        model = SVC(C=2.0, probability=True)
        model.fit(X_train, y_train)
        if model.score(X_test, y_test) > 0.9:
            print('good enough')
"""),
    ], category=INDENTED, data=[], kernel=JUPYTER),

    notebook("broken_python2_print_cell", [
        md("Iris (ported from my python 2 notebook)"),
        code("""
            import pandas as pd
            from sklearn.tree import DecisionTreeClassifier
            from sklearn.model_selection import train_test_split
            df = pd.read_csv('Iris.csv')
            """),
        code("""
            print df.shape
            print df.Species.unique()
            """),
        code("""
            X_train, X_test, y_train, y_test = train_test_split(df.iloc[:, 1:5], df.Species, random_state=1)
            tree = DecisionTreeClassifier(random_state=1).fit(X_train, y_train)
            print(tree.score(X_test, y_test))
            """),
    ], category=BROKEN, data=["Iris.csv"], kernel=PYTHON2),

    notebook("broken_unfinished_plot_cell", [
        code("""
            import matplotlib.pyplot as plt
            import pandas as pd
            from sklearn.linear_model import LogisticRegression
            from sklearn.model_selection import train_test_split
            """),
        code("""
            df = pd.read_csv('iris.csv')
            X_train, X_test, y_train, y_test = train_test_split(df.iloc[:, :4], df.species, random_state=5)
            model = LogisticRegression(max_iter=300).fit(X_train, y_train)
            model.score(X_test, y_test)
            """),
        code("""
            plt.scatter(df.petal_length, df.petal_width, c=
            """),
    ], category=BROKEN, data=["iris.csv"], kernel=IPYKERNEL),

    notebook("broken_cell_the_model_needs", [
        md("The split cell has a typo that later cells depend on: the build must stop and name it."),
        code("""
            import pandas as pd
            from sklearn.model_selection import train_test_split
            from sklearn.svm import SVC
            df = pd.read_csv('Iris.csv')
            """),
        code("""
            X_train, X_test, y_train, y_test = train_test_split(df.iloc[:, 1:5], df.Species, test_size=0.3,
                                                                random_state=0
            """),
        code("""
            svc = SVC().fit(X_train, y_train)
            svc.score(X_test, y_test)
            """),
    ], category=BROKEN, data=["Iris.csv"], expect="stops", message="cell 3", kernel=JUPYTER),

    notebook("missing_import_train_test_split", [
        code("""
            import pandas as pd
            from sklearn.neighbors import KNeighborsClassifier
            """),
        code("""
            df = pd.read_csv('IRIS.csv')
            X_train, X_test, y_train, y_test = train_test_split(df.drop('species', axis=1), df.species,
                                                                test_size=0.2, random_state=2)
            knn = KNeighborsClassifier(n_neighbors=4).fit(X_train, y_train)
            knn.score(X_test, y_test)
            """),
    ], category=IMPORT, data=["IRIS.csv"], kernel=KAGGLE),

    notebook("missing_import_accuracy_score", [
        md("# Decision tree\n(metrics were imported in a cell I deleted)"),
        code("""
            from sklearn.datasets import load_iris
            from sklearn.tree import DecisionTreeClassifier
            from sklearn.model_selection import train_test_split
            iris = load_iris()
            X_train, X_test, y_train, y_test = train_test_split(iris.data, iris.target, random_state=10)
            """),
        code("""
            dt = DecisionTreeClassifier(max_depth=3, random_state=10).fit(X_train, y_train)
            print('accuracy', accuracy_score(y_test, dt.predict(X_test)))
            """),
    ], category=IMPORT, data=[], kernel=IPYKERNEL),
]
