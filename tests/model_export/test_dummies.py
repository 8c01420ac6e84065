"""One-hot columns whose raw column the notebook overwrote (model_export/inputs.py with what the
recorder saw pandas do, model_export/pandas_calls.py): the encoding is rebuilt from the get_dummies
calls and the files read at run time, a prefix that merely looks like a dummy is not one, and the
build stops when the dropped category truly cannot be told or the numbers are not the file's."""
from scenarios import PENGUINS, exported, refused, served

# The penguins as a data scientist gets them: a CSV file, read with pandas.
PENGUINS_CSV = """
import pandas as pd
from palmerpenguins import load_penguins
from sklearn.model_selection import train_test_split
load_penguins().dropna().to_csv('penguins.csv', index=False)
penguins = pd.read_csv('penguins.csv')
"""

GENTOO = {"bill_length_mm": 47.5, "bill_depth_mm": 15.0, "flipper_length_mm": 217, "body_mass_g": 5200,
          "island": "Biscoe", "sex": "female", "year": 2008}
TORGERSEN_ADELIE = {**GENTOO, "bill_length_mm": 38.0, "bill_depth_mm": 18.5, "flipper_length_mm": 188,
                    "body_mass_g": 3600, "island": "Torgersen"}


def test_drop_first_dummies_after_the_raw_frame_is_overwritten_take_the_dropped_category_from_the_call(tmp_path):
    meta = exported(tmp_path, PENGUINS, """
        from sklearn.linear_model import LogisticRegression
        penguins = pd.get_dummies(penguins, columns=['island', 'sex'], drop_first=True)  # no frame, no file has 'island'
        X = penguins.drop('species', axis=1)
        X_train, X_test, y_train, y_test = train_test_split(X, penguins['species'], random_state=0)
        model = LogisticRegression(max_iter=5000).fit(X_train, y_train)
    """)
    inputs = {spec["name"]: spec for spec in meta["inputs"]}
    assert inputs["island"]["values"] == ["Biscoe", "Dream", "Torgersen"]  # Biscoe: drop_first's, no column
    assert inputs["sex"]["values"] == ["female", "male"]
    assert [e["value"] for e in meta["encoding"] if e["input"] == "island"] == ["Dream", "Torgersen"]
    assert served(tmp_path, meta, [GENTOO, TORGERSEN_ADELIE]) == ["Gentoo", "Adelie"]


def test_one_hot_encoder_output_made_a_frame_takes_the_dropped_category_from_the_file_read(tmp_path):
    meta = exported(tmp_path, PENGUINS_CSV, """
        from sklearn.preprocessing import OneHotEncoder
        from sklearn.tree import DecisionTreeClassifier
        ohe = OneHotEncoder(drop='first', sparse_output=False)
        coded = pd.DataFrame(ohe.fit_transform(penguins[['island']]), columns=ohe.get_feature_names_out(),
                             index=penguins.index)
        penguins = pd.concat([penguins.drop(columns=['island', 'sex']), coded], axis=1)
        X_train, X_test, y_train, y_test = train_test_split(penguins.drop(columns='species'), penguins['species'],
                                                            random_state=0)
        tree = DecisionTreeClassifier(max_depth=4, random_state=0).fit(X_train, y_train)
    """)
    island = next(spec for spec in meta["inputs"] if spec["name"] == "island")
    assert island["values"] == ["Biscoe", "Dream", "Torgersen"]
    rows = [{k: v for k, v in row.items() if k != "sex"} for row in (GENTOO, TORGERSEN_ADELIE)]
    assert served(tmp_path, meta, rows) == ["Gentoo", "Adelie"]


def test_a_category_merged_before_encoding_is_never_guessed_as_the_dropped_one(tmp_path):
    message = refused(tmp_path, PENGUINS_CSV, """
        from sklearn.preprocessing import OneHotEncoder
        from sklearn.linear_model import LogisticRegression
        penguins['island'] = penguins['island'].replace('Torgersen', 'Dream')  # the file keeps 'Torgersen'
        ohe = OneHotEncoder(drop='first', sparse_output=False)
        coded = pd.DataFrame(ohe.fit_transform(penguins[['island']]), columns=ohe.get_feature_names_out(),
                             index=penguins.index)
        penguins = pd.concat([penguins[['bill_length_mm', 'bill_depth_mm', 'species']], coded], axis=1)
        X_train, X_test, y_train, y_test = train_test_split(penguins.drop(columns='species'), penguins['species'],
                                                            random_state=0)
        model = LogisticRegression(max_iter=5000).fit(X_train, y_train)
    """)
    assert "none of the model's 'island' columns set" in message and "(the model was fitted" in message


def test_dummies_of_a_column_with_gaps_make_an_optional_input_whose_null_is_all_zeros(tmp_path):
    meta = exported(tmp_path, """
        import pandas as pd
        from palmerpenguins import load_penguins
        from sklearn.model_selection import train_test_split
        from sklearn.linear_model import LogisticRegression
        load_penguins().dropna(subset=['bill_length_mm']).to_csv('penguins.csv', index=False)
        df = pd.read_csv('penguins.csv')  # 'sex' has gaps
        df = pd.get_dummies(df, columns=['island', 'sex'])
        X = df.drop(columns=['species', 'year'])
        X_train, X_test, y_train, y_test = train_test_split(X, df['species'], random_state=0)
        model = LogisticRegression(max_iter=5000).fit(X_train, y_train)
    """)
    sex = next(spec for spec in meta["inputs"] if spec["name"] == "sex")
    assert (sex["missing"], sex["values"]) == (True, ["female", "male"])
    assert next(spec for spec in meta["inputs"] if spec["name"] == "island")["missing"] is False
    row = {k: v for k, v in GENTOO.items() if k != "year"}
    assert served(tmp_path, meta, [{**row, "sex": None}]) == ["Gentoo"]


def test_columns_sharing_a_prefix_that_hold_numbers_are_no_one_hot_group(tmp_path):
    meta = exported(tmp_path, """
        from sklearn.datasets import load_digits
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import train_test_split
        digits = load_digits(as_frame=True)  # pixel_0_0 is always 0; pixel_0_1 ... hold 0 to 16
        X_train, X_test, y_train, y_test = train_test_split(digits.data, digits.target, random_state=0)
        lr = LogisticRegression(max_iter=3000).fit(X_train, y_train)
    """)
    assert len(meta["inputs"]) == 64 and {e["as"] for e in meta["encoding"]} == {"number"}
    assert meta["inputs"][0]["name"] == "pixel_0_0"


def test_numbers_normalised_by_hand_outside_the_files_range_stop_the_build_naming_the_file(tmp_path):
    message = refused(tmp_path, PENGUINS_CSV, """
        # In[3]:
        from sklearn.linear_model import LogisticRegression
        cols = ['bill_length_mm', 'bill_depth_mm']
        X_train, X_test, y_train, y_test = train_test_split(penguins[cols], penguins['species'], random_state=0)
        mean, std = X_train[cols].mean(), X_train[cols].std()
        X_train[cols] = (X_train[cols] - mean) / std
        model = LogisticRegression().fit(X_train, y_train)
    """)
    assert "'bill_length_mm' is not the column 'bill_length_mm' of the file read in" in message
    assert "transformed outside the model" in message


def test_gaps_filled_within_the_files_range_pass_the_range_check(tmp_path):
    meta = exported(tmp_path, """
        import pandas as pd
        from palmerpenguins import load_penguins
        from sklearn.model_selection import train_test_split
        from sklearn.linear_model import LogisticRegression
        load_penguins().to_csv('penguins.csv', index=False)
        df = pd.read_csv('penguins.csv')
        cols = ['bill_length_mm', 'bill_depth_mm']
        df[cols] = df[cols].fillna(df[cols].median())
        X_train, X_test, y_train, y_test = train_test_split(df[cols], df['species'], random_state=0)
        model = LogisticRegression(max_iter=5000).fit(X_train, y_train)
    """)
    assert [spec["name"] for spec in meta["inputs"]] == ["bill_length_mm", "bill_depth_mm"]


def test_a_scalers_output_made_a_frame_then_columns_dropped_is_traced_back_to_the_raw_dummies(tmp_path):
    meta = exported(tmp_path, PENGUINS_CSV, """
        from sklearn.feature_selection import SelectKBest
        from sklearn.neighbors import KNeighborsClassifier
        from sklearn.preprocessing import StandardScaler
        data = pd.get_dummies(penguins, columns=['island', 'sex'], drop_first=True)
        label = data.pop('species')
        scaler = StandardScaler()
        scaled = pd.DataFrame(scaler.fit_transform(data), columns=data.columns)  # every column, dummies too
        scaled['species'] = label.reset_index(drop=True)
        X = scaled.drop(columns=['species', 'year'])  # not every scaled column is a feature
        skb = SelectKBest(k=5)
        skb.fit_transform(X, scaled['species'])
        chosen = X.columns[skb.get_support()]
        X_train, X_test, y_train, y_test = train_test_split(X[chosen], scaled['species'], random_state=0)
        knn = KNeighborsClassifier().fit(X_train, y_train)
    """)
    inputs = {spec["name"]: spec for spec in meta["inputs"]}
    assert "island" in inputs and not any(name.startswith("island_") for name in inputs)
    assert inputs["island"]["values"] == ["Biscoe", "Dream", "Torgersen"]
    assert 170 <= inputs["flipper_length_mm"]["min"] < inputs["flipper_length_mm"]["max"] <= 232  # millimetres
    rows = [{k: v for k, v in row.items() if k in inputs} for row in (GENTOO, TORGERSEN_ADELIE)]
    assert served(tmp_path, meta, rows) == ["Gentoo", "Adelie"]
