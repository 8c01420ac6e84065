"""Notebooks whose model's columns are not named as the data names them (issue 17: "its name as the
data names it"): a model fitted on `.values` of a frame or on a `load_*` Bunch's arrays (no names at
all), a frame whose columns the notebook renamed, a headerless file named by `df.columns = [...]`,
a file that comes one-hot encoded. The service must ask for each field by the data's name (or, for
a file without a header, by the notebook's), so that the harness, reading /openapi.json, can post the
table's rows keyed by those names. Category "tabular names".
"""
from writer import COLAB, IPYKERNEL, JUPYTER, KAGGLE, code, md, notebook

NAMES = "tabular names"


def serves(name, cells, table, label, task="classification", data=(), reference="", kernel=JUPYTER):
    return notebook(name, cells, category=NAMES, data=list(data), kernel=kernel, table=table, label=label,
                    task=task, reference=reference)


NOTEBOOKS = [
    serves("cancer_frame_values_scaled_logreg", [
        md("""
            # Breast cancer: malignant or benign?
            *Stands for: the data loaded as a DataFrame for EDA, then `.values` split and scaled outside
            the model (the usual course recipe); the model sees numpy arrays only, the service must still
            ask for `mean radius` ..., the frame's names.*
            """),
        code("""
            import numpy as np
            import pandas as pd
            from sklearn.datasets import load_breast_cancer
            cancer = load_breast_cancer(as_frame=True)
            df = cancer.frame
            df.head()
            """),
        code("""
            from sklearn.model_selection import train_test_split
            from sklearn.preprocessing import StandardScaler
            # numpy from here on
            features, labels = df.drop(columns=['target']).values, df['target'].values
            X_train, X_test, y_train, y_test = train_test_split(features, labels, test_size=0.2, random_state=7)
            sc = StandardScaler().fit(X_train)
            X_train, X_test = sc.transform(X_train), sc.transform(X_test)
            """),
        code("""
            from sklearn.linear_model import LogisticRegression
            model = LogisticRegression(max_iter=2000).fit(X_train, y_train)
            print('test accuracy', model.score(X_test, y_test))
            """),
    ], "sklearn:breast_cancer", "target",
        reference="__import__('pandas').Series(model.predict(sc.transform(df.drop(columns=['target']).values)))"),

    serves("wine_bunch_iloc_values_knn", [
        md("""
            # Wine with KNN
            *Stands for: a Bunch turned into a frame, some columns picked by `iloc`, `.values`, a KNN:
            the array's columns are found, in order, among the frame's.*
            """),
        code("""
            import pandas as pd
            from sklearn import datasets
            wine = datasets.load_wine()
            data = pd.DataFrame(wine.data, columns=wine.feature_names)
            data['cultivar'] = wine.target
            """),
        code("""
            X = data.iloc[:, 0:7].values
            y = data.iloc[:, -1].values
            from sklearn.model_selection import train_test_split
            from sklearn.neighbors import KNeighborsClassifier
            xtr, xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=3)
            knn = KNeighborsClassifier(n_neighbors=5)
            knn.fit(xtr, ytr)
            knn.score(xte, yte)
            """),
    ], "sklearn:wine", "target", kernel=IPYKERNEL,
        reference="__import__('pandas').Series(knn.predict(data.iloc[:, 0:7].values))"),

    serves("digits_pixel_rows_sliced_svc", [
        md("""
            # Digits without the top and bottom pixel rows
            *Stands for: a `load_digits()` Bunch whose `data` is sliced (`[:, 8:56]`), split and fitted as
            arrays. Many pixel columns hold the same values (all zeros, or nearly): resemblance cannot tell
            them apart, the training rows found among the Bunch's rows, in order, can.*
            """),
        code("""
            from sklearn.datasets import load_digits
            from sklearn.model_selection import train_test_split
            from sklearn.svm import SVC
            digits = load_digits()
            middle = digits.data[:, 8:56]
            X_train, X_test, y_train, y_test = train_test_split(middle, digits.target, test_size=0.25, random_state=4)
            svc = SVC(gamma=0.001).fit(X_train, y_train)
            print(svc.score(X_test, y_test))
            """),
    ], "sklearn:digits", "target", reference="__import__('pandas').Series(svc.predict(middle))"),

    serves("boston_every_column_renamed_linear", [
        md("""
            # Boston house prices (regression)
            *Stands for: a notebook that renames every column of its CSV to readable names before
            fitting on the frame; the file still says `crim`, `rm`, ...: the service asks for those.*
            """),
        code("""
            import pandas as pd
            df = pd.read_csv('Boston.csv')
            df.rename(columns={'crim': 'crime_rate', 'zn': 'big_lots', 'indus': 'industry', 'chas': 'river',
                               'nox': 'nitric_oxides', 'rm': 'rooms', 'age': 'old_homes', 'dis': 'job_distance',
                               'rad': 'highways', 'tax': 'tax_rate', 'ptratio': 'pupils_per_teacher',
                               'black': 'b_index', 'lstat': 'lower_status', 'medv': 'price'}, inplace=True)
            df.head()
            """),
        code("""
            from sklearn import linear_model, model_selection
            train, test = model_selection.train_test_split(df, test_size=0.25, random_state=11)
            reg = linear_model.LinearRegression()
            reg.fit(train.drop(columns='price'), train.price)
            print('R2', reg.score(test.drop(columns='price'), test.price))
            """),
    ], "Boston.csv", "medv", task="regression", data=["Boston.csv"], kernel=KAGGLE),

    serves("mtcars_headerless_columns_assigned", [
        md("""
            # Automatic or manual?
            *Stands for: a file without a header row, read with pandas' defaults after a fix (`header=None`),
            its columns named by `df.columns = [...]`; the notebook's names are the only names the data has.*
            """),
        code("""
            import pandas as pd
            cars = pd.read_csv('mtcars.data', header=None)
            cars.columns = ['model', 'mpg', 'cyl', 'disp', 'hp', 'drat', 'wt', 'qsec', 'vs', 'am', 'gear', 'carb']
            cars.head()
            """),
        code("""
            from sklearn.linear_model import LogisticRegression
            features = cars[['mpg', 'hp', 'wt', 'qsec']].values
            clf = LogisticRegression(C=10, max_iter=5000)
            clf.fit(features, cars['am'])
            print(clf.score(features, cars['am']))
            """),
    ], "mtcars.csv", "am", data=["mtcars.data"], kernel=COLAB,
        reference="__import__('pandas').Series(clf.predict(cars[['mpg', 'hp', 'wt', 'qsec']].values))"),

    serves("tips_file_already_one_hot_forest", [
        md("""
            # Lunch or dinner? (part 2: model)
            *Stands for: a notebook that reads the file an earlier notebook wrote, already one-hot encoded
            (`day_Fri`, `day_Sat`, ...): the notebook never ran get_dummies, the data names those columns,
            so the service asks for them as they are.*
            """),
        code("""
            import pandas as pd
            from sklearn.ensemble import RandomForestClassifier
            from sklearn.model_selection import train_test_split
            data = pd.read_csv('tips_dummies.csv')
            X = data[['total_bill', 'size', 'day_Fri', 'day_Sat', 'day_Sun', 'day_Thur']]
            y = data['time']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=2)
            forest = RandomForestClassifier(n_estimators=100, random_state=2).fit(X_train, y_train)
            print(forest.score(X_test, y_test))
            """),
    ], "tips_dummies.csv", "time", data=["tips_dummies.csv"]),

    serves("mpg_renamed_merged_dummies_forest", [
        md("""
            # Which wheels drive it? (front, rear or 4wd)
            *Stands for: the census-income course notebook: columns renamed to Title_Case, rare values
            folded into one before encoding (`.replace([...], 'small')` then get_dummies with
            drop_first; `.replace([...], 'auto')` then a 0/1 `.map`), a LabelEncoder on the fuel. The
            file still writes `class`, `suv`, `auto(l5)`: the service asks for `class` and takes
            `'subcompact'`, encoded as the notebook encoded it.*
            """),
        code("""
            import pandas as pd
            cars = pd.read_csv('mpg.csv')
            cars = cars.drop(['manufacturer', 'model', 'year', 'cty'], axis=1)
            cars.columns = ['Displacement', 'Cylinders', 'Transmission', 'Drive', 'Highway', 'Fuel', 'Body']
            cars.head()
            """),
        md("Two kinds of gearbox are enough; the three small body types behave alike."),
        code("""
            cars['Transmission'] = cars['Transmission'].replace(['auto(l3)', 'auto(l4)', 'auto(l5)', 'auto(l6)',
                                                                 'auto(s4)', 'auto(s5)', 'auto(s6)', 'auto(av)'], 'auto')
            cars['Transmission'] = cars['Transmission'].replace(['manual(m5)', 'manual(m6)'], 'manual')
            cars['Transmission'] = cars['Transmission'].map({'auto': 0, 'manual': 1})
            cars['Body'] = cars['Body'].replace(['2seater', 'subcompact', 'compact'], 'small')
            cars['Body'].value_counts()
            """),
        code("""
            from sklearn.preprocessing import LabelEncoder
            dummies = pd.get_dummies(cars[['Body']], drop_first=True)
            cars = pd.concat([cars.drop(['Body'], axis=1), dummies], axis=1)
            le = LabelEncoder()
            cars['Fuel'] = le.fit_transform(cars['Fuel'])
            """),
        code("""
            from sklearn.ensemble import RandomForestClassifier
            from sklearn.model_selection import train_test_split
            X, y = cars.drop('Drive', axis=1), cars['Drive']
            X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=5)
            rf = RandomForestClassifier(n_estimators=100, random_state=0)
            rf.fit(X_train, y_train)
            rf.score(X_test, y_test)
            """),
    ], "mpg.csv", "drv", data=["mpg.csv"], kernel=KAGGLE),
]
