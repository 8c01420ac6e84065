"""model_export/transformed_columns.py: a target or feature a transformer made outside the model stops
the build (the service would answer, or be fed, in other units than the data's); what the export folds
into the model, or a TransformedTargetRegressor, serves. Each scenario is a real script run with the
recorder installed that exports as the generated script does (tests/model_export/recorded.py)."""
import textwrap

from recorded import run_recorded

DATA = """
from sklearn.datasets import load_diabetes
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler, PowerTransformer, StandardScaler
df = load_diabetes(as_frame=True, scaled=False).frame
"""

EXPORT = """
from model_export import ExportError, export_model
try:
    meta = export_model(dict(globals()), recording=recorder.stop(), model_dir="model")
    out = {"target": meta["target"], "inputs": {i["name"]: i.get("max") for i in meta["inputs"]}}
except ExportError as error:
    out = {"stopped": str(error)}
print("SUMMARY " + json.dumps(out))
"""


def exported(tmp_path, notebook):
    return run_recorded(tmp_path, DATA + textwrap.dedent(notebook) + EXPORT)


def test_a_target_power_transformed_before_the_fit_stops_naming_the_transformer(tmp_path):
    out = exported(tmp_path, """
        X_train, X_test, y_train, y_test = train_test_split(df.drop(columns='target'), df[['target']], random_state=0)
        pt = PowerTransformer()
        y_train_t, y_test_t = pt.fit_transform(y_train), pt.transform(y_test)
        model = LinearRegression().fit(X_train, y_train_t)
    """)
    assert "target 'target' as `pt` (PowerTransformer)" in out["stopped"]
    assert "TransformedTargetRegressor" in out["stopped"]


def test_a_target_scaled_in_place_with_the_features_stops_on_the_target(tmp_path):
    out = exported(tmp_path, """
        cols = ['age', 'bmi', 'target']
        df[cols] = MinMaxScaler().fit_transform(df[cols])
        X_train, X_test, y_train, y_test = train_test_split(df[['age', 'bmi', 'bp']], df['target'], random_state=0)
        model = LinearRegression().fit(X_train, y_train)
    """)
    assert "its target 'target'" in out["stopped"] and "MinMaxScaler" in out["stopped"]


def test_features_scaled_in_place_outside_the_model_stop_naming_the_feature(tmp_path):
    out = exported(tmp_path, """
        df[['bmi', 'bp']] = StandardScaler().fit_transform(df[['bmi', 'bp']])
        X_train, X_test, y_train, y_test = train_test_split(df[['age', 'bmi', 'bp']], df['target'], random_state=0)
        model = LinearRegression().fit(X_train, y_train)
    """)
    assert "feature 'bmi' was transformed by" in out["stopped"] and "Pipeline" in out["stopped"]


def test_a_scaler_the_model_was_fitted_behind_is_exported_with_it_and_serves_raw_units(tmp_path):
    out = exported(tmp_path, """
        X_train, X_test, y_train, y_test = train_test_split(df[['age', 'bmi', 'bp']], df['target'], random_state=0)
        scaler = StandardScaler()
        X_train_s, X_test_s = scaler.fit_transform(X_train), scaler.transform(X_test)
        model = LinearRegression().fit(X_train_s, y_train)
    """)
    assert "stopped" not in out, out
    assert out["inputs"]["age"] == df_max("age") and out["target"]["max"] == df_max("target")


def test_a_transformed_target_regressor_answers_in_the_datas_units(tmp_path):
    out = exported(tmp_path, """
        from sklearn.compose import TransformedTargetRegressor
        X_train, X_test, y_train, y_test = train_test_split(df[['age', 'bmi', 'bp']], df['target'], random_state=0)
        model = TransformedTargetRegressor(LinearRegression(), transformer=PowerTransformer()).fit(X_train, y_train)
    """)
    assert "stopped" not in out, out
    assert out["target"]["max"] <= df_max("target") and out["target"]["max"] > 300


def df_max(column):
    from sklearn.datasets import load_diabetes
    frame = load_diabetes(as_frame=True, scaled=False).frame
    from sklearn.model_selection import train_test_split
    train, _ = train_test_split(frame, random_state=0)
    return float(train[column].max())


def test_a_frame_scaled_into_another_variable_does_not_stop_a_model_fitted_on_its_codes(tmp_path):
    # A 0/1 column is among the values of any min-max-scaled column: the feature counts only by its own column.
    out = exported(tmp_path, """
        df['sex'] = (df['sex'] > 1.5).astype(int)
        df['heavy'] = (df['bmi'] > df['bmi'].median()).astype(int) * 2  # 0 or 2: min-max scaled, 0.0 or 1.0
        scaled = MinMaxScaler().fit_transform(df)  # for a plot; the model takes df
        X_train, X_test, y_train, y_test = train_test_split(df[['age', 'sex', 'bmi', 'bp']], df['target'], random_state=0)
        model = LinearRegression().fit(X_train, y_train)
    """)
    assert "stopped" not in out, out


def test_a_target_computed_with_numpy_from_a_file_column_stops_naming_the_file(tmp_path):
    """`y = np.log(df['target'])` on a file read: no transformer to see, but the Series keeps the
    file column's name and none of its values is the file's; fitted on the file's own column, it serves."""
    read = "import numpy as np, pandas as pd\ndf.to_csv('diabetes.csv', index=False)\ndf = pd.read_csv('diabetes.csv')\n"
    out = exported(tmp_path, read + textwrap.dedent("""
        X_train, X_test, y_train, y_test = train_test_split(df[['age', 'bmi', 'bp']], np.log(df['target']), random_state=0)
        model = LinearRegression().fit(X_train, y_train)
    """))
    assert "target 'target' in other units than diabetes.csv holds it" in out["stopped"]
    assert "inverse_func=np.exp" in out["stopped"]
    raw = exported(tmp_path, read + textwrap.dedent("""
        X_train, X_test, y_train, y_test = train_test_split(df[['age', 'bmi', 'bp']], df['target'], random_state=0)
        model = LinearRegression().fit(X_train, y_train)
    """))
    assert "stopped" not in raw, raw
