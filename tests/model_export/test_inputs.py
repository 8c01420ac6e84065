"""model_export/inputs.py: the raw fields the service takes and how each model feature is made from
them (get_dummies, a code table, the model's own pipeline, a DictVectorizer), `encode` and `decode`,
and the gaps the notebook filled, which the service fills as it did, or the stop where it cannot.
How each feature is traced to a raw field (code tables, computed columns) is test_evidence.py's."""
import math

import numpy as np
import pytest
from scenarios import INSURANCE, PENGUINS, exported, refused, served

from model_export.inputs import decode, encode


def test_get_dummies_columns_are_one_hot_of_the_raw_column_and_the_service_takes_its_text(tmp_path):
    meta = exported(tmp_path, PENGUINS, """
        from sklearn.linear_model import LogisticRegression
        X = pd.get_dummies(penguins[['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g',
                                     'island', 'sex']])
        y = penguins['species']
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)
        model = LogisticRegression(max_iter=5000).fit(X_train, y_train)
    """)
    assert [e for e in meta["encoding"] if e["input"] == "island"] == [
        {"input": "island", "as": "one_hot", "value": v} for v in ("Biscoe", "Dream", "Torgersen")]
    inputs = {spec["name"]: spec for spec in meta["inputs"]}
    assert list(inputs) == ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "island", "sex"]
    assert (inputs["sex"]["kind"], inputs["sex"]["values"], inputs["sex"]["unknown"]) == ("category", ["female", "male"], "error")
    assert inputs["flipper_length_mm"]["kind"] == "integer" and inputs["bill_length_mm"]["kind"] == "number"
    bill = inputs["bill_length_mm"]  # the training rows' range: the data's shortest bill, 32.1, went to the test rows
    assert 32.1 < bill["min"] <= bill["quantiles"]["0.5"] <= bill["max"] <= 59.6
    assert [e["label"] for e in meta["examples"]] == ["Adelie", "Chinstrap", "Gentoo"]  # one per class, as written
    assert served(tmp_path, meta, [e["values"] for e in meta["examples"]]) == ["Adelie", "Chinstrap", "Gentoo"]


def test_code_tables_and_dropped_dummies_give_back_the_raw_categories_of_a_regression(tmp_path):
    meta = exported(tmp_path, INSURANCE, """
        from sklearn.ensemble import GradientBoostingRegressor
        df['sex'] = df['sex'].map({'female': 0, 'male': 1})
        df['smoker'] = df['smoker'].replace({'no': 0, 'yes': 1})
        data = pd.get_dummies(df, columns=['region'], drop_first=True)
        X = data.drop('charges', axis=1)
        y = data['charges']
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
        gbr = GradientBoostingRegressor(random_state=0).fit(X_train, y_train)
    """)
    encoding = {e["input"]: e for e in meta["encoding"]}
    assert encoding["sex"] == {"input": "sex", "as": "code", "codes": [["female", 0], ["male", 1]]}
    assert encoding["smoker"]["codes"] == [["no", 0], ["yes", 1]]
    region = next(spec for spec in meta["inputs"] if spec["name"] == "region")
    assert region["values"] == ["northeast", "northwest", "southeast", "southwest"]  # northeast: the dropped one
    smoker, non_smoker = ({"age": 40, "sex": "male", "bmi": 30.0, "children": 1, "smoker": s, "region": "northeast"}
                          for s in ("yes", "no"))
    high, low = served(tmp_path, meta, [smoker, non_smoker])
    assert high - low > 15000  # the notebook's data: smoking adds 20000


def test_a_pipeline_encoding_raw_text_takes_raw_values_imputes_gaps_and_ignores_unknown_categories(tmp_path):
    meta = exported(tmp_path, """
        from palmerpenguins import load_penguins
        from sklearn.compose import ColumnTransformer
        from sklearn.impute import SimpleImputer
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import train_test_split
        from sklearn.pipeline import Pipeline, make_pipeline
        from sklearn.preprocessing import OneHotEncoder, StandardScaler
        df = load_penguins()
        num = ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g']
        cat = ['island', 'sex']
        pre = ColumnTransformer([
            ('num', make_pipeline(SimpleImputer(strategy='median'), StandardScaler()), num),
            ('cat', make_pipeline(SimpleImputer(strategy='most_frequent'), OneHotEncoder(handle_unknown='ignore')), cat)])
        clf = Pipeline([('pre', pre), ('lr', LogisticRegression(max_iter=2000))])
        X_train, X_test, y_train, y_test = train_test_split(df[num + cat], df['species'], random_state=0)
        clf.fit(X_train, y_train)
    """)
    assert [e["as"] for e in meta["encoding"]] == ["number"] * 4 + ["raw", "raw"]
    inputs = {spec["name"]: spec for spec in meta["inputs"]}
    assert all(spec["missing"] for spec in inputs.values())
    assert (inputs["island"]["unknown"], inputs["island"]["values"]) == ("warn", ["Biscoe", "Dream", "Torgersen"])
    gentoo = {"bill_length_mm": 47.5, "bill_depth_mm": 15.0, "flipper_length_mm": 217, "body_mass_g": 5200,
              "island": "Biscoe", "sex": None}
    assert served(tmp_path, meta, [gentoo, {**gentoo, "island": "Atlantis"}]) == ["Gentoo", "Gentoo"]


def test_a_column_filled_from_its_own_values_is_still_the_raw_column(tmp_path):
    meta = exported(tmp_path, """
        import pandas as pd
        from palmerpenguins import load_penguins
        from sklearn.model_selection import train_test_split
        from sklearn.neighbors import KNeighborsClassifier
        df = load_penguins()
        df['bill_length_mm'] = df['bill_length_mm'].fillna(df['bill_length_mm'].median())
        df['flipper_length_mm'] = df['flipper_length_mm'].fillna(200)
        X_train, X_test, y_train, y_test = train_test_split(df[['bill_length_mm', 'flipper_length_mm']],
                                                            df['species'], random_state=0)
        knn = KNeighborsClassifier().fit(X_train, y_train)
    """)
    assert [spec["name"] for spec in meta["inputs"]] == ["bill_length_mm", "flipper_length_mm"]


def test_encode_builds_the_models_rows_and_decode_reads_the_raw_values_back():
    encoding = [{"input": "age", "as": "number"}, {"input": "sex", "as": "code", "codes": [["f", 0], ["m", 1]]},
                {"input": "port", "as": "one_hot", "value": "Q"}, {"input": "port", "as": "one_hot", "value": "S"}]
    rows = [{"age": 30, "sex": "m", "port": "S"}, {"age": None, "sex": "f", "port": "C"}]
    matrix = encode(encoding, rows)
    assert matrix.dtype == float and matrix[0].tolist() == [30.0, 1.0, 0.0, 1.0]
    assert math.isnan(matrix[1, 0]) and matrix[1, 1:].tolist() == [0.0, 0.0, 0.0]
    fields = {"age": {"kind": "number"}, "sex": {"kind": "category"}, "port": {"kind": "category", "dropped": "C"}}
    assert decode(encoding, matrix, fields) == {"age": [30.0, None], "sex": ["m", "f"], "port": ["S", "C"]}
    raw = encode([{"input": "island", "as": "raw"}], [{"island": "Dream"}])
    assert raw.dtype == object and raw.tolist() == [["Dream"]]


@pytest.mark.parametrize("value", [np.int64(3), 3.0])
def test_a_number_input_is_encoded_as_a_float(value):
    assert encode([{"input": "n", "as": "number"}], [{"n": value}]).tolist() == [[3.0]]


def test_numbers_replaced_by_gaps_in_several_columns_at_once_stop_the_build(tmp_path):
    """`df[cols] = df[cols].replace(0, np.nan)`, then each filled with its mean: the model learnt the
    mean where the data (and so the service's users) say 0. Served as is, a 0 would be answered as the
    notebook's model never saw it: stop, naming the column, the cell and the imputer to use."""
    message = refused(tmp_path, """
        import numpy as np
        import pandas as pd
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import train_test_split
        rng = np.random.default_rng(0)
        df = pd.DataFrame({'glucose': rng.choice([0, 90, 120, 150, 180], 400), 'bmi': rng.choice([0, 22.5, 31.0], 400),
                           'age': rng.integers(20, 70, 400)})
        df['outcome'] = ((df['glucose'] > 130) ^ (rng.random(400) < 0.1)).astype(int)
        df[['glucose', 'bmi']] = df[['glucose', 'bmi']].replace(0, np.nan)
        df['glucose'] = df['glucose'].fillna(df['glucose'].mean())
        df['bmi'] = df['bmi'].fillna(df['bmi'].mean())
        X_train, X_test, y_train, y_test = train_test_split(df[['glucose', 'bmi', 'age']], df['outcome'], random_state=0)
        clf = LogisticRegression(max_iter=1000).fit(X_train, y_train)
    """)
    assert "feature 'glucose' is 'glucose' transformed in line 13 of the script (`df[['glucose', 'bmi']].replace(0" in message
    assert "SimpleImputer(missing_values=0" in message


GAPS_FILLED_FROM_A_FILE = """
import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
rng = np.random.default_rng(0)
made = pd.DataFrame({'glucose': rng.choice([0, 90, 120, 150, 180], 400), 'bmi': rng.choice([0, 22.5, 31.0], 400),
                     'age': rng.integers(20, 70, 400)})
made['outcome'] = ((made['glucose'] > 130) ^ (rng.random(400) < 0.1)).astype(int)
made.loc[::50, 'age'] = np.nan
made.to_csv('pima.csv', index=False)
df = pd.read_csv('pima.csv')
df[['glucose', 'bmi']] = df[['glucose', 'bmi']].replace(0, np.nan)
df['glucose'] = df['glucose'].fillna(df['glucose'].mean())
df['bmi'] = df['bmi'].fillna(df['bmi'].median())
df['age'] = {age}
X_train, X_test, y_train, y_test = train_test_split(df[['glucose', 'bmi', 'age']], df['outcome'], random_state=0)
clf = LogisticRegression(max_iter=1000).fit(X_train, y_train)
"""


def test_gaps_filled_with_one_value_outside_the_model_are_filled_so_by_the_service(tmp_path):
    """The file's 0s made gaps, then filled with the mean (median, a constant): observed against the
    file as read, row by row, the service takes the raw numbers, 0 and null included, and fills them
    as the notebook did; the saved model answers a 0 as the notebook's model answered the mean."""
    meta = exported(tmp_path, GAPS_FILLED_FROM_A_FILE.replace("{age}", "df['age'].replace(np.nan, 45)"))
    import pandas as pd
    data = pd.read_csv(tmp_path / "pima.csv")
    inputs = {spec["name"]: spec for spec in meta["inputs"]}
    glucose = inputs["glucose"]
    assert glucose["fill"] == {"value": pytest.approx(data["glucose"][data["glucose"] > 0].mean()), "gaps": [0.0]}
    assert inputs["bmi"]["fill"]["gaps"] == [0.0] and inputs["age"]["fill"] == {"value": 45.0, "gaps": []}
    assert all(inputs[name]["missing"] is True for name in ("glucose", "bmi", "age"))
    assert glucose["min"] == 0.0  # the data's 0s are in the range a user may send
    assert glucose["description"].startswith("Empty (null) or 0: a gap, filled with 139.")
    assert {"input": "glucose", "as": "number"} in meta["encoding"]  # the encoding of the filled value
    zero, null, mean = ({"glucose": g, "bmi": 31.0, "age": 50} for g in (0, None, glucose["fill"]["value"]))
    assert served(tmp_path, meta, [zero, null]) == served(tmp_path, meta, [mean, mean])


def test_gaps_filled_by_another_inputs_value_are_filled_by_its_value(tmp_path):
    """The Titanic's ages by class: each gap filled with one value per value of another input in its
    row. The service fills a gap by that input's value, as the notebook did."""
    meta = exported(tmp_path, GAPS_FILLED_FROM_A_FILE.replace(
        "{age}", "df['age'].fillna(df['glucose'].map({90: 30, 120: 40, 150: 50, 180: 60}).fillna(35))"))
    age = next(spec for spec in meta["inputs"] if spec["name"] == "age")
    assert age["missing"] is True and age["fill"]["by"] == "glucose"
    table = dict((key, fill) for key, fill in age["fill"]["values"])
    assert set(table.values()) <= {30.0, 40.0, 50.0, 60.0, 35.0} and len(table) >= 2
    key = next(k for k in table if k != 0)
    row = {"glucose": key, "bmi": 31.0}
    assert served(tmp_path, meta, [{**row, "age": None}]) == served(tmp_path, meta, [{**row, "age": table[key]}])


def test_gaps_filled_row_by_row_are_no_fill_and_the_input_stays_required(tmp_path):
    """Gaps filled with values no input tells (drawn at random here) are no fill the service could
    repeat: the age is asked for as the data has it, and null is refused."""
    meta = exported(tmp_path, GAPS_FILLED_FROM_A_FILE.replace(
        "{age}", "df['age'].fillna(pd.Series(rng.integers(20, 70, len(df)), index=df.index))"))
    age = next(spec for spec in meta["inputs"] if spec["name"] == "age")
    assert age["missing"] is False and "fill" not in age


def test_gaps_filled_row_by_row_are_not_told_by_an_input_whose_values_all_differ(tmp_path):
    """A measurement differs on every gap row, so any fills agree with it row by row: that is no fill
    by its value (each value must be seen on two gaps at least), and the age stays required."""
    notebook = GAPS_FILLED_FROM_A_FILE.replace(
        "'age': rng.integers(20, 70, 400)})", "'age': rng.integers(20, 70, 400), 'pressure': rng.normal(70, 9, 400)})"
    ).replace("df[['glucose', 'bmi', 'age']]", "df[['glucose', 'bmi', 'age', 'pressure']]")
    meta = exported(tmp_path, notebook.replace(
        "{age}", "df['age'].fillna(pd.Series(rng.integers(20, 70, len(df)), index=df.index))"))
    age = next(spec for spec in meta["inputs"] if spec["name"] == "age")
    assert age["missing"] is False and "fill" not in age


def test_a_dict_vectorizer_fed_records_is_served_from_a_table_of_the_same_fields(tmp_path):
    """Records (`to_dict(orient='records')`) through a DictVectorizer and a scaler: the service takes
    `island`, `sex` as text and the numbers as they are, and the saved model reproduces the notebook's."""
    meta = exported(tmp_path, PENGUINS, """
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import StandardScaler
        train, test = train_test_split(penguins, test_size=0.25, random_state=1)
        columns = ['island', 'sex', 'bill_length_mm', 'body_mass_g']
        dv = DictVectorizer(sparse=False).fit(train[columns].to_dict(orient='records'))
        X_train = dv.transform(train[columns].to_dict(orient='records'))
        X_test = dv.transform(test[columns].to_dict(orient='records'))
        scaler = StandardScaler().fit(X_train)
        X_train_scaled, X_test_scaled = scaler.transform(X_train), scaler.transform(X_test)
        y_train, y_test = train['species'].values, test['species'].values
        model = LogisticRegression(max_iter=1000).fit(X_train_scaled, y_train)
    """)
    inputs = {spec["name"]: spec for spec in meta["inputs"]}
    assert set(inputs) == {"island", "sex", "bill_length_mm", "body_mass_g"}
    assert inputs["island"]["kind"] == "category" and inputs["island"]["values"] == ["Biscoe", "Dream", "Torgersen"]
    assert inputs["body_mass_g"]["kind"] in ("integer", "number")
    assert meta["candidates"][0]["scored_by"] == "held-out accuracy on X_test (84 rows)"
    assert "reproduces the notebook's predictions on its 84 held-out rows" in meta["_out"]


GAPS_FILLED_BY_ISLAND = """
    import pandas as pd
    from palmerpenguins import load_penguins
    from sklearn.model_selection import train_test_split
    from sklearn.tree import DecisionTreeClassifier
    penguins = load_penguins()
    def fill_bill(cols):
        bill = cols.iloc[0]
        island = cols.iloc[1]
        if pd.isnull(bill):
            return 39.0 if island == 'Torgersen' else 45.0
        return {kept}
    penguins['bill_length_mm'] = penguins[['bill_length_mm', 'island']].apply(fill_bill, axis=1)
    penguins = penguins.dropna(subset=['flipper_length_mm'])
    X_train, X_test, y_train, y_test = train_test_split(penguins[['bill_length_mm', 'flipper_length_mm']],
                                                        penguins['species'], random_state=0)
    tree = DecisionTreeClassifier(max_depth=3, random_state=0).fit(X_train, y_train)
"""


def test_a_column_whose_gaps_are_filled_from_another_column_is_still_asked_for_as_it_is(tmp_path):
    """The notebook fills the lengths the data lacks by island (the Titanic's ages by class): every
    length the data has is kept, so the service asks for the length, required, and serves."""
    meta = exported(tmp_path, GAPS_FILLED_BY_ISLAND.format(kept="bill"))
    bill = next(spec for spec in meta["inputs"] if spec["name"] == "bill_length_mm")
    assert bill["kind"] == "number" and bill["missing"] is False


def test_a_row_function_that_changes_the_values_it_was_given_still_stops(tmp_path):
    message = refused(tmp_path, GAPS_FILLED_BY_ISLAND.format(kept="bill * 2 if island == 'Dream' else bill"))
    assert "feature 'bill_length_mm' is computed from other columns (island)" in message


def test_a_category_filled_by_another_inputs_value_is_described_in_its_words():
    """Embarked filled by class ('C' for first, 'S' for third): the fills are text, said as written."""
    from model_export.inputs import _say_fill

    spec = {"name": "embarked", "description": ""}
    _say_fill(spec, {"by": "pclass", "values": [[1, "C"], [3, "S"]], "gaps": []})
    assert spec["description"] == "Empty (null): a gap, filled with a value by pclass (1: 'C', 3: 'S') as the notebook filled it."
