"""Notebooks beyond Iris (issue 17) whose one-hot columns lose their raw column on the way: the frame
read from the file is overwritten by its encoded copy, one-hot columns come out of a OneHotEncoder
made into a DataFrame, or a scaler's output is made a frame again before columns are picked. The
service must still take the raw values (`"island": "Biscoe"`, also the category drop_first left
without a column), rebuilt from what the notebook did at run time; and numbers normalised by hand,
which the service cannot repeat, must stop the build.

Categories as nb_tabular_mixed.py: "tabular categories" (must serve) and "tabular refused" (must stop).
"""
from nb_tabular_mixed import categories, refused
from writer import COLAB, JUPYTER, code, md

NOTEBOOKS = [
    categories("titanic_dummies_frame_overwritten", [
        md("""
            # Homework 4: who survived the Titanic?
            *Stands for: `get_dummies(..., drop_first=True)` written back over the frame read from
            the file (no frame keeps `class`, `age` or `sex` afterwards), the dummies cast to int,
            a decision tree in a grid search. The dropped categories (`1st class`, `adults`,
            `man`) are only known from the get_dummies call itself.*
            """),
        code("""
            import pandas as pd
            from sklearn.tree import DecisionTreeClassifier
            from sklearn.model_selection import train_test_split, GridSearchCV
            titanic = pd.read_csv('titanic.csv')
            for col in titanic.columns:
                print(col, titanic[col].unique())
            """),
        code("""
            titanic = pd.get_dummies(titanic, columns=['class', 'age', 'sex'], drop_first=True)
            dummy_cols = [c for c in titanic.columns if c != 'survived']
            titanic[dummy_cols] = titanic[dummy_cols].astype(int)
            titanic.head()
            """),
        code("""
            X = titanic.drop('survived', axis=1)
            y = titanic['survived']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=3)
            grid = GridSearchCV(DecisionTreeClassifier(random_state=0), {'max_depth': [2, 3, 4]}, cv=5)
            grid.fit(X_train, y_train)
            print(grid.best_params_, grid.score(X_test, y_test))
            """),
    ], "titanic.csv", "survived", data=["titanic.csv"], kernel=JUPYTER),

    categories("penguins_onehotencoder_frame_concat", [
        md("""
            # Penguins with a OneHotEncoder, by hand
            *Stands for: a OneHotEncoder(drop='first') fitted outside any pipeline, its output made a
            DataFrame with `get_feature_names_out()` and concatenated back, the raw frame
            reassigned. The dropped island and sex are the file's values that got no column.*
            """),
        code("""
            import pandas as pd
            from sklearn.preprocessing import OneHotEncoder
            from sklearn.ensemble import RandomForestClassifier
            from sklearn.model_selection import train_test_split
            df = pd.read_csv('penguins.csv').dropna()
            enc = OneHotEncoder(drop='first', sparse_output=False)
            onehot = pd.DataFrame(enc.fit_transform(df[['island', 'sex']]), columns=enc.get_feature_names_out(),
                                  index=df.index)
            df = pd.concat([df.drop(columns=['island', 'sex', 'year']), onehot], axis=1)
            df.head()
            """),
        code("""
            X_train, X_test, y_train, y_test = train_test_split(df.drop(columns='species'), df['species'],
                                                                test_size=0.3, random_state=11)
            forest = RandomForestClassifier(n_estimators=50, random_state=0).fit(X_train, y_train)
            print('accuracy', forest.score(X_test, y_test))
            """),
    ], "penguins.csv", "species", data=["penguins.csv"], kernel=COLAB),

    categories("penguins_scaled_frame_selectkbest", [
        md("""
            # Penguins: scale everything, then pick features
            *Stands for: dummies with drop_first, a StandardScaler over every column (dummies too),
            its output made a DataFrame again with the old column names, some columns dropped,
            SelectKBest, a KNN. The model's rows are scaled columns picked by name: the service must
            still take millimetres, grams and `island`.*
            """),
        code("""
            import pandas as pd
            from sklearn.preprocessing import StandardScaler
            from sklearn.feature_selection import SelectKBest, f_classif
            from sklearn.neighbors import KNeighborsClassifier
            from sklearn.model_selection import train_test_split
            data = pd.read_csv('penguins.csv').dropna()
            data = pd.get_dummies(data, columns=['island', 'sex'], drop_first=True)
            target = data.pop('species')
            scaler = StandardScaler()
            scaled = pd.DataFrame(scaler.fit_transform(data), columns=data.columns)
            scaled['species'] = target.reset_index(drop=True)
            """),
        code("""
            X = scaled.drop(columns=['species', 'year'])
            y = scaled['species']
            best = SelectKBest(f_classif, k=5)
            best.fit_transform(X, y)
            keep = X.columns[best.get_support()]
            print(list(keep))
            X_train, X_test, y_train, y_test = train_test_split(X[keep], y, test_size=0.3, random_state=5)
            knn = KNeighborsClassifier(n_neighbors=7).fit(X_train, y_train)
            print(knn.score(X_test, y_test))
            """),
    ], "penguins.csv", "species", data=["penguins.csv"], kernel=JUPYTER),
]

REFUSED_NOTEBOOKS = [
    refused("penguins_normalised_by_hand", [
        md("""
            # z-scores without scikit-learn
            *Stands for: numbers normalised by hand (`(x - mean) / std` over a list of columns) after
            the split, then a logistic regression. The service takes millimetres as the data
            writes them and cannot repeat the normalisation: the build must stop, naming the column.*
            """),
        code("""
            import numpy as np
            import pandas as pd
            from sklearn.linear_model import LogisticRegression
            from sklearn.model_selection import train_test_split
            df = pd.read_csv('penguins.csv').dropna()
            num_cols = ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g']
            X_train, X_test, y_train, y_test = train_test_split(df[num_cols], df['species'], random_state=8)
            m, s = np.mean(X_train[num_cols], axis=0), np.std(X_train[num_cols], axis=0)
            X_train[num_cols] = (X_train[num_cols] - m) / s
            X_test[num_cols] = (X_test[num_cols] - m) / s
            clf = LogisticRegression().fit(X_train, y_train)
            print(clf.score(X_test, y_test))
            """),
    ], ["penguins.csv"], "transformed outside the model"),
]

NOTEBOOKS = NOTEBOOKS + REFUSED_NOTEBOOKS
