"""model_export/file_kinds.py: a number input whose training rows are all whole is still a "number" when
its file column holds a value that is not (the service must not refuse a value of the data itself);
a column whole in the whole file stays an "integer"."""
import pandas as pd
from recorded import run_recorded

from model_export.file_kinds import as_file_kind

SCRIPT = """
import numpy as np, pandas as pd
from sklearn.tree import DecisionTreeRegressor
rng = np.random.default_rng(0)
size = rng.integers(50, 400, 200).astype(float)
size[150] = 97.5  # one value of the file that is not whole, outside the training rows
pd.DataFrame({"size": size, "rooms": rng.integers(1, 6, 200), "price": size * 3 + rng.normal(size=200)}).to_csv(
    "houses.csv", index=False)
df = pd.read_csv("houses.csv")
train = df.iloc[:140]
model = DecisionTreeRegressor(max_depth=4, random_state=0).fit(train[["size", "rooms"]], train["price"])
from model_export import export_model
meta = export_model(dict(globals()), recording=recorder.stop(), model_dir="model")
print("SUMMARY " + json.dumps({i["name"]: i["kind"] for i in meta["inputs"]}))
"""


def test_a_file_column_with_a_value_that_is_not_whole_is_a_number_field_though_the_training_rows_are(tmp_path):
    assert run_recorded(tmp_path, SCRIPT) == {"size": "number", "rooms": "integer"}


def test_only_an_integer_field_of_a_float_column_changes():
    assert as_file_kind({"kind": "integer"}, pd.Series([1.0, 2.5]))["kind"] == "number"
    assert as_file_kind({"kind": "integer"}, pd.Series([1.0, 2.0, None]))["kind"] == "integer"
    assert as_file_kind({"kind": "category"}, pd.Series([1.0, 2.5]))["kind"] == "category"
