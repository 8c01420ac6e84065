"""End to end: a notebook written in 2018 on a Windows laptop (numpy aliases, pandas 1.x and
scikit-learn 0.2x APIs, the author's own paths, a cell indented as a whole, a broken scratch
cell, a name its kernel had but it never imports) converts, runs headless from its folder with
today's libraries and exports the model it trained: issue 11, items 3 to 6 together."""
import json
import os
import pathlib
import subprocess
import sys

import joblib
import pytest
from nbformat import write
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from sklearn.datasets import load_iris

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "notebooks"))
import iris_files  # noqa: E402

CELLS = [
    new_markdown_cell("# Iris with logistic regression (2018)"),
    new_code_cell("%matplotlib inline\nimport numpy as np\nimport pandas as pd\nimport pandas.util.testing as tm\n"
                  "from sklearn.linear_model import LogisticRegression\nfrom sklearn.model_selection import KFold, "
                  "cross_val_score, train_test_split"),
    new_code_cell("%cd C:\\Users\\ana\\Documents\\iris\n"
                  "df = pd.read_csv(r'C:\\Users\\ana\\Documents\\iris\\Iris.csv', error_bad_lines=False)\n"
                  "df = df.drop('Id', axis=1)"),
    new_code_cell("    summary = df.groupby('Species').mean()\n    print(summary)\n    print(df.corr())"),
    new_code_cell("for c in df.columns\n    print(c)"),
    new_code_cell("X = df.ix[:, 0:4].as_matrix().astype(np.float)\ny = df['Species'].values\n"
                  "scaler = StandardScaler().fit(X)\nX = scaler.transform(X)\n"
                  "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=np.int(7))"),
    new_code_cell("scores = pd.Series()\nfor C in [0.1, 1.0, 10.0]:\n"
                  "    lr = LogisticRegression(C=C, solver='liblinear', multi_class='ovr')\n"
                  "    cv = cross_val_score(lr, X_train, y_train, cv=KFold(n_splits=5, random_state=1))\n"
                  "    scores = scores.append(pd.Series([cv.mean()], index=[C]))\nbest_C = float(scores.idxmax())"),
    new_code_cell("model = LogisticRegression(C=best_C, multi_class='multinomial', max_iter=1000)\n"
                  "model.fit(X_train, y_train)\nprint(model.score(X_test, y_test))\n"
                  "print(model.predict(scaler.transform([[5.1, 3.5, 1.4, 0.2]])))"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("old_notebook")
    iris_files.write_kaggle_csv(folder)
    write(new_notebook(cells=CELLS, metadata={"kernelspec": {"name": "python2", "language": "python2",
                                                            "display_name": "Python 2"}}), folder / "iris_2018.ipynb")
    converted = subprocess.run([sys.executable, str(ROOT / "convert.py"), "iris_2018.ipynb", "-o", "output_model.py"],
                               cwd=folder, capture_output=True, text=True, timeout=300)
    assert converted.returncode == 0, converted.stderr
    env = {**{k: v for k, v in os.environ.items() if k != "MIN_ACCURACY"}, "MPLBACKEND": "Agg",
           "MODEL_DIR": str(folder / "model")}
    ran = subprocess.run([sys.executable, "output_model.py"], cwd=folder, env=env, capture_output=True, text=True,
                         timeout=300)
    return folder, converted.stdout, ran


def test_every_old_idiom_is_reported_with_its_cell_and_line_in_notebook_order(built):
    _, report, _ = built
    places = [tuple(int(n) for n in line.split(":")[0].split()[1::2]) for line in report.splitlines()[:-1]]
    assert places == sorted(places)
    for expected in ["cell 2 line 4: pandas.util.testing was removed in pandas 2.0",
                     "cell 3 line 1: %cd: into 'C:\\\\Users\\\\ana\\\\Documents\\\\iris'",
                     "cell 3 line 2: path from the author's machine",
                     "cell 3 line 2: read_csv(error_bad_lines=False) is on_bad_lines='skip'",
                     "cell 4 line 1: the whole cell is indented",
                     "cell 4 line 3: pandas 2 no longer skips text columns",
                     "cell 5 line 1: warning: not valid Python, even for IPython",
                     "cell 6 line 1: .ix was removed in pandas 1.0",
                     "cell 6 line 1: np.float was removed from numpy: `float` (ruff NPY001)",
                     "cell 6 line 3: StandardScaler is used but never imported",
                     "cell 7 line 3: LogisticRegression(multi_class='ovr') was removed in scikit-learn 1.8",
                     "cell 7 line 3: OneVsRestClassifier is used but never imported",
                     "cell 7 line 4: a random_state without shuffle=True had no effect",
                     "cell 7 line 5: Series/DataFrame.append was removed in pandas 2.0",
                     "cell 8 line 1: LogisticRegression(multi_class=) was removed in scikit-learn 1.8"]:
        assert expected in report, expected


def test_the_script_runs_headless_with_todays_libraries_and_exports_the_model(built):
    folder, _, ran = built
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert "is not on this machine: using 'Iris.csv' in the notebook's folder" in ran.stderr
    assert "['Iris-setosa']" in ran.stdout
    metadata = json.loads((folder / "model" / "model.json").read_text())
    model = joblib.load(folder / "model" / "model.joblib")
    iris = load_iris()
    right = (model.predict(iris.data) == [f"Iris-{iris.target_names[t]}" for t in iris.target]).mean()
    assert right >= 0.9, (right, metadata)
