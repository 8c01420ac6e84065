"""Regenerate the model-pattern notebooks in this folder: `python tests/notebooks/generate_models.py`.

Each models_*.ipynb is a small Iris notebook in a style seen in the wild whose
model or data once broke the export or the service: labels encoded inline,
columns picked by name, a comparison loop, no held-out split, renamed or
scaled-in-place columns, a derived feature. tests/e2e/test_model_patterns.py converts each,
runs it headless and serves the result through ml_app. Data: Iris.csv from
tests/notebooks/iris_files.py, or scikit-learn's load_iris.
"""
from nbformat.v4 import new_code_cell as code
from nbformat.v4 import new_markdown_cell as md

from generate import write  # the same stable-id writer as the other fixtures

INLINE_MAP = [
    md("# Iris with numeric labels\nSpecies turned into numbers with `map`, a logistic regression on `xtrain`."),
    code("import pandas as pd\nimport matplotlib.pyplot as plt\nfrom sklearn.model_selection import train_test_split\n"
         "from sklearn.linear_model import LogisticRegression"),
    code("data = pd.read_csv('Iris.csv')\n"
         "data['Species'] = data['Species'].map({'Iris-setosa': 0, 'Iris-versicolor': 1, 'Iris-virginica': 2})\n"
         "data.head()"),
    code("plt.scatter(data.PetalLengthCm, data.PetalWidthCm, c=data.Species)\nplt.show()"),
    code("X = data.iloc[:, 1:5]\ny = data.iloc[:, 5]\n"
         "xtrain, xtest, ytrain, ytest = train_test_split(X, y, test_size=0.25, random_state=0)\n"
         "lr = LogisticRegression(max_iter=1000)\nlr.fit(xtrain, ytrain)\nprint('accuracy', lr.score(xtest, ytest))"),
]

COLUMN_TRANSFORMER = [
    md("# Preprocessing by column\nSepal and petal measurements scaled differently in a `ColumnTransformer`."),
    code("from sklearn.datasets import load_iris\nfrom sklearn.compose import ColumnTransformer\n"
         "from sklearn.preprocessing import StandardScaler, MinMaxScaler\nfrom sklearn.pipeline import Pipeline\n"
         "from sklearn.svm import SVC\nfrom sklearn.model_selection import train_test_split\n"
         "from sklearn.metrics import classification_report"),
    code("iris = load_iris(as_frame=True)\n"
         "df = iris.frame.rename(columns=lambda c: c.replace(' (cm)', '').replace(' ', '_'))\n"
         "df['species'] = df['target'].map(dict(enumerate(iris.target_names)))\n"
         "features = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']\n"
         "X_train, X_test, y_train, y_test = train_test_split(df[features], df['species'], test_size=0.25,\n"
         "                                                    random_state=3, stratify=df['species'])"),
    code("preprocess = ColumnTransformer([\n    ('sepal', MinMaxScaler(), ['sepal_length', 'sepal_width']),\n"
         "    ('petal', StandardScaler(), ['petal_length', 'petal_width']),\n])\n"
         "clf = Pipeline([('prep', preprocess), ('svc', SVC(probability=True, random_state=0))])\n"
         "clf.fit(X_train, y_train)\nprint(classification_report(y_test, clf.predict(X_test)))"),
]

COMPARE_LOOP = [
    md("# Which classifier?\nFit several, keep the best."),
    code("from sklearn.datasets import load_iris\nfrom sklearn.model_selection import train_test_split\n"
         "from sklearn.linear_model import LogisticRegression\nfrom sklearn.neighbors import KNeighborsClassifier\n"
         "from sklearn.tree import DecisionTreeClassifier\nfrom sklearn.naive_bayes import GaussianNB\n"
         "from sklearn.metrics import accuracy_score"),
    code("X, y = load_iris(return_X_y=True, as_frame=True)\n"
         "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=11)"),
    code("models = {\n    'Naive Bayes': GaussianNB(),\n    'Logistic Regression': LogisticRegression(max_iter=500),\n"
         "    'KNN': KNeighborsClassifier(n_neighbors=5),\n    'Decision Tree': DecisionTreeClassifier(max_depth=1),\n}\n"
         "scores = {}\nfor name, model in models.items():\n    model.fit(X_train, y_train)\n"
         "    scores[name] = accuracy_score(y_test, model.predict(X_test))\n    print(f'{name:20s} {scores[name]:.3f}')"),
    code("best_name = max(scores, key=scores.get)\nbest_model = models[best_name]\nprint('best:', best_name)"),
]

FULL_DATA = [
    md("# Cross-validate, then train on everything\nNo held-out split: the final model sees all 150 flowers."),
    code("import numpy as np\nfrom sklearn.datasets import load_iris\nfrom sklearn.ensemble import RandomForestClassifier\n"
         "from sklearn.model_selection import cross_val_score"),
    code("iris = load_iris()\nX, y = iris.data, iris.target\n"
         "forest = RandomForestClassifier(n_estimators=50, random_state=0)\n"
         "scores = cross_val_score(forest, X, y, cv=5)\nprint(np.round(scores, 3), scores.mean())"),
    code("forest.fit(X, y)\nforest.feature_importances_"),
]

RENAMED = [
    md("# Short column names\nThe Kaggle columns renamed to two letters."),
    code("import pandas as pd\nfrom sklearn.model_selection import train_test_split\n"
         "from sklearn.ensemble import GradientBoostingClassifier"),
    code("iris = pd.read_csv('Iris.csv').drop(columns='Id')\niris.columns = ['SL', 'SW', 'PL', 'PW', 'species']\n"
         "iris.describe()"),
    code("X_tr, X_te, y_tr, y_te = train_test_split(iris[['PL', 'PW', 'SL', 'SW']], iris.species, random_state=2)\n"
         "gbc = GradientBoostingClassifier(random_state=0).fit(X_tr, y_tr)\nprint(gbc.score(X_te, y_te))"),
]

SCALED_IN_PLACE = [
    md("# Standardise the columns in place\nThe scaler overwrites the measurements in the DataFrame."),
    code("import pandas as pd\nfrom sklearn.preprocessing import StandardScaler\nfrom sklearn.svm import SVC\n"
         "from sklearn.model_selection import train_test_split"),
    code("df = pd.read_csv('Iris.csv')\ncols = ['SepalLengthCm', 'SepalWidthCm', 'PetalLengthCm', 'PetalWidthCm']\n"
         "scaler = StandardScaler()\ndf[cols] = scaler.fit_transform(df[cols])\ndf[cols].describe().round(2)"),
    code("X_train, X_test, y_train, y_test = train_test_split(df[cols], df['Species'], test_size=0.2, random_state=5)\n"
         "svc = SVC(kernel='rbf', probability=True, random_state=0)\nsvc.fit(X_train, y_train)\n"
         "print('test accuracy', svc.score(X_test, y_test))"),
]

DERIVED_RATIO = [
    md("# A feature of our own\nThe ratio of petal length to width helps the tree."),
    code("import pandas as pd\nfrom sklearn.model_selection import train_test_split\n"
         "from sklearn.tree import DecisionTreeClassifier"),
    code("df = pd.read_csv('Iris.csv').drop(columns='Id')\ndf['petal_ratio'] = df.PetalLengthCm / df.PetalWidthCm\n"
         "X = df.drop(columns='Species')\ny = df.Species\n"
         "X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)\n"
         "model = DecisionTreeClassifier(random_state=0).fit(X_train, y_train)\nprint(model.score(X_test, y_test))"),
]

NOTEBOOKS = {
    "models_inline_map.ipynb": INLINE_MAP,
    "models_column_transformer.ipynb": COLUMN_TRANSFORMER,
    "models_compare_loop.ipynb": COMPARE_LOOP,
    "models_full_data.ipynb": FULL_DATA,
    "models_renamed.ipynb": RENAMED,
    "models_scaled_in_place.ipynb": SCALED_IN_PLACE,
    "models_derived_ratio.ipynb": DERIVED_RATIO,
}


if __name__ == "__main__":
    for file_name, notebook_cells in NOTEBOOKS.items():
        write(file_name, notebook_cells)
