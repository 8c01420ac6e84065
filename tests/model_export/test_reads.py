"""model_export/reads.py with the export: the data files the notebook read name the service's fields.

Each scenario is a real script run with the recorder installed (tests/model_export/recorded.py):
it writes a data file, reads it as notebooks do, renames or encodes, fits, and exports.
"""
import textwrap

from recorded import run_recorded

FILES = """
import pandas as pd
from sklearn.datasets import load_diabetes, load_wine
diabetes = load_diabetes(as_frame=True).frame
diabetes.to_csv('diabetes.csv', index=False)
diabetes.to_csv('diabetes.data', index=False, header=False)
del diabetes
"""

EXPORT = """
from model_export import run_export
meta = run_export(dict(globals()), recording=recorder.stop(), model_dir="model")
print("SUMMARY " + json.dumps(meta))
"""


def exported(tmp_path, notebook):
    return run_recorded(tmp_path, FILES + textwrap.dedent(notebook) + EXPORT)


def test_the_recorder_keeps_each_table_as_read_and_whether_the_file_named_its_columns(tmp_path):
    summary = run_recorded(tmp_path, FILES + textwrap.dedent("""
        df = pd.read_csv('diabetes.csv')
        df.rename(columns={'bmi': 'body_mass'}, inplace=True)
        df.columns = [c.upper() for c in df.columns]
        df.loc[0, 'AGE'] = 99.0
        pd.read_csv('diabetes.csv', names=list('abcdefghijk'), skiprows=1)
        pd.read_csv('diabetes.data', header=None)
        pd.read_csv('diabetes.data')  # no header row, read with one: its first row taken for names
        reads = recorder.stop().reads
        print("SUMMARY " + json.dumps({
            "files": [r.file for r in reads], "named": [r.named for r in reads],
            "columns": list(map(str, reads[0].frame.columns))[:4], "age": float(reads[0].frame.loc[0, 'age'])}))
    """))
    assert summary["files"] == ["diabetes.csv"] * 2 + ["diabetes.data"] * 2
    assert summary["named"] == [True, False, False, False]
    assert summary["columns"] == ["age", "sex", "bmi", "bp"] and summary["age"] != 99.0  # as read


def test_columns_the_notebook_renamed_are_asked_for_as_the_file_names_them(tmp_path):
    meta = exported(tmp_path, """
        from sklearn.linear_model import LinearRegression
        from sklearn.model_selection import train_test_split
        df = pd.read_csv('diabetes.csv')
        df = df.rename(columns={'bmi': 'body_mass_index', 'bp': 'blood_pressure', 'target': 'progression'})
        X = df[['age', 'body_mass_index', 'blood_pressure', 's5']]
        X_train, X_test, y_train, y_test = train_test_split(X, df['progression'], random_state=0)
        reg = LinearRegression().fit(X_train, y_train)
    """)
    inputs = {spec["name"]: spec for spec in meta["inputs"]}
    assert list(inputs) == ["age", "bmi", "bp", "s5"]
    assert meta["feature_names"] == ["age", "body_mass_index", "blood_pressure", "s5"]  # the model's own columns
    assert inputs["bmi"]["label"] == "body_mass_index"
    assert inputs["bmi"]["source"] == {"file": "diabetes.csv", "column": "bmi", "position": 2}
    assert [e["input"] for e in meta["encoding"]] == ["age", "bmi", "bp", "s5"]
    assert all(set(example["values"]) == set(inputs) for example in meta["examples"])


def test_a_headerless_file_named_by_assigning_columns_gives_the_notebooks_names_and_their_places(tmp_path):
    meta = exported(tmp_path, """
        from sklearn.linear_model import Ridge
        data = pd.read_csv('diabetes.data', header=None)
        data.columns = ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6', 'progression']
        X = data.iloc[:, 2:4].values
        model = Ridge().fit(X, data['progression'].values)
    """)
    assert [spec["name"] for spec in meta["inputs"]] == ["bmi", "bp"]
    assert [spec["source"] for spec in meta["inputs"]] == [
        {"file": "diabetes.data", "column": None, "position": 2}, {"file": "diabetes.data", "column": None, "position": 3}]


def test_zero_one_columns_the_file_itself_holds_are_fields_not_the_get_dummies_of_a_column(tmp_path):
    meta = exported(tmp_path, """
        wine = load_wine(as_frame=True).frame  # written by an earlier notebook, encoded already
        hue = pd.cut(wine['hue'], [0, 0.8, 9], labels=['low', 'high'])
        pd.concat([wine, pd.get_dummies(hue, prefix='hue', dtype=int)], axis=1).to_csv('wine_prepared.csv', index=False)
        del wine, hue
        from sklearn.tree import DecisionTreeClassifier
        from sklearn.model_selection import train_test_split
        df = pd.read_csv('wine_prepared.csv')
        X = df[['alcohol', 'proline', 'hue_low', 'hue_high']]
        X_train, X_test, y_train, y_test = train_test_split(X, df['target'], random_state=1)
        tree = DecisionTreeClassifier(random_state=0).fit(X_train, y_train)
    """)
    assert [spec["name"] for spec in meta["inputs"]] == ["alcohol", "proline", "hue_low", "hue_high"]
    assert [e["as"] for e in meta["encoding"]] == ["number"] * 4


def test_two_columns_whose_names_the_notebook_swapped_are_asked_for_by_the_files_names(tmp_path):
    meta = exported(tmp_path, """
        from sklearn.linear_model import LinearRegression
        df = pd.read_csv('diabetes.csv').rename(columns={'s1': 's2', 's2': 's1'})
        reg = LinearRegression().fit(df[['s1', 's2', 'bmi']], df['target'])
    """)
    assert meta["feature_names"] == ["s1", "s2", "bmi"]
    assert [(spec["name"], spec["label"]) for spec in meta["inputs"]] == [("s2", "s1"), ("s1", "s2"), ("bmi", "Bmi")]
