"""Notebooks beyond Iris that stop or fail around the fit itself (issue 17, from real notebooks).

Categories:
- "tabular fits": what happens at and around `fit` in notebooks written for older libraries:
  a search whose fit fails beside the models that fit (it is no model), `base_estimator` in a
  search's grid (scikit-learn 1.4 named it `estimator`), gaps filled in place on one column
  (pandas 3 fills a copy), a row function reading `cols[0]` (pandas 3 reads the label 0), rows
  given as records to a DictVectorizer; each must serve the notebook's model;
- "tabular refused" (the same category as nb_tabular_mixed's): held-out labels re-bound to other
  units after the fit (`y_test = np.exp(y_test)` after fitting log prices) must stop saying so.
"""
from nb_tabular import classify
from nb_tabular_mixed import regress, refused
from writer import IPYKERNEL, JUPYTER, KAGGLE, code, md

FITS = "tabular fits"

NOTEBOOKS = [
    classify("penguins_gaps_filled_by_mode_median_and_island", [
        md("""
            # Penguins, every row kept
            *Stands for: the Kaggle Titanic way with gaps: `sex` filled with its mode (then
            get_dummies), the lengths with their medians, the body mass by a row function that
            gives each island's typical mass (the ages filled by class). The service takes the rows
            as the file writes them, gaps as null, and fills them as the notebook did.*
            """),
        code("""
            import pandas as pd
            df = pd.read_csv('penguins.csv')
            df.isnull().sum()
            """),
        code("""
            df['sex'] = df['sex'].fillna(df['sex'].mode()[0])
            for col in ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm']:
                df[col] = df[col].fillna(df[col].median())

            def typical_mass(cols):
                mass, island = cols[0], cols[1]
                if pd.isnull(mass):
                    return 3700 if island == 'Torgersen' else 4700
                return mass

            df['body_mass_g'] = df[['body_mass_g', 'island']].apply(typical_mass, axis=1)
            df.isnull().sum()
            """),
        code("""
            from sklearn.ensemble import RandomForestClassifier
            from sklearn.model_selection import train_test_split
            X = pd.get_dummies(df.drop(columns=['species', 'year']), columns=['island', 'sex'], drop_first=True)
            y = df['species']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=3)
            forest = RandomForestClassifier(n_estimators=60, random_state=3).fit(X_train, y_train)
            print('accuracy:', forest.score(X_test, y_test))
            """),
    ], "penguins.csv", "species", data=["penguins.csv"], kernel=KAGGLE, category=FITS),

    classify("pima_zeros_made_gaps_filled_by_mean", [
        md("""
            # Diabetes in Pima women: cleaning the zeros
            *Stands for: a file where a measurement not taken is written 0; the notebook makes those
            0s gaps (`replace(0, np.nan)` over several columns), fills each with its mean or median,
            and fits an SVC on the filled columns. The service takes the file's values, 0s included,
            and fills them as the notebook did.*
            """),
        code("""
            import numpy as np
            import pandas as pd
            pima = pd.read_csv('pima.csv')
            print((pima == 0).sum())
            """),
        code("""
            # a blood pressure, skin fold or BMI of 0 was not measured
            pima[['bp', 'skin', 'bmi']] = pima[['bp', 'skin', 'bmi']].replace(0, np.nan)
            pima['bp'] = pima['bp'].fillna(pima['bp'].mean())
            pima['skin'] = pima['skin'].fillna(pima['skin'].median())
            pima['bmi'] = pima['bmi'].fillna(pima['bmi'].mean())
            pima.describe()
            """),
        code("""
            from sklearn.model_selection import train_test_split
            from sklearn.svm import SVC
            X = pima.drop(columns='type')
            y = pima['type']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=11, stratify=y)
            svc = SVC(kernel='linear').fit(X_train, y_train)
            print('accuracy:', svc.score(X_test, y_test))
            """),
    ], "pima.csv", "type", data=["pima.csv"], kernel=JUPYTER, category=FITS),

    classify("penguins_inplace_fill_failed_search", [
        md("""
            # Palmer penguins: filling the gaps, then a few models
            *Stands for: gaps filled with `df[col].fillna(mean, inplace=True)` (pandas 3 fills a copy:
            every fit then fails on NaN), and a grid search with a value scikit-learn removed
            (`max_features='auto'`) whose every fit fails: a search with no model, beside models that fit.*
            """),
        code("""
            import numpy as np
            import pandas as pd
            df = pd.read_csv('penguins.csv')
            df.isnull().sum()
            """),
        code("""
            for col in ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g']:
                df[col].fillna(df[col].mean(), inplace=True)
            df.isnull().sum()
            """),
        code("""
            from sklearn.model_selection import train_test_split, GridSearchCV
            from sklearn.linear_model import LogisticRegression
            from sklearn.ensemble import RandomForestClassifier
            X = df[['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g']]
            y = df['species']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=7)
            """),
        code("""
            logreg = LogisticRegression(max_iter=2000)
            logreg.fit(X_train, y_train)
            print('logistic regression:', logreg.score(X_test, y_test))
            """),
        code("""
            grid = GridSearchCV(RandomForestClassifier(), {'max_features': ['auto'], 'n_estimators': [20, 50]}, cv=3)
            grid.fit(X_train, y_train)
            print(grid.best_params_)
            """),
    ], "penguins.csv", "species", data=["penguins.csv"], kernel=KAGGLE, category=FITS),

    regress("diabetes_adaboost_base_estimator_search", [
        md("""
            # Diabetes progression with boosted trees (2021 course homework)
            *Stands for: `RandomizedSearchCV(AdaBoostRegressor(), {'base_estimator': [...], ...})`:
            the grid names the parameter scikit-learn 1.4 renamed `estimator`, its list kept in a variable.*
            """),
        code("""
            import pandas as pd
            from sklearn.datasets import load_diabetes
            from sklearn.model_selection import train_test_split, RandomizedSearchCV
            from sklearn.ensemble import AdaBoostRegressor
            from sklearn.tree import DecisionTreeRegressor
            data = load_diabetes(as_frame=True)
            df = data.frame
            X_train, X_test, y_train, y_test = train_test_split(df.drop('target', axis=1), df['target'],
                                                                test_size=0.2, random_state=3)
            """),
        code("""
            base_models = [DecisionTreeRegressor(max_depth=3), DecisionTreeRegressor(max_depth=4)]
            params = {'base_estimator': base_models, 'n_estimators': [20, 40], 'learning_rate': [0.05, 0.1],
                      'random_state': [3]}
            search = RandomizedSearchCV(AdaBoostRegressor(), params, n_iter=4, cv=3, random_state=3)
            search.fit(X_train, y_train)
            print(search.best_params_, search.score(X_test, y_test))
            """),
    ], "sklearn:diabetes", "target", kernel=IPYKERNEL),

    classify("penguins_fill_by_island_row_function", [
        md("""
            # Penguins: impute the bill length by island
            *Stands for: the Titanic course's `impute_age(cols)`: a function applied along rows that
            reads `cols[0]`, `cols[1]` (pandas 3 reads the label 0) and fills only the gaps from
            another column. The service asks for the bill length as the data gives it.*
            """),
        code("""
            import pandas as pd
            penguins = pd.read_csv('penguins.csv')
            penguins.groupby('island')['bill_length_mm'].median()
            """),
        code("""
            def impute_bill(cols):
                bill = cols[0]
                island = cols[1]
                if pd.isnull(bill):
                    if island == 'Torgersen':
                        return 38.9
                    else:
                        return 45.8
                else:
                    return bill

            penguins['bill_length_mm'] = penguins[['bill_length_mm', 'island']].apply(impute_bill, axis=1)
            penguins = penguins.dropna(subset=['flipper_length_mm', 'bill_depth_mm'])
            """),
        code("""
            from sklearn.model_selection import train_test_split
            from sklearn.neighbors import KNeighborsClassifier
            from sklearn.pipeline import make_pipeline
            from sklearn.preprocessing import StandardScaler
            X = penguins[['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm']]
            y = penguins['species']
            X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=11)
            model = make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=5))
            model.fit(X_train, y_train)
            model.score(X_test, y_test)
            """),
    ], "penguins.csv", "species", data=["penguins.csv"], kernel=JUPYTER, category=FITS),

    classify("penguins_dict_vectorizer_records", [
        md("""
            # Entrenament de models: pingüins
            *Stands for: rows given as records (`to_dict(orient='records')`) to a DictVectorizer, then a
            scaler and a few classifiers; the service takes `island`, `sex` as text and the numbers.*
            """),
        code("""
            import pandas as pd
            from sklearn.model_selection import train_test_split
            from sklearn.feature_extraction import DictVectorizer
            from sklearn.preprocessing import StandardScaler
            from sklearn.linear_model import LogisticRegression
            from sklearn.tree import DecisionTreeClassifier
            df = pd.read_csv('penguins.csv').dropna()
            categorical = ['island', 'sex']
            numerical = ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g']
            df_train, df_test = train_test_split(df, test_size=0.2, random_state=42, stratify=df['species'])
            y_train = df_train['species'].values
            y_test = df_test['species'].values
            """),
        code("""
            dv = DictVectorizer(sparse=False)
            dv.fit(df_train[categorical + numerical].to_dict(orient='records'))
            X_train = dv.transform(df_train[categorical + numerical].to_dict(orient='records'))
            X_test = dv.transform(df_test[categorical + numerical].to_dict(orient='records'))
            scaler = StandardScaler().fit(X_train)
            X_train_scaled = scaler.transform(X_train)
            X_test_scaled = scaler.transform(X_test)
            dv.get_feature_names_out()
            """),
        code("""
            lr_model = LogisticRegression(max_iter=1000).fit(X_train_scaled, y_train)
            dt_model = DecisionTreeClassifier(max_depth=3, random_state=0).fit(X_train_scaled, y_train)
            print(lr_model.score(X_test_scaled, y_test), dt_model.score(X_test_scaled, y_test))
            """),
    ], "penguins.csv", "species", data=["penguins.csv"], kernel=IPYKERNEL, category=FITS),

    refused("housing_log_price_rebound_test", [
        md("""
            # House prices, linear regression on the log price
            *Stands for: a skewed target fitted as `np.log(price)`, then `y_test = np.exp(y_test)` to
            read the error in prices: scored on those labels the model and the trivial model give the
            same meaningless R². The build must stop saying the labels are in other units.*
            """),
        code("""
            import numpy as np
            import pandas as pd
            from sklearn.linear_model import LinearRegression
            from sklearn.model_selection import train_test_split
            from sklearn.metrics import mean_absolute_percentage_error
            df = pd.read_csv('Housing.csv')
            y = np.log(df['price'])
            X = df[['lotsize', 'bedrooms', 'bathrms', 'stories', 'garagepl']]
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
            """),
        code("""
            model = LinearRegression()
            model.fit(X_train, y_train)
            """),
        code("""
            predictions = np.exp(model.predict(X_test))
            y_test = np.exp(y_test)
            print(mean_absolute_percentage_error(y_test, predictions))
            """),
    ], ["Housing.csv"], "units"),
]
