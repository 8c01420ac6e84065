"""Notebooks beyond Iris in the voices of typical public notebooks (issue 17: the next causes of failure).

Category "tabular voices" (and "tabular regression" for the regressors): the shapes that course
templates, Kaggle kernels and blog posts give a tabular fit, each one the corpus did not have yet:
the Udemy template on numpy arrays (a LabelEncoder on text columns of the array, a
ColumnTransformer and a scaler fitted outside the model), whole-frame gap filling
(`df.fillna(df.mean(numeric_only=True))`, the mode of a text column) before
get_dummies(drop_first=True), a SimpleImputer fitted outside the model (on `.values`, or on the
training frame and written back in place), outliers removed then the index reset,
`OneHotEncoder(sparse=False)` with handle_unknown='ignore' inside a Pipeline, a column selector by
dtype, gaps written '?' in the file (`na_values='?'`, or `replace('?', np.nan)` then `astype(float)`),
a label encoded for a booster (XGBoost, LightGBM) or by `pd.factorize`/`.cat.codes`, dummies of a
Series with no prefix concatenated back. Each must serve the notebook's model at its own quality.
Category "tabular refused": a target fitted as `np.log1p` of a numpy array (no name left to
recognise) must stop naming TransformedTargetRegressor; ages binned with `pd.cut`, a group's mean
and a feature log-transformed in place must stop naming the feature (and its cell's own line).
"""
from nb_tabular import classify
from nb_tabular_mixed import regress, refused
from writer import COLAB, IPYKERNEL, JUPYTER, KAGGLE, code, md

VOICES = "tabular voices"

NOTEBOOKS = [
    classify("tips_udemy_template_arrays", [
        md("""
            # Data Preprocessing Template + Logistic Regression
            *Stands for: the Udemy A-Z template: `X = dataset.iloc[:, [...]].values`, `y = ... .values`,
            a LabelEncoder on a text column of the array (`X[:, 2] = le.fit_transform(X[:, 2])`),
            `ColumnTransformer([('encoder', OneHotEncoder(), [4])], remainder='passthrough')` applied to
            the array outside the model, `sc.fit_transform(X_train)`, `sc.transform(X_test)`.*
            """),
        code("""
            # Importing the libraries
            import numpy as np
            import matplotlib.pyplot as plt
            import pandas as pd
            """),
        code("""
            # Importing the dataset
            dataset = pd.read_csv('tips.csv')
            X = dataset.iloc[:, [0, 1, 2, 3, 4, 6]].values
            y = dataset.iloc[:, 5].values
            print(X[:3])
            """),
        code("""
            # Encoding categorical data
            from sklearn.preprocessing import LabelEncoder
            le = LabelEncoder()
            X[:, 2] = le.fit_transform(X[:, 2])
            X[:, 3] = le.fit_transform(X[:, 3])
            from sklearn.compose import ColumnTransformer
            from sklearn.preprocessing import OneHotEncoder
            ct = ColumnTransformer(transformers=[('encoder', OneHotEncoder(), [4])], remainder='passthrough')
            X = np.array(ct.fit_transform(X))
            print(X[:3])
            """),
        code("""
            # Splitting the dataset into the Training set and Test set
            from sklearn.model_selection import train_test_split
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size = 0.25, random_state = 0)
            """),
        code("""
            # Feature Scaling
            from sklearn.preprocessing import StandardScaler
            sc = StandardScaler()
            X_train = sc.fit_transform(X_train)
            X_test = sc.transform(X_test)
            """),
        code("""
            # Training the Logistic Regression model on the Training set
            from sklearn.linear_model import LogisticRegression
            classifier = LogisticRegression(random_state = 0)
            classifier.fit(X_train, y_train)
            """),
        code("""
            # Making the Confusion Matrix
            from sklearn.metrics import confusion_matrix, accuracy_score
            y_pred = classifier.predict(X_test)
            cm = confusion_matrix(y_test, y_pred)
            print(cm)
            accuracy_score(y_test, y_pred)
            """),
    ], "tips.csv", "time", data=["tips.csv"], kernel=IPYKERNEL, category=VOICES,
        reference="__import__('pandas').Series(classifier.predict(sc.transform(X)))"),

    classify("penguins_whole_frame_fillna_mode_dummies", [
        md("""
            # 🐧 Penguins EDA + Logistic Regression
            *Stands for: the Kaggle kernel that fills every gap at once, `df.fillna(df.mean(numeric_only=True))`,
            the text column with its mode (`df['sex'].fillna(df['sex'].mode()[0])`), then
            `pd.get_dummies(df, drop_first=True)` over the whole frame.*
            """),
        code("""
            import numpy as np
            import pandas as pd
            import seaborn as sns
            import matplotlib.pyplot as plt
            df = pd.read_csv('../input/penguins/penguins.csv')
            df.info()
            """),
        code("""
            df = df.fillna(df.mean(numeric_only=True))
            df['sex'] = df['sex'].fillna(df['sex'].mode()[0])
            df.isnull().sum()
            """),
        code("""
            sns.pairplot(df, hue='species')
            plt.show()
            """),
        code("""
            features = pd.get_dummies(df.drop(['species', 'year'], axis=1), drop_first=True)
            target = df['species']
            features.head()
            """),
        code("""
            from sklearn.model_selection import train_test_split
            from sklearn.linear_model import LogisticRegression
            from sklearn.metrics import classification_report
            X_train, X_test, y_train, y_test = train_test_split(features, target, test_size=0.2, random_state=42)
            lr = LogisticRegression(max_iter=5000)
            lr.fit(X_train, y_train)
            print(classification_report(y_test, lr.predict(X_test)))
            """),
    ], "penguins.csv", "species", data=["penguins.csv"], kernel=KAGGLE, category=VOICES),

    classify("cars_fillna_median_origin", [
        md("""
            # Where was this car made? (Medium tutorial)
            *Stands for: a blog post that fills the gaps of the whole frame with its medians
            (`cars = cars.fillna(cars.median(numeric_only=True))`), drops the name, and fits a tree.*
            """),
        code("""
            import pandas as pd
            cars = pd.read_csv('cars.csv')
            cars.isna().sum()
            """),
        code("""
            cars = cars.fillna(cars.median(numeric_only=True))
            cars = cars.drop('Name', axis=1)
            cars.describe()
            """),
        code("""
            from sklearn.tree import DecisionTreeClassifier
            from sklearn.model_selection import train_test_split
            X = cars.drop('Origin', axis=1)
            y = cars['Origin']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=1, stratify=y)
            tree = DecisionTreeClassifier(max_depth=5, random_state=1)
            tree.fit(X_train, y_train)
            print(f'Test accuracy: {tree.score(X_test, y_test):.3f}')
            """),
    ], "cars.csv", "Origin", data=["cars.csv"], kernel=JUPYTER, category=VOICES),

    classify("penguins_simple_imputer_outside_model", [
        md("""
            # Week 3 lab: k-nearest neighbours
            *Stands for: a course lab that makes arrays first, fits a `SimpleImputer` outside the model
            (`X = imputer.fit_transform(X)`), then splits and fits a KNN; the service takes the
            measurements with gaps as null and fills them as the imputer did.*
            """),
        code("""
            import numpy as np
            import pandas as pd
            from sklearn.impute import SimpleImputer
            from sklearn.model_selection import train_test_split
            from sklearn.neighbors import KNeighborsClassifier
            """),
        code("""
            penguins = pd.read_csv('penguins.csv')
            X = penguins[['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g']].values
            y = penguins['species'].values
            imputer = SimpleImputer(missing_values=np.nan, strategy='mean')
            X = imputer.fit_transform(X)
            """),
        code("""
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=4)
            knn = KNeighborsClassifier(n_neighbors=7)
            knn.fit(X_train, y_train)
            print('Test set accuracy: {:.2f}'.format(knn.score(X_test, y_test)))
            """),
    ], "penguins.csv", "species", data=["penguins.csv"], kernel=COLAB, category=VOICES,
        reference="__import__('pandas').Series(knn.predict(X))"),

    regress("boston_outliers_removed_reset_index", [
        md("""
            # Boston house prices: remove outliers and fit a random forest
            *Stands for: rows beyond a quantile dropped (`df = df[df.crim < q]`), the index reset
            (`reset_index(drop=True)`), then the fit; the service takes every row of the file.*
            """),
        code("""
            import pandas as pd
            import numpy as np
            df = pd.read_csv('Boston.csv')
            df.shape
            """),
        code("""
            q = df['crim'].quantile(0.98)
            df = df[df.crim < q]
            df = df[df['rm'] > 4]
            df = df.reset_index(drop=True)
            df.shape
            """),
        code("""
            from sklearn.ensemble import RandomForestRegressor
            from sklearn.model_selection import train_test_split
            from sklearn.metrics import r2_score
            X = df.drop('medv', axis=1)
            y = df['medv']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
            rf = RandomForestRegressor(n_estimators=50, random_state=42)
            rf.fit(X_train, y_train)
            print('R2:', r2_score(y_test, rf.predict(X_test)))
            """),
    ], "Boston.csv", "medv", data=["Boston.csv"], kernel=JUPYTER),

    regress("tips_pipeline_onehot_sparse_false", [
        md("""
            # Predicting the tip with a Pipeline
            *Stands for: a 2021 blog post: `OneHotEncoder(sparse=False, handle_unknown='ignore')` (the
            parameter scikit-learn 1.4 named `sparse_output`) in a ColumnTransformer with
            remainder='passthrough', inside a Pipeline with the regressor.*
            """),
        code("""
            import pandas as pd
            from sklearn.compose import ColumnTransformer
            from sklearn.preprocessing import OneHotEncoder
            from sklearn.pipeline import Pipeline
            from sklearn.linear_model import LinearRegression
            from sklearn.model_selection import train_test_split
            tips = pd.read_csv('tips.csv')
            X = tips.drop(columns='tip')
            y = tips['tip']
            """),
        code("""
            categorical = ['sex', 'smoker', 'day', 'time']
            preprocess = ColumnTransformer([
                ('onehot', OneHotEncoder(sparse=False, handle_unknown='ignore'), categorical),
            ], remainder='passthrough')
            model = Pipeline([('preprocess', preprocess), ('regressor', LinearRegression())])
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
            model.fit(X_train, y_train)
            print('R^2 on test:', model.score(X_test, y_test))
            """),
    ], "tips.csv", "tip", data=["tips.csv"], kernel=IPYKERNEL),

    regress("auto_mpg_question_marks_na_values", [
        md("""
            # Auto MPG: linear regression
            *Stands for: the UCI file where a value not known is written `?`: read with
            `na_values='?'`, rows with gaps dropped; the service takes the rows as the file writes them.*
            """),
        code("""
            import pandas as pd
            import numpy as np
            auto = pd.read_csv('auto-mpg.csv', na_values='?')
            auto = auto.dropna()
            auto.dtypes
            """),
        code("""
            from sklearn.linear_model import LinearRegression
            from sklearn.model_selection import train_test_split
            X = auto[['Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration', 'Year']]
            y = auto['Miles_per_Gallon']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=5)
            reg = LinearRegression().fit(X_train, y_train)
            print(reg.score(X_test, y_test))
            """),
    ], "auto-mpg.csv", "Miles_per_Gallon", data=["auto-mpg.csv"], kernel=JUPYTER),

    classify("auto_mpg_replace_question_astype", [
        md("""
            # Classify the origin of a car
            *Stands for: a file with `?` for unknown values read as is; the notebook replaces them
            (`df.replace('?', np.nan)`), converts the column (`astype(float)`) and fills the gaps
            with the mean before fitting.*
            """),
        code("""
            import numpy as np
            import pandas as pd
            df = pd.read_csv('auto-mpg.csv')
            df['Horsepower'].unique()[:10]
            """),
        code("""
            df = df.replace('?', np.nan)
            df['Horsepower'] = df['Horsepower'].astype(float)
            df['Horsepower'] = df['Horsepower'].fillna(df['Horsepower'].mean())
            df = df.dropna(subset=['Miles_per_Gallon'])
            df['Miles_per_Gallon'] = df['Miles_per_Gallon'].astype(float)
            """),
        code("""
            from sklearn.ensemble import RandomForestClassifier
            from sklearn.model_selection import train_test_split
            X = df[['Miles_per_Gallon', 'Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Year']]
            y = df['Origin']
            X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=2)
            forest = RandomForestClassifier(n_estimators=80, random_state=2).fit(X_train, y_train)
            forest.score(X_test, y_test)
            """),
    ], "auto-mpg.csv", "Origin", data=["auto-mpg.csv"], kernel=JUPYTER, category=VOICES),

    classify("penguins_label_encoded_xgboost_cv", [
        md("""
            # Penguins with XGBoost
            *Stands for: a Kaggle kernel that encodes the species for XGBoost (`y = le.fit_transform(...)`),
            splits with `stratify=y`, scores with `cross_val_score`, and decodes predictions with
            `le.inverse_transform(pred)` for display; the service answers species names.*
            """),
        code("""
            import pandas as pd
            from sklearn.preprocessing import LabelEncoder
            from sklearn.model_selection import train_test_split, cross_val_score
            from xgboost import XGBClassifier
            df = pd.read_csv('penguins.csv').dropna()
            """),
        code("""
            le = LabelEncoder()
            y = le.fit_transform(df['species'])
            X = df[['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g']]
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0, stratify=y)
            """),
        code("""
            xgb = XGBClassifier(n_estimators=50, max_depth=3, learning_rate=0.2)
            scores = cross_val_score(xgb, X_train, y_train, cv=5)
            print('CV accuracy: %.3f +/- %.3f' % (scores.mean(), scores.std()))
            xgb.fit(X_train, y_train)
            pred = xgb.predict(X_test)
            print(le.inverse_transform(pred)[:10])
            """),
    ], "penguins.csv", "species", data=["penguins.csv"], kernel=KAGGLE, category=VOICES),

    classify("penguins_dummies_lightgbm", [
        md("""
            # LightGBM on the penguins 🐧
            *Stands for: a Kaggle kernel: `dropna(inplace=True)`, `drop([...], axis=1, inplace=True)`,
            `pd.get_dummies(df, columns=[...], drop_first=True)`, an `LGBMClassifier` with a fixed seed.*
            """),
        code("""
            import pandas as pd
            import lightgbm as lgb
            from sklearn.model_selection import train_test_split
            from sklearn.metrics import accuracy_score
            df = pd.read_csv('penguins.csv')
            df.dropna(inplace=True)
            df.drop(['year'], axis=1, inplace=True)
            df = pd.get_dummies(df, columns=['island', 'sex'], drop_first=True)
            df.head()
            """),
        code("""
            X = df.drop('species', axis=1)
            y = df['species']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=21, stratify=y)
            clf = lgb.LGBMClassifier(n_estimators=60, random_state=21, verbose=-1)
            clf.fit(X_train, y_train)
            print('accuracy', accuracy_score(y_test, clf.predict(X_test)))
            """),
    ], "penguins.csv", "species", data=["penguins.csv"], kernel=KAGGLE, category=VOICES),

    regress("housing_binary_map_linear_regression", [
        md("""
            # Housing case study: multiple linear regression
            *Stands for: the course case study that maps every yes/no column at once
            (`df[varlist] = df[varlist].apply(binary_map)` with `x.map({'yes': 1, 'no': 0})`), then fits a
            linear regression on a 70/30 split; the service takes `yes`/`no` as the file writes them.*
            """),
        code("""
            import numpy as np
            import pandas as pd
            housing = pd.read_csv('Housing.csv')
            housing.shape
            """),
        code("""
            varlist = ['driveway', 'recroom', 'fullbase', 'gashw', 'airco', 'prefarea']

            def binary_map(x):
                return x.map({'yes': 1, 'no': 0})

            housing[varlist] = housing[varlist].apply(binary_map)
            housing.head()
            """),
        code("""
            from sklearn.model_selection import train_test_split
            from sklearn.linear_model import LinearRegression
            from sklearn.metrics import r2_score
            df_train, df_test = train_test_split(housing, train_size=0.7, test_size=0.3, random_state=100)
            y_train = df_train.pop('price')
            X_train = df_train
            y_test = df_test.pop('price')
            X_test = df_test
            lm = LinearRegression()
            lm.fit(X_train, y_train)
            r2_score(y_test, lm.predict(X_test))
            """),
    ], "Housing.csv", "price", data=["Housing.csv"], kernel=JUPYTER),

    classify("penguins_series_dummies_concat_no_prefix", [
        md("""
            # Logistic Regression with Python (the bootcamp's Titanic lecture, on penguins)
            *Stands for: `sex = pd.get_dummies(train['Sex'], drop_first=True)` on a Series (its columns are
            the bare values, `male`, `Dream`, `Torgersen`, with no prefix), `pd.concat([train, sex, ...],
            axis=1)`, the text columns dropped in place; the service must ask `sex` and `island`.*
            """),
        code("""
            import pandas as pd
            import numpy as np
            train = pd.read_csv('penguins.csv')
            train.dropna(inplace=True)
            """),
        code("""
            sex = pd.get_dummies(train['sex'], drop_first=True)
            island = pd.get_dummies(train['island'], drop_first=True)
            train.drop(['sex', 'island', 'year'], axis=1, inplace=True)
            train = pd.concat([train, sex, island], axis=1)
            train.head()
            """),
        code("""
            from sklearn.model_selection import train_test_split
            from sklearn.linear_model import LogisticRegression
            X_train, X_test, y_train, y_test = train_test_split(train.drop('species', axis=1), train['species'],
                                                                test_size=0.30, random_state=101)
            logmodel = LogisticRegression(max_iter=3000)
            logmodel.fit(X_train, y_train)
            predictions = logmodel.predict(X_test)
            from sklearn.metrics import classification_report
            print(classification_report(y_test, predictions))
            """),
    ], "penguins.csv", "species", data=["penguins.csv"], kernel=JUPYTER, category=VOICES),

    classify("penguins_imputer_fitted_on_train_columns_in_place", [
        md("""
            # Penguins: imputing after the split (no leakage!)
            *Stands for: a blog post that splits first, fits a `SimpleImputer` on the training frame's number
            columns and writes its output back in place (`train[cols] = imp.transform(train[cols])`), then
            fits; the imputer only fills gaps, so the service takes the raw values, null for a gap.*
            """),
        code("""
            import numpy as np
            import pandas as pd
            from sklearn.impute import SimpleImputer
            from sklearn.model_selection import train_test_split
            from sklearn.ensemble import GradientBoostingClassifier
            penguins = pd.read_csv('penguins.csv')
            cols = ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm']
            train, test = train_test_split(penguins, test_size=0.2, random_state=1)
            imp = SimpleImputer(strategy='median')
            imp.fit(train[cols])
            train[cols] = imp.transform(train[cols])
            test[cols] = imp.transform(test[cols])
            """),
        code("""
            gbc = GradientBoostingClassifier(n_estimators=40, max_depth=2, random_state=3)
            gbc.fit(train[cols], train['species'])
            print('test accuracy:', gbc.score(test[cols], test['species']))
            """),
    ], "penguins.csv", "species", data=["penguins.csv"], kernel=IPYKERNEL, category=VOICES),

    regress("mpg_column_selector_pipeline", [
        md("""
            # A tidy scikit-learn pipeline (2022 blog post)
            *Stands for: `make_column_transformer((OneHotEncoder(handle_unknown='ignore'),
            make_column_selector(dtype_include=object)), remainder=StandardScaler())` in a pipeline with a
            Ridge; the columns chosen by their dtype, not by name.*
            """),
        code("""
            import pandas as pd
            from sklearn.compose import make_column_transformer, make_column_selector
            from sklearn.preprocessing import OneHotEncoder, StandardScaler
            from sklearn.pipeline import make_pipeline
            from sklearn.linear_model import Ridge
            from sklearn.model_selection import train_test_split, cross_val_score
            mpg = pd.read_csv('mpg.csv')
            X = mpg[['displ', 'year', 'cyl', 'drv', 'fl', 'class']]
            y = mpg['hwy']
            """),
        code("""
            preprocess = make_column_transformer(
                (OneHotEncoder(handle_unknown='ignore'), make_column_selector(dtype_include=object)),
                remainder=StandardScaler())
            model = make_pipeline(preprocess, Ridge(alpha=1.0))
            X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=42)
            print(cross_val_score(model, X_train, y_train, cv=5).mean())
            model.fit(X_train, y_train)
            model.score(X_test, y_test)
            """),
    ], "mpg.csv", "hwy", data=["mpg.csv"], kernel=IPYKERNEL),

    refused("penguins_group_mean_target_encoding", [
        md("""
            # Feature engineering: the island's mean body mass
            *Stands for: a feature made from a group's mean (`df.groupby('island')[col].transform('mean')`):
            the service cannot compute it from one row, so the build must stop naming it.*
            """),
        code("""
            import pandas as pd
            df = pd.read_csv('penguins.csv').dropna()
            df['island_mass'] = df.groupby('island')['body_mass_g'].transform('mean')
            """),
        code("""
            from sklearn.ensemble import RandomForestClassifier
            from sklearn.model_selection import train_test_split
            X = df[['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'island_mass']]
            y = df['species']
            X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
            rf = RandomForestClassifier(n_estimators=50, random_state=0).fit(X_train, y_train)
            rf.score(X_test, y_test)
            """),
    ], ["penguins.csv"], "island_mass"),

    refused("housing_log_feature_in_place", [
        md("""
            # House prices: fixing skewed features
            *Stands for: the Kaggle habit of log-transforming a skewed feature in place
            (`df['lotsize'] = np.log1p(df['lotsize'])`) before the fit: the model learns log lot sizes, the
            service would be given lot sizes. The build must stop naming the feature.*
            """),
        code("""
            import numpy as np
            import pandas as pd
            df = pd.read_csv('Housing.csv')
            print(df['lotsize'].skew())
            df['lotsize'] = np.log1p(df['lotsize'])
            print(df['lotsize'].skew())
            """),
        code("""
            from sklearn.linear_model import LinearRegression
            from sklearn.model_selection import train_test_split
            X = df[['lotsize', 'bedrooms', 'bathrms', 'stories', 'garagepl']]
            y = df['price']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
            lr = LinearRegression().fit(X_train, y_train)
            lr.score(X_test, y_test)
            """),
    ], ["Housing.csv"], "lotsize"),

    classify("penguins_factorized_species_codes", [
        md("""
            # Penguins with factorized labels
            *Stands for: a label made codes with `pd.factorize` (`y, species = pd.factorize(df['species'])`),
            a decision tree on the codes, predictions shown as `species[pred]`; the service answers the
            species the codes stand for.*
            """),
        code("""
            import pandas as pd
            from sklearn.tree import DecisionTreeClassifier
            from sklearn.model_selection import train_test_split
            df = pd.read_csv('penguins.csv').dropna()
            y, species = pd.factorize(df['species'])
            X = df[['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm']]
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=9)
            tree = DecisionTreeClassifier(max_depth=4, random_state=9).fit(X_train, y_train)
            print(tree.score(X_test, y_test), species[tree.predict(X_test[:5])])
            """),
    ], "penguins.csv", "species", data=["penguins.csv"], kernel=JUPYTER, category=VOICES),

    classify("pima_zscore_outliers_cat_codes_label", [
        md("""
            # Pima diabetes: outliers by z-score, label as category codes
            *Stands for: rows more than 3 standard deviations out dropped with `scipy.stats.zscore`, the
            label coded with `astype('category').cat.codes`, a random forest; the service answers Yes/No.*
            """),
        code("""
            import numpy as np
            import pandas as pd
            from scipy import stats
            df = pd.read_csv('pima.csv')
            numeric = df.select_dtypes(include=np.number)
            df = df[(np.abs(stats.zscore(numeric)) < 3).all(axis=1)]
            df['type'] = df['type'].astype('category').cat.codes
            df.shape
            """),
        code("""
            from sklearn.ensemble import RandomForestClassifier
            from sklearn.model_selection import train_test_split
            X = df.drop('type', axis=1)
            y = df['type']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=4, stratify=y)
            rf = RandomForestClassifier(n_estimators=100, random_state=4).fit(X_train, y_train)
            rf.score(X_test, y_test)
            """),
    ], "pima.csv", "type", data=["pima.csv"], kernel=KAGGLE, category=VOICES),

    regress("tips_udemy_multiple_linear_regression", [
        md("""
            # Multiple Linear Regression
            *Stands for: the Udemy A-Z regression template: `X = dataset.iloc[:, [...]].values`, a
            `ColumnTransformer([('encoder', OneHotEncoder(), [1, 2, 3, 4])], remainder='passthrough')` applied
            to the array, no scaling, and predictions printed beside the truth with `np.concatenate`.*
            """),
        code("""
            import numpy as np
            import matplotlib.pyplot as plt
            import pandas as pd
            dataset = pd.read_csv('tips.csv')
            X = dataset.iloc[:, [0, 2, 3, 4, 5, 6]].values
            y = dataset.iloc[:, 1].values
            """),
        code("""
            from sklearn.compose import ColumnTransformer
            from sklearn.preprocessing import OneHotEncoder
            ct = ColumnTransformer(transformers=[('encoder', OneHotEncoder(), [1, 2, 3, 4])], remainder='passthrough')
            X = np.array(ct.fit_transform(X))
            from sklearn.model_selection import train_test_split
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size = 0.2, random_state = 0)
            """),
        code("""
            from sklearn.linear_model import LinearRegression
            regressor = LinearRegression()
            regressor.fit(X_train, y_train)
            y_pred = regressor.predict(X_test)
            np.set_printoptions(precision=2)
            print(np.concatenate((y_pred.reshape(len(y_pred),1), y_test.reshape(len(y_test),1)),1)[:5])
            """),
    ], "tips.csv", "tip", data=["tips.csv"], kernel=IPYKERNEL,
        reference="__import__('pandas').Series(regressor.predict(X))"),

    regress("mtcars_udemy_polynomial_regression", [
        md("""
            # Polynomial Regression
            *Stands for: the Udemy template: one column as a matrix (`dataset.iloc[:, 4:5].values`),
            `PolynomialFeatures(degree = 2)` fitted outside the model (`X_poly = poly_reg.fit_transform(X)`),
            a LinearRegression on `X_poly`, one prediction with `poly_reg.fit_transform([[150]])`.*
            """),
        code("""
            import numpy as np
            import pandas as pd
            dataset = pd.read_csv('mtcars.csv')
            X = dataset.iloc[:, 4:5].values
            y = dataset.iloc[:, 1].values
            """),
        code("""
            from sklearn.preprocessing import PolynomialFeatures
            from sklearn.linear_model import LinearRegression
            poly_reg = PolynomialFeatures(degree = 2)
            X_poly = poly_reg.fit_transform(X)
            lin_reg_2 = LinearRegression()
            lin_reg_2.fit(X_poly, y)
            lin_reg_2.predict(poly_reg.fit_transform([[150]]))
            """),
    ], "mtcars.csv", "mpg", data=["mtcars.csv"], kernel=IPYKERNEL,
        reference="__import__('pandas').Series(lin_reg_2.predict(poly_reg.transform(X)))"),

    refused("boston_udemy_svr_scaled_target", [
        md("""
            # Support Vector Regression (SVR)
            *Stands for: the Udemy SVR template that scales the target too (`y = sc_y.fit_transform(y)`) and
            reads predictions back with `sc_y.inverse_transform`: the model answers in scaled units, so the
            build must stop naming TransformedTargetRegressor.*
            """),
        code("""
            import numpy as np
            import pandas as pd
            dataset = pd.read_csv('Boston.csv')
            X = dataset.iloc[:, 5:6].values
            y = dataset.iloc[:, -1].values
            y = y.reshape(len(y),1)
            """),
        code("""
            from sklearn.preprocessing import StandardScaler
            sc_X = StandardScaler()
            sc_y = StandardScaler()
            X = sc_X.fit_transform(X)
            y = sc_y.fit_transform(y)
            from sklearn.svm import SVR
            regressor = SVR(kernel = 'rbf')
            regressor.fit(X, y.ravel())
            sc_y.inverse_transform(regressor.predict(sc_X.transform([[6.5]])).reshape(-1,1))
            """),
    ], ["Boston.csv"], "TransformedTargetRegressor"),

    refused("housing_log1p_array_target", [
        md("""
            # House prices: skewed target
            *Stands for: the Kaggle House Prices habit `y = np.log1p(df.price.values)`: a numpy array,
            no column name left; predictions read back with `np.expm1`. The service would answer log
            prices: the build must stop and name TransformedTargetRegressor.*
            """),
        code("""
            import numpy as np
            import pandas as pd
            from sklearn.linear_model import Ridge
            from sklearn.model_selection import train_test_split
            df = pd.read_csv('Housing.csv')
            y = np.log1p(df.price.values)
            X = df[['lotsize', 'bedrooms', 'bathrms', 'stories', 'garagepl']]
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=1)
            """),
        code("""
            ridge = Ridge(alpha=1.0).fit(X_train, y_train)
            rmse = np.sqrt(np.mean((ridge.predict(X_test) - y_test) ** 2))
            print('RMSE (log):', rmse)
            print(np.expm1(ridge.predict(X_test[:5])))
            """),
    ], ["Housing.csv"], "TransformedTargetRegressor"),

    refused("pima_age_binned_pd_cut", [
        md("""
            # Diabetes: age groups
            *Stands for: a beginner who bins the age (`pd.cut(df['age'], bins=..., labels=...)`) and
            fits on dummies of the bins: the service cannot know how to bin an age it is given, so
            the build must stop naming the binned feature.*
            """),
        code("""
            import pandas as pd
            df = pd.read_csv('pima.csv')
            df['age_group'] = pd.cut(df['age'], bins=[20, 30, 40, 50, 90], labels=['20s', '30s', '40s', '50+'])
            df['age_group'].value_counts()
            """),
        code("""
            from sklearn.linear_model import LogisticRegression
            from sklearn.model_selection import train_test_split
            X = pd.get_dummies(df.drop(['type', 'age'], axis=1), columns=['age_group'], drop_first=True)
            y = df['type']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=8)
            model = LogisticRegression(max_iter=1000).fit(X_train, y_train)
            print(model.score(X_test, y_test))
            """),
    ], ["pima.csv"], "age_group"),
]
