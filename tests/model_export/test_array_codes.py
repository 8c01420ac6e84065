"""model_export/array_codes.py: text columns of a numpy array coded in place by a LabelEncoder
(`X[:, 2] = le.fit_transform(X[:, 2])`) before a ColumnTransformer and a scaler fitted outside the
model are given back their text: the exported pipeline takes the text, its fields are the frame's
columns, and it answers as the notebook's model. A column no coding made keeps its numbers."""
from recorded import run_recorded

SCRIPT = """
import numpy as np, pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import LabelEncoder, OneHotEncoder, StandardScaler
rng = np.random.default_rng(0)
n = 120
df = pd.DataFrame({"bill": rng.uniform(5, 50, n).round(2), "sex": rng.choice(["Female", "Male"], n),
                   "smoker": rng.choice(["No", "Yes"], n), "day": rng.choice(["Sat", "Sun", "Thur"], n)})
df["time"] = np.where(df["day"] == "Thur", "Lunch", "Dinner")
X = df.iloc[:, :-1].values
y = df.iloc[:, -1].values
le = LabelEncoder()
X[:, 1] = le.fit_transform(X[:, 1])
X[:, 2] = le.fit_transform(X[:, 2])
ct = ColumnTransformer([('encoder', OneHotEncoder(), [3])], remainder='passthrough')
X = np.array(ct.fit_transform(X))
sc = StandardScaler()
X_train = sc.fit_transform(X[:90])
classifier = LogisticRegression().fit(X_train, y[:90])
from model_export import export_model
meta = export_model(dict(globals()), recording=recorder.stop(), model_dir="model")
import joblib
model = joblib.load("model/model.joblib")
rows = df.iloc[:, :-1].to_numpy(dtype=object)
print("SUMMARY " + json.dumps({
    "inputs": {i["name"]: i["kind"] for i in meta["inputs"]},
    "same": bool((model.predict(rows) == classifier.predict(sc.transform(X))).all())}))
"""


def test_columns_a_label_encoder_coded_in_a_numpy_array_are_served_as_their_text(tmp_path):
    out = run_recorded(tmp_path, SCRIPT)
    assert out["inputs"] == {"bill": "number", "sex": "category", "smoker": "category", "day": "category"}
    assert out["same"]
