"""Format 2 model artifacts (docs/model-artifact.md, "Format 2") built with scikit-learn directly,
as the export will write them: penguins (numbers, integers and categories, one-hot with
pd.get_dummies outside the model), a raw-valued pipeline that encodes categories itself and
ignores unknown ones, and regressors of a penguin's body mass (one with an imputer behind a
number that may be missing).

The input contract is derived from the training frame here the way the plan says: numbers
keep their training range and quantiles, categories the values seen, examples are training rows.
"""
import datetime
import json
import pathlib
import platform

import joblib
import numpy as np
import pandas as pd
import sklearn
from palmerpenguins import load_penguins
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

import contract

NUMBERS = ["bill_length_mm", "bill_depth_mm"]
INTEGERS = ["flipper_length_mm", "body_mass_g"]
CATEGORIES = ["island", "sex"]
QUANTILES = ("0.05", "0.25", "0.5", "0.75", "0.95")


def penguins() -> pd.DataFrame:
    """The penguins table without its incomplete rows; lengths and masses are whole numbers
    where the data has them so (flipper length, body mass)."""
    frame = load_penguins().dropna().reset_index(drop=True)
    frame[INTEGERS] = frame[INTEGERS].astype(int)
    return frame


def input_of(frame: pd.DataFrame, name: str, kind: str, unknown: str = "error", missing: bool = False) -> dict:
    """One input object of the contract, derived from the training column."""
    column = frame[name]
    spec = {"name": name, "kind": kind, "label": name.replace("_", " ").capitalize(),
            "unit": {"mm": "mm", "g": "g"}.get(name.rsplit("_", 1)[-1]), "description": None, "missing": missing}
    if kind in ("number", "integer"):
        cast = int if kind == "integer" else float
        spec.update(min=cast(column.min()), max=cast(column.max()),
                    quantiles={q: float(column.quantile(float(q))) for q in QUANTILES})
    else:
        spec.update(values=sorted(column.dropna().unique().tolist()), unknown=unknown)
    return spec


def penguin_inputs(frame: pd.DataFrame, unknown: str = "error", inputs=None) -> list:
    kinds = {**{n: "number" for n in NUMBERS}, **{n: "integer" for n in INTEGERS},
             **{n: "category" for n in CATEGORIES}}
    return [input_of(frame, name, kinds[name], unknown) for name in (inputs or kinds)]


def _json_value(value):
    return value.item() if hasattr(value, "item") else value


def examples_of(frame: pd.DataFrame, inputs: list, by: str | None = None, target: str | None = None) -> list:
    """One training row per class of `by`, or the rows nearest the quartiles of `target`."""
    names = [spec["name"] for spec in inputs]
    if by is not None:
        rows = [(label, frame[frame[by] == label].iloc[0]) for label in sorted(frame[by].unique())]
    else:
        values = frame[target]
        rows = [(f"{q:.0%} of {target}", frame.iloc[int((values - values.quantile(q)).abs().argmin())])
                for q in (0.25, 0.5, 0.75)]
    return [{"label": str(label), "values": {n: _json_value(row[n]) for n in names}} for label, row in rows]


def write(folder, estimator, feature_names, contract_keys: dict, classes=None) -> pathlib.Path:
    """Dump the estimator and a format 2 model.json beside it."""
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    joblib.dump(estimator, folder / contract.MODEL_FILE)
    meta = {
        "format_version": 2,
        "model_file": contract.MODEL_FILE,
        "sha256": contract.sha256_of(folder / contract.MODEL_FILE),
        "model_type": f"{type(estimator).__module__}.{type(estimator).__name__}",
        "estimator": type(estimator).__name__,
        "params": {},
        "feature_names": list(feature_names),
        "metrics": {},
        "sklearn_version": sklearn.__version__,
        "python_version": platform.python_version(),
        "trained_at": datetime.datetime.now(datetime.timezone.utc).isoformat(),
        "source": "tests/ml_app/artifacts.py",
        **contract_keys,
    }
    if classes is not None:
        meta["classes"] = [_json_value(c) for c in classes]
        meta["class_names"] = [str(c) for c in classes]
    (folder / contract.META_FILE).write_text(json.dumps(meta, indent=2))
    return folder


def _dummies(frame: pd.DataFrame, inputs: list, drop_first=False) -> tuple[pd.DataFrame, list]:
    """pd.get_dummies of the categories, as a notebook does it, and the encoding it amounts to
    (a dummy column `island_Biscoe` is one_hot of island for "Biscoe")."""
    names = [spec["name"] for spec in inputs]
    table = pd.get_dummies(frame[names], columns=[n for n in names if n in CATEGORIES], dtype=float,
                           drop_first=drop_first)
    encoding = []
    for column in table.columns:
        if column in names:
            encoding.append({"input": column, "as": "number"})
        else:
            name, value = column.split("_", 1)
            encoding.append({"input": name, "as": "one_hot", "value": value})
    return table, encoding


def penguin_classifier(folder, model_name="penguins") -> pathlib.Path:
    """Species from the six inputs: get_dummies outside the model, a scaler and a logistic regression in it
    (numpy_proba's fast path compiles it)."""
    frame = penguins()
    inputs = penguin_inputs(frame)
    table, encoding = _dummies(frame, inputs)
    estimator = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)).fit(table.values, frame.species)
    keys = {"task": "classification", "model_name": model_name,
            "target": {"name": "species", "kind": "category", "classes": sorted(frame.species.unique())},
            "inputs": inputs, "encoding": encoding, "examples": examples_of(frame, inputs, by="species")}
    return write(folder, estimator, table.columns, keys, classes=estimator.classes_)


def penguin_raw_classifier(folder) -> pathlib.Path:
    """Species from raw values: the model's own ColumnTransformer one-hot encodes island and sex
    (by position, as the export writes it) and ignores an unknown island, so that one only warns."""
    frame = penguins()
    inputs = penguin_inputs(frame, unknown="warn")
    names = [spec["name"] for spec in inputs]
    categorical = [names.index(n) for n in CATEGORIES]
    numeric = [i for i in range(len(names)) if i not in categorical]
    encode = ColumnTransformer([("categories", OneHotEncoder(handle_unknown="ignore"), categorical),
                                ("numbers", StandardScaler(), numeric)])
    rows = frame[names].to_numpy(dtype=object)
    estimator = make_pipeline(encode, LogisticRegression(max_iter=2000)).fit(rows, frame.species)
    keys = {"task": "classification", "model_name": "penguins-raw",
            "target": {"name": "species", "kind": "category", "classes": sorted(frame.species.unique())},
            "inputs": inputs, "encoding": [{"input": n, "as": "raw"} for n in names],
            "examples": examples_of(frame, inputs, by="species")}
    return write(folder, estimator, names, keys, classes=estimator.classes_)


def _mass_target(frame: pd.DataFrame) -> dict:
    mass = frame.body_mass_g
    return {"name": "body_mass_g", "kind": "number", "min": float(mass.min()), "max": float(mass.max()),
            "mean": float(mass.mean()), "quantiles": {q: float(mass.quantile(float(q))) for q in QUANTILES}}


def mass_regressor(folder) -> pathlib.Path:
    """A penguin's body mass (g) from its bill, flipper, island and sex: a linear regression
    on get_dummies columns (drop_first: an input of which no dummy was kept is all zeros)."""
    frame = penguins()
    inputs = penguin_inputs(frame, inputs=["bill_length_mm", "bill_depth_mm", "flipper_length_mm",
                                           "island", "sex"])
    table, encoding = _dummies(frame, inputs, drop_first=True)
    estimator = LinearRegression().fit(table.values, frame.body_mass_g)
    keys = {"task": "regression", "model_name": "penguin-mass", "target": _mass_target(frame),
            "inputs": inputs, "encoding": encoding,
            "examples": examples_of(frame, inputs, target="body_mass_g")}
    return write(folder, estimator, table.columns, keys)


def imputing_regressor(folder) -> pathlib.Path:
    """Body mass from flipper length and bill depth, where a missing bill depth is imputed by the
    model's pipeline (the input says missing: true, null accepted)."""
    frame = penguins()
    inputs = [input_of(frame, "flipper_length_mm", "integer"),
              input_of(frame, "bill_depth_mm", "number", missing=True)]
    X = frame[["flipper_length_mm", "bill_depth_mm"]].to_numpy(dtype=float)
    X[::7, 1] = np.nan
    estimator = make_pipeline(SimpleImputer(), LinearRegression()).fit(X, frame.body_mass_g)
    keys = {"task": "regression", "model_name": "mass", "target": _mass_target(frame), "inputs": inputs,
            "encoding": [{"input": "flipper_length_mm", "as": "number"}, {"input": "bill_depth_mm", "as": "number"}],
            "examples": examples_of(frame, inputs, target="body_mass_g")}
    return write(folder, estimator, ["flipper_length_mm", "bill_depth_mm"], keys)


def diabetes_regressor(folder) -> pathlib.Path:
    """Disease progression from scikit-learn's ten (scaled) diabetes measurements: every input a
    number, so rows validate into one float matrix and V2 takes one [N, 10] tensor, as for Iris."""
    from sklearn.datasets import load_diabetes
    data = load_diabetes(as_frame=True)
    frame = data.frame
    inputs = [input_of(frame, name, "number") for name in data.feature_names]
    estimator = LinearRegression().fit(frame[data.feature_names].to_numpy(), frame.target)
    target = frame.target
    keys = {"task": "regression", "model_name": "diabetes",
            "target": {"name": "target", "kind": "number", "min": float(target.min()), "max": float(target.max()),
                       "mean": float(target.mean()), "quantiles": {q: float(target.quantile(float(q)))
                                                                   for q in QUANTILES}},
            "inputs": inputs, "encoding": [{"input": n, "as": "number"} for n in data.feature_names],
            "examples": examples_of(frame, inputs, target="target")}
    return write(folder, estimator, data.feature_names, keys)


def penguin_coded_classifier(folder) -> pathlib.Path:
    """Species from numbers and coded categories, as a notebook's `.map({...})` writes them:
    sex as {"female": 0, "male": 1}, island as {"Biscoe": 0, "Dream": 1, "Torgersen": 2}."""
    frame = penguins()
    inputs = penguin_inputs(frame)
    codes = {"sex": {"female": 0, "male": 1}, "island": {"Biscoe": 0, "Dream": 1, "Torgersen": 2}}
    names = [spec["name"] for spec in inputs]
    table = frame[names].replace(codes).astype(float)
    encoding = [{"input": n, "as": "code", "codes": [[v, c] for v, c in codes[n].items()]} if n in codes
                else {"input": n, "as": "number"} for n in names]
    estimator = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)).fit(table.values, frame.species)
    keys = {"task": "classification", "model_name": "penguins-coded",
            "target": {"name": "species", "kind": "category", "classes": sorted(frame.species.unique())},
            "inputs": inputs, "encoding": encoding, "examples": examples_of(frame, inputs, by="species")}
    return write(folder, estimator, names, keys, classes=estimator.classes_)
