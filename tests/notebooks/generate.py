"""Regenerate the fixture notebooks in this folder: `python tests/notebooks/generate.py`.

Each fixture imitates a notebook someone else wrote (its own data loading, plot
styles, magics and model choice). The committed .ipynb files are the fixtures;
this script only keeps them reviewable and reproducible. colab_export.ipynb is
written as raw JSON because Colab saves an older nbformat without cell ids.
"""
import json
import pathlib

import nbformat
from nbformat.v4 import new_code_cell as code
from nbformat.v4 import new_markdown_cell as md
from nbformat.v4 import new_notebook
from nbformat.v4 import new_raw_cell as raw

HERE = pathlib.Path(__file__).resolve().parent
KERNEL = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}

KAGGLE_CSV = [
    md("# Iris species (Kaggle CSV)\nData: `Iris.csv` from the Kaggle dataset, next to this notebook."),
    code("import numpy as np\nimport pandas as pd\nimport matplotlib.pyplot as plt\nimport seaborn as sns\n"
         "from pandas.plotting import parallel_coordinates, andrews_curves, radviz\n%matplotlib inline"),
    code("df = pd.read_csv(\"Iris.csv\")\ndf.head()"),
    code("files = !ls\nprint(len(files), \"files here\")"),
    code("df.info()\ndf['Species'].value_counts()"),
    code("sns.countplot(x='Species', data=df)\nplt.show()"),
    code("df.drop('Id', axis=1).plot(kind='scatter', x='SepalLengthCm', y='SepalWidthCm')\n"
         "pd.plotting.scatter_matrix(df.drop('Id', axis=1), figsize=(8, 8))\nplt.show()"),
    code("parallel_coordinates(df.drop('Id', axis=1), 'Species')\nplt.show()\n"
         "andrews_curves(df.drop('Id', axis=1), 'Species'); plt.show()\n"
         "radviz(df.drop('Id', axis=1), 'Species')"),
    code("%%time\nfrom sklearn.model_selection import train_test_split\n"
         "X = df.drop(['Id', 'Species'], axis=1)\ny = df['Species']\n"
         "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=7)"),
    code("from sklearn.neighbors import KNeighborsClassifier\nfrom sklearn import metrics\n"
         "knn = KNeighborsClassifier(n_neighbors=3)\nknn.fit(X_train, y_train)\n"
         "prediction = knn.predict(X_test)\nprint('The accuracy of the KNN is', metrics.accuracy_score(prediction, y_test))"),
    code("k_range = range(1, 26)\nscores = []\nfor k in k_range:\n"
         "    scores.append(metrics.accuracy_score(y_test, KNeighborsClassifier(n_neighbors=k).fit(X_train, y_train).predict(X_test)))\n"
         "plt.plot(k_range, scores)\nplt.xlabel('Value of K for KNN')\nplt.ylabel('Testing Accuracy')"),
    code("KNeighborsClassifier?"),
]

KAGGLE_CLASSIC = [
    md("# Iris Species\nThe classic Kaggle kernel: pandas scatter plots on a shared axis, several models in `model`."),
    code("import pandas as pd\nimport seaborn as sns\nimport matplotlib.pyplot as plt\n%matplotlib inline\n"
         "import warnings\nwarnings.filterwarnings('ignore')\niris = pd.read_csv(\"Iris.csv\")\niris.head()"),
    code("iris.info()\niris.drop('Id',axis=1,inplace=True)"),
    code("fig = iris[iris.Species=='Iris-setosa'].plot(kind='scatter',x='SepalLengthCm',y='SepalWidthCm',"
         "color='orange', label='Setosa')\n"
         "iris[iris.Species=='Iris-versicolor'].plot(kind='scatter',x='SepalLengthCm',y='SepalWidthCm',"
         "color='blue', label='versicolor',ax=fig)\n"
         "fig.set_xlabel(\"Sepal Length\")\nfig=plt.gcf()\nfig.set_size_inches(10,6)\nplt.show()"),
    code("plt.figure(figsize=(15,10))\nplt.subplot(2,2,1)\nsns.violinplot(x='Species',y='PetalLengthCm',data=iris)\n"
         "plt.subplot(2,2,2)\nsns.violinplot(x='Species',y='PetalWidthCm',data=iris)"),
    code("from sklearn.model_selection import train_test_split\nfrom sklearn.neighbors import KNeighborsClassifier\n"
         "from sklearn import svm\nfrom sklearn import metrics"),
    code("plt.figure(figsize=(7,4)) \nsns.heatmap(iris.corr(numeric_only=True),annot=True,cmap='cubehelix_r') "
         "#draws  heatmap with input as the correlation matrix\nplt.show()"),
    code("train, test = train_test_split(iris, test_size = 0.3, random_state=0)\n"
         "train_X = train[['SepalLengthCm','SepalWidthCm','PetalLengthCm','PetalWidthCm']]\ntrain_y=train.Species\n"
         "test_X= test[['SepalLengthCm','SepalWidthCm','PetalLengthCm','PetalWidthCm']]\ntest_y =test.Species"),
    code("model = svm.SVC() #select the algorithm\nmodel.fit(train_X,train_y)\nprediction=model.predict(test_X)\n"
         "print('The accuracy of the SVM is:',metrics.accuracy_score(prediction,test_y))"),
    code("a_index=list(range(1,11))\na=pd.Series(dtype=float)\nfor i in list(range(1,11)):\n"
         "    model=KNeighborsClassifier(n_neighbors=i) \n    model.fit(train_X,train_y)\n"
         "    prediction=model.predict(test_X)\n"
         "    a=pd.concat([a, pd.Series(metrics.accuracy_score(prediction,test_y))])\n"
         "plt.plot(a_index, a)\nplt.xticks(a_index)"),
]

UCI_NO_HEADER = [
    md("# UCI iris.data\nThe original UCI file has no header row."),
    code("import pandas as pd\nfrom matplotlib import pyplot\nimport seaborn as sb\nfrom seaborn import heatmap\n"
         "from sklearn.preprocessing import LabelEncoder\nfrom sklearn.ensemble import RandomForestClassifier\n"
         "from sklearn.model_selection import train_test_split\nfrom sklearn.metrics import accuracy_score"),
    code("%cd .\n%pwd"),
    code("names = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'class']\n"
         "dataset = pd.read_csv('iris.data', header=None, names=names)\nprint(dataset.shape)"),
    code("dataset.plot(kind='box', subplots=True, layout=(2, 2), sharex=False, sharey=False)\npyplot.show()\n"
         "dataset.hist()\npyplot.show()"),
    code("fig = pyplot.figure(figsize=(6, 4))\nax = fig.add_subplot(111)\n"
         "heatmap(dataset.drop(columns='class').corr(), annot=True, ax=ax)\nfig.savefig('corr.png') if False else None"),
    code("fig, axes = pyplot.subplots(2, 2)\nfor a in axes.flat:\n    a.set_xlabel('cm')\n"
         "for col, a in zip(names[:4], axes.flat):\n    sb.histplot(dataset[col], ax=a)"),
    code("encoder = LabelEncoder()\ny = encoder.fit_transform(dataset['class'])\nX = dataset[names[:4]]\n"
         "x_train, x_test, y_train, y_test = train_test_split(X.values, y, test_size=0.2, random_state=1)"),
    code("clf = RandomForestClassifier(n_estimators=50, random_state=1)\nclf.fit(x_train, y_train)\n"
         "acc = accuracy_score(y_test, clf.predict(x_test)); pyplot.show()\nprint(f'accuracy {acc:.3f}')"),
]

MLM_TUTORIAL = [
    md("# Your first machine learning project, step by step\nThe widely copied tutorial: numpy arrays from "
       "`dataset.values`, a validation split named `X_validation` / `Y_validation`."),
    code("from pandas import read_csv\nfrom pandas.plotting import scatter_matrix\nfrom matplotlib import pyplot\n"
         "from sklearn.model_selection import train_test_split, cross_val_score, StratifiedKFold\n"
         "from sklearn.metrics import classification_report, confusion_matrix, accuracy_score\n"
         "from sklearn.linear_model import LogisticRegression\nfrom sklearn.tree import DecisionTreeClassifier\n"
         "from sklearn.neighbors import KNeighborsClassifier\nfrom sklearn.svm import SVC"),
    code("url = \"iris.data\"\nnames = ['sepal-length', 'sepal-width', 'petal-length', 'petal-width', 'class']\n"
         "dataset = read_csv(url, names=names)\nprint(dataset.shape)\nprint(dataset.groupby('class').size())"),
    code("dataset.plot(kind='box', subplots=True, layout=(2,2), sharex=False, sharey=False)\npyplot.show()\n"
         "scatter_matrix(dataset)\npyplot.show()"),
    code("array = dataset.values\nX = array[:,0:4]\ny = array[:,4]\n"
         "X_train, X_validation, Y_train, Y_validation = train_test_split(X, y, test_size=0.20, random_state=1)"),
    code("models = []\nmodels.append(('LR', LogisticRegression(max_iter=500)))\nmodels.append(('KNN', KNeighborsClassifier()))\n"
         "models.append(('CART', DecisionTreeClassifier()))\nmodels.append(('SVM', SVC(gamma='auto')))\n"
         "results = []\nnames = []\nfor name, model in models:\n"
         "\tkfold = StratifiedKFold(n_splits=10, random_state=1, shuffle=True)\n"
         "\tcv_results = cross_val_score(model, X_train, Y_train, cv=kfold, scoring='accuracy')\n"
         "\tresults.append(cv_results)\n\tnames.append(name)\n"
         "\tprint('%s: %f (%f)' % (name, cv_results.mean(), cv_results.std()))\n"
         "pyplot.boxplot(results, tick_labels=names)\npyplot.title('Algorithm Comparison')\npyplot.show()"),
    code("model = SVC(gamma='auto')\nmodel.fit(X_train, Y_train)\npredictions = model.predict(X_validation)\n"
         "print(accuracy_score(Y_validation, predictions))\nprint(confusion_matrix(Y_validation, predictions))"),
]

SEABORN_HEAVY = [
    md("# Seaborn tour\nEvery seaborn shape we like, then an SVC on the numpy arrays."),
    code("%config InlineBackend.figure_format = 'retina'\nimport seaborn as sns\nimport matplotlib.pyplot as plt\n"
         "import pandas as pd\nfrom sklearn import datasets\nsns.set_theme(style='whitegrid')"),
    code("iris = datasets.load_iris()\nframe = pd.DataFrame(iris.data, columns=iris.feature_names)\n"
         "frame['species'] = iris.target_names[iris.target]"),
    code("g = sns.FacetGrid(frame, col='species')\ng.map(plt.hist, 'petal length (cm)')\ng.add_legend()"),
    code("sns.jointplot(\n    data=frame,\n    x='sepal length (cm)',\n    y='sepal width (cm)',\n    kind='kde',\n)"),
    code("def plot_dist(column):\n    sns.kdeplot(data=frame, x=column, hue='species')\n    plt.title(column)\n\n"
         "for column in iris.feature_names[:2]:\n    plot_dist(column)"),
    code("with sns.axes_style('white'):\n    sns.boxplot(data=frame)\n    means = frame.mean(numeric_only=True)\n"
         "print(means.round(2).to_dict())"),
    code("if len(frame) > 100:\n    sns.lmplot(data=frame, x='petal length (cm)', y='petal width (cm)', hue='species')\n"
         "else:\n    print('small data')"),
    code("palette = sns.color_palette('husl', 3)\nsns.palplot(palette)"),
    code("from sklearn.model_selection import train_test_split\nfrom sklearn.pipeline import make_pipeline\n"
         "from sklearn.preprocessing import StandardScaler\nfrom sklearn.svm import SVC\n"
         "X_train, X_test, y_train, y_test = train_test_split(iris.data, iris.target, random_state=3)\n"
         "pipe = make_pipeline(StandardScaler(), SVC(probability=True, random_state=0))\npipe.fit(X_train, y_train)\n"
         "test_accuracy = pipe.score(X_test, y_test)\ntest_accuracy"),
]

GRIDSEARCH_TREE = [
    md("# Decision tree, tuned with a grid search"),
    raw("This raw cell holds notes for nbconvert; print('raw cells are never code')"),
    code("import matplotlib.pyplot as plt\nfrom sklearn.datasets import load_iris\n"
         "from sklearn.model_selection import GridSearchCV, train_test_split\nfrom sklearn.tree import DecisionTreeClassifier, plot_tree\n"
         "from sklearn.metrics import ConfusionMatrixDisplay, confusion_matrix"),
    code("iris = load_iris(as_frame=True)\ntarget_names = iris.target_names\n"
         "X_train, X_test, y_train, y_test = train_test_split(iris.data, iris.target, test_size=0.3, stratify=iris.target, random_state=0)"),
    code("?GridSearchCV"),
    code("%%capture\ngrid = GridSearchCV(DecisionTreeClassifier(random_state=0), {'max_depth': [2, 3, 4, 5]}, cv=5)\n"
         "grid.fit(X_train, y_train)"),
    code("print(grid.best_params_)\n%timeit grid.best_estimator_.predict(X_test)"),
    code("plt.figure(figsize=(12, 6))\nplot_tree(grid.best_estimator_, feature_names=iris.feature_names, filled=True)\nplt.show()"),
    code("cm = confusion_matrix(y_test, grid.predict(X_test))\ndisp = ConfusionMatrixDisplay(cm, display_labels=target_names)\n"
         "disp.plot()\nConfusionMatrixDisplay.from_predictions(y_test, grid.predict(X_test))\nprint(cm.trace() / cm.sum())"),
]

KAGGLE_SCALED = [
    md("# KNN on standardised features\nThe scaler is fitted on the training split by hand, outside any pipeline."),
    code("import pandas as pd\nimport matplotlib.pyplot as plt\nfrom sklearn.model_selection import train_test_split\n"
         "from sklearn.preprocessing import StandardScaler\nfrom sklearn.neighbors import KNeighborsClassifier\n"
         "from sklearn.metrics import accuracy_score"),
    code("df = pd.read_csv('Iris.csv')\nX = df.drop(['Id', 'Species'], axis=1)\ny = df['Species']\n"
         "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)"),
    code("sc = StandardScaler()\nX_train = sc.fit_transform(X_train)\nX_test = sc.transform(X_test)"),
    code("knn = KNeighborsClassifier(n_neighbors=5)\nknn.fit(X_train, y_train)\ny_pred = knn.predict(X_test)\n"
         "print('accuracy', accuracy_score(y_test, y_pred))\nplt.scatter(X_test[:, 2], X_test[:, 3])"),
]

PETAL_ONLY = [
    md("# Petals are enough\nTwo unnamed columns sliced out of `iris.data`."),
    code("from sklearn import datasets\nfrom sklearn.model_selection import train_test_split\n"
         "from sklearn.linear_model import LogisticRegression"),
    code("iris = datasets.load_iris()\nX = iris.data[:, 2:]\ny = iris.target\n"
         "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, stratify=y, random_state=0)"),
    code("clf = LogisticRegression(max_iter=1000).fit(X_train, y_train)\nprint(clf.score(X_test, y_test))"),
]

WILD_SYNTAX = [
    md("# Iris, old habits\nA notebook grown over the years: `%pylab`, a helper script, widgets, a captured cell, "
       "an async cell and imports from an older scikit-learn."),
    code("%pylab inline\nimport pandas as pd\nfrom sklearn.externals import joblib\n"
         "from sklearn.metrics import plot_confusion_matrix, accuracy_score\nfrom ipywidgets import interact"),
    code("%%writefile iris_helpers.py\nFEATURES = ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', "
         "'petal width (cm)']\n\n\ndef load():\n    from sklearn.datasets import load_iris\n"
         "    bunch = load_iris(as_frame=True)\n    frame = bunch.frame\n"
         "    frame['species'] = bunch.target_names[frame['target']]\n    return frame"),
    code("%run iris_helpers.py\ndf = load()\nlabel = 'Iris — données'; title(label); print(label, len(df))"),
    code("%%capture log\nprint('describing')\nsummary = df.describe()"),
    code("print(repr(log.stdout), summary.shape)\n[hist(df[c]) for c in FEATURES];\n"
         "show_col = lambda c: boxplot(df[c])\nshow_col('petal width (cm)')"),
    code("@interact(n=(1, 10))\ndef peek(n=5):\n    return df.head(n)"),
    code("import asyncio\n\n\nasync def split_async(frame):\n    await asyncio.sleep(0)\n"
         "    from sklearn.model_selection import train_test_split\n"
         "    return train_test_split(frame[FEATURES], frame['species'], test_size=0.3, random_state=1, "
         "stratify=frame['species'])\n\nX_train, X_test, y_train, y_test = await split_async(df)"),
    code("from sklearn.svm import SVC\nsvc = SVC(kernel='linear').fit(X_train, y_train)\n"
         "print(accuracy_score(y_test, svc.predict(X_test)))\nplot_confusion_matrix(svc, X_test, y_test)\n"
         "joblib.dump(svc, 'svc.joblib')"),
]


SCRATCH_SESSION = [
    md("# iris scratch\nquick session: copy the data in, look at it, try two k, type a flower in at the end"),
    code("!mkdir -p data\n!cp Iris.csv data/iris.csv\n!ls data"),
    code("import pandas as pd\nfrom sklearn.model_selection import train_test_split\n"
         "from sklearn.neighbors import KNeighborsClassifier\npd.read_csv('data/iris.csv')"),
    code("df = _.drop(columns='Id')\ndf.describe()"),
    code("means = Out[3].loc['mean']\nmeans"),
    code("X = df.drop(columns='Species')\ny = df['Species']\n"
         "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=2, stratify=y)\n"
         "knn = KNeighborsClassifier(n_neighbors=1).fit(X_train, y_train)\nknn.score(X_test, y_test)"),
    code("knn_best = KNeighborsClassifier(n_neighbors=7).fit(X_train, y_train)\nknn_best.score(X_test, y_test);"),
    md("type your own flower:"),
    code("row = [float(input(f'{name}: ')) for name in X.columns]\n"
         "print(knn_best.predict(pd.DataFrame([row], columns=X.columns))[0])"),
]


def colab_notebook():
    """A notebook as Colab saves it: nbformat 4.0, no kernelspec, colab metadata, outputs kept."""
    ids = iter(range(100))

    def cell(source, outputs=()):
        return {"cell_type": "code", "execution_count": None, "metadata": {"id": f"cell{next(ids)}",
                "colab": {"base_uri": "https://localhost:8080/"}, "outputId": "3f1c2a9e-0000-4000-8000-000000000000"},
                "outputs": list(outputs), "source": source.splitlines(keepends=True)}
    stream = {"name": "stdout", "output_type": "stream", "text": ["(150, 4)\n"]}
    cells = [
        {"cell_type": "markdown", "metadata": {"id": "intro"}, "source": ["# Iris in Colab\n", "Trained on Colab."]},
        cell("!pip install -q scikit-learn\n%matplotlib inline"),
        cell("from sklearn.datasets import load_iris\nfrom sklearn import tree\nimport matplotlib.pyplot as plt\n"
             "from IPython.display import display, HTML\niris = load_iris()\nprint(iris.data.shape)", [stream]),
        cell("display(HTML('<b>Iris</b>'))\nplt.scatter(iris.data[:, 2], iris.data[:, 3], c=iris.target)"),
        cell("from sklearn.model_selection import train_test_split\n"
             "X_train, X_test, y_train, y_test = train_test_split(iris.data, iris.target, test_size=0.25, random_state=4)\n"
             "tree_clf = tree.DecisionTreeClassifier(max_depth=3, random_state=0).fit(X_train, y_train)"),
        cell("tree.plot_tree(tree_clf)\nprint(tree_clf.score(X_test, y_test))"),
    ]
    return {"nbformat": 4, "nbformat_minor": 0, "cells": cells, "metadata": {
        "colab": {"name": "iris_colab.ipynb", "provenance": []}, "accelerator": "GPU"}}


def write(name, cells):
    """Write a fixture with stable cell ids, so regenerating changes only what was edited."""
    for number, cell in enumerate(cells):
        cell.id = f"{name.split('.')[0]}-{number}"
    notebook = new_notebook(cells=cells, metadata=KERNEL)
    nbformat.validate(notebook)
    nbformat.write(notebook, HERE / name)


if __name__ == "__main__":
    write("kaggle_csv.ipynb", KAGGLE_CSV)
    write("kaggle_classic.ipynb", KAGGLE_CLASSIC)
    write("uci_no_header.ipynb", UCI_NO_HEADER)
    write("mlm_tutorial.ipynb", MLM_TUTORIAL)
    write("seaborn_heavy.ipynb", SEABORN_HEAVY)
    write("gridsearch_tree.ipynb", GRIDSEARCH_TREE)
    write("kaggle_scaled.ipynb", KAGGLE_SCALED)
    write("petal_only.ipynb", PETAL_ONLY)
    write("wild_syntax.ipynb", WILD_SYNTAX)
    write("scratch_session.ipynb", SCRATCH_SESSION)
    (HERE / "colab_export.ipynb").write_text(json.dumps(colab_notebook(), indent=1) + "\n")
