"""Notebooks that train several classifiers, or train them where the export cannot see today.

Categories: "several models" (lr, knn, svc side by side; two KNNs; a model and its
calibrated copy) and "observed training" (a classifier overwritten under the same
name, a scaler re-fitted on the test split, a model trained only inside a function).
"""
from writer import COLAB, CONDA, IPYKERNEL, JUPYTER, KAGGLE, code, md, notebook

SEVERAL = "several models"
OBSERVED = "observed training"

NOTEBOOKS = [
    notebook("several_lr_knn_svc", [
        md("""
            # Iris Species Classification
            Comparing **Logistic Regression**, **KNN** and **SVM** on the Kaggle Iris dataset.
            """),
        code("""
            import numpy as np # linear algebra
            import pandas as pd # data processing, CSV file I/O (e.g. pd.read_csv)
            import matplotlib.pyplot as plt
            import seaborn as sns
            %matplotlib inline
            """),
        code("""
            iris = pd.read_csv('../input/Iris.csv')
            iris.head()
            """),
        code("""
            iris.drop('Id', axis=1, inplace=True)
            print(iris.shape)
            iris.describe()
            """),
        code("sns.pairplot(iris, hue='Species', markers='+')\nplt.show()"),
        code("""
            from sklearn.model_selection import train_test_split
            from sklearn.linear_model import LogisticRegression
            from sklearn.neighbors import KNeighborsClassifier
            from sklearn.svm import SVC
            from sklearn.metrics import accuracy_score
            X = iris.drop('Species', axis=1)
            y = iris['Species']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=5)
            """),
        code("""
            lr = LogisticRegression(max_iter=200)
            lr.fit(X_train, y_train)
            print('Logistic Regression accuracy:', accuracy_score(y_test, lr.predict(X_test)))
            """),
        code("""
            knn = KNeighborsClassifier(n_neighbors=5)
            knn.fit(X_train, y_train)
            print('KNN accuracy:', accuracy_score(y_test, knn.predict(X_test)))
            """),
        code("""
            svc = SVC(kernel='rbf', gamma='scale')
            svc.fit(X_train, y_train)
            print('SVM accuracy:', accuracy_score(y_test, svc.predict(X_test)))
            """),
        md("All three do well, SVM is slightly better."),
    ], category=SEVERAL, data=["Iris.csv"], kernel=KAGGLE),

    notebook("several_two_knn", [
        md("## KNN on iris - trying k=1 vs k=7"),
        code("""
            from sklearn import datasets
            from sklearn.neighbors import KNeighborsClassifier
            from sklearn.model_selection import train_test_split
            from sklearn import metrics
            import matplotlib.pyplot as plt
            """),
        code("""
            iris = datasets.load_iris()
            X = iris.data
            y = iris.target
            print(iris.feature_names)
            print(iris.target_names)
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.4, random_state=4)
            print(X_train.shape, X_test.shape)
            """),
        code("""
            knn1 = KNeighborsClassifier(n_neighbors=1)
            knn1.fit(X_train, y_train)
            y_pred = knn1.predict(X_test)
            print(metrics.accuracy_score(y_test, y_pred))
            """),
        code("""
            knn7 = KNeighborsClassifier(n_neighbors=7)
            knn7.fit(X_train, y_train)
            y_pred = knn7.predict(X_test)
            print(metrics.accuracy_score(y_test, y_pred))
            """),
        code("""
            k_range = list(range(1, 26))
            scores = []
            for k in k_range:
                knn = KNeighborsClassifier(n_neighbors=k)
                knn.fit(X_train, y_train)
                scores.append(metrics.accuracy_score(y_test, knn.predict(X_test)))
            plt.plot(k_range, scores)
            plt.xlabel('Value of K for KNN')
            plt.ylabel('Testing Accuracy')
            """),
        md("k between 7 and 17 looks best. Predict a new flower:"),
        code("knn7.predict([[3, 5, 4, 2]])"),
    ], category=SEVERAL, data=[], kernel=IPYKERNEL),

    notebook("several_calibrated_copy", [
        md("""
            # Linear SVM with probabilities
            LinearSVC has no `predict_proba`, so I wrap it in `CalibratedClassifierCV`.
            """),
        code("""
            import pandas as pd
            from sklearn.svm import LinearSVC
            from sklearn.calibration import CalibratedClassifierCV
            from sklearn.model_selection import train_test_split
            from sklearn.metrics import classification_report
            """),
        code("""
            df = pd.read_csv("iris.csv")
            df.species.value_counts()
            """),
        code("""
            features = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']
            X_tr, X_te, y_tr, y_te = train_test_split(df[features], df.species, test_size=.25,
                                                      stratify=df.species, random_state=42)
            """),
        code("""
            svm = LinearSVC(C=1.0, max_iter=10000)
            svm.fit(X_tr, y_tr)
            print(classification_report(y_te, svm.predict(X_te)))
            """),
        code("""
            calibrated = CalibratedClassifierCV(LinearSVC(C=1.0, max_iter=10000), cv=5)
            calibrated.fit(X_tr, y_tr)
            calibrated.predict_proba(X_te[:5]).round(3)
            """),
    ], category=SEVERAL, data=["iris.csv"], kernel=IPYKERNEL),

    notebook("several_forest_boost_tree", [
        md("# Tree models on Iris\nDecision tree vs random forest vs gradient boosting, accuracy in a little table."),
        code("""
            import pandas as pd
            import numpy as np
            from sklearn.tree import DecisionTreeClassifier
            from sklearn.ensemble import RandomForestClassifier, GradientBoostingClassifier
            from sklearn.model_selection import train_test_split
            from sklearn.preprocessing import LabelEncoder
            """),
        code("""
            cols = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'class']
            data = pd.read_csv('iris.data', names=cols)
            data = data.dropna()
            le = LabelEncoder()
            data['label'] = le.fit_transform(data['class'])
            data.sample(5, random_state=1)
            """),
        code("""
            X = data[cols[:4]].values
            y = data['label'].values
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.33, random_state=10)
            """),
        code("""
            dt = DecisionTreeClassifier(random_state=0).fit(X_train, y_train)
            rf = RandomForestClassifier(n_estimators=100, random_state=0).fit(X_train, y_train)
            gb = GradientBoostingClassifier(random_state=0).fit(X_train, y_train)
            results = pd.DataFrame({'model': ['tree', 'forest', 'boosting'],
                                    'accuracy': [m.score(X_test, y_test) for m in (dt, rf, gb)]})
            results.sort_values('accuracy', ascending=False)
            """),
        code("""
            importances = pd.Series(rf.feature_importances_, index=cols[:4]).sort_values()
            importances.plot.barh(title='Random forest feature importance')
            """),
    ], category=SEVERAL, data=["iris.data"], kernel=CONDA),

    notebook("several_stump_and_logreg", [
        md("""
            Week 4 assignment - classification
            ==================================
            Train a depth-1 tree (a "stump") and a logistic regression, compare them.
            """),
        code("""
            from sklearn.datasets import load_iris
            from sklearn.tree import DecisionTreeClassifier
            from sklearn.linear_model import LogisticRegression
            from sklearn.model_selection import train_test_split
            """),
        code("""
            iris = load_iris(as_frame=True)
            df = iris.frame
            X_train, X_test, y_train, y_test = train_test_split(df[iris.feature_names], df['target'],
                                                                test_size=0.2, random_state=0)
            """),
        code("""
            stump = DecisionTreeClassifier(max_depth=1)
            stump.fit(X_train, y_train)
            print("stump test accuracy: %.2f" % stump.score(X_test, y_test))
            """),
        code("""
            logreg = LogisticRegression(C=10, max_iter=1000)
            logreg.fit(X_train, y_train)
            print("logreg test accuracy: %.2f" % logreg.score(X_test, y_test))
            """),
        md("**Q:** why is the stump stuck around 2/3? **A:** one split can only separate one class."),
    ], category=SEVERAL, data=[], kernel=IPYKERNEL),

    notebook("observed_overwritten_by_regression", [
        md("# Iris: classify species, then a regression bonus"),
        code("""
            import pandas as pd
            import matplotlib.pyplot as plt
            from sklearn.model_selection import train_test_split
            from sklearn.svm import SVC
            from sklearn.linear_model import LinearRegression
            from sklearn.metrics import accuracy_score, r2_score
            """),
        code("""
            df = pd.read_csv('Iris.csv').drop(columns=['Id'])
            X = df[['SepalLengthCm', 'SepalWidthCm', 'PetalLengthCm', 'PetalWidthCm']]
            y = df['Species']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=21)
            """),
        code("""
            model = SVC(kernel='linear', C=0.5)
            model.fit(X_train, y_train)
            print('accuracy', accuracy_score(y_test, model.predict(X_test)))
            """),
        md("## Bonus: can petal length predict petal width?"),
        code("""
            model = LinearRegression()
            model.fit(df[['PetalLengthCm']], df['PetalWidthCm'])
            print('slope', model.coef_[0], 'r2', r2_score(df['PetalWidthCm'], model.predict(df[['PetalLengthCm']])))
            plt.scatter(df['PetalLengthCm'], df['PetalWidthCm'])
            plt.plot(df['PetalLengthCm'], model.predict(df[['PetalLengthCm']]), color='red')
            """),
    ], category=OBSERVED, data=["Iris.csv"]),

    notebook("observed_scaler_refit_on_test", [
        md("KNN needs scaled features. Scale train and test."),
        code("""
            import pandas as pd
            from sklearn.preprocessing import MinMaxScaler
            from sklearn.neighbors import KNeighborsClassifier
            from sklearn.model_selection import train_test_split
            from sklearn.metrics import confusion_matrix, accuracy_score
            """),
        code("""
            iris = pd.read_csv('Iris.csv')
            X = iris.iloc[:, 1:5].values
            y = iris.iloc[:, 5].values
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
            """),
        code("""
            scaler = MinMaxScaler()
            X_train = scaler.fit_transform(X_train)
            X_test = scaler.fit_transform(X_test)
            """),
        code("""
            classifier = KNeighborsClassifier(n_neighbors=5, metric='minkowski', p=2)
            classifier.fit(X_train, y_train)
            y_pred = classifier.predict(X_test)
            cm = confusion_matrix(y_test, y_pred)
            print(cm)
            print(accuracy_score(y_test, y_pred))
            """),
    ], category=OBSERVED, data=["Iris.csv"], kernel=CONDA),

    notebook("observed_trained_in_function", [
        md("# Iris — reusable training helper"),
        code("""
            from sklearn.datasets import load_iris
            from sklearn.model_selection import train_test_split
            from sklearn.ensemble import RandomForestClassifier
            from sklearn.metrics import accuracy_score
            """),
        code("""
            data = load_iris()
            X_train, X_test, y_train, y_test = train_test_split(data.data, data.target, random_state=3)

            def train_and_evaluate(estimator):
                estimator.fit(X_train, y_train)
                acc = accuracy_score(y_test, estimator.predict(X_test))
                print(type(estimator).__name__, round(acc, 3))
                return acc
            """),
        code("train_and_evaluate(RandomForestClassifier(n_estimators=200, random_state=1))"),
    ], category=OBSERVED, data=[], kernel=COLAB),

    notebook("several_linear_vs_rbf_svm", [
        md("""
            # SVM kernels on Iris
            Linear kernel vs RBF kernel, same split. (Windows laptop, Anaconda)
            """),
        code("""
            import pandas as pd
            from sklearn.svm import SVC
            from sklearn.model_selection import train_test_split
            from sklearn.metrics import accuracy_score, confusion_matrix
            """),
        code("""
            dataset = pd.read_csv('Iris.csv')
            x = dataset.iloc[:, [1, 2, 3, 4]].values
            y = dataset.iloc[:, 5].values
            x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, random_state=0)
            """),
        code("""
            svc_linear = SVC(kernel='linear', random_state=0)
            svc_linear.fit(x_train, y_train)
            print('linear:', accuracy_score(y_test, svc_linear.predict(x_test)))
            print(confusion_matrix(y_test, svc_linear.predict(x_test)))
            """),
        code("""
            svc_rbf = SVC(kernel='rbf', random_state=0)
            svc_rbf.fit(x_train, y_train)
            print('rbf:', accuracy_score(y_test, svc_rbf.predict(x_test)))
            """),
    ], category=SEVERAL, data=["Iris.csv"], kernel=CONDA),

    notebook("several_four_models_one_cell_each", [
        md("## 4 classifiers, one cell each\n(from the bootcamp exercises)"),
        code("""
            import pandas as pd
            import numpy as np
            from sklearn.model_selection import train_test_split
            from sklearn.linear_model import LogisticRegression
            from sklearn.naive_bayes import GaussianNB
            from sklearn.tree import DecisionTreeClassifier
            from sklearn.ensemble import RandomForestClassifier
            from sklearn.metrics import accuracy_score
            """),
        code("""
            iris = pd.read_csv('IRIS.csv')
            train, test = train_test_split(iris, test_size=0.3, random_state=42, stratify=iris['species'])
            features = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']
            """),
        code("""
            log_reg = LogisticRegression(max_iter=1000)
            log_reg.fit(train[features], train.species)
            acc_lr = accuracy_score(test.species, log_reg.predict(test[features]))
            """),
        code("""
            gnb = GaussianNB()
            gnb.fit(train[features], train.species)
            acc_nb = accuracy_score(test.species, gnb.predict(test[features]))
            """),
        code("""
            dtc = DecisionTreeClassifier(random_state=42)
            dtc.fit(train[features], train.species)
            acc_dt = accuracy_score(test.species, dtc.predict(test[features]))
            """),
        code("""
            rfc = RandomForestClassifier(random_state=42)
            rfc.fit(train[features], train.species)
            acc_rf = accuracy_score(test.species, rfc.predict(test[features]))
            """),
        code("""
            pd.DataFrame({'Model': ['Logistic Regression', 'Naive Bayes', 'Decision Tree', 'Random Forest'],
                          'Accuracy': [acc_lr, acc_nb, acc_dt, acc_rf]}).sort_values(by='Accuracy', ascending=False)
            """),
    ], category=SEVERAL, data=["IRIS.csv"], kernel=KAGGLE),

    notebook("several_voting_and_members", [
        md("Soft voting ensemble of three models"),
        code("""
            from sklearn.datasets import load_iris
            from sklearn.model_selection import train_test_split
            from sklearn.ensemble import VotingClassifier, RandomForestClassifier
            from sklearn.linear_model import LogisticRegression
            from sklearn.svm import SVC
            """),
        code("""
            X, y = load_iris(return_X_y=True)
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=1)
            log_clf = LogisticRegression(max_iter=1000, random_state=42)
            rnd_clf = RandomForestClassifier(n_estimators=100, random_state=42)
            svm_clf = SVC(probability=True, random_state=42)
            voting_clf = VotingClassifier(estimators=[('lr', log_clf), ('rf', rnd_clf), ('svc', svm_clf)],
                                          voting='soft')
            """),
        code("""
            from sklearn.metrics import accuracy_score
            for c in (log_clf, rnd_clf, svm_clf, voting_clf):
                c.fit(X_train, y_train)
                print(c.__class__.__name__, accuracy_score(y_test, c.predict(X_test)))
            """),
    ], category=SEVERAL, data=[], kernel=IPYKERNEL),

    notebook("observed_model_overwritten_by_stump", [
        md("# Trying models one after another in the same variable"),
        code("""
            import pandas as pd
            from sklearn.model_selection import train_test_split
            from sklearn.linear_model import LogisticRegression
            from sklearn.tree import DecisionTreeClassifier
            """),
        code("""
            df = pd.read_csv('iris.csv')
            X_train, X_test, y_train, y_test = train_test_split(df.drop(columns='species'), df.species,
                                                                test_size=0.3, random_state=3)
            """),
        code("""
            model = LogisticRegression(max_iter=500)
            model.fit(X_train, y_train)
            print('logistic regression:', model.score(X_test, y_test))
            """),
        code("""
            model = DecisionTreeClassifier(max_depth=1)
            model.fit(X_train, y_train)
            print('decision stump:', model.score(X_test, y_test))
            """),
        md("The stump is much worse, logistic regression it is."),
    ], category=OBSERVED, data=["iris.csv"], kernel=IPYKERNEL),

    notebook("observed_standard_scaler_refit_dataframes", [
        code("""
            import numpy as np
            import pandas as pd
            from sklearn.preprocessing import StandardScaler
            from sklearn.svm import SVC
            from sklearn.model_selection import train_test_split
            """),
        code("""
            iris = pd.read_csv('/kaggle/input/iris/Iris.csv')
            X = iris.drop(['Id', 'Species'], axis=1)
            y = iris['Species']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=2)
            """),
        md("Feature scaling"),
        code("""
            sc = StandardScaler()
            X_train = pd.DataFrame(sc.fit_transform(X_train), columns=X.columns)
            X_test = pd.DataFrame(sc.fit_transform(X_test), columns=X.columns)
            X_train.describe().round(2)
            """),
        code("""
            svc = SVC(kernel='rbf', C=1)
            svc.fit(X_train, y_train)
            print(svc.score(X_test, y_test))
            """),
    ], category=OBSERVED, data=["Iris.csv"], kernel=KAGGLE),

    notebook("observed_main_function_script_style", [
        md("Written as a script first, then pasted into a notebook."),
        code("""
            import pandas as pd
            from sklearn.model_selection import train_test_split
            from sklearn.neighbors import KNeighborsClassifier
            from sklearn.metrics import accuracy_score


            def load_data(path='iris.data'):
                names = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species']
                return pd.read_csv(path, header=None, names=names).dropna()


            def main():
                df = load_data()
                X = df.iloc[:, :4]
                y = df.iloc[:, 4]
                X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
                knn = KNeighborsClassifier(n_neighbors=5)
                knn.fit(X_train, y_train)
                print('accuracy:', accuracy_score(y_test, knn.predict(X_test)))


            if __name__ == '__main__':
                main()
            """),
    ], category=OBSERVED, data=["iris.data"], kernel=JUPYTER),
]

NOTEBOOKS += [
    notebook("several_dict_winner_by_name", [
        md("# Spot check\nEvery model in a dict, fitted in place; the winner is looked up by name."),
        code("""
            import pandas as pd
            from sklearn.model_selection import train_test_split
            from sklearn.linear_model import LogisticRegression
            from sklearn.neighbors import KNeighborsClassifier
            from sklearn.tree import DecisionTreeClassifier
            from sklearn.svm import SVC
            """),
        code("""
            df = pd.read_csv('Iris.csv').drop('Id', axis=1)
            X_train, X_test, y_train, y_test = train_test_split(df.drop('Species', axis=1), df['Species'],
                                                                test_size=0.3, random_state=17)
            classifiers = {'logreg': LogisticRegression(max_iter=1000), 'knn': KNeighborsClassifier(),
                           'tree': DecisionTreeClassifier(max_depth=2), 'svm': SVC()}
            accuracy = {}
            for key, est in classifiers.items():
                accuracy[key] = est.fit(X_train, y_train).score(X_test, y_test)
            accuracy
            """),
        code("""
            winner = classifiers[max(accuracy, key=accuracy.get)]
            print('winner:', winner)
            """),
    ], category=SEVERAL, data=["Iris.csv"], kernel=KAGGLE),

    notebook("observed_model_returned_by_function", [
        md("Training wrapped in a function that returns the model (this one should be easy)."),
        code("""
            import pandas as pd
            from sklearn.model_selection import train_test_split
            from sklearn.preprocessing import StandardScaler
            from sklearn.pipeline import Pipeline
            from sklearn.svm import SVC


            def train(frame, target='species'):
                X = frame.drop(columns=target)
                y = frame[target]
                X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)
                pipe = Pipeline([('scale', StandardScaler()), ('svc', SVC(C=3, probability=True))])
                pipe.fit(X_train, y_train)
                print('held-out accuracy', pipe.score(X_test, y_test))
                return pipe
            """),
        code("""
            model = train(pd.read_csv('iris.csv'))
            model
            """),
    ], category=OBSERVED, data=["iris.csv"], kernel=IPYKERNEL),

    notebook("observed_ten_thousand_random_splits", [
        md("""
            # How much does the split matter?
            A textbook exercise: fit a decision tree on 10,000 random train/test splits and look at
            the spread of its accuracy, then train the final k-NN on one split.
            """),
        code("""
            import numpy as np
            import matplotlib.pyplot as plt
            from sklearn.datasets import load_iris
            from sklearn.model_selection import train_test_split
            from sklearn.neighbors import KNeighborsClassifier
            from sklearn.tree import DecisionTreeClassifier
            iris = load_iris()
            X, y = iris.data, iris.target
            """),
        code("""
            accuracies = []
            for seed in range(10000):
                X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, random_state=seed)
                tree = DecisionTreeClassifier(max_depth=3, random_state=0)
                tree.fit(X_tr, y_tr)
                accuracies.append(tree.score(X_te, y_te))
            print('mean %.3f, std %.3f' % (np.mean(accuracies), np.std(accuracies)))
            plt.hist(accuracies, bins=30)
            plt.show()
            """),
        code("""
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=1)
            knn = KNeighborsClassifier(n_neighbors=5)
            knn.fit(X_train, y_train)
            print('k-NN held-out accuracy', knn.score(X_test, y_test))
            """),
    ], category=OBSERVED, data=[], kernel=IPYKERNEL),
]
